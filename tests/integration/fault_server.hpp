#pragma once
// Small servers that implement fixtures/conformance/faults.yaml with one fault switched on:
// the runner's and the proxy's tests point at them, and each fault must be caught.

#include <atomic>
#include <chrono>
#include <httplib.h>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>

namespace concord::testing {

using nlohmann::json;

enum class Fault {
  none,
  undocumented_status,
  schema_break,
  wrong_content_type,
  broken_state,
  missing_field,
  slow,
  hang,
  malformed_json,
  credentials_ignored,
  too_large,
  redirect,
  never_answers,
  closes_mid_body,
  huge_answer,
  html_as_json,
};

// Serves a test's httplib::Server on 127.0.0.1, port 0, on its own thread, until destroyed
// (stop, then join). A test server registers its routes, then starts one of these as its last
// member, so that it stops before the state its routes use is gone.
class ServerThread {
public:
  explicit ServerThread(httplib::Server& server)
      : server_(server), port_(server.bind_to_any_port("127.0.0.1")),
        thread_([this] { server_.listen_after_bind(); }) {
    while (!server_.is_running()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  ~ServerThread() {
    server_.stop();
    thread_.join();
  }
  ServerThread(const ServerThread&) = delete;
  ServerThread& operator=(const ServerThread&) = delete;

  [[nodiscard]] int port() const { return port_; }

private:
  httplib::Server& server_;
  int port_;
  std::thread thread_;
};

// A tiny implementation of fixtures/conformance/faults.yaml with one fault switched on.
class FaultServer {
public:
  explicit FaultServer(Fault fault) : fault_(fault) {
    server_.Get(R"(/items/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      handle_get(req.matches[1], res);
    });
    server_.Post(R"(/items/([^/]+)/resume)",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   handle_resume(req, req.matches[1], res);
                 });
    server_.Post("/__state", [this](const httplib::Request& req, httplib::Response& res) {
      handle_state(req, res);
    });
    running_.emplace(server_);
  }

  ~FaultServer() { stopping_ = true; } // before running_ stops: ends the hanging handlers

  FaultServer(const FaultServer&) = delete;
  FaultServer& operator=(const FaultServer&) = delete;

  [[nodiscard]] int port() const { return running_->port(); }
  // Requests that reached the server (the proxy's tests check what it did not forward).
  [[nodiscard]] int requests() const { return requests_.load(); }

private:
  void handle_get(const std::string& id, httplib::Response& res) {
    ++requests_;
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (states_.count(id) == 0) {
        res.status = 404;
        res.set_content(R"({"message":"no such item"})", "application/json");
        return;
      }
    }
    json body = {{"id", id}, {"name", "first"}, {"count", 1}};
    res.status = 200;
    switch (fault_) {
    case Fault::undocumented_status:
      res.status = 418;
      break;
    case Fault::schema_break:
      body["count"] = "one";
      break;
    case Fault::missing_field:
      body.erase("name");
      break;
    case Fault::slow:
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      break;
    case Fault::wrong_content_type:
      res.set_content(body.dump(), "text/plain");
      return;
    case Fault::malformed_json:
      res.set_content(R"({"id": "item-1", "name": )", "application/json");
      return;
    case Fault::too_large:
      body["name"] = std::string(2 * 1024 * 1024, 'x');
      break;
    case Fault::redirect: // to the same URL: a client that follows redirects would loop
      res.status = 302;
      res.set_header("Location", "/items/" + id);
      return;
    case Fault::never_answers:
      while (!stopping_) { // holds the connection open and says nothing
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      return;
    case Fault::closes_mid_body:
      res.set_content_provider(
          1000, "application/json", [](std::size_t offset, std::size_t, httplib::DataSink& sink) {
            if (offset == 0) {
              sink.write(R"({"id":"item-1",)", 15);
            }
            return false; // 15 of the promised 1000 bytes, then the connection closes
          });
      return;
    case Fault::huge_answer:
      res.set_chunked_content_provider(
          "application/json", [this](std::size_t offset, httplib::DataSink& sink) {
            static const std::string block(64 * 1024, ' ');
            if (stopping_ || offset >= std::size_t{100} * 1024 * 1024) {
              sink.done(); // 100 MiB of whitespace, unless the client stops reading first
              return true;
            }
            return sink.write(block.data(), block.size());
          });
      return;
    case Fault::html_as_json:
      res.set_content("<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>",
                      "application/json");
      return;
    case Fault::hang:
      res.set_chunked_content_provider(
          "application/json", [this](std::size_t offset, httplib::DataSink& sink) {
            if (stopping_ || offset > 40) {
              sink.done();
              return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            return sink.write(" ", 1); // one byte at a time, never a complete answer in time
          });
      return;
    default:
      break;
    }
    res.set_content(body.dump(), "application/json");
  }

  void handle_resume(const httplib::Request& req, const std::string& id, httplib::Response& res) {
    ++requests_;
    const bool authorised = req.get_header_value("Authorization") == "Bearer test-token";
    if (!authorised && fault_ != Fault::credentials_ignored) {
      res.status = 401;
      res.set_content(R"({"message":"credentials required"})", "application/json");
      return;
    }
    const std::lock_guard<std::mutex> lock(mutex_);
    auto& state = states_[id];
    if (state != "paused" && fault_ != Fault::broken_state) {
      res.status = 409;
      res.set_content(R"({"message":"not paused"})", "application/json");
      return;
    }
    state = "running";
    res.set_content(R"({"state":"running"})", "application/json");
  }

  void handle_state(const httplib::Request& req, httplib::Response& res) {
    const auto body = json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("params")) {
      res.status = 400;
      return;
    }
    const auto& params = body["params"];
    const std::string id = params["key"].value("id", "");
    const std::lock_guard<std::mutex> lock(mutex_);
    states_[id] = body.value("action", "") == "setup" ? params.value("state", "paused") : "paused";
    res.set_content("{}", "application/json");
  }

  Fault fault_;
  httplib::Server server_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> requests_{0};
  std::mutex mutex_;
  std::map<std::string, std::string> states_{{"item-1", "paused"}, {"item-2", "paused"}};
  std::optional<ServerThread> running_; // last: stops first
};

// The checks that failed in a results document.
inline std::set<std::string> find_failed_checks(const json& results) {
  std::set<std::string> checks;
  for (const auto& item : results["cases"]) {
    for (const auto& failure : item["failures"]) {
      checks.insert(failure["check"].get<std::string>());
    }
  }
  return checks;
}

// The cases and their failures, for assertion messages.
inline std::string describe(const json& results) {
  std::string out;
  for (const auto& item : results["cases"]) {
    out += item["outcome"].get<std::string>() + " " + item["id"].get<std::string>() + "\n";
    for (const auto& failure : item["failures"]) {
      out += "   " + failure["check"].get<std::string>() + ": " +
             failure["message"].get<std::string>() + " expected " + failure["expected"].dump() +
             " actual " + failure["actual"].dump() + "\n";
    }
    if (item["reason"].is_string()) {
      out += "   reason: " + item["reason"].get<std::string>() + "\n";
    }
  }
  return out;
}

} // namespace concord::testing
