#pragma once
// Percent-decoding (RFC 3986 section 2.1), shared by $ref resolution, schema URIs and the
// mock's router and query parser.

#include <optional>
#include <string>
#include <string_view>

namespace concord::core {

// The value of one hexadecimal digit, or -1.
[[nodiscard]] int hex_digit_value(char c);

// Decodes %XX escapes; nullopt when an escape is malformed ("%4", "%zz"). With
// `plus_as_space`, '+' decodes to ' ' (application/x-www-form-urlencoded queries).
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text,
                                                        bool plus_as_space = false);

// Decodes %XX escapes and keeps malformed ones as written (URI fragments, $ref paths).
[[nodiscard]] std::string percent_decode_lenient(std::string_view text);

} // namespace concord::core
