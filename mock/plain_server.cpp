#include "mock/plain_server.hpp"

#include "mock/problem.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <mutex>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

namespace concord::mock {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr std::size_t k_max_dropped = std::size_t{8} * 1024 * 1024;
constexpr auto k_drain_time = std::chrono::seconds(1);

std::string address_of(const sockaddr_storage& address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    const auto* in4 = reinterpret_cast<const sockaddr_in*>(&address);
    ::inet_ntop(AF_INET, &in4->sin_addr, text, sizeof text);
  } else if (address.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&address);
    ::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
  }
  return text;
}

// Whether the bytes from `from` hold the empty line that ends a head; `scanned` remembers how
// far earlier calls looked, so that a head trickling in byte by byte is scanned once.
bool has_head_end(const std::string& in, std::size_t from, std::size_t& scanned) {
  std::size_t at = std::max(scanned, from);
  for (;;) {
    const std::size_t lf = in.find('\n', at);
    if (lf == std::string::npos) {
      scanned = in.size();
      return false;
    }
    // An empty line: "\n\n", "\n\r\n", or the very first line of the buffer when it is empty
    // (skipped as a leading empty line by the parser, which is then asked).
    if (lf == from || in[lf - 1] == '\n' ||
        (in[lf - 1] == '\r' && lf - 1 > from && in[lf - 2] == '\n')) {
      scanned = lf + 1;
      return true;
    }
    at = lf + 1;
  }
}

core::Response problem_of(ProblemKind kind, int status, std::string detail) {
  Problem problem = make_problem(kind, std::move(detail));
  problem.status = status;
  return build_problem_response(problem);
}

} // namespace

struct PlainServer::Impl {
  PlainServerOptions options;
  Handler handler;
  BodyLimit body_limit;
  int listen_fd = -1;
  std::atomic<bool> running{false};
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> connections{0};

  std::mutex mutex; // guards loops while they start and stop
  std::vector<std::unique_ptr<EventLoop>> loops;
  std::vector<std::thread> threads;

  class Connection;
  // An accepted socket on its way to a loop.
  struct PendingFd {
    explicit PendingFd(Impl& server_in) : server(server_in) {}
    ~PendingFd() {
      if (fd >= 0) {
        ::close(fd);
        --server.connections;
      }
    }
    PendingFd(const PendingFd&) = delete;
    PendingFd& operator=(const PendingFd&) = delete;
    PendingFd(PendingFd&&) = delete;
    PendingFd& operator=(PendingFd&&) = delete;
    Impl& server;
    int fd = -1;
  };
  void accept_loop();
  bool start_loops();
  void stop_loops();
};

