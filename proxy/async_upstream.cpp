#include "proxy/async_upstream.hpp"

#include "proxy/answer_reader.hpp"
#include "proxy/upstream.hpp"

#include <cerrno>
#include <cstring>
#include <memory>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <optional>
#include <sys/epoll.h>
#include <unistd.h>

namespace concord::proxy {
namespace {

using conformance::HttpResult;
using conformance::TransportError;
using SteadyClock = std::chrono::steady_clock;

} // namespace

struct AsyncUpstreams::Attempt {
  std::string wire;
  bool head_only = false;
  Done done;
  SteadyClock::time_point started;
  SteadyClock::time_point deadline;
  int tries = 0;
  bool fresh = false;             // a retry: on a new connection only
  std::vector<Address> addresses; // to connect to, in order (a new connection)
  std::size_t next_address = 0;
};

// One keep-alive connection: connecting, writing a request, reading its answer, or idle.
class AsyncUpstreams::Connection final : public mock::Watcher {
public:
  Connection(AsyncUpstreams& pool, int fd) : pool_(pool), fd_(fd) {}
  ~Connection() override { ::close(fd_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  Connection(Connection&&) = delete;
  Connection& operator=(Connection&&) = delete;

  [[nodiscard]] int fd() const { return fd_; }
  [[nodiscard]] bool is_idle() const { return state_ == State::idle; }

  void connecting(std::shared_ptr<Attempt> attempt) {
    attempt_ = std::move(attempt);
    reader_.emplace(pool_.options_.max_response_bytes, attempt_->head_only);
    state_ = State::connecting;
    reused_ = false;
    pool_.loop_.set_deadline(*this, attempt_->deadline);
  }

  void begin(std::shared_ptr<Attempt> attempt, bool reused) {
    attempt_ = std::move(attempt);
    reused_ = reused;
    state_ = State::writing;
    sent_ = 0;
    in_.clear();
    used_ = 0;
    got_bytes_ = false;
    reader_.emplace(pool_.options_.max_response_bytes, attempt_->head_only);
    pool_.loop_.set_deadline(*this, attempt_->deadline);
    advance();
  }

  void on_ready(std::uint32_t events) override {
    io_.note(events);
    if (state_ == State::connecting && io_.writable()) {
      int error = 0;
      socklen_t length = sizeof error;
      if (::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) {
        fail_connect();
        return;
      }
      begin(std::move(attempt_), false);
      return;
    }
    if (state_ == State::idle && io_.readable()) {
      close(); // the upstream closed an idle connection, or sent what nobody asked for
      return;
    }
    advance();
  }

  void on_deadline() override {
    if (state_ == State::connecting) {
      HttpResult result;
      result.error = TransportError::timeout;
      result.message = "connect to " + pool_.base_.host + ":" + std::to_string(pool_.base_.port) +
                       " timed out after " + std::to_string(pool_.options_.timeout_ms) + " ms";
      auto attempt = std::move(attempt_);
      close();
      pool_.finished(*this, attempt, std::move(result), false);
    } else if (state_ == State::writing || state_ == State::reading) {
      end(Failure::timeout);
    }
  }

  void retire() {
    if (state_ == State::idle) {
      close();
    }
  }

private:
  enum class State { connecting, writing, reading, idle, closed };

  AsyncUpstreams& pool_;
  int fd_;
  State state_ = State::idle;
  std::shared_ptr<Attempt> attempt_;
  bool reused_ = false;
  mock::SocketIo io_{fd_, false}; // connecting: nothing until the loop reports it
  std::size_t sent_ = 0;
  std::string in_;
  std::size_t used_ = 0;
  bool got_bytes_ = false;
  int error_number_ = 0;
  std::optional<AnswerReader> reader_;

  void close() {
    state_ = State::closed;
    pool_.loop_.close(*this, fd_);
  }

  void fail_connect() {
    auto attempt = std::move(attempt_);
    close();
    pool_.start(attempt); // the next address, or the connect error
  }

  void advance() {
    if (state_ == State::writing && !write()) {
      return;
    }
    if (state_ == State::reading) {
      read();
    }
  }

  bool write() {
    const auto step = io_.write(attempt_->wire, sent_);
    if (step == mock::SocketIo::Step::would_block) {
      return false;
    }
    if (step != mock::SocketIo::Step::ok) {
      error_number_ = io_.error();
      end(error_number_ == EPIPE || error_number_ == ECONNRESET ? Failure::closed : Failure::error,
          true);
      return false;
    }
    state_ = State::reading;
    return true;
  }

  void read() {
    for (;;) {
      const auto step = reader_->read(in_, used_);
      if (step == AnswerReader::Step::done) {
        succeed();
        return;
      }
      if (step == AnswerReader::Step::failed) {
        end(Failure::error);
        return;
      }
      if (used_ == in_.size()) {
        in_.clear();
        used_ = 0;
      }
      const auto got = io_.read(in_);
      if (got == mock::SocketIo::Step::ok) {
        got_bytes_ = true;
      } else if (got == mock::SocketIo::Step::would_block) {
        return;
      } else {
        error_number_ = io_.error();
        if (got == mock::SocketIo::Step::closed &&
            reader_->end_of_input() == AnswerReader::Step::done) {
          succeed();
          return;
        }
        const bool reset = got == mock::SocketIo::Step::failed && error_number_ == ECONNRESET;
        end(got == mock::SocketIo::Step::closed || reset ? Failure::closed : Failure::error);
        return;
      }
    }
  }

  void succeed() {
    HttpResult result;
    result.response = std::move(reader_->response());
    const bool reusable = reader_->keep_alive() && used_ == in_.size() && !io_.readable();
    auto attempt = std::move(attempt_);
    if (reusable) {
      state_ = State::idle;
      pool_.loop_.set_deadline(*this, SteadyClock::time_point::max());
    } else {
      close(); // bytes past the answer: the connection cannot be trusted with another one
    }
    pool_.finished(*this, attempt, std::move(result), false);
  }

  void end(Failure failure, bool while_writing = false) {
    HttpResult result;
    describe_failure(result, failure, while_writing, got_bytes_, error_number_, *reader_,
                     pool_.options_);
    const bool retry = reused_ && failure == Failure::closed && !got_bytes_;
    auto attempt = std::move(attempt_);
    close();
    pool_.finished(*this, attempt, std::move(result), retry);
  }
};

AsyncUpstreams::AsyncUpstreams(mock::EventLoop& loop, conformance::BaseUrl base,
                               conformance::ClientOptions options)
    : loop_(loop), base_(std::move(base)), options_(std::move(options)),
      host_field_(host_field_of(base_)) {}

void AsyncUpstreams::send(const conformance::HttpRequest& request, Done done) {
  auto attempt = std::make_shared<Attempt>();
  attempt->done = std::move(done);
  attempt->head_only = request.method == "HEAD";
  attempt->started = SteadyClock::now();
  attempt->deadline = attempt->started + std::chrono::milliseconds(options_.timeout_ms);
  if (auto refused = serialize_request(request, host_field_, attempt->wire); !refused.empty()) {
    HttpResult result;
    result.error = TransportError::other;
    result.message = std::move(refused);
    attempt->done(std::move(result));
    return;
  }
  start(attempt);
}

// On an idle connection, else on a new one.
void AsyncUpstreams::start(const std::shared_ptr<Attempt>& attempt) {
  while (!attempt->fresh && attempt->next_address == 0 && !idle_.empty()) {
    const std::uint64_t id = idle_.back();
    idle_.pop_back();
    if (auto* connection = static_cast<Connection*>(loop_.find(id));
        connection != nullptr && connection->is_idle()) {
      ++attempt->tries;
      connection->begin(attempt, true);
      return;
    }
  }
  if (!open(attempt)) {
    return;
  }
}

// A non-blocking connect to the next address; false when done was called (no address left).
bool AsyncUpstreams::open(const std::shared_ptr<Attempt>& attempt) {
  const std::string where = base_.host + ":" + std::to_string(base_.port);
  if (attempt->next_address == 0) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (const int rc =
            ::getaddrinfo(base_.host.c_str(), std::to_string(base_.port).c_str(), &hints, &found);
        rc != 0) {
      HttpResult result;
      result.error = TransportError::connect;
      result.message = "cannot resolve " + base_.host + ": " + ::gai_strerror(rc);
      attempt->done(std::move(result));
      return false;
    }
    attempt->addresses.clear();
    for (const addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
      Address address;
      std::memcpy(&address.address, ai->ai_addr, ai->ai_addrlen);
      address.length = ai->ai_addrlen;
      attempt->addresses.push_back(address);
    }
    ::freeaddrinfo(found);
  }
  while (attempt->next_address < attempt->addresses.size()) {
    const Address& address = attempt->addresses[attempt->next_address++];
    const int fd =
        ::socket(address.address.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
      continue;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const int rc =
        ::connect(fd, reinterpret_cast<const sockaddr*>(&address.address), address.length);
    if (rc != 0 && errno != EINPROGRESS) {
      ::close(fd);
      continue;
    }
    auto connection = std::make_unique<Connection>(*this, fd);
    Connection& opened = *connection;
    if (!loop_.adopt(fd, std::move(connection))) {
      continue; // the loop closed nothing: the watcher (and fd) are gone with it
    }
    ++attempt->tries;
    opened.connecting(attempt); // the loop reports when the connect completes
    return true;
  }
  HttpResult result;
  result.error = TransportError::connect;
  result.message = "cannot connect to " + where + " (connection refused or host unreachable)";
  attempt->done(std::move(result));
  return false;
}

void AsyncUpstreams::finished(Connection& connection, const std::shared_ptr<Attempt>& attempt,
                              HttpResult result, bool retry) {
  if (connection.is_idle()) {
    if (idle_.size() < k_max_idle) {
      idle_.push_back(connection.id());
    } else {
      connection.retire();
    }
  }
  if (retry && attempt->tries == 1) {
    attempt->next_address = 0;
    attempt->fresh = true;
    start(attempt); // the upstream had closed this idle connection: once more on a new one
    return;
  }
  result.duration_ms =
      std::chrono::duration<double, std::milli>(SteadyClock::now() - attempt->started).count();
  attempt->done(std::move(result));
}

} // namespace concord::proxy
