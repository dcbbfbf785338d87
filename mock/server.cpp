#include "mock/server.hpp"

#include "mock/plain_server.hpp"
#include "mock/problem.hpp"
#include "mock/sockets.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <httplib.h>
#include <map>
#include <mutex>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace concord::mock {

namespace {

thread_local bool t_answered_by_engine = false;

// httplib parses multipart/form-data bodies into parts when a handler streams the body; the
// engine wants the bytes as sent. The pre-routing handler parks the Content-Type under this
// name (httplib then streams the bytes as they are) and to_request puts it back.
constexpr const char* k_parked_content_type = "X-Concord-Parked-Content-Type";

// httplib reads a body only for POST, PUT, PATCH and DELETE. A GET, HEAD or OPTIONS that
// declares one would leave its bytes on the connection, to be parsed as the next request
// (a keep-alive client then gets a 400 for a request it sent correctly). The pre-routing
// handler routes such a request as POST, so that httplib reads the body, and parks the real
// method under this name; to_request and restore_parked_method put it back.
constexpr const char* k_parked_method = "X-Concord-Parked-Method";

bool declares_body(const httplib::Request& req) {
  if (req.has_header("Transfer-Encoding")) {
    return true;
  }
  const std::string length = req.get_header_value("Content-Length");
  return !length.empty() && length != "0";
}

// Gives the request its real method back before httplib writes the answer (a HEAD answer has
// no body) and drops the parking header.
void restore_parked_method(const httplib::Request& req) {
  auto& headers = const_cast<httplib::Headers&>(req.headers);
  const auto found = headers.find(k_parked_method);
  if (found != headers.end()) {
    const_cast<std::string&>(req.method) = found->second;
    headers.erase(found);
  }
}

core::Request to_request(const httplib::Request& req, std::string body) {
  core::Request request;
  request.method =
      req.has_header(k_parked_method) ? req.get_header_value(k_parked_method) : req.method;
  const std::string& target = req.target.empty() ? req.path : req.target;
  const auto question = target.find('?');
  request.path = target.substr(0, question);
  if (question != std::string::npos) {
    request.query = target.substr(question + 1);
  }
  request.headers.reserve(req.headers.size());
  for (const auto& [name, value] : req.headers) {
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
        name == "LOCAL_PORT" || name == k_parked_method) {
      continue; // added by httplib, not sent by the client
    }
    request.headers.emplace_back(name == k_parked_content_type ? "Content-Type" : name, value);
  }
  request.body = std::move(body);
  request.remote_addr = req.remote_addr;
  return request;
}

// Finds the socket of this connection: the one whose peer and local ports match.
int find_connection_socket(const httplib::Request& req) {
  return find_socket_by_ports(req.local_port, req.remote_port);
}

// reset: replace the socket with a fresh one after setting SO_LINGER 0, so the kernel sends
// RST; httplib's later writes fail harmlessly and it closes the replacement.
// empty: shut the socket down so the client sees the connection close with no reply.
void break_connection(const httplib::Request& req, FaultKind kind) {
  const int fd = find_connection_socket(req);
  if (fd < 0) {
    return;
  }
  if (kind == FaultKind::reset) {
    linger option{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, sizeof option);
    const int replacement = socket(AF_INET, SOCK_STREAM, 0);
    if (replacement >= 0) {
      dup2(replacement, fd);
      close(replacement);
      return;
    }
  }
  shutdown(fd, SHUT_RDWR);
}

void to_httplib(core::Response&& response, httplib::Response& res) {
  res.status = response.status;
  std::string content_type;
  for (auto& [name, value] : response.headers) {
    if (core::iequals(name, "Content-Type")) {
      content_type = value;
    } else {
      res.set_header(name, value);
    }
  }
  if (!response.body.empty() || !content_type.empty()) {
    res.body = std::move(response.body);
    res.set_header("Content-Type",
                   content_type.empty() ? "application/octet-stream" : content_type);
  }
}

} // namespace

