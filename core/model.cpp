#include "core/model.hpp"

#include <algorithm>

namespace concord::core {

std::string_view to_string(ParamIn in) {
  switch (in) {
  case ParamIn::path:
    return "path";
  case ParamIn::query:
    return "query";
  case ParamIn::header:
    return "header";
  case ParamIn::cookie:
    return "cookie";
  }
  return "query";
}

std::string to_parameter_text(const nlohmann::json& value) {
  if (value.is_string()) {
    return value.get<std::string>();
  }
  if (value.is_array()) {
    std::string out;
    for (const auto& item : value) {
      if (!out.empty()) {
        out += ',';
      }
      out += to_parameter_text(item);
    }
    return out;
  }
  if (value.is_null()) {
    return "";
  }
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

const Operation* Spec::find_operation(std::string_view operation_id) const {
  const auto it = std::find_if(operations.begin(), operations.end(), [&](const Operation& op) {
    return op.operation_id == operation_id;
  });
  return it == operations.end() ? nullptr : &*it;
}

bool Spec::has_errors() const {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
}

} // namespace concord::core
