#pragma once

#include "core/model.hpp"

#include <vector>

namespace concord::core {

// Structure (the loader's diagnostics) plus every example (parameter, request body,
// response, header, components) validated against its schema.
[[nodiscard]] std::vector<Diagnostic> lint_spec(const Spec& spec);

} // namespace concord::core