struct MockServer::Impl {
  MockOptions options;
  Clock clock;
  Journal journal;
  std::unique_ptr<httplib::Server> transport; // httplib::Server, or SSLServer with TLS
  httplib::Server& http;
  mutable std::mutex engine_mutex;
  std::shared_ptr<const MockEngine> engine;
  std::string host = "127.0.0.1";
  int port = 0;
  std::thread watcher;
  std::atomic<bool> stopping{false};
  std::mutex stop_mutex;
  std::condition_variable stop_cv;
  bool tls = false;
  MockServer::Handler handler;            // empty: the engine answers
  MockServer::AsyncHandler async_handler; // the plain transport's, before `handler`
  std::unique_ptr<PlainServer> plain;     // Transport::plain: serves instead of `http`
  // The current engine's body limit, kept with it (create, reload), so that the plain
  // transport reads it without a second engine lookup per request.
  std::atomic<std::size_t> max_body_bytes{0};

  explicit Impl(std::unique_ptr<httplib::Server> server, bool is_tls)
      : transport(std::move(server)), http(*transport), tls(is_tls) {}

  std::shared_ptr<const MockEngine> current() const {
    const std::lock_guard<std::mutex> lock(engine_mutex);
    return engine;
  }

  void set_engine(std::shared_ptr<const MockEngine> next) {
    const std::lock_guard<std::mutex> lock(engine_mutex);
    max_body_bytes = next->config().limits.max_body_bytes;
    engine = std::move(next);
  }

  // A 413 problem, answered without reading the body; the connection closes after it, since
  // the unread rest of the body cannot be told apart from a next request.
  static void refuse_body(httplib::Response& res, std::size_t limit) {
    const auto problem = build_problem_response(make_problem(
        ProblemKind::request_too_large, "the request body is larger than the configured limit of " +
                                            std::to_string(limit) + " bytes"));
    res.status = 413;
    res.set_header("Connection", "close");
    res.set_content(problem.body, std::string(k_problem_media_type));
  }

  // RFC 9112 6.3: a request with both Transfer-Encoding and Content-Length is a smuggling
  // attempt or a broken client; which length the next hop believes cannot be known, so it is
  // refused and the connection closed (the rest of its bytes are never read as a request).
  static void refuse_ambiguous_length(httplib::Response& res) {
    const auto problem = build_problem_response(
        make_problem(ProblemKind::request_malformed,
                     "the request has both Transfer-Encoding and Content-Length"));
    res.status = 400;
    res.set_header("Connection", "close");
    res.set_content(problem.body, std::string(k_problem_media_type));
  }

  // Requests that may carry a body: stream it, stopping at the configured limit, so that a
  // client announcing or sending 100 MB is refused without the mock holding 100 MB.
  static bool declares_more_than(const httplib::Request& req, std::size_t limit) {
    if (!req.has_header("Content-Length")) {
      return false;
    }
    const std::string declared = req.get_header_value("Content-Length");
    char* end = nullptr;
    errno = 0;
    const unsigned long long length = std::strtoull(declared.c_str(), &end, 10);
    return errno == 0 && end != declared.c_str() && *end == '\0' && length > limit;
  }

  void handle_with_body(const httplib::Request& req, httplib::Response& res,
                        const httplib::ContentReader& reader) {
    auto engine_now = current(); // one lock per request: handle() answers with the same engine
    const std::size_t limit = engine_now->config().limits.max_body_bytes;
    if (declares_more_than(req, limit)) {
      refuse_body(res, limit);
      return;
    }
    std::string body;
    bool too_large = false;
    const bool complete = reader([&](const char* data, std::size_t length) {
      if (body.size() + length > limit) {
        too_large = true;
        return false;
      }
      body.append(data, length);
      return true;
    });
    if (too_large) {
      refuse_body(res, limit);
      return;
    }
    if (!complete) {
      res.status = 400; // the error handler writes the problem (the body could not be read)
      res.set_header("Connection", "close");
      return;
    }
    handle(req, res, std::move(body), std::move(engine_now));
  }

