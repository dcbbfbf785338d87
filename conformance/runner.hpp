#pragma once

#include "conformance/case.hpp"
#include "conformance/case_result.hpp"
#include "conformance/checks.hpp"
#include "conformance/credentials.hpp"
#include "conformance/http_client.hpp"
#include "conformance/scenario.hpp"
#include "core/model.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace concord::conformance {

// A scenario step tied to the operation it calls.
struct BoundStep {
  const Step* step = nullptr;
  const core::Operation* operation = nullptr;
  std::string phase; // setup | steps | teardown
  int index = 0;     // position in setup+steps+teardown
  std::string id;    // "<scenario> > 2 > resumeService"
};

struct BoundScenario {
  const Scenario* scenario = nullptr;
  std::shared_ptr<const core::Spec> spec;
  std::vector<BoundStep> steps; // setup, then steps, then teardown
};

// What runs in one go on one worker: cases in order, or one whole scenario.
struct WorkUnit {
  std::string key; // stable: case id or "scenario:<name>" (used for sharding)
  std::shared_ptr<const core::Spec> spec;
  std::vector<const Case*> cases;
  std::vector<std::size_t> orders; // result order of each case
  const BoundScenario* scenario = nullptr;
  std::size_t first_order = 0; // result order of the first scenario step
  // Units of one phase start only when every unit of the earlier phases is done: documented
  // cases and scenarios (0), then generated sequences (1), then generated requests (2), so
  // that generated traffic cannot change the state the documented cases expect.
  int phase = 0;
};

struct RunProgress {
  std::size_t done = 0;
  std::size_t total = 0;
  std::size_t failed = 0; // failed + errored
};

// What a 4xx answer to a generated valid request is (--rejected-valid).
enum class RejectedValid { off, warn, fail };

struct RunSettings {
  BaseUrl base;
  ClientOptions client;
  CheckOptions checks;
  core::Headers extra_headers; // -H
  std::string token;           // --token / CONCORD_TOKEN (used when `credentials` is null)
  std::shared_ptr<const Credentials> credentials; // per scheme: --auth, CONCORD_AUTH_*, OAuth2
  std::string state_url;                          // --state-url ("" = provider states unavailable)
  std::optional<ClientOptions> state_client;      // its TLS and proxy settings (default: `client`)
  int jobs = 1;
  std::string run_id;                                  // ${run.id} in scenarios
  std::function<void(const RunProgress&)> on_progress; // called under a lock
  RejectedValid rejected_valid = RejectedValid::warn;
  // --generate-time: generated cases not started by then are skipped.
  std::optional<std::chrono::steady_clock::time_point> generate_deadline;
  int shrink_budget = 40; // requests one failing generated case may spend on shrinking
};

struct RunOutput {
  std::vector<CaseResult> results; // sorted by order
  std::vector<std::string> warnings;
};

// Runs every unit (cases in parallel across `jobs` workers, steps of one scenario in order).
[[nodiscard]] RunOutput run_units(const std::vector<WorkUnit>& units, const RunSettings& settings);

// The base path requests go to: the target URL's path, else the spec's first server's path.
[[nodiscard]] std::string choose_base_path(const BaseUrl& base, const core::Spec& spec);

// Applies -H and the credentials to a request for `operation`: the first security requirement
// whose every scheme has a credential (else the first one), each scheme its own credential.
void add_credentials(core::Headers& headers,
                     std::vector<std::pair<std::string, std::string>>& query,
                     const core::Spec& spec, const core::Operation& operation,
                     const RunSettings& settings, bool send_credentials);

// A transport error as the case's failure: `size` (failed) for an answer over the size cap,
// else `network` (errored) with the message.
void record_transport_error(const HttpResult& http, CaseResult& result);

// Standard base64 (for Basic credentials given as "id:secret").
[[nodiscard]] std::string to_base64(std::string_view text);

// ${name} substitution: a string that is exactly "${name}" becomes the value itself.
[[nodiscard]] nlohmann::json substitute(const nlohmann::json& value,
                                        const std::map<std::string, nlohmann::json>& vars);

} // namespace concord::conformance
