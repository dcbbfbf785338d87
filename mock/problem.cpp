#include "mock/problem.hpp"

#include <array>
#include <cstddef>
#include <utility>

namespace concord::mock {

namespace {

// The one table of the mock's own problems (docs/mock.md lists the codes).
// Order follows ProblemKind; problem_type() checks that at compile time.
constexpr std::array k_problem_types = {
    std::pair{ProblemKind::route_no_path, ProblemType{"route.no_path", 404, "Not Found"}},
    std::pair{ProblemKind::route_no_method,
              ProblemType{"route.no_method", 405, "Method Not Allowed"}},
    std::pair{ProblemKind::negotiate_not_acceptable,
              ProblemType{"negotiate.not_acceptable", 406, "Not Acceptable"}},
    std::pair{ProblemKind::request_invalid,
              ProblemType{"request.invalid", 422, "Unprocessable Entity"}},
    std::pair{ProblemKind::request_malformed, ProblemType{"request.malformed", 400, "Bad Request"}},
    std::pair{ProblemKind::request_malformed_json,
              ProblemType{"request.malformed_json", 400, "Malformed JSON body"}},
    std::pair{ProblemKind::request_too_deep,
              ProblemType{"request.too_deep", 400, "Request body nested too deeply"}},
    std::pair{ProblemKind::request_too_large,
              ProblemType{"request.too_large", 413, "Payload Too Large"}},
    std::pair{ProblemKind::request_uri_too_long,
              ProblemType{"request.uri_too_long", 414, "URI Too Long"}},
    std::pair{ProblemKind::request_too_many_headers,
              ProblemType{"request.too_many_headers", 431, "Request Header Fields Too Large"}},
    std::pair{ProblemKind::request_unsupported_media_type,
              ProblemType{"request.unsupported_media_type", 415, "Unsupported Media Type"}},
    std::pair{ProblemKind::security_unauthorized,
              ProblemType{"security.unauthorized", 401, "Unauthorized"}},
    std::pair{ProblemKind::security_forbidden, ProblemType{"security.forbidden", 403, "Forbidden"}},
    std::pair{ProblemKind::mock_no_such_response,
              ProblemType{"mock.no_response", 400, "No such response"}},
    std::pair{ProblemKind::mock_no_such_example,
              ProblemType{"mock.no_response", 400, "No such example"}},
    std::pair{ProblemKind::mock_no_documented_response,
              ProblemType{"mock.no_response", 500, "No documented response"}},
    std::pair{ProblemKind::mock_injected_error,
              ProblemType{"mock.injected_error", 500, "Injected error"}},
    std::pair{ProblemKind::admin_forbidden, ProblemType{"admin.forbidden", 403, "Forbidden"}},
    std::pair{ProblemKind::admin_not_found, ProblemType{"route.no_path", 404, "Not Found"}},
    std::pair{ProblemKind::admin_bad_clock_request,
              ProblemType{"request.invalid", 400, "Bad clock request"}},
    std::pair{ProblemKind::admin_stateless,
              ProblemType{"admin.stateless", 409, "No behaviour loaded"}},
    std::pair{ProblemKind::admin_state_rejected,
              ProblemType{"config.invalid", 400, "State not applied"}},
    std::pair{ProblemKind::proxy_bad_gateway, ProblemType{"proxy.bad_gateway", 502, "Bad Gateway"}},
    std::pair{ProblemKind::proxy_gateway_timeout,
              ProblemType{"proxy.gateway_timeout", 504, "Gateway Timeout"}},
    std::pair{ProblemKind::proxy_invalid_response,
              ProblemType{"proxy.invalid_response", 502, "Upstream answer breaks the contract"}},
    std::pair{ProblemKind::internal, ProblemType{"internal", 500, "Internal Server Error"}},
};

constexpr bool is_in_enum_order() {
  for (std::size_t i = 0; i < k_problem_types.size(); ++i) {
    if (static_cast<std::size_t>(k_problem_types[i].first) != i) {
      return false;
    }
  }
  return k_problem_types.size() == static_cast<std::size_t>(ProblemKind::internal) + 1;
}
static_assert(is_in_enum_order(), "k_problem_types: one row per ProblemKind, in enum order");

} // namespace

const ProblemType& find_problem_type(ProblemKind kind) {
  return k_problem_types[static_cast<std::size_t>(kind)].second;
}

Problem make_problem(ProblemKind kind, std::string detail, nlohmann::json extra) {
  const ProblemType& type = find_problem_type(kind);
  return Problem{type.status, std::string(type.code), std::string(type.title), std::move(detail),
                 std::move(extra)};
}

std::string to_problem_type(std::string_view code) {
  std::string type = "urn:concord:";
  type += code;
  return type;
}

nlohmann::json to_json(const Problem& problem) {
  nlohmann::json body = nlohmann::json::object();
  body["type"] = to_problem_type(problem.code);
  body["title"] = problem.title;
  body["status"] = problem.status;
  body["detail"] = problem.detail;
  if (problem.extra.is_object()) {
    for (const auto& [key, value] : problem.extra.items()) {
      body[key] = value;
    }
  }
  return body;
}

core::Response build_problem_response(const Problem& problem) {
  core::Response response;
  response.status = problem.status;
  response.headers.emplace_back("Content-Type", std::string(k_problem_media_type));
  response.body = to_json(problem).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

ProblemKind to_refusal_kind(int status) {
  switch (status) {
  case 413:
    return ProblemKind::request_too_large;
  case 414:
    return ProblemKind::request_uri_too_long;
  case 431:
    return ProblemKind::request_too_many_headers;
  default:
    return ProblemKind::request_malformed;
  }
}

} // namespace concord::mock
