#pragma once
// `git:REV:path` inputs: a file or directory as it was at a revision, without a checkout.

#include "core/result.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace concord::diff {

struct GitSource {
  std::string revision;
  std::string path; // as given, relative to the repository root ("./x" for the current dir)
};

// "git:REV:path" -> {REV, path}; nullopt when `input` does not start with "git:"; an error
// (usage) when it does but is malformed.
[[nodiscard]] std::optional<core::Result<GitSource>> parse_git_source(std::string_view input);

// A temporary directory removed with its contents when this goes out of scope.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] bool is_valid() const { return !path_.empty(); }

private:
  std::filesystem::path path_;
};

// Writes source.path as of source.revision below `into` (git show for a file; git ls-tree and
// one git show per file for a directory, so relative $refs still work) and returns the path
// to pass to the loader. git runs in the current directory, without a shell.
// Errors: io.read (git missing, unknown revision or path), with git's message.
[[nodiscard]] core::Result<std::filesystem::path>
materialize_git_source(const GitSource& source, const std::filesystem::path& into);

} // namespace concord::diff
