#pragma once
// The proxy's plain-HTTP upstream on an event loop (mock/event_loop.hpp): the loop that serves
// a client's connection also sends its request upstream and reads the answer, on non-blocking
// keep-alive connections of its own, so that no thread sleeps while the upstream works. The
// answer is framed by the same AnswerReader as the blocking client's (proxy/upstream.hpp), and
// failures are described in the same words; a request on a reused connection that the upstream
// had already closed is sent once more on a new one, only when no byte of an answer came back.

#include "conformance/http_client.hpp"
#include "mock/event_loop.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <sys/socket.h>
#include <vector>

namespace concord::proxy {

// One loop's connections to one upstream. Used on that loop's thread only.
class AsyncUpstreams {
public:
  using Done = std::function<void(conformance::HttpResult)>;

  AsyncUpstreams(mock::EventLoop& loop, conformance::BaseUrl base,
                 conformance::ClientOptions options);

  // Sends `request`; `done` is called once, on the loop's thread, possibly before send returns
  // (a request that cannot be sent as it is, an upstream that cannot be reached).
  void send(const conformance::HttpRequest& request, Done done);

  // Connections kept open between requests, at most.
  static constexpr std::size_t k_max_idle = 64;

private:
  class Connection;
  struct Address {
    sockaddr_storage address{};
    socklen_t length = 0;
  };
  struct Attempt; // one request, across a retry
  friend class Connection;

  void start(const std::shared_ptr<Attempt>& attempt);
  bool open(const std::shared_ptr<Attempt>& attempt);
  void finished(Connection& connection, const std::shared_ptr<Attempt>& attempt,
                conformance::HttpResult result, bool retry);

  mock::EventLoop& loop_;
  conformance::BaseUrl base_;
  conformance::ClientOptions options_;
  std::string host_field_;
  std::vector<std::uint64_t> idle_; // watcher ids of open connections waiting for a request
};

} // namespace concord::proxy
