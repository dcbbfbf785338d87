#pragma once

#include "conformance/case_result.hpp"
#include "core/model.hpp"

#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace concord::conformance {

struct RunInfo {
  std::string target;
  std::string started_at; // "2026-11-27T10:00:00Z"
  double duration_ms = 0;
  std::vector<std::shared_ptr<const core::Spec>> specs;
  nlohmann::json options = nlohmann::json::object();
  std::vector<std::string> warnings;
  // Operations coverage counts; empty = every operation of every spec.
  std::set<const core::Operation*> covered_operations;
  bool restrict_coverage = false;
};

// Operations x documented statuses; a status is exercised when a case received it and its
// checks ran (docs/results.md: coverage).
[[nodiscard]] nlohmann::json compute_coverage(const RunInfo& info,
                                              const std::vector<CaseResult>& results);

[[nodiscard]] nlohmann::json to_json(const CaseResult& result);

// The whole document (format 1), not yet redacted.
[[nodiscard]] nlohmann::json build_results_json(const RunInfo& info,
                                                const std::vector<CaseResult>& results);

inline constexpr std::size_t k_max_body_chars = std::size_t{64} * 1024;

} // namespace concord::conformance
