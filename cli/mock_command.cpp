// `concord mock`: serves the documents' examples (and behaviours) over HTTP.
#include "cli/commands.hpp"
#include "cli/serving.hpp"
#include "mock/server.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace concord::cli {

namespace {

struct MockArgs {
  std::vector<std::string> specs;
  std::string config;
  std::string host;
  int port = -1;
  long long seed = -1;
  bool stateless = false;
  bool watch = false;
  int threads = 0;
  std::vector<std::string> mounts;
  std::vector<std::string> behaviours;
  ServeTlsArgs tls;
  std::vector<std::string> overlays;
};

int run_mock(const MockArgs& args) {
  mock::MockOptions options;
  options.specs = resolve_specs(args.specs);
  // The convention of this repository: fixtures/<document name>/behaviour.yaml, unless
  // --behaviour names a file.
  options.behaviour_dirs = {k_default_fixtures_dir};
  options.config_file = args.config;
  if (!args.host.empty()) {
    options.host = args.host;
  }
  if (args.port >= 0) {
    options.port = args.port;
  }
  if (args.seed >= 0) {
    options.seed = static_cast<std::uint64_t>(args.seed);
  }
  if (args.stateless) {
    options.stateless = true;
  }
  if (args.threads > 0) {
    options.threads = args.threads;
  }
  options.watch = args.watch;
  for (const auto& mount : args.mounts) {
    if (!split_assignment(mount, options.mounts)) {
      std::cerr << "concord mock: --mount expects SPEC=/prefix, got '" << mount << "'\n";
      return k_exit_usage;
    }
  }
  for (const auto& behaviour : args.behaviours) {
    if (!split_assignment(behaviour, options.behaviours)) {
      std::cerr << "concord mock: --behaviour expects SPEC=FILE, got '" << behaviour << "'\n";
      return k_exit_usage;
    }
  }
  options.overlays = args.overlays;
  block_stop_signals();
  auto tls = prepare_tls(args.tls);
  if (!tls) {
    std::cerr << "concord mock: " << tls.error().to_string() << '\n';
    return tls.error().code == core::ErrorCode::internal ? k_exit_internal : k_exit_usage;
  }
  auto server = mock::MockServer::create(options, *tls);
  if (!server) {
    std::cerr << "concord mock: " << server.error().to_string() << '\n';
    return server.error().code == core::ErrorCode::internal ? k_exit_internal : k_exit_usage;
  }
  auto port = (*server)->bind();
  if (!port) {
    std::cerr << "concord mock: " << port.error().to_string() << '\n';
    return k_exit_usage;
  }
  return serve_until_stopped(**server, *port, args.watch, "concord mock") ? k_exit_ok
                                                                          : k_exit_internal;
}

} // namespace

void add_mock_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<MockArgs>();
  auto* cmd = app.add_subcommand("mock", "serve a mock server for OpenAPI documents");
  cmd->add_option("specs", args->specs,
                  "OpenAPI documents or directories (default: every document in specs/)");
  cmd->add_option("--port,-p", args->port, "port to listen on (default 4010; 0: any free port)");
  cmd->add_option("--host", args->host, "address to listen on (default 127.0.0.1)");
  cmd->add_option("--config,-c", args->config, "mock config file (docs/mock.md)");
  cmd->add_option("--seed", args->seed, "seed for generated data (default 1)");
  cmd->add_flag("--stateless", args->stateless, "ignore behaviour files; answer from examples");
  cmd->add_option("--mount", args->mounts, "serve SPEC under /prefix: SPEC=/prefix (repeatable)");
  cmd->add_option("--behaviour,--behavior", args->behaviours,
                  "behaviour file for SPEC: SPEC=FILE (repeatable)");
  cmd->add_option("--threads", args->threads, "worker threads (default 256)");
  cmd->add_flag("--watch", args->watch, "reload when a spec, behaviour or config file changes");
  cmd->add_option("--overlay", args->overlays,
                  "apply an OpenAPI Overlay (e.g. recorded by concord proxy --record) to the "
                  "document it extends (repeatable)");
  add_serve_tls_options(*cmd, args->tls);
  cmd->callback([args, &exit_code] { exit_code = run_mock(*args); });
}

} // namespace concord::cli
