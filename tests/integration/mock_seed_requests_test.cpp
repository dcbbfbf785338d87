// The seeds' own example requests, sent as the vendors' curl lines send them, get the
// documented answers from the mock with the seed behaviours.
#include "mock_test_support.hpp"

#include <string>

namespace concord::mock::testing {
namespace {

// Sends raw bytes (the request asks the server to close) and returns the answer.
std::string send_raw(int port, const std::string& bytes) {
  RawConnection connection(port);
  return connection.send_all(bytes) ? connection.read_answer() : std::string();
}

MockOptions seed_options(const std::string& name) {
  MockOptions options;
  options.specs = {source_path("specs/" + name + ".yaml")};
  options.behaviours = {{source_path("specs/" + name + ".yaml"),
                         source_path("fixtures/" + name + "/behaviour.yaml")}};
  options.threads = 8;
  return options;
}

TEST(MockSeedRequests, FelderaCurlResumeWithoutBodyOrContentLengthIsAccepted) {
  // curl -X POST 'https://api.example.com/v0/pipelines/{pipeline_name}/resume'
  //      -H 'Authorization: Bearer <API-KEY>'      (no body, so no Content-Length)
  RunningMock mock(seed_options("feldera"));
  const std::string answer =
      send_raw(mock.port(), "POST /v0/pipelines/example-pipeline/resume HTTP/1.1\r\n"
                            "Host: 127.0.0.1\r\n"
                            "Authorization: Bearer API-KEY\r\n"
                            "Connection: close\r\n\r\n");
  EXPECT_EQ(answer.rfind("HTTP/1.1 202", 0), 0U) << answer;
}

TEST(MockSeedRequests, FelderaCurlResumeOfUnknownPipelineIs404UnknownPipelineName) {
  RunningMock mock(seed_options("feldera"));
  const std::string answer =
      send_raw(mock.port(), "POST /v0/pipelines/no-such-pipeline/resume HTTP/1.1\r\n"
                            "Host: 127.0.0.1\r\n"
                            "Authorization: Bearer API-KEY\r\n"
                            "Connection: close\r\n\r\n");
  EXPECT_EQ(answer.rfind("HTTP/1.1 404", 0), 0U) << answer;
  EXPECT_NE(answer.find("UnknownPipelineName"), std::string::npos) << answer;
}

TEST(MockSeedRequests, NorthflankCurlResumeWithSeedBodyAnswersData) {
  RunningMock mock(seed_options("northflank"));
  auto client = mock.client();
  const httplib::Headers auth{{"Authorization", "Bearer NORTHFLANK_API_TOKEN"}};
  auto first =
      client.Post("/v1/projects/default-project/services/example-service/resume", auth,
                  R"({"instances":1,"disabledCI":false,"disabledCD":false})", "application/json");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(nlohmann::json::parse(first->body), nlohmann::json::parse(R"({"data":{}})"));
  auto again =
      client.Post("/v1/projects/default-project/services/example-service/resume", auth,
                  R"({"instances":1,"disabledCI":false,"disabledCD":false})", "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409);
}

TEST(MockSeedRequests, ServiceFabricResumeFromTheSeedAnswers202ThenFabricError) {
  // POST http://localhost:19080/Services/CalcApp~CalcService/$/ResumeBackup?api-version=6.2-preview
  RunningMock mock(seed_options("servicefabric"));
  auto client = mock.client();
  const std::string path = "/Services/CalcApp~CalcService/$/ResumeBackup?api-version=6.2-preview";
  auto first = client.Post(path, "", "application/json");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 202) << first->body;
  auto again = client.Post(path, "", "application/json");
  ASSERT_TRUE(again);
  EXPECT_GE(again->status, 400);
  EXPECT_NE(again->body.find("\"Error\""), std::string::npos) << again->body;
}

} // namespace
} // namespace concord::mock::testing
