#include "conformance/http_client.hpp"

#include "conformance/tls_errors.hpp"

#include <cctype>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <fcntl.h>
#include <httplib.h>
#include <mutex>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace concord::conformance {
namespace {

using Clock = std::chrono::steady_clock;

core::Result<int> parse_port(std::string_view text, std::string_view url) {
  int port = 0;
  if (text.empty() || text.size() > 5) {
    return core::fail(core::ErrorCode::usage, "invalid port in target URL: " + std::string(url));
  }
  for (const char c : text) {
    if (c < '0' || c > '9') {
      return core::fail(core::ErrorCode::usage, "invalid port in target URL: " + std::string(url));
    }
    port = port * 10 + (c - '0');
  }
  if (port <= 0 || port > 65535) {
    return core::fail(core::ErrorCode::usage, "invalid port in target URL: " + std::string(url));
  }
  return port;
}

} // namespace

const char* to_string(TransportError error) noexcept {
  switch (error) {
  case TransportError::none:
    return "none";
  case TransportError::connect:
    return "connect";
  case TransportError::timeout:
    return "timeout";
  case TransportError::too_large:
    return "too-large";
  case TransportError::read:
    return "read";
  case TransportError::write:
    return "write";
  case TransportError::proxy:
    return "proxy";
  case TransportError::tls_untrusted:
    return "tls-untrusted";
  case TransportError::tls_expired:
    return "tls-expired";
  case TransportError::tls_hostname:
    return "tls-hostname";
  case TransportError::tls_certificate:
    return "tls-certificate";
  case TransportError::tls_client_certificate:
    return "tls-client-certificate";
  case TransportError::tls_handshake:
    return "tls-handshake";
  case TransportError::tls_timeout:
    return "tls-timeout";
  case TransportError::other:
    return "other";
  }
  return "other";
}

std::string BaseUrl::origin() const {
  return scheme + "://" + host + ":" + std::to_string(port);
}

core::Result<BaseUrl> parse_base_url(std::string_view url) {
  BaseUrl out;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    return core::fail(core::ErrorCode::usage,
                      "target URL needs a scheme (http://host:port): " + std::string(url));
  }
  out.scheme = std::string(url.substr(0, scheme_end));
  for (auto& c : out.scheme) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (out.scheme != "http" && out.scheme != "https") {
    return core::fail(core::ErrorCode::usage,
                      "target URL must be http:// or https://: " + std::string(url));
  }
  out.port = out.scheme == "https" ? 443 : 80;
  std::string_view rest = url.substr(scheme_end + 3);
  const auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash);
  if (authority.empty() || authority.find('@') != std::string_view::npos) {
    return core::fail(core::ErrorCode::usage, "invalid host in target URL: " + std::string(url));
  }
  const auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    auto port = parse_port(authority.substr(colon + 1), url);
    if (!port) {
      return tl::unexpected(port.error());
    }
    out.port = *port;
    authority = authority.substr(0, colon);
  }
  out.host = std::string(authority);
  while (!path.empty() && path.back() == '/') {
    path.remove_suffix(1);
  }
  if (path.find_first_of("?#") != std::string_view::npos) {
    return core::fail(core::ErrorCode::usage,
                      "target URL must not carry a query or fragment: " + std::string(url));
  }
  out.path = std::string(path);
  return out;
}

namespace {

// What the TLS layer did on this client's connection, written by OpenSSL's info callback on
// the sending thread and read there after the exchange.
struct TlsTrace {
  bool handshake_started = false;
  bool handshake_done = false;
  int alert_received = -1;         // fatal alert description from the server, -1 = none
  bool connection_secured = false; // a handshake finished on the current connection

