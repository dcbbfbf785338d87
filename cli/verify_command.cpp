// `concord verify [SPEC|DIR ...] --target URL [options]` (docs/verify.md).
#include "cli/commands.hpp"
#include "cli/serving.hpp"
#include "conformance/console.hpp"
#include "conformance/verify.hpp"
#include "core/loader.hpp"
#include "core/results.hpp"
#include "diff/inputs.hpp"
#include "mock/engine.hpp"
#include "mock/lifecycle.hpp"
#include "reports/report.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

namespace concord::cli {
namespace {

struct VerifyOptions {
  std::vector<std::string> specs;
  std::string target;
  std::string fixtures;
  std::string token;
  std::vector<std::string> auth;
  std::string cacert;
  bool insecure = false;
  std::string cert;
  std::string key;
  std::optional<std::string> proxy;
  std::vector<std::string> headers;
  int timeout_ms = 5000;
  int retries = 0;
  int jobs = 1;
  std::vector<std::string> operations;
  std::vector<std::string> tags;
  std::vector<std::string> cases;
  std::string changed_since;
  bool strict = false;
  std::string match = "shape";
  double max_response_ms = 0;
  double require_coverage = -1;
  std::string state_url;
  std::string shard;
  std::string baseline;
  std::string fail_on = "any";
  std::string waivers;
  std::string json_out;
  std::string junit_out;
  std::string html_out;
  bool prefer = false;
  bool verbose = false;
  int max_response_mb = 10;
  int generate = 0;
  std::uint64_t seed = 1;
  double generate_time = 0;
  bool generate_unsafe = false;
  std::string rejected_valid = "warn";
  std::vector<std::string> behaviours; // --behaviour SPEC=FILE
};

int usage_error(const std::string& message) {
  std::cerr << "concord verify: " << message << '\n';
  return k_exit_usage;
}

// --changed-since OLD: only the operations `concord diff OLD SPEC` reports as changed.
std::string select_changed(const VerifyOptions& opts, conformance::VerifyConfig& config) {
  if (opts.changed_since.empty()) {
    return "";
  }
  if (opts.specs.size() > 1) {
    return "--changed-since compares with one spec file or directory";
  }
  auto changed = diff::find_changed_operations(opts.changed_since,
                                               opts.specs.empty() ? "specs" : opts.specs.front());
  if (!changed) {
    return "--changed-since: " + changed.error().to_string();
  }
  if (!changed->all) {
    config.changed_operations = changed->operations;
  }
  std::cerr << "concord verify: --changed-since " << opts.changed_since << ": "
            << (changed->all ? std::string("the whole document changed, running every case")
                             : std::to_string(changed->operations.size()) + " changed operation(s)")
            << '\n';
  return "";
}

// Fills the library config from the flags; "" on success, else a usage message.
// --generate and its companions (docs/verify.md, "Generated cases").
std::string set_generate_options(const VerifyOptions& opts, conformance::VerifyConfig& config) {
  config.generate_count = opts.generate;
  config.seed = opts.seed;
  config.generate_unsafe = opts.generate_unsafe;
  if (opts.generate_time > 0) {
    config.generate_time_s = opts.generate_time;
  }
  if (opts.rejected_valid == "off") {
    config.rejected_valid = conformance::RejectedValid::off;
  } else if (opts.rejected_valid == "fail") {
    config.rejected_valid = conformance::RejectedValid::fail;
  } else if (opts.rejected_valid != "warn") {
    return "--rejected-valid must be warn, fail or off";
  }
  return "";
}

std::string make_config(const VerifyOptions& opts, conformance::VerifyConfig& config) {
  config.specs = resolve_specs(opts.specs);
  config.target = opts.target;
  config.token = opts.token;
  if (config.token.empty()) {
    if (const char* env = std::getenv("CONCORD_TOKEN"); env != nullptr) {
      config.token = env;
    }
  }
  for (const auto& auth : opts.auth) {
    std::string name;
    std::string value;
    if (!conformance::parse_auth_flag(auth, name, value) || value.empty()) {
      return "--auth expects NAME=VALUE (NAME: a key of components.securitySchemes)";
    }
    config.auth[name] = value;
  }
  config.tls.ca_file = opts.cacert;
  config.tls.insecure = opts.insecure;
  config.tls.cert_file = opts.cert;
  config.tls.key_file = opts.key;
  config.proxy = opts.proxy;
  config.env = [](const char* name) -> const char* { return std::getenv(name); };
  for (const auto& header : opts.headers) {
    const auto colon = header.find(':');
    if (colon == std::string::npos || colon == 0) {
      return "-H expects 'Name: value', got '" + header + "'";
    }
    std::string value = header.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    config.headers.emplace_back(header.substr(0, colon), value);
  }
  config.fixtures = opts.fixtures;
  if (config.fixtures.empty() && std::filesystem::is_directory("fixtures/scenarios")) {
    config.fixtures = "fixtures/scenarios";
  }
  config.timeout_ms = opts.timeout_ms;
  config.retries = opts.retries;
  config.jobs = opts.jobs;
  config.operations = opts.operations;
  config.tags = opts.tags;
  config.case_globs = opts.cases;
  if (auto message = select_changed(opts, config); !message.empty()) {
    return message;
  }
  config.strict = opts.strict;
  if (!conformance::parse_match_mode(opts.match, config.match)) {
    return "--match must be schema, shape or exact";
  }
  if (opts.max_response_ms > 0) {
    config.max_response_ms = opts.max_response_ms;
  }
  if (opts.require_coverage >= 0) {
    config.require_coverage = opts.require_coverage;
  }
  config.state_url = opts.state_url;
  if (!opts.shard.empty() &&
      !conformance::parse_shard(opts.shard, config.shard_index, config.shard_count)) {
    return "--shard expects K/N with 1 <= K <= N, got '" + opts.shard + "'";
  }
  if (opts.fail_on != "any" && opts.fail_on != "new") {
    return "--fail-on must be new or any";
  }
  if (opts.fail_on == "new" && opts.baseline.empty()) {
    return "--fail-on new needs --baseline OLD.json";
  }
  config.prefer = opts.prefer;
  if (auto message = set_generate_options(opts, config); !message.empty()) {
    return message;
  }
  config.max_response_bytes = static_cast<std::size_t>(opts.max_response_mb) * 1024 * 1024;
  return "";
}

int apply_baseline_and_waivers(nlohmann::json& results, const VerifyOptions& opts) {
  if (!opts.baseline.empty()) {
    auto baseline = report::load_results(opts.baseline);
    if (!baseline) {
      return usage_error(baseline.error().to_string());
    }
    report::apply_baseline(results, *baseline);
  }
  if (!opts.waivers.empty()) {
    if (auto applied = report::apply_waivers(results, opts.waivers, to_today_utc()); !applied) {
      return usage_error(applied.error().to_string());
    }
  }
  report::recompute_summary(results);
  return k_exit_ok;
}

int write_outputs(const nlohmann::json& results, const VerifyOptions& opts) {
  auto written = write_reports(results, opts.json_out, opts.junit_out, opts.html_out);
  return written ? k_exit_ok : usage_error(written.error().to_string());
}

// 0 when every executed case passed (or was waived), 1 otherwise; prints why.
int decide_exit(const nlohmann::json& results, const VerifyOptions& opts,
                const conformance::VerifyConfig& config) {
  // The verdict rules (an empty run fails) live in core::summarise; --fail-on new then
  // narrows which failing cases count.
  const core::RunSummary summary = core::summarise(core::read_case_outcomes(results));
  if (summary.executed() == 0) {
    std::cout << "Result: FAILED (" << summary.reason << ")\n";
    return k_exit_failed;
  }
  long bad = summary.failed + summary.errored;
  if (opts.fail_on == "new") {
    bad = 0;
    for (const auto& item : results["cases"]) {
      const std::string outcome = item.value("outcome", "");
      const bool failing = outcome == "failed" || outcome == "errored";
      if (failing && item.value("baseline", nlohmann::json()) != "known") {
        ++bad;
      }
    }
  }
  int code = k_exit_ok;
  if (bad > 0) {
    std::cout << "Result: FAILED (" << bad
              << (opts.fail_on == "new" ? " new failing case(s))\n" : " failing case(s))\n");
    code = k_exit_failed;
  }
  if (config.require_coverage) {
    const double percent = results["coverage"].value("percent", 0.0);
    if (percent < *config.require_coverage) {
      std::cout << "Result: FAILED (coverage " << percent << "% is below the required "
                << *config.require_coverage << "%)\n";
      code = k_exit_failed;
    }
  }
  if (code == k_exit_ok) {
    const long known = summary.failed + summary.errored;
    std::cout << "Result: PASSED";
    if (known > 0) {
      std::cout << " (" << known << " failing case(s) already in the baseline)";
    } else if (summary.skipped > 0) {
      std::cout << " (with skipped cases)";
    }
    std::cout << '\n';
  }
  return code;
}

// --generate: the lifecycle of each spec's behaviour file, for the stateful sequences. The file
// is found the way `concord mock` finds it: --behaviour SPEC=FILE, else
// fixtures/<document name>/behaviour.yaml. A spec without one has no sequences.
std::string load_lifecycles(const VerifyOptions& opts, conformance::VerifyConfig& config) {
  std::map<std::string, std::string> mapped;
  for (const auto& behaviour : opts.behaviours) {
    if (!split_assignment(behaviour, mapped)) {
      return "--behaviour expects SPEC=FILE, got '" + behaviour + "'";
    }
  }
  if (config.generate_count <= 0 && !config.generate_sequences) {
    return {};
  }
  auto files = core::find_spec_files(config.specs);
  if (!files) {
    return {}; // run_conformance reports it
  }
  for (const auto& file : *files) {
    std::filesystem::path behaviour;
    for (const auto& [key, value] : mapped) {
      if (mock::is_same_spec(key, file)) {
        behaviour = value;
      }
    }
    if (behaviour.empty()) {
      const auto conventional = std::filesystem::path(k_default_fixtures_dir) /
                                std::filesystem::path(file).stem() / "behaviour.yaml";
      if (!std::filesystem::is_regular_file(conventional)) {
        continue;
      }
      behaviour = conventional;
    }
    auto spec = core::load_spec(file);
    if (!spec) {
      return {}; // run_conformance reports it
    }
    auto lifecycle = mock::describe_lifecycle(behaviour, *spec);
    if (!lifecycle) {
      return lifecycle.error().to_string();
    }
    config.lifecycles.push_back(std::move(*lifecycle));
  }
  return {};
}

int run_verify(const VerifyOptions& opts) {
  conformance::VerifyConfig config;
  if (const std::string error = make_config(opts, config); !error.empty()) {
    return usage_error(error);
  }
  if (const std::string error = load_lifecycles(opts, config); !error.empty()) {
    return usage_error(error);
  }
  if (config.tls.insecure) {
    std::cerr << "concord verify: WARNING: --insecure: TLS certificate and host-name "
                 "verification are OFF; the reports will say so\n";
  }
  conformance::ProgressLine progress(std::cerr, isatty(STDERR_FILENO) != 0);
  config.on_progress = [&progress](const conformance::RunProgress& p) { progress.update(p); };
  auto results = conformance::run_conformance(config);
  progress.clear();
  if (!results) {
    std::cerr << "concord verify: " << results.error().to_string() << '\n';
    return results.error().code == core::ErrorCode::internal ? k_exit_internal : k_exit_usage;
  }
  if (const int code = apply_baseline_and_waivers(*results, opts); code != k_exit_ok) {
    return code;
  }
  conformance::ConsoleOptions console;
  console.verbose = opts.verbose;
  conformance::print_results(std::cout, *results, console);
  if (const int code = write_outputs(*results, opts); code != k_exit_ok) {
    return code;
  }
  return decide_exit(*results, opts, config);
}

} // namespace

core::Result<std::vector<std::string>> write_reports(const nlohmann::json& results,
                                                     const std::string& json_out,
                                                     const std::string& junit_out,
                                                     const std::string& html_out) {
  std::vector<std::string> files;
  if (!json_out.empty()) {
    if (auto written = report::write_results(results, json_out); !written) {
      return tl::unexpected(written.error());
    }
    files.push_back(json_out);
  }
  if (!junit_out.empty()) {
    if (auto written = report::write_junit(results, junit_out); !written) {
      return tl::unexpected(written.error());
    }
    files.push_back(junit_out);
  }
  if (!html_out.empty()) {
    if (auto written = report::write_html(results, html_out); !written) {
      return tl::unexpected(written.error());
    }
    files.push_back(html_out);
  }
  return files;
}

void add_verify_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<VerifyOptions>();
  auto* cmd = app.add_subcommand(
      "verify", "Run the documented examples and scenarios against a live implementation");
  cmd->add_option("specs", opts->specs, "OpenAPI files or directories (default: specs/)");
  cmd->add_option("--target", opts->target, "Base URL of the implementation")->required();
  cmd->add_option("--fixtures", opts->fixtures,
                  "Scenario directory or file (default: fixtures/scenarios if present)");
  cmd->add_option("--token", opts->token,
                  "Credential for every scheme without its own --auth (or env CONCORD_TOKEN)");
  cmd->add_option("--auth", opts->auth,
                  "Credential for one security scheme: NAME=VALUE (repeatable; or env "
                  "CONCORD_AUTH_<NAME>); oauth2 client credentials: NAME=client_id:client_secret");
  cmd->add_option("--cacert", opts->cacert, "Trust this PEM CA bundle for https:// targets");
  cmd->add_flag("--insecure", opts->insecure,
                "Skip TLS certificate and host-name verification (reports say so)");
  cmd->add_option("--cert", opts->cert, "Client certificate (PEM) for mutual TLS");
  cmd->add_option("--key", opts->key, "Private key (PEM) of --cert");
  cmd->add_option("--proxy", opts->proxy,
                  "HTTP proxy URL (overrides HTTPS_PROXY/http_proxy/NO_PROXY; \"\" = none)");
  cmd->add_option("-H,--header", opts->headers, "Extra header 'Name: value' (repeatable)");
  cmd->add_option("--timeout-ms", opts->timeout_ms, "Deadline per request")
      ->check(CLI::Range(1, 3600000));
  cmd->add_option("--retries", opts->retries, "Retries on network errors (never on an answer)")
      ->check(CLI::Range(0, 10));
  cmd->add_option("--jobs", opts->jobs, "Cases run in parallel")->check(CLI::Range(1, 256));
  cmd->add_option("--operation", opts->operations, "Only these operationIds (repeatable)");
  cmd->add_option("--tag", opts->tags, "Only operations with this tag (repeatable)");
  cmd->add_option("--case", opts->cases, "Only case ids matching this glob (repeatable)");
  cmd->add_option("--changed-since", opts->changed_since,
                  "Only operations changed since OLD (file, dir or git:REV:path)");
  cmd->add_flag("--strict", opts->strict, "Objects are closed (no undocumented fields)");
  cmd->add_option("--match", opts->match, "Example comparison: schema, shape (default), exact");
  cmd->add_option("--max-response-ms", opts->max_response_ms, "Fail slower answers")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--require-coverage", opts->require_coverage,
                  "Fail below this percentage of documented statuses exercised")
      ->check(CLI::Range(0.0, 100.0));
  cmd->add_option("--state-url", opts->state_url, "Provider-state URL (Pact convention)");
  cmd->add_option("--shard", opts->shard, "Run slice K of N (K/N); scenarios are never split");
  cmd->add_option("--baseline", opts->baseline, "Earlier results JSON to compare with");
  cmd->add_option("--fail-on", opts->fail_on, "With --baseline: new or any (default any)");
  cmd->add_option("--waivers", opts->waivers, "Waiver file (YAML or JSON)");
  cmd->add_option("--json", opts->json_out, "Write the results JSON here");
  cmd->add_option("--junit", opts->junit_out, "Write JUnit XML here");
  cmd->add_option("--html", opts->html_out, "Write the HTML report here");
  cmd->add_flag("--prefer", opts->prefer,
                "Ask for non-default statuses with a Prefer header (mocks only)");
  cmd->add_option("--max-response-mb", opts->max_response_mb, "Response size cap")
      ->check(CLI::Range(1, 1024));
  cmd->add_flag("-v,--verbose", opts->verbose, "List passed cases too");
  cmd->add_option("--generate", opts->generate,
                  "Add up to N requests per operation generated from the schemas")
      ->check(CLI::Range(0, 10000));
  cmd->add_option("--seed", opts->seed, "Seed of --generate (default 1; printed in the report)");
  cmd->add_option("--generate-time", opts->generate_time,
                  "Seconds after which generated cases are no longer started")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--generate-unsafe", opts->generate_unsafe,
                "Also generate for DELETE and x-concord-unsafe operations");
  cmd->add_option("--rejected-valid", opts->rejected_valid,
                  "A 4xx to a valid generated request: warn (default), fail or off");
  cmd->add_option("--behaviour,--behavior", opts->behaviours,
                  "Behaviour file of SPEC for --generate's stateful sequences: SPEC=FILE "
                  "(repeatable; default fixtures/<name>/behaviour.yaml)");
  cmd->callback([opts, &exit_code] { exit_code = run_verify(*opts); });
}

} // namespace concord::cli
