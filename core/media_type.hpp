#pragma once
// The one home of the media-type rules (docs/rules.md, "Rule homes").

#include <string>
#include <string_view>

namespace concord::core {

// "Application/JSON; charset=utf-8" -> "application/json": parameters dropped, trimmed,
// lower case.
[[nodiscard]] std::string to_media_type_essence(std::string_view media_type);

// Is a body of this (concrete) media type JSON: "application/json", "text/json" (older
// servers send it) and any "+json" structured suffix ("application/problem+json",
// "application/vnd.api+json"). Parameters and case are ignored. A wildcard ("*/*",
// "application/*") is a range, not a JSON type: false.
[[nodiscard]] bool is_json_media_type(std::string_view media_type);

// "*/*", "application/*": a media range rather than a type.
[[nodiscard]] bool is_media_range(std::string_view media_type);

// True when the concrete `actual` type falls under the `documented` type or range
// ("*/*", "application/*", or equal essences).
[[nodiscard]] bool is_media_type_match(std::string_view documented, std::string_view actual);

} // namespace concord::core
