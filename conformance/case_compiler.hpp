#pragma once

#include "conformance/case.hpp"
#include "conformance/scenario.hpp"
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

// A scenario step's request, built by the same rules as a case's: parameters from the step
// (a null value leaves one out) or the document, cookie parameters joined in one Cookie
// header, the body (the step's, else the document's example or schema value) sent as the
// operation's JSON media type, Accept for the response the step expects, then the step's
// headers. The step's ${...} values are filled in already.
struct CompiledStep {
  RequestPlan plan;
  std::string error; // a required value is missing: the step errors with this reason
};
[[nodiscard]] CompiledStep compile_step_request(const core::Spec& spec,
                                                const core::Operation& operation, const Step& step);

// "POST /v0/pipelines/{pipeline_name}/resume"
[[nodiscard]] std::string to_operation_label(const core::Operation& operation);

} // namespace concord::conformance