  void reset() {
    const bool secured = connection_secured;
    *this = TlsTrace{};
    connection_secured = secured;
  }
};

void on_tls_info(const SSL* ssl, int where, int ret) {
  auto* trace = static_cast<TlsTrace*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), 0));
  if (trace == nullptr) {
    return;
  }
  if ((where & SSL_CB_HANDSHAKE_START) != 0) {
    trace->handshake_started = true;
  }
  if ((where & SSL_CB_HANDSHAKE_DONE) != 0) {
    trace->handshake_done = true;
    trace->connection_secured = true;
  }
  if ((where & SSL_CB_ALERT) != 0 && (where & SSL_CB_READ) != 0 && (ret >> 8) == SSL3_AL_FATAL) {
    trace->alert_received = ret & 0xff;
  }
}

std::unique_ptr<httplib::ClientImpl> make_client(const BaseUrl& base, const TlsOptions& tls) {
  if (base.scheme != "https") {
    return std::make_unique<httplib::ClientImpl>(base.host, base.port);
  }
  auto client =
      std::make_unique<httplib::SSLClient>(base.host, base.port, tls.cert_file, tls.key_file);
  if (SSL_CTX* ctx = client->ssl_context(); ctx != nullptr) {
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  }
  if (!tls.ca_file.empty()) {
    client->set_ca_cert_path(tls.ca_file);
  }
  client->enable_server_certificate_verification(!tls.insecure);
  return client;
}

} // namespace

struct HttpClient::Impl {
  BaseUrl base;
  std::unique_ptr<httplib::ClientImpl> client;
  ClientOptions options;
  TlsTrace tls_trace;
  std::mutex mutex;
  std::condition_variable wake;
  std::optional<Clock::time_point> deadline;
  bool fired = false;
  bool stopping = false; // the watchdog is inside client->stop()
  bool quit = false;
  bool idle = true;     // the watchdog waits without a deadline: arm() must wake it
  int socket_copy = -1; // dup() of the connection's socket: the watchdog can always shut it
  int socket_seen = -1; // httplib's descriptor number socket_copy was taken from
  std::thread watchdog;

  Impl(const BaseUrl& url, const ClientOptions& opts)
      : base(url), client(make_client(url, opts.tls)), options(opts) {
    // OpenSSL writes with write(): a server that hangs up must not kill the run with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    const auto timeout = std::chrono::milliseconds(options.timeout_ms);
    client->set_connection_timeout(timeout);
    client->set_read_timeout(timeout);
    client->set_write_timeout(timeout);
    client->set_keep_alive(true);
    client->set_follow_location(false);
    client->set_tcp_nodelay(true);
    client->set_url_encode(false);
    client->set_socket_options([this](socket_t sock) { remember_socket(sock); });
    if (options.proxy) {
      client->set_proxy(options.proxy->host, options.proxy->port);
      if (!options.proxy->user.empty()) {
        client->set_proxy_basic_auth(options.proxy->user, options.proxy->password);
      }
    }
    if (base.scheme == "https") {
      if (SSL_CTX* ctx = static_cast<httplib::SSLClient&>(*client).ssl_context()) {
        SSL_CTX_set_ex_data(ctx, 0, &tls_trace);
        SSL_CTX_set_info_callback(ctx, on_tls_info);
      }
    }
    watchdog = std::thread([this] { watch(); });
  }

  ~Impl() {
    {
      const std::lock_guard<std::mutex> lock(mutex);
      quit = true;
    }
    wake.notify_all();
    watchdog.join();
    client.reset();
    if (socket_copy >= 0) {
      ::close(socket_copy);
    }
  }

  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  // Called by httplib on the sending thread for every new socket, before it connects.
  void remember_socket(socket_t sock) {
    const std::lock_guard<std::mutex> lock(mutex);
    if (socket_copy >= 0) {
      ::close(socket_copy);
    }
    socket_copy = ::fcntl(sock, F_DUPFD_CLOEXEC, 0);
    socket_seen = sock;
    tls_trace.connection_secured = false;
  }

  // After an exchange: drop the copy once httplib has closed its socket, so a closed
  // connection really closes.
  void forget_closed_socket() {
    const std::lock_guard<std::mutex> lock(mutex);
    if (socket_copy >= 0 && client->socket() != socket_seen) {
      ::close(socket_copy);
      socket_copy = -1;
      socket_seen = -1;
    }
  }

