#pragma once
// Where `concord proxy` sends what it forwards.
//
// A plain-HTTP upstream reached directly gets PlainUpstream, the proxy's own HTTP/1.1 client:
// one request is one send() and the answer one or two recv()s on a blocking keep-alive socket
// whose receive and send timeouts carry the deadline. cpp-httplib's client, which `verify`
// uses, polls before every read and write and parses the status line with std::regex; in
// front of a fast upstream that was most of the proxy's cost per exchange (docs/benchmarks.md).
// https:// upstreams and upstreams behind an HTTP proxy keep conformance::HttpClient (TLS,
// CONNECT, certificate errors named).

#include "conformance/http_client.hpp"
#include "proxy/answer_reader.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace concord::proxy {

// One connection's worth of upstream: used by one worker at a time (not thread-safe).
class Upstream {
public:
  Upstream() = default;
  virtual ~Upstream() = default;
  Upstream(const Upstream&) = delete;
  Upstream& operator=(const Upstream&) = delete;
  Upstream(Upstream&&) = delete;
  Upstream& operator=(Upstream&&) = delete;

  [[nodiscard]] virtual conformance::HttpResult send(const conformance::HttpRequest& request) = 0;
};

[[nodiscard]] std::unique_ptr<Upstream> make_upstream(const conformance::BaseUrl& base,
                                                      const conformance::ClientOptions& options);

// HTTP/1.1 over one keep-alive TCP connection, opened on first use and again after the
// upstream closes it. The whole exchange (connect included) has options.timeout_ms; answers
// are framed by Content-Length, chunked transfer coding or the end of the connection, and
// capped at options.max_response_bytes. A request on a reused connection that the upstream
// had already closed (its keep-alive timeout) is sent once more on a new one, only when no
// byte of an answer came back. Header fields are sent as given: a name or value holding CR or
// LF is refused, not sent.
class PlainUpstream final : public Upstream {
public:
  PlainUpstream(conformance::BaseUrl base, conformance::ClientOptions options);
  ~PlainUpstream() override;
  PlainUpstream(const PlainUpstream&) = delete;
  PlainUpstream& operator=(const PlainUpstream&) = delete;
  PlainUpstream(PlainUpstream&&) = delete;
  PlainUpstream& operator=(PlainUpstream&&) = delete;

  [[nodiscard]] conformance::HttpResult send(const conformance::HttpRequest& request) override;

  // Takes an already connected stream socket as the connection (the fuzz target hands it one
  // end of a socketpair); closes it when done, as it closes its own.
  void adopt(int fd) noexcept;

private:
  using Clock = std::chrono::steady_clock;
  enum class Io { ok, closed, timeout, failed };
  struct Answer;

  bool open(Clock::time_point deadline, conformance::HttpResult& out);
  void close() noexcept;
  bool set_socket_timeout(int ms) noexcept;
  bool wait_budget(Clock::time_point deadline) noexcept;
  Io write_all(std::string_view data, Clock::time_point deadline);
  Io read_more(Clock::time_point deadline);
  Io read_answer(Clock::time_point deadline, Answer& answer);
  void fail(conformance::HttpResult& out, Io io, const Answer& answer) const;

  conformance::BaseUrl base_;
  conformance::ClientOptions options_;
  std::string host_field_; // "host" or "host:port"
  int fd_ = -1;
  int socket_timeout_ms_ = 0; // SO_RCVTIMEO/SO_SNDTIMEO now on fd_
  std::string in_;            // bytes read from fd_ and not yet used
  std::size_t used_ = 0;      // how much of in_ the answer being read has taken
};

// What the two plain clients share (this one and proxy/async_upstream.hpp).
// How an exchange that got no whole answer ended.
enum class Failure { timeout, closed, error };
// The transport error and message of a failed exchange.
void describe_failure(conformance::HttpResult& out, Failure failure, bool while_writing,
                      bool got_bytes, int error_number, const AnswerReader& reader,
                      const conformance::ClientOptions& options);
// The request's bytes on `wire`; an error message ("" when none) when a field could smuggle
// a second request (CR or LF in a name, a value or the target).
[[nodiscard]] std::string serialize_request(const conformance::HttpRequest& request,
                                            const std::string& host_field, std::string& wire);
// The Host field for `base`: "host", "[v6]" or either with ":port".
[[nodiscard]] std::string host_field_of(const conformance::BaseUrl& base);

} // namespace concord::proxy
