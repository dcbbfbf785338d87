#pragma once

#include "core/result.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace concord::report {

// Every report is made from the results JSON document (docs/results.md), never from
// runner internals, so `concord report RESULTS.json` gives the same files as verify.
// Secrets are expected to be redacted already; writers redact again (core::redact_results)
// and escape everything they print. docs/reports.md describes each report.

// One self-contained HTML file: CSS, script and data inline, no network.
[[nodiscard]] core::Result<void> write_html(const nlohmann::json& results,
                                            const std::filesystem::path& path);
// JUnit XML as read by Jenkins, GitLab and GitHub test reporters.
[[nodiscard]] core::Result<void> write_junit(const nlohmann::json& results,
                                             const std::filesystem::path& path);

} // namespace concord::report

namespace concord::report {

// --baseline OLD.json: sets cases[].baseline to "new" or "known" for failures and adds
// cases that failed in the baseline and pass now as "fixed" entries under "fixed".
void apply_baseline(nlohmann::json& results, const nlohmann::json& baseline);

// Waiver file (YAML or JSON): [{case: "id or glob", reason: "...", expires: "YYYY-MM-DD"}].
// A failed/errored case matched by an unexpired waiver becomes "waived"; expired waivers are
// listed in results.waivers with "expired": true and do not apply. `today` is "YYYY-MM-DD".
[[nodiscard]] core::Result<void> apply_waivers(nlohmann::json& results,
                                               const std::filesystem::path& waiver_file,
                                               const std::string& today);

// Recomputes summary, score, verdict and verdictReason from cases[] (core::summarise_results,
// the one summary rule) and the coverage totals from coverage.operations[].
void recompute_summary(nlohmann::json& results);

// Merges results of several shards of one run into one document: cases concatenated and
// deduplicated by id (the worse outcome wins), coverage united per operation, target, specs
// and options from the first part, startedAt the earliest, durationMs the longest shard.
[[nodiscard]] core::Result<nlohmann::json> merge_results(const std::vector<nlohmann::json>& parts);

// Reads a results document (docs/results.md). io.read if the file cannot be read,
// config.invalid (with file:line:column) if it is not JSON or not a results document.
// The summary, score and verdict are derived data: they are recomputed from cases[] on load,
// so a stale or hand-edited summary never reaches a report.
[[nodiscard]] core::Result<nlohmann::json> load_results(const std::filesystem::path& path);
// Writes a results document as pretty JSON (used by `concord report merge`).
[[nodiscard]] core::Result<void> write_results(const nlohmann::json& results,
                                               const std::filesystem::path& path);

} // namespace concord::report
