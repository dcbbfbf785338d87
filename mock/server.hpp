#pragma once

#include "core/result.hpp"
#include "mock/clock.hpp"
#include "mock/engine.hpp"
#include "mock/event_loop.hpp"
#include "mock/journal.hpp"
#include "mock/tls.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace concord::mock {

// The HTTP side of the mock: the only server code that includes httplib.h (the plain transport
// is mock/plain_server.hpp). Owns the clock and the journal (they survive reloads) and the
// current engine (swapped atomically by reload()).
//
//   auto server = MockServer::create(options);      // loads specs, config, behaviours
//   int port = (*server)->bind("127.0.0.1", 0);     // port 0: any free port
//   std::thread t([&] { (*server)->run(); });       // blocks until stop()
//   ...; (*server)->stop(); t.join();
class MockServer {
public:
  // What speaks HTTP: cpp-httplib's server (HTTP and HTTPS), or the project's own plain-HTTP
  // server (mock/plain_server.hpp), which `concord proxy` uses when it does not serve TLS.
  enum class Transport { cpp_httplib, plain };

  // With `tls`, the mock serves HTTPS only (mock/tls.hpp), through cpp-httplib.
  [[nodiscard]] static core::Result<std::unique_ptr<MockServer>>
  create(const MockOptions& options, const std::optional<TlsMaterial>& tls = std::nullopt,
         Transport transport = Transport::cpp_httplib);
  ~MockServer();
  MockServer(const MockServer&) = delete;
  MockServer& operator=(const MockServer&) = delete;

  // Binds the listening socket. Returns the port (useful with port 0).
  [[nodiscard]] core::Result<int> bind(const std::string& host, int port);
  // Binds to the configured host and port (options, then config, then 127.0.0.1:4010).
  [[nodiscard]] core::Result<int> bind();
  // Serves until stop(). Returns false when the server could not run.
  bool run();
  void stop();
  [[nodiscard]] bool is_running() const;

  // Rebuilds everything from the options; on failure the current engine stays.
  [[nodiscard]] core::Result<void> reload();
  // Polls the watched files every `interval_ms`; reloads on change; logs through `log`.
  void start_watch(std::function<void(const std::string&)> log, int interval_ms = 1000);

  // What answers requests instead of the engine (`concord proxy` forwards them); it gets the
  // engine of the moment for routing, validation and the admin API. Set before run().
  using Handler = std::function<HandleResult(const core::Request&, const MockEngine&)>;
  void set_handler(Handler handler);
  // The same on the plain transport, answering later through `reply` on the connection's
  // loop (the proxy's upstream is watched by that loop); cpp-httplib uses set_handler's.
  using Reply = std::function<void(HandleResult)>;
  using AsyncHandler =
      std::function<void(core::Request&&, std::shared_ptr<const MockEngine>, EventLoop&, Reply)>;
  void set_async_handler(AsyncHandler handler);

  [[nodiscard]] std::shared_ptr<const MockEngine> engine() const;
  [[nodiscard]] Clock& clock();
  [[nodiscard]] Journal& journal();
  [[nodiscard]] const std::string& host() const;
  [[nodiscard]] int port() const;
  [[nodiscard]] bool is_tls() const;

private:
  struct Impl;
  explicit MockServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

} // namespace concord::mock