  void handle(const httplib::Request& req, httplib::Response& res, std::string body = {},
              std::shared_ptr<const MockEngine> engine_now = nullptr) {
    t_answered_by_engine = true;
    if (engine_now == nullptr) {
      engine_now = current();
    }
    HandleResult result = handler ? handler(to_request(req, std::move(body)), *engine_now)
                                  : engine_now->handle(to_request(req, std::move(body)));
    if (result.delay_ms > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(result.delay_ms));
    }
    if (result.fault == FaultKind::reset || result.fault == FaultKind::empty) {
      break_connection(req, result.fault);
      res.status = 500;
      res.set_header("Connection", "close");
      return;
    }
    if (result.fault == FaultKind::truncate && !result.response.body.empty()) {
      auto body = std::make_shared<std::string>(std::move(result.response.body));
      result.response.body.clear();
      std::string content_type = "application/octet-stream";
      for (const auto& [name, value] : result.response.headers) {
        if (core::iequals(name, "Content-Type")) {
          content_type = value;
        }
      }
      to_httplib(std::move(result.response), res);
      res.set_content_provider(body->size(), content_type,
                               [body](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                 if (offset == 0) {
                                   sink.write(body->data(), body->size() / 2);
                                 }
                                 return false; // abort: the client gets half of the declared length
                               });
      return;
    }
    to_httplib(std::move(result.response), res);
  }

  // The plain transport answers through the same handler or engine, with the mock's limits.
  void configure_plain(const MockEngine& first) {
    PlainServerOptions served;
    served.threads = static_cast<std::size_t>(std::max(first.threads, 1));
    plain = std::make_unique<PlainServer>(
        served,
        [this](core::Request&& request, EventLoop& loop, PlainServer::Reply reply) {
          auto engine_now = current();
          if (async_handler) {
            async_handler(std::move(request), std::move(engine_now), loop, std::move(reply));
            return;
          }
          reply(handler ? handler(request, *engine_now) : engine_now->handle(request));
        },
        [this] { return max_body_bytes.load(); });
  }

  // The thread pool, keep-alive and body limit, then every handler.
  void configure(const MockEngine& first) {
    const auto threads = static_cast<std::size_t>(first.threads);
    http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http.set_tcp_nodelay(true);
    http.set_keep_alive_max_count(1000000);
    http.set_keep_alive_timeout(5);
    http.set_payload_max_length(first.config().limits.max_body_bytes);
    set_routes();
    set_pre_routing();
    set_error_handlers();
    // httplib logs every answer it writes, after the error handler ran: the end of a request.
    // A request that httplib refuses before routing (an unparsable request line) never
    // reaches the pre-routing handler, so the flag must not outlive the previous answer.
    http.set_logger(
        [](const httplib::Request&, const httplib::Response&) { t_answered_by_engine = false; });
  }

  // Every path and method goes to the engine; methods that may carry a body stream it.
  void set_routes() {
    auto without_body = [this](const httplib::Request& req, httplib::Response& res) {
      handle(req, res);
    };
    auto with_body = [this](const httplib::Request& req, httplib::Response& res,
                            const httplib::ContentReader& reader) {
      handle_with_body(req, res, reader);
      restore_parked_method(req);
    };
    http.Get(".*", without_body);
    http.Options(".*", without_body);
    http.Post(".*", with_body);
    http.Put(".*", with_body);
    http.Patch(".*", with_body);
    http.Delete(".*", with_body);
  }

  void set_pre_routing() {
    // HTTP/1.1 says a request with neither Content-Length nor Transfer-Encoding has no body
    // (`curl -X POST URL`, the Feldera seed's own example), but httplib would try to read one
    // and answer 400. Answer such requests here, before httplib reads, with an empty body.
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      t_answered_by_engine = false;
      if (req.has_header("Transfer-Encoding") && req.has_header("Content-Length")) {
        refuse_ambiguous_length(res);
        return httplib::Server::HandlerResponse::Handled;
      }
      if ((req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS") &&
          declares_body(req)) {
        // httplib owns this Request until it is handled; see k_parked_method.
        auto& headers = const_cast<httplib::Headers&>(req.headers);
        headers.emplace(k_parked_method, req.method);
        const_cast<std::string&>(req.method) = "POST";
      }
      const bool may_have_body = req.method == "POST" || req.method == "PUT" ||
                                 req.method == "PATCH" || req.method == "DELETE";
      if (may_have_body && !req.has_header("Content-Length") &&
          !req.has_header("Transfer-Encoding")) {
        handle(req, res);
        return httplib::Server::HandlerResponse::Handled;
      }
      if (may_have_body && req.is_multipart_form_data()) {
        // httplib owns this Request until it is handled; renaming a header here is safe.
        auto& headers = const_cast<httplib::Headers&>(req.headers);
        const auto found = headers.find("Content-Type");
        std::string value = found->second;
        headers.erase(found);
        headers.emplace(k_parked_content_type, std::move(value));
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    // `Expect: 100-continue` (curl sends it for bodies over 1 MB): refuse an oversized body
    // before the client sends it, instead of inviting it.
    http.set_expect_100_continue_handler(
        [this](const httplib::Request& req, httplib::Response& res) {
          const std::size_t limit = current()->config().limits.max_body_bytes;
          if (declares_more_than(req, limit)) {
            refuse_body(res, limit);
            // httplib writes this answer without computing Content-Length (it does that only
            // on the routed path); without it the client could not tell where the body ends.
            res.set_header("Content-Length", std::to_string(res.body.size()));
            return 413;
          }
          return 100;
        });
  }

  // The edges where the transport answers by itself: a request httplib refused before it
  // reached the engine, and an exception escaping a handler (a 500 problem; see
  // ARCHITECTURE.md, "Where exceptions are caught").
  void set_error_handlers() {
    http.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&,
                                                                   httplib::Response& res) {
      if (t_answered_by_engine || !res.body.empty()) {
        t_answered_by_engine = false;
        return httplib::Server::HandlerResponse::Unhandled;
      }
      Problem problem =
          make_problem(to_refusal_kind(res.status),
                       res.status == 413 ? "the request body is larger than the configured limit"
                                         : "the request could not be read");
      problem.status = res.status; // httplib's status stays the answer's
      res.set_content(build_problem_response(problem).body, std::string(k_problem_media_type));
      return httplib::Server::HandlerResponse::Handled;
    }));
    http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, const std::exception_ptr& error) {
          std::string what = "unknown error";
          try {
            if (error) {
              std::rethrow_exception(error);
            }
          } catch (const std::exception& e) {
            what = e.what();
          } catch (...) {
          }
          const auto problem =
              build_problem_response(make_problem(ProblemKind::internal, std::move(what)));
          res.status = 500;
          res.set_content(problem.body, std::string(k_problem_media_type));
        });
  }
};