  void watch() {
    std::unique_lock<std::mutex> lock(mutex);
    while (!quit) {
      if (!deadline) {
        idle = true;
        wake.wait(lock);
        continue;
      }
      idle = false;
      const auto until = *deadline;
      wake.wait_until(lock, until);
      if (deadline && *deadline == until && Clock::now() >= until) {
        fired = true;
        deadline.reset();
        // Shutting the socket ends a blocked read, a proxy CONNECT or a TLS handshake at once
        // (httplib's stop() waits while a connection is being set up).
        if (socket_copy >= 0) {
          ::shutdown(socket_copy, SHUT_RDWR);
        }
        // stop() takes httplib's socket lock, which the sending thread holds while it calls
        // remember_socket(): never hold ours meanwhile.
        stopping = true;
        lock.unlock();
        client->stop();
        lock.lock();
        stopping = false;
        wake.notify_all();
      }
    }
  }

  // A watchdog already waiting for an earlier deadline wakes then, sees the new one and
  // waits again: only an idle watchdog is woken, so a busy client costs no thread switch per
  // exchange.
  void arm() {
    bool was_idle = false;
    {
      const std::lock_guard<std::mutex> lock(mutex);
      fired = false;
      deadline = Clock::now() + std::chrono::milliseconds(options.timeout_ms);
      was_idle = idle;
    }
    if (was_idle) {
      wake.notify_all();
    }
  }

  bool disarm() {
    std::unique_lock<std::mutex> lock(mutex);
    deadline.reset();
    wake.wait(lock, [this] { return !stopping; });
    return fired;
  }

  HttpResult send_once(const HttpRequest& request);
  void describe_failure(httplib::Error error, HttpResult& out) const;
  void describe_timeout(HttpResult& out) const;
};

void HttpClient::Impl::describe_timeout(HttpResult& out) const {
  const std::string limit = std::to_string(options.timeout_ms) + " ms";
  if (base.scheme == "https" && tls_trace.handshake_started && !tls_trace.handshake_done) {
    out.error = TransportError::tls_timeout;
    out.message = "TLS handshake with " + base.host + " did not finish within " + limit;
    return;
  }
  out.error = TransportError::timeout;
  out.message = "no complete answer within " + limit;
}

void HttpClient::Impl::describe_failure(httplib::Error error, HttpResult& out) const {
  out.message = httplib::to_string(error);
  const bool tls = base.scheme == "https";
  const std::string via = options.proxy ? " through the proxy " + options.proxy->url : "";
  if (tls && tls_trace.alert_received >= 0) {
    const auto failure =
        describe_server_alert(tls_trace.alert_received, !options.tls.cert_file.empty());
    out.error = failure.kind;
    out.message = failure.message;
    return;
  }
  const bool fresh_session = tls && tls_trace.handshake_done && options.tls.cert_file.empty();
  if (fresh_session && (error == httplib::Error::Write || error == httplib::Error::Read)) {
    // TLS 1.3 servers check the client certificate after the handshake; the refusal can
    // close the socket before its alert is read.
    out.error = TransportError::tls_client_certificate;
    out.message = "TLS: the server closed the connection right after the handshake; it most "
                  "likely requires a client certificate (give one with --cert and --key)";
    return;
  }
  switch (error) {
  case httplib::Error::Connection:
    out.error = options.proxy ? TransportError::proxy : TransportError::connect;
    out.message = options.proxy
                      ? "cannot connect to the proxy " + options.proxy->url
                      : "cannot connect to " + base.host + ":" + std::to_string(base.port) +
                            " (connection refused or "
                            "host unreachable)";
    break;
  case httplib::Error::ConnectionTimeout:
    out.error = TransportError::timeout;
    out.message = "connect timed out after " + std::to_string(options.timeout_ms) + " ms" + via;
    break;
  case httplib::Error::Read:
    out.error = TransportError::read;
    break;
  case httplib::Error::Write:
    out.error = TransportError::write;
    break;
  case httplib::Error::SSLServerVerification: {
    const auto& ssl = static_cast<const httplib::SSLClient&>(*client);
    const auto failure = describe_verify_result(ssl.get_openssl_verify_result(), base.host);
    out.error = failure.kind;
    out.message = failure.message;
    break;
  }
  case httplib::Error::SSLLoadingCerts:
    out.error = TransportError::tls_certificate;
    out.message = "TLS: the trusted CA certificates could not be loaded" +
                  (options.tls.ca_file.empty() ? std::string(" (system store)")
                                               : " from '" + options.tls.ca_file + "'");
    break;
  case httplib::Error::SSLConnection:
    if (tls_trace.handshake_started && !tls_trace.handshake_done &&
        out.duration_ms + 1 >= options.timeout_ms) {
      describe_timeout(out); // the handshake's own deadline ran out before the watchdog's
      break;
    }
    out.error = TransportError::tls_handshake;
    out.message = "TLS handshake with " + base.host + " failed" + via +
                  (options.proxy ? " (the proxy may have refused the CONNECT tunnel)"
                                 : " (not a TLS server, or no common protocol version/cipher)");
    break;
  default:
    out.error = TransportError::other;
    break;
  }
}

