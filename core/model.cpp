#include "core/model.hpp"

#include <algorithm>

namespace concord::core {

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
