#pragma once
// Internal to concord_core: the YAML and JSON readers behind parse_document().

#include "core/document.hpp"
#include "core/result.hpp"

#include <string>
#include <string_view>

namespace concord::core::detail {

// Parses JSON text into doc.root and records positions. Errors carry "uri:line:column".
[[nodiscard]] Result<Document> parse_json_text(std::string_view text, std::string uri,
                                               const ParseLimits& limits);
// Parses YAML text (first document) with the YAML 1.2 core schema into doc.root.
[[nodiscard]] Result<Document> parse_yaml_text(std::string_view text, std::string uri,
                                               const ParseLimits& limits);

// 1-based line and column of a byte offset in text.
[[nodiscard]] TextPosition position_at(std::string_view text, std::size_t offset);
// "uri:line:column"
[[nodiscard]] std::string format_location(std::string_view uri, TextPosition pos);

} // namespace concord::core::detail
