#pragma once

#include "core/document.hpp"
#include "core/model.hpp"
#include "core/overlay.hpp"
#include "core/result.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace concord::core {

struct LoadOptions {
  ParseLimits limits;
  std::vector<std::shared_ptr<const Overlay>> overlays; // applied in order to the entry file
};

// Loads an OpenAPI 3.0/3.1 or Swagger 2.0 (converted) document, YAML or JSON, following
// $refs across files, and compiles every schema once.
// Fails (io.read, spec.parse, spec.too_large) only when the input cannot be read at all;
// structural problems become Spec::diagnostics (lint prints them; mock and verify refuse
// to start on error-severity diagnostics).
[[nodiscard]] Result<std::shared_ptr<const Spec>> load_spec(const std::filesystem::path& path,
                                                            const LoadOptions& options = {});

// Expands arguments: files stay, directories give their *.yaml, *.yml, *.json OpenAPI
// documents (files with a top-level `openapi` or `swagger` key), sorted by name.
[[nodiscard]] Result<std::vector<std::filesystem::path>>
find_spec_files(const std::vector<std::string>& args);

} // namespace concord::core
