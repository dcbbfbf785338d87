#include "diff/inputs.hpp"

#include "diff/compare.hpp"

namespace concord::diff {

namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string relative_to_cwd(const std::string& location) {
  std::error_code ec;
  const auto cwd = std::filesystem::current_path(ec);
  if (ec || location.empty() || location[0] != '/') {
    return location;
  }
  const std::string root = cwd.string() + "/";
  return starts_with(location, root) ? location.substr(root.size()) : location;
}

} // namespace

core::Result<Input> open_input(std::string_view text) {
  Input input;
  input.label = std::string(text);
  auto git = parse_git_source(text);
  if (!git) {
    input.path = std::string(text);
    return input;
  }
  if (!*git) {
    return tl::unexpected(git->error());
  }
  input.temp = std::make_unique<TempDir>();
  if (!input.temp->is_valid()) {
    return core::fail(core::ErrorCode::io_read, "cannot create a temporary directory", "");
  }
  auto path = materialize_git_source(**git, input.temp->path());
  if (!path) {
    return tl::unexpected(path.error());
  }
  input.path = *path;
  input.git_prefix = (*git)->revision + ":" + (*git)->path;
  return input;
}

std::string to_display_location(const std::string& location, const Input& input) {
  if (!input.git_prefix.empty()) {
    const std::string root = input.path.string();
    if (starts_with(location, root)) {
      std::string rest = location.substr(root.size());
      std::string prefix = input.git_prefix;
      if (!rest.empty() && rest[0] == '/' && !prefix.empty() && prefix.back() == '/') {
        rest.erase(0, 1);
      }
      return prefix + rest;
    }
  }
  return relative_to_cwd(location);
}

core::Result<ChangedOperations> find_changed_operations(std::string_view old_input,
                                                        const std::filesystem::path& new_input) {
  auto old_side = open_input(old_input);
  if (!old_side) {
    return tl::unexpected(old_side.error());
  }
  auto comparison = compare_inputs(old_side->path, new_input);
  if (!comparison) {
    return tl::unexpected(comparison.error());
  }
  ChangedOperations out;
  for (const auto& change : comparison->changes) {
    if (change.operation.empty()) {
      out.all = true;
    } else if (change.rule != "operation-removed" && change.rule != "path-removed") {
      out.operations.insert(change.operation);
    }
  }
  return out;
}

} // namespace concord::diff