MockServer::MockServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

MockServer::~MockServer() {
  stop();
  if (impl_->watcher.joinable()) {
    impl_->watcher.join();
  }
}

namespace {

// The transport: plain HTTP, or HTTPS set up from `tls` (mock/tls.cpp).
core::Result<std::unique_ptr<httplib::Server>>
make_transport(const std::optional<TlsMaterial>& tls) {
  if (!tls) {
    return std::make_unique<httplib::Server>();
  }
  core::Result<void> setup;
  auto server = std::make_unique<httplib::SSLServer>(
      [&](SSL_CTX& ctx) { return static_cast<bool>(setup = configure_server_context(ctx, *tls)); });
  if (!setup) {
    return tl::unexpected(setup.error());
  }
  if (!server->is_valid()) {
    return core::fail(core::ErrorCode::internal, "cannot create the TLS context");
  }
  return std::unique_ptr<httplib::Server>(std::move(server));
}

} // namespace

core::Result<std::unique_ptr<MockServer>> MockServer::create(const MockOptions& options,
                                                             const std::optional<TlsMaterial>& tls,
                                                             Transport kind) {
  std::signal(SIGPIPE, SIG_IGN); // a client that hangs up must not kill the server
  if (kind == Transport::plain && tls) {
    return core::fail(core::ErrorCode::internal, "the plain transport does not serve TLS");
  }
  auto transport = make_transport(tls);
  if (!transport) {
    return tl::unexpected(transport.error());
  }
  auto impl = std::make_unique<Impl>(std::move(*transport), tls.has_value());
  impl->options = options;
  auto engine = MockEngine::create(options, MockServices{&impl->clock, &impl->journal});
  if (!engine) {
    return tl::unexpected(engine.error());
  }
  impl->journal.set_capacity((*engine)->config().journal_size);
  impl->host = (*engine)->host;
  impl->port = (*engine)->port;
  if (kind == Transport::plain) {
    impl->configure_plain(**engine);
  } else {
    impl->configure(**engine);
  }
  impl->set_engine(std::shared_ptr<const MockEngine>(std::move(*engine)));
  return std::unique_ptr<MockServer>(new MockServer(std::move(impl)));
}

