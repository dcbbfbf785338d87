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

inline constexpr std::string_view k_problem_media_type = "application/problem+json";

[[nodiscard]] std::string to_problem_type(std::string_view code);
[[nodiscard]] nlohmann::json to_json(const Problem& problem);
// A complete response: status, Content-Type: application/problem+json, body.
[[nodiscard]] core::Response build_problem_response(const Problem& problem);

} // namespace concord::mock
