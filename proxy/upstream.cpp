#include "proxy/upstream.hpp"

#include "conformance/matching.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <optional>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace concord::proxy {
namespace {

using conformance::HttpRequest;
using conformance::HttpResult;
using conformance::TransportError;

constexpr std::size_t k_read_chunk = std::size_t{16} * 1024;
// A deadline may be overrun by this much before the socket's own timeout is lowered to it:
// most exchanges then set no socket option at all.
constexpr int k_timeout_slack_ms = 20;

int remaining_ms(std::chrono::steady_clock::time_point deadline) {
  return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count());
}

bool has_control_break(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

// The start of bytes that may be anything, quoted and escaped, for a message.
std::string excerpt(std::string_view text) {
  return conformance::to_short_text(std::string(text.substr(0, 40)), 60);
}

// The request as it goes on the wire; an error message when a field could smuggle a second
// request (CR or LF in a name, a value or the target).
std::optional<std::string> serialize(const HttpRequest& request, const std::string& host_field,
                                     std::string& wire) {
  if (!core::is_token(request.method) || request.target.empty() ||
      request.target.find_first_of(std::string_view(" \t\r\n\0", 5)) != std::string::npos) {
    return "the request line cannot be forwarded as it is (" + excerpt(request.target) + ")";
  }
  wire.reserve(256 + request.target.size() + (request.body ? request.body->size() : 0));
  wire.append(request.method).append(" ").append(request.target).append(" HTTP/1.1\r\n");
  wire.append("Host: ").append(host_field).append("\r\n");
  for (const auto& [name, value] : request.headers) {
    if (!core::is_token(name) || has_control_break(value)) {
      return "the header field " + excerpt(name) + " cannot be forwarded as it is";
    }
    wire.append(name).append(": ").append(value).append("\r\n");
  }
  if (request.body) {
    wire.append("Content-Length: ").append(std::to_string(request.body->size())).append("\r\n");
  }
  wire.append("\r\n");
  if (request.body) {
    wire.append(*request.body);
  }
  return std::nullopt;
}

// https://, or an upstream reached through an HTTP proxy: the runner's client.
class VerifyClientUpstream final : public Upstream {
public:
  VerifyClientUpstream(const conformance::BaseUrl& base, const conformance::ClientOptions& options)
      : client_(base, options) {}
  [[nodiscard]] HttpResult send(const HttpRequest& request) override {
    return client_.send(request);
  }

private:
  conformance::HttpClient client_;
};

} // namespace

void describe_failure(HttpResult& out, Failure failure, bool while_writing, bool got_bytes,
                      int error_number, const AnswerReader& reader,
                      const conformance::ClientOptions& options) {
  if (failure == Failure::timeout) {
    out.error = TransportError::timeout;
    out.message = "no complete answer within " + std::to_string(options.timeout_ms) + " ms";
  } else if (reader.too_large()) {
    out.error = TransportError::too_large;
    out.message =
        "response too large (more than " + std::to_string(options.max_response_bytes) + " bytes)";
  } else if (!reader.problem().empty()) {
    out.error = TransportError::read;
    out.message = reader.problem();
  } else if (while_writing) {
    out.error = TransportError::write;
    out.message = "could not send the request: " +
                  (failure == Failure::closed ? std::string("the upstream closed the connection")
                                              : std::string(std::strerror(error_number)));
  } else if (failure == Failure::closed) {
    out.error = TransportError::read;
    out.message = !got_bytes ? "the upstream closed the connection without answering"
                  : reader.body_expected() > 0
                      ? "the upstream closed the connection in the middle of its answer (" +
                            std::to_string(reader.body_expected()) + " body bytes announced)"
                      : "the upstream closed the connection in the middle of its answer";
  } else {
    out.error = TransportError::read;
    out.message = "could not read the answer: " + std::string(std::strerror(error_number));
  }
}

std::string serialize_request(const HttpRequest& request, const std::string& host_field,
                              std::string& wire) {
  return serialize(request, host_field, wire).value_or("");
}

std::string host_field_of(const conformance::BaseUrl& base) {
  std::string field;
  const bool is_ipv6 = base.host.find(':') != std::string::npos;
  if (is_ipv6) {
    field += '[';
  }
  field += base.host;
  if (is_ipv6) {
    field += ']';
  }
  if (base.port != 80) {
    field += ':';
    field += std::to_string(base.port);
  }
  return field;
}

std::unique_ptr<Upstream> make_upstream(const conformance::BaseUrl& base,
                                        const conformance::ClientOptions& options) {
  if (base.scheme == "http" && !options.proxy) {
    return std::make_unique<PlainUpstream>(base, options);
  }
  return std::make_unique<VerifyClientUpstream>(base, options);
}

// One answer being read.
struct PlainUpstream::Answer {
  AnswerReader reader;
  bool while_writing = false; // the failure happened sending the request
  bool got_bytes = false;     // some of an answer came back
  int error_number = 0;       // errno of a failed send or recv
};

PlainUpstream::PlainUpstream(conformance::BaseUrl base, conformance::ClientOptions options)
    : base_(std::move(base)), options_(std::move(options)), host_field_(host_field_of(base_)) {}

PlainUpstream::~PlainUpstream() {
  close();
}

void PlainUpstream::adopt(int fd) noexcept {
  close();
  fd_ = fd;
  set_socket_timeout(options_.timeout_ms);
}

void PlainUpstream::close() noexcept {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

bool PlainUpstream::set_socket_timeout(int ms) noexcept {
  ms = std::max(ms, 1); // 0 would mean "wait forever"
  timeval tv{};
  tv.tv_sec = ms / 1000;
  tv.tv_usec = static_cast<suseconds_t>((ms % 1000) * 1000);
  const bool ok = ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0 &&
                  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) == 0;
  socket_timeout_ms_ = ms;
  return ok;
}

