#include "reports/report.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>

namespace concord::report {

namespace {

using nlohmann::json;

constexpr std::string_view k_redacted = "<redacted>";

// Parts of a key name that mark its value as a secret (matched case-insensitively).
constexpr std::array<std::string_view, 9> k_secret_words = {"password", "passwd",        "secret",
                                                            "token",    "apikey",        "api_key",
                                                            "api-key",  "authorization", "cookie"};

std::string to_lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_secret_name(std::string_view name) {
  const std::string lower = to_lower(name);
  return std::any_of(k_secret_words.begin(), k_secret_words.end(),
                     [&](std::string_view word) { return lower.find(word) != std::string::npos; });
}

// Redacts scalar values of secret-named keys; containers under such keys are searched
// further, so a schema like {"token": {"type": "string"}} stays readable.
bool redact_tree(json& node) {
  bool changed = false;
  if (node.is_object()) {
    for (auto& [key, value] : node.items()) {
      if (is_secret_name(key) && (value.is_string() || value.is_number())) {
        if (value != k_redacted) {
          value = k_redacted;
          changed = true;
        }
      } else {
        changed = redact_tree(value) || changed;
      }
    }
  } else if (node.is_array()) {
    for (auto& item : node) {
      changed = redact_tree(item) || changed;
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
    std::size_t end = find_value_end(text, pos);
    if (begin < text.size() && (text[begin] == '"' || text[begin] == '\'')) {
      ++begin; // keep the quotes, replace what is between them
    }
    return {begin, end};
  }
  return {0, 0};
}

std::string redact_text(std::string_view text) {
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

void redact_body(json& body) {
  if (body.is_object() || body.is_array()) {
    redact_tree(body);
    return;
  }
  if (!body.is_string()) {
    return;
  }
  const auto& text = body.get_ref<const std::string&>();
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && (text[first] == '{' || text[first] == '[')) {
    json parsed = json::parse(text, nullptr, false);
    if (!parsed.is_discarded()) {
      if (redact_tree(parsed)) {
        body = parsed.dump(-1, ' ', false, json::error_handler_t::replace);
      }
      return;
    }
  }
  body = redact_text(text);
}

void redact_headers(json& headers) {
  if (!headers.is_array()) {
    return; // objects were handled by redact_tree
  }
  for (auto& entry : headers) {
    if (entry.is_array() && entry.size() == 2 && entry[0].is_string() &&
        is_secret_name(entry[0].get_ref<const std::string&>())) {
      entry[1] = k_redacted;
    } else if (entry.is_object() && entry.contains("name") && entry["name"].is_string() &&
               is_secret_name(entry["name"].get_ref<const std::string&>())) {
      entry["value"] = k_redacted;
    }
  }
}

void redact_message(json& message) {
  if (!message.is_object()) {
    return;
  }
  if (message.contains("headers")) {
    redact_headers(message["headers"]);
  }
  if (message.contains("body")) {
    redact_body(message["body"]);
  }
  if (message.contains("url") && message["url"].is_string()) {
    message["url"] = redact_text(message["url"].get_ref<const std::string&>());
  }
}

void redact_case(json& item) {
  if (!item.is_object()) {
    return;
  }
  if (item.contains("request")) {
    redact_message(item["request"]);
  }
  if (item.contains("response")) {
    redact_message(item["response"]);
  }
  if (item.contains("failures") && item["failures"].is_array()) {
    for (auto& failure : item["failures"]) {
      if (!failure.is_object()) {
        continue;
      }
      for (const char* key : {"expected", "actual", "message"}) {
        if (failure.contains(key)) {
          redact_body(failure[key]);
        }
      }
    }
  }
  if (item.contains("reason") && item["reason"].is_string()) {
    item["reason"] = redact_text(item["reason"].get_ref<const std::string&>());
  }
}

} // namespace

void redact_results(nlohmann::json& results) {
  redact_tree(results);
  if (results.is_object() && results.contains("cases") && results["cases"].is_array()) {
    for (auto& item : results["cases"]) {
      redact_case(item);
    }
  }
}

} // namespace concord::report
