#include "mock/tls.hpp"

#include <fstream>
#include <memory>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sstream>

namespace concord::mock {
namespace {

template <typename T, void (*Free)(T*)> struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using KeyContext = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using Number = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using Extension = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;

core::Error openssl_error(const std::string& what, const std::string& location = "") {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  const char* reason = code != 0 ? ERR_reason_error_string(code) : nullptr;
  return core::Error{core::ErrorCode::usage,
                     what + (reason != nullptr ? std::string(" (") + reason + ")" : ""), location};
}

Bio to_bio(const std::string& pem) {
  return Bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

std::string from_bio(BIO& bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(&bio, &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

Cert read_certificate(const std::string& pem) {
  auto bio = to_bio(pem);
  return Cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

Key read_key(const std::string& pem) {
  auto bio = to_bio(pem);
  return Key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

Key make_key() {
  KeyContext context(EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!context || EVP_PKEY_keygen_init(context.get()) != 1 ||
      EVP_PKEY_CTX_set_ec_paramgen_curve_nid(context.get(), NID_X9_62_prime256v1) != 1 ||
      EVP_PKEY_keygen(context.get(), &raw) != 1) {
    return nullptr;
  }
  return Key(raw);
}

bool add_extension(X509& cert, X509& issuer, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, &issuer, &cert, nullptr, nullptr, 0);
  Extension extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
  return extension && X509_add_ext(&cert, extension.get(), -1) == 1;
}

std::string alt_names(const CertificateSpec& spec) {
  std::string out;
  for (const auto& name : spec.dns_names) {
    out += (out.empty() ? "DNS:" : ",DNS:") + name;
  }
  for (const auto& address : spec.ip_addresses) {
    out += (out.empty() ? "IP:" : ",IP:") + address;
  }
  return out;
}

bool set_serial(X509& cert) {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    return false;
  }
  bytes[0] &= 0x7f; // positive
  Number number(BN_bin2bn(bytes, sizeof bytes, nullptr));
  return number && BN_to_ASN1_INTEGER(number.get(), X509_get_serialNumber(&cert)) != nullptr;
}

bool add_extensions(X509& cert, X509& issuer, const CertificateSpec& spec) {
  bool ok = add_extension(cert, issuer, NID_basic_constraints,
                          spec.is_ca ? "critical,CA:TRUE" : "critical,CA:FALSE") &&
            add_extension(cert, issuer, NID_subject_key_identifier, "hash") &&
            add_extension(cert, issuer, NID_authority_key_identifier, "keyid:always");
  if (spec.is_ca) {
    return ok && add_extension(cert, issuer, NID_key_usage, "critical,keyCertSign,cRLSign");
  }
  ok = ok && add_extension(cert, issuer, NID_key_usage, "critical,digitalSignature") &&
       add_extension(cert, issuer, NID_ext_key_usage,
                     spec.client_auth ? "clientAuth" : "serverAuth");
  const std::string names = alt_names(spec);
  return ok && (names.empty() || add_extension(cert, issuer, NID_subject_alt_name, names));
}

std::string to_pem(X509& cert) {
  Bio bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), &cert);
  return from_bio(*bio);
}

std::string to_pem(EVP_PKEY& key) {
  Bio bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), &key, nullptr, nullptr, 0, nullptr, nullptr);
  return from_bio(*bio);
}

core::Result<std::string> read_text_file(const std::string& path, const char* flag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return core::fail(core::ErrorCode::io_read, std::string(flag) + ": cannot read '" + path + "'",
                      path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace

core::Result<PemPair> make_certificate(const CertificateSpec& spec, const PemPair* issuer) {
  Key key = make_key();
  Cert cert(X509_new());
  if (!key || !cert) {
    return tl::unexpected(openssl_error("cannot make a key"));
  }
  Cert issuer_cert = issuer != nullptr ? read_certificate(issuer->certificate) : nullptr;
  Key issuer_key = issuer != nullptr ? read_key(issuer->private_key) : nullptr;
  if (issuer != nullptr && (!issuer_cert || !issuer_key)) {
    return tl::unexpected(openssl_error("cannot read the issuer's certificate or key"));
  }
  X509_NAME* name = X509_get_subject_name(cert.get());
  const auto* cn = reinterpret_cast<const unsigned char*>(spec.common_name.c_str());
  const bool ok =
      X509_set_version(cert.get(), 2) == 1 && set_serial(*cert) &&
      X509_gmtime_adj(X509_getm_notBefore(cert.get()), spec.valid_from_s) != nullptr &&
      X509_gmtime_adj(X509_getm_notAfter(cert.get()), spec.valid_until_s) != nullptr &&
      X509_set_pubkey(cert.get(), key.get()) == 1 &&
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, cn, -1, -1, 0) == 1 &&
      X509_set_issuer_name(cert.get(),
                           issuer_cert ? X509_get_subject_name(issuer_cert.get()) : name) == 1 &&
      add_extensions(*cert, issuer_cert ? *issuer_cert : *cert, spec) &&
      X509_sign(cert.get(), issuer_key ? issuer_key.get() : key.get(), EVP_sha256()) > 0;
  if (!ok) {
    return tl::unexpected(openssl_error("cannot make the certificate"));
  }
  return PemPair{to_pem(*cert), to_pem(*key)};
}

core::Result<PemPair> make_self_signed_localhost() {
  CertificateSpec spec;
  spec.common_name = "concord mock (self-signed, localhost)";
  spec.dns_names = {"localhost"};
  spec.ip_addresses = {"127.0.0.1", "::1"};
  return make_certificate(spec);
}

core::Result<std::string> to_sha256_fingerprint(const std::string& certificate_pem) {
  Cert cert = read_certificate(certificate_pem);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!cert || X509_digest(cert.get(), EVP_sha256(), digest, &length) != 1) {
    return tl::unexpected(openssl_error("cannot read the certificate"));
  }
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned int index = 0; index < length; ++index) {
    out += index == 0 ? "" : ":";
    out += k_hex[digest[index] >> 4];
    out += k_hex[digest[index] & 0x0f];
  }
  return out;
}

