#include "core/error.hpp"

namespace concord::core {

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
  case ErrorCode::io_read:
    return "io.read";
  case ErrorCode::spec_parse:
    return "spec.parse";
  case ErrorCode::spec_invalid:
    return "spec.invalid";
  case ErrorCode::spec_unresolved_ref:
    return "spec.unresolved_ref";
  case ErrorCode::spec_cyclic_ref:
    return "spec.cyclic_ref";
  case ErrorCode::spec_too_large:
    return "spec.too_large";
  case ErrorCode::schema_invalid:
    return "schema.invalid";
  case ErrorCode::route_no_path:
    return "route.no_path";
  case ErrorCode::route_no_method:
    return "route.no_method";
  case ErrorCode::negotiate_not_acceptable:
    return "negotiate.not_acceptable";
  case ErrorCode::mock_no_response:
    return "mock.no_response";
  case ErrorCode::config_invalid:
    return "config.invalid";
  case ErrorCode::target_unreachable:
    return "target.unreachable";
  case ErrorCode::usage:
    return "usage";
  case ErrorCode::internal:
    return "internal";
  }
  return "internal";
}

std::string Error::to_string() const {
  std::string out;
  if (!location.empty()) {
    out += location;
    out += ": ";
  }
  out += message;
  out += " [";
  out += concord::core::to_string(code);
  out += "]";
  return out;
}

} // namespace concord::core
