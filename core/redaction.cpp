#include "core/redaction.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace concord::core {
namespace {

using nlohmann::json;

// Parts of a name that mark its value as a secret (matched case-insensitively).
constexpr std::array<std::string_view, 9> k_secret_words = {"password", "passwd",        "secret",
                                                            "token",    "apikey",        "api_key",
                                                            "api-key",  "authorization", "cookie"};

std::string to_lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_secret_scalar(const json& value) {
  return value.is_string() || value.is_number();
}

// Redacts scalar values of secret-named keys (and scalars in arrays under them); objects
// under such keys are searched further, so a schema like {"token": {"type": "string"}} in
// a failure stays readable.
bool redact_tree(json& node, bool under_secret = false) {
  bool changed = false;
  const auto redact_value = [&changed](json& value) {
    if (value != k_redacted) {
      value = k_redacted;
      changed = true;
    }
  };
  if (node.is_object()) {
    for (auto& [key, value] : node.items()) {
      const bool secret = is_sensitive_name(key);
      if (secret && is_secret_scalar(value)) {
        redact_value(value);
      } else {
        changed = redact_tree(value, secret && value.is_array()) || changed;
      }
    }
  } else if (node.is_array()) {
    for (auto& item : node) {
      if (under_secret && is_secret_scalar(item)) {
        redact_value(item);
      } else {
        changed = redact_tree(item, under_secret && item.is_array()) || changed;
      }
    }
  }
  return changed;
}

bool is_key_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
}

bool is_value_end(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0 || c == '&' || c == ',' || c == ';' ||
         c == '}' || c == ']' || c == '"' || c == '\'' || c == '<' || c == '>';
}

std::size_t skip_spaces(std::string_view text, std::size_t at) {
  while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) {
    ++at;
  }
  return at;
}

// End of the value starting at `at`: a quoted string, or a run up to a delimiter. An
// auth scheme ("Bearer abc") takes the following word with it.
std::size_t find_value_end(std::string_view text, std::size_t at) {
  if (at < text.size() && (text[at] == '"' || text[at] == '\'')) {
    const char quote = text[at];
    std::size_t end = at + 1;
    while (end < text.size() && text[end] != quote) {
      end += text[end] == '\\' ? 2U : 1U;
    }
    return std::min(end, text.size());
  }
  std::size_t end = at;
  while (end < text.size() && !is_value_end(text[end])) {
    ++end;
  }
  const std::string word = to_lower(text.substr(at, end - at));
  if ((word == "bearer" || word == "basic" || word == "token" || word == "digest") &&
      end < text.size() && text[end] == ' ') {
    const std::size_t next = find_value_end(text, end + 1);
    // "Bearer <redacted>" is already redacted: leave it alone.
    return next > end + 1 ? next : at;
  }
  return end;
}

// If a secret key starts at `at`, returns [value begin, value end); otherwise {0, 0}.
std::pair<std::size_t, std::size_t> match_secret_pair(std::string_view text, std::string_view lower,
                                                      std::size_t at) {
  for (const std::string_view word : k_secret_words) {
    if (lower[at] != word[0] || lower.substr(at, word.size()) != word) {
      continue;
    }
    std::size_t pos = at + word.size();
    while (pos < text.size() && is_key_char(text[pos])) {
      ++pos;
    }
    if (pos < text.size() && (text[pos] == '"' || text[pos] == '\'')) {
      ++pos;
    }
    pos = skip_spaces(text, pos);
    if (pos >= text.size() || (text[pos] != ':' && text[pos] != '=')) {
      return {0, 0};
    }
    pos = skip_spaces(text, pos + 1);
    std::size_t begin = pos;
    const std::size_t end = find_value_end(text, pos);
    if (begin < text.size() && (text[begin] == '"' || text[begin] == '\'')) {
      ++begin; // keep the quotes, replace what is between them
    }
    return {begin, end};
  }
  return {0, 0};
}

std::string redact_pairs(std::string_view text) {
  const std::string lower = to_lower(text);
  const bool has_word =
      std::any_of(k_secret_words.begin(), k_secret_words.end(),
                  [&](std::string_view word) { return lower.find(word) != std::string::npos; });
  if (!has_word) {
    return std::string(text);
  }
  std::string out;
  out.reserve(text.size());
  std::size_t copied = 0;
  for (std::size_t at = 0; at < text.size(); ++at) {
    const auto [begin, end] = match_secret_pair(text, lower, at);
    if (end <= begin || text.substr(begin, end - begin) == k_redacted) {
      continue;
    }
    out.append(text.substr(copied, begin - copied));
    out.append(k_redacted);
    copied = end;
    at = end;
  }
  out.append(text.substr(std::min(copied, text.size())));
  return out;
}

