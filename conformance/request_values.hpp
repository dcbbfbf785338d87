#pragma once

#include "conformance/case.hpp"
#include "core/document.hpp"
#include "core/model.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace concord::conformance {

// A value for a parameter, in this order: its first example, then its schema's example,
// default, first enum value or const. nullopt when the document gives none.
[[nodiscard]] std::optional<nlohmann::json> make_parameter_value(const core::Parameter& param);

// The same sources for a schema handle (example, examples[0], default, enum[0], const).
[[nodiscard]] std::optional<nlohmann::json> make_schema_value(const core::Spec& spec,
                                                              core::SchemaHandle schema);

// The body a request sends when nothing else is given: the media type's first inline example,
// else a value from its schema (see make_schema_value).
[[nodiscard]] std::optional<nlohmann::json> make_document_body(const core::Spec& spec,
                                                               const core::MediaType& media);

// A raw schema node with $refs followed, and the URI its own $refs resolve against.
struct RawSchema {
  const nlohmann::json* node = nullptr; // nullptr: no schema, or a $ref that does not resolve
  std::string base;
};
// Follows a chain of $refs (at most 8) from `schema`.
[[nodiscard]] RawSchema follow_schema_refs(core::DocumentStore& store, RawSchema schema);
// The schema value behind a compiled handle, $refs followed.
[[nodiscard]] RawSchema resolve_raw_schema(const core::Spec& spec, core::SchemaHandle schema);

using core::to_parameter_text; // strings as is, arrays comma-joined (style form/simple)

[[nodiscard]] std::string encode_path_segment(std::string_view raw);
[[nodiscard]] std::string encode_query_component(std::string_view raw);

// "/v1/services/s%201?api-version=1.0": the template filled in, plus the query.
// Fails (returns the missing name) when a path parameter has no value.
struct TargetPath {
  std::string path;    // encoded path and query
  std::string missing; // name of an unfilled path parameter, or ""
};
[[nodiscard]] TargetPath build_target_path(const RequestPlan& plan);

// Sets a header, replacing the value of one with the same name (any case).
void set_header(core::Headers& headers, const std::string& name, std::string value);

// The media type a body is sent as: the first JSON one documented, else the first.
[[nodiscard]] const core::MediaType* choose_json_media(const std::vector<core::MediaType>& content);

} // namespace concord::conformance
