// What a broken or malicious client sends, over real sockets to the real mock: every answer
// must be a 4xx problem, the mock must stay up for the next client, and nothing is held in
// memory whole that the limits say to refuse. Time limits here are hang guards only.
#include "mock_test_support.hpp"

#include <atomic>
#include <vector>

namespace concord::mock::testing {
namespace {

using nlohmann::json;

int status_of(const std::string& answer) {
  if (answer.rfind("HTTP/1.1 ", 0) != 0 || answer.size() < 12) {
    return 0;
  }
  return std::stoi(answer.substr(9, 3));
}

json body_of_answer(const std::string& answer) {
  const auto head_end = answer.find("\r\n\r\n");
  return head_end == std::string::npos ? json()
                                       : json::parse(answer.substr(head_end + 4), nullptr, false);
}

// Every hostile client, against both transports: cpp-httplib's (the mock's) and the plain
// one (the proxy's).
class MockHostileTest : public ::testing::TestWithParam<MockServer::Transport> {
protected:
  void SetUp() override {
    MockOptions options;
    options.specs = {source_path("fixtures/mock/hostile.yaml")};
    options.stateless = true;
    options.threads = 8;
    mock_ = std::make_unique<RunningMock>(options, std::nullopt, nullptr, GetParam());
  }
  void TearDown() override { mock_.reset(); }

  // The mock still answers an ordinary request after whatever the test did.
  void expect_still_serving() {
    auto res = mock_->client().Get("/ping");
    ASSERT_TRUE(res) << "the mock stopped answering";
    EXPECT_EQ(res->status, 200);
  }

