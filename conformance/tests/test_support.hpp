#pragma once

#include "core/loader.hpp"
#include "core/model.hpp"

#include <gtest/gtest.h>
#include <memory>
#include <string>

namespace concord::conformance::testing {

inline std::string fixture_path(const std::string& relative) {
  return std::string(CONCORD_SOURCE_DIR) + "/fixtures/conformance/" + relative;
}

inline std::shared_ptr<const core::Spec> load_fixture_spec(const std::string& name) {
  auto spec = core::load_spec(fixture_path(name));
  if (!spec) {
    ADD_FAILURE() << spec.error().to_string();
    return nullptr;
  }
  return *spec;
}

} // namespace concord::conformance::testing
