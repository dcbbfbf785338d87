// The runner against small servers that are wrong on purpose, one fault each: every fault
// must be reported by exactly the expected check(s), and the correct server by none.
#include "conformance/verify.hpp"

#include <atomic>
#include <chrono>
#include <gtest/gtest.h>
#include <httplib.h>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace concord::conformance {
namespace {

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
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  ~FaultServer() {
    stopping_ = true;
    server_.stop();
    thread_.join();
  }

  FaultServer(const FaultServer&) = delete;
  FaultServer& operator=(const FaultServer&) = delete;

  [[nodiscard]] int port() const { return port_; }

private:
  void handle_get(const std::string& id, httplib::Response& res) {
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
  std::thread thread_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::map<std::string, std::string> states_{{"item-1", "paused"}, {"item-2", "paused"}};
};

VerifyConfig make_config(int port) {
  VerifyConfig config;
  config.specs = {std::string(CONCORD_SOURCE_DIR) + "/fixtures/conformance/faults.yaml"};
  config.fixtures = std::string(CONCORD_SOURCE_DIR) + "/fixtures/conformance/faults_scenarios";
  config.target = "http://127.0.0.1:" + std::to_string(port);
  config.state_url = config.target + "/__state";
  config.token = "test-token";
  config.jobs = 1;
  config.timeout_ms = 1000;
  config.max_response_ms = 200;
  config.max_response_bytes = std::size_t{1024} * 1024;
  return config;
}

std::set<std::string> find_failed_checks(const json& results) {
  std::set<std::string> checks;
  for (const auto& item : results["cases"]) {
    for (const auto& failure : item["failures"]) {
      checks.insert(failure["check"].get<std::string>());
    }
  }
  return checks;
}

std::string describe(const json& results) {
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

TEST(VerifyFaults, CorrectServerPassesEveryCase) {
  FaultServer server(Fault::none);
  auto results = run_conformance(make_config(server.port()));
  ASSERT_TRUE(results) << results.error().to_string();
  EXPECT_EQ((*results)["verdict"], "passed") << describe(*results);
  EXPECT_EQ((*results)["summary"]["skipped"], 0) << describe(*results);
  EXPECT_TRUE(find_failed_checks(*results).empty()) << describe(*results);
  EXPECT_EQ((*results)["coverage"]["percent"], 100.0) << (*results)["coverage"].dump();
  EXPECT_EQ(results->dump().find("test-token"), std::string::npos); // redacted everywhere
}

struct FaultCase {
  Fault fault;
  const char* name;
  std::set<std::string> expected;
};

class VerifyFault : public ::testing::TestWithParam<FaultCase> {};

TEST_P(VerifyFault, IsReportedByExactlyTheExpectedChecks) {
  const auto& param = GetParam();
  FaultServer server(param.fault);
  const auto started = std::chrono::steady_clock::now();
  auto results = run_conformance(make_config(server.port()));
  ASSERT_TRUE(results) << results.error().to_string();
  EXPECT_EQ((*results)["verdict"], "failed") << describe(*results);
  EXPECT_EQ(find_failed_checks(*results), param.expected) << describe(*results);
  // One bad answer fails (or errors) its own case and the run goes on: every case is there,
  // and the only ones not run are the later steps of a scenario whose step failed.
  EXPECT_EQ((*results)["summary"]["total"], 8) << describe(*results);
  for (const auto& item : (*results)["cases"]) {
    if (item["outcome"] == "skipped") {
      EXPECT_EQ(item.value("reason", ""), "not run: an earlier step of the scenario failed")
          << describe(*results);
    }
  }
  // A hang guard, not a speed check: the slow-server cases must end near --timeout-ms.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(60));
}

INSTANTIATE_TEST_SUITE_P(
    Faults, VerifyFault,
    ::testing::Values(
        FaultCase{
            Fault::undocumented_status, "UndocumentedStatus", {"status", "status-documented"}},
        FaultCase{Fault::schema_break, "SchemaBreak", {"schema", "example"}},
        FaultCase{Fault::wrong_content_type, "WrongContentType", {"content-type"}},
        FaultCase{Fault::broken_state, "BrokenStateRule", {"status"}},
        FaultCase{Fault::missing_field, "MissingRequiredField", {"schema", "example"}},
        FaultCase{Fault::slow, "SlowAnswer", {"response-time"}},
        FaultCase{Fault::hang, "BeyondTimeout", {"network"}},
        FaultCase{Fault::malformed_json, "MalformedJson", {"json"}},
        FaultCase{Fault::credentials_ignored, "CredentialsIgnored", {"status"}},
        FaultCase{Fault::too_large, "TooLarge", {"size"}},
        FaultCase{Fault::redirect, "RedirectToItself", {"status", "status-documented"}},
        FaultCase{Fault::never_answers, "NeverAnswers", {"network"}},
        FaultCase{Fault::closes_mid_body, "ClosesMidBody", {"network"}},
        FaultCase{Fault::huge_answer, "HundredMegabyteAnswer", {"size"}},
        FaultCase{Fault::html_as_json, "HtmlSentAsJson", {"json"}}),
    [](const ::testing::TestParamInfo<FaultCase>& param_info) {
      return std::string(param_info.param.name);
    });

} // namespace
} // namespace concord::conformance
