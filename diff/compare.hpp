#pragma once
// What `concord diff` does between its arguments and the engine: pairs the documents of two
// inputs (files or directories), loads them, diffs them, and applies an ignore file.

#include "core/result.hpp"
#include "diff/diff.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace concord::diff {

struct CompareWarning {
  std::string location;
  std::string message;
};

// The changes between two inputs. Each input is a file or a directory of OpenAPI documents;
// two single documents are compared whatever their names, directories pair documents by
// their path below the directory (one only in OLD: its operations are removed, and so on).
struct Comparison {
  std::vector<Change> changes;
  std::vector<CompareWarning> warnings; // load diagnostics of either side
  int pairs = 0;
};

// Errors: io.read, spec.parse, spec.too_large (exit 2).
[[nodiscard]] core::Result<Comparison> compare_inputs(const std::filesystem::path& old_input,
                                                      const std::filesystem::path& new_input,
                                                      const DiffOptions& options = {});

// One entry of an ignore file: an accepted break.
struct IgnoreEntry {
  std::string rule;      // rule id
  std::string operation; // operationId or "METHOD /path"; "" = every operation
  std::string reason;
  std::string expires; // "YYYY-MM-DD"; "" = never
  std::string location;
};

// Reads an ignore file (YAML or JSON):
//   ignore:
//     - {rule: response-property-removed, operation: getPet, reason: ..., expires: 2027-01-31}
// Errors: io.read, spec.parse, config.invalid, with file:line:column.
[[nodiscard]] core::Result<std::vector<IgnoreEntry>>
load_ignore_file(const std::filesystem::path& path);

// A change after the ignore file: `ignored_by` is the reason of the entry that covers it.
struct ReportedChange {
  Change change;
  std::string ignored_by; // "" = not ignored
};

struct IgnoreOutcome {
  std::vector<ReportedChange> changes;
  std::vector<CompareWarning> expired; // entries past their date (not applied)
};

// Applies the entries not expired on `today` ("YYYY-MM-DD").
[[nodiscard]] IgnoreOutcome apply_ignores(const std::vector<Change>& changes,
                                          const std::vector<IgnoreEntry>& entries,
                                          const std::string& today);

} // namespace concord::diff
