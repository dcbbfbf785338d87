#include "conformance/http_client.hpp"

#include <chrono>
#include <condition_variable>
#include <httplib.h>
#include <mutex>
#include <thread>

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
  if (out.scheme != "http") {
    return core::fail(core::ErrorCode::usage,
                      "only http:// targets are supported by this build: " + std::string(url));
  }
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

struct HttpClient::Impl {
  httplib::Client client;
  ClientOptions options;
  std::mutex mutex;
  std::condition_variable wake;
  std::optional<Clock::time_point> deadline;
  bool fired = false;
  bool quit = false;
  std::thread watchdog;

  Impl(const BaseUrl& base, const ClientOptions& opts)
      : client(base.host, base.port), options(opts) {
    const auto timeout = std::chrono::milliseconds(options.timeout_ms);
    client.set_connection_timeout(timeout);
    client.set_read_timeout(timeout);
    client.set_write_timeout(timeout);
    client.set_keep_alive(true);
    client.set_follow_location(false);
    client.set_tcp_nodelay(true);
    client.set_url_encode(false);
    watchdog = std::thread([this] { watch(); });
  }

  ~Impl() {
    {
      const std::lock_guard<std::mutex> lock(mutex);
      quit = true;
    }
    wake.notify_all();
    watchdog.join();
  }

  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  void watch() {
    std::unique_lock<std::mutex> lock(mutex);
    while (!quit) {
      if (!deadline) {
        wake.wait(lock);
        continue;
      }
      const auto until = *deadline;
      wake.wait_until(lock, until);
      if (deadline && *deadline == until && Clock::now() >= until) {
        fired = true;
        deadline.reset();
        client.stop(); // shuts the socket: the blocked read returns at once
      }
    }
  }

  void arm() {
    {
      const std::lock_guard<std::mutex> lock(mutex);
      fired = false;
      deadline = Clock::now() + std::chrono::milliseconds(options.timeout_ms);
    }
    wake.notify_all();
  }

  bool disarm() {
    const std::lock_guard<std::mutex> lock(mutex);
    deadline.reset();
    return fired;
  }

  HttpResult send_once(const HttpRequest& request);
};

HttpResult HttpClient::Impl::send_once(const HttpRequest& request) {
  HttpResult out;
  httplib::Request req;
  req.method = request.method;
  req.path = request.target;
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
  arm();
  auto result = client.send(req);
  const bool timed_out = disarm();
  out.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  if (timed_out) {
    out.error = TransportError::timeout;
    out.message = "no complete answer within " + std::to_string(options.timeout_ms) + " ms";
    client.stop();
    return out;
  }
  if (too_large) {
    out.error = TransportError::too_large;
    out.message = "response too large (more than " + std::to_string(cap) + " bytes)";
    client.stop();
    return out;
  }
  if (!result) {
    const auto error = result.error();
    out.message = httplib::to_string(error);
    switch (error) {
    case httplib::Error::Connection:
      out.error = TransportError::connect;
      break;
    case httplib::Error::ConnectionTimeout:
      out.error = TransportError::timeout;
      out.message = "connect timed out after " + std::to_string(options.timeout_ms) + " ms";
      break;
    case httplib::Error::Read:
      out.error = TransportError::read;
      break;
    case httplib::Error::Write:
      out.error = TransportError::write;
      break;
    default:
      out.error = TransportError::other;
      break;
    }
    client.stop();
    return out;
  }
  core::Response response;
  response.status = result->status;
  for (const auto& [name, value] : result->headers) {
    response.headers.emplace_back(name, value);
  }
  response.body = std::move(body);
  out.response = std::move(response);
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
