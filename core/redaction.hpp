#pragma once
// The one home of redaction (docs/rules.md, "Rule homes"): the runner redacts the results
// document before anything is written, and every report writer redacts again (defence in
// depth) with the same rules.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace concord::core {

inline constexpr std::string_view k_redacted = "<redacted>";

// A header, query parameter or JSON field name that holds a secret: its lower-case form
// contains password, passwd, secret, token, apikey, api_key, api-key, authorization or
// cookie (so Authorization, Proxy-Authorization, Cookie, Set-Cookie, X-Api-Key,
// refreshToken, clientSecret all count).
[[nodiscard]] bool is_sensitive_name(std::string_view name);

// Free text: the value of every `name=value` / `name: value` pair with a sensitive name
// (an auth scheme such as "Bearer x" goes with it), then every literal secret of 4 or more
// characters, become "<redacted>". Already redacted text is left alone.
[[nodiscard]] std::string redact_text(std::string_view text,
                                      const std::vector<std::string>& secrets = {});

// A body: when it parses as JSON, the scalar values of sensitive fields (at any depth;
// arrays of scalars under them too) are redacted; otherwise it is redacted as text.
// Literal secrets are removed either way.
[[nodiscard]] std::string redact_body(const std::string& body,
                                      const std::vector<std::string>& secrets = {});

// The whole results document (docs/results.md), in place: values of sensitive fields
// anywhere (headers included, in object or [name, value] form), bodies, URLs, failure
// values (and everything at a failure pointer through a sensitive field), reasons, and every
// literal secret in every string. Idempotent.
void redact_results(nlohmann::json& results, const std::vector<std::string>& secrets = {});

} // namespace concord::core