// One connection on its loop: a state machine over the bytes read and not yet used, driven by
// the socket's readiness, the deadline of the moment and the handler's answer.
class PlainServer::Impl::Connection final : public Watcher {
public:
  Connection(Impl& server, EventLoop& loop, int fd, std::string remote, bool owns_fd)
      : server_(server), options_(server.options), loop_(loop), fd_(fd), remote_(std::move(remote)),
        owns_fd_(owns_fd) {}
  ~Connection() override {
    if (owns_fd_) {
      ::close(fd_);
      --server_.connections;
    }
    if (on_closed_) {
      on_closed_();
    }
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  Connection(Connection&&) = delete;
  Connection& operator=(Connection&&) = delete;

  void on_closed(std::function<void()> callback) { on_closed_ = std::move(callback); }

  // Arms the first deadline (an idle connection is closed after the keep-alive timeout).
  void start() { advance(); }

  void on_ready(std::uint32_t events) override {
    if ((events & EPOLLERR) != 0U) {
      close();
      return;
    }
    io_.note(events);
    advance();
  }

  void on_deadline() override {
    if (state_ == State::delaying) {
      send_answer(std::move(delayed_));
      return;
    }
    close(); // idle past the keep-alive timeout, a head or body trickling, a stalled reader
  }

  // The handler's answer.
  void on_answer(HandleResult result) {
    if (state_ != State::handling) {
      return;
    }
    if (result.delay_ms > 0) {
      state_ = State::delaying;
      delayed_ = std::move(result);
      loop_.set_deadline(*this, SteadyClock::now() + std::chrono::milliseconds(delayed_.delay_ms));
      return;
    }
    send_answer(std::move(result));
  }

private:
  enum class State { head, body, handling, delaying, writing, draining, closed };
  enum class After { next_request, body, drain, close }; // what follows the bytes in out_
  enum class Read { ok, would_block, ended };

  Impl& server_;
  const PlainServerOptions& options_;
  EventLoop& loop_;
  int fd_;
  std::string remote_;
  bool owns_fd_;
  std::function<void()> on_closed_;
  State state_ = State::head;
  After after_ = After::next_request;
  SocketIo io_{fd_, true};
  std::string in_;
  std::size_t pos_ = 0;               // where the current request starts in in_
  std::size_t scanned_ = 0;           // how far in_ was searched for the end of the head
  SteadyClock::time_point started_{}; // the first byte of the head, or the body's start
  std::size_t served_ = 0;
  RequestHead head_;
  std::string body_;
  ChunkedDecoder decoder_;
  std::size_t limit_ = 0;
  std::string out_;
  std::size_t sent_ = 0;
  std::size_t dropped_ = 0;
  HandleResult delayed_;

  void close() {
    if (state_ != State::closed) {
      state_ = State::closed;
      loop_.close(*this, fd_);
    }
  }

  // Reads what is there onto in_.
  Read read_some() {
    switch (io_.read(in_)) {
    case SocketIo::Step::ok:
      return Read::ok;
    case SocketIo::Step::would_block:
      return Read::would_block;
    default:
      return Read::ended;
    }
  }

  void drop_used() {
    if (pos_ == in_.size()) {
      in_.clear();
      pos_ = 0;
      scanned_ = 0;
    }
  }

  void advance() {
    while (state_ != State::closed) {
      bool progressed = false;
      switch (state_) {
      case State::head:
        progressed = step_head();
        break;
      case State::body:
        progressed = step_body();
        break;
      case State::writing:
        progressed = step_write();
        break;
      case State::draining:
        progressed = step_drain();
        break;
      case State::handling:
      case State::delaying:
      case State::closed:
        break;
      }
      if (!progressed) {
        return;
      }
    }
  }

  // The head: idle up to the keep-alive timeout, then all of it within the read timeout.
  bool step_head() {
    if (server_.stopping || served_ >= options_.max_requests_per_connection) {
      close();
      return false;
    }
    if (has_head_end(in_, pos_, scanned_) || in_.size() - pos_ > options_.head.max_head_bytes) {
      HeadParse parsed = parse_request_head(std::string_view(in_).substr(pos_), options_.head);
      if (parsed.state == ParseState::refused) {
        refuse(parsed.status, std::move(parsed.message));
        return true;
      }
      if (parsed.state == ParseState::complete) {
        pos_ += parsed.consumed;
        head_ = std::move(parsed.head);
        begin_body();
        return true;
      }
    }
    const auto now = SteadyClock::now();
    if (in_.size() == pos_) {
      started_ = {};
      return read_within(now + std::chrono::milliseconds(options_.keep_alive_timeout_ms));
    }
    if (started_ == SteadyClock::time_point{}) {
      started_ = now;
    }
    return read_within(started_ + std::chrono::milliseconds(options_.read_timeout_ms));
  }

  // Reads more; false when the connection ended, or when nothing more is there for now (the
  // connection waits for it until `deadline`).
  bool read_within(SteadyClock::time_point deadline) {
    const Read read = read_some();
    if (read == Read::ended) {
      close();
      return false;
    }
    if (read == Read::would_block) {
      loop_.set_deadline(*this, deadline);
      return false;
    }
    return true;
  }

  // After the head: 413 before an oversized body is read, 100 Continue when asked.
  void begin_body() {
    limit_ = server_.body_limit();
    body_.clear();
    decoder_ = ChunkedDecoder{};
    started_ = SteadyClock::now();
    if (head_.content_length && *head_.content_length > limit_) {
      refuse(413, too_large()); // before it is read, or invited by 100 Continue
      return;
    }
    state_ = State::body;
    const bool has_body = head_.chunked || head_.content_length.value_or(0) > 0;
    if (head_.expect_continue && has_body && in_.size() == pos_) {
      out_ = "HTTP/1.1 100 Continue\r\n\r\n";
      sent_ = 0;
      after_ = After::body;
      state_ = State::writing;
    }
  }

  [[nodiscard]] std::string too_large() const {
    return "the request body is larger than the configured limit of " + std::to_string(limit_) +
           " bytes";
  }

  // The body, within the limit of the moment and the read timeout.
  bool step_body() {
    bool complete = false;
    if (head_.chunked) {
      const auto step = decoder_.decode(in_, pos_, body_, limit_);
      if (step == ChunkedDecoder::Step::too_large || step == ChunkedDecoder::Step::refused) {
        const bool over = step == ChunkedDecoder::Step::too_large;
        refuse(over ? 413 : 400,
               over ? too_large() : "the chunked body cannot be read: " + decoder_.message());
        return true;
      }
      complete = step == ChunkedDecoder::Step::done;
      if (!complete) {
        drop_used();
      }
    } else {
      const std::size_t length = head_.content_length.value_or(0);
      if (in_.size() - pos_ >= length) {
        body_.assign(in_, pos_, length);
        pos_ += length;
        complete = true;
      }
    }
    if (complete) {
      drop_used();
      dispatch();
      return true;
    }
    return read_within(started_ + std::chrono::milliseconds(options_.read_timeout_ms));
  }

  void dispatch() {
    core::Request request;
    const auto question = head_.target.find('?');
    request.path = head_.target.substr(0, question);
    if (question != std::string::npos) {
      request.query = head_.target.substr(question + 1);
    }
    request.method = head_.method;
    request.headers = std::move(head_.headers);
    request.body = std::move(body_);
    request.remote_addr = remote_;
    state_ = State::handling;
    loop_.set_deadline(*this, SteadyClock::time_point::max());
    EventLoop* loop = &loop_;
    const std::uint64_t me = id();
    Reply reply = [loop, me](HandleResult result) {
      if (auto* connection = static_cast<Connection*>(loop->find(me))) {
        connection->on_answer(std::move(result));
      }
    };
    try {
      server_.handler(std::move(request), loop_, std::move(reply));
    } catch (const std::exception& error) {
      on_answer({problem_of(ProblemKind::internal, 500, error.what()), 0, FaultKind::none});
    } catch (...) {
      on_answer({problem_of(ProblemKind::internal, 500, "unknown error"), 0, FaultKind::none});
    }
  }

  // The answer's bytes, with its fault.
  void send_answer(HandleResult result) {
    const bool is_head = head_.method == "HEAD";
    if (result.fault == FaultKind::reset) {
      const linger option{1, 0};
      ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &option, sizeof option);
      close(); // the kernel sends RST
      return;
    }
    if (result.fault == FaultKind::empty) {
      ::shutdown(fd_, SHUT_RDWR);
      close();
      return;
    }
    ++served_;
    core::Response& response = result.response;
    const auto* connection = core::find_header(response.headers, "Connection");
    const bool keep_alive = head_.keep_alive && served_ < options_.max_requests_per_connection &&
                            !server_.stopping &&
                            (connection == nullptr || !core::iequals(*connection, "close"));
    if (!response.body.empty() && core::find_header(response.headers, "Content-Type") == nullptr) {
      response.headers.emplace_back("Content-Type", "application/octet-stream");
    }
    out_.clear();
    sent_ = 0;
    serialize_response(response, keep_alive, keep_alive && head_.minor_version == 0, !is_head,
                       out_);
    after_ = keep_alive ? After::next_request : After::close;
    if (result.fault == FaultKind::truncate && !is_head && !response.body.empty()) {
      const std::size_t withheld = response.body.size() - response.body.size() / 2;
      out_.resize(out_.size() - withheld); // half of the declared length, then the close
      after_ = After::close;
    }
    state_ = State::writing;
    advance();
  }

