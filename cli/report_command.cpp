// Placeholder: replaced by the module that implements `concord report`.
#include "cli/commands.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace concord::cli {

void add_report_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("report", "not implemented yet");
  cmd->allow_extras();
  cmd->callback([&exit_code] {
    std::cerr << "concord report: not implemented yet\n";
    exit_code = k_exit_internal;
  });
}

} // namespace concord::cli
