#include "mock/url_codec.hpp"

#include <array>
#include <cctype>

namespace concord::mock {
QueryPairs parse_query(std::string_view query) {
  QueryPairs pairs;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (item.empty()) {
      continue;
    }
    const auto eq = item.find('=');
    const std::string_view raw_name = item.substr(0, eq);
    const std::string_view raw_value =
        eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1);
    auto name = percent_decode(raw_name, true);
    auto value = percent_decode(raw_value, true);
    pairs.emplace_back(name ? *name : std::string(raw_name),
                       value ? *value : std::string(raw_value));
  }
  return pairs;
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  if (!path.empty() && path.front() == '/') {
    path.remove_prefix(1);
  }
  if (!path.empty() && path.back() == '/') {
    path.remove_suffix(1);
  }
  if (path.empty()) {
    return segments;
  }
  std::size_t start = 0;
  while (true) {
    const auto slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      segments.push_back(path.substr(start));
      break;
    }
    segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return segments;
}

std::string trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

QueryPairs parse_cookies(std::string_view header) {
  QueryPairs pairs;
  while (!header.empty()) {
    const auto semi = header.find(';');
    const std::string item = trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      continue;
    }
    auto value = percent_decode(std::string_view(item).substr(eq + 1));
    pairs.emplace_back(item.substr(0, eq), value ? *value : item.substr(eq + 1));
  }
  return pairs;
}

std::optional<std::string> decode_base64(std::string_view text) {
  static constexpr std::string_view k_alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned int buffer = 0;
  int bits = 0;
  for (const char c : text) {
    if (c == '=') {
      break;
    }
    const auto pos = k_alphabet.find(c);
    if (pos == std::string_view::npos) {
      return std::nullopt;
    }
    buffer = (buffer << 6U) | static_cast<unsigned int>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> static_cast<unsigned int>(bits)) & 0xFFU));
    }
  }
  return out;
}

} // namespace concord::mock
