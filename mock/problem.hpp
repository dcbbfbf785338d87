#pragma once

#include "core/http_types.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace concord::mock {

// An RFC 9457 problem detail. `type` is a stable URN built from a dotted code
// ("urn:concord:route.no_path"); tests compare `type`, never `detail`.
struct Problem {
  int status = 500;
  std::string code;   // stable dotted name: route.no_path, request.invalid, ...
  std::string title;  // short, fixed per code
  std::string detail; // human-readable, specific to this request
  nlohmann::json extra = nlohmann::json::object(); // extension members (findings, allowed, ...)
};

// Every problem the mock answers with itself. Each kind has one row in the table of
// problem.cpp: {code, status, title}. Several kinds may share a code (the stable, documented
// name) and differ in status or title.
enum class ProblemKind {
  route_no_path,
  route_no_method,
  negotiate_not_acceptable,
  request_invalid,   // 422, or 400 when only a 400 is documented
  request_malformed, // httplib could not read the request
  request_malformed_json,
  request_too_deep,
  request_too_large,
  request_uri_too_long,
  request_too_many_headers,
  request_unsupported_media_type,
  security_unauthorized,
  security_forbidden,
  mock_no_such_response,       // Prefer: code=N not documented
  mock_no_such_example,        // Prefer: example=NAME not documented
  mock_no_documented_response, // the operation documents no response at all
  mock_injected_error,         // configured error rate (status comes from the config)
  admin_forbidden,
  admin_not_found,
  admin_bad_clock_request,
  admin_stateless,
  admin_state_rejected,
  proxy_bad_gateway,      // concord proxy: the upstream could not be reached or broke off
  proxy_gateway_timeout,  // concord proxy: the upstream did not answer within --timeout-ms
  proxy_invalid_response, // concord proxy --errors: the upstream's answer breaks the contract
  internal,
};

struct ProblemType {
  std::string_view code;
  int status;
  std::string_view title;
};

// The table row of `kind`.
[[nodiscard]] const ProblemType& find_problem_type(ProblemKind kind);
// A problem of `kind` with its table's code, status and title.
[[nodiscard]] Problem make_problem(ProblemKind kind, std::string detail,
                                   nlohmann::json extra = nlohmann::json::object());

// The kind of a request the transport refused before any handler saw it, from the status it
// gets (413, 414, 431; anything else is malformed).
[[nodiscard]] ProblemKind to_refusal_kind(int status);

inline constexpr std::string_view k_problem_media_type = "application/problem+json";

[[nodiscard]] std::string to_problem_type(std::string_view code);
[[nodiscard]] nlohmann::json to_json(const Problem& problem);
// A complete response: status, Content-Type: application/problem+json, body.
[[nodiscard]] core::Response build_problem_response(const Problem& problem);

} // namespace concord::mock
