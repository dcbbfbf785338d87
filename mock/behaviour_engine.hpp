#pragma once

#include "core/document.hpp"
#include "core/model.hpp"
#include "core/result.hpp"
#include "mock/behaviour.hpp"
#include "mock/clock.hpp"

#include <memory>

namespace concord::mock {

// Builds a behaviour from an already parsed behaviour document (load_behaviour reads the file
// and calls this). Checks every name against `spec`; errors are config.invalid with
// file:line:column. `clock` must outlive the behaviour.
[[nodiscard]] core::Result<std::unique_ptr<Behaviour>>
build_behaviour(const core::Document& doc, std::shared_ptr<const core::Spec> spec, Clock& clock);

} // namespace concord::mock
