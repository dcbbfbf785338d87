#pragma once

#include "conformance/case.hpp"
#include "core/result.hpp"

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace concord::conformance {

// What a step expects (docs/verify.md). Values may use ${name} captured earlier.
struct StepExpect {
  std::optional<std::string> status;                        // "409", "4XX"; unset: a documented 2xx
  std::vector<std::pair<std::string, nlohmann::json>> body; // pointer -> value
  std::vector<std::pair<std::string, std::string>> headers; // name -> value
};

struct StepPoll {
  std::string pointer;
  nlohmann::json equals;
  int every_ms = 200;
  int within_ms = 10000;
};

struct Step {
  std::string name;                                  // optional label
  std::string operation;                             // operationId or "METHOD /path"
  nlohmann::json params = nlohmann::json::object();  // path/query/header params by name
  nlohmann::json headers = nlohmann::json::object(); // extra headers
  std::optional<nlohmann::json> body;                // unset: the documented example; null: no body
  bool credentials = true;
  StepExpect expect;
  std::vector<std::pair<std::string, std::string>> capture; // name -> pointer
  std::optional<StepPoll> until;
  std::string location; // file:line:column of the step
  // The check a wrong status is reported as ("ensure-created", "state-contract",
  // "use-after-delete"); "" = "status". Set by derived sequences (conformance/sequences.hpp).
  std::string status_check;
};

struct Scenario {
  std::string name;
  std::string spec; // title or file name of the spec; "" = the spec with its operations
  std::string file;
  std::string location;
  std::vector<ProviderState> given;
  std::vector<Step> setup;
  std::vector<Step> steps;
  std::vector<Step> teardown; // always run
  // Derived by `verify --generate` (conformance/sequences.hpp): its steps are reported as
  // kind `sequence` and a failing run is shrunk to the shortest sequence that still fails.
  bool generated = false;
};

// Settings for plain (compiled) cases: provider states, request overrides, ignore paths.
struct CaseFixture {
  std::string operation;     // operationId or "METHOD /path"
  std::string status;        // documented status key; "" = every case of the operation
  std::optional<int> expect; // concrete status for a range or "default" key
  std::string example;       // response example name; "" = any
  std::vector<ProviderState> given;
  nlohmann::json params = nlohmann::json::object();
  std::optional<nlohmann::json> body;
  std::vector<std::string> ignore;
  std::string spec;
  std::string location;
};

struct FixtureFile {
  std::string file;
  std::string spec; // file-level spec name, inherited by scenarios and case fixtures
  std::vector<Scenario> scenarios;
  std::vector<CaseFixture> cases;
  std::map<std::string, std::vector<std::string>> ignore; // operation -> pointers
};

// Errors are config.invalid with "file:line:column" locations.
[[nodiscard]] core::Result<FixtureFile> parse_fixture_text(std::string_view text, std::string uri);
[[nodiscard]] core::Result<FixtureFile> load_fixture_file(const std::filesystem::path& path);
// Every *.yaml, *.yml and *.json file of a directory, sorted by name.
[[nodiscard]] core::Result<std::vector<FixtureFile>>
load_fixture_dir(const std::filesystem::path& dir);

// "200ms", "10s", "2m" or a number of milliseconds. -1 when malformed.
[[nodiscard]] int parse_duration_ms(const nlohmann::json& value);

// A readable provider-state description: "service projectId=p1 serviceId=s1 is running".
[[nodiscard]] std::string describe_state(const ProviderState& state);

} // namespace concord::conformance
