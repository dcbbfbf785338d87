#pragma once
// OpenAPI Overlay 1.0 documents: a list of actions (update or remove) applied to a document
// before it is built into a Spec. `concord proxy --record` writes recorded answers as
// overlays; `concord mock --overlay FILE` applies them.

#include "core/document.hpp"
#include "core/result.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace concord::core {

struct Overlay {
  std::string file;
  std::string extends; // the `extends` URI as written ("" when absent)
  Document document;
};

// Reads and checks an overlay: `overlay: 1.x`, an `actions` array whose targets are
// supported paths and each action has `update` or `remove: true`. Errors are config_invalid
// with file:line:column.
[[nodiscard]] Result<Overlay> load_overlay(const std::filesystem::path& path);

// A JSONPath of the subset overlays need here: `$`, then `.name`, `['name']` / `["name"]`
// and `[N]` segments (no wildcards, filters or recursive descent). Returns the JSON pointer.
[[nodiscard]] Result<std::string> to_json_pointer(std::string_view json_path);

// Applies the actions in order. An update merges objects recursively (other values are
// replaced; an array target gets the value appended); remove deletes the node. A target that
// selects nothing changes nothing (Overlay 1.0), and is returned as a warning.
[[nodiscard]] std::vector<std::string> apply_overlay(nlohmann::json& root, const Overlay& overlay);

} // namespace concord::core
