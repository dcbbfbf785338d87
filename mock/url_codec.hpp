#pragma once

#include "core/percent.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace concord::mock {

using QueryPairs = std::vector<std::pair<std::string, std::string>>;

using core::percent_decode; // strict: nullopt when an escape is malformed
// Splits "a=1&b=2&a=3" into decoded pairs, in order. Malformed escapes are kept as written.
[[nodiscard]] QueryPairs parse_query(std::string_view query);
// Splits a raw path on '/' (leading slash dropped; "" -> no segments; trailing '/' ignored).
[[nodiscard]] std::vector<std::string_view> split_path(std::string_view path);
// Parses a Cookie header into decoded name/value pairs.
[[nodiscard]] QueryPairs parse_cookies(std::string_view header);
[[nodiscard]] std::string trim(std::string_view text);
[[nodiscard]] std::string to_lower(std::string_view text);
[[nodiscard]] std::optional<std::string> decode_base64(std::string_view text);

} // namespace concord::mock
