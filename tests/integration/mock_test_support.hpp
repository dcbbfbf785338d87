#pragma once
// Starts the real mock server in-process on 127.0.0.1, port 0, for integration tests.

#include "mock/server.hpp"

#include <arpa/inet.h>
#include <cctype>
#include <chrono>
#include <gtest/gtest.h>
#include <httplib.h>
#include <memory>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace concord::mock::testing {

inline std::string source_path(const std::string& relative) {
  return std::string(CONCORD_SOURCE_DIR) + "/" + relative;
}

// Test names for suites run on both transports.
inline std::string transport_name(const ::testing::TestParamInfo<MockServer::Transport>& info) {
  return info.param == MockServer::Transport::plain ? "plain" : "cpp_httplib";
}

class RunningMock {
public:
  // `handler`: what answers instead of the engine (the proxy's tests), set before it runs.
  explicit RunningMock(const MockOptions& options,
                       const std::optional<TlsMaterial>& tls = std::nullopt,
                       MockServer::Handler handler = nullptr,
                       MockServer::Transport transport = MockServer::Transport::cpp_httplib,
                       MockServer::AsyncHandler async_handler = nullptr) {
    auto server = MockServer::create(options, tls, transport);
    if (!server) {
      throw std::runtime_error(server.error().to_string());
    }
    server_ = std::move(*server);
    if (handler) {
      server_->set_handler(std::move(handler));
    }
    if (async_handler) {
      server_->set_async_handler(std::move(async_handler));
    }
    auto port = server_->bind("127.0.0.1", 0);
    if (!port) {
      throw std::runtime_error(port.error().to_string());
    }
    port_ = *port;
    thread_ = std::thread([this] { server_->run(); });
    for (int i = 0; i < 500 && !server_->is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  ~RunningMock() {
    server_->stop();
    thread_.join();
  }
  RunningMock(const RunningMock&) = delete;
  RunningMock& operator=(const RunningMock&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] MockServer& server() { return *server_; }
  [[nodiscard]] httplib::Client client() const {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(5, 0);
    return client;
  }

private:
  std::unique_ptr<MockServer> server_;
  int port_ = 0;
  std::thread thread_;
};

// A plain TCP connection to the mock, for requests httplib's client would not send.
class RawConnection {
public:
  explicit RawConnection(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    if (fd_ < 0) {
      throw std::runtime_error("socket() failed");
    }
    timeval guard{20, 0}; // hang guard: no single read or write waits longer
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &guard, sizeof guard);
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &guard, sizeof guard);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      close(fd_);
      throw std::runtime_error("connect() failed");
    }
  }
  ~RawConnection() { close(fd_); }
  [[nodiscard]] int fd() const { return fd_; }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Sends all of `data`; false once the peer has stopped reading or closed.
  bool send_all(std::string_view data) {
    while (!data.empty()) {
      const auto sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (sent <= 0) {
        return false;
      }
      data.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
  }

  // Reads one answer: the head, then Content-Length bytes of body (or up to the close).
  std::string read_answer() {
    std::string text;
    char buffer[16384];
    std::size_t wanted = std::string::npos;
    while (text.size() < wanted) {
      const auto got = ::recv(fd_, buffer, sizeof buffer, 0);
      if (got <= 0) {
        break;
      }
      text.append(buffer, static_cast<std::size_t>(got));
      const auto head_end = text.find("\r\n\r\n");
      if (wanted == std::string::npos && head_end != std::string::npos) {
        const auto length_at = lower(text.substr(0, head_end)).find("content-length:");
        if (length_at != std::string::npos) {
          wanted = head_end + 4 + std::stoul(text.substr(length_at + 15));
        }
      }
    }
    return text;
  }

private:
  static std::string lower(std::string text) {
    for (char& c : text) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
  }
  int fd_;
};

inline MockOptions petstore_options() {
  MockOptions options;
  options.specs = {source_path("fixtures/mock/petstore.yaml")};
  options.stateless = true;
  options.threads = 16;
  return options;
}

inline nlohmann::json body_of(const httplib::Result& result) {
  return nlohmann::json::parse(result->body, nullptr, false);
}

} // namespace concord::mock::testing
