#define PCRE2_CODE_UNIT_WIDTH 8
#include "core/regex.hpp"

#include <array>
#include <pcre2.h>
#include <utility>

namespace concord::core {
namespace {

constexpr std::string_view k_digit = "0-9";
constexpr std::string_view k_word = "A-Za-z0-9_";

// Appends the ASCII replacement for \d \D \w \W; returns false for any other escape.
bool append_ascii_class(char escape, bool in_class, std::string& out) {
  std::string_view body;
  bool negated = false;
  switch (escape) {
  case 'd':
    body = k_digit;
    break;
  case 'D':
    body = k_digit;
    negated = true;
    break;
  case 'w':
    body = k_word;
    break;
  case 'W':
    body = k_word;
    negated = true;
    break;
  default:
    return false;
  }
  if (in_class) {
    if (negated) {
      return false; // keep PCRE2's own \D \W inside a class
    }
    out += body;
    return true;
  }
  out += negated ? "[^" : "[";
  out += body;
  out += ']';
  return true;
}

std::string pcre2_message(int code) {
  std::array<PCRE2_UCHAR, 256> buffer{};
  pcre2_get_error_message(code, buffer.data(), buffer.size());
  return std::string(reinterpret_cast<const char*>(buffer.data()));
}

// ECMA-262 accepts Unicode long names (\p{Letter}, \p{gc=Lu}, \p{Script=Greek}); this PCRE2
// only knows the short general-category names, so map them.
std::string_view short_property_name(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 38> k_names = {{
      {"Letter", "L"},
      {"Cased_Letter", "L&"},
      {"Uppercase_Letter", "Lu"},
      {"Lowercase_Letter", "Ll"},
      {"Titlecase_Letter", "Lt"},
      {"Modifier_Letter", "Lm"},
      {"Other_Letter", "Lo"},
      {"Mark", "M"},
      {"Nonspacing_Mark", "Mn"},
      {"Spacing_Mark", "Mc"},
      {"Enclosing_Mark", "Me"},
      {"Number", "N"},
      {"Decimal_Number", "Nd"},
      {"Letter_Number", "Nl"},
      {"Other_Number", "No"},
      {"Punctuation", "P"},
      {"Connector_Punctuation", "Pc"},
      {"Dash_Punctuation", "Pd"},
      {"Open_Punctuation", "Ps"},
      {"Close_Punctuation", "Pe"},
      {"Initial_Punctuation", "Pi"},
      {"Final_Punctuation", "Pf"},
      {"Other_Punctuation", "Po"},
      {"Symbol", "S"},
      {"Math_Symbol", "Sm"},
      {"Currency_Symbol", "Sc"},
      {"Modifier_Symbol", "Sk"},
      {"Other_Symbol", "So"},
      {"Separator", "Z"},
      {"Space_Separator", "Zs"},
      {"Line_Separator", "Zl"},
      {"Paragraph_Separator", "Zp"},
      {"Other", "C"},
      {"Control", "Cc"},
      {"Format", "Cf"},
      {"Surrogate", "Cs"},
      {"Private_Use", "Co"},
      {"Unassigned", "Cn"},
  }};
  for (std::string_view prefix :
       {"General_Category=", "gc=", "Script=", "sc=", "Script_Extensions=", "scx="}) {
    if (name.substr(0, prefix.size()) == prefix) {
      name.remove_prefix(prefix.size());
      break;
    }
  }
  for (const auto& [long_name, short_name] : k_names) {
    if (long_name == name) {
      return short_name;
    }
  }
  return name;
}

// Copies "\p{...}" at pattern[i] (i at the backslash) with the name shortened; returns the
// index of the closing brace, or i when this is not a property escape.
std::size_t append_property(std::string_view pattern, std::size_t i, std::string& out) {
  if (i + 2 >= pattern.size() || (pattern[i + 1] != 'p' && pattern[i + 1] != 'P') ||
      pattern[i + 2] != '{') {
    return i;
  }
  const std::size_t close = pattern.find('}', i + 3);
  if (close == std::string_view::npos) {
    return i;
  }
  out += pattern.substr(i, 3);
  out += short_property_name(pattern.substr(i + 3, close - i - 3));
  out += '}';
  return close;
}

} // namespace

std::string translate_ecma_pattern(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size() + 16);
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      if (const std::size_t end = append_property(pattern, i, out); end != i) {
        i = end;
        continue;
      }
      const char escape = pattern[i + 1];
      if (!append_ascii_class(escape, in_class, out)) {
        out += c;
        out += escape;
      }
      ++i;
      continue;
    }
    if (c == '[' && !in_class) {
      in_class = true;
    } else if (c == ']' && in_class) {
      in_class = false;
    }
    out += c;
  }
  return out;
}

RegexScratch::~RegexScratch() {
  if (data_ != nullptr) {
    pcre2_match_data_free(static_cast<pcre2_match_data*>(data_));
  }
}

void* RegexScratch::get() {
  if (data_ == nullptr) {
    data_ = pcre2_match_data_create(1, nullptr);
  }
  return data_;
}

Regex::~Regex() {
  pcre2_code_free(static_cast<pcre2_code*>(code_));
  pcre2_match_context_free(static_cast<pcre2_match_context*>(match_context_));
}

Result<std::unique_ptr<Regex>> Regex::compile(std::string_view ecma_pattern,
                                              const RegexLimits& limits) {
  const std::string translated = translate_ecma_pattern(ecma_pattern);
  pcre2_compile_context* compile_context = pcre2_compile_context_create(nullptr);
  pcre2_set_compile_extra_options(compile_context, PCRE2_EXTRA_ALT_BSUX);
  const uint32_t options =
      PCRE2_UTF | PCRE2_UCP | PCRE2_ALT_BSUX | PCRE2_DOLLAR_ENDONLY | PCRE2_ALLOW_EMPTY_CLASS;
  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  pcre2_code* code =
      pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(), options,
                    &error_code, &error_offset, compile_context);
  pcre2_compile_context_free(compile_context);
  if (code == nullptr) {
    return fail(ErrorCode::schema_invalid, "invalid pattern \"" + std::string(ecma_pattern) +
                                               "\": " + pcre2_message(error_code) + " at offset " +
                                               std::to_string(error_offset));
  }
  // JIT when available (it honours the match limit); the interpreter is the fallback.
  (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
  std::unique_ptr<Regex> regex(new Regex());
  regex->pattern_ = std::string(ecma_pattern);
  regex->code_ = code;
  pcre2_match_context* match_context = pcre2_match_context_create(nullptr);
  pcre2_set_match_limit(match_context, limits.match_limit);
  pcre2_set_depth_limit(match_context, limits.depth_limit);
  regex->match_context_ = match_context;
  return regex;
}

RegexMatch Regex::search(std::string_view subject, RegexScratch& scratch) const {
  const int rc = pcre2_match(static_cast<const pcre2_code*>(code_),
                             reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0,
                             static_cast<pcre2_match_data*>(scratch.get()),
                             static_cast<pcre2_match_context*>(match_context_));
  if (rc >= 0) {
    return RegexMatch::matched;
  }
  switch (rc) {
  case PCRE2_ERROR_NOMATCH:
    return RegexMatch::not_matched;
  case PCRE2_ERROR_MATCHLIMIT:
  case PCRE2_ERROR_DEPTHLIMIT:
  case PCRE2_ERROR_HEAPLIMIT:
    return RegexMatch::too_expensive;
  default:
    return rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21 ? RegexMatch::invalid_input
                                                                       : RegexMatch::too_expensive;
  }
}

} // namespace concord::core
