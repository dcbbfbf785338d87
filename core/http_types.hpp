#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace concord::core {

// Header names compare case-insensitively; order is kept.
using Headers = std::vector<std::pair<std::string, std::string>>;

[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept;
// `text` without the spaces and tabs (RFC 9110's optional whitespace) around it.
[[nodiscard]] std::string_view trim_ows(std::string_view text) noexcept;
// The members of a comma-separated field value (RFC 9110 5.6.1), spaces and tabs around each
// trimmed, empty members dropped. The views point into `value`.
[[nodiscard]] std::vector<std::string_view> split_field_list(std::string_view value);
// Whether the comma-separated `list` (a Connection value, say) has `token` as a member, in any
// case.
[[nodiscard]] bool has_list_member(std::string_view list, std::string_view token);
// RFC 9110 5.6.2: one or more tchars (a method, a field name).
[[nodiscard]] bool is_token(std::string_view text) noexcept;
// A length as HTTP writes it (Content-Length, a status code): decimal digits only, at most
// 18 of them (no overflow); nullopt otherwise.
[[nodiscard]] std::optional<std::size_t> parse_decimal(std::string_view text) noexcept;
// A chunk-size line of RFC 9112 7.1 (extensions after ';' ignored, spaces around trimmed):
// hexadecimal digits, at most 15 of them; nullopt otherwise.
[[nodiscard]] std::optional<std::size_t> parse_chunk_size(std::string_view line) noexcept;
// First value of the header, or nullptr.
[[nodiscard]] const std::string* find_header(const Headers& headers, std::string_view name);

struct Request {
  std::string method; // upper case
  std::string path;   // raw path as sent, still percent-encoded, without the query
  std::string query;  // raw query string without '?'
  Headers headers;
  std::string body;
  std::string remote_addr;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
};

} // namespace concord::core
