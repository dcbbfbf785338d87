#pragma once

#include "core/model.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace concord::diff {

// How much a change can hurt the clients of the old document.
enum class Level { info, warning, breaking };

[[nodiscard]] std::string_view to_string(Level level);
[[nodiscard]] std::optional<Level> parse_level(std::string_view text);

// One kind of change. Ids are stable kebab-case; docs/diff.md lists them all.
struct Rule {
  std::string_view id;
  Level level;
  std::string_view summary;
};

[[nodiscard]] const std::vector<Rule>& all_rules();
[[nodiscard]] const Rule* find_rule(std::string_view id);

// One difference between OLD and NEW.
struct Change {
  std::string rule;
  Level level = Level::info;
  std::string message;
  std::string operation;    // "GET /pets/{id}" as NEW writes it (OLD's when removed); "" = document
  std::string operation_id; // NEW's (OLD's when removed)
  std::string old_location; // "file:line:column" or "file#/pointer"; "" when OLD has no such place
  std::string new_location; // likewise in NEW
};

struct DiffOptions {
  // A response enum that gained a value: clients that switch over it break, so breaking by
  // default; teams whose clients tolerate unknown values lower it.
  Level response_enum_value_added = Level::breaking;
};

// Compares two loaded documents. Operations are matched by method and path template with the
// parameter names ignored; schemas are compared recursively through $ref, allOf, oneOf,
// anyOf, items and additionalProperties, request side and response side each in their
// direction. The changes come in the order of NEW's operations, OLD-only ones last.
[[nodiscard]] std::vector<Change> diff_specs(const core::Spec& old_spec, const core::Spec& new_spec,
                                             const DiffOptions& options = {});

// "GET /pets/{}": the key operations are matched by.
[[nodiscard]] std::string to_operation_key(std::string_view method, std::string_view path);

} // namespace concord::diff
