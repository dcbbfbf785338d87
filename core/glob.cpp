#include "core/glob.hpp"

#include <string>

namespace concord::core {
namespace {

// UTF-8 to code points; a malformed byte stands for itself, so matching never fails on it.
std::u32string to_code_points(std::string_view text) {
  std::u32string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    if (i + extra >= text.size()) {
      extra = 0;
    }
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0U) != 0x80U) {
        extra = 0;
      }
    }
    char32_t cp = extra == 0 ? lead : (lead & (0x3FU >> extra));
    for (std::size_t k = 1; k <= extra; ++k) {
      cp = (cp << 6U) | (static_cast<unsigned char>(text[i + k]) & 0x3FU);
    }
    out.push_back(cp);
    i += extra + 1;
  }
  return out;
}

} // namespace

bool is_glob_match(std::string_view pattern_text, std::string_view text_utf8) {
  const std::u32string pattern = to_code_points(pattern_text);
  const std::u32string text = to_code_points(text_utf8);
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::u32string::npos;
  std::size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == U'*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && (pattern[p] == U'?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (star != std::u32string::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == U'*') {
    ++p;
  }
  return p == pattern.size();
}

} // namespace concord::core
