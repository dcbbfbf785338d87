#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace concord::fuzz {

[[nodiscard]] inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// True when CONCORD_FUZZ_SKIP_INVALID_UTF8 is set and the bytes are not valid UTF-8: lets a
// run explore past the known invalid-UTF-8 finding (docs/benchmarks.md) until it is fixed.
[[nodiscard]] bool should_skip(std::string_view bytes);

// A connected socketpair whose `ends[1]` has had `bytes` written into it (as much as the
// buffer holds) and its writing side shut, so that whatever reads `ends[0]` finds those bytes,
// then the end, and never waits. False when no socketpair could be made.
[[nodiscard]] bool socketpair_holding(std::string_view bytes, int ends[2]);

// Directory of seed specs: $CONCORD_FUZZ_SPECS, else <source>/specs.
[[nodiscard]] const char* spec_dir();

} // namespace concord::fuzz
