#pragma once
// Lifecycle words: which state a verb needs and makes, and where a transitional state ends.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace concord::init {

// What a lifecycle verb does, in state classes ("running", "paused", ...; "*" = any).
struct VerbRule {
  std::string_view verb;
  std::string_view from;
  std::string_view to;
  std::string_view transitional; // the -ing state some APIs show while it happens
};

// The rule for the verb that the last literal segments of a path name (`pause`,
// `$/ResumeBackup`, `actions/start`), or nullopt.
[[nodiscard]] std::optional<VerbRule> find_verb(const std::vector<std::string>& tail);

// The value of `values` that stands for a state class (case-insensitive, with synonyms:
// "running" is also active, started, ready, available), or nullopt.
[[nodiscard]] std::optional<std::string> find_state_value(const std::vector<std::string>& values,
                                                          std::string_view state_class);

// Where a transitional value (stopping, provisioning, ...) settles, among `values`.
[[nodiscard]] std::optional<std::string> find_settled_value(const std::vector<std::string>& values,
                                                            const std::string& transitional);

// True for values a thing does not leave by itself or by a lifecycle call (failed, deleted).
[[nodiscard]] bool is_terminal_value(std::string_view value);

// Lower-case copy.
[[nodiscard]] std::string to_lower(std::string_view text);

} // namespace concord::init
