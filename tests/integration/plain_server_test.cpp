// The plain transport (mock/plain_server.hpp) on 127.0.0.1, port 0, with a handler that echoes
// what it was given: framing, keep-alive, pipelining, 100-continue, refusals that the client
// can still read, and stop() with clients connected. The mock's own behaviour on this
// transport is covered by the parameterised mock_server, mock_hostile and mock_config tests.
#include "mock/plain_server.hpp"
#include "mock_test_support.hpp"

#include <atomic>
#include <future>

namespace concord::mock::testing {
namespace {

using nlohmann::json;

// Reads until `count` complete answers (each framed by its Content-Length) or the close.
std::vector<std::string> read_answers(RawConnection& connection, std::size_t count) {
  std::vector<std::string> answers;
  std::string text;
  char buffer[16384];
  for (;;) {
    for (;;) {
      const auto head_end = text.find("\r\n\r\n");
      if (head_end == std::string::npos) {
        break;
      }
      std::size_t length = 0;
      const auto at = text.find("Content-Length: ");
      if (at != std::string::npos && at < head_end) {
        length = std::stoul(text.substr(at + 16));
      }
      if (text.size() < head_end + 4 + length) {
        break;
      }
      answers.push_back(text.substr(0, head_end + 4 + length));
      text.erase(0, head_end + 4 + length);
    }
    if (answers.size() >= count) {
      return answers;
    }
    const auto got = ::recv(connection.fd(), buffer, sizeof buffer, 0);
    if (got <= 0) {
      if (!text.empty()) {
        answers.push_back(text); // an unframed rest, for the failure message
      }
      return answers;
    }
    text.append(buffer, static_cast<std::size_t>(got));
  }
}

json body_json(const std::string& answer) {
  const auto head_end = answer.find("\r\n\r\n");
  return head_end == std::string::npos ? json()
                                       : json::parse(answer.substr(head_end + 4), nullptr, false);
}

bool is_closed(RawConnection& connection) {
  char byte = 0;
  return ::recv(connection.fd(), &byte, 1, 0) == 0;
}

class PlainServerTest : public ::testing::Test {
protected:
  void start(PlainServerOptions options = {}, std::size_t body_limit = 1024) {
    server_ = std::make_unique<PlainServer>(
        options, PlainServer::answer_at_once([this](core::Request&& request) {
          ++handled_;
          if (request.path == "/throw") {
            throw std::runtime_error("the handler broke");
          }
          HandleResult result;
          result.response.status = request.path == "/created" ? 201 : 200;
          result.response.headers = {{"Content-Type", "application/json"},
                                     {"X-Split", "a\r\nSet-Cookie: stolen=1"},
                                     {"Content-Length", "999"}};
          json headers = json::object();
          for (const auto& [name, value] : request.headers) {
            headers[name] = value;
          }
          result.response.body = json{{"method", request.method},      {"path", request.path},
                                      {"query", request.query},        {"body", request.body},
                                      {"remote", request.remote_addr}, {"headers", headers}}
                                     .dump();
          return result;
        }),
        [body_limit] { return body_limit; });
    auto port = server_->bind("127.0.0.1", 0);
    ASSERT_TRUE(port) << port.error().to_string();
    port_ = *port;
    thread_ = std::thread([this] { server_->run(); });
    for (int i = 0; i < 500 && !server_->is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  void TearDown() override {
    if (server_) {
      server_->stop();
    }
    if (thread_.joinable()) {
      thread_.join();
    }
  }

  std::unique_ptr<PlainServer> server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> handled_{0};
};

int status_of(const std::string& answer) {
  return answer.rfind("HTTP/1.1 ", 0) == 0 && answer.size() >= 12 ? std::stoi(answer.substr(9, 3))
                                                                  : 0;
}

TEST_F(PlainServerTest, KeepAliveAndPipelinedRequestsAreAnsweredInOrder) {
  start();
  RawConnection connection(port_);
  ASSERT_TRUE(
      connection.send_all("GET /a?x=1 HTTP/1.1\r\nHost: h\r\n\r\n"
                          "POST /created HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
                          "GET /c HTTP/1.1\r\nHost: h\r\n\r\n"));
  const auto answers = read_answers(connection, 3);
  ASSERT_EQ(answers.size(), 3U);
  EXPECT_EQ(body_json(answers[0])["path"], "/a");
  EXPECT_EQ(body_json(answers[0])["query"], "x=1");
  EXPECT_EQ(status_of(answers[1]), 201) << answers[1];
  EXPECT_EQ(body_json(answers[1])["body"], "hello");
  EXPECT_EQ(body_json(answers[2])["path"], "/c");
  EXPECT_EQ(body_json(answers[0])["remote"], "127.0.0.1");
  // The connection stays open for a fourth.
  ASSERT_TRUE(connection.send_all("GET /d HTTP/1.1\r\nHost: h\r\n\r\n"));
  const auto fourth = read_answers(connection, 1);
  ASSERT_EQ(fourth.size(), 1U);
  EXPECT_EQ(body_json(fourth[0])["path"], "/d");
  EXPECT_EQ(handled_, 4);
}

TEST_F(PlainServerTest, TheTransportFramesTheAnswerAndDropsFieldsThatWouldSplitIt) {
  start();
  RawConnection connection(port_);
  ASSERT_TRUE(connection.send_all("GET /a HTTP/1.1\r\nHost: h\r\n\r\n"));
  const auto answers = read_answers(connection, 1);
  ASSERT_EQ(answers.size(), 1U);
  const std::string head = answers[0].substr(0, answers[0].find("\r\n\r\n"));
  EXPECT_EQ(head.find("X-Split"), std::string::npos) << head;
  EXPECT_EQ(head.find("Set-Cookie"), std::string::npos) << head;
  EXPECT_EQ(head.find("999"), std::string::npos) << "the handler's Content-Length was sent";
  EXPECT_FALSE(body_json(answers[0]).is_discarded()) << answers[0];
}

TEST_F(PlainServerTest, ChunkedBodiesAreDecodedAndTheNextRequestIsIntact) {
  start();
  RawConnection connection(port_);
  ASSERT_TRUE(
      connection.send_all("POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"
                          "GET /next HTTP/1.1\r\nHost: h\r\n\r\n"));
  const auto answers = read_answers(connection, 2);
  ASSERT_EQ(answers.size(), 2U);
  EXPECT_EQ(body_json(answers[0])["body"], "hello world");
  EXPECT_EQ(body_json(answers[1])["path"], "/next");
}

TEST_F(PlainServerTest, HeadGetsTheLengthButNoBody) {
  start();
  RawConnection connection(port_);
  ASSERT_TRUE(
      connection.send_all("HEAD /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n"));
  // The HEAD answer announces a length it does not carry: read up to the second status line.
  std::string text;
  char buffer[4096];
  while (text.find("\r\n\r\n", text.find("HTTP/1.1", 1)) == std::string::npos ||
         text.find("HTTP/1.1", 1) == std::string::npos) {
    const auto got = ::recv(connection.fd(), buffer, sizeof buffer, 0);
    ASSERT_GT(got, 0) << text;
    text.append(buffer, static_cast<std::size_t>(got));
  }
  const auto second = text.find("HTTP/1.1", 1);
  const std::string first = text.substr(0, second);
  EXPECT_NE(first.find("Content-Length: "), std::string::npos) << first;
  EXPECT_EQ(first.substr(first.find("\r\n\r\n") + 4), "") << "a HEAD answer carried a body";
}

TEST_F(PlainServerTest, Http10ClosesUnlessAskedToKeepAlive) {
  start();
  {
    RawConnection connection(port_);
    ASSERT_TRUE(connection.send_all("GET /a HTTP/1.0\r\n\r\n"));
    const auto answers = read_answers(connection, 1);
    ASSERT_EQ(answers.size(), 1U);
    EXPECT_NE(answers[0].find("Connection: close"), std::string::npos) << answers[0];
    EXPECT_TRUE(is_closed(connection));
  }
  RawConnection connection(port_);
  ASSERT_TRUE(connection.send_all("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  auto answers = read_answers(connection, 1);
  ASSERT_EQ(answers.size(), 1U);
  EXPECT_NE(answers[0].find("Connection: keep-alive"), std::string::npos) << answers[0];
  ASSERT_TRUE(connection.send_all("GET /b HTTP/1.0\r\n\r\n"));
  answers = read_answers(connection, 1);
  ASSERT_EQ(answers.size(), 1U);
  EXPECT_EQ(body_json(answers[0])["path"], "/b");
}

TEST_F(PlainServerTest, ExpectContinueInvitesABodyWithinTheLimitAndRefusesOneBeyond) {
  start();
  {
    RawConnection connection(port_);
    ASSERT_TRUE(connection.send_all(
        "POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"));
    char buffer[64] = {};
    const auto got = ::recv(connection.fd(), buffer, sizeof buffer - 1, 0);
    ASSERT_GT(got, 0);
    EXPECT_EQ(std::string(buffer, static_cast<std::size_t>(got)), "HTTP/1.1 100 Continue\r\n\r\n");
    ASSERT_TRUE(connection.send_all("data"));
    const auto answers = read_answers(connection, 1);
    ASSERT_EQ(answers.size(), 1U);
    EXPECT_EQ(body_json(answers[0])["body"], "data");
  }
  RawConnection connection(port_);
  ASSERT_TRUE(connection.send_all(
      "POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n"));
  const auto answers = read_answers(connection, 1);
  ASSERT_EQ(answers.size(), 1U);
  EXPECT_EQ(status_of(answers[0]), 413) << answers[0];
  EXPECT_EQ(body_json(answers[0])["type"], "urn:concord:request.too_large") << answers[0];
  EXPECT_EQ(handled_, 1) << "a refused request reached the handler";
}

TEST_F(PlainServerTest, ARefusalIsReadableWhileTheClientIsStillSending) {
  start();
  RawConnection connection(port_);
  ASSERT_TRUE(
      connection.send_all("POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"));
  // 64 KiB in chunks, past the 1 KiB limit, while the answer is already on its way.
  const std::string chunk = "400\r\n" + std::string(0x400, 'x') + "\r\n";
  for (int i = 0; i < 64; ++i) {
    if (!connection.send_all(chunk)) {
      break;
    }
  }
  const auto answers = read_answers(connection, 1);
  ASSERT_EQ(answers.size(), 1U);
  EXPECT_EQ(status_of(answers[0]), 413) << answers[0];
  EXPECT_NE(answers[0].find("Connection: close"), std::string::npos) << answers[0];
}

TEST_F(PlainServerTest, AnExceptionInTheHandlerIsA500ProblemAndTheServerGoesOn) {
  start();
  RawConnection connection(port_);
  ASSERT_TRUE(connection.send_all("GET /throw HTTP/1.1\r\nHost: h\r\n\r\n"));
  auto answers = read_answers(connection, 1);
  ASSERT_EQ(answers.size(), 1U);
  EXPECT_EQ(status_of(answers[0]), 500) << answers[0];
  EXPECT_NE(body_json(answers[0]).value("detail", "").find("the handler broke"), std::string::npos)
      << answers[0];
  ASSERT_TRUE(connection.send_all("GET /a HTTP/1.1\r\nHost: h\r\n\r\n"));
  answers = read_answers(connection, 1);
  ASSERT_EQ(answers.size(), 1U);
  EXPECT_EQ(status_of(answers[0]), 200);
}

TEST_F(PlainServerTest, AHeadThatTricklesPastTheReadTimeoutLosesItsConnection) {
  PlainServerOptions options;
  options.read_timeout_ms = 300;
  start(options);
  RawConnection connection(port_);
  const auto started = std::chrono::steady_clock::now();
  bool cut = false;
  for (const char c :
       std::string("GET /slow HTTP/1.1\r\nHost: h\r\nX-Padding: 0123456789\r\n\r\n")) {
    if (!connection.send_all(std::string_view(&c, 1))) {
      cut = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const auto answers = read_answers(connection, 1);
  EXPECT_TRUE(cut || answers.empty()) << "the trickled request was served: " << answers[0];
  EXPECT_EQ(handled_, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

TEST_F(PlainServerTest, StopEndsRunAndClosesIdleKeepAliveConnections) {
  start();
  RawConnection connection(port_);
  ASSERT_TRUE(connection.send_all("GET /a HTTP/1.1\r\nHost: h\r\n\r\n"));
  ASSERT_EQ(read_answers(connection, 1).size(), 1U);
  // The connection is idle in its keep-alive wait (5 s); stop() must not wait for it.
  const auto started = std::chrono::steady_clock::now();
  server_->stop();
  thread_.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  EXPECT_FALSE(server_->is_running());
  EXPECT_TRUE(is_closed(connection));
}

// A server with one event loop whose handler holds the answers to /later until /release.
class OneLoopServer {
public:
  OneLoopServer() {
    PlainServerOptions options;
    options.threads = 1;
    server_ = std::make_unique<PlainServer>(
        options,
        [this](core::Request&& request, EventLoop& loop, const PlainServer::Reply& reply) {
          if (request.path == "/later") {
            held_.push_back(reply); // answered on a later turn of the loop, as the proxy does
            return;
          }
          HandleResult result;
          result.response.status = 200;
          result.response.body = "released " + std::to_string(held_.size());
          reply(std::move(result));
          loop.post([held = std::move(held_)] {
            for (const auto& later : held) {
              HandleResult answer;
              answer.response.status = 202;
              later(std::move(answer));
            }
          });
          held_.clear();
        },
        [] { return 1024; });
    port_ = *server_->bind("127.0.0.1", 0);
    thread_ = std::thread([this] { server_->run(); });
    for (int i = 0; i < 500 && !server_->is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  ~OneLoopServer() {
    server_->stop();
    thread_.join();
  }
  OneLoopServer(const OneLoopServer&) = delete;
  OneLoopServer& operator=(const OneLoopServer&) = delete;
  [[nodiscard]] int port() const { return port_; }

private:
  std::vector<PlainServer::Reply> held_; // the loop's thread only
  std::unique_ptr<PlainServer> server_;
  int port_ = 0;
  std::thread thread_;
};

TEST(PlainServerLoop, AnAnswerGivenLaterDoesNotHoldTheLoopFromOtherConnections) {
  OneLoopServer server;
  RawConnection waiting(server.port());
  ASSERT_TRUE(waiting.send_all("GET /later HTTP/1.1\r\nHost: h\r\n\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(50)); // held by the handler now
  RawConnection other(server.port());
  ASSERT_TRUE(other.send_all("GET /release HTTP/1.1\r\nHost: h\r\n\r\n"));
  const auto released = read_answers(other, 1);
  ASSERT_EQ(released.size(), 1U);
  EXPECT_EQ(status_of(released[0]), 200);
  EXPECT_NE(released[0].find("released 1"), std::string::npos) << released[0];
  const auto later = read_answers(waiting, 1);
  ASSERT_EQ(later.size(), 1U);
  EXPECT_EQ(status_of(later[0]), 202) << later[0];
}

TEST(PlainServerLoop, MoreOpenConnectionsThanThreadsAreAllServed) {
  OneLoopServer server; // one thread; connections are not tied to threads
  std::vector<std::unique_ptr<RawConnection>> connections;
  for (int i = 0; i < 300; ++i) {
    connections.push_back(std::make_unique<RawConnection>(server.port()));
  }
  for (auto& connection : connections) {
    ASSERT_TRUE(connection->send_all("GET /now HTTP/1.1\r\nHost: h\r\n\r\n"));
  }
  int answered = 0;
  for (auto& connection : connections) {
    const auto answers = read_answers(*connection, 1);
    answered += answers.size() == 1 && status_of(answers[0]) == 200 ? 1 : 0;
  }
  EXPECT_EQ(answered, 300);
}

TEST(PlainServerBind, AnAddressInUseIsAClearError) {
  PlainServer first({}, PlainServer::answer_at_once([](core::Request&&) { return HandleResult{}; }),
                    [] { return 1024; });
  auto port = first.bind("127.0.0.1", 0);
  ASSERT_TRUE(port);
  PlainServer second({},
                     PlainServer::answer_at_once([](core::Request&&) { return HandleResult{}; }),
                     [] { return 1024; });
  auto again = second.bind("127.0.0.1", *port);
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("in use"), std::string::npos) << again.error().message;
}

} // namespace
} // namespace concord::mock::testing
