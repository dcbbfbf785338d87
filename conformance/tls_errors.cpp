#include "conformance/tls_errors.hpp"

#include <cstdio>
#include <memory>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

namespace concord::conformance {
namespace {

constexpr int k_alert_bad_certificate = 42;
constexpr int k_alert_unsupported_certificate = 43;
constexpr int k_alert_certificate_revoked = 44;
constexpr int k_alert_certificate_expired = 45;
constexpr int k_alert_certificate_unknown = 46;
constexpr int k_alert_unknown_ca = 48;
constexpr int k_alert_access_denied = 49;
constexpr int k_alert_certificate_required = 116;

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

std::string openssl_reason() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) {
    return "no PEM data";
  }
  const char* reason = ERR_reason_error_string(code);
  return reason != nullptr ? reason : "unknown OpenSSL error";
}

core::Result<File> open_pem(const std::string& path, const char* flag) {
  File file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    return core::fail(core::ErrorCode::usage, std::string(flag) + ": cannot read '" + path + "'",
                      path);
  }
  return file;
}

core::Result<void> check_ca_file(const std::string& path) {
  auto file = open_pem(path, "--cacert");
  if (!file) {
    return tl::unexpected(file.error());
  }
  int count = 0;
  while (X509* cert = PEM_read_X509(file->get(), nullptr, nullptr, nullptr)) {
    X509_free(cert);
    ++count;
  }
  ERR_clear_error();
  if (count == 0) {
    return core::fail(core::ErrorCode::usage, "--cacert: '" + path + "' holds no PEM certificate",
                      path);
  }
  return {};
}

core::Result<void> check_client_pair(const std::string& cert_path, const std::string& key_path) {
  auto cert_file = open_pem(cert_path, "--cert");
  if (!cert_file) {
    return tl::unexpected(cert_file.error());
  }
  auto key_file = open_pem(key_path, "--key");
  if (!key_file) {
    return tl::unexpected(key_file.error());
  }
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      PEM_read_X509(cert_file->get(), nullptr, nullptr, nullptr), X509_free);
  if (!cert) {
    return core::fail(core::ErrorCode::usage,
                      "--cert: '" + cert_path + "' holds no PEM certificate (" + openssl_reason() +
                          ")",
                      cert_path);
  }
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      PEM_read_PrivateKey(key_file->get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
  if (!key) {
    return core::fail(core::ErrorCode::usage,
                      "--key: '" + key_path + "' holds no unencrypted PEM private key (" +
                          openssl_reason() + ")",
                      key_path);
  }
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    ERR_clear_error();
    return core::fail(core::ErrorCode::usage,
                      "--key: '" + key_path + "' is not the key of the certificate in '" +
                          cert_path + "'",
                      key_path);
  }
  return {};
}

} // namespace

core::Result<void> check_tls_files(const TlsOptions& tls) {
  if (!tls.ca_file.empty()) {
    if (auto ok = check_ca_file(tls.ca_file); !ok) {
      return ok;
    }
  }
  if (tls.cert_file.empty() != tls.key_file.empty()) {
    return core::fail(core::ErrorCode::usage, "--cert and --key go together");
  }
  if (!tls.cert_file.empty()) {
    return check_client_pair(tls.cert_file, tls.key_file);
  }
  return {};
}

TlsFailure describe_verify_result(long verify_result, std::string_view host) {
  const std::string reason = X509_verify_cert_error_string(verify_result);
  switch (verify_result) {
  case X509_V_OK:
    return {TransportError::tls_hostname, "TLS: the server's certificate does not name the host '" +
                                              std::string(host) +
                                              "' (host-name verification failed)"};
  case X509_V_ERR_CERT_HAS_EXPIRED:
    return {TransportError::tls_expired,
            "TLS: the server's certificate has expired (" + reason + ")"};
  case X509_V_ERR_CERT_NOT_YET_VALID:
    return {TransportError::tls_expired,
            "TLS: the server's certificate is not valid yet (" + reason + ")"};
  case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    return {TransportError::tls_untrusted,
            "TLS: the server's certificate is self-signed and not trusted (" + reason +
                "); trust it with --cacert"};
  case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
  case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
  case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
  case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
  case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    return {TransportError::tls_untrusted,
            "TLS: the server's certificate is not signed by a trusted CA (" + reason +
                "); name its CA with --cacert"};
  default:
    return {TransportError::tls_certificate,
            "TLS: the server's certificate was refused (" + reason + ")"};
  }
}

TlsFailure describe_server_alert(int alert, bool sent_client_certificate) {
  const std::string name = SSL_alert_desc_string_long(alert);
  switch (alert) {
  case k_alert_certificate_required:
    return {TransportError::tls_client_certificate,
            "TLS: the server requires a client certificate (give one with --cert and --key)"};
  case k_alert_bad_certificate:
  case k_alert_unsupported_certificate:
  case k_alert_certificate_revoked:
  case k_alert_certificate_expired:
  case k_alert_certificate_unknown:
  case k_alert_unknown_ca:
  case k_alert_access_denied:
    if (sent_client_certificate) {
      return {TransportError::tls_client_certificate,
              "TLS: the server refused the client certificate (alert: " + name + ")"};
    }
    return {TransportError::tls_client_certificate,
            "TLS: the server requires a client certificate (alert: " + name +
                "; give one with --cert and --key)"};
  default:
    return {TransportError::tls_handshake,
            "TLS handshake failed: the server sent alert '" + name + "'"};
  }
}

} // namespace concord::conformance
