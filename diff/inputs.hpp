#pragma once
// A command-line input of `concord diff` (and `verify --changed-since`): a path, or
// `git:REV:path` written to a temporary directory for as long as the Input lives.

#include "core/result.hpp"
#include "diff/diff.hpp"
#include "diff/git_source.hpp"

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <string_view>

namespace concord::diff {

struct Input {
  std::string label;          // as given
  std::filesystem::path path; // what to load
  std::unique_ptr<TempDir> temp;
  std::string git_prefix; // "REV:path" for git inputs, shown instead of the temporary path
};

// Errors: usage (malformed git: input), io.read (git failed).
[[nodiscard]] core::Result<Input> open_input(std::string_view text);

// A location as the user should see it: git inputs as REV:path..., files below the current
// directory relative to it.
[[nodiscard]] std::string to_display_location(const std::string& location, const Input& input);

// What `verify --changed-since` runs: the operations (as "METHOD /path") of NEW that a diff
// from OLD touches, or all of them when a change concerns the whole document.
struct ChangedOperations {
  bool all = false;
  std::set<std::string> operations;
};

[[nodiscard]] core::Result<ChangedOperations>
find_changed_operations(std::string_view old_input, const std::filesystem::path& new_input);

} // namespace concord::diff
