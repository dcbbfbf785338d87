#include "diff/compare.hpp"

#include "core/document.hpp"
#include "core/loader.hpp"

#include <future>
#include <map>
#include <memory>
#include <optional>

namespace concord::diff {

namespace {

using SpecPtr = std::shared_ptr<const core::Spec>;

// Documents of one input keyed by their path below it ("" for a single file).
core::Result<std::map<std::string, std::filesystem::path>>
list_documents(const std::filesystem::path& input) {
  std::error_code ec;
  if (!std::filesystem::exists(input, ec)) {
    return core::fail(core::ErrorCode::io_read, "no such file or directory", input.string());
  }
  auto files = core::find_spec_files({input.string()});
  if (!files) {
    return tl::unexpected(files.error());
  }
  std::map<std::string, std::filesystem::path> out;
  const bool is_dir = std::filesystem::is_directory(input, ec);
  for (const auto& file : *files) {
    out.emplace(is_dir ? file.lexically_relative(input).generic_string() : "", file);
  }
  return out;
}

void add_warnings(const core::Spec& spec, Comparison& into) {
  for (const auto& d : spec.diagnostics) {
    if (d.severity == core::Severity::error) {
      into.warnings.push_back({d.location, d.message + " [" + d.rule + "]"});
    }
  }
}

core::Result<void> compare_pair(const std::optional<std::filesystem::path>& old_file,
                                const std::optional<std::filesystem::path>& new_file,
                                const DiffOptions& options, Comparison& into) {
  static const core::Spec empty;
  // The two documents load at the same time (each has its own store and schemas).
  auto old_load = std::async(std::launch::async, [&] {
    return old_file ? core::load_spec(*old_file) : core::Result<SpecPtr>(SpecPtr());
  });
  auto new_loaded = new_file ? core::load_spec(*new_file) : core::Result<SpecPtr>(SpecPtr());
  auto old_loaded = old_load.get();
  for (auto* loaded : {&old_loaded, &new_loaded}) {
    if (!*loaded) {
      return tl::unexpected(loaded->error());
    }
    if (**loaded) {
      add_warnings(***loaded, into);
    }
  }
  const core::Spec& old_spec = *old_loaded ? **old_loaded : empty;
  const core::Spec& new_spec = *new_loaded ? **new_loaded : empty;
  auto changes = diff_specs(old_spec, new_spec, options);
  into.changes.insert(into.changes.end(), std::make_move_iterator(changes.begin()),
                      std::make_move_iterator(changes.end()));
  ++into.pairs;
  return {};
}

} // namespace

core::Result<Comparison> compare_inputs(const std::filesystem::path& old_input,
                                        const std::filesystem::path& new_input,
                                        const DiffOptions& options) {
  auto old_docs = list_documents(old_input);
  if (!old_docs) {
    return tl::unexpected(old_docs.error());
  }
  auto new_docs = list_documents(new_input);
  if (!new_docs) {
    return tl::unexpected(new_docs.error());
  }
  Comparison out;
  if (old_docs->size() == 1 && new_docs->size() == 1) {
    if (auto done =
            compare_pair(old_docs->begin()->second, new_docs->begin()->second, options, out);
        !done) {
      return tl::unexpected(done.error());
    }
    return out;
  }
  std::map<std::string,
           std::pair<std::optional<std::filesystem::path>, std::optional<std::filesystem::path>>>
      pairs;
  for (const auto& [key, file] : *old_docs) {
    pairs[key].first = file;
  }
  for (const auto& [key, file] : *new_docs) {
    pairs[key].second = file;
  }
  for (const auto& [key, pair] : pairs) {
    if (auto done = compare_pair(pair.first, pair.second, options, out); !done) {
      return tl::unexpected(done.error());
    }
  }
  return out;
}

} // namespace concord::diff
