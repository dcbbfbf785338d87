#pragma once
// Reading raw schemas of a loaded document for `concord init`: $refs followed, properties
// (allOf merged), enums and the media types of responses.

#include "core/model.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace concord::init {

// A raw schema value and the document uri its $refs are relative to.
struct SchemaNode {
  const nlohmann::json* node = nullptr;
  std::string base;
};

// The raw schema of a compiled one (null node when there is none).
[[nodiscard]] SchemaNode to_schema_node(const core::Spec& spec, core::SchemaHandle schema);
// Follows $ref chains (at most 32 steps); a dangling ref gives a null node.
[[nodiscard]] SchemaNode resolve_schema(const core::Spec& spec, SchemaNode schema);
// Properties of an object schema, allOf branches merged, each resolved.
[[nodiscard]] std::vector<std::pair<std::string, SchemaNode>>
list_properties(const core::Spec& spec, const SchemaNode& schema);
// String values of an `enum` (directly, or in an anyOf/oneOf branch that has one).
[[nodiscard]] std::vector<std::string> list_enum(const core::Spec& spec, SchemaNode schema);

// The JSON media type of a response or request body (application/json or +json), or null.
[[nodiscard]] const core::MediaType* find_json_media(const std::vector<core::MediaType>& content);
// The first documented 2xx response of an operation, or null.
[[nodiscard]] const core::ResponseSpec* find_success(const core::Operation& op);
// The response documented under exactly `key` ("409", "default"), or null.
[[nodiscard]] const core::ResponseSpec* find_response(const core::Operation& op,
                                                      std::string_view key);
// A required-parameter value as verify makes it: first example, else the schema's
// example, default, first enum value or const.
[[nodiscard]] std::optional<std::string> find_parameter_value(const core::Parameter& param);

} // namespace concord::init
