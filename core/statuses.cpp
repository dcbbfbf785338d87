#include "core/statuses.hpp"

#include <algorithm>

namespace concord::core {
namespace {

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

bool is_wildcard(char c) noexcept {
  return c == 'X' || c == 'x';
}

} // namespace

std::optional<int> to_status_code(std::string_view documented) noexcept {
  if (documented.size() != 3 || !std::all_of(documented.begin(), documented.end(), is_digit)) {
    return std::nullopt;
  }
  const int code = (documented[0] - '0') * 100 + (documented[1] - '0') * 10 + (documented[2] - '0');
  if (code < 100 || code > 599) {
    return std::nullopt;
  }
  return code;
}

bool is_concrete_status(std::string_view documented) noexcept {
  return to_status_code(documented).has_value();
}

bool is_status_range(std::string_view documented) noexcept {
  return documented.size() == 3 && documented[0] >= '1' && documented[0] <= '5' &&
         is_wildcard(documented[1]) && is_wildcard(documented[2]);
}

bool is_default_status(std::string_view documented) noexcept {
  return documented == "default";
}

bool is_status_key(std::string_view documented) noexcept {
  return is_concrete_status(documented) || is_status_range(documented) ||
         is_default_status(documented);
}

bool is_success_status(std::string_view documented) noexcept {
  return documented.size() == 3 && documented[0] == '2' &&
         (is_concrete_status(documented) || is_status_range(documented));
}

bool is_status_match(std::string_view documented, int actual) noexcept {
  if (is_default_status(documented)) {
    return true;
  }
  if (const auto code = to_status_code(documented)) {
    return *code == actual;
  }
  return is_status_range(documented) && actual >= 100 && documented[0] - '0' == actual / 100;
}

const ResponseSpec* find_response(const Operation& operation, int status) {
  const ResponseSpec* range = nullptr;
  const ResponseSpec* fallback = nullptr;
  for (const auto& response : operation.responses) {
    if (const auto code = to_status_code(response.status)) {
      if (*code == status) {
        return &response;
      }
    } else if (is_default_status(response.status)) {
      fallback = fallback == nullptr ? &response : fallback;
    } else if (range == nullptr && is_status_match(response.status, status)) {
      range = &response;
    }
  }
  return range != nullptr ? range : fallback;
}

std::string default_status(const Operation& operation) {
  std::optional<int> best;
  for (const auto& response : operation.responses) {
    const auto code = to_status_code(response.status);
    if (code && *code >= 200 && *code < 300 && (!best || *code < *best)) {
      best = code;
    }
  }
  return best ? std::to_string(*best) : std::string();
}

bool is_accepted_status(const std::vector<std::string>& accepted, int actual) {
  return std::any_of(accepted.begin(), accepted.end(), [&](const std::string& documented) {
    return is_status_match(documented, actual);
  });
}

} // namespace concord::core
