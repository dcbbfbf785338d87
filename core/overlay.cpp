#include "core/overlay.hpp"

#include <cctype>
#include <utility>

namespace concord::core {
namespace {

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '$';
}

// One quoted name inside brackets, starting at the quote; advances `i` past the closing ']'.
Result<std::string> read_quoted(std::string_view path, std::size_t& i) {
  const char quote = path[i++];
  std::string name;
  while (i < path.size() && path[i] != quote) {
    if (path[i] == '\\' && i + 1 < path.size()) {
      ++i;
    }
    name += path[i++];
  }
  if (i + 1 >= path.size() || path[i + 1] != ']') {
    return fail(ErrorCode::config_invalid,
                "unterminated quoted name in JSONPath '" + std::string(path) + "'");
  }
  i += 2;
  return name;
}

void merge(nlohmann::json& target, const nlohmann::json& update) {
  if (target.is_array()) {
    target.push_back(update);
    return;
  }
  if (!target.is_object() || !update.is_object()) {
    target = update;
    return;
  }
  for (const auto& [key, value] : update.items()) {
    if (target.contains(key) && target[key].is_object() && value.is_object()) {
      merge(target[key], value);
    } else {
      target[key] = value;
    }
  }
}

Error located(const Document& doc, const std::string& pointer, std::string message) {
  return Error{ErrorCode::config_invalid, std::move(message), doc.location_of(pointer)};
}

} // namespace

Result<std::string> to_json_pointer(std::string_view path) {
  if (path.empty() || path[0] != '$') {
    return fail(ErrorCode::config_invalid,
                "a target must start with '$', got '" + std::string(path) + "'");
  }
  std::string pointer;
  std::size_t i = 1;
  while (i < path.size()) {
    if (path[i] == '.' && i + 1 < path.size() && is_name_char(path[i + 1])) {
      const std::size_t start = ++i;
      while (i < path.size() && is_name_char(path[i])) {
        ++i;
      }
      pointer += "/" + escape_pointer_token(path.substr(start, i - start));
    } else if (path[i] == '[' && i + 1 < path.size() &&
               (path[i + 1] == '\'' || path[i + 1] == '"')) {
      ++i;
      auto name = read_quoted(path, i);
      if (!name) {
        return tl::unexpected(name.error());
      }
      pointer += "/" + escape_pointer_token(*name);
    } else if (path[i] == '[' && i + 1 < path.size() &&
               std::isdigit(static_cast<unsigned char>(path[i + 1])) != 0) {
      const std::size_t start = ++i;
      while (i < path.size() && std::isdigit(static_cast<unsigned char>(path[i])) != 0) {
        ++i;
      }
      if (i >= path.size() || path[i] != ']') {
        return fail(ErrorCode::config_invalid, "unterminated index in '" + std::string(path) + "'");
      }
      pointer += "/" + std::string(path.substr(start, i - start));
      ++i;
    } else {
      return fail(ErrorCode::config_invalid,
                  "unsupported JSONPath '" + std::string(path) + "' at offset " +
                      std::to_string(i) +
                      ": only $.name, ['name'] and [N] segments are supported (no wildcards or "
                      "filters)");
    }
  }
  return pointer;
}

Result<Overlay> load_overlay(const std::filesystem::path& path) {
  auto doc = load_document(path);
  if (!doc) {
    return tl::unexpected(doc.error());
  }
  Overlay overlay;
  overlay.file = path.string();
  const auto& root = doc->root;
  if (!root.is_object() || !root.contains("overlay") || !root["overlay"].is_string() ||
      root["overlay"].get<std::string>().rfind("1.", 0) != 0) {
    return tl::unexpected(
        located(*doc, "", "not an OpenAPI Overlay 1.x document (no `overlay: 1.0.0`)"));
  }
  if (root.contains("extends") && root["extends"].is_string()) {
    overlay.extends = root["extends"].get<std::string>();
  }
  if (!root.contains("actions") || !root["actions"].is_array()) {
    return tl::unexpected(located(*doc, "", "`actions` must be an array"));
  }
  for (std::size_t i = 0; i < root["actions"].size(); ++i) {
    const auto& action = root["actions"][i];
    const std::string at = "/actions/" + std::to_string(i);
    if (!action.is_object() || !action.contains("target") || !action["target"].is_string()) {
      return tl::unexpected(located(*doc, at, "an action needs a `target` (a JSONPath)"));
    }
    if (auto pointer = to_json_pointer(action["target"].get<std::string>()); !pointer) {
      return tl::unexpected(located(*doc, at + "/target", pointer.error().message));
    }
    const bool removes = action.value("remove", false);
    if (!removes && !action.contains("update")) {
      return tl::unexpected(located(*doc, at, "an action needs `update` or `remove: true`"));
    }
  }
  overlay.document = std::move(*doc);
  return overlay;
}

std::vector<std::string> apply_overlay(nlohmann::json& root, const Overlay& overlay) {
  std::vector<std::string> warnings;
  for (const auto& action : overlay.document.root["actions"]) {
    const std::string target = action["target"].get<std::string>();
    auto pointer = to_json_pointer(target); // checked by load_overlay
    const nlohmann::json::json_pointer where(pointer ? *pointer : std::string());
    if (!root.contains(where)) {
      warnings.push_back(overlay.file + ": target " + target + " selects nothing");
      continue;
    }
    if (action.value("remove", false)) {
      if (where.empty()) {
        warnings.push_back(overlay.file + ": the document root cannot be removed");
        continue;
      }
      auto& parent = root[where.parent_pointer()];
      if (parent.is_object()) {
        parent.erase(where.back());
      } else if (parent.is_array()) {
        parent.erase(std::stoul(where.back()));
      }
      continue;
    }
    merge(root[where], action["update"]);
  }
  return warnings;
}

} // namespace concord::core
