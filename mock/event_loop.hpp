#pragma once
// One thread's epoll loop: the plain transport's connections (mock/plain_server.hpp) and the
// proxy's upstream connections (proxy/async_upstream.hpp) are watchers of the loop of the
// worker that serves them. A worker thread goes from one ready socket to the next and sleeps
// only when none is ready; with one thread per blocking connection, every request and every
// upstream answer put a thread to sleep and woke it again (docs/benchmarks.md).
//
// Everything but post() and stop() is called on the loop's own thread.

#include "core/result.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace concord::mock {

class EventLoop;

// Something a loop watches: a socket's readiness and one deadline at a time.
class Watcher {
public:
  using Clock = std::chrono::steady_clock;
  Watcher() = default;
  virtual ~Watcher() = default;
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;
  Watcher(Watcher&&) = delete;
  Watcher& operator=(Watcher&&) = delete;

  // EPOLLIN, EPOLLOUT, EPOLLRDHUP, EPOLLHUP, EPOLLERR as epoll reported them (edge-triggered:
  // a readiness is reported once, when it begins).
  virtual void on_ready(std::uint32_t events) = 0;
  // The deadline set with EventLoop::set_deadline has passed.
  virtual void on_deadline() = 0;

  [[nodiscard]] std::uint64_t id() const { return id_; }

private:
  friend class EventLoop;
  std::uint64_t id_ = 0;
  Clock::time_point deadline_ = Clock::time_point::max();
  Clock::time_point armed_ = Clock::time_point::max(); // earliest entry in the loop's heap
};

// A non-blocking socket as an edge-triggered watcher sees it: whether it may be read or
// written now, kept true by the reads and writes themselves. epoll reports a readiness once,
// when it begins, so a watcher must remember it; a short read took all there was (the next
// arrival is reported), but after the peer's FIN nothing more is, so reading goes on to the end.
class SocketIo {
public:
  enum class Step { ok, would_block, closed, failed };

  // `ready`: readable and writable until a call says otherwise (an accepted socket may hold
  // bytes before the loop reports it); false for a connect still in progress.
  SocketIo(int fd, bool ready) : fd_(fd), readable_(ready), writable_(ready) {}

  // What on_ready() was told.
  void note(std::uint32_t events);
  // One recv() of up to 16 KiB, appended to `in`. closed: the peer's FIN; failed: error().
  [[nodiscard]] Step read(std::string& in);
  // Sends `out` from `sent` on, advancing it, until all of it is sent (ok) or the socket is
  // full (would_block). failed: error().
  [[nodiscard]] Step write(std::string_view out, std::size_t& sent);

  [[nodiscard]] bool readable() const { return readable_; }
  [[nodiscard]] bool writable() const { return writable_; }
  [[nodiscard]] int error() const { return error_; }

private:
  int fd_;
  bool readable_;
  bool writable_;
  bool peer_closed_ = false;
  int error_ = 0;
};

class EventLoop {
public:
  using Clock = std::chrono::steady_clock;
  using Task = std::function<void()>;

  [[nodiscard]] static core::Result<std::unique_ptr<EventLoop>> create();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;
  EventLoop(EventLoop&&) = delete;
  EventLoop& operator=(EventLoop&&) = delete;

  // Takes `watcher` and watches `fd` for it (edge-triggered input and output); the watcher
  // is destroyed by close() or when the loop is. False when epoll refused the descriptor.
  bool adopt(int fd, std::unique_ptr<Watcher> watcher);
  // Stops watching the watcher's descriptor and destroys the watcher once the event being
  // handled is done (a watcher may close itself from its own callbacks). Does not close fd.
  void close(Watcher& watcher, int fd);
  // The watcher of `id`, or nullptr once it was closed (for answers that arrive later).
  [[nodiscard]] Watcher* find(std::uint64_t id) const;

  // on_deadline() is called at `at` (or soon after); a later call replaces the deadline,
  // Clock::time_point::max() clears it.
  void set_deadline(Watcher& watcher, Clock::time_point at);

  // Runs `task` on the loop's thread; from any thread.
  void post(Task task);
  // Runs until stop(); destroys the watchers left when it returns.
  void run();
  // Makes run() return; from any thread.
  void stop();
  [[nodiscard]] std::size_t watchers() const { return watchers_.size(); }

private:
  EventLoop(int epoll_fd, int wake_fd);
  void fire_deadlines(Clock::time_point now);
  [[nodiscard]] int wait_ms(Clock::time_point now) const;
  void run_posted();
  void bury();

  struct Entry {
    Clock::time_point at;
    std::uint64_t id;
  };
  int epoll_fd_;
  int wake_fd_;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, std::unique_ptr<Watcher>> watchers_;
  std::vector<Entry> heap_;                      // deadlines, earliest first
  std::vector<std::unique_ptr<Watcher>> closed_; // destroyed after the current event
  std::mutex posted_mutex_;                      // guards posted_ and stopping_
  std::vector<Task> posted_;
  bool stopping_ = false;
};

} // namespace concord::mock
