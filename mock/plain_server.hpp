#pragma once
// The plain-HTTP transport of `concord proxy`: an HTTP/1.1 server of the project's own. A few
// worker threads each run an event loop (mock/event_loop.hpp) over non-blocking keep-alive
// sockets; a request is one recv() and its answer one send(), and an answer may be given
// later (the proxy answers once its upstream did, on the same loop) without holding a thread.
// cpp-httplib's server (which the mock keeps) polls before every read and write, writes each
// answer in two sends and holds a sleeping thread per connection, which was most of the
// proxy's cost per exchange (docs/benchmarks.md). Limits and refusals are the mock's: 413
// before an oversized body is read, 414, 431, 400 for Transfer-Encoding with Content-Length,
// problem+json bodies, 500 for an exception escaping the handler.

#include "core/http_types.hpp"
#include "core/result.hpp"
#include "mock/engine.hpp"
#include "mock/event_loop.hpp"
#include "mock/http_wire.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace concord::mock {

struct PlainServerOptions {
  std::size_t threads = 256;           // at most this many event loops, and no more than the cores
  std::size_t max_connections = 10000; // served at once; later ones wait to be accepted
  HeadLimits head;
  int read_timeout_ms = 5000;       // a request's bytes, once it began; an answer's send
  int keep_alive_timeout_ms = 5000; // idle between requests
  std::size_t max_requests_per_connection = 1000000;
};

class PlainServer {
public:
  // Gives the answer to one request; called once, at once or later, on the loop's thread.
  // An answer for a connection that has closed meanwhile is dropped.
  using Reply = std::function<void(HandleResult)>;
  // Answers one request on the loop of its connection, concurrently with other loops. It
  // must not block: what waits (an upstream) is watched by `loop` and calls `reply` later.
  using Handler = std::function<void(core::Request&&, EventLoop& loop, Reply reply)>;
  // A handler that answers at once (the mock's engine).
  using SyncHandler = std::function<HandleResult(core::Request&&)>;
  [[nodiscard]] static Handler answer_at_once(SyncHandler handler);
  // The body limit of the moment (a reload may change it).
  using BodyLimit = std::function<std::size_t()>;

  PlainServer(PlainServerOptions options, Handler handler, BodyLimit body_limit);
  ~PlainServer();
  PlainServer(const PlainServer&) = delete;
  PlainServer& operator=(const PlainServer&) = delete;

  // Binds and listens; port 0 picks a free port. Returns the port.
  [[nodiscard]] core::Result<int> bind(const std::string& host, int port);
  // Accepts and serves until stop(). False when not bound.
  bool run();
  // Stops accepting, closes every connection (an answer being computed is dropped), and
  // makes run() return. Safe from any thread, more than once.
  void stop();
  [[nodiscard]] bool is_running() const;

  // Serves one already connected stream socket on the calling thread, in a loop of its own,
  // until the connection ends (the fuzz target hands it one end of a socketpair); does not
  // close it.
  void serve_connection(int fd, const std::string& remote);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace concord::mock
