#include "mock/event_loop.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace concord::mock {
namespace {

constexpr int k_max_events = 64;
constexpr std::size_t k_read_chunk = std::size_t{16} * 1024;
constexpr std::uint64_t k_wake_id = 0; // the eventfd's epoll data; watcher ids start at 1

bool later(const auto& a, const auto& b) {
  return a.at > b.at; // std::push_heap keeps the largest first: this keeps the earliest
}

} // namespace

void SocketIo::note(std::uint32_t events) {
  if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0U) {
    readable_ = true;
  }
  if ((events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0U) {
    peer_closed_ = true; // read on to the end: no further event will say so
  }
  if ((events & (EPOLLOUT | EPOLLHUP | EPOLLERR)) != 0U) {
    writable_ = true;
  }
}

SocketIo::Step SocketIo::read(std::string& in) {
  if (!readable_) {
    return Step::would_block;
  }
  const std::size_t had = in.size();
  in.resize(had + k_read_chunk);
  for (;;) {
    const ssize_t got = ::recv(fd_, in.data() + had, k_read_chunk, 0);
    if (got > 0) {
      in.resize(had + static_cast<std::size_t>(got));
      readable_ = peer_closed_ || static_cast<std::size_t>(got) == k_read_chunk;
      return Step::ok;
    }
    if (got < 0 && errno == EINTR) {
      continue;
    }
    in.resize(had);
    if (got == 0) {
      return Step::closed;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      readable_ = false;
      return Step::would_block;
    }
    error_ = errno;
    return Step::failed;
  }
}

SocketIo::Step SocketIo::write(std::string_view out, std::size_t& sent) {
  while (sent < out.size()) {
    if (!writable_) {
      return Step::would_block;
    }
    const ssize_t wrote = ::send(fd_, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (wrote > 0) {
      sent += static_cast<std::size_t>(wrote);
    } else if (wrote < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      writable_ = false;
    } else if (!(wrote < 0 && errno == EINTR)) {
      error_ = errno;
      return Step::failed;
    }
  }
  return Step::ok;
}

core::Result<std::unique_ptr<EventLoop>> EventLoop::create() {
  const int epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd < 0) {
    return core::fail(core::ErrorCode::internal,
                      std::string("cannot create an event loop: ") + std::strerror(errno));
  }
  const int wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.u64 = k_wake_id;
  if (wake_fd < 0 || ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake_fd, &event) != 0) {
    const std::string why = std::strerror(errno);
    ::close(epoll_fd);
    if (wake_fd >= 0) {
      ::close(wake_fd);
    }
    return core::fail(core::ErrorCode::internal, "cannot create an event loop: " + why);
  }
  return std::unique_ptr<EventLoop>(new EventLoop(epoll_fd, wake_fd));
}

EventLoop::EventLoop(int epoll_fd, int wake_fd) : epoll_fd_(epoll_fd), wake_fd_(wake_fd) {}

EventLoop::~EventLoop() {
  watchers_.clear();
  closed_.clear();
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

bool EventLoop::adopt(int fd, std::unique_ptr<Watcher> watcher) {
  watcher->id_ = next_id_++;
  epoll_event event{};
  event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  event.data.u64 = watcher->id_;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) != 0) {
    return false;
  }
  const std::uint64_t id = watcher->id_;
  watchers_.emplace(id, std::move(watcher));
  return true;
}

void EventLoop::close(Watcher& watcher, int fd) {
  const auto found = watchers_.find(watcher.id_);
  if (found == watchers_.end()) {
    return;
  }
  if (fd >= 0) {
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  }
  closed_.push_back(std::move(found->second));
  watchers_.erase(found);
}

Watcher* EventLoop::find(std::uint64_t id) const {
  const auto found = watchers_.find(id);
  return found == watchers_.end() ? nullptr : found->second.get();
}

void EventLoop::set_deadline(Watcher& watcher, Clock::time_point at) {
  watcher.deadline_ = at;
  // One heap entry per watcher at a time, unless the deadline moves earlier: a keep-alive
  // deadline that moves later with every request costs no heap work.
  if (at < watcher.armed_) {
    watcher.armed_ = at;
    heap_.push_back({at, watcher.id_});
    std::push_heap(heap_.begin(), heap_.end(), later<Entry, Entry>);
  }
}

void EventLoop::fire_deadlines(Clock::time_point now) {
  while (!heap_.empty() && heap_.front().at <= now) {
    const Entry entry = heap_.front();
    std::pop_heap(heap_.begin(), heap_.end(), later<Entry, Entry>);
    heap_.pop_back();
    Watcher* watcher = find(entry.id);
    if (watcher == nullptr || watcher->armed_ != entry.at) {
      continue; // closed, or a later entry of the same watcher is the live one
    }
    watcher->armed_ = Clock::time_point::max();
    if (watcher->deadline_ <= now) {
      watcher->deadline_ = Clock::time_point::max();
      watcher->on_deadline();
    } else if (watcher->deadline_ != Clock::time_point::max()) {
      set_deadline(*watcher, watcher->deadline_); // it moved later: wait for it
    }
  }
}

int EventLoop::wait_ms(Clock::time_point now) const {
  if (heap_.empty()) {
    return -1;
  }
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(heap_.front().at - now).count() + 1;
  return static_cast<int>(std::clamp<long long>(left, 0, 60000));
}

void EventLoop::post(Task task) {
  {
    const std::lock_guard<std::mutex> lock(posted_mutex_);
    posted_.push_back(std::move(task));
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto written = ::write(wake_fd_, &one, sizeof one);
}

void EventLoop::stop() {
  {
    const std::lock_guard<std::mutex> lock(posted_mutex_);
    stopping_ = true;
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto written = ::write(wake_fd_, &one, sizeof one);
}

void EventLoop::run_posted() {
  std::uint64_t count = 0;
  [[maybe_unused]] const auto got = ::read(wake_fd_, &count, sizeof count);
  std::vector<Task> tasks;
  {
    const std::lock_guard<std::mutex> lock(posted_mutex_);
    tasks.swap(posted_);
  }
  for (auto& task : tasks) {
    task();
  }
}

void EventLoop::bury() {
  closed_.clear();
}

void EventLoop::run() {
  epoll_event events[k_max_events];
  for (;;) {
    bury(); // also what closed before run() began (serve_connection's start)
    {
      const std::lock_guard<std::mutex> lock(posted_mutex_);
      if (stopping_) {
        break;
      }
    }
    const int ready = ::epoll_wait(epoll_fd_, events, k_max_events, wait_ms(Clock::now()));
    if (ready < 0 && errno != EINTR) {
      break;
    }
    for (int i = 0; i < ready; ++i) {
      const std::uint64_t id = events[i].data.u64;
      if (id == k_wake_id) {
        run_posted();
      } else if (Watcher* watcher = find(id)) {
        watcher->on_ready(events[i].events);
      }
      bury();
    }
    fire_deadlines(Clock::now());
    bury();
  }
  // What is left is destroyed on this thread, before run() returns.
  watchers_.clear();
  bury();
  const std::lock_guard<std::mutex> lock(posted_mutex_);
  posted_.clear();
}

} // namespace concord::mock
