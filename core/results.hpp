#pragma once
// The one home of the run summary (docs/rules.md, "Rule homes"; docs/results.md): counts,
// score and verdict of a results document, computed from its cases' outcomes by one
// function, `summarise`. The runner, `concord report`, merge, baselines and waivers all call
// it, so the console, the results JSON, JUnit and HTML never disagree about a run.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace concord::core {

// cases[].outcome. An outcome a reader does not know counts as errored: a report never
// hides a case.
enum class CaseOutcome { passed, failed, errored, skipped, waived };
[[nodiscard]] std::string_view to_string(CaseOutcome outcome) noexcept;
[[nodiscard]] std::optional<CaseOutcome> parse_case_outcome(std::string_view text) noexcept;

enum class Verdict { passed, failed };
[[nodiscard]] std::string_view to_string(Verdict verdict) noexcept;

struct RunSummary {
  long total = 0;
  long passed = 0;
  long failed = 0;
  long errored = 0;
  long skipped = 0;
  long waived = 0;
  // passed / (passed + failed + errored) * 100, one decimal; 0 when none of those ran.
  // Skipped and waived cases count neither way.
  double score = 0.0;
  // failed when a case failed or errored, or when no case was executed at all (every case
  // skipped, or none selected): an empty run proves nothing and must not read as green.
  Verdict verdict = Verdict::failed;
  std::string reason; // why the verdict is failed; "" when passed

  // Cases that were sent (waived ones were sent and failed).
  [[nodiscard]] long executed() const noexcept { return total - skipped; }
};

[[nodiscard]] RunSummary summarise(const std::vector<CaseOutcome>& outcomes);

// The outcomes of a results document's cases[] (a missing or unknown outcome: errored).
[[nodiscard]] std::vector<CaseOutcome> read_case_outcomes(const nlohmann::json& results);

// Writes summary, score, verdict and verdictReason (null when passed) of `summary` into a
// results document.
void write_summary(nlohmann::json& results, const RunSummary& summary);

// read_case_outcomes + summarise + write_summary.
void summarise_results(nlohmann::json& results);

} // namespace concord::core
