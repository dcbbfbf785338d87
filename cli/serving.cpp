// The flags and the serve loop that `concord mock` and `concord proxy` share.
#include "cli/serving.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <pthread.h>
#include <signal.h>
#include <string>
#include <thread>
#include <unistd.h>

namespace concord::cli {
namespace {

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

} // namespace

void add_serve_tls_options(CLI::App& cmd, ServeTlsArgs& args) {
  cmd.add_option("--tls-cert", args.cert,
                 "serve HTTPS with this PEM certificate (chain); needs --tls-key");
  cmd.add_option("--tls-key", args.key, "PEM private key of --tls-cert");
  cmd.add_option("--tls-client-ca", args.client_ca,
                 "require client certificates signed by this PEM CA (mutual TLS)");
  cmd.add_flag("--tls-self-signed", args.self_signed,
               "serve HTTPS with a throw-away certificate for 127.0.0.1/localhost");
}

core::Result<std::optional<mock::TlsMaterial>> prepare_tls(const ServeTlsArgs& args) {
  if (args.self_signed && !args.cert.empty()) {
    return core::fail(core::ErrorCode::usage,
                      "--tls-self-signed and --tls-cert exclude each other");
  }
  if (args.cert.empty() != args.key.empty()) {
    return core::fail(core::ErrorCode::usage, "--tls-cert and --tls-key go together");
  }
  if (!args.self_signed && args.cert.empty()) {
    if (!args.client_ca.empty()) {
      return core::fail(core::ErrorCode::usage, "--tls-client-ca needs --tls-cert or "
                                                "--tls-self-signed");
    }
    return std::optional<mock::TlsMaterial>();
  }
  if (!args.cert.empty()) {
    auto material = mock::load_tls_material(args.cert, args.key, args.client_ca);
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
  if (!args.client_ca.empty()) {
    auto ca = mock::load_client_ca(args.client_ca);
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

bool split_assignment(const std::string& text, std::map<std::string, std::string>& out) {
  const auto eq = text.rfind('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    return false;
  }
  out[text.substr(0, eq)] = text.substr(eq + 1);
  return true;
}

void block_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

bool serve_until_stopped(mock::MockServer& server, int port, bool watch, const char* name) {
  std::thread waiter([&server] {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    int received = 0;
    sigwait(&signals, &received);
    server.stop();
  });
  if (watch) {
    server.start_watch(
        [name](const std::string& line) { std::cerr << name << ": " << line << std::endl; });
  }
  std::cout << "listening on " << (server.is_tls() ? "https://" : "http://") << server.host() << ':'
            << port << std::endl;
  const bool ok = server.run();
  // Wake the waiter if the server stopped on its own (SIGTERM is blocked in every thread: it
  // ends the waiter's sigwait and kills nothing).
  pthread_kill(waiter.native_handle(), SIGTERM); // NOLINT(bugprone-bad-signal-to-kill-thread)
  waiter.join();
  return ok;
}

} // namespace concord::cli
