#pragma once

#include <string>

namespace CLI {
class App;
}

namespace concord::cli {

// Exit codes shared by every subcommand.
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_failed = 1;   // lint problems, conformance failures
inline constexpr int k_exit_usage = 2;    // usage, unreadable spec/fixtures/config
inline constexpr int k_exit_internal = 3; // a bug

// Today's date in UTC ("2026-11-27"), for waiver expiry. The clock is read here, at the edge.
[[nodiscard]] std::string to_today_utc();

// Each adds its subcommand to `app`; the subcommand's callback stores its exit code.
void add_lint_command(CLI::App& app, int& exit_code);
void add_mock_command(CLI::App& app, int& exit_code);
void add_verify_command(CLI::App& app, int& exit_code);
void add_report_command(CLI::App& app, int& exit_code);
void add_diff_command(CLI::App& app, int& exit_code);

} // namespace concord::cli
