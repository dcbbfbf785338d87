#include "mock_test_support.hpp"

#include <chrono>

namespace concord::mock::testing {
namespace {

using nlohmann::json;

class MockConfigTest : public ::testing::Test {
protected:
  void SetUp() override {
    MockOptions options = petstore_options();
    options.config_file = source_path("fixtures/mock/config.yaml");
    mock_ = std::make_unique<RunningMock>(options);
  }
  void TearDown() override { mock_.reset(); }
  std::unique_ptr<RunningMock> mock_;
};

TEST_F(MockConfigTest, WrongBearerTokenIs403RightOneIs201) {
  auto client = mock_->client();
  auto res = client.Post("/v1/pets", httplib::Headers{{"Authorization", "Bearer bad"}},
                         R"({"name":"Rex"})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(body_of(res)["type"], "urn:concord:security.forbidden");
  res = client.Post("/v1/pets", httplib::Headers{{"Authorization", "Bearer good-token"}},
                    R"({"name":"Rex"})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201);
}

TEST_F(MockConfigTest, BasicAndApiKeyCredentials) {
  auto client = mock_->client();
  client.set_basic_auth("admin", "wrong");
  EXPECT_EQ(client.Delete("/v1/pets/3")->status, 403);
  client.set_basic_auth("admin", "secret");
  EXPECT_EQ(client.Delete("/v1/pets/3")->status, 204);
  const std::string key_path = "/v1/keys/3fa85f64-5717-4562-b3fc-2c963f66afa6";
  EXPECT_EQ(mock_->client().Get(key_path, httplib::Headers{{"X-API-Key", "key-2"}})->status, 403);
  EXPECT_EQ(mock_->client().Get(key_path, httplib::Headers{{"X-API-Key", "key-1"}})->status, 200);
  auto res = mock_->client().Get(key_path);
  EXPECT_EQ(res->status, 401);
  EXPECT_NE(res->get_header_value("WWW-Authenticate").find("ApiKey"), std::string::npos);
}

TEST_F(MockConfigTest, LatencyDelaysTheAnswer) {
  const auto start = std::chrono::steady_clock::now();
  auto res = mock_->client().Get("/v1/slow");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_GE(elapsed, std::chrono::milliseconds(100));
}

TEST_F(MockConfigTest, BodyOverTheLimitIs413Problem) {
  const std::string big = R"({"name":")" + std::string(8000, 'x') + R"("})";
  auto res = mock_->client().Put("/v1/pets/3", big, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(body_of(res)["type"], "urn:concord:request.too_large");
}

TEST_F(MockConfigTest, ConfiguredDepthLimit) {
  const std::string deep = std::string(40, '[') + std::string(40, ']');
  EXPECT_EQ(mock_->client().Put("/v1/pets/3", deep, "application/json")->status, 400);
}

TEST_F(MockConfigTest, SeedFromConfigGivesStableBodies) {
  MockOptions options = petstore_options();
  options.seed = 7;
  RunningMock same(options);
  EXPECT_EQ(same.client().Get("/v1/pets/9")->body, mock_->client().Get("/v1/pets/9")->body);
}

MockOptions with_config(const std::string& yaml) {
  MockOptions options = petstore_options();
  auto config = parse_mock_config(yaml, "mem://test-config.yaml");
  EXPECT_TRUE(config) << config.error().to_string();
  options.config = *config;
  return options;
}

TEST(MockConfigFaults, ErrorInjectionAnswersTheConfiguredStatus) {
  RunningMock mock(with_config("operations: { getPet: { errors: { rate: 1.0, status: 404 } },"
                               " listPets: { errors: { rate: 1.0, status: 503 } } }"));
  auto res = mock.client().Get("/v1/pets/4");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(body_of(res)["message"], "no such pet") << "a documented status uses its example";
  res = mock.client().Get("/v1/pets");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(body_of(res)["type"], "urn:concord:mock.injected_error");
}

class MockConnectionFaults : public ::testing::TestWithParam<MockServer::Transport> {};

TEST_P(MockConnectionFaults, BreakTheExchange) {
  RunningMock mock(with_config("operations:\n"
                               "  getPet: { faults: { rate: 1.0, kind: reset } }\n"
                               "  listPets: { faults: { rate: 1.0, kind: truncate } }\n"
                               "  listMyPets: { faults: { rate: 1.0, kind: empty } }\n"),
                   std::nullopt, nullptr, GetParam());
  EXPECT_FALSE(mock.client().Get("/v1/pets/4"));
  EXPECT_FALSE(mock.client().Get("/v1/pets"));
  EXPECT_FALSE(mock.client().Get("/v1/pets/mine"));
  EXPECT_EQ(mock.client().Get("/v1/slow")->status, 200) << "the server keeps serving";
}

INSTANTIATE_TEST_SUITE_P(Transports, MockConnectionFaults,
                         ::testing::Values(MockServer::Transport::cpp_httplib,
                                           MockServer::Transport::plain),
                         transport_name);

TEST(MockConfigFaults, ValidationOffInConfig) {
  RunningMock mock(with_config("validation: false"));
  EXPECT_EQ(mock.client().Get("/v1/pets?limit=abc")->status, 200);
}

TEST(MockConfigFaults, CorsCanBeSwitchedOff) {
  RunningMock mock(with_config("cors: false"));
  auto res = mock.client().Get("/v1/pets", httplib::Headers{{"Origin", "https://x.example"}});
  ASSERT_TRUE(res);
  EXPECT_FALSE(res->has_header("Access-Control-Allow-Origin"));
  res =
      mock.client().Options("/v1/pets", httplib::Headers{{"Origin", "https://x.example"},
                                                         {"Access-Control-Request-Method", "GET"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 405);
}

TEST(MockConfigFaults, UnknownConfigKeyIsConfigInvalid) {
  MockOptions options = petstore_options();
  options.config_file = source_path("fixtures/mock/petstore.yaml"); // not a config
  auto server = MockServer::create(options);
  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().code, core::ErrorCode::config_invalid);
}

} // namespace
} // namespace concord::mock::testing
