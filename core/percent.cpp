#include "core/percent.hpp"

namespace concord::core {

int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

namespace {

// The byte an escape at text[at] ('%' there) stands for, or -1 when it is malformed.
int escaped_byte(std::string_view text, std::size_t at) {
  if (at + 2 >= text.size()) {
    return -1;
  }
  const int high = hex_digit_value(text[at + 1]);
  const int low = hex_digit_value(text[at + 2]);
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

} // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      const int byte = escaped_byte(text, i);
      if (byte < 0) {
        return std::nullopt;
      }
      out.push_back(static_cast<char>(byte));
      i += 2;
    } else {
      out.push_back(c == '+' && plus_as_space ? ' ' : c);
    }
  }
  return out;
}

std::string percent_decode_lenient(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int byte = text[i] == '%' ? escaped_byte(text, i) : -1;
    if (byte >= 0) {
      out.push_back(static_cast<char>(byte));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

} // namespace concord::core
