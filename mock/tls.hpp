#pragma once

#include "core/result.hpp"

#include <optional>
#include <string>
#include <vector>

typedef struct ssl_ctx_st SSL_CTX; // NOLINT: OpenSSL's own spelling

namespace concord::mock {

// A certificate and its private key, PEM-encoded.
struct PemPair {
  std::string certificate;
  std::string private_key;
};

// What the mock serves HTTPS with (`concord mock --tls-cert/--tls-key` or --tls-self-signed).
struct TlsMaterial {
  PemPair server;
  std::string client_ca; // PEM; non-empty: every client must present a certificate it signed
};

// A certificate to make with make_certificate().
struct CertificateSpec {
  std::string common_name = "concord mock";
  std::vector<std::string> dns_names;    // subjectAltName DNS entries
  std::vector<std::string> ip_addresses; // subjectAltName IP entries (IPv4 or IPv6)
  long valid_from_s = -300;              // notBefore, seconds from now
  long valid_until_s = 30L * 24 * 3600;  // notAfter, seconds from now
  bool is_ca = false;                    // a CA that may sign others
  bool client_auth = false;              // extendedKeyUsage clientAuth instead of serverAuth
};

// Makes an EC P-256 key and an X.509 v3 certificate for it, signed by `issuer` or, without
// one, by itself. OpenSSL API only (no `openssl` program).
[[nodiscard]] core::Result<PemPair> make_certificate(const CertificateSpec& spec,
                                                     const PemPair* issuer = nullptr);

// The throw-away certificate of `concord mock --tls-self-signed`: 127.0.0.1, ::1 and
// localhost, valid for 30 days.
[[nodiscard]] core::Result<PemPair> make_self_signed_localhost();

// "AB:CD:..." SHA-256 fingerprint of the first certificate in `certificate_pem`.
[[nodiscard]] core::Result<std::string> to_sha256_fingerprint(const std::string& certificate_pem);

// Reads --tls-cert (chain), --tls-key and the optional --tls-client-ca files; checks the key
// belongs to the certificate. Errors are `usage`, located at the file.
[[nodiscard]] core::Result<TlsMaterial> load_tls_material(const std::string& cert_file,
                                                          const std::string& key_file,
                                                          const std::string& client_ca_file);

// Reads a PEM CA file (--tls-client-ca); checks it holds a certificate.
[[nodiscard]] core::Result<std::string> load_client_ca(const std::string& file);

// Sets up a server context: TLS 1.2 or newer, the certificate chain and key, and, with a
// client CA, required client certificates.
[[nodiscard]] core::Result<void> configure_server_context(SSL_CTX& ctx,
                                                          const TlsMaterial& material);

} // namespace concord::mock