core::Result<TlsMaterial> load_tls_material(const std::string& cert_file,
                                            const std::string& key_file,
                                            const std::string& client_ca_file) {
  TlsMaterial material;
  auto cert = read_text_file(cert_file, "--tls-cert");
  auto key = cert ? read_text_file(key_file, "--tls-key") : cert;
  if (!key) {
    return tl::unexpected(key.error());
  }
  material.server = PemPair{std::move(*cert), std::move(*key)};
  Cert parsed_cert = read_certificate(material.server.certificate);
  if (!parsed_cert) {
    return tl::unexpected(
        openssl_error("--tls-cert: '" + cert_file + "' holds no PEM certificate", cert_file));
  }
  Key parsed_key = read_key(material.server.private_key);
  if (!parsed_key) {
    return tl::unexpected(openssl_error(
        "--tls-key: '" + key_file + "' holds no unencrypted PEM private key", key_file));
  }
  if (X509_check_private_key(parsed_cert.get(), parsed_key.get()) != 1) {
    ERR_clear_error();
    return core::fail(core::ErrorCode::usage,
                      "--tls-key: '" + key_file + "' is not the key of the certificate in '" +
                          cert_file + "'",
                      key_file);
  }
  if (!client_ca_file.empty()) {
    auto ca = load_client_ca(client_ca_file);
    if (!ca) {
      return tl::unexpected(ca.error());
    }
    material.client_ca = std::move(*ca);
  }
  return material;
}

core::Result<std::string> load_client_ca(const std::string& file) {
  auto ca = read_text_file(file, "--tls-client-ca");
  if (!ca) {
    return tl::unexpected(ca.error());
  }
  if (!read_certificate(*ca)) {
    return tl::unexpected(
        openssl_error("--tls-client-ca: '" + file + "' holds no PEM certificate", file));
  }
  return ca;
}

core::Result<void> configure_server_context(SSL_CTX& ctx, const TlsMaterial& material) {
  SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(&ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  auto chain = to_bio(material.server.certificate);
  Cert leaf(PEM_read_bio_X509(chain.get(), nullptr, nullptr, nullptr));
  Key key = read_key(material.server.private_key);
  if (!leaf || !key || SSL_CTX_use_certificate(&ctx, leaf.get()) != 1 ||
      SSL_CTX_use_PrivateKey(&ctx, key.get()) != 1) {
    return tl::unexpected(openssl_error("cannot use the server certificate and key"));
  }
  while (X509* extra = PEM_read_bio_X509(chain.get(), nullptr, nullptr, nullptr)) {
    if (SSL_CTX_add_extra_chain_cert(&ctx, extra) != 1) { // takes ownership on success
      X509_free(extra);
      return tl::unexpected(openssl_error("cannot use the certificate chain"));
    }
  }
  ERR_clear_error();
  if (material.client_ca.empty()) {
    return {};
  }
  X509_STORE* store = SSL_CTX_get_cert_store(&ctx);
  auto cas = to_bio(material.client_ca);
  while (X509* ca = PEM_read_bio_X509(cas.get(), nullptr, nullptr, nullptr)) {
    X509_STORE_add_cert(store, ca);
    X509_free(ca);
  }
  ERR_clear_error();
  SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  return {};
}

} // namespace concord::mock