HttpResult HttpClient::Impl::send_once(const HttpRequest& request) {
  HttpResult out;
  httplib::Request req;
  req.method = request.method;
  req.path = request.target;
  if (options.proxy && base.scheme == "http") {
    req.path = base.origin() + request.target; // absolute-form, as proxies expect
  }
  for (const auto& [name, value] : request.headers) {
    req.headers.emplace(name, value);
  }
  if (request.body) {
    req.body = *request.body;
  }
  std::string body;
  bool too_large = false;
  const std::size_t cap = options.max_response_bytes;
  req.content_receiver = [&](const char* data, std::size_t length, std::uint64_t, std::uint64_t) {
    if (body.size() + length > cap) {
      too_large = true;
      return false;
    }
    body.append(data, length);
    return true;
  };
  const auto start = Clock::now();
  tls_trace.reset();
  ERR_clear_error();
  arm();
  auto result = client->send(req);
  const bool timed_out = disarm();
  ERR_clear_error();
  out.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  if (timed_out) {
    describe_timeout(out);
    client->stop();
  } else if (too_large) {
    out.error = TransportError::too_large;
    out.message = "response too large (more than " + std::to_string(cap) + " bytes)";
    client->stop();
  } else if (!result) {
    describe_failure(result.error(), out);
    client->stop();
  } else if (base.scheme == "https" && !tls_trace.connection_secured) {
    // An answer without a TLS session can only be the proxy's refusal of the CONNECT tunnel.
    out.error = TransportError::proxy;
    out.message = "the proxy " + (options.proxy ? options.proxy->url : std::string()) +
                  " refused the CONNECT tunnel to " + base.host + ":" + std::to_string(base.port) +
                  " (" + std::to_string(result->status) + ")";
    client->stop();
  } else {
    core::Response response;
    response.status = result->status;
    for (const auto& [name, value] : result->headers) {
      response.headers.emplace_back(name, value);
    }
    response.body = std::move(body);
    out.response = std::move(response);
  }
  forget_closed_socket();
  return out;
}

HttpClient::HttpClient(const BaseUrl& base, const ClientOptions& options)
    : impl_(std::make_unique<Impl>(base, options)) {}

HttpClient::~HttpClient() = default;

HttpResult HttpClient::send(const HttpRequest& request) {
  HttpResult result;
  double total_ms = 0;
  for (int attempt = 0; attempt <= impl_->options.retries; ++attempt) {
    result = impl_->send_once(request);
    total_ms += result.duration_ms;
    result.attempts = attempt + 1;
    const bool retryable = result.error == TransportError::connect ||
                           result.error == TransportError::read ||
                           result.error == TransportError::write;
    if (!retryable) {
      break;
    }
  }
  if (result.attempts > 1) {
    result.duration_ms = total_ms;
  }
  return result;
}

} // namespace concord::conformance
