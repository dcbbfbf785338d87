#pragma once

#include "conformance/failure.hpp"
#include "conformance/matching.hpp"
#include "core/http_types.hpp"
#include "core/model.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace concord::conformance {

struct CheckOptions {
  MatchMode match = MatchMode::shape;
  bool strict = false;                   // closed objects (additionalProperties: false)
  std::optional<double> max_response_ms; // --max-response-ms
  int max_json_depth = 256;
};

// What a response is checked against.
struct Expectation {
  const core::Operation* operation = nullptr;
  std::vector<std::string> accepted_statuses; // documented keys; empty: any documented 2xx
  std::string expected_status;                // label shown in failures
  std::string media_type;                     // documented media type of the example
  std::string example_name;                   // "" = no example comparison
  bool example_selectable = true;             // false: compare with any example of the media
  std::vector<std::string> ignore;            // pointers the example check ignores
  bool compare_example = false;               // example cases only
};

// The outcome of checking one response.
struct CheckReport {
  std::vector<Failure> failures;
  std::vector<std::string> checks;                // names of the checks that ran (passed or failed)
  std::vector<std::string> notes;                 // what could not be checked, and why
  std::optional<nlohmann::json> body;             // the parsed JSON body, when it parsed
  const core::ResponseSpec* documented = nullptr; // response the actual status falls under
  bool status_ok = false;
};

// Every check in order: status, status-documented, content-type, header, json, schema,
// strict, example, response-time.
[[nodiscard]] CheckReport check_response(const core::Spec& spec, const Expectation& expectation,
                                         const core::Response& response, double duration_ms,
                                         const CheckOptions& options);

// Parses a body as JSON with a nesting limit. nullopt plus a message on failure.
[[nodiscard]] std::optional<nlohmann::json> parse_json_body(std::string_view body, int max_depth,
                                                            std::string& error);

} // namespace concord::conformance