std::string redact_literals(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.size() < 4) {
      continue;
    }
    std::size_t pos = 0;
    while ((pos = text.find(secret, pos)) != std::string::npos) {
      text.replace(pos, secret.size(), k_redacted);
      pos += k_redacted.size();
    }
  }
  return text;
}

// A JSON body value in place: structured values directly, strings parsed when they hold JSON.
void redact_body_value(json& body) {
  if (body.is_object() || body.is_array()) {
    redact_tree(body);
  } else if (body.is_string()) {
    body = redact_body(body.get_ref<const std::string&>());
  }
}

void redact_headers(json& headers) {
  if (!headers.is_array()) {
    return; // objects are handled by redact_tree
  }
  for (auto& entry : headers) {
    if (entry.is_array() && entry.size() == 2 && entry[0].is_string() &&
        is_sensitive_name(entry[0].get_ref<const std::string&>())) {
      entry[1] = k_redacted;
    } else if (entry.is_object() && entry.contains("name") && entry["name"].is_string() &&
               is_sensitive_name(entry["name"].get_ref<const std::string&>())) {
      entry["value"] = k_redacted;
    }
  }
}

void redact_message(json& message) {
  if (!message.is_object()) {
    return;
  }
  if (auto it = message.find("headers"); it != message.end()) {
    redact_headers(*it);
  }
  if (auto it = message.find("body"); it != message.end()) {
    redact_body_value(*it);
  }
  if (auto it = message.find("url"); it != message.end() && it->is_string()) {
    *it = redact_pairs(it->get_ref<const std::string&>());
  }
}

bool is_sensitive_pointer(std::string_view pointer) {
  std::size_t pos = 0;
  while (pos < pointer.size()) {
    const auto next = pointer.find('/', pos + 1);
    const auto token =
        pointer.substr(pos + 1, next == std::string_view::npos ? next : next - pos - 1);
    if (is_sensitive_name(token)) {
      return true;
    }
    if (next == std::string_view::npos) {
      break;
    }
    pos = next;
  }
  return false;
}

void redact_failure(json& failure) {
  if (!failure.is_object()) {
    return;
  }
  const auto pointer = failure.find("pointer");
  const bool secret_pointer = pointer != failure.end() && pointer->is_string() &&
                              is_sensitive_pointer(pointer->get_ref<const std::string&>());
  for (const char* key : {"expected", "actual", "message"}) {
    if (auto it = failure.find(key); it != failure.end()) {
      if (secret_pointer && std::string_view(key) != "message") {
        *it = k_redacted;
      } else {
        redact_body_value(*it);
      }
    }
  }
}

void redact_case(json& item) {
  if (!item.is_object()) {
    return;
  }
  for (const char* key : {"request", "response"}) {
    if (auto it = item.find(key); it != item.end()) {
      redact_message(*it);
    }
  }
  if (auto it = item.find("shrunk"); it != item.end() && it->is_object()) {
    if (auto original = it->find("originalRequest"); original != it->end()) {
      redact_message(*original); // the generated request before shrinking
    }
  }
  if (auto it = item.find("failures"); it != item.end() && it->is_array()) {
    for (auto& failure : *it) {
      redact_failure(failure);
    }
  }
  if (auto it = item.find("reason"); it != item.end() && it->is_string()) {
    *it = redact_pairs(it->get_ref<const std::string&>());
  }
}

void redact_strings(json& value, const std::vector<std::string>& secrets) {
  if (value.is_string()) {
    value = redact_literals(value.get<std::string>(), secrets);
  } else if (value.is_structured()) {
    for (auto& item : value) {
      redact_strings(item, secrets);
    }
  }
}

} // namespace

bool is_sensitive_name(std::string_view name) {
  const std::string lower = to_lower(name);
  return std::any_of(k_secret_words.begin(), k_secret_words.end(),
                     [&](std::string_view word) { return lower.find(word) != std::string::npos; });
}

std::string redact_text(std::string_view text, const std::vector<std::string>& secrets) {
  return redact_literals(redact_pairs(text), secrets);
}

std::string redact_body(const std::string& body, const std::vector<std::string>& secrets) {
  const auto first = body.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && (body[first] == '{' || body[first] == '[')) {
    json parsed = json::parse(body, nullptr, false);
    if (!parsed.is_discarded()) {
      if (redact_tree(parsed)) {
        return redact_literals(parsed.dump(-1, ' ', false, json::error_handler_t::replace),
                               secrets);
      }
      return redact_literals(body, secrets);
    }
  }
  return redact_text(body, secrets);
}

void redact_results(nlohmann::json& results, const std::vector<std::string>& secrets) {
  redact_tree(results);
  if (auto cases = results.find("cases"); cases != results.end() && cases->is_array()) {
    for (auto& item : *cases) {
      redact_case(item);
    }
  }
  if (!secrets.empty()) {
    redact_strings(results, secrets);
  }
}

} // namespace concord::core
