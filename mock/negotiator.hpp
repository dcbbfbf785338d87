#pragma once

#include "core/http_types.hpp"
#include "core/model.hpp"
#include "core/statuses.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace concord::mock {

// The `Prefer` header (Prism-compatible): `code=409, example=busy, dynamic=true, seed=7`.
// Items may be separated by ',' or ';'.
struct Preferences {
  std::optional<int> code;
  std::optional<std::string> example;
  std::optional<bool> dynamic;
  std::optional<std::uint64_t> seed;
};

[[nodiscard]] Preferences parse_prefer(std::string_view header);

// One media range of an Accept header.
struct MediaRange {
  std::string type;    // lower case, "*" allowed
  std::string subtype; // lower case, "*" allowed
  double quality = 1.0;
};

[[nodiscard]] std::vector<MediaRange> parse_accept(std::string_view header);

// Whether the mock reads and writes a body of this documented (or sent) media type as JSON:
// core::is_json_media_type of the type it is served as (to_content_type), so a documented
// range counts as JSON here (the mock answers it with application/json), while core keeps
// "*/*" a range and not a JSON type.
[[nodiscard]] bool is_served_as_json(std::string_view media_type);
// The name the mock's engine and request validator call (rename to is_served_as_json).
[[nodiscard]] inline bool is_json_media_type(std::string_view media_type) {
  return is_served_as_json(media_type);
}

// Index into `offered` of the best media type for `accept` (empty accept: the first JSON one,
// else the first). nullopt: nothing acceptable (406).
[[nodiscard]] std::optional<std::size_t>
negotiate_media_type(const std::vector<core::MediaType>& offered, std::string_view accept);

// Which documented response answers `status`: the one rule in core/statuses.hpp.
using core::find_response;

// The status the mock answers with when nothing else is asked for: the lowest documented
// 2xx, else 200 for a 2XX range or default, else the lowest documented code.
struct DefaultResponse {
  int status = 200;
  const core::ResponseSpec* response = nullptr; // null: nothing documented
};
[[nodiscard]] DefaultResponse negotiate_default_response(const core::Operation& operation);

// Statuses a client may ask for with Prefer: code=, as written ("200", "4XX", "default").
[[nodiscard]] std::vector<std::string> list_statuses(const core::Operation& operation);

// Finds a request body media type for a Content-Type header (exact, type/*, */*).
[[nodiscard]] const core::MediaType* find_request_media(const core::RequestBodySpec& body,
                                                        std::string_view content_type);

} // namespace concord::mock
