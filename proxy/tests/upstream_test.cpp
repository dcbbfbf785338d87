// The proxy's own HTTP/1.1 client against scripted TCP servers on 127.0.0.1: framing,
// keep-alive, deadlines, and upstreams that answer wrong.
#include "proxy/upstream.hpp"

#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <functional>
#include <gtest/gtest.h>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace concord::proxy {
namespace {

using conformance::HttpRequest;
using conformance::TransportError;

// What the scripted server does with one request: the bytes to send back, then whether to
// close the connection. An empty answer with `close` false means "never answer".
struct Reply {
  std::string bytes;
  bool close = false;
  std::chrono::milliseconds gap{0}; // pause between bytes (a trickling server)
};

// Accepts connections on 127.0.0.1 port 0; reads each request (head and Content-Length body)
// and answers it with script(n) for the n-th request overall.
class ScriptedServer {
public:
  explicit ScriptedServer(std::function<Reply(int)> script) : script_(std::move(script)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::listen(listener_, 16) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot listen");
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~ScriptedServer() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] int connections() const { return connections_; }
  [[nodiscard]] std::vector<std::string> requests() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

private:
  bool wait_readable(int fd) const {
    pollfd waiting{fd, POLLIN, 0};
    while (!stop_) {
      if (::poll(&waiting, 1, 20) > 0) {
        return true;
      }
    }
    return false;
  }

  void serve() {
    while (wait_readable(listener_)) {
      const int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) {
        continue;
      }
      ++connections_;
      talk(fd);
      ::close(fd);
    }
  }

  // One connection: requests until the script closes it or the client goes.
  void talk(int fd) {
    std::string in;
    for (;;) {
      std::size_t end = 0;
      while ((end = in.find("\r\n\r\n")) == std::string::npos) {
        if (!read_some(fd, in)) {
          return;
        }
      }
      std::size_t length = 0;
      if (const auto at = in.find("Content-Length: "); at != std::string::npos && at < end) {
        length = std::stoul(in.substr(at + 16));
      }
      while (in.size() < end + 4 + length) {
        if (!read_some(fd, in)) {
          return;
        }
      }
      int n = 0;
      {
        const std::lock_guard<std::mutex> lock(mutex_);
        requests_.push_back(in.substr(0, end + 4 + length));
        n = static_cast<int>(requests_.size());
      }
      in.erase(0, end + 4 + length);
      const Reply reply = script_(n);
      if (reply.bytes.empty() && !reply.close) {
        while (!stop_ && wait_readable(fd) && read_some(fd, in)) {
        }
        return;
      }
      send_reply(fd, reply);
      if (reply.close) {
        return;
      }
    }
  }

  void send_reply(int fd, const Reply& reply) const {
    if (reply.gap.count() == 0) {
      (void)::send(fd, reply.bytes.data(), reply.bytes.size(), MSG_NOSIGNAL);
      return;
    }
    for (const char c : reply.bytes) {
      if (stop_ || ::send(fd, &c, 1, MSG_NOSIGNAL) != 1) {
        return;
      }
      std::this_thread::sleep_for(reply.gap);
    }
  }

  bool read_some(int fd, std::string& in) const {
    if (!wait_readable(fd)) {
      return false;
    }
    char buffer[4096];
    const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
    if (got <= 0) {
      return false;
    }
    in.append(buffer, static_cast<std::size_t>(got));
    return true;
  }

  std::function<Reply(int)> script_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::mutex mutex_;
  std::vector<std::string> requests_;
  std::thread thread_;
};

