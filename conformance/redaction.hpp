#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace concord::conformance {

inline constexpr const char* k_redacted = "<redacted>";

// Authorization, Proxy-Authorization, Cookie, Set-Cookie, and any name containing password,
// secret, token or api-key / apikey / api_key (case-insensitive).
[[nodiscard]] bool is_sensitive_name(std::string_view name);

// Replaces every occurrence of each secret (4 characters or longer) in text.
[[nodiscard]] std::string redact_text(std::string text, const std::vector<std::string>& secrets);

// A body: JSON fields with sensitive names are replaced, then the literal secrets.
[[nodiscard]] std::string redact_body(const std::string& body,
                                      const std::vector<std::string>& secrets);

// The whole results document (docs/results.md): header values, body fields, URL query values,
// failure values at sensitive pointers, and every literal secret in every string.
void redact_results(nlohmann::json& results, const std::vector<std::string>& secrets);

} // namespace concord::conformance
