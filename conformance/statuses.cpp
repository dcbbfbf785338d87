#include "conformance/statuses.hpp"

#include <cctype>

namespace concord::conformance {

bool is_concrete_status(std::string_view documented) noexcept {
  if (documented.size() != 3) {
    return false;
  }
  for (const char c : documented) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
      return false;
    }
  }
  return true;
}

bool is_status_match(std::string_view documented, int actual) noexcept {
  if (documented == "default") {
    return true;
  }
  if (documented.size() != 3) {
    return false;
  }
  if (is_concrete_status(documented)) {
    return std::stoi(std::string(documented)) == actual;
  }
  const bool range = (documented[1] == 'X' || documented[1] == 'x') &&
                     (documented[2] == 'X' || documented[2] == 'x');
  return range && documented[0] - '0' == actual / 100;
}

bool is_success_status(std::string_view documented) noexcept {
  return documented.size() == 3 && documented[0] == '2';
}

const core::ResponseSpec* find_response(const core::Operation& operation, int status) {
  const core::ResponseSpec* range = nullptr;
  const core::ResponseSpec* fallback = nullptr;
  for (const auto& response : operation.responses) {
    if (is_concrete_status(response.status)) {
      if (is_status_match(response.status, status)) {
        return &response;
      }
    } else if (response.status == "default") {
      fallback = &response;
    } else if (range == nullptr && is_status_match(response.status, status)) {
      range = &response;
    }
  }
  return range != nullptr ? range : fallback;
}

std::string default_status(const core::Operation& operation) {
  std::string best;
  for (const auto& response : operation.responses) {
    if (is_concrete_status(response.status) && is_success_status(response.status) &&
        (best.empty() || response.status < best)) {
      best = response.status;
    }
  }
  return best;
}

bool is_accepted_status(const std::vector<std::string>& accepted, int actual) {
  for (const auto& documented : accepted) {
    if (is_status_match(documented, actual)) {
      return true;
    }
  }
  return false;
}

} // namespace concord::conformance
