#pragma once
// Test-time certificates (a CA, server and client certificates, made with the OpenSSL API by
// mock/tls.cpp) and a small CONNECT proxy on 127.0.0.1, for the HTTPS integration tests.

#include "mock/tls.hpp"

#include <arpa/inet.h>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace concord::testing {

inline mock::PemPair make_pair_or_throw(const mock::CertificateSpec& spec,
                                        const mock::PemPair* issuer = nullptr) {
  auto pair = mock::make_certificate(spec, issuer);
  if (!pair) {
    throw std::runtime_error(pair.error().to_string());
  }
  return *pair;
}

inline mock::CertificateSpec server_spec(std::vector<std::string> dns,
                                         std::vector<std::string> ips) {
  mock::CertificateSpec spec;
  spec.common_name = "test server";
  spec.dns_names = std::move(dns);
  spec.ip_addresses = std::move(ips);
  return spec;
}

// A private CA and certificates it signs, written as PEM files under a fresh directory.
class TestPki {
public:
  TestPki() {
    dir_ = std::filesystem::temp_directory_path() /
           ("concord-tls-test-" + std::to_string(getpid()) + "-" + std::to_string(++counter()));
    std::filesystem::create_directories(dir_);
    mock::CertificateSpec ca_spec;
    ca_spec.common_name = "Concord Test CA";
    ca_spec.is_ca = true;
    ca = make_pair_or_throw(ca_spec);
    server = make_pair_or_throw(server_spec({"localhost"}, {"127.0.0.1"}), &ca);
  }
  ~TestPki() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TestPki(const TestPki&) = delete;
  TestPki& operator=(const TestPki&) = delete;

  // Writes `text` to a file in the directory and returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    const auto path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  mock::PemPair ca;
  mock::PemPair server;

private:
  static int& counter() {
    static int value = 0;
    return value;
  }
  std::filesystem::path dir_;
};

// Accepts on 127.0.0.1 and hands each connection to `serve` on its own thread.
class LoopbackListener {
public:
  template <typename Serve> explicit LoopbackListener(Serve serve) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(fd_, 16) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this, serve] {
      while (!stop_) {
        pollfd ready{fd_, POLLIN, 0};
        if (::poll(&ready, 1, 50) <= 0) {
          continue;
        }
        const int client = ::accept(fd_, nullptr, nullptr);
        if (client < 0) {
          continue;
        }
        const std::lock_guard<std::mutex> lock(mutex_);
        clients_.push_back(client);
        workers_.emplace_back([this, serve, client] { serve(client, stop_); });
      }
    });
  }
  ~LoopbackListener() {
    stop_ = true;
    acceptor_.join();
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      for (const int client : clients_) {
        ::shutdown(client, SHUT_RDWR);
      }
    }
    for (auto& worker : workers_) {
      worker.join();
    }
    for (const int client : clients_) {
      ::close(client);
    }
    ::close(fd_);
  }
  LoopbackListener(const LoopbackListener&) = delete;
  LoopbackListener& operator=(const LoopbackListener&) = delete;

  [[nodiscard]] int port() const { return port_; }

private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<int> clients_;
  std::vector<std::thread> workers_;
};

inline int connect_loopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Copies bytes both ways until either side closes or the test ends.
inline void pump(int a, int b, const std::atomic<bool>& stop) {
  char buffer[16384];
  while (!stop) {
    pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    if (::poll(fds, 2, 50) <= 0) {
      continue;
    }
    for (int side = 0; side < 2; ++side) {
      if ((fds[side].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
        continue;
      }
      const auto n = ::recv(fds[side].fd, buffer, sizeof buffer, 0);
      if (n <= 0 ||
          ::send(fds[1 - side].fd, buffer, static_cast<std::size_t>(n), MSG_NOSIGNAL) != n) {
        return;
      }
    }
  }
}

// An HTTP CONNECT proxy: allows tunnels to 127.0.0.1 only, records what it was asked, and
// answers 403 to anything else.
class ConnectProxy {
public:
  ConnectProxy()
      : listener_([this](int client, const std::atomic<bool>& stop) { serve(client, stop); }) {}

  [[nodiscard]] int port() const { return listener_.port(); }
  [[nodiscard]] std::vector<std::string> requests() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

private:
  void serve(int client, const std::atomic<bool>& stop) {
    std::string head;
    char c = 0;
    while (head.find("\r\n\r\n") == std::string::npos && head.size() < 8192 &&
           ::recv(client, &c, 1, 0) == 1) {
      head += c;
    }
    const std::string line = head.substr(0, head.find("\r\n"));
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(line);
    }
    const std::string prefix = "CONNECT 127.0.0.1:";
    int upstream = -1;
    if (line.rfind(prefix, 0) == 0) {
      upstream = connect_loopback(std::stoi(line.substr(prefix.size())));
    }
    if (upstream < 0) {
      const std::string refusal = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";
      ::send(client, refusal.data(), refusal.size(), MSG_NOSIGNAL);
      return;
    }
    const std::string ok = "HTTP/1.1 200 Connection established\r\n\r\n";
    ::send(client, ok.data(), ok.size(), MSG_NOSIGNAL);
    pump(client, upstream, stop);
    ::close(upstream);
  }

  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
  LoopbackListener listener_;
};

} // namespace concord::testing
