#include "mock/plain_server.hpp"

#include "mock/problem.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <set>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace concord::mock {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr std::size_t k_read_chunk = std::size_t{16} * 1024;
constexpr std::size_t k_max_dropped = std::size_t{8} * 1024 * 1024;

enum class Io { ok, closed, timeout };

void set_timeout(int fd, int option, int ms) {
  ms = std::max(ms, 1); // 0 would mean "wait forever"
  timeval tv{};
  tv.tv_sec = ms / 1000;
  tv.tv_usec = static_cast<suseconds_t>((ms % 1000) * 1000);
  ::setsockopt(fd, SOL_SOCKET, option, &tv, sizeof tv);
}

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

bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent > 0) {
      data.remove_prefix(static_cast<std::size_t>(sent));
    } else if (sent < 0 && errno == EINTR) {
      continue;
    } else {
      return false; // the peer left, or SO_SNDTIMEO passed
    }
  }
  return true;
}

// Reads what is there (at least one byte) onto `in`.
Io recv_more(int fd, std::string& in) {
  char chunk[k_read_chunk];
  for (;;) {
    const ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
    if (got > 0) {
      in.append(chunk, static_cast<std::size_t>(got));
      return Io::ok;
    }
    if (got < 0 && errno == EINTR) {
      continue;
    }
    return got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) ? Io::timeout : Io::closed;
  }
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

  std::mutex mutex; // guards what follows
  std::condition_variable wake;
  std::deque<std::pair<int, std::string>> waiting; // accepted: fd and peer address
  std::set<int> serving;                           // connections a worker has
  std::vector<std::thread> workers;
  std::size_t idle_workers = 0;

  void accept_loop();
  void work();
  class Connection;
  void serve(int fd, const std::string& remote);
  // The answer to a request that cannot be served; the connection is closed after it.
  void refuse(int fd, int status, std::string detail) {
    std::string out;
    serialize_response(problem_of(to_refusal_kind(status), status, std::move(detail)), false, false,
                       true, out);
    if (send_all(fd, out)) {
      close_gently(fd);
    }
  }
  // The client may still be sending what was refused (a body past the limit). Closing with
  // unread bytes would reset the connection and could destroy the answer before the client
  // reads it, so the rest is read and dropped for a moment first (bounded in time and bytes).
  static void close_gently(int fd) {
    ::shutdown(fd, SHUT_WR);
    set_timeout(fd, SO_RCVTIMEO, 200);
    const auto until = SteadyClock::now() + std::chrono::seconds(1);
    char sink[k_read_chunk];
    std::size_t dropped = 0;
    while (dropped < k_max_dropped && SteadyClock::now() < until) {
      const ssize_t got = ::recv(fd, sink, sizeof sink, 0);
      if (got <= 0 && !(got < 0 && errno == EINTR)) {
        break;
      }
      dropped += got > 0 ? static_cast<std::size_t>(got) : 0;
    }
  }
  bool take(int& fd, std::string& remote) {
    std::unique_lock<std::mutex> lock(mutex);
    ++idle_workers;
    wake.wait(lock, [this] { return stopping || !waiting.empty(); });
    --idle_workers;
    if (stopping) {
      return false;
    }
    fd = waiting.front().first;
    remote = std::move(waiting.front().second);
    waiting.pop_front();
    serving.insert(fd);
    return true;
  }
  void release(int fd) {
    {
      const std::lock_guard<std::mutex> lock(mutex);
      serving.erase(fd);
    }
    ::close(fd);
  }
};

PlainServer::PlainServer(PlainServerOptions options, Handler handler, BodyLimit body_limit)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  impl_->handler = std::move(handler);
  impl_->body_limit = std::move(body_limit);
}

PlainServer::~PlainServer() {
  stop();
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
  impl_->running = true;
  impl_->accept_loop();
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
  for (const int fd : impl_->serving) {
    ::shutdown(fd, SHUT_RDWR); // a blocked recv() returns
  }
  impl_->wake.notify_all();
}

void PlainServer::serve_connection(int fd, const std::string& remote) {
  impl_->serve(fd, remote);
}

