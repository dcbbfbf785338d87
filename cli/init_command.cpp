// `concord init SPEC`: a starting behaviour file and scenario file inferred from a document.
#include "cli/commands.hpp"
#include "core/loader.hpp"
#include "init/init.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

namespace concord::cli {

namespace {

struct InitArgs {
  std::string spec;
  std::string out = ".";
  bool dry_run = false;
  bool force = false;
};

bool write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  return static_cast<bool>(file);
}

int run_init(const InitArgs& args) {
  auto spec = core::load_spec(args.spec);
  if (!spec) {
    std::cerr << "concord init: " << spec.error().to_string() << '\n';
    return k_exit_usage;
  }
  if ((*spec)->has_errors()) {
    for (const auto& d : (*spec)->diagnostics) {
      if (d.severity == core::Severity::error) {
        std::cerr << d.location << ": error: " << d.message << " [" << d.rule << "]\n";
      }
    }
    std::cerr << "concord init: " << args.spec << " has errors (see `concord lint`)\n";
    return k_exit_usage;
  }
  const auto inference = init::infer_behaviour(**spec);
  const std::filesystem::path dir(args.out);
  const auto behaviour = dir / "behaviour.yaml";
  const auto scenarios = dir / "scenarios.yaml";
  if (args.dry_run) {
    std::cout << init::describe_plan(inference) << "would write " << behaviour.string() << " and "
              << scenarios.string() << '\n';
    return k_exit_ok;
  }
  for (const auto& path : {behaviour, scenarios}) {
    if (std::filesystem::exists(path) && !args.force) {
      std::cerr << "concord init: " << path.string()
                << " exists; not overwritten (use --force to replace it)\n";
      return k_exit_usage;
    }
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !write_file(behaviour, init::write_behaviour_yaml(inference)) ||
      !write_file(scenarios, init::write_scenarios_yaml(inference, **spec))) {
    std::cerr << "concord init: cannot write to " << dir.string() << '\n';
    return k_exit_usage;
  }
  std::cout << init::describe_plan(inference) << "wrote " << behaviour.string() << " and "
            << scenarios.string() << "\ntry: concord mock " << args.spec << " --behaviour "
            << args.spec << '=' << behaviour.string() << '\n';
  return k_exit_ok;
}

} // namespace

void add_init_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<InitArgs>();
  auto* cmd = app.add_subcommand(
      "init", "write a starting behaviour file and scenario file inferred from a document");
  cmd->add_option("spec", args->spec, "OpenAPI document")->required();
  cmd->add_option("--out,-o", args->out,
                  "directory for behaviour.yaml and scenarios.yaml (default: .)");
  cmd->add_flag("--dry-run", args->dry_run, "print what would be inferred; write nothing");
  cmd->add_flag("--force", args->force, "replace files that exist");
  cmd->callback([args, &exit_code] { exit_code = run_init(*args); });
}

} // namespace concord::cli
