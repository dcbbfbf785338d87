#pragma once

#include "core/model.hpp"
#include "core/schema.hpp"

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace concord::bench {

// specs/*.yaml of the source tree, sorted by name.
[[nodiscard]] std::vector<std::filesystem::path> find_seed_specs();

// $CONCORD_EXTERNAL/large/openai/openapi.<extension>, or "" when unset or missing.
[[nodiscard]] std::filesystem::path find_openai_document(const std::string& extension);

// Loads a spec or exits with a message (benchmarks need their input).
[[nodiscard]] std::shared_ptr<const core::Spec> load_or_exit(const std::filesystem::path& path);

// One documented example and the schema it must fit.
struct ExampleCheck {
  core::SchemaHandle schema = nullptr;
  const nlohmann::json* value = nullptr;
  core::Direction direction = core::Direction::none;
};

// Every request-body and response-body example of the spec that has a schema.
[[nodiscard]] std::vector<ExampleCheck> collect_examples(const core::Spec& spec);

// A concrete request path for each operation: templates filled with "x1" (prefix added).
[[nodiscard]] std::vector<std::pair<std::string, std::string>>
make_request_paths(const core::Spec& spec, const std::string& prefix);

// Writes the document as JSON into a temporary file; returns its path.
[[nodiscard]] std::filesystem::path write_json_copy(const std::filesystem::path& yaml_path);

[[nodiscard]] std::string read_file(const std::filesystem::path& path);

} // namespace concord::bench
