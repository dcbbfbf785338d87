#pragma once
// What `concord mock` and `concord proxy` share: the TLS flags and the serve loop (the
// listening line, SIGINT/SIGTERM, --watch).

#include "core/result.hpp"
#include "mock/server.hpp"
#include "mock/tls.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace concord::cli {

struct ServeTlsArgs {
  std::string cert;
  std::string key;
  std::string client_ca;
  bool self_signed = false;
};

// Adds --tls-cert, --tls-key, --tls-client-ca and --tls-self-signed to `cmd`.
void add_serve_tls_options(CLI::App& cmd, ServeTlsArgs& args);

// The flags -> what the server serves with; nullopt for plain HTTP. Prints where a
// self-signed certificate went and its fingerprint.
[[nodiscard]] core::Result<std::optional<mock::TlsMaterial>> prepare_tls(const ServeTlsArgs& args);

// "specs/x.yaml=/prefix" -> out["specs/x.yaml"] = "/prefix"; false when malformed.
[[nodiscard]] bool split_assignment(const std::string& text,
                                    std::map<std::string, std::string>& out);

// Blocks SIGINT/SIGTERM in every thread (call before creating the server's threads).
void block_stop_signals();

// Prints "listening on http(s)://host:port", serves until SIGINT/SIGTERM or server.stop(),
// then calls `after` (it may still write files). Returns false when the server could not run.
bool serve_until_stopped(mock::MockServer& server, int port, bool watch, const char* name);

} // namespace concord::cli
