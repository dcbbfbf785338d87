#include "core/http_types.hpp"

#include <algorithm>

namespace concord::core {

namespace {

// ASCII only, as field names are: no locale lookup per character.
constexpr char fold_case(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}

} // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (fold_case(a[i]) != fold_case(b[i])) {
      return false;
    }
  }
  return true;
}

std::string_view trim_ows(std::string_view text) noexcept {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::vector<std::string_view> split_field_list(std::string_view value) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t end = std::min(value.find(',', start), value.size());
    const std::string_view member = trim_ows(value.substr(start, end - start));
    if (!member.empty()) {
      out.push_back(member);
    }
    start = end + 1;
  }
  return out;
}

bool has_list_member(std::string_view list, std::string_view token) {
  const auto members = split_field_list(list);
  return std::any_of(members.begin(), members.end(),
                     [token](std::string_view member) { return iequals(member, token); });
}

bool is_token(std::string_view text) noexcept {
  constexpr std::string_view k_delimiters = "\"(),/:;<=>?@[\\]{}";
  return !text.empty() && std::all_of(text.begin(), text.end(), [k_delimiters](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 32 && u < 127 && k_delimiters.find(c) == std::string_view::npos;
  });
}

std::optional<std::size_t> parse_decimal(std::string_view text) noexcept {
  if (text.empty() || text.size() > 18) {
    return std::nullopt;
  }
  std::size_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  return value;
}

std::optional<std::size_t> parse_chunk_size(std::string_view line) noexcept {
  line = trim_ows(line.substr(0, line.find(';')));
  if (line.empty() || line.size() > 15) {
    return std::nullopt;
  }
  std::size_t value = 0;
  for (const char c : line) {
    const int digit = (c >= '0' && c <= '9')   ? c - '0'
                      : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                      : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                               : -1;
    if (digit < 0) {
      return std::nullopt;
    }
    value = value * 16 + static_cast<std::size_t>(digit);
  }
  return value;
}

const std::string* find_header(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) {
      return &value;
    }
  }
  return nullptr;
}

} // namespace concord::core
