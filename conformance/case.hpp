#pragma once

#include "core/http_types.hpp"
#include "core/model.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace concord::conformance {

enum class CaseKind {
  example,
  negative,
  scenario,
  traffic,           // concord proxy
  generated_valid,   // verify --generate: a request drawn from the schemas
  generated_invalid, // verify --generate: the same with one violation
  sequence,          // a stateful sequence derived from a behaviour's lifecycle (verify --generate)
};
[[nodiscard]] const char* to_string(CaseKind kind) noexcept;

// A provider state (Pact convention): the target is asked to be in it before a case or a
// scenario runs, with POST --state-url {"action": "setup", "state": ..., "params": ...}.
struct ProviderState {
  std::string resource;                          // e.g. "service"
  nlohmann::json key = nlohmann::json::object(); // e.g. {"projectId": "p1", "serviceId": "s1"}
  std::string state;                             // e.g. "running"; may be empty ("exists")
  nlohmann::json fields = nlohmann::json::object();
  std::string description; // readable; made up from the above when not given
};

// What to send, before values are encoded into a URL.
struct RequestPlan {
  std::string method;
  std::string path_template;                              // "/v1/services/{serviceId}"
  std::map<std::string, std::string> path_params;         // raw values, encoded when sent
  std::vector<std::pair<std::string, std::string>> query; // raw values
  core::Headers headers;                                  // Accept, Content-Type, header params
  std::optional<std::string> body;                        // serialised body
  bool send_credentials = true;
  bool wrong_credentials = false; // send a credential the target cannot know (auth-ignored)
};

// The values a generated request is built from (concord verify --generate), kept so that a
// failing request can be shrunk and built again (conformance/generation.hpp).
struct GeneratedRequest {
  nlohmann::json params = nlohmann::json::object(); // by parameter name; null = left out
  std::optional<nlohmann::json> body;               // JSON body; unset = the request has none
  std::optional<std::string> raw_body;              // a body that is not JSON (malformed)
  std::string variant;        // how it was made: "all optional fields", "wrong type at /name"
  std::string violated_param; // generated-invalid: the parameter that breaks the schema
  bool violated_body = false; // generated-invalid: the body breaks the schema
  bool omit_credentials = false;
  bool wrong_credentials = false;
};

// One runnable (or skipped) check of one operation against one expected answer.
struct Case {
  std::string id; // stable, readable: "POST /v0/pipelines/{pipeline_name}/resume > 404 > unknown"
  CaseKind kind = CaseKind::example;
  std::string spec_file;
  const core::Operation* operation = nullptr; // owned by the Spec the runner keeps alive
  std::string expected_status;                // as shown: "404", "4XX", "401|403"
  std::vector<std::string> accepted_statuses; // documented keys that satisfy the status check
  std::string media_type;                     // documented response media type, or ""
  std::string example_name;                   // response example compared (--match), or ""
  bool example_selectable = true; // false: the target cannot be told which example to send
  RequestPlan request;
  std::vector<ProviderState> given;          // from case fixtures
  std::vector<std::string> ignore;           // pointers ignored by the example check
  std::string skip_reason;                   // non-empty: not run, counted and shown
  std::optional<GeneratedRequest> generated; // generated_* kinds
};

} // namespace concord::conformance
