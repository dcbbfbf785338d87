#include "core/results.hpp"

#include <cmath>

namespace concord::core {

std::string_view to_string(CaseOutcome outcome) noexcept {
  switch (outcome) {
  case CaseOutcome::passed:
    return "passed";
  case CaseOutcome::failed:
    return "failed";
  case CaseOutcome::errored:
    return "errored";
  case CaseOutcome::skipped:
    return "skipped";
  case CaseOutcome::waived:
    return "waived";
  }
  return "errored";
}

std::optional<CaseOutcome> parse_case_outcome(std::string_view text) noexcept {
  for (const auto outcome : {CaseOutcome::passed, CaseOutcome::failed, CaseOutcome::errored,
                             CaseOutcome::skipped, CaseOutcome::waived}) {
    if (to_string(outcome) == text) {
      return outcome;
    }
  }
  return std::nullopt;
}

std::string_view to_string(Verdict verdict) noexcept {
  return verdict == Verdict::passed ? "passed" : "failed";
}

RunSummary summarise(const std::vector<CaseOutcome>& outcomes) {
  RunSummary out;
  out.total = static_cast<long>(outcomes.size());
  for (const auto outcome : outcomes) {
    switch (outcome) {
    case CaseOutcome::passed:
      ++out.passed;
      break;
    case CaseOutcome::failed:
      ++out.failed;
      break;
    case CaseOutcome::errored:
      ++out.errored;
      break;
    case CaseOutcome::skipped:
      ++out.skipped;
      break;
    case CaseOutcome::waived:
      ++out.waived;
      break;
    }
  }
  const long judged = out.passed + out.failed + out.errored;
  out.score =
      judged == 0
          ? 0.0
          : std::round(1000.0 * static_cast<double>(out.passed) / static_cast<double>(judged)) /
                10.0;
  if (out.executed() == 0) {
    out.reason = "no case was executed";
  } else if (const long bad = out.failed + out.errored; bad > 0) {
    out.reason = std::to_string(bad) + " failing case(s)";
  }
  out.verdict = out.reason.empty() ? Verdict::passed : Verdict::failed;
  return out;
}

std::vector<CaseOutcome> read_case_outcomes(const nlohmann::json& results) {
  std::vector<CaseOutcome> outcomes;
  if (!results.is_object() || !results.contains("cases") || !results["cases"].is_array()) {
    return outcomes;
  }
  const auto& cases = results["cases"];
  outcomes.reserve(cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& item = cases[i];
    std::optional<CaseOutcome> outcome;
    if (item.is_object() && item.contains("outcome") && item["outcome"].is_string()) {
      outcome = parse_case_outcome(item["outcome"].get_ref<const std::string&>());
    }
    outcomes.push_back(outcome.value_or(CaseOutcome::errored));
  }
  return outcomes;
}

void write_summary(nlohmann::json& results, const RunSummary& summary) {
  results["summary"] = {{"total", summary.total},     {"passed", summary.passed},
                        {"failed", summary.failed},   {"errored", summary.errored},
                        {"skipped", summary.skipped}, {"waived", summary.waived}};
  results["score"] = summary.score;
  results["verdict"] = std::string(to_string(summary.verdict));
  results["verdictReason"] =
      summary.reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(summary.reason);
}

void summarise_results(nlohmann::json& results) {
  write_summary(results, summarise(read_case_outcomes(results)));
}

} // namespace concord::core
