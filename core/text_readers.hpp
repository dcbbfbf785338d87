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

// Length of the valid UTF-8 sequence that starts at text[at] (1 to 4; NUL counts as valid
// here), or 0 when the bytes there are not one.
[[nodiscard]] std::size_t utf8_sequence_length(std::string_view text, std::size_t at);

// yaml-cpp 0.7 writes the YAML escapes \N and \_ as the single bytes 0x85 and 0xA0 instead of
// their UTF-8 encodings. The document was checked to be UTF-8 before yaml-cpp read it, so any
// byte of a scalar that is not part of a UTF-8 sequence came from such an escape: this encodes
// each as the code point it names (U+0080 to U+00FF).
[[nodiscard]] std::string repair_escaped_bytes(std::string_view text);

// 1-based line and column of a byte offset in text.
[[nodiscard]] TextPosition position_at(std::string_view text, std::size_t offset);
// "uri:line:column"
[[nodiscard]] std::string format_location(std::string_view uri, TextPosition pos);

} // namespace concord::core::detail