bool PlainServer::is_running() const {
  return impl_->running;
}

void PlainServer::Impl::accept_loop() {
  while (!stopping) {
    sockaddr_storage peer{};
    socklen_t length = sizeof peer;
    const int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&peer), &length, SOCK_CLOEXEC);
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
    set_timeout(fd, SO_SNDTIMEO, options.read_timeout_ms);
    const std::lock_guard<std::mutex> lock(mutex);
    if (stopping) {
      ::close(fd);
      break;
    }
    waiting.emplace_back(fd, address_of(peer));
    if (idle_workers < waiting.size() && workers.size() < options.threads) {
      workers.emplace_back([this] { work(); });
    }
    wake.notify_one();
  }
  std::vector<std::thread> joining;
  {
    const std::lock_guard<std::mutex> lock(mutex);
    stopping = true;
    for (const int fd : serving) {
      ::shutdown(fd, SHUT_RDWR);
    }
    for (const auto& [fd, remote] : waiting) {
      ::close(fd);
    }
    waiting.clear();
    joining.swap(workers);
    wake.notify_all();
  }
  for (auto& worker : joining) {
    worker.join();
  }
}

void PlainServer::Impl::work() {
  int fd = -1;
  std::string remote;
  while (take(fd, remote)) {
    try {
      serve(fd, remote);
    } catch (...) {
      // Out of memory while reading or answering: this connection ends, the server stays.
    }
    release(fd);
  }
}

// One connection on one worker: the bytes read and not yet used, and the receive timeout now
// on the socket.
class PlainServer::Impl::Connection {
public:
  Connection(Impl& server, int fd, const std::string& remote)
      : server_(server), options_(server.options), fd_(fd), remote_(remote) {}

  void serve() {
    for (std::size_t served = 0; served < options_.max_requests_per_connection && !server_.stopping;
         ++served) {
      HeadParse parsed;
      if (!read_head(parsed)) {
        return;
      }
      if (parsed.state == ParseState::refused) {
        server_.refuse(fd_, parsed.status, parsed.message);
        return;
      }
      pos_ += parsed.consumed;
      std::string body;
      if (!read_body(parsed.head, body)) {
        return;
      }
      const bool last = served + 1 >= options_.max_requests_per_connection;
      if (!answer(parsed.head, std::move(body), last)) {
        return;
      }
    }
  }

private:
  Impl& server_;
  const PlainServerOptions& options_;
  int fd_;
  const std::string& remote_;
  std::string in_;
  std::size_t pos_ = 0; // where the next request starts in in_
  std::string out_;
  int receive_timeout_ = 0;

  void receive_within(int ms) {
    if (receive_timeout_ != ms) {
      set_timeout(fd_, SO_RCVTIMEO, ms);
      receive_timeout_ = ms;
    }
  }

  void drop_used() {
    if (pos_ == in_.size()) {
      in_.clear();
      pos_ = 0;
    }
  }

  // The head: idle up to the keep-alive timeout, then all of it within the read timeout.
  // False when the connection ended (closed, timed out) before a head was complete.
  bool read_head(HeadParse& parsed) {
    std::size_t scanned = pos_;
    SteadyClock::time_point deadline{};
    for (;;) {
      if (has_head_end(in_, pos_, scanned) || in_.size() - pos_ > options_.head.max_head_bytes) {
        parsed = parse_request_head(std::string_view(in_).substr(pos_), options_.head);
        if (parsed.state != ParseState::incomplete) {
          return true;
        }
      }
      if (in_.size() == pos_) {
        receive_within(options_.keep_alive_timeout_ms);
      } else {
        if (deadline == SteadyClock::time_point{}) {
          deadline = SteadyClock::now() + std::chrono::milliseconds(options_.read_timeout_ms);
        }
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
        if (left.count() <= 0) {
          return false; // a head trickling in past the read timeout: the worker is needed elsewhere
        }
        receive_within(static_cast<int>(left.count()));
      }
      if (recv_more(fd_, in_) != Io::ok) {
        return false;
      }
    }
  }

