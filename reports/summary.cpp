#include "core/results.hpp"
#include "reports/json_fields.hpp"
#include "reports/report.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <unordered_map>

namespace concord::report {

namespace {

using detail::string_field;
using nlohmann::json;

constexpr std::size_t k_max_merge_warnings = 20;

double round1(double value) {
  return std::round(value * 10.0) / 10.0;
}

void recompute_coverage(json& results) {
  if (!results.contains("coverage") || !results["coverage"].is_object()) {
    return;
  }
  json& coverage = results["coverage"];
  if (!coverage.contains("operations") || !coverage["operations"].is_array()) {
    return;
  }
  long documented = 0;
  long exercised = 0;
  for (const auto& op : coverage["operations"]) {
    if (!op.is_object() || !op.contains("statuses") || !op["statuses"].is_array()) {
      continue;
    }
    for (const auto& status : op["statuses"]) {
      ++documented;
      if (status.is_object() && status.value("exercised", false)) {
        ++exercised;
      }
    }
  }
  coverage["documented"] = documented;
  coverage["exercised"] = exercised;
  coverage["percent"] =
      documented > 0
          ? round1(100.0 * static_cast<double>(exercised) / static_cast<double>(documented))
          : 0.0;
}

// Higher is worse; a duplicate case id keeps its worst result.
int to_severity(const std::string& outcome) {
  static const std::unordered_map<std::string, int> k_rank = {
      {"skipped", 0}, {"passed", 1}, {"waived", 2}, {"failed", 3}, {"errored", 4}};
  const auto it = k_rank.find(outcome);
  return it == k_rank.end() ? 4 : it->second;
}

std::string to_operation_key(const json& op) {
  const std::string method = string_field(op, "method");
  const std::string path = string_field(op, "path");
  if (!method.empty() || !path.empty()) {
    return method + " " + path;
  }
  return string_field(op, "operationId");
}

struct MergeState {
  json cases = json::array();
  std::unordered_map<std::string, std::size_t> case_index;
  json operations = json::array();
  std::unordered_map<std::string, std::size_t> operation_index;
  json specs = json::array();
  std::set<std::string> spec_keys;
  json warnings = json::array();
  std::set<std::string> warning_set;
  json waivers = json::array();
  std::set<std::string> waiver_keys;
  json fixed = json::array();
  std::set<std::string> fixed_ids;
  std::size_t duplicates = 0;
  std::string started_at;
  double duration_ms = 0;
  bool has_coverage = false;
};

void add_warning(MergeState& state, const std::string& text) {
  if (state.warning_set.insert(text).second) {
    state.warnings.push_back(text);
  }
}

void merge_case(MergeState& state, const json& item) {
  const std::string id = string_field(item, "id");
  if (id.empty()) {
    state.cases.push_back(item);
    return;
  }
  const auto [it, inserted] = state.case_index.try_emplace(id, state.cases.size());
  if (inserted) {
    state.cases.push_back(item);
    return;
  }
  json& kept = state.cases[it->second];
  const std::string outcome = string_field(item, "outcome");
  if (to_severity(outcome) > to_severity(string_field(kept, "outcome"))) {
    kept = item;
  }
  if (++state.duplicates <= k_max_merge_warnings) {
    add_warning(state, "merge: case \"" + id +
                           "\" appears in more than one result file; kept the " +
                           string_field(kept, "outcome") + " result");
  }
}

void merge_operation(MergeState& state, const json& op) {
  if (!op.is_object()) {
    return;
  }
  const std::string key = to_operation_key(op);
  const auto [it, inserted] = state.operation_index.try_emplace(key, state.operations.size());
  if (inserted) {
    state.operations.push_back(op);
    return;
  }
  json& kept = state.operations[it->second];
  if (!kept.contains("statuses") || !kept["statuses"].is_array()) {
    kept["statuses"] = json::array();
  }
  for (const auto& status : op.value("statuses", json::array())) {
    const json code = status.is_object() ? status.value("status", json()) : json();
    auto found = std::find_if(kept["statuses"].begin(), kept["statuses"].end(), [&](const json& s) {
      return s.is_object() && s.value("status", json()) == code;
    });
    if (found == kept["statuses"].end()) {
      kept["statuses"].push_back(status);
    } else if (status.is_object() && status.value("exercised", false)) {
      (*found)["exercised"] = true;
    }
  }
}

void merge_lists(MergeState& state, const json& part) {
  for (const auto& spec : part.value("specs", json::array())) {
    const std::string file = string_field(spec, "file");
    if (state.spec_keys
            .insert(file.empty()
                        ? spec.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                        : file)
            .second) {
      state.specs.push_back(spec);
    }
  }
  for (const auto& warning : part.value("warnings", json::array())) {
    add_warning(state,
                warning.is_string()
                    ? warning.get<std::string>()
                    : warning.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  for (const auto& waiver : part.value("waivers", json::array())) {
    if (state.waiver_keys
            .insert(string_field(waiver, "case") + "\n" + string_field(waiver, "reason"))
            .second) {
      state.waivers.push_back(waiver);
    }
  }
  for (const auto& entry : part.value("fixed", json::array())) {
    if (state.fixed_ids.insert(string_field(entry, "id")).second) {
      state.fixed.push_back(entry);
    }
  }
}

void merge_part(MergeState& state, const json& part) {
  for (const auto& item : part["cases"]) {
    merge_case(state, item);
  }
  if (part.contains("coverage") && part["coverage"].is_object()) {
    state.has_coverage = true;
    for (const auto& op : part["coverage"].value("operations", json::array())) {
      merge_operation(state, op);
    }
  }
  merge_lists(state, part);
  const std::string started = string_field(part, "startedAt");
  if (!started.empty() && (state.started_at.empty() || started < state.started_at)) {
    state.started_at = started;
  }
  if (part.contains("durationMs") && part["durationMs"].is_number()) {
    state.duration_ms = std::max(state.duration_ms, part["durationMs"].get<double>());
  }
}

} // namespace

void recompute_summary(nlohmann::json& results) {
  core::summarise_results(results);
  recompute_coverage(results);
}

core::Result<nlohmann::json> merge_results(const std::vector<nlohmann::json>& parts) {
  if (parts.empty()) {
    return core::fail(core::ErrorCode::usage, "nothing to merge: no result files given");
  }
  MergeState state;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const json& part = parts[i];
    if (!part.is_object() || !part.contains("cases") || !part["cases"].is_array()) {
      return core::fail(core::ErrorCode::config_invalid,
                        "result file " + std::to_string(i + 1) + " is not a results document");
    }
    merge_part(state, part);
  }
  if (state.duplicates > k_max_merge_warnings) {
    add_warning(state, "merge: " + std::to_string(state.duplicates - k_max_merge_warnings) +
                           " more duplicate case ids");
  }
  json merged = parts.front();
  merged["cases"] = std::move(state.cases);
  merged["specs"] = std::move(state.specs);
  merged["warnings"] = std::move(state.warnings);
  if (!state.waivers.empty()) {
    merged["waivers"] = std::move(state.waivers);
  }
  if (!state.fixed.empty()) {
    merged["fixed"] = std::move(state.fixed);
  }
  if (state.has_coverage) {
    merged["coverage"] = {{"operations", std::move(state.operations)}};
  }
  if (!state.started_at.empty()) {
    merged["startedAt"] = state.started_at;
  }
  merged["durationMs"] = state.duration_ms;
  merged["mergedFrom"] = parts.size();
  recompute_summary(merged);
  return merged;
}

} // namespace concord::report
