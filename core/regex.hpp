#pragma once

#include "core/result.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace concord::core {

enum class RegexMatch {
  matched,
  not_matched,
  too_expensive, // the match or depth limit was hit
  invalid_input, // the subject is not valid UTF-8
};

struct RegexLimits {
  unsigned match_limit = 100000;
  unsigned depth_limit = 1000;
};

// Scratch space for matching; one per thread of validation (not shareable across threads).
class RegexScratch {
public:
  RegexScratch() = default;
  ~RegexScratch();
  RegexScratch(const RegexScratch&) = delete;
  RegexScratch& operator=(const RegexScratch&) = delete;
  [[nodiscard]] void* get(); // pcre2_match_data_8*, created on first use

private:
  void* data_ = nullptr;
};

// An ECMA-262 pattern compiled once with PCRE2 (UTF + UCP). Matching is const and thread-safe
// as long as each thread passes its own RegexScratch.
class Regex {
public:
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // Unsupported or invalid syntax is schema.invalid with the PCRE2 message and offset.
  [[nodiscard]] static Result<std::unique_ptr<Regex>> compile(std::string_view ecma_pattern,
                                                              const RegexLimits& limits = {});

  [[nodiscard]] RegexMatch search(std::string_view subject, RegexScratch& scratch) const;
  [[nodiscard]] const std::string& pattern() const { return pattern_; }

private:
  Regex() = default;
  std::string pattern_;
  void* code_ = nullptr;          // pcre2_code_8*
  void* match_context_ = nullptr; // pcre2_match_context_8*
};

// Rewrites ECMA-262 escapes whose PCRE2 (UCP) meaning differs: \d \D \w \W become ASCII
// classes. Exposed for tests.
[[nodiscard]] std::string translate_ecma_pattern(std::string_view pattern);

} // namespace concord::core
