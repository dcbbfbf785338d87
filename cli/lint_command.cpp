// Placeholder: replaced by the module that implements `concord lint`.
#include "cli/commands.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace concord::cli {

void add_lint_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("lint", "not implemented yet");
  cmd->allow_extras();
  cmd->callback([&exit_code] {
    std::cerr << "concord lint: not implemented yet\n";
    exit_code = k_exit_internal;
  });
}

} // namespace concord::cli
