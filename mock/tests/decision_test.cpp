// MockEngine::decide says what to answer without bytes; render() makes the bytes. These
// check the decision a user's request leads to, and that the rendered answer agrees with it.

#include "core/http_types.hpp"
#include "mock/decision.hpp"
#include "mock/engine.hpp"
#include "mock/problem.hpp"

#include <gtest/gtest.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace concord::mock {
namespace {

std::unique_ptr<MockEngine> make_petstore() {
  MockOptions options;
  options.specs = {std::string(CONCORD_SOURCE_DIR) + "/fixtures/mock/petstore.yaml"};
  options.stateless = true;
  auto engine = MockEngine::create(options, MockServices{});
  EXPECT_TRUE(engine) << engine.error().to_string();
  return engine ? std::move(*engine) : nullptr;
}

core::Request make_request(std::string method, std::string path) {
  core::Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.remote_addr = "127.0.0.1";
  return request;
}

TEST(Decision, DocumentedExampleIsDecidedWithoutABody) {
  auto engine = make_petstore();
  ASSERT_NE(engine, nullptr);
  Decision decision = engine->decide(make_request("GET", "/v1/pets"));
  EXPECT_EQ(decision.status, 200);
  EXPECT_EQ(decision.source, DecisionSource::example);
  ASSERT_NE(decision.operation, nullptr);
  EXPECT_EQ(decision.operation->operation_id, "listPets");
  const core::Response response = render(std::move(decision));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(nlohmann::json::parse(response.body), nlohmann::json::parse(R"([
    {"id": 1, "name": "Rex"}, {"id": 2, "name": "Tom"}])"));
  const std::string* type = core::find_header(response.headers, "Content-Type");
  ASSERT_NE(type, nullptr);
  EXPECT_EQ(*type, "application/json");
}

TEST(Decision, PreferDynamicIsGenerated) {
  auto engine = make_petstore();
  ASSERT_NE(engine, nullptr);
  core::Request request = make_request("GET", "/v1/pets");
  request.headers.emplace_back("Prefer", "dynamic=true, seed=7");
  const Decision decision = engine->decide(request);
  EXPECT_EQ(decision.status, 200);
  EXPECT_EQ(decision.source, DecisionSource::generated);
}

TEST(Decision, UnknownPathIsAProblemWithItsTableRow) {
  auto engine = make_petstore();
  ASSERT_NE(engine, nullptr);
  Decision decision = engine->decide(make_request("GET", "/v1/nothing-here"));
  EXPECT_EQ(decision.status, 404);
  ASSERT_EQ(decision.source, DecisionSource::problem);
  ASSERT_TRUE(decision.problem);
  EXPECT_EQ(decision.problem->code, "route.no_path");
  const core::Response response = render(std::move(decision));
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["type"], "urn:concord:route.no_path");
  EXPECT_EQ(body["status"], 404);
}

TEST(Decision, UndocumentedMethodCarriesAllow) {
  auto engine = make_petstore();
  ASSERT_NE(engine, nullptr);
  const Decision decision = engine->decide(make_request("PATCH", "/v1/pets"));
  EXPECT_EQ(decision.status, 405);
  const std::string* allow = core::find_header(decision.headers, "Allow");
  ASSERT_NE(allow, nullptr);
  EXPECT_NE(allow->find("GET"), std::string::npos);
  EXPECT_NE(allow->find("POST"), std::string::npos);
}

TEST(Decision, UnknownPreferredExampleIsDecidedAsAProblem) {
  auto engine = make_petstore();
  ASSERT_NE(engine, nullptr);
  core::Request request = make_request("GET", "/v1/pets");
  request.headers.emplace_back("Prefer", "example=nope");
  const Decision decision = engine->decide(request);
  EXPECT_EQ(decision.status, 400);
  ASSERT_TRUE(decision.problem);
  EXPECT_EQ(decision.problem->code, "mock.no_response");
  EXPECT_NE(decision.problem->detail.find("two"), std::string::npos); // names the examples
}

TEST(Decision, InvalidQueryKeepsTheFindingsForTheJournal) {
  auto engine = make_petstore();
  ASSERT_NE(engine, nullptr);
  core::Request request = make_request("GET", "/v1/pets");
  request.query = "limit=1000";
  const Decision decision = engine->decide(request);
  EXPECT_EQ(decision.status, 422);
  ASSERT_EQ(decision.findings.size(), 1U);
  EXPECT_EQ(decision.findings.front().in, "query");
}

TEST(ProblemTable, EveryKindHasACodeAnErrorStatusAndATitle) {
  std::set<std::string> codes;
  for (int kind = 0; kind <= static_cast<int>(ProblemKind::internal); ++kind) {
    const ProblemType& type = find_problem_type(static_cast<ProblemKind>(kind));
    EXPECT_FALSE(type.code.empty());
    EXPECT_FALSE(type.title.empty());
    EXPECT_GE(type.status, 400);
    EXPECT_LT(type.status, 600);
    codes.emplace(type.code);
  }
  EXPECT_TRUE(codes.count("route.no_path") == 1 && codes.count("request.invalid") == 1);
  const Problem problem = make_problem(ProblemKind::route_no_method, "detail");
  EXPECT_EQ(problem.status, 405);
  EXPECT_EQ(problem.code, "route.no_method");
  EXPECT_EQ(problem.title, "Method Not Allowed");
}

} // namespace
} // namespace concord::mock
