#include "conformance/console.hpp"

#include <algorithm>
#include <iomanip>
#include <map>
#include <ostream>
#include <sstream>

namespace concord::conformance {
namespace {

using nlohmann::json;

std::string text_of(const json& value) {
  if (value.is_string()) {
    return value.get<std::string>();
  }
  return value.is_null() ? ""
                         : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

const char* to_label(const std::string& outcome) {
  if (outcome == "passed") {
    return "PASS ";
  }
  if (outcome == "failed") {
    return "FAIL ";
  }
  if (outcome == "errored") {
    return "ERROR";
  }
  if (outcome == "waived") {
    return "WAIVE";
  }
  return "SKIP ";
}

void print_case(std::ostream& out, const json& item) {
  const std::string outcome = item.value("outcome", "");
  out << to_label(outcome) << ' ' << item.value("id", "");
  if (item.contains("response") && item["response"].is_object()) {
    out << "  [" << item["response"].value("status", 0) << ", " << std::fixed
        << std::setprecision(1) << item.value("durationMs", 0.0) << " ms]";
  }
  out << '\n';
  if (outcome == "skipped" || (outcome == "errored" && item["failures"].empty())) {
    out << "      reason: " << text_of(item["reason"]) << '\n';
  }
  for (const auto& failure : item.value("failures", json::array())) {
    out << "      " << text_of(failure["check"]) << ": " << text_of(failure["message"]);
    const std::string pointer = text_of(failure["pointer"]);
    if (!pointer.empty()) {
      out << " at " << pointer;
    }
    out << " (expected " << text_of(failure["expected"]) << ", actual "
        << text_of(failure["actual"]) << ")\n";
  }
  if (outcome == "waived" && item["waiver"].is_object()) {
    out << "      waived: " << text_of(item["waiver"]["reason"]) << '\n';
  }
  if (outcome == "failed" && item.value("baseline", json()).is_string()) {
    out << "      baseline: " << text_of(item["baseline"]) << '\n';
  }
}

void print_coverage(std::ostream& out, const json& coverage) {
  out << "\nCoverage: " << coverage.value("exercised", 0) << "/" << coverage.value("documented", 0)
      << " documented statuses exercised (" << std::fixed << std::setprecision(1)
      << coverage.value("percent", 0.0) << "%)\n";
  for (const auto& operation : coverage.value("operations", json::array())) {
    out << "  " << std::left << std::setw(28) << text_of(operation["operationId"]) << ' ';
    for (const auto& status : operation["statuses"]) {
      out << ' ' << text_of(status["status"]) << (status.value("exercised", false) ? "+" : "-");
    }
    out << '\n';
  }
  out << std::right;
}

} // namespace

void print_results(std::ostream& out, const json& results, const ConsoleOptions& options) {
  out << "concord verify " << text_of(results["target"]) << '\n';
  for (const auto& item : results.value("cases", json::array())) {
    if (item.value("outcome", "") != "passed" || options.verbose) {
      print_case(out, item);
    }
  }
  print_coverage(out, results.value("coverage", json::object()));
  const auto& warnings = results.value("warnings", json::array());
  if (!warnings.empty()) {
    out << "\nWarnings:\n";
    for (const auto& warning : warnings) {
      out << "  " << text_of(warning) << '\n';
    }
  }
  const json summary = results.value("summary", json::object());
  out << "\n"
      << summary.value("total", 0) << " cases: " << summary.value("passed", 0) << " passed, "
      << summary.value("failed", 0) << " failed, " << summary.value("errored", 0) << " errored, "
      << summary.value("skipped", 0) << " skipped, " << summary.value("waived", 0)
      << " waived; score " << std::fixed << std::setprecision(1) << results.value("score", 0.0)
      << "%, " << results.value("durationMs", 0) << " ms\n";
}

void ProgressLine::update(const RunProgress& progress) {
  if (!enabled_) {
    return;
  }
  // At most about a hundred redraws per run.
  const std::size_t step = std::max<std::size_t>(1, progress.total / 100);
  if (progress.done != progress.total && progress.done < last_done_ + step && shown_) {
    return;
  }
  last_done_ = progress.done;
  out_ << "\r[" << progress.done << "/" << progress.total << "] " << progress.failed << " failed"
       << std::flush;
  shown_ = true;
}

void ProgressLine::clear() {
  if (enabled_ && shown_) {
    out_ << "\r\033[K" << std::flush;
    shown_ = false;
  }
}

} // namespace concord::conformance
