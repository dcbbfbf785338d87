#include "diff/git_source.hpp"

#include <array>
#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace concord::diff {

namespace {

constexpr std::size_t k_max_output = std::size_t{64} * 1024 * 1024;
constexpr std::size_t k_max_files = 10000;

struct GitRun {
  int status = -1; // exit code; -1 = could not start or was killed
  std::string out;
  std::string err;
};

void drain(int fd, std::string& into, bool& open) {
  std::array<char, 65536> buffer{};
  const auto got = ::read(fd, buffer.data(), buffer.size());
  if (got > 0) {
    if (into.size() < k_max_output) {
      into.append(buffer.data(), static_cast<std::size_t>(got));
    }
  } else if (got == 0 || errno != EINTR) {
    open = false;
  }
}

// Runs `git ARGS...` without a shell; the arguments go to git as they are.
GitRun run_git(const std::vector<std::string>& args) {
  GitRun run;
  std::array<int, 2> out_pipe{};
  std::array<int, 2> err_pipe{};
  if (::pipe2(out_pipe.data(), O_CLOEXEC) != 0 || ::pipe2(err_pipe.data(), O_CLOEXEC) != 0) {
    run.err = "cannot create a pipe";
    return run;
  }
  std::vector<std::string> owned = {"git"};
  owned.insert(owned.end(), args.begin(), args.end());
  std::vector<char*> argv;
  argv.reserve(owned.size() + 1);
  for (auto& arg : owned) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out_pipe[1], STDOUT_FILENO);
    ::dup2(err_pipe[1], STDERR_FILENO);
    ::execvp("git", argv.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  bool out_open = pid > 0;
  bool err_open = pid > 0;
  while (out_open || err_open) {
    std::array<pollfd, 2> fds{
        {{out_open ? out_pipe[0] : -1, POLLIN, 0}, {err_open ? err_pipe[0] : -1, POLLIN, 0}}};
    if (::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) {
      break;
    }
    if (out_open && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      drain(out_pipe[0], run.out, out_open);
    }
    if (err_open && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      drain(err_pipe[0], run.err, err_open);
    }
  }
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  int status = 0;
  if (pid > 0 && ::waitpid(pid, &status, 0) == pid && WIFEXITED(status)) {
    run.status = WEXITSTATUS(status);
  }
  if (run.status == 127 && run.err.empty()) {
    run.err = "git could not be started";
  }
  return run;
}

core::Error git_error(const std::string& what, const GitRun& run) {
  std::string message = run.err;
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  return core::Error{core::ErrorCode::io_read,
                     "git " + what + " failed" + (message.empty() ? "" : ": " + message), ""};
}

bool is_safe_relative(const std::filesystem::path& path) {
  if (path.empty() || path.is_absolute()) {
    return false;
  }
  for (const auto& part : path) {
    if (part == "..") {
      return false;
    }
  }
  return true;
}

core::Result<void> write_blob(const std::string& object, const std::filesystem::path& to) {
  const GitRun run = run_git({"show", object});
  if (run.status != 0) {
    return tl::unexpected(git_error("show " + object, run));
  }
  std::error_code ec;
  std::filesystem::create_directories(to.parent_path(), ec);
  std::ofstream file(to, std::ios::binary);
  file.write(run.out.data(), static_cast<std::streamsize>(run.out.size()));
  if (!file) {
    return tl::unexpected(core::Error{core::ErrorCode::io_read, "cannot write " + to.string(), ""});
  }
  return {};
}

std::string leaf_name(const std::string& path) {
  std::filesystem::path p(path);
  while (!p.empty() && (p.filename().empty() || p.filename() == ".")) {
    p = p.parent_path();
  }
  const auto name = p.filename().string();
  return name.empty() || name == ".." ? "root" : name;
}

} // namespace

std::optional<core::Result<GitSource>> parse_git_source(std::string_view input) {
  if (input.substr(0, 4) != "git:") {
    return std::nullopt;
  }
  const auto rest = input.substr(4);
  const auto colon = rest.find(':');
  if (colon == std::string_view::npos || colon == 0 || rest[0] == '-') {
    return core::Result<GitSource>(tl::unexpected(core::Error{
        core::ErrorCode::usage, "expected git:REV:path, got '" + std::string(input) + "'", ""}));
  }
  GitSource source{std::string(rest.substr(0, colon)), std::string(rest.substr(colon + 1))};
  if (source.path.empty()) {
    source.path = ".";
  }
  return core::Result<GitSource>(std::move(source));
}

TempDir::TempDir() {
  std::error_code ec;
  const auto base = std::filesystem::temp_directory_path(ec);
  std::string pattern = ((ec ? std::filesystem::path("/tmp") : base) / "concord-diff-XXXXXX");
  if (::mkdtemp(pattern.data()) != nullptr) {
    path_ = pattern;
  }
}

TempDir::~TempDir() {
  if (!path_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
}

core::Result<std::filesystem::path> materialize_git_source(const GitSource& source,
                                                           const std::filesystem::path& into) {
  const std::string object = source.revision + ":" + source.path;
  const GitRun type = run_git({"cat-file", "-t", object});
  if (type.status != 0) {
    return tl::unexpected(git_error("cat-file " + object, type));
  }
  const auto root = into / leaf_name(source.path);
  if (type.out.rfind("blob", 0) == 0) {
    if (auto written = write_blob(object, root); !written) {
      return tl::unexpected(written.error());
    }
    return root;
  }
  const GitRun list = run_git({"ls-tree", "-r", "-z", "--name-only", object});
  if (list.status != 0) {
    return tl::unexpected(git_error("ls-tree " + object, list));
  }
  std::size_t start = 0;
  std::size_t count = 0;
  while (start < list.out.size()) {
    auto end = list.out.find('\0', start);
    end = end == std::string::npos ? list.out.size() : end;
    const std::string name = list.out.substr(start, end - start);
    start = end + 1;
    const auto ext = std::filesystem::path(name).extension().string();
    if ((ext != ".yaml" && ext != ".yml" && ext != ".json") || !is_safe_relative(name)) {
      continue;
    }
    if (++count > k_max_files) {
      return tl::unexpected(
          core::Error{core::ErrorCode::io_read, object + " holds more than 10000 documents", ""});
    }
    const std::string separator = source.path.back() == '/' ? "" : "/";
    if (auto written = write_blob(object + separator + name, root / name); !written) {
      return tl::unexpected(written.error());
    }
  }
  std::error_code ec;
  std::filesystem::create_directories(root, ec);
  return root;
}

} // namespace concord::diff
