#include "cli/commands.hpp"

#include <chrono>
#include <ctime>

namespace concord::cli {

std::string to_today_utc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &utc);
  return buffer;
}

} // namespace concord::cli
