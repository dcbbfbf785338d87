// `concord report RESULTS.json --html FILE [--junit FILE] [--json FILE]
//                 [--baseline OLD.json] [--waivers FILE] [--today YYYY-MM-DD]`
// `concord report merge A.json B.json ... -o ALL.json`
#include "cli/commands.hpp"
#include "reports/report.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <ctime>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace concord::cli {

namespace {

struct ReportOptions {
  std::string results;
  std::string html;
  std::string junit;
  std::string json;
  std::string baseline;
  std::string waivers;
  std::string today;
};

struct MergeOptions {
  std::vector<std::string> inputs;
  std::string output;
};

int to_exit_code(const core::Error& error) {
  return error.code == core::ErrorCode::internal ? k_exit_internal : k_exit_usage;
}

int report_error(const core::Error& error) {
  std::cerr << "concord report: " << error.to_string() << '\n';
  return to_exit_code(error);
}

int apply_inputs(nlohmann::json& results, const ReportOptions& opts) {
  if (!opts.baseline.empty()) {
    auto baseline = report::load_results(opts.baseline);
    if (!baseline) {
      return report_error(baseline.error());
    }
    report::apply_baseline(results, *baseline);
  }
  if (!opts.waivers.empty()) {
    const std::string today = opts.today.empty() ? to_today_utc() : opts.today;
    if (auto applied = report::apply_waivers(results, opts.waivers, today); !applied) {
      return report_error(applied.error());
    }
  }
  return k_exit_ok;
}

int run_report(const ReportOptions& opts) {
  if (opts.results.empty()) {
    std::cerr << "concord report: give a results file: concord report RESULTS.json --html FILE\n";
    return k_exit_usage;
  }
  if (opts.html.empty() && opts.junit.empty() && opts.json.empty()) {
    std::cerr << "concord report: nothing to write: give --html, --junit or --json\n";
    return k_exit_usage;
  }
  auto results = report::load_results(opts.results);
  if (!results) {
    return report_error(results.error());
  }
  if (const int code = apply_inputs(*results, opts); code != k_exit_ok) {
    return code;
  }
  const auto write = [](const std::string& path, const char* what, auto&& writer) {
    if (path.empty()) {
      return k_exit_ok;
    }
    if (auto written = writer(path); !written) {
      return report_error(written.error());
    }
    std::cout << "concord report: wrote " << what << ' ' << path << '\n';
    return k_exit_ok;
  };
  const nlohmann::json& doc = *results;
  int code =
      write(opts.html, "HTML", [&](const std::string& p) { return report::write_html(doc, p); });
  if (code == k_exit_ok) {
    code = write(opts.junit, "JUnit",
                 [&](const std::string& p) { return report::write_junit(doc, p); });
  }
  if (code == k_exit_ok) {
    code = write(opts.json, "JSON",
                 [&](const std::string& p) { return report::write_results(doc, p); });
  }
  return code;
}

int run_merge(const MergeOptions& opts) {
  std::vector<nlohmann::json> parts;
  for (const auto& input : opts.inputs) {
    auto part = report::load_results(input);
    if (!part) {
      return report_error(part.error());
    }
    parts.push_back(std::move(*part));
  }
  auto merged = report::merge_results(parts);
  if (!merged) {
    return report_error(merged.error());
  }
  if (auto written = report::write_results(*merged, opts.output); !written) {
    return report_error(written.error());
  }
  const auto& summary = (*merged)["summary"];
  std::cout << "concord report: merged " << parts.size() << " files, " << summary.value("total", 0)
            << " cases, into " << opts.output << '\n';
  return k_exit_ok;
}

} // namespace

void add_report_command(CLI::App& app, int& exit_code) {
  auto report_opts = std::make_shared<ReportOptions>();
  auto merge_opts = std::make_shared<MergeOptions>();
  auto* cmd = app.add_subcommand("report", "Write HTML/JUnit reports from a results JSON file");
  cmd->add_option("results", report_opts->results,
                  "results JSON written by `concord verify --json`");
  cmd->add_option("--html", report_opts->html, "write a self-contained HTML report to FILE");
  cmd->add_option("--junit", report_opts->junit, "write JUnit XML to FILE");
  cmd->add_option("--json", report_opts->json,
                  "write the results (after baseline/waivers) to FILE");
  cmd->add_option("--baseline", report_opts->baseline,
                  "mark failures new/known and list fixed cases against an older results file");
  cmd->add_option("--waivers", report_opts->waivers,
                  "waiver file (YAML or JSON), see docs/reports.md");
  cmd->add_option("--today", report_opts->today,
                  "date for waiver expiry, YYYY-MM-DD (default: today, UTC)");

  auto* merge = cmd->add_subcommand("merge", "Merge results files of several shards into one");
  merge->add_option("inputs", merge_opts->inputs, "results files to merge")->required();
  merge->add_option("-o,--output", merge_opts->output, "merged results file")->required();
  merge->callback([merge_opts, &exit_code] { exit_code = run_merge(*merge_opts); });

  cmd->callback([cmd, merge, report_opts, &exit_code] {
    if (merge->parsed() || cmd->got_subcommand(merge)) {
      return; // the merge callback has run
    }
    exit_code = run_report(*report_opts);
  });
}

} // namespace concord::cli
