#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

namespace concord::mock {

struct JournalEntry {
  std::int64_t time_ms = 0; // by the mock's clock
  std::string method;
  std::string path;
  std::string query;
  std::string operation_id; // empty when no route matched
  int status = 0;
  double duration_ms = 0.0;
  nlohmann::json findings = nlohmann::json::array();
};

// A bounded, thread-safe log of the requests the mock answered (oldest dropped first).
class Journal {
public:
  explicit Journal(std::size_t capacity = 1000) : capacity_(capacity) {}

  void record(JournalEntry entry);
  void set_capacity(std::size_t capacity);
  void clear();
  [[nodiscard]] nlohmann::json to_json() const; // {"total": N, "requests": [...]}, oldest first
  [[nodiscard]] std::size_t size() const;

private:
  std::size_t capacity_;
  std::uint64_t total_ = 0;
  std::deque<JournalEntry> entries_;
  mutable std::mutex mutex_;
};

} // namespace concord::mock
