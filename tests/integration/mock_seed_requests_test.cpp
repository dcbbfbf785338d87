// The seeds' own example requests, sent as the vendors' curl lines send them, get the
// documented answers from the mock with the seed behaviours.
#include "mock_test_support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace concord::mock::testing {
namespace {

// Sends raw bytes and returns the whole answer (the request asks the server to close).
std::string send_raw(int port, const std::string& bytes) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string answer;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    ::send(fd, bytes.data(), bytes.size(), 0);
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::recv(fd, buffer, sizeof(buffer), 0)) > 0) {
      answer.append(buffer, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  return answer;
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
