#pragma once

#include "conformance/case.hpp"
#include "conformance/failure.hpp"
#include "core/http_types.hpp"

#include <optional>
#include <string>
#include <vector>

namespace concord::conformance {

enum class Outcome { passed, failed, skipped, errored };
[[nodiscard]] const char* to_string(Outcome outcome) noexcept;

struct SentRequest {
  std::string method;
  std::string url;
  core::Headers headers;
  std::optional<std::string> body;
};

// The result of one case or one scenario step (docs/results.md: cases[]).
struct CaseResult {
  std::size_t order = 0; // position in the run's case list (results keep this order)
  std::string id;
  CaseKind kind = CaseKind::example;
  std::string spec_file;
  const core::Operation* operation = nullptr;
  std::string scenario;    // scenario name for steps
  std::optional<int> step; // 0-based index in setup+steps+teardown for steps
  std::string phase;       // "setup" | "steps" | "teardown" for steps
  std::string expected_status;
  Outcome outcome = Outcome::skipped;
  double duration_ms = 0;
  std::optional<SentRequest> request;
  std::optional<core::Response> response;
  std::vector<Failure> failures;
  std::string reason; // why skipped or errored
  std::vector<std::string> checks;
  std::vector<std::string> notes;
  std::vector<std::string> given; // provider states set up first (descriptions)
  int attempts = 0;
  // A shrunk generated case: the request before shrinking and the steps that made it smaller
  // (`request` and `response` are those of the smallest request that still fails).
  std::optional<SentRequest> original_request;
  int shrink_steps = 0;
};

} // namespace concord::conformance
