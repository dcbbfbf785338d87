#include "conformance/oauth2.hpp"

#include "conformance/runner.hpp"
#include "core/redaction.hpp"

#include <nlohmann/json.hpp>

namespace concord::conformance {
namespace {

using Clock = std::chrono::steady_clock;

// Split "https://host:port/path" into the client's base and the request path.
core::Result<std::pair<BaseUrl, std::string>> split_token_url(const std::string& url) {
  auto base = parse_base_url(url);
  if (!base) {
    return tl::unexpected(base.error());
  }
  std::string path = base->path.empty() ? "/" : base->path;
  base->path.clear();
  return std::make_pair(*base, path);
}

std::string describe_refusal(const core::Response& response) {
  std::string out = std::to_string(response.status);
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (body.is_object()) {
    if (body.contains("error") && body["error"].is_string()) {
      out += " " + body["error"].get<std::string>();
    }
    if (body.contains("error_description") && body["error_description"].is_string()) {
      out += ": " + body["error_description"].get<std::string>().substr(0, 300);
    }
  }
  return out;
}

} // namespace

std::string to_form_encoded(std::string_view text) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
        (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += k_hex[byte >> 4];
      out += k_hex[byte & 0x0f];
    }
  }
  return out;
}

OAuth2TokenCache::OAuth2TokenCache(ClientCredentials credentials, ClientOptions options, Now now)
    : credentials_(std::move(credentials)), options_(std::move(options)),
      now_(now ? std::move(now) : Now([] { return Clock::now(); })) {
  options_.retries = 0;
}

core::Result<std::string> OAuth2TokenCache::token() {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (token_.empty() || (refresh_at_ && now_() >= *refresh_at_)) {
    if (auto fetched = fetch(); !fetched) {
      return tl::unexpected(fetched.error());
    }
  }
  return token_;
}

std::vector<std::string> OAuth2TokenCache::tokens_seen() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return seen_;
}

int OAuth2TokenCache::fetch_count() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return fetches_;
}

core::Result<void> OAuth2TokenCache::fetch() {
  const std::string where =
      "OAuth2 scheme '" + credentials_.scheme + "' (" + credentials_.token_url + ")";
  const auto bad = [&](const std::string& why) {
    return core::fail(core::ErrorCode::config_invalid,
                      core::redact_text(where + ": " + why, {credentials_.client_secret,
                                                             credentials_.client_id + ":" +
                                                                 credentials_.client_secret}));
  };
  auto url = split_token_url(credentials_.token_url);
  if (!url) {
    return bad("invalid tokenUrl: " + url.error().message);
  }
  HttpRequest request;
  request.method = "POST";
  request.target = url->second;
  request.headers = {
      {"Content-Type", "application/x-www-form-urlencoded"},
      {"Accept", "application/json"},
      {"Authorization", "Basic " + to_base64(to_form_encoded(credentials_.client_id) + ":" +
                                             to_form_encoded(credentials_.client_secret))}};
  request.body = "grant_type=client_credentials";
  if (!credentials_.scope.empty()) {
    *request.body += "&scope=" + to_form_encoded(credentials_.scope);
  }
  ++fetches_;
  HttpClient client(url->first, options_);
  const auto started = now_();
  const auto http = client.send(request);
  if (!http.response) {
    return bad("token request failed: " + http.message);
  }
  if (http.response->status < 200 || http.response->status >= 300) {
    return bad("the token endpoint refused the client credentials: " +
               describe_refusal(*http.response));
  }
  const auto body = nlohmann::json::parse(http.response->body, nullptr, false);
  if (!body.is_object() || !body.contains("access_token") || !body["access_token"].is_string() ||
      body["access_token"].get<std::string>().empty()) {
    return bad("the token endpoint's answer has no access_token");
  }
  token_ = body["access_token"].get<std::string>();
  seen_.push_back(token_);
  refresh_at_.reset();
  if (body.contains("expires_in") && body["expires_in"].is_number() &&
      body["expires_in"].get<double>() > 0) {
    const double seconds = body["expires_in"].get<double>();
    const double margin = std::min(30.0, seconds / 10.0); // refresh a little early
    refresh_at_ = started + std::chrono::duration_cast<Clock::duration>(
                                std::chrono::duration<double>(seconds - margin));
  }
  return {};
}

} // namespace concord::conformance
