#pragma once

#include "conformance/http_client.hpp"
#include "conformance/oauth2.hpp"
#include "conformance/proxy.hpp"
#include "core/model.hpp"
#include "core/result.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace concord::conformance {

// What the user gave: --auth NAME=VALUE (repeatable) and --token (or CONCORD_TOKEN), the
// fallback for every scheme without its own credential.
struct CredentialInput {
  std::map<std::string, std::string> auth;
  std::string token;
};

// "NAME=VALUE" -> {NAME, VALUE}; false when there is no '=' or no name.
[[nodiscard]] bool parse_auth_flag(std::string_view text, std::string& name, std::string& value);

// The environment variables read for a scheme, in order: CONCORD_AUTH_<name as written>, then
// CONCORD_AUTH_<NAME upper-cased, every other character than A-Z and 0-9 as '_'>.
[[nodiscard]] std::vector<std::string> to_auth_env_names(std::string_view scheme);

// ClientOptions for a host (TLS trust and proxy), for the OAuth2 token endpoints.
using ClientOptionsFor = std::function<core::Result<ClientOptions>(const BaseUrl&)>;

// One credential per security scheme, resolved once before the run. An oauth2 scheme with a
// clientCredentials flow and a VALUE of "client_id:client_secret" gets its token from the
// tokenUrl (cached, refreshed); any other VALUE is sent as given (basic: "id:secret" encoded).
class Credentials {
public:
  // Errors (`usage`): an --auth NAME that no loaded document defines; a relative tokenUrl
  // that cannot be resolved against `target`.
  [[nodiscard]] static core::Result<std::shared_ptr<Credentials>>
  create(const CredentialInput& input, const std::vector<std::shared_ptr<const core::Spec>>& specs,
         const EnvLookup& env, const BaseUrl& target, const ClientOptionsFor& options_for);

  // Fetches every OAuth2 token once, so refused client credentials stop the run before any
  // case (exit 2). Errors are `config.invalid`.
  [[nodiscard]] core::Result<void> fetch_tokens() const;

  // The credential for `scheme` ("" = none): its own, else the --token fallback.
  [[nodiscard]] std::string value_for(const core::SecurityScheme& scheme) const;
  [[nodiscard]] bool has_any() const;
  // Every secret given or fetched, with the forms it is sent in (for redaction).
  [[nodiscard]] std::vector<std::string> secrets() const;

private:
  std::map<std::string, std::string> values_; // per scheme name
  std::string fallback_;
  std::map<std::string, std::shared_ptr<OAuth2TokenCache>> tokens_; // per scheme name
  std::vector<std::string> given_secrets_;
};

} // namespace concord::conformance
