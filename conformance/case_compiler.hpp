#pragma once

#include "conformance/case.hpp"
#include "core/model.hpp"

#include <string>
#include <vector>

namespace concord::conformance {

struct CompileOptions {
  // Send `Prefer: code=..., example=...` (Prism convention, also understood by
  // `concord mock`) so that non-default statuses can be asked for. Off by default: a real
  // server ignores the header.
  bool prefer = false;
};

struct CompiledCases {
  std::vector<Case> cases; // in document order; skipped cases included, with a reason
  std::vector<std::string> warnings;
};

// Pure: one case per operation x documented response x example, plus negative cases (no
// credentials, a body that breaks the schema, a missing required parameter).
[[nodiscard]] CompiledCases compile_cases(const core::Spec& spec,
                                          const CompileOptions& options = {});

// The same for one operation (unit tests build operations by hand).
[[nodiscard]] CompiledCases compile_operation_cases(const core::Spec& spec,
                                                    const core::Operation& operation,
                                                    const CompileOptions& options = {});

// "POST /v0/pipelines/{pipeline_name}/resume"
[[nodiscard]] std::string to_operation_label(const core::Operation& operation);

} // namespace concord::conformance
