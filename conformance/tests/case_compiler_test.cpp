#include "conformance/case_compiler.hpp"
#include "test_support.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace concord::conformance {
namespace {

const Case* find_case(const CompiledCases& compiled, const std::string& id) {
  for (const auto& c : compiled.cases) {
    if (c.id == id) {
      return &c;
    }
  }
  return nullptr;
}

std::string list_ids(const CompiledCases& compiled) {
  std::string out;
  for (const auto& c : compiled.cases) {
    out += c.id + "\n";
  }
  return out;
}

core::Operation make_resume_operation() {
  core::Operation op;
  op.method = "POST";
  op.path = "/v0/pipelines/{pipeline_name}/resume";
  op.operation_id = "post_pipeline_resume";
  core::Parameter name;
  name.name = "pipeline_name";
  name.in = core::ParamIn::path;
  name.required = true;
  name.examples.push_back({"default", "my pipeline", "", {}, false});
  op.parameters.push_back(name);
  core::ResponseSpec accepted;
  accepted.status = "202";
  core::ResponseSpec conflict;
  conflict.status = "400";
  core::MediaType json;
  json.name = "application/json";
  json.examples.push_back({"illegal-state", {{"error", "stopping"}}, "", {}, false});
  conflict.content.push_back(json);
  core::ResponseSpec missing;
  missing.status = "404";
  json.examples = {{"unknown-pipeline", {{"error", "unknown"}}, "", {}, false}};
  missing.content.push_back(json);
  core::ResponseSpec fallback;
  fallback.status = "default";
  op.responses = {accepted, conflict, missing, fallback};
  return op;
}

TEST(CaseCompiler, MakesStableReadableIds) {
  core::Spec spec;
  spec.file = "specs/feldera.yaml";
  const auto op = make_resume_operation();
  const auto compiled = compile_operation_cases(spec, op);
  EXPECT_NE(find_case(compiled, "POST /v0/pipelines/{pipeline_name}/resume > 202"), nullptr)
      << list_ids(compiled);
  EXPECT_NE(
      find_case(compiled, "POST /v0/pipelines/{pipeline_name}/resume > 404 > unknown-pipeline"),
      nullptr)
      << list_ids(compiled);
  const auto again = compile_operation_cases(spec, op);
  EXPECT_EQ(list_ids(compiled), list_ids(again));
}

TEST(CaseCompiler, TriesNotFoundWithAMadeUpId) {
  core::Spec spec;
  const auto op = make_resume_operation();
  const auto compiled = compile_operation_cases(spec, op);
  const auto* c =
      find_case(compiled, "POST /v0/pipelines/{pipeline_name}/resume > 404 > unknown-pipeline");
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->skip_reason.empty());
  EXPECT_EQ(c->request.path_params.at("pipeline_name"), "concord-unknown-pipeline_name");
  const auto* ok = find_case(compiled, "POST /v0/pipelines/{pipeline_name}/resume > 202");
  ASSERT_NE(ok, nullptr);
  EXPECT_EQ(ok->request.path_params.at("pipeline_name"), "my pipeline");
}

TEST(CaseCompiler, SkipsStatusesThatNeedAStateWithAReason) {
  core::Spec spec;
  const auto op = make_resume_operation();
  const auto compiled = compile_operation_cases(spec, op);
  const auto* conflict =
      find_case(compiled, "POST /v0/pipelines/{pipeline_name}/resume > 400 > illegal-state");
  ASSERT_NE(conflict, nullptr);
  EXPECT_NE(conflict->skip_reason.find("needs a state"), std::string::npos);
  const auto* fallback = find_case(compiled, "POST /v0/pipelines/{pipeline_name}/resume > default");
  ASSERT_NE(fallback, nullptr);
  EXPECT_NE(fallback->skip_reason.find("range or default"), std::string::npos);
}

TEST(CaseCompiler, PreferAsksForNonDefaultStatuses) {
  core::Spec spec;
  const auto op = make_resume_operation();
  CompileOptions options;
  options.prefer = true;
  const auto compiled = compile_operation_cases(spec, op, options);
  const auto* conflict =
      find_case(compiled, "POST /v0/pipelines/{pipeline_name}/resume > 400 > illegal-state");
  ASSERT_NE(conflict, nullptr);
  EXPECT_TRUE(conflict->skip_reason.empty());
  const auto* prefer = core::find_header(conflict->request.headers, "Prefer");
  ASSERT_NE(prefer, nullptr);
  EXPECT_EQ(*prefer, "code=400, example=illegal-state");
}

TEST(CaseCompiler, SkipsWhenARequiredValueCannotBeMade) {
  core::Spec spec;
  auto op = make_resume_operation();
  op.parameters.front().examples.clear();
  const auto compiled = compile_operation_cases(spec, op);
  for (const auto& c : compiled.cases) {
    EXPECT_NE(c.skip_reason.find("pipeline_name"), std::string::npos) << c.id;
  }
}

