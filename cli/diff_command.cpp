// `concord diff OLD NEW`: the breaking-change gate (docs/diff.md).
#include "cli/commands.hpp"
#include "diff/compare.hpp"
#include "diff/inputs.hpp"
#include "diff/render.hpp"

#include <CLI/CLI.hpp>
#include <fnmatch.h>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace concord::cli {

namespace {

struct DiffArgs {
  std::string old_input;
  std::string new_input;
  std::string format = "text";
  std::string fail_on = "breaking";
  std::string response_enum = "breaking";
  std::vector<std::string> include_paths;
  std::vector<std::string> exclude_operations;
  std::string ignore_file;
  std::string output;
};

int input_error(const core::Error& error) {
  std::cerr << (error.location.empty() ? "concord diff" : error.location)
            << ": error: " << error.message << " [" << core::to_string(error.code) << "]\n";
  return k_exit_usage;
}

// The operation's path template, from its "METHOD /path" key.
std::string path_of(const std::string& operation) {
  const auto space = operation.find(' ');
  return space == std::string::npos ? operation : operation.substr(space + 1);
}

bool is_kept(const diff::Change& change, const DiffArgs& args) {
  if (change.operation.empty()) {
    return true; // document-wide (servers)
  }
  for (const auto& excluded : args.exclude_operations) {
    if (excluded == change.operation_id || excluded == change.operation) {
      return false;
    }
  }
  if (args.include_paths.empty()) {
    return true;
  }
  const std::string path = path_of(change.operation);
  for (const auto& glob : args.include_paths) {
    if (::fnmatch(glob.c_str(), path.c_str(), 0) == 0) {
      return true;
    }
  }
  return false;
}

std::string render(const diff::DiffReport& report, const std::string& format) {
  if (format == "json") {
    return diff::render_json(report);
  }
  if (format == "markdown") {
    return diff::render_markdown(report);
  }
  if (format == "junit") {
    return diff::render_junit(report);
  }
  if (format == "html") {
    return diff::render_html(report);
  }
  return diff::render_text(report);
}

// Ignore entries applied, locations made readable, --fail-on set.
core::Result<diff::DiffReport> build_report(const DiffArgs& args, const diff::Input& old_side,
                                            const diff::Input& new_side,
                                            const diff::Comparison& comparison) {
  std::vector<diff::Change> kept;
  for (auto change : comparison.changes) {
    if (is_kept(change, args)) {
      change.old_location = diff::to_display_location(change.old_location, old_side);
      change.new_location = diff::to_display_location(change.new_location, new_side);
      kept.push_back(std::move(change));
    }
  }
  std::vector<diff::IgnoreEntry> entries;
  if (!args.ignore_file.empty()) {
    auto loaded = diff::load_ignore_file(args.ignore_file);
    if (!loaded) {
      return tl::unexpected(loaded.error());
    }
    entries = std::move(*loaded);
  }
  auto outcome = diff::apply_ignores(kept, entries, to_today_utc());
  diff::DiffReport report;
  report.old_label = args.old_input;
  report.new_label = args.new_input;
  report.changes = std::move(outcome.changes);
  report.warnings = comparison.warnings;
  for (auto& warning : report.warnings) {
    warning.location = diff::to_display_location(
        warning.location,
        warning.location.rfind(new_side.path.string(), 0) == 0 ? new_side : old_side);
  }
  report.warnings.insert(report.warnings.end(), outcome.expired.begin(), outcome.expired.end());
  report.fail_on_none = args.fail_on == "none";
  report.fail_on = diff::parse_level(args.fail_on).value_or(diff::Level::breaking);
  return report;
}

int run_diff(const DiffArgs& args) {
  auto old_side = diff::open_input(args.old_input);
  if (!old_side) {
    return input_error(old_side.error());
  }
  auto new_side = diff::open_input(args.new_input);
  if (!new_side) {
    return input_error(new_side.error());
  }
  diff::DiffOptions options;
  options.response_enum_value_added =
      diff::parse_level(args.response_enum).value_or(diff::Level::breaking);
  auto comparison = diff::compare_inputs(old_side->path, new_side->path, options);
  if (!comparison) {
    return input_error(comparison.error());
  }
  auto report = build_report(args, *old_side, *new_side, *comparison);
  if (!report) {
    return input_error(report.error());
  }
  const std::string text = render(*report, args.format);
  if (args.output.empty()) {
    std::cout << text;
  } else {
    std::ofstream file(args.output, std::ios::binary);
    file << text;
    if (!file) {
      std::cerr << "concord diff: cannot write " << args.output << '\n';
      return k_exit_usage;
    }
  }
  return diff::is_failing(*report) ? k_exit_failed : k_exit_ok;
}

} // namespace

void add_diff_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<DiffArgs>();
  auto* cmd = app.add_subcommand("diff", "Breaking changes between two versions of an API");
  cmd->add_option("old", args->old_input, "OLD document or directory, or git:REV:path")->required();
  cmd->add_option("new", args->new_input, "NEW document or directory, or git:REV:path")->required();
  cmd->add_option("--format", args->format, "text (default), json, markdown, junit, html")
      ->check(CLI::IsMember({"text", "json", "markdown", "junit", "html"}));
  cmd->add_option("--fail-on", args->fail_on,
                  "Exit 1 at this level: breaking (default), "
                  "warning, none")
      ->check(CLI::IsMember({"breaking", "warning", "none"}));
  cmd->add_option("--response-enum", args->response_enum,
                  "Level of a response enum that gained a value (default breaking)")
      ->check(CLI::IsMember({"breaking", "warning", "info"}));
  cmd->add_option("--include-path", args->include_paths,
                  "Only operations whose path matches this glob (repeatable)");
  cmd->add_option("--exclude-operation", args->exclude_operations,
                  "Leave out this operationId or 'METHOD /path' (repeatable)");
  cmd->add_option("--ignore", args->ignore_file,
                  "Accepted changes (YAML: rule, operation, "
                  "reason, expires)");
  cmd->add_option("-o,--output", args->output, "Write the output here instead of stdout");
  cmd->callback([args, &exit_code] { exit_code = run_diff(*args); });
}

} // namespace concord::cli
