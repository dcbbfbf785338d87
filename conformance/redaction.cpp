#include "conformance/redaction.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace concord::conformance {
namespace {

using nlohmann::json;

std::string to_lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

void redact_json_fields(json& value) {
  if (value.is_object()) {
    for (auto& [key, item] : value.items()) {
      if (is_sensitive_name(key) && !item.is_structured()) {
        item = k_redacted;
      } else if (is_sensitive_name(key)) {
        item = k_redacted;
      } else {
        redact_json_fields(item);
      }
    }
  } else if (value.is_array()) {
    for (auto& item : value) {
      redact_json_fields(item);
    }
  }
}

void redact_strings(json& value, const std::vector<std::string>& secrets) {
  if (value.is_string()) {
    value = redact_text(value.get<std::string>(), secrets);
  } else if (value.is_structured()) {
    for (auto& item : value) {
      redact_strings(item, secrets);
    }
  }
}

void redact_headers(json& headers) {
  if (!headers.is_object()) {
    return;
  }
  for (auto& [name, value] : headers.items()) {
    if (is_sensitive_name(name)) {
      value = k_redacted;
    }
  }
}

std::string redact_url(const std::string& url) {
  const auto question = url.find('?');
  if (question == std::string::npos) {
    return url;
  }
  std::string out = url.substr(0, question + 1);
  std::size_t pos = question + 1;
  while (pos <= url.size()) {
    auto amp = url.find('&', pos);
    if (amp == std::string::npos) {
      amp = url.size();
    }
    const std::string pair = url.substr(pos, amp - pos);
    const auto eq = pair.find('=');
    if (eq != std::string::npos && is_sensitive_name(pair.substr(0, eq))) {
      out += pair.substr(0, eq + 1) + k_redacted;
    } else {
      out += pair;
    }
    if (amp < url.size()) {
      out += '&';
    }
    pos = amp + 1;
  }
  return out;
}

bool is_sensitive_pointer(const std::string& pointer) {
  std::size_t pos = 0;
  while (pos < pointer.size()) {
    const auto next = pointer.find('/', pos + 1);
    const auto token = pointer.substr(pos + 1, next == std::string::npos ? next : next - pos - 1);
    if (is_sensitive_name(token)) {
      return true;
    }
    if (next == std::string::npos) {
      break;
    }
    pos = next;
  }
  return false;
}

void redact_exchange(json& exchange, const std::vector<std::string>& secrets) {
  if (!exchange.is_object()) {
    return;
  }
  if (auto it = exchange.find("headers"); it != exchange.end()) {
    redact_headers(*it);
  }
  if (auto it = exchange.find("url"); it != exchange.end() && it->is_string()) {
    *it = redact_url(it->get<std::string>());
  }
  if (auto it = exchange.find("body"); it != exchange.end() && it->is_string()) {
    *it = redact_body(it->get<std::string>(), secrets);
  }
}

} // namespace

bool is_sensitive_name(std::string_view name) {
  const std::string lower = to_lower(name);
  static constexpr std::array<const char*, 4> k_exact = {"authorization", "proxy-authorization",
                                                         "cookie", "set-cookie"};
  static constexpr std::array<const char*, 6> k_parts = {"password", "secret", "token",
                                                         "api-key",  "apikey", "api_key"};
  return std::any_of(k_exact.begin(), k_exact.end(), [&](const char* e) { return lower == e; }) ||
         std::any_of(k_parts.begin(), k_parts.end(),
                     [&](const char* p) { return lower.find(p) != std::string::npos; });
}

std::string redact_text(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.size() < 4) {
      continue;
    }
    std::size_t pos = 0;
    while ((pos = text.find(secret, pos)) != std::string::npos) {
      text.replace(pos, secret.size(), k_redacted);
      pos += std::string_view(k_redacted).size();
    }
  }
  return text;
}

std::string redact_body(const std::string& body, const std::vector<std::string>& secrets) {
  std::string out = body;
  const auto first = body.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && (body[first] == '{' || body[first] == '[')) {
    auto parsed = json::parse(body, nullptr, false);
    if (!parsed.is_discarded()) {
      redact_json_fields(parsed);
      out = parsed.dump(-1, ' ', false, json::error_handler_t::replace);
    }
  }
  return redact_text(std::move(out), secrets);
}

void redact_results(json& results, const std::vector<std::string>& secrets) {
  if (auto cases = results.find("cases"); cases != results.end() && cases->is_array()) {
    for (auto& item : *cases) {
      if (auto it = item.find("request"); it != item.end()) {
        redact_exchange(*it, secrets);
      }
      if (auto it = item.find("response"); it != item.end()) {
        redact_exchange(*it, secrets);
      }
      if (auto it = item.find("failures"); it != item.end() && it->is_array()) {
        for (auto& failure : *it) {
          if (is_sensitive_pointer(failure.value("pointer", ""))) {
            failure["actual"] = k_redacted;
            failure["expected"] = k_redacted;
          }
        }
      }
    }
  }
  redact_strings(results, secrets);
}

} // namespace concord::conformance