core::Result<int> MockServer::bind(const std::string& host, int port) {
  if (impl_->plain) {
    auto bound = impl_->plain->bind(host, port);
    if (bound) {
      impl_->host = host;
      impl_->port = *bound;
    }
    return bound;
  }
  int bound = port;
  if (port == 0) {
    bound = impl_->http.bind_to_any_port(host);
    if (bound <= 0) {
      return core::fail(core::ErrorCode::usage, "cannot bind to " + host + " on any port");
    }
  } else if (!impl_->http.bind_to_port(host, port)) {
    return core::fail(core::ErrorCode::usage, "cannot bind to " + host + ":" +
                                                  std::to_string(port) +
                                                  " (in use, or not an address of this machine)");
  }
  widen_listen_backlog(bound);
  impl_->host = host;
  impl_->port = bound;
  return bound;
}

core::Result<int> MockServer::bind() {
  return bind(impl_->host, impl_->port);
}

bool MockServer::run() {
  if (impl_->plain) {
    return impl_->plain->run();
  }
  return impl_->http.listen_after_bind();
}

void MockServer::stop() {
  {
    const std::lock_guard<std::mutex> lock(impl_->stop_mutex);
    impl_->stopping = true;
  }
  impl_->stop_cv.notify_all();
  if (impl_->plain) {
    impl_->plain->stop();
  }
  impl_->http.stop();
}

bool MockServer::is_running() const {
  if (impl_->plain) {
    return impl_->plain->is_running();
  }
  return impl_->http.is_running();
}

core::Result<void> MockServer::reload() {
  auto engine = MockEngine::create(impl_->options, MockServices{&impl_->clock, &impl_->journal});
  if (!engine) {
    return tl::unexpected(engine.error());
  }
  impl_->set_engine(std::shared_ptr<const MockEngine>(std::move(*engine)));
  return {};
}

void MockServer::start_watch(std::function<void(const std::string&)> log, int interval_ms) {
  impl_->watcher = std::thread([this, log = std::move(log), interval_ms] {
    auto stamp = [](const std::vector<std::filesystem::path>& files) {
      std::map<std::string, std::filesystem::file_time_type> times;
      for (const auto& file : files) {
        std::error_code ec;
        times[file.string()] = std::filesystem::last_write_time(file, ec);
      }
      return times;
    };
    auto last = stamp(engine()->watched_files());
    std::unique_lock<std::mutex> lock(impl_->stop_mutex);
    while (!impl_->stopping) {
      impl_->stop_cv.wait_for(lock, std::chrono::milliseconds(interval_ms));
      if (impl_->stopping) {
        break;
      }
      auto now = stamp(engine()->watched_files());
      if (now == last) {
        continue;
      }
      last = now;
      if (auto result = reload(); result) {
        log("reloaded " + std::to_string(engine()->documents().size()) + " document(s)");
        last = stamp(engine()->watched_files());
      } else {
        log("reload failed, keeping the previous version: " + result.error().to_string());
      }
    }
  });
}

void MockServer::set_handler(Handler handler) {
  impl_->handler = std::move(handler);
}

void MockServer::set_async_handler(AsyncHandler handler) {
  impl_->async_handler = std::move(handler);
}

std::shared_ptr<const MockEngine> MockServer::engine() const {
  return impl_->current();
}
Clock& MockServer::clock() {
  return impl_->clock;
}
Journal& MockServer::journal() {
  return impl_->journal;
}
const std::string& MockServer::host() const {
  return impl_->host;
}
int MockServer::port() const {
  return impl_->port;
}
bool MockServer::is_tls() const {
  return impl_->tls;
}

} // namespace concord::mock
