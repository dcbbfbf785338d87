// The event loop (mock/event_loop.hpp) without sockets: watchers on socketpairs, deadlines,
// tasks posted from other threads, and watchers closed before the loop ran.
#include "mock/event_loop.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <gtest/gtest.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace concord::mock {
namespace {

// What happened to a probe; outlives it (the loop destroys its watchers when run() returns).
struct Seen {
  std::uint32_t ready_events = 0;
  int deadlines = 0;
};

// Records what happened to it in `seen`; runs `on_gone` from its destructor.
class Probe final : public Watcher {
public:
  explicit Probe(std::function<void()> on_gone, Seen* seen = nullptr)
      : on_gone_(std::move(on_gone)), seen_(seen) {}
  ~Probe() override { on_gone_(); }
  Probe(const Probe&) = delete;
  Probe& operator=(const Probe&) = delete;
  Probe(Probe&&) = delete;
  Probe& operator=(Probe&&) = delete;
  void on_ready(std::uint32_t events) override {
    if (seen_ != nullptr) {
      seen_->ready_events |= events;
    }
  }
  void on_deadline() override {
    if (seen_ != nullptr) {
      ++seen_->deadlines;
    }
    if (on_deadline_hook) {
      on_deadline_hook();
    }
  }
  std::function<void()> on_deadline_hook;

private:
  std::function<void()> on_gone_;
  Seen* seen_;
};

struct Pair {
  Pair() { EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends), 0); }
  ~Pair() {
    ::close(ends[0]);
    ::close(ends[1]);
  }
  Pair(const Pair&) = delete;
  Pair& operator=(const Pair&) = delete;
  int ends[2] = {-1, -1};
};

TEST(EventLoop, AWatcherClosedBeforeTheLoopRanIsDestroyedWhenItRuns) {
  auto loop = EventLoop::create();
  ASSERT_TRUE(loop);
  EventLoop& running = **loop;
  Pair pair;
  bool gone = false;
  auto probe = std::make_unique<Probe>([&] {
    gone = true;
    running.stop(); // serve_connection stops its loop this way
  });
  Probe& watched = *probe;
  ASSERT_TRUE(running.adopt(pair.ends[0], std::move(probe)));
  running.close(watched, pair.ends[0]);
  EXPECT_FALSE(gone); // not while a callback could still be using it
  // A loop that waited for an event that never comes would be stopped here, and fail.
  std::atomic<bool> returned{false};
  std::atomic<bool> guard_stopped{false};
  std::thread guard([&] {
    for (int i = 0; i < 500 && !returned; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!returned) {
      guard_stopped = true;
      running.stop();
    }
  });
  running.run();
  returned = true;
  guard.join();
  EXPECT_TRUE(gone);
  EXPECT_FALSE(guard_stopped) << "run() waited although its only watcher was already closed";
}

TEST(EventLoop, DeadlinesFireOnceAndAMovedDeadlineFiresAtItsNewTime) {
  auto loop = EventLoop::create();
  ASSERT_TRUE(loop);
  EventLoop& running = **loop;
  Pair first_pair;
  Pair second_pair;
  Seen early_seen;
  Seen moved_seen;
  auto first = std::make_unique<Probe>([] {}, &early_seen);
  auto second = std::make_unique<Probe>([] {}, &moved_seen);
  Probe& early = *first;
  Probe& moved = *second;
  ASSERT_TRUE(running.adopt(first_pair.ends[0], std::move(first)));
  ASSERT_TRUE(running.adopt(second_pair.ends[0], std::move(second)));
  std::vector<int> order;
  early.on_deadline_hook = [&] { order.push_back(1); };
  moved.on_deadline_hook = [&] {
    order.push_back(2);
    running.stop();
  };
  const auto now = EventLoop::Clock::now();
  running.set_deadline(moved, now + std::chrono::milliseconds(10));
  running.set_deadline(moved, now + std::chrono::milliseconds(60)); // later: replaces it
  running.set_deadline(early, now + std::chrono::milliseconds(30));
  running.run();
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
  EXPECT_EQ(early_seen.deadlines, 1);
  EXPECT_EQ(moved_seen.deadlines, 1);
  EXPECT_GE(EventLoop::Clock::now() - now, std::chrono::milliseconds(60));
}

TEST(EventLoop, ReadinessAndPostedTasksReachTheLoopThread) {
  auto loop = EventLoop::create();
  ASSERT_TRUE(loop);
  EventLoop& running = **loop;
  Pair pair;
  Seen seen;
  auto probe = std::make_unique<Probe>([] {}, &seen);
  Probe& watched = *probe;
  ASSERT_TRUE(running.adopt(pair.ends[0], std::move(probe)));
  const std::uint64_t id = watched.id();
  bool found_while_running = false;
  std::thread::id loop_thread;
  std::thread poster([&] {
    ASSERT_EQ(::write(pair.ends[1], "x", 1), 1);
    running.post([&] {
      loop_thread = std::this_thread::get_id();
      found_while_running = running.find(id) != nullptr;
      running.post([&] { running.stop(); }); // after the readiness above was seen
    });
  });
  running.run();
  poster.join();
  EXPECT_EQ(loop_thread, std::this_thread::get_id());
  EXPECT_NE(seen.ready_events & EPOLLIN, 0U);
  EXPECT_TRUE(found_while_running);
  EXPECT_EQ(running.find(id), nullptr); // destroyed when run() returned
}

} // namespace
} // namespace concord::mock
