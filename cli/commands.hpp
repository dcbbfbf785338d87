#pragma once

#include "core/result.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace concord::cli {

// Exit codes shared by every subcommand.
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_failed = 1;   // lint problems, conformance failures
inline constexpr int k_exit_usage = 2;    // usage, unreadable spec/fixtures/config
inline constexpr int k_exit_internal = 3; // a bug

// The repository layout is known here, in the program, and nowhere in the libraries: the
// libraries take every path they read as an argument.
inline constexpr const char* k_default_specs_dir = "specs"; // lint, mock, verify: no SPEC given
inline constexpr const char* k_default_fixtures_dir = "fixtures"; // mock: <name>/behaviour.yaml

// The SPEC arguments as given, or the default directory when there are none.
[[nodiscard]] inline std::vector<std::string> resolve_specs(const std::vector<std::string>& specs) {
  return specs.empty() ? std::vector<std::string>{k_default_specs_dir} : specs;
}

// Today's date in UTC ("2026-11-27"), for waiver expiry. The clock is read here, at the edge.
[[nodiscard]] std::string to_today_utc();

// Each adds its subcommand to `app`; the subcommand's callback stores its exit code.
void add_lint_command(CLI::App& app, int& exit_code);
void add_mock_command(CLI::App& app, int& exit_code);
void add_verify_command(CLI::App& app, int& exit_code);
void add_proxy_command(CLI::App& app, int& exit_code);
void add_report_command(CLI::App& app, int& exit_code);
void add_diff_command(CLI::App& app, int& exit_code);
void add_init_command(CLI::App& app, int& exit_code);
// Added last: they walk the other subcommands of `app`.
void add_completion_command(CLI::App& app, int& exit_code);
void add_help_command(CLI::App& app, int& exit_code);

// Writes a results document to each path that is not empty: JSON, JUnit, HTML (verify and
// proxy). Returns the files written.
[[nodiscard]] core::Result<std::vector<std::string>> write_reports(const nlohmann::json& results,
                                                                   const std::string& json_out,
                                                                   const std::string& junit_out,
                                                                   const std::string& html_out);

// "concord 0.1.0 (git 1a2b3c4)": the version and the configure-time git revision.
[[nodiscard]] std::string to_version_text();

} // namespace concord::cli