  std::unique_ptr<RunningMock> mock_;
};

std::string post_head(std::string_view extra_headers) {
  return std::string(
             "POST /notes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n") +
         std::string(extra_headers) + "\r\n";
}

// Sends `head`, then `piece` up to 100 times (100 MiB) from a second thread while this one
// waits for the answer; returns the answer and how many pieces went out before it came.
std::pair<std::string, int> stream_until_answered(int port, const std::string& head,
                                                  const std::string& piece) {
  RawConnection connection(port);
  if (!connection.send_all(head)) {
    return {"", 0};
  }
  std::atomic<int> sent{0};
  std::atomic<bool> answered{false};
  std::thread sender([&] {
    while (!answered && sent < 100 && connection.send_all(piece)) {
      ++sent;
    }
  });
  auto answer = connection.read_answer();
  answered = true;
  sender.join();
  return {std::move(answer), sent.load()};
}

TEST_P(MockHostileTest, HundredMegabyteBodyIs413BeforeItIsSent) {
  // The 413 must come from the declared length, before the mock reads (or waits for) the
  // body: the client is still sending when it arrives.
  const auto [answer, sent] = stream_until_answered(
      mock_->port(), post_head("Content-Length: 104857600\r\n"), std::string(0x100000, ' '));
  EXPECT_EQ(status_of(answer), 413) << answer.substr(0, 400);
  EXPECT_EQ(body_of_answer(answer).value("type", ""), "urn:concord:request.too_large")
      << answer.substr(0, 400);
  EXPECT_LT(sent, 100) << "the mock read the whole 100 MiB before answering";
  expect_still_serving();
}

TEST_P(MockHostileTest, OversizedBodyIsRefusedInsteadOfInvitedByExpectContinue) {
  // curl sends `Expect: 100-continue` before a large body and waits: the answer must be the
  // 413, not "100 Continue" (which would ask for the 100 MiB).
  {
    RawConnection connection(mock_->port());
    ASSERT_TRUE(
        connection.send_all(post_head("Content-Length: 104857600\r\nExpect: 100-continue\r\n")));
    const auto answer = connection.read_answer();
    EXPECT_EQ(status_of(answer), 413) << answer.substr(0, 400);
    EXPECT_EQ(body_of_answer(answer).value("type", ""), "urn:concord:request.too_large")
        << answer.substr(0, 400);
  }
  // A body within the limit is still invited.
  RawConnection small(mock_->port());
  ASSERT_TRUE(small.send_all(post_head("Content-Length: 12\r\nExpect: 100-continue\r\n")));
  char buffer[64] = {};
  const auto got = ::recv(small.fd(), buffer, sizeof buffer - 1, 0);
  ASSERT_GT(got, 0);
  EXPECT_EQ(std::string(buffer, static_cast<std::size_t>(got)).rfind("HTTP/1.1 100", 0), 0U)
      << buffer;
  ASSERT_TRUE(small.send_all(R"({"text":"x"})"));
  EXPECT_EQ(status_of(small.read_answer()), 201);
}

TEST_P(MockHostileTest, BodyOnAGetIsReadSoTheNextRequestOnTheConnectionIsIntact) {
  // httplib reads no body for GET, HEAD or OPTIONS; left on the connection, these bytes
  // would be parsed as the next request, which then got an empty 400. The body arrives
  // after the head, as a client writing head and body separately sends it.
  RawConnection connection(mock_->port());
  const std::string body = R"("concord-invalid-body")";
  ASSERT_TRUE(connection.send_all("GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                  "Content-Type: application/json\r\nContent-Length: " +
                                  std::to_string(body.size()) + "\r\n\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(connection.send_all(body));
  const auto first = connection.read_answer();
  EXPECT_NE(status_of(first), 0) << first.substr(0, 400);
  ASSERT_TRUE(connection.send_all("GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  const auto second = connection.read_answer();
  EXPECT_EQ(status_of(second), 200) << second.substr(0, 400);
  EXPECT_EQ(body_of_answer(second), json({{"ok", true}})) << second.substr(0, 400);
}

class MockHostileSingleThreadTest : public ::testing::TestWithParam<MockServer::Transport> {};

TEST_P(MockHostileSingleThreadTest, UnreadableRequestAfterAnAnswerIsStillAProblem) {
  // One worker thread: the request httplib cannot parse runs on the thread that has just
  // answered a good one, and must still get a problem+json body, not an empty 400.
  MockOptions options;
  options.specs = {source_path("fixtures/mock/hostile.yaml")};
  options.stateless = true;
  options.threads = 1;
  RunningMock mock(options, std::nullopt, nullptr, GetParam());
  auto res = mock.client().Get("/ping");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  RawConnection connection(mock.port());
  ASSERT_TRUE(connection.send_all("\"junk\"GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  const auto answer = connection.read_answer();
  EXPECT_EQ(status_of(answer), 400) << answer.substr(0, 400);
  EXPECT_FALSE(body_of_answer(answer).value("type", "").empty()) << answer.substr(0, 400);
}

TEST_P(MockHostileTest, HundredMegabyteChunkedBodyIs413WithoutBufferingIt) {
  // No length is declared: the mock must stop reading at its limit (10 MiB by default).
  const auto [answer, sent] =
      stream_until_answered(mock_->port(), post_head("Transfer-Encoding: chunked\r\n"),
                            "100000\r\n" + std::string(0x100000, ' ') + "\r\n");
  EXPECT_EQ(status_of(answer), 413) << answer.substr(0, 400);
  EXPECT_LT(sent, 100) << "the mock read the whole 100 MiB before answering";
  expect_still_serving();
}

TEST_P(MockHostileTest, TenThousandDeepJsonIs400) {
  const std::string deep =
      R"({"text":"x","tags":)" + std::string(10000, '[') + std::string(10000, ']') + "}";
  auto res = mock_->client().Post("/notes", deep, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(body_of(res).value("type", ""), "urn:concord:request.too_deep") << res->body;
  expect_still_serving();
}

TEST_P(MockHostileTest, InvalidUtf8InAStringIs400) {
  auto res = mock_->client().Post("/notes", "{\"text\":\"caf\xc3\x28 \xff\"}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
  const auto body = body_of(res);
  ASSERT_FALSE(body.is_discarded()) << "the problem itself must be valid JSON: " << res->body;
  EXPECT_EQ(body.value("type", ""), "urn:concord:request.malformed_json") << res->body;
  expect_still_serving();
}

TEST_P(MockHostileTest, ThousandsOfHeadersAre431) {
  std::string headers;
  for (int i = 0; i < 5000; ++i) {
    headers += "X-Flood-" + std::to_string(i) + ": " + std::to_string(i) + "\r\n";
  }
  RawConnection connection(mock_->port());
  ASSERT_TRUE(connection.send_all("GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n"));
  const auto answer = connection.read_answer();
  EXPECT_EQ(status_of(answer), 431) << answer.substr(0, 400);
  expect_still_serving();
}

TEST_P(MockHostileTest, SlowSendersDoNotBlockOtherClients) {
  // Three clients dribble a request one byte at a time (every 50 ms; a slowloris sends one a
  // second, which only makes the wait longer). While they are still mid-request, an ordinary
  // client must be answered.
  const std::string request = "GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: yes\r\n\r\n";
  std::atomic<bool> ordinary_answered{false};
  std::atomic<int> slow_answered_first{0};
  std::vector<std::thread> slow;
  for (int i = 0; i < 3; ++i) {
    slow.emplace_back([&] {
      RawConnection connection(mock_->port());
      for (const char c : request) {
        if (!connection.send_all(std::string_view(&c, 1))) {
          return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      if (!ordinary_answered) {
        ++slow_answered_first;
      }
      EXPECT_EQ(status_of(connection.read_answer()), 200);
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300)); // the slow ones are connected
  auto res = mock_->client().Get("/ping");
  ordinary_answered = true;
  for (auto& thread : slow) {
    thread.join();
  }
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(slow_answered_first, 0) << "the ordinary request waited for the slow senders";
}

TEST_P(MockHostileTest, BacktrackingPatternIsRefusedNotEvaluatedForever) {
  // 5,000 characters: the request line must stay under the 8 KiB a URI may take; 30 would do.
  const std::string word = std::string(5000, 'a') + "b";
  auto res = mock_->client().Get("/words?word=" + word);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422) << res->body.substr(0, 400);
  EXPECT_NE(res->body.find("too expensive"), std::string::npos) << res->body.substr(0, 400);
  auto fine = mock_->client().Get("/words?word=aaaa");
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->status, 200) << fine->body;
  auto wrong = mock_->client().Get("/words?word=ab");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 422) << wrong->body;
}

const auto k_transports =
    ::testing::Values(MockServer::Transport::cpp_httplib, MockServer::Transport::plain);
INSTANTIATE_TEST_SUITE_P(Transports, MockHostileTest, k_transports, transport_name);
INSTANTIATE_TEST_SUITE_P(Transports, MockHostileSingleThreadTest, k_transports, transport_name);

} // namespace
} // namespace concord::mock::testing
