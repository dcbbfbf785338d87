#pragma once
// The one home of glob matching (docs/rules.md, "Rule homes"): `verify --case` and waiver
// files select case ids with it.

#include <string_view>

namespace concord::core {

// `*` matches any run of characters (also none, also '/'), `?` exactly one character (a UTF-8
// code point); every other character, '[' and '\' included, matches itself. Case ids contain
// brackets and braces, so there are no character classes and no escapes. Linear in the
// sizes of pattern times text at worst (no backtracking explosion).
[[nodiscard]] bool is_glob_match(std::string_view pattern, std::string_view text);

} // namespace concord::core
