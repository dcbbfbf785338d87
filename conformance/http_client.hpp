#pragma once

#include "conformance/proxy.hpp"
#include "core/http_types.hpp"
#include "core/result.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace concord::conformance {

// "http://127.0.0.1:4010/base" or "https://api.example.com/v1" split up.
struct BaseUrl {
  std::string scheme = "http";
  std::string host;
  int port = 80;
  std::string path;                         // "" or "/base" (no trailing slash)
  [[nodiscard]] std::string origin() const; // "http://host:port"
};
[[nodiscard]] core::Result<BaseUrl> parse_base_url(std::string_view url);

// How https:// targets are trusted (TLS 1.2 or newer, SNI, host-name check).
struct TlsOptions {
  std::string ca_file;   // --cacert: PEM bundle trusted instead of the system store
  bool insecure = false; // --insecure: no certificate or host-name verification
  std::string cert_file; // --cert/--key: client certificate for mutual TLS
  std::string key_file;
};

// Checks the files named in `tls` once, before any connection: readable PEM, at least one
// certificate in the CA bundle, a key that belongs to the certificate. Errors are `usage`.
[[nodiscard]] core::Result<void> check_tls_files(const TlsOptions& tls);

struct ClientOptions {
  int timeout_ms = 5000; // whole exchange, connect, proxy CONNECT and TLS handshake included
  std::size_t max_response_bytes = std::size_t{10} * 1024 * 1024;
  int retries = 0; // network errors only
  TlsOptions tls;
  std::optional<ProxySettings> proxy;
};

// What went wrong below HTTP. The tls_* kinds name the reason a TLS connection was refused.
enum class TransportError {
  none,
  connect,
  timeout,
  too_large,
  read,
  write,
  proxy,                  // the proxy refused or broke the CONNECT tunnel
  tls_untrusted,          // no trusted CA signed the server's certificate (or it is self-signed)
  tls_expired,            // the server's certificate has expired or is not valid yet
  tls_hostname,           // the certificate does not name the target host
  tls_certificate,        // any other certificate verification failure
  tls_client_certificate, // the server wants a client certificate, or refused ours
  tls_handshake,          // the handshake failed (protocol, cipher, not a TLS server, ...)
  tls_timeout,            // the handshake did not finish within the deadline
  other
};
[[nodiscard]] const char* to_string(TransportError error) noexcept;

struct HttpRequest {
  std::string method;
  std::string target; // encoded path and query, base path included
  core::Headers headers;
  std::optional<std::string> body;
};

struct HttpResult {
  std::optional<core::Response> response; // set when an HTTP answer arrived in full
  TransportError error = TransportError::none;
  std::string message; // plain English, for errors
  double duration_ms = 0;
  int attempts = 1;
};

// One keep-alive connection to the target (one per worker thread; not thread-safe), plain or
// TLS. Redirects are never followed: a 3xx is an answer like any other. A watchdog enforces
// the overall deadline, so a server that trickles one byte a second (or a TLS handshake that
// never ends) still times out.
class HttpClient {
public:
  HttpClient(const BaseUrl& base, const ClientOptions& options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  [[nodiscard]] HttpResult send(const HttpRequest& request);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace concord::conformance