std::string ok_answer(const std::string& body, const std::string& extra = "") {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + extra +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

PlainUpstream client_for(const ScriptedServer& server, int timeout_ms = 2000,
                         std::size_t cap = 1024) {
  conformance::BaseUrl base;
  base.host = "127.0.0.1";
  base.port = server.port();
  conformance::ClientOptions options;
  options.timeout_ms = timeout_ms;
  options.max_response_bytes = cap;
  return {base, options};
}

HttpRequest get(const std::string& target) {
  return {"GET", target, {{"Accept", "*/*"}}, {}};
}

// No answer: a failure of kind `error` whose message says `text`.
void expect_failure(const conformance::HttpResult& result, TransportError error,
                    std::string_view text = {}) {
  EXPECT_FALSE(result.response) << text;
  EXPECT_EQ(result.error, error) << result.message;
  EXPECT_NE(result.message.find(text), std::string::npos) << result.message;
}

TEST(PlainUpstream, KeepAliveAnswersShareOneConnectionAndTheRequestIsFramed) {
  ScriptedServer server(
      [](int n) { return Reply{ok_answer("{\"n\":" + std::to_string(n) + "}")}; });
  auto client = client_for(server);
  const auto first = client.send(get("/items/1?x=1"));
  ASSERT_TRUE(first.response) << first.message;
  EXPECT_EQ(first.response->status, 200);
  EXPECT_EQ(first.response->body, "{\"n\":1}");
  EXPECT_EQ(*core::find_header(first.response->headers, "Content-Type"), "application/json");
  const auto second = client.send({"POST", "/items", {{"Content-Type", "application/json"}}, "{}"});
  ASSERT_TRUE(second.response) << second.message;
  EXPECT_EQ(second.response->body, "{\"n\":2}");
  EXPECT_EQ(server.connections(), 1);
  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), 2U);
  EXPECT_EQ(seen[0], "GET /items/1?x=1 HTTP/1.1\r\nHost: 127.0.0.1:" +
                         std::to_string(server.port()) + "\r\nAccept: */*\r\n\r\n");
  EXPECT_NE(seen[1].find("\r\nContent-Length: 2\r\n\r\n{}"), std::string::npos) << seen[1];
}

TEST(PlainUpstream, ChunkedAnswersAreJoinedAndTrailersDropped) {
  ScriptedServer server([](int) {
    return Reply{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "4\r\n{\"a\"\r\n9;ext=1\r\n:[1,2,3]}\r\n0\r\nX-Trailer: t\r\n\r\n"};
  });
  auto client = client_for(server);
  for (int i = 0; i < 2; ++i) { // the connection stays usable after a chunked answer
    const auto result = client.send(get("/c"));
    ASSERT_TRUE(result.response) << result.message;
    EXPECT_EQ(result.response->body, "{\"a\":[1,2,3]}");
  }
  EXPECT_EQ(server.connections(), 1);
}

TEST(PlainUpstream, AnAnswerWithoutLengthEndsWithTheConnection) {
  ScriptedServer server([](int n) {
    return Reply{"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nbody " + std::to_string(n),
                 true};
  });
  auto client = client_for(server);
  const auto first = client.send(get("/a"));
  ASSERT_TRUE(first.response) << first.message;
  EXPECT_EQ(first.response->body, "body 1");
  const auto second = client.send(get("/b"));
  ASSERT_TRUE(second.response) << second.message;
  EXPECT_EQ(second.response->body, "body 2");
  EXPECT_EQ(server.connections(), 2);
}

TEST(PlainUpstream, InterimAnswersAreSkippedAndHeadHasNoBody) {
  ScriptedServer server([](int n) {
    if (n == 1) {
      return Reply{"HTTP/1.1 100 Continue\r\n\r\n" + ok_answer("{}")};
    }
    return Reply{"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n"}; // HEAD: length, no body
  });
  auto client = client_for(server);
  const auto first = client.send(get("/a"));
  ASSERT_TRUE(first.response) << first.message;
  EXPECT_EQ(first.response->status, 200);
  EXPECT_EQ(first.response->body, "{}");
  const auto head = client.send({"HEAD", "/a", {}, {}});
  ASSERT_TRUE(head.response) << head.message;
  EXPECT_TRUE(head.response->body.empty());
}

TEST(PlainUpstream, BytesThatAreNotHttpAreAReadErrorThatQuotesThem) {
  ScriptedServer server([](int) { return Reply{"SSH-2.0-OpenSSH_9.2\r\n\r\n", true}; });
  auto client = client_for(server);
  const auto result = client.send(get("/a"));
  expect_failure(result, TransportError::read, "not HTTP/1.1");
  EXPECT_NE(result.message.find("SSH-2.0"), std::string::npos) << result.message;
}

