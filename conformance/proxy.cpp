#include "conformance/proxy.hpp"

#include <cctype>

namespace concord::conformance {
namespace {

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

const char* first_set(const EnvLookup& env, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    const char* value = env(name);
    if (value != nullptr && *value != '\0') {
      return value;
    }
  }
  return nullptr;
}

core::Result<ProxySettings> parse_proxy_url(std::string_view url) {
  const auto bad = [&](const std::string& why) {
    return core::fail(core::ErrorCode::usage, "proxy URL '" + std::string(url) + "': " + why);
  };
  std::string_view rest = url;
  if (const auto scheme_end = rest.find("://"); scheme_end != std::string_view::npos) {
    const std::string scheme = to_lower(rest.substr(0, scheme_end));
    if (scheme != "http") {
      return bad("only http:// proxies are supported (CONNECT is used for https targets)");
    }
    rest.remove_prefix(scheme_end + 3);
  }
  while (!rest.empty() && rest.back() == '/') {
    rest.remove_suffix(1);
  }
  ProxySettings out;
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = rest.substr(0, at);
    const auto colon = userinfo.find(':');
    out.user = std::string(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) {
      out.password = std::string(userinfo.substr(colon + 1));
    }
    rest.remove_prefix(at + 1);
  }
  if (rest.find('/') != std::string_view::npos) {
    return bad("a proxy URL has no path");
  }
  const auto colon = rest.rfind(':');
  if (colon != std::string_view::npos && rest.find(']') == std::string_view::npos) {
    const std::string_view port = rest.substr(colon + 1);
    int value = 0;
    for (const char c : port) {
      if (c < '0' || c > '9' || value > 65535) {
        return bad("invalid port");
      }
      value = value * 10 + (c - '0');
    }
    if (port.empty() || value <= 0 || value > 65535) {
      return bad("invalid port");
    }
    out.port = value;
    rest = rest.substr(0, colon);
  }
  if (rest.size() > 2 && rest.front() == '[' && rest.back() == ']') {
    rest = rest.substr(1, rest.size() - 2);
  }
  if (rest.empty()) {
    return bad("no host");
  }
  out.host = std::string(rest);
  out.url = "http://" + out.host + ":" + std::to_string(out.port);
  return out;
}

} // namespace

bool is_no_proxy_host(std::string_view no_proxy, std::string_view host) {
  const std::string wanted = to_lower(host);
  std::size_t start = 0;
  while (start <= no_proxy.size()) {
    auto end = no_proxy.find_first_of(", ", start);
    if (end == std::string_view::npos) {
      end = no_proxy.size();
    }
    std::string entry = to_lower(no_proxy.substr(start, end - start));
    start = end + 1;
    if (entry.empty()) {
      continue;
    }
    if (entry == "*") {
      return true;
    }
    if (entry.size() > 2 && entry.front() == '[' && entry.back() == ']') {
      entry = entry.substr(1, entry.size() - 2);
    }
    if (entry.front() == '.') {
      entry.erase(0, 1);
    }
    if (wanted == entry) {
      return true;
    }
    if (wanted.size() > entry.size() &&
        wanted.compare(wanted.size() - entry.size(), entry.size(), entry) == 0 &&
        wanted[wanted.size() - entry.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

core::Result<std::optional<ProxySettings>> resolve_proxy(std::string_view scheme,
                                                         std::string_view host,
                                                         const std::optional<std::string>& flag,
                                                         const EnvLookup& env) {
  std::optional<std::string> chosen = flag;
  if (!chosen) {
    const char* value = scheme == "https" ? first_set(env, {"https_proxy", "HTTPS_PROXY"})
                                          : first_set(env, {"http_proxy"});
    if (value == nullptr) {
      value = first_set(env, {"all_proxy", "ALL_PROXY"});
    }
    if (value == nullptr) {
      return std::optional<ProxySettings>();
    }
    if (const char* no_proxy = first_set(env, {"no_proxy", "NO_PROXY"});
        no_proxy != nullptr && is_no_proxy_host(no_proxy, host)) {
      return std::optional<ProxySettings>();
    }
    chosen = value;
  }
  if (chosen->empty()) {
    return std::optional<ProxySettings>();
  }
  auto parsed = parse_proxy_url(*chosen);
  if (!parsed) {
    return tl::unexpected(parsed.error());
  }
  return std::optional<ProxySettings>(std::move(*parsed));
}

} // namespace concord::conformance