  // The answer to a request that cannot be served; the connection is closed after it.
  void refuse(int status, std::string detail) {
    out_.clear();
    sent_ = 0;
    serialize_response(problem_of(to_refusal_kind(status), status, std::move(detail)), false, false,
                       true, out_);
    after_ = After::drain;
    state_ = State::writing;
  }

  bool step_write() {
    const auto step = io_.write(out_, sent_);
    if (step == SocketIo::Step::would_block) {
      loop_.set_deadline(*this,
                         SteadyClock::now() + std::chrono::milliseconds(options_.read_timeout_ms));
      return false;
    }
    if (step != SocketIo::Step::ok) {
      close(); // the peer left
      return false;
    }
    out_.clear();
    sent_ = 0;
    switch (after_) {
    case After::next_request:
      state_ = State::head;
      started_ = {};
      break;
    case After::body:
      state_ = State::body;
      break;
    case After::drain:
      begin_drain();
      break;
    case After::close:
      close();
      return false;
    }
    return true;
  }

  // The client may still be sending what was refused (a body past the limit). Closing with
  // unread bytes would reset the connection and could destroy the answer before the client
  // reads it, so the rest is read and dropped for a moment first (bounded in time and bytes).
  void begin_drain() {
    ::shutdown(fd_, SHUT_WR);
    state_ = State::draining;
    in_.clear();
    pos_ = 0;
    loop_.set_deadline(*this, SteadyClock::now() + k_drain_time);
  }

  bool step_drain() {
    for (;;) {
      const Read read = read_some();
      if (read == Read::would_block) {
        return false;
      }
      dropped_ += in_.size();
      in_.clear();
      if (read == Read::ended || dropped_ >= k_max_dropped) {
        close();
        return false;
      }
    }
  }
};

PlainServer::Handler PlainServer::answer_at_once(SyncHandler handler) {
  return [handler = std::move(handler)](core::Request&& request, EventLoop&, const Reply& reply) {
    reply(handler(std::move(request)));
  };
}

PlainServer::PlainServer(PlainServerOptions options, Handler handler, BodyLimit body_limit)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  impl_->handler = std::move(handler);
  impl_->body_limit = std::move(body_limit);
}

