#pragma once
// Stateful sequences for `concord verify --generate` (docs/verify.md, "Stateful sequences"):
// from a behaviour's lifecycle (core/lifecycle.hpp), scenarios that create an item, read it,
// walk its state machine with legal actions, try one illegal action, delete it and read it
// again. They run on the scenario runner; a wrong status is reported under the check the step
// names (`ensure-created`, `state-contract`, `use-after-delete`), and a failing sequence is
// shrunk by the runner (conformance/runner.cpp, run_scenario).

#include "conformance/scenario.hpp"
#include "core/lifecycle.hpp"
#include "core/model.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace concord::conformance {

struct SequenceOptions {
  std::uint64_t seed = 1; // chooses the order of the legal actions
  bool unsafe = false;    // --generate-unsafe: delete items and call operations marked unsafe
  // true for an operation marked unsafe (a DELETE is unsafe regardless); unset: the
  // document's `x-concord-unsafe: true` (conformance/generation.hpp).
  std::function<bool(const core::Operation&)> is_marked_unsafe;
  int max_legal_actions = 3; // legal actions walked before the illegal one
};

struct DerivedSequences {
  std::vector<Scenario> scenarios; // generated = true, one per resource that can be walked
  std::vector<std::string> notes;  // what was left out and why ("resource backup: no create...")
};

// Sequences for each resource of `lifecycle` whose operations `spec` has. Deterministic for
// options.seed.
[[nodiscard]] DerivedSequences derive_sequences(const core::Lifecycle& lifecycle,
                                                const core::Spec& spec,
                                                const SequenceOptions& options);

// Sequences from the document's own OpenAPI `links` (no behaviour file needed): for each link
// of a 2xx response of operation A to operation B, A with its documented request (capturing
// the `$response.body#/...` values the link's parameters take), then B with those parameters,
// checked as `ensure-created` (A a POST, B a GET) or `link`. When B is a GET and a DELETE has
// B's path, and options.unsafe: delete, then the GET again expecting its documented 404/4XX
// (`use-after-delete`). Scenarios are named "link <A operationId> > <link name>" and come in
// document order; what a link cannot give (an unknown target, a `$response.header` value, an
// unsafe operation) is a note.
[[nodiscard]] DerivedSequences derive_link_sequences(const core::Spec& spec,
                                                     const SequenceOptions& options);

} // namespace concord::conformance