TEST(CaseCompiler, BuildsNegativeCasesFromTheDocument) {
  const auto spec = testing::load_fixture_spec("pets.yaml");
  ASSERT_NE(spec, nullptr);
  const auto compiled = compile_cases(*spec);
  const auto* no_credentials = find_case(compiled, "GET /pets/{petId} > 401 > no-credentials");
  ASSERT_NE(no_credentials, nullptr) << list_ids(compiled);
  EXPECT_EQ(no_credentials->kind, CaseKind::negative);
  EXPECT_FALSE(no_credentials->request.send_credentials);
  EXPECT_TRUE(no_credentials->skip_reason.empty());

  const auto* missing = find_case(compiled, "GET /pets/{petId} > 400 > missing-query-api-version");
  ASSERT_NE(missing, nullptr) << list_ids(compiled);
  EXPECT_TRUE(missing->request.query.empty());

  const auto* invalid = find_case(compiled, "POST /pets > 422 > invalid-body");
  ASSERT_NE(invalid, nullptr) << list_ids(compiled);
  ASSERT_TRUE(invalid->request.body.has_value());
  EXPECT_EQ(*invalid->request.body, R"({"age":3,"kind":"dog"})"); // required id removed

  // createPet documents no 401/403 although it requires credentials: shown, not dropped.
  const auto* unguarded = find_case(compiled, "POST /pets > 4XX > no-credentials");
  ASSERT_NE(unguarded, nullptr) << list_ids(compiled);
  EXPECT_NE(unguarded->skip_reason.find("neither 401, 403 nor a default"), std::string::npos);
}

TEST(CaseCompiler, OneCasePerExampleWithTheFirstRequestValues) {
  const auto spec = testing::load_fixture_spec("pets.yaml");
  ASSERT_NE(spec, nullptr);
  const auto compiled = compile_cases(*spec);
  const auto* dog = find_case(compiled, "GET /pets/{petId} > 200 > dog");
  const auto* cat = find_case(compiled, "GET /pets/{petId} > 200 > cat");
  ASSERT_NE(dog, nullptr) << list_ids(compiled);
  ASSERT_NE(cat, nullptr);
  EXPECT_FALSE(cat->example_selectable); // the target cannot be asked for "cat"
  ASSERT_EQ(dog->request.query.size(), 1U);
  EXPECT_EQ(dog->request.query.front().second, "2024-01-01"); // from the enum
  const auto* health = find_case(compiled, "GET /health > 204");
  ASSERT_NE(health, nullptr);
  EXPECT_TRUE(health->skip_reason.empty());
  const auto* server_error = find_case(compiled, "GET /pets/{petId} > 5XX");
  ASSERT_NE(server_error, nullptr);
  EXPECT_FALSE(server_error->skip_reason.empty());
}

} // namespace
} // namespace concord::conformance

namespace concord::conformance {
namespace {

core::Parameter make_parameter(const char* name, core::ParamIn in, const char* example) {
  core::Parameter param;
  param.name = name;
  param.in = in;
  param.required = true;
  param.examples.push_back({"default", example, "", {}, false});
  return param;
}

// Scenario steps and cases are built by the same rules (docs/rules.md, request building).
TEST(CaseCompiler, StepRequestJoinsCookiesLikeACase) {
  core::Spec spec;
  auto op = make_resume_operation();
  op.parameters.push_back(make_parameter("session", core::ParamIn::cookie, "s1"));
  op.parameters.push_back(make_parameter("theme", core::ParamIn::cookie, "dark"));
  const auto compiled = compile_operation_cases(spec, op);
  const Case* plain = find_case(compiled, "POST /v0/pipelines/{pipeline_name}/resume > 202");
  ASSERT_NE(plain, nullptr) << list_ids(compiled);
  const std::string* case_cookie = core::find_header(plain->request.headers, "Cookie");
  ASSERT_NE(case_cookie, nullptr);
  EXPECT_EQ(*case_cookie, "session=s1; theme=dark");

  Step step;
  step.params = {{"theme", "light"}};
  const CompiledStep built = compile_step_request(spec, op, step);
  EXPECT_EQ(built.error, "");
  const auto cookies =
      std::count_if(built.plan.headers.begin(), built.plan.headers.end(),
                    [](const auto& h) { return core::iequals(h.first, "Cookie"); });
  EXPECT_EQ(cookies, 1);
  EXPECT_EQ(*core::find_header(built.plan.headers, "Cookie"), "session=s1; theme=light");
  EXPECT_EQ(built.plan.path_params.at("pipeline_name"), "my pipeline");
}

TEST(CaseCompiler, StepRequestLeavesOutNullParamsAndAppliesStepHeadersLast) {
  core::Spec spec;
  auto op = make_resume_operation();
  op.parameters.push_back(make_parameter("X-Mode", core::ParamIn::header, "fast"));
  Step step;
  step.params = {{"X-Mode", nullptr}};
  step.headers = {{"accept", "text/plain"}, {"X-Extra", 3}};
  step.expect.status = "404";
  step.body = nlohmann::json{{"force", true}};
  const CompiledStep built = compile_step_request(spec, op, step);
  EXPECT_EQ(core::find_header(built.plan.headers, "X-Mode"), nullptr);
  EXPECT_EQ(*core::find_header(built.plan.headers, "Accept"), "text/plain");
  EXPECT_EQ(*core::find_header(built.plan.headers, "X-Extra"), "3");
  EXPECT_EQ(*core::find_header(built.plan.headers, "Content-Type"), "application/json");
  EXPECT_EQ(built.plan.body, std::optional<std::string>(R"({"force":true})"));

  Step missing;
  auto bare = make_resume_operation();
  bare.parameters.front().examples.clear();
  EXPECT_NE(compile_step_request(spec, bare, missing).error, "");
}

} // namespace
} // namespace concord::conformance
