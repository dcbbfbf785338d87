#include "mock/decision.hpp"

#include "mock/negotiator.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace concord::mock {

using nlohmann::json;

namespace {

// Replaces message-like string fields (top level and one level down) with `summary`.
void fill_summary(json& value, const std::string& summary, int depth = 0) {
  static constexpr std::array<std::string_view, 9> k_fields = {
      "message",           "error",        "detail", "title", "description",
      "error_description", "errorMessage", "reason", "msg"};
  if (!value.is_object() || depth > 1) {
    return;
  }
  for (auto& [key, field] : value.items()) {
    if (field.is_string() && std::find(k_fields.begin(), k_fields.end(), key) != k_fields.end()) {
      field = summary;
    } else if (field.is_object()) {
      fill_summary(field, summary, depth + 1);
    }
  }
}

// A documented error body with its message fields set to the error's detail, when the
// result is JSON and still valid against the media type's schema; else the body unchanged.
void fill_error_body(const DocumentedBody& documented, const std::string& content_type,
                     std::string& body) {
  if (!is_json_media_type(content_type)) {
    return;
  }
  json value = json::parse(body, nullptr, false);
  if (value.is_discarded() || !value.is_object()) {
    return;
  }
  fill_summary(value, *documented.fill_detail);
  if (documented.builder->is_valid(documented.media->schema, value)) {
    body = value.dump(-1, ' ', false, json::error_handler_t::replace);
  }
}

void render_documented(Decision& decision, core::Response& response) {
  const DocumentedBody& documented = decision.documented;
  auto body = documented.builder->build_body(*documented.media, documented.choice);
  if (!body) {
    // decide() checked the example's name; this is the same answer, kept for safety.
    response = build_problem_response(
        make_problem(ProblemKind::mock_no_such_example, body.error().message));
    return;
  }
  if (documented.fill_detail) {
    fill_error_body(documented, body->content_type, body->bytes);
  }
  response.headers.emplace_back("Content-Type", std::move(body->content_type));
  response.body = std::move(body->bytes);
}

} // namespace

Decision decide_problem(Problem problem) {
  Decision decision;
  decision.status = problem.status;
  decision.source = DecisionSource::problem;
  decision.problem = std::move(problem);
  return decision;
}

core::Response render(Decision&& decision) {
  core::Response response;
  response.status = decision.status;
  response.headers = std::move(decision.headers);
  switch (decision.source) {
  case DecisionSource::none:
    break;
  case DecisionSource::example:
  case DecisionSource::generated:
    render_documented(decision, response);
    break;
  case DecisionSource::behaviour:
    // behaviour_text is the dump() of a non-string body: what serialize_body makes of it.
    response.body = decision.behaviour_text
                        ? *decision.behaviour_text
                        : serialize_body(decision.behaviour_media, decision.behaviour_body);
    response.headers.emplace_back("Content-Type", std::move(decision.behaviour_media));
    break;
  case DecisionSource::problem:
    response.headers.emplace_back("Content-Type", std::string(k_problem_media_type));
    response.body = to_json(*decision.problem).dump(-1, ' ', false, json::error_handler_t::replace);
    break;
  }
  return response;
}

} // namespace concord::mock
