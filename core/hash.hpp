#pragma once
// Deterministic, portable numbers for seeds and shards (std's distributions and std::hash are
// not the same across libraries): one home for both mixes.

#include <cstdint>
#include <string_view>

namespace concord::core {

// One step of splitmix64 from `value`: a well-mixed number. A generator keeps a state and
// adds 0x9E3779B97F4A7C15 to it after each call (splitmix64_next).
[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t value) noexcept {
  value += 0x9E3779B97F4A7C15ULL;
  value = (value ^ (value >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  value = (value ^ (value >> 27U)) * 0x94D049BB133111EBULL;
  return value ^ (value >> 31U);
}

// The next number of a splitmix64 sequence; advances `state`.
constexpr std::uint64_t splitmix64_next(std::uint64_t& state) noexcept {
  const std::uint64_t out = splitmix64(state);
  state += 0x9E3779B97F4A7C15ULL;
  return out;
}

// FNV-1a, 64 bits.
[[nodiscard]] constexpr std::uint64_t fnv1a(std::string_view text) noexcept {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

} // namespace concord::core
