#include "mock/problem.hpp"

namespace concord::mock {

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

} // namespace concord::mock