TEST(PlainUpstream, MalformedFramingIsAReadError) {
  ScriptedServer server([](int n) {
    switch (n) {
    case 1:
      return Reply{"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", true};
    case 2:
      return Reply{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", true};
    default:
      return Reply{"HTTP/1.1 200 OK\r\nBad Header\r\n\r\n", true};
    }
  });
  auto client = client_for(server);
  for (const char* expected :
       {"invalid Content-Length", "invalid chunk size", "malformed header"}) {
    expect_failure(client.send(get("/a")), TransportError::read, expected);
  }
}

TEST(PlainUpstream, AnAnswerCutMidBodyIsAReadErrorNotATruncatedBody) {
  ScriptedServer server([](int) {
    return Reply{"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"partial\":", true};
  });
  auto client = client_for(server);
  expect_failure(client.send(get("/a")), TransportError::read,
                 "middle of its answer (100 body bytes announced)");
}

TEST(PlainUpstream, AnswersPastTheCapAreTooLargeWhateverTheirFraming) {
  const std::string big(600, 'x');
  ScriptedServer server([&big](int n) {
    if (n == 1) {
      return Reply{"HTTP/1.1 200 OK\r\nContent-Length: 5000000\r\n\r\n", true};
    }
    return Reply{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n" + big +
                     "\r\n258\r\n" + big + "\r\n0\r\n\r\n",
                 true};
  });
  auto client = client_for(server, 2000, 1000);
  for (int i = 0; i < 2; ++i) {
    expect_failure(client.send(get("/a")), TransportError::too_large);
  }
}

TEST(PlainUpstream, SilenceAndTricklingBothEndAtTheDeadline) {
  ScriptedServer server([](int n) {
    if (n == 1) {
      return Reply{}; // never answers
    }
    return Reply{"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", false,
                 std::chrono::milliseconds(40)};
  });
  auto client = client_for(server, 300);
  for (int i = 0; i < 2; ++i) {
    const auto result = client.send(get("/slow"));
    expect_failure(result, TransportError::timeout);
    EXPECT_GE(result.duration_ms, 290);
    EXPECT_LT(result.duration_ms, 1500); // each byte came within the socket's timeout
  }
}

TEST(PlainUpstream, AnIdleConnectionTheUpstreamClosedIsReplacedOnce) {
  // The first answer keeps the connection open by its headers, then the server hangs up,
  // as a server whose keep-alive timeout ran out does.
  ScriptedServer server([](int) { return Reply{ok_answer("{}"), true}; });
  auto client = client_for(server);
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    const auto result = client.send(get("/a"));
    ASSERT_TRUE(result.response) << i << ": " << result.message;
  }
  EXPECT_EQ(server.connections(), 3);
}

TEST(PlainUpstream, FieldsThatWouldSmuggleASecondRequestAreRefusedUnsent) {
  ScriptedServer server([](int) { return Reply{ok_answer("{}")}; });
  auto client = client_for(server);
  expect_failure(client.send({"GET", "/a", {{"X-Note", "a\r\nX-Evil: 1"}}, {}}),
                 TransportError::other);
  expect_failure(client.send(get("/a HTTP/1.1\r\nHost: evil\r\n\r\nGET /b")),
                 TransportError::other);
  EXPECT_TRUE(server.requests().empty());
}

TEST(PlainUpstream, NoListenerIsAConnectError) {
  int port = 0;
  {
    const ScriptedServer gone([](int) { return Reply{}; });
    port = gone.port();
  }
  conformance::BaseUrl base;
  base.host = "127.0.0.1";
  base.port = port;
  PlainUpstream client(base, {});
  expect_failure(client.send(get("/a")), TransportError::connect,
                 "cannot connect to 127.0.0.1:" + std::to_string(port));
}

} // namespace
} // namespace concord::proxy