// False once the deadline has passed; otherwise makes sure the socket's timeout does not
// outlast it by more than the slack.
bool PlainUpstream::wait_budget(Clock::time_point deadline) noexcept {
  const int left = remaining_ms(deadline);
  if (left <= 0) {
    return false;
  }
  if (socket_timeout_ms_ > left + k_timeout_slack_ms) {
    set_socket_timeout(left);
  }
  return true;
}

bool PlainUpstream::open(Clock::time_point deadline, HttpResult& out) {
  close();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string where = base_.host + ":" + std::to_string(base_.port);
  if (const int rc =
          ::getaddrinfo(base_.host.c_str(), std::to_string(base_.port).c_str(), &hints, &found);
      rc != 0) {
    out.error = TransportError::connect;
    out.message = "cannot resolve " + base_.host + ": " + ::gai_strerror(rc);
    return false;
  }
  const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, ::freeaddrinfo);
  for (const addrinfo* ai = found; ai != nullptr && fd_ < 0; ai = ai->ai_next) {
    const int fd =
        ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    if (fd < 0) {
      continue;
    }
    int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd waiting{fd, POLLOUT, 0};
      int ready = 0;
      do {
        ready = ::poll(&waiting, 1, std::max(remaining_ms(deadline), 0));
      } while (ready < 0 && errno == EINTR);
      if (ready == 0) {
        ::close(fd);
        out.error = TransportError::timeout;
        out.message = "connect to " + where + " timed out after " +
                      std::to_string(options_.timeout_ms) + " ms";
        return false;
      }
      int error = 0;
      socklen_t length = sizeof error;
      rc = ready > 0 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0
               ? 0
               : -1;
    }
    if (rc != 0) {
      ::close(fd);
      continue;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fd_ = fd;
    set_socket_timeout(options_.timeout_ms);
  }
  if (fd_ < 0) {
    out.error = TransportError::connect;
    out.message = "cannot connect to " + where + " (connection refused or host unreachable)";
    return false;
  }
  return true;
}

PlainUpstream::Io PlainUpstream::write_all(std::string_view data, Clock::time_point deadline) {
  while (!data.empty()) {
    if (!wait_budget(deadline)) {
      return Io::timeout;
    }
    const ssize_t sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent > 0) {
      data.remove_prefix(static_cast<std::size_t>(sent));
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      set_socket_timeout(remaining_ms(deadline)); // the socket's timeout was shorter
    } else if (errno != EINTR) {
      return errno == EPIPE || errno == ECONNRESET ? Io::closed : Io::failed;
    }
  }
  return Io::ok;
}

PlainUpstream::Io PlainUpstream::read_more(Clock::time_point deadline) {
  char chunk[k_read_chunk];
  for (;;) {
    if (!wait_budget(deadline)) {
      return Io::timeout;
    }
    const ssize_t got = ::recv(fd_, chunk, sizeof chunk, 0);
    if (got > 0) {
      in_.append(chunk, static_cast<std::size_t>(got));
      return Io::ok;
    }
    if (got == 0) {
      return Io::closed;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      set_socket_timeout(remaining_ms(deadline));
    } else if (errno != EINTR) {
      return errno == ECONNRESET ? Io::closed : Io::failed;
    }
  }
}

// Reads until the reader has the whole answer (or gives up).
PlainUpstream::Io PlainUpstream::read_answer(Clock::time_point deadline, Answer& answer) {
  for (;;) {
    const auto step = answer.reader.read(in_, used_);
    if (step == AnswerReader::Step::done) {
      return Io::ok;
    }
    if (step == AnswerReader::Step::failed) {
      return Io::failed;
    }
    if (used_ == in_.size()) {
      in_.clear(); // the body was copied out: the buffer holds only what is unread
      used_ = 0;
    }
    const Io io = read_more(deadline);
    if (io == Io::closed && answer.reader.end_of_input() == AnswerReader::Step::done) {
      return Io::ok;
    }
    if (io != Io::ok) {
      answer.error_number = errno;
      return io;
    }
    answer.got_bytes = true;
  }
}

void PlainUpstream::fail(HttpResult& out, Io io, const Answer& answer) const {
  describe_failure(out,
                   io == Io::timeout  ? Failure::timeout
                   : io == Io::closed ? Failure::closed
                                      : Failure::error,
                   answer.while_writing, answer.got_bytes, answer.error_number, answer.reader,
                   options_);
}

HttpResult PlainUpstream::send(const HttpRequest& request) {
  HttpResult out;
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::milliseconds(options_.timeout_ms);
  std::string wire;
  if (auto refused = serialize(request, host_field_, wire)) {
    out.error = TransportError::other;
    out.message = std::move(*refused);
    return out;
  }
  for (int attempt = 0;; ++attempt) {
    const bool reused = fd_ >= 0;
    if (!reused && !open(deadline, out)) {
      break;
    }
    in_.clear();
    used_ = 0;
    Answer answer{AnswerReader(options_.max_response_bytes, request.method == "HEAD")};
    Io io = write_all(wire, deadline);
    if (io != Io::ok) {
      answer.while_writing = true;
      answer.error_number = errno;
    } else {
      io = read_answer(deadline, answer);
    }
    if (io == Io::ok) {
      if (!answer.reader.keep_alive() || used_ != in_.size()) {
        close(); // bytes past the answer: the connection cannot be trusted with another one
      }
      out.response = std::move(answer.reader.response());
      break;
    }
    close();
    if (reused && attempt == 0 && io == Io::closed && !answer.got_bytes) {
      continue; // the upstream had closed this idle connection: once more on a new one
    }
    fail(out, io, answer);
    break;
  }
  out.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return out;
}

} // namespace concord::proxy
