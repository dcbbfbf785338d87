// `concord lint`: structure and examples of OpenAPI documents.
#include "cli/commands.hpp"
#include "core/lint.hpp"
#include "core/loader.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace concord::cli {

namespace {

struct LintArgs {
  std::vector<std::string> specs;
  std::string format = "text";
};

// A diagnostic with its location split into parts.
struct Problem {
  std::string file;
  int line = 0;   // 0 = unknown
  int column = 0; // 0 = unknown
  std::string pointer;
  std::string severity; // "error" | "warning"
  std::string rule;
  std::string message;
};

std::optional<int> to_int(std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

// Paths under the current directory are shown relative to it.
std::string display_path(const std::string& file) {
  std::error_code ec;
  const auto cwd = std::filesystem::current_path(ec);
  const std::filesystem::path path(file);
  if (ec || !path.is_absolute()) {
    return file;
  }
  const auto rel = path.lexically_relative(cwd);
  if (rel.empty() || rel.begin()->string() == "..") {
    return file;
  }
  return rel.string();
}

// "file:line:column" or "file#/pointer" (or just "file").
void split_location(const std::string& location, Problem& out) {
  if (const auto hash = location.find('#'); hash != std::string::npos) {
    out.file = display_path(location.substr(0, hash));
    out.pointer = location.substr(hash + 1);
    return;
  }
  const auto last = location.rfind(':');
  const auto prev =
      last == std::string::npos || last == 0 ? std::string::npos : location.rfind(':', last - 1);
  if (prev != std::string::npos) {
    const auto line = to_int(std::string_view(location).substr(prev + 1, last - prev - 1));
    const auto column = to_int(std::string_view(location).substr(last + 1));
    if (line && column) {
      out.file = display_path(location.substr(0, prev));
      out.line = *line;
      out.column = *column;
      return;
    }
  }
  out.file = display_path(location);
}

Problem to_problem(const core::Diagnostic& d) {
  Problem p;
  split_location(d.location, p);
  p.severity = d.severity == core::Severity::error ? "error" : "warning";
  p.rule = d.rule;
  p.message = d.message;
  return p;
}

Problem to_problem(const core::Error& e, const std::string& file) {
  Problem p;
  split_location(e.location.empty() ? file : e.location, p);
  p.severity = "error";
  p.rule = std::string(core::to_string(e.code));
  p.message = e.message;
  return p;
}

void print_text(const Problem& p) {
  std::cout << p.file;
  if (p.line > 0) {
    std::cout << ':' << p.line << ':' << p.column;
  } else if (!p.pointer.empty()) {
    std::cout << '#' << p.pointer;
  }
  std::cout << ": " << p.severity << ": " << p.message << " [" << p.rule << "]\n";
}

nlohmann::json to_json(const Problem& p) {
  nlohmann::json j = {{"file", p.file},
                      {"pointer", p.pointer},
                      {"severity", p.severity},
                      {"rule", p.rule},
                      {"message", p.message}};
  j["line"] = p.line > 0 ? nlohmann::json(p.line) : nlohmann::json();
  j["column"] = p.column > 0 ? nlohmann::json(p.column) : nlohmann::json();
  return j;
}

struct LintTotals {
  std::vector<Problem> problems;
  int files = 0;
  bool unreadable = false;
};

void lint_one(const std::filesystem::path& file, LintTotals& totals) {
  ++totals.files;
  auto spec = core::load_spec(file);
  if (!spec) {
    totals.unreadable = true;
    totals.problems.push_back(to_problem(spec.error(), file.string()));
    return;
  }
  std::vector<Problem> found;
  for (const auto& d : core::lint_spec(**spec)) {
    found.push_back(to_problem(d));
  }
  std::stable_sort(found.begin(), found.end(), [](const Problem& a, const Problem& b) {
    if (a.file != b.file) {
      return a.file < b.file;
    }
    const int a_line = a.line > 0 ? a.line : 1 << 30;
    const int b_line = b.line > 0 ? b.line : 1 << 30;
    return a_line != b_line ? a_line < b_line : a.column < b.column;
  });
  totals.problems.insert(totals.problems.end(), found.begin(), found.end());
}

int report(const LintTotals& totals, const std::string& format) {
  const auto errors = std::count_if(totals.problems.begin(), totals.problems.end(),
                                    [](const Problem& p) { return p.severity == "error"; });
  const auto warnings = static_cast<long>(totals.problems.size()) - errors;
  if (format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : totals.problems) {
      out.push_back(to_json(p));
    }
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } else {
    for (const auto& p : totals.problems) {
      print_text(p);
    }
    std::cout << totals.files << (totals.files == 1 ? " file" : " files") << " checked: " << errors
              << (errors == 1 ? " error, " : " errors, ") << warnings
              << (warnings == 1 ? " warning\n" : " warnings\n");
  }
  if (totals.unreadable) {
    return k_exit_usage;
  }
  return errors > 0 ? k_exit_failed : k_exit_ok;
}

int run_lint(const LintArgs& args) {
  const std::vector<std::string> inputs = resolve_specs(args.specs);
  LintTotals totals;
  for (const auto& input : inputs) {
    auto files = core::find_spec_files({input});
    if (!files) {
      totals.unreadable = true;
      ++totals.files;
      totals.problems.push_back(to_problem(files.error(), input));
      continue;
    }
    for (const auto& file : *files) {
      lint_one(file, totals);
    }
  }
  return report(totals, args.format);
}

} // namespace

void add_lint_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<LintArgs>();
  auto* cmd = app.add_subcommand("lint", "Check OpenAPI documents: structure and every example");
  cmd->add_option("specs", args->specs, "OpenAPI files or directories (default: specs/)");
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->callback([args, &exit_code] { exit_code = run_lint(*args); });
}

} // namespace concord::cli
