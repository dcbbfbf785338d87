#include "mock_test_support.hpp"

namespace concord::mock::testing {
namespace {

using nlohmann::json;

// The mock's behaviour over HTTP, on both transports (the plain one is the proxy's).
class MockServerTest : public ::testing::TestWithParam<MockServer::Transport> {
protected:
  void SetUp() override {
    mock_ = std::make_unique<RunningMock>(petstore_options(), std::nullopt, nullptr, GetParam());
  }
  void TearDown() override { mock_.reset(); }
  std::unique_ptr<RunningMock> mock_;
};

TEST_P(MockServerTest, ServesFirstExampleUnderBasePath) {
  auto client = mock_->client();
  auto res = client.Get("/v1/pets");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(body_of(res), json::parse(R"([{"id":1,"name":"Rex"},{"id":2,"name":"Tom"}])"));
}

TEST_P(MockServerTest, AlsoAnswersWithoutBasePath) {
  auto res = mock_->client().Get("/pets/mine");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(body_of(res)[0]["name"], "Mine");
}

TEST_P(MockServerTest, UnknownPathIs404Problem) {
  auto res = mock_->client().Get("/v1/owners");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
  EXPECT_EQ(body_of(res)["type"], "urn:concord:route.no_path");
}

TEST_P(MockServerTest, WrongMethodIs405WithAllow) {
  auto res = mock_->client().Put("/v1/pets", "{}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 405);
  EXPECT_EQ(res->get_header_value("Allow"), "GET, POST");
  EXPECT_EQ(body_of(res)["type"], "urn:concord:route.no_method");
}

TEST_P(MockServerTest, InvalidParametersAre422WithEveryFinding) {
  auto res =
      mock_->client().Get("/v1/pets?limit=abc&tags=cat,bird", httplib::Headers{{"X-Trace", "XYZ"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
  const json body = body_of(res);
  EXPECT_EQ(body["type"], "urn:concord:request.invalid");
  ASSERT_TRUE(body["findings"].is_array());
  std::set<std::string> seen;
  for (const auto& finding : body["findings"]) {
    seen.insert(finding["in"].get<std::string>() + finding["pointer"].get<std::string>() + " " +
                finding["keyword"].get<std::string>());
  }
  EXPECT_TRUE(seen.count("query/limit type")) << body.dump();
  EXPECT_TRUE(seen.count("query/tags/1 enum")) << body.dump();
  EXPECT_TRUE(seen.count("header/X-Trace pattern")) << body.dump();
}

TEST_P(MockServerTest, InvalidPathParameterIs422) {
  auto res = mock_->client().Get("/v1/pets/0");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
  EXPECT_EQ(body_of(res)["findings"][0]["keyword"], "minimum");
}

TEST_P(MockServerTest, InvalidBodyUsesDocumented400Shape) {
  auto res = mock_->client().Post("/v1/pets", httplib::Headers{{"Authorization", "Bearer t"}},
                                  R"({"name": "", "colour": "red"})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  const json body = body_of(res);
  EXPECT_TRUE(body["code"].is_number_integer()) << body.dump();
  EXPECT_NE(body["message"].get<std::string>().find("request does not match createPet"),
            std::string::npos)
      << body.dump();
}

TEST_P(MockServerTest, MissingRequiredBodyIsRejected) {
  auto res = mock_->client().Put("/v1/pets/3", "", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << "the body of replacePet is optional";
  res = mock_->client().Post("/v1/pets", httplib::Headers{{"Authorization", "Bearer t"}}, "",
                             "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
}

TEST_P(MockServerTest, UndocumentedContentTypeIs415) {
  auto res = mock_->client().Put("/v1/pets/3", "name=x", "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 415);
  EXPECT_EQ(body_of(res)["type"], "urn:concord:request.unsupported_media_type");
}

TEST_P(MockServerTest, UnmetAcceptIs406) {
  auto res = mock_->client().Get("/v1/pets", httplib::Headers{{"Accept", "text/html"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 406);
  EXPECT_EQ(body_of(res)["type"], "urn:concord:negotiate.not_acceptable");
}

TEST_P(MockServerTest, MissingCredentialsAre401WithChallenge) {
  auto res = mock_->client().Post("/v1/pets", R"({"name":"Rex"})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(res->get_header_value("WWW-Authenticate"), "Bearer realm=\"concord\"");
  res = mock_->client().Delete("/v1/pets/3");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(res->get_header_value("WWW-Authenticate"), "Basic realm=\"concord\"");
}

TEST_P(MockServerTest, AnyWellFormedCredentialPassesWithoutConfig) {
  auto res = mock_->client().Post("/v1/pets", httplib::Headers{{"Authorization", "Bearer t"}},
                                  R"({"name":"Rex"})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201);
  EXPECT_TRUE(body_of(res)["id"].is_number_integer());
}

TEST_P(MockServerTest, PreferCodeAndExample) {
  auto client = mock_->client();
  auto res = client.Get("/v1/pets/5", httplib::Headers{{"Prefer", "code=404"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(body_of(res), json::parse(R"({"code":404,"message":"no such pet"})"));
  res = client.Get("/v1/pets", httplib::Headers{{"Prefer", "example=empty"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, "[]");
}

TEST_P(MockServerTest, PreferUnknownCodeOrExampleIs400ListingChoices) {
  auto client = mock_->client();
  auto res = client.Get("/v1/pets/5", httplib::Headers{{"Prefer", "code=418"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(body_of(res)["type"], "urn:concord:mock.no_response");
  EXPECT_EQ(body_of(res)["available"], json::parse(R"(["200","404"])"));
  res = client.Get("/v1/pets", httplib::Headers{{"Prefer", "example=three"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("two, empty"), std::string::npos);
}

TEST_P(MockServerTest, PreferDynamicIsSeeded) {
  auto client = mock_->client();
  const httplib::Headers seven{{"Prefer", "dynamic=true, seed=7"}};
  auto first = client.Get("/v1/pets/5", seven);
  auto second = client.Get("/v1/pets/5", seven);
  auto other = client.Get("/v1/pets/5", httplib::Headers{{"Prefer", "dynamic=true, seed=8"}});
  ASSERT_TRUE(first && second && other);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, second->body);
  EXPECT_NE(first->body, other->body);
  EXPECT_TRUE(body_of(first)["name"].is_string());
}

TEST_P(MockServerTest, CorsPreflightAndSimpleRequests) {
  auto client = mock_->client();
  auto res = client.Options("/v1/pets", httplib::Headers{{"Origin", "https://app.example"},
                                                         {"Access-Control-Request-Method", "POST"},
                                                         {"Access-Control-Request-Headers",
                                                          "authorization, content-type"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 204);
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Methods"), "GET, POST");
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Headers"), "authorization, content-type");
  res = client.Get("/v1/pets", httplib::Headers{{"Origin", "https://app.example"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), "*");
}

TEST_P(MockServerTest, DeepNestingIs400) {
  const std::string deep = std::string(200, '[') + std::string(200, ']');
  auto res = mock_->client().Put("/v1/pets/3", deep, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(body_of(res)["type"], "urn:concord:request.too_deep");
}

TEST_P(MockServerTest, MalformedJsonIs400) {
  auto res = mock_->client().Put("/v1/pets/3", "{\"name\": ", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(body_of(res)["type"], "urn:concord:request.malformed_json");
}

TEST_P(MockServerTest, ValidationCanBeSwitchedOffPerRequest) {
  auto res =
      mock_->client().Get("/v1/pets?limit=abc", httplib::Headers{{"X-Concord-Validate", "off"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST_P(MockServerTest, PercentEncodedPathParameters) {
  auto res = mock_->client().Get("/v1/keys/not%20a%20uuid", httplib::Headers{{"X-API-Key", "k"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
  res = mock_->client().Get("/v1/keys/3fa85f64-5717-4562-b3fc-2c963f66afa6",
                            httplib::Headers{{"X-API-Key", "k"}, {"Accept", "text/plain"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "the-key");
}

TEST_P(MockServerTest, HeadIsAnsweredLikeGet) {
  auto res = mock_->client().Head("/v1/pets");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_TRUE(res->body.empty());
}

INSTANTIATE_TEST_SUITE_P(Transports, MockServerTest,
                         ::testing::Values(MockServer::Transport::cpp_httplib,
                                           MockServer::Transport::plain),
                         transport_name);

TEST(MockServerSeed, SameSeedSameBytes) {
  MockOptions options = petstore_options();
  options.seed = 42;
  RunningMock first(options);
  RunningMock second(options);
  options.seed = 43;
  RunningMock third(options);
  auto a = first.client().Get("/v1/pets/5");
  auto b = second.client().Get("/v1/pets/5");
  auto c = third.client().Get("/v1/pets/5");
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->body, b->body);
  EXPECT_NE(a->body, c->body);
}

TEST(MockServerDocuments, ServesSeveralDocumentsOnOnePort) {
  MockOptions options = petstore_options();
  options.specs.push_back(source_path("fixtures/mock/inventory.yaml"));
  RunningMock mock(options);
  auto res = mock.client().Get("/v1/stock/ABC-1234");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(mock.client().Get("/v1/pets")->status, 200);
  EXPECT_EQ(mock.client().Get("/v1/stock/abc")->status, 422);
}

TEST(MockServerDocuments, ConflictingDocumentsFailNamingBoth) {
  MockOptions options = petstore_options();
  options.specs.push_back(source_path("fixtures/mock/conflict.yaml"));
  auto server = MockServer::create(options);
  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().code, core::ErrorCode::spec_invalid);
  EXPECT_NE(server.error().message.find("petstore.yaml"), std::string::npos);
  EXPECT_NE(server.error().message.find("conflict.yaml"), std::string::npos);
}

TEST(MockServerDocuments, MountsADocumentUnderAPrefix) {
  MockOptions options = petstore_options();
  options.mounts["petstore"] = "/api";
  RunningMock mock(options);
  EXPECT_EQ(mock.client().Get("/api/v1/pets")->status, 200);
  EXPECT_EQ(mock.client().Get("/api/pets")->status, 200);
  EXPECT_EQ(mock.client().Get("/v1/pets")->status, 404);
}

TEST(MockServerDocuments, BrokenSpecIsALocatedError) {
  MockOptions options;
  options.specs = {source_path("fixtures/mock/does-not-exist.yaml")};
  auto server = MockServer::create(options);
  ASSERT_FALSE(server);
}

} // namespace
} // namespace concord::mock::testing
