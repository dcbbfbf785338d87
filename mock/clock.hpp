#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace concord::mock {

// The mock's notion of time. Real time by default; frozen and advanced through the admin
// API (`POST /__concord/clock/advance`) so CI runs are deterministic. Thread-safe.
class Clock {
public:
  using Millis = std::int64_t; // milliseconds since the Unix epoch

  [[nodiscard]] Millis now() const {
    if (frozen_.load(std::memory_order_acquire)) {
      return frozen_at_.load(std::memory_order_acquire);
    }
    return real_now() + offset_.load(std::memory_order_acquire);
  }
  void freeze() {
    frozen_at_.store(now(), std::memory_order_release);
    frozen_.store(true, std::memory_order_release);
  }
  void unfreeze() {
    offset_.store(frozen_at_.load() - real_now(), std::memory_order_release);
    frozen_.store(false, std::memory_order_release);
  }
  void advance(Millis by) {
    if (frozen_.load(std::memory_order_acquire)) {
      frozen_at_.fetch_add(by, std::memory_order_acq_rel);
    } else {
      offset_.fetch_add(by, std::memory_order_acq_rel);
    }
  }
  [[nodiscard]] bool is_frozen() const { return frozen_.load(std::memory_order_acquire); }

private:
  static Millis real_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  std::atomic<bool> frozen_{false};
  std::atomic<Millis> frozen_at_{0};
  std::atomic<Millis> offset_{0};
};

} // namespace concord::mock