PlainServer::~PlainServer() {
  stop();
  impl_->stop_loops();
  if (impl_->listen_fd >= 0) {
    ::close(impl_->listen_fd);
  }
}

core::Result<int> PlainServer::bind(const std::string& host, int port) {
  const std::string where = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) {
    return core::fail(core::ErrorCode::usage, "cannot bind to " + where + " (unknown host)");
  }
  const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, ::freeaddrinfo);
  int fd = -1;
  for (const addrinfo* ai = found; ai != nullptr && fd < 0; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      continue;
    }
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || ::listen(fd, SOMAXCONN) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  if (fd < 0) {
    return core::fail(core::ErrorCode::usage,
                      port == 0 ? "cannot bind to " + host + " on any port"
                                : "cannot bind to " + where +
                                      " (in use, or not an address of this machine)");
  }
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length);
  const int bound_port = bound.ss_family == AF_INET6
                             ? ntohs(reinterpret_cast<const sockaddr_in6*>(&bound)->sin6_port)
                             : ntohs(reinterpret_cast<const sockaddr_in*>(&bound)->sin_port);
  if (impl_->listen_fd >= 0) {
    ::close(impl_->listen_fd);
  }
  impl_->listen_fd = fd;
  return bound_port;
}

bool PlainServer::run() {
  if (impl_->listen_fd < 0 || impl_->stopping) {
    return false;
  }
  if (!impl_->start_loops()) {
    return false;
  }
  impl_->running = true;
  impl_->accept_loop();
  impl_->stop_loops();
  impl_->running = false;
  return true;
}

void PlainServer::stop() {
  const std::lock_guard<std::mutex> lock(impl_->mutex);
  if (impl_->stopping.exchange(true)) {
    return;
  }
  if (impl_->listen_fd >= 0) {
    ::shutdown(impl_->listen_fd, SHUT_RDWR); // accept() returns
  }
  for (const auto& loop : impl_->loops) {
    loop->stop(); // its connections close when run() returns
  }
}

void PlainServer::serve_connection(int fd, const std::string& remote) {
  auto loop = EventLoop::create();
  if (!loop) {
    return;
  }
  const int flags = ::fcntl(fd, F_GETFL);
  ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  EventLoop& running = **loop;
  auto connection = std::make_unique<Impl::Connection>(*impl_, running, fd, remote, false);
  connection->on_closed([&running] { running.stop(); });
  Impl::Connection& served = *connection;
  if (running.adopt(fd, std::move(connection))) {
    served.start();
    running.run();
  }
  ::fcntl(fd, F_SETFL, flags);
}

bool PlainServer::is_running() const {
  return impl_->running;
}

bool PlainServer::Impl::start_loops() {
  const std::lock_guard<std::mutex> lock(mutex);
  if (stopping) {
    return false;
  }
  const std::size_t cores = std::max<std::size_t>(std::thread::hardware_concurrency(), 1);
  const std::size_t count = std::clamp<std::size_t>(options.threads, 1, cores);
  for (std::size_t i = 0; i < count; ++i) {
    auto loop = EventLoop::create();
    if (!loop) {
      break;
    }
    loops.push_back(std::move(*loop));
  }
  if (loops.empty()) {
    return false;
  }
  for (const auto& loop : loops) {
    threads.emplace_back([raw = loop.get()] { raw->run(); });
  }
  return true;
}

void PlainServer::Impl::stop_loops() {
  std::vector<std::thread> joining;
  {
    const std::lock_guard<std::mutex> lock(mutex);
    stopping = true;
    for (const auto& loop : loops) {
      loop->stop();
    }
    joining.swap(threads);
  }
  for (auto& thread : joining) {
    thread.join();
  }
}

void PlainServer::Impl::accept_loop() {
  std::size_t next = 0;
  while (!stopping) {
    if (connections >= options.max_connections) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10)); // let connections close
      continue;
    }
    sockaddr_storage peer{};
    socklen_t length = sizeof peer;
    const int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&peer), &length,
                             SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) {
      if (stopping) {
        break;
      }
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10)); // let connections close
      }
      continue;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ++connections;
    EventLoop& loop = *loops[next++ % loops.size()];
    // Closed here if the loop stops before it takes the connection.
    auto pending = std::make_shared<PendingFd>(*this);
    pending->fd = fd;
    loop.post([this, &loop, pending, remote = address_of(peer)]() mutable {
      const int taken = std::exchange(pending->fd, -1);
      auto connection = std::make_unique<Connection>(*this, loop, taken, std::move(remote), true);
      Connection& served = *connection;
      if (loop.adopt(taken, std::move(connection))) {
        served.start();
      }
    });
  }
}

} // namespace concord::mock