  // The body, within the limit of the moment. False when the connection is to end (refused,
  // closed or timed out).
  bool read_body(const RequestHead& head, std::string& body) {
    const std::size_t limit = server_.body_limit();
    const std::string too_large = "the request body is larger than the configured limit of " +
                                  std::to_string(limit) + " bytes";
    if (head.content_length && *head.content_length > limit) {
      server_.refuse(fd_, 413, too_large); // before it is read, or invited by 100 Continue
      return false;
    }
    const bool has_body = head.chunked || head.content_length.value_or(0) > 0;
    if (head.expect_continue && has_body && in_.size() == pos_ &&
        !send_all(fd_, "HTTP/1.1 100 Continue\r\n\r\n")) {
      return false;
    }
    receive_within(options_.read_timeout_ms);
    if (head.chunked) {
      ChunkedDecoder decoder;
      for (;;) {
        const auto step = decoder.decode(in_, pos_, body, limit);
        if (step == ChunkedDecoder::Step::done) {
          break;
        }
        if (step != ChunkedDecoder::Step::more) {
          const bool over = step == ChunkedDecoder::Step::too_large;
          server_.refuse(fd_, over ? 413 : 400,
                         over ? too_large
                              : "the chunked body cannot be read: " + decoder.message());
          return false;
        }
        drop_used();
        if (recv_more(fd_, in_) != Io::ok) {
          return false;
        }
      }
    } else if (head.content_length) {
      const std::size_t length = *head.content_length;
      in_.reserve(pos_ + length);
      while (in_.size() - pos_ < length) {
        if (recv_more(fd_, in_) != Io::ok) {
          return false;
        }
      }
      body.assign(in_, pos_, length);
      pos_ += length;
    }
    drop_used();
    return true;
  }

  HandleResult call_handler(RequestHead& head, std::string body) {
    core::Request request;
    const auto question = head.target.find('?');
    request.path = head.target.substr(0, question);
    if (question != std::string::npos) {
      request.query = head.target.substr(question + 1);
    }
    request.method = std::move(head.method);
    request.headers = std::move(head.headers);
    request.body = std::move(body);
    request.remote_addr = remote_;
    HandleResult result;
    try {
      result = server_.handler(std::move(request));
    } catch (const std::exception& error) {
      result = {};
      result.response = problem_of(ProblemKind::internal, 500, error.what());
    } catch (...) {
      result = {};
      result.response = problem_of(ProblemKind::internal, 500, "unknown error");
    }
    return result;
  }

  // Calls the handler and sends its answer, with its delay and fault. False when the
  // connection is to end.
  bool answer(RequestHead& head, std::string body, bool last) {
    const bool is_head = head.method == "HEAD";
    HandleResult result = call_handler(head, std::move(body));
    if (result.delay_ms > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(result.delay_ms));
    }
    if (result.fault == FaultKind::reset) {
      const linger option{1, 0};
      ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &option, sizeof option);
      return false; // closed by the worker: the kernel sends RST
    }
    if (result.fault == FaultKind::empty) {
      ::shutdown(fd_, SHUT_RDWR);
      return false;
    }
    core::Response& response = result.response;
    const auto* connection = core::find_header(response.headers, "Connection");
    const bool keep_alive = head.keep_alive && !last && !server_.stopping &&
                            (connection == nullptr || !core::iequals(*connection, "close"));
    if (!response.body.empty() && core::find_header(response.headers, "Content-Type") == nullptr) {
      response.headers.emplace_back("Content-Type", "application/octet-stream");
    }
    out_.clear();
    serialize_response(response, keep_alive, keep_alive && head.minor_version == 0, !is_head, out_);
    if (result.fault == FaultKind::truncate && !is_head && !response.body.empty()) {
      const std::size_t withheld = response.body.size() - response.body.size() / 2;
      send_all(fd_, std::string_view(out_).substr(0, out_.size() - withheld));
      return false; // half of the declared length, then the connection closes
    }
    return send_all(fd_, out_) && keep_alive;
  }
};

void PlainServer::Impl::serve(int fd, const std::string& remote) {
  Connection(*this, fd, remote).serve();
}

} // namespace concord::mock
