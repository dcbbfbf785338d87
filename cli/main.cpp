#include "cli/commands.hpp"

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

int main(int argc, char** argv) {
  int exit_code = concord::cli::k_exit_ok;
  try {
    CLI::App app{"concord: OpenAPI mock server, conformance runner and linter"};
    app.set_version_flag("--version", concord::cli::to_version_text());
    app.require_subcommand(1);
    concord::cli::add_lint_command(app, exit_code);
    concord::cli::add_mock_command(app, exit_code);
    concord::cli::add_verify_command(app, exit_code);
    concord::cli::add_proxy_command(app, exit_code);
    concord::cli::add_report_command(app, exit_code);
    concord::cli::add_diff_command(app, exit_code);
    concord::cli::add_init_command(app, exit_code);
    concord::cli::add_completion_command(app, exit_code);
    concord::cli::add_help_command(app, exit_code);
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      const int code = app.exit(e);
      return code == 0 ? 0 : concord::cli::k_exit_usage;
    }
  } catch (const std::exception& e) {
    std::cerr << "concord: internal error: " << e.what() << '\n';
    return concord::cli::k_exit_internal;
  }
  return exit_code;
}
