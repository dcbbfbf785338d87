#pragma once
// A behaviour file's lifecycle as plain data (core/lifecycle.hpp), for `concord verify
// --generate`: the runner must not depend on the mock, so the CLI reads the file here and
// hands the result over.

#include "core/lifecycle.hpp"
#include "core/model.hpp"
#include "core/result.hpp"

#include <filesystem>
#include <memory>

namespace concord::mock {

// Reads and binds `behaviour_file` against `spec` (the same checks and file:line errors as
// `concord mock`) and describes each resource: roles, state machine, where the id and the
// state are in the answers, what a missing item answers.
[[nodiscard]] core::Result<core::Lifecycle>
describe_lifecycle(const std::filesystem::path& behaviour_file,
                   const std::shared_ptr<const core::Spec>& spec);

} // namespace concord::mock
