#include "conformance/credentials.hpp"

#include "conformance/runner.hpp"

#include <algorithm>
#include <set>

namespace concord::conformance {
namespace {

// The scopes every operation asks of `scheme`, space-separated and sorted.
std::string collect_scopes(const std::vector<std::shared_ptr<const core::Spec>>& specs,
                           const std::string& scheme) {
  std::set<std::string> scopes;
  for (const auto& spec : specs) {
    for (const auto& operation : spec->operations) {
      for (const auto& requirement : operation.security) {
        for (const auto& [name, wanted] : requirement) {
          if (name == scheme) {
            scopes.insert(wanted.begin(), wanted.end());
          }
        }
      }
    }
  }
  std::string out;
  for (const auto& scope : scopes) {
    out += (out.empty() ? "" : " ") + scope;
  }
  return out;
}

core::Result<std::string> to_absolute_url(const std::string& url, const BaseUrl& target) {
  if (url.find("://") != std::string::npos) {
    return url;
  }
  if (url.empty() || url.front() != '/') {
    return core::fail(core::ErrorCode::usage, "tokenUrl '" + url +
                                                  "' is neither absolute nor "
                                                  "a path");
  }
  return target.origin() + url;
}

void add_secret_forms(std::vector<std::string>& out, const std::string& value) {
  out.push_back(value);
  out.push_back(to_base64(value));
  if (const auto colon = value.find(':'); colon != std::string::npos) {
    out.push_back(value.substr(colon + 1)); // the password / client secret alone
  }
}

} // namespace

bool parse_auth_flag(std::string_view text, std::string& name, std::string& value) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return false;
  }
  name = std::string(text.substr(0, eq));
  value = std::string(text.substr(eq + 1));
  return true;
}

std::vector<std::string> to_auth_env_names(std::string_view scheme) {
  std::string upper = "CONCORD_AUTH_";
  for (const char c : scheme) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    upper += alnum ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : '_';
  }
  std::vector<std::string> names{"CONCORD_AUTH_" + std::string(scheme)};
  if (upper != names.front()) {
    names.push_back(upper);
  }
  return names;
}

core::Result<std::shared_ptr<Credentials>> Credentials::create(
    const CredentialInput& input, const std::vector<std::shared_ptr<const core::Spec>>& specs,
    const EnvLookup& env, const BaseUrl& target, const ClientOptionsFor& options_for) {
  auto out = std::make_shared<Credentials>();
  out->fallback_ = input.token;
  if (!input.token.empty()) {
    add_secret_forms(out->given_secrets_, input.token);
  }
  std::map<std::string, const core::SecurityScheme*> schemes;
  for (const auto& spec : specs) {
    for (const auto& [name, scheme] : spec->security_schemes) {
      schemes.emplace(name, &scheme);
    }
  }
  for (const auto& [name, value] : input.auth) {
    if (schemes.count(name) == 0) {
      std::string known;
      for (const auto& entry : schemes) {
        known += (known.empty() ? "" : ", ") + entry.first;
      }
      return core::fail(core::ErrorCode::usage,
                        "--auth " + name +
                            ": no security scheme of that name (the documents "
                            "define: " +
                            (known.empty() ? std::string("none") : known) + ")");
    }
  }
  for (const auto& [name, scheme] : schemes) {
    std::string value;
    if (const auto given = input.auth.find(name); given != input.auth.end()) {
      value = given->second;
    } else if (env) {
      for (const auto& variable : to_auth_env_names(name)) {
        if (const char* set = env(variable.c_str()); set != nullptr && *set != '\0') {
          value = set;
          break;
        }
      }
    }
    if (value.empty()) {
      continue;
    }
    add_secret_forms(out->given_secrets_, value);
    out->values_[name] = value;
    const auto colon = value.find(':');
    if (scheme->type != "oauth2" || scheme->token_url.empty() || colon == std::string::npos) {
      continue;
    }
    auto url = to_absolute_url(scheme->token_url, target);
    if (!url) {
      return tl::unexpected(url.error());
    }
    auto base = parse_base_url(*url);
    if (!base) {
      return core::fail(core::ErrorCode::usage,
                        "tokenUrl of scheme '" + name + "': " + base.error().message);
    }
    auto options = options_for(*base);
    if (!options) {
      return tl::unexpected(options.error());
    }
    ClientCredentials credentials{name, value.substr(0, colon), value.substr(colon + 1), *url,
                                  collect_scopes(specs, name)};
    out->tokens_[name] = std::make_shared<OAuth2TokenCache>(std::move(credentials), *options);
  }
  return out;
}

core::Result<void> Credentials::fetch_tokens() const {
  for (const auto& [name, cache] : tokens_) {
    if (auto token = cache->token(); !token) {
      return tl::unexpected(token.error());
    }
  }
  return {};
}

std::string Credentials::value_for(const core::SecurityScheme& scheme) const {
  if (const auto cache = tokens_.find(scheme.name); cache != tokens_.end()) {
    auto token = cache->second->token();
    // A failed refresh keeps the last token: the target's 401 then shows in the report.
    if (token) {
      return *token;
    }
    const auto seen = cache->second->tokens_seen();
    return seen.empty() ? std::string() : seen.back();
  }
  if (const auto own = values_.find(scheme.name); own != values_.end()) {
    return own->second;
  }
  return fallback_;
}

bool Credentials::has_any() const {
  return !fallback_.empty() || !values_.empty();
}

std::vector<std::string> Credentials::secrets() const {
  std::vector<std::string> out = given_secrets_;
  for (const auto& [name, cache] : tokens_) {
    for (const auto& token : cache->tokens_seen()) {
      add_secret_forms(out, token);
    }
  }
  return out;
}

} // namespace concord::conformance
