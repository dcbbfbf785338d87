#include "fuzz/fuzz_support.hpp"

#include <cstdlib>
#include <sys/socket.h>
#include <unistd.h>

namespace concord::fuzz {

namespace {

bool is_valid_utf8(std::string_view text) {
  std::size_t index = 0;
  while (index < text.size()) {
    const auto lead = static_cast<unsigned char>(text[index]);
    std::size_t extra = 0;
    if (lead < 0x80U) {
      extra = 0;
    } else if (lead >= 0xC2U && lead <= 0xDFU) {
      extra = 1;
    } else if (lead >= 0xE0U && lead <= 0xEFU) {
      extra = 2;
    } else if (lead >= 0xF0U && lead <= 0xF4U) {
      extra = 3;
    } else {
      return false;
    }
    if (extra > 0 && index + extra >= text.size()) {
      return false;
    }
    for (std::size_t offset = 1; offset <= extra; ++offset) {
      const auto next = static_cast<unsigned char>(text[index + offset]);
      if ((next & 0xC0U) != 0x80U) {
        return false;
      }
    }
    if (extra > 0) { // overlong forms, surrogates, above U+10FFFF
      const auto second = static_cast<unsigned char>(text[index + 1]);
      if ((lead == 0xE0U && second < 0xA0U) || (lead == 0xEDU && second > 0x9FU) ||
          (lead == 0xF0U && second < 0x90U) || (lead == 0xF4U && second > 0x8FU)) {
        return false;
      }
    }
    index += extra + 1;
  }
  return true;
}

} // namespace

bool should_skip(std::string_view bytes) {
  static const bool skip = std::getenv("CONCORD_FUZZ_SKIP_INVALID_UTF8") != nullptr;
  return skip && !is_valid_utf8(bytes);
}

const char* spec_dir() {
  const char* dir = std::getenv("CONCORD_FUZZ_SPECS");
  return dir != nullptr && *dir != '\0' ? dir : CONCORD_SOURCE_DIR "/specs";
}

bool socketpair_holding(std::string_view bytes, int ends[2]) {
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
    return false;
  }
  while (!bytes.empty()) {
    const ssize_t wrote = ::write(ends[1], bytes.data(), bytes.size());
    if (wrote <= 0) {
      break; // past the socket's buffer: the reader gets what fitted
    }
    bytes.remove_prefix(static_cast<std::size_t>(wrote));
  }
  ::shutdown(ends[1], SHUT_WR);
  return true;
}

} // namespace concord::fuzz
