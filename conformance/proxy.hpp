#pragma once

#include "core/result.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace concord::conformance {

// An HTTP proxy (http://[user:password@]host[:port]). HTTPS targets are reached through it with
// CONNECT; plain-HTTP targets with absolute-form requests.
struct ProxySettings {
  std::string host;
  int port = 1080;
  std::string user;
  std::string password;
  std::string url; // as given, password removed (for messages)
};

// Reads an environment variable; nullptr when unset (std::getenv in production).
using EnvLookup = std::function<const char*(const char*)>;

// The proxy for `scheme://host`, chosen as curl does: `flag` (--proxy) wins; else
// https_proxy/HTTPS_PROXY for https, http_proxy (lower case only, as curl: HTTP_PROXY can be
// set by a CGI request header) for http, then all_proxy/ALL_PROXY; no_proxy/NO_PROXY ("*",
// host names, ".domain" suffixes, IP addresses, comma or space separated) turns it off.
// --proxy "" is "none". Errors: a proxy URL that is not http://host[:port].
[[nodiscard]] core::Result<std::optional<ProxySettings>>
resolve_proxy(std::string_view scheme, std::string_view host,
              const std::optional<std::string>& flag, const EnvLookup& env);

// True when `host` is listed in a no_proxy value.
[[nodiscard]] bool is_no_proxy_host(std::string_view no_proxy, std::string_view host);

} // namespace concord::conformance
