#pragma once
// Starts the real mock server in-process on 127.0.0.1, port 0, for integration tests.

#include "mock/server.hpp"

#include <chrono>
#include <gtest/gtest.h>
#include <httplib.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>

namespace concord::mock::testing {

inline std::string source_path(const std::string& relative) {
  return std::string(CONCORD_SOURCE_DIR) + "/" + relative;
}

class RunningMock {
public:
  explicit RunningMock(const MockOptions& options) {
    auto server = MockServer::create(options);
    if (!server) {
      throw std::runtime_error(server.error().to_string());
    }
    server_ = std::move(*server);
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
