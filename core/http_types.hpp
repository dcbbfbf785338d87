#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace concord::core {

// Header names compare case-insensitively; order is kept.
using Headers = std::vector<std::pair<std::string, std::string>>;

[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept;
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
