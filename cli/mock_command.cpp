// `concord mock`: serves the documents' examples (and behaviours) over HTTP.
#include "cli/commands.hpp"
#include "mock/server.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <pthread.h>
#include <signal.h>
#include <string>
#include <thread>
#include <unistd.h>
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
  std::string tls_cert;
  std::string tls_key;
  std::string tls_client_ca;
  bool tls_self_signed = false;
};

// Writes the throw-away certificate where curl --cacert or a browser can take it from.
core::Result<std::string> write_self_signed(const std::string& certificate) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("concord-mock-" + std::to_string(getpid()) + ".pem");
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << certificate;
  out.close();
  if (!out) {
    return core::fail(core::ErrorCode::io_read, "cannot write " + path.string());
  }
  return path.string();
}

// --tls-cert/--tls-key/--tls-client-ca or --tls-self-signed -> what the server serves with;
// nullopt for plain HTTP. Prints where a self-signed certificate went and its fingerprint.
core::Result<std::optional<mock::TlsMaterial>> prepare_tls(const MockArgs& args) {
  if (args.tls_self_signed && !args.tls_cert.empty()) {
    return core::fail(core::ErrorCode::usage,
                      "--tls-self-signed and --tls-cert exclude each other");
  }
  if (args.tls_cert.empty() != args.tls_key.empty()) {
    return core::fail(core::ErrorCode::usage, "--tls-cert and --tls-key go together");
  }
  if (!args.tls_self_signed && args.tls_cert.empty()) {
    if (!args.tls_client_ca.empty()) {
      return core::fail(core::ErrorCode::usage, "--tls-client-ca needs --tls-cert or "
                                                "--tls-self-signed");
    }
    return std::optional<mock::TlsMaterial>();
  }
  if (!args.tls_cert.empty()) {
    auto material = mock::load_tls_material(args.tls_cert, args.tls_key, args.tls_client_ca);
    if (!material) {
      return tl::unexpected(material.error());
    }
    return std::optional<mock::TlsMaterial>(std::move(*material));
  }
  auto pair = mock::make_self_signed_localhost();
  if (!pair) {
    return tl::unexpected(pair.error());
  }
  mock::TlsMaterial material{*pair, ""};
  if (!args.tls_client_ca.empty()) {
    auto ca = mock::load_client_ca(args.tls_client_ca);
    if (!ca) {
      return tl::unexpected(ca.error());
    }
    material.client_ca = std::move(*ca);
  }
  auto path = write_self_signed(pair->certificate);
  auto fingerprint = mock::to_sha256_fingerprint(pair->certificate);
  if (!path || !fingerprint) {
    return tl::unexpected(!path ? path.error() : fingerprint.error());
  }
  std::cout << "tls: self-signed certificate for 127.0.0.1, ::1 and localhost, valid 30 days\n"
            << "tls: SHA-256 fingerprint " << *fingerprint << '\n'
            << "tls: certificate written to " << *path << " (trust it: curl --cacert " << *path
            << ")\n";
  return std::optional<mock::TlsMaterial>(std::move(material));
}

// "specs/x.yaml=/prefix" -> {"specs/x.yaml", "/prefix"}.
bool split_assignment(const std::string& text, std::map<std::string, std::string>& out) {
  const auto eq = text.rfind('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    return false;
  }
  out[text.substr(0, eq)] = text.substr(eq + 1);
  return true;
}

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
  // Block SIGINT/SIGTERM in every thread; one thread waits for them and stops the server.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto tls = prepare_tls(args);
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
  std::thread waiter([&signals, &server] {
    int received = 0;
    sigwait(&signals, &received);
    (*server)->stop();
  });
  if (args.watch) {
    (*server)->start_watch(
        [](const std::string& line) { std::cerr << "concord mock: " << line << std::endl; });
  }
  std::cout << "listening on " << ((*server)->is_tls() ? "https://" : "http://")
            << (*server)->host() << ':' << *port << std::endl;
  const bool ok = (*server)->run();
  // Wake the waiter if the server stopped on its own (SIGTERM is blocked in every thread: it
  // ends the waiter's sigwait and kills nothing).
  pthread_kill(waiter.native_handle(), SIGTERM); // NOLINT(bugprone-bad-signal-to-kill-thread)
  waiter.join();
  return ok ? k_exit_ok : k_exit_internal;
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
  cmd->add_option("--tls-cert", args->tls_cert,
                  "serve HTTPS with this PEM certificate (chain); needs --tls-key");
  cmd->add_option("--tls-key", args->tls_key, "PEM private key of --tls-cert");
  cmd->add_option("--tls-client-ca", args->tls_client_ca,
                  "require client certificates signed by this PEM CA (mutual TLS)");
  cmd->add_flag("--tls-self-signed", args->tls_self_signed,
                "serve HTTPS with a throw-away certificate for 127.0.0.1/localhost");
  cmd->callback([args, &exit_code] { exit_code = run_mock(*args); });
}

} // namespace concord::cli
