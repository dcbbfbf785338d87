#pragma once
// `concord verify --generate`: requests drawn from the document's schemas (docs/verify.md,
// "Generated cases"). Valid ones explore the schema (boundaries, enums, optional fields
// present and absent, nullable, arrays empty and full); invalid ones break it in exactly one
// place. Everything is deterministic for a seed.

#include "conformance/case.hpp"
#include "core/model.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace concord::conformance {

struct GenerateConfig {
  int count = 0;          // requests per operation; 0 = generation off
  std::uint64_t seed = 1; // printed in the results so that a run can be replayed
  bool unsafe = false;    // also DELETE and operations marked x-concord-unsafe: true
};

struct GeneratedCases {
  std::vector<Case> cases; // skipped ones included, with a reason
  std::vector<std::string> warnings;
};

// Up to config.count cases for one operation: about half valid, half invalid (credentials
// left out and wrong ones first, for an operation that requires them).
[[nodiscard]] GeneratedCases generate_operation_cases(const core::Spec& spec,
                                                      const core::Operation& operation,
                                                      const GenerateConfig& config);

// The request a generated case sends, built by the case compiler's rules (parameters
// encoded by style, the body as the operation's JSON media type).
[[nodiscard]] RequestPlan build_generated_plan(const core::Spec& spec,
                                               const core::Operation& operation,
                                               const GeneratedRequest& request);

// Smaller requests, most reduced first: optional parameters left out, properties removed,
// strings shortened, numbers moved towards zero, arrays cut. Each one is of the same class
// as the original (still valid, or still breaking the schema where the original does).
[[nodiscard]] std::vector<GeneratedRequest> shrink_candidates(const core::Spec& spec,
                                                              const core::Operation& operation,
                                                              const GeneratedRequest& request,
                                                              bool valid);

// true when the operation is marked `x-concord-unsafe: true` in the document.
[[nodiscard]] bool is_marked_unsafe(const core::Spec& spec, const core::Operation& operation);

} // namespace concord::conformance
