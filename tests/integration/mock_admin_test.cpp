#include "mock_test_support.hpp"

namespace concord::mock::testing {
namespace {

using nlohmann::json;

TEST(MockAdmin, HealthRoutesAndJournal) {
  RunningMock mock(petstore_options());
  auto client = mock.client();
  auto res = client.Get("/__concord/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(body_of(res)["status"], "ok");
  EXPECT_EQ(body_of(res)["documents"][0]["prefix"], "/v1");
  EXPECT_EQ(client.Get("/__concord/routes")->status, 200);

  client.Get("/v1/pets");
  client.Get("/v1/pets?limit=0");
  client.Get("/v1/nowhere");
  res = client.Get("/__concord/requests");
  ASSERT_TRUE(res);
  const json journal = body_of(res);
  ASSERT_EQ(journal["requests"].size(), 3U) << journal.dump();
  EXPECT_EQ(journal["requests"][0]["operationId"], "listPets");
  EXPECT_EQ(journal["requests"][0]["status"], 200);
  EXPECT_EQ(journal["requests"][1]["status"], 422);
  EXPECT_EQ(journal["requests"][1]["findings"][0]["keyword"], "minimum");
  EXPECT_TRUE(journal["requests"][2]["operationId"].is_null());
  EXPECT_EQ(client.Delete("/__concord/requests")->status, 204);
  EXPECT_EQ(body_of(client.Get("/__concord/requests"))["requests"].size(), 0U);
}

TEST(MockAdmin, ClockFreezeAndAdvance) {
  RunningMock mock(petstore_options());
  auto client = mock.client();
  auto res = client.Post("/__concord/clock/freeze", "", "application/json");
  ASSERT_TRUE(res);
  const auto frozen_at = body_of(res)["now"].get<std::int64_t>();
  EXPECT_TRUE(body_of(res)["frozen"].get<bool>());
  res = client.Post("/__concord/clock/advance", R"({"ms": 5000})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(body_of(res)["now"].get<std::int64_t>(), frozen_at + 5000);
  EXPECT_EQ(client.Post("/__concord/clock/advance", R"({"ms": "x"})", "application/json")->status,
            400);
}

TEST(MockAdmin, UnknownAdminEndpointIs404) {
  RunningMock mock(petstore_options());
  EXPECT_EQ(mock.client().Get("/__concord/nope")->status, 404);
}

TEST(MockAdmin, StateWithoutBehaviourIs409) {
  RunningMock mock(petstore_options());
  EXPECT_EQ(mock.client().Put("/__concord/state", "{}", "application/json")->status, 409);
}

// The seed spec with its behaviour file: state changes through requests and the admin API.
TEST(MockAdmin, BehaviourStateResetAndProviderState) {
  MockOptions options;
  options.specs = {source_path("specs/northflank.yaml")};
  options.behaviours["northflank"] = source_path("fixtures/northflank/behaviour.yaml");
  RunningMock mock(options);
  auto client = mock.client();
  const httplib::Headers auth{{"Authorization", "Bearer token"}};
  const std::string resume = "/v1/projects/default-project/services/example-service/resume";
  auto res = client.Post(resume, auth, R"({"instances": 1})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  res = client.Post(resume, auth, R"({"instances": 1})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 409) << "already running";
  EXPECT_EQ(client.Post("/__concord/reset", "", "application/json")->status, 204);
  res = client.Post(resume, auth, R"({"instances": 1})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << "paused again after reset";
  res = client.Get("/__concord/state");
  ASSERT_TRUE(res);
  EXPECT_TRUE(body_of(res).contains("northflank")) << res->body;
  res = client.Post("/__concord/provider-state",
                    R"({"action":"setup","state":"service is paused","params":{"resource":"service",
                        "key":{"projectId":"default-project","serviceId":"example-service"},
                        "state":"paused"}})",
                    "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 204) << res->body;
  res = client.Post(resume, auth, R"({"instances": 1})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << "paused by the provider state";
}

TEST(MockAdmin, StatelessIgnoresBehaviour) {
  MockOptions options;
  options.specs = {source_path("specs/northflank.yaml")};
  options.behaviours["northflank"] = source_path("fixtures/northflank/behaviour.yaml");
  options.stateless = true;
  RunningMock mock(options);
  const httplib::Headers auth{{"Authorization", "Bearer token"}};
  const std::string resume = "/v1/projects/default-project/services/example-service/resume";
  for (int i = 0; i < 2; ++i) {
    auto res = mock.client().Post(resume, auth, R"({"instances": 1})", "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
  }
}

} // namespace
} // namespace concord::mock::testing
