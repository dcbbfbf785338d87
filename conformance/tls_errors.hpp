#pragma once

#include "conformance/http_client.hpp"

#include <string>
#include <string_view>

namespace concord::conformance {

// A TLS refusal named for the user: which check failed and what to do about it.
struct TlsFailure {
  TransportError kind = TransportError::tls_handshake;
  std::string message;
};

// The certificate check that failed, from OpenSSL's verify result (X509_V_ERR_*); 0 (X509_V_OK)
// after a failed verification means the certificate was trusted but does not name `host`.
[[nodiscard]] TlsFailure describe_verify_result(long verify_result, std::string_view host);

// A TLS alert the server sent (RFC 8446 §6), named; alerts about the client's certificate
// (certificate_required, bad_certificate, unknown_ca, ...) become tls_client_certificate.
[[nodiscard]] TlsFailure describe_server_alert(int alert, bool sent_client_certificate);

} // namespace concord::conformance
