#pragma once

#include "core/http_types.hpp"
#include "core/result.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace concord::conformance {

// "http://127.0.0.1:4010/base" split up. Only plain HTTP is supported by this build.
struct BaseUrl {
  std::string scheme = "http";
  std::string host;
  int port = 80;
  std::string path;                         // "" or "/base" (no trailing slash)
  [[nodiscard]] std::string origin() const; // "http://host:port"
};
[[nodiscard]] core::Result<BaseUrl> parse_base_url(std::string_view url);

struct ClientOptions {
  int timeout_ms = 5000; // whole exchange, connect included
  std::size_t max_response_bytes = std::size_t{10} * 1024 * 1024;
  int retries = 0; // network errors only
};

enum class TransportError { none, connect, timeout, too_large, read, write, other };
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

// One keep-alive connection to the target (one per worker thread; not thread-safe).
// Redirects are never followed: a 3xx is an answer like any other. A watchdog enforces the
// overall deadline, so a server that trickles one byte a second still times out.
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
