#include "mock/journal.hpp"

#include <chrono>
#include <ctime>

namespace concord::mock {

namespace {

std::string to_iso8601(std::int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buffer, static_cast<int>(ms % 1000));
  return out;
}

} // namespace

void Journal::record(JournalEntry entry) {
  const std::lock_guard<std::mutex> lock(mutex_);
  ++total_;
  if (capacity_ == 0) {
    return;
  }
  if (entries_.size() >= capacity_) {
    entries_.pop_front();
  }
  entries_.push_back(std::move(entry));
}

void Journal::set_capacity(std::size_t capacity) {
  const std::lock_guard<std::mutex> lock(mutex_);
  capacity_ = capacity;
  while (entries_.size() > capacity_) {
    entries_.pop_front();
  }
}

void Journal::clear() {
  const std::lock_guard<std::mutex> lock(mutex_);
  entries_.clear();
}

std::size_t Journal::size() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

nlohmann::json Journal::to_json() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& entry : entries_) {
    nlohmann::json item{{"time", to_iso8601(entry.time_ms)},
                        {"method", entry.method},
                        {"path", entry.path},
                        {"status", entry.status},
                        {"duration_ms", entry.duration_ms}};
    if (!entry.query.empty()) {
      item["query"] = entry.query;
    }
    item["operationId"] =
        entry.operation_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(entry.operation_id);
    item["findings"] = entry.findings;
    list.push_back(std::move(item));
  }
  return nlohmann::json{{"total", total_}, {"capacity", capacity_}, {"requests", list}};
}

} // namespace concord::mock
