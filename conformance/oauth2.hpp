#pragma once

#include "conformance/http_client.hpp"
#include "core/result.hpp"

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace concord::conformance {

// OAuth2 client-credentials grant (RFC 6749 §4.4) for one security scheme.
struct ClientCredentials {
  std::string scheme;    // key in components.securitySchemes (for messages)
  std::string client_id; // from --auth NAME=client_id:client_secret
  std::string client_secret;
  std::string token_url; // absolute
  std::string scope;     // space-separated; "" = none requested
};

// Fetches a token from the tokenUrl (form POST, client authenticated with HTTP Basic), keeps it
// until shortly before its `expires_in` runs out, then fetches a new one. Thread-safe: the
// workers share one cache per scheme. The exchange never reaches a report.
class OAuth2TokenCache {
public:
  using Now = std::function<std::chrono::steady_clock::time_point()>;
  OAuth2TokenCache(ClientCredentials credentials, ClientOptions options, Now now = nullptr);

  // The current token, fetched or refreshed when needed. Errors are `config.invalid` with the
  // endpoint's answer (status, `error`, `error_description`), secrets removed.
  [[nodiscard]] core::Result<std::string> token();
  // Every token fetched so far (for redaction) and how many fetches were made.
  [[nodiscard]] std::vector<std::string> tokens_seen() const;
  [[nodiscard]] int fetch_count() const;

private:
  [[nodiscard]] core::Result<void> fetch();

  ClientCredentials credentials_;
  ClientOptions options_;
  Now now_;
  mutable std::mutex mutex_;
  std::string token_;
  std::optional<std::chrono::steady_clock::time_point> refresh_at_;
  std::vector<std::string> seen_;
  int fetches_ = 0;
};

// application/x-www-form-urlencoded encoding of one name or value.
[[nodiscard]] std::string to_form_encoded(std::string_view text);

} // namespace concord::conformance
