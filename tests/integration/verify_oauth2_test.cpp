// Credentials as real APIs want them: one per security scheme (--auth, CONCORD_AUTH_*), an
// OAuth2 client-credentials token fetched once, refreshed on expiry, refused secrets stopping
// the run before any case; and no secret in any report or on the console.
#include "conformance/console.hpp"
#include "conformance/oauth2.hpp"
#include "conformance/runner.hpp"
#include "conformance/verify.hpp"
#include "fault_server.hpp"
#include "mock_test_support.hpp"
#include "reports/report.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <httplib.h>
#include <map>
#include <optional>
#include <sstream>
#include <thread>

namespace concord::testing {
namespace {

using mock::testing::source_path;
using nlohmann::json;

constexpr const char* k_client_id = "concord-ci";
constexpr const char* k_client_secret = "s3cret-client-Pa55";
constexpr const char* k_api_key = "apikey-9f8e7d6c5b4a";
constexpr const char* k_basic = "KEY-ID:basic-secret-771";

// The API and its token endpoint. Every answer echoes the credentials it was sent, so a
// report that kept them would show them; /account answers 500 so its exchange is reported.
class ApiServer {
public:
  ApiServer() {
    server_.Post("/oauth/token", [this](const httplib::Request& req, httplib::Response& res) {
      ++token_requests;
      const std::string expected =
          "Basic " + conformance::to_base64(std::string(k_client_id) + ":" + k_client_secret);
      if (req.get_header_value("Authorization") != expected ||
          req.body.find("grant_type=client_credentials") == std::string::npos) {
        res.status = 401;
        res.set_content(R"({"error":"invalid_client","error_description":"unknown client"})",
                        "application/json");
        return;
      }
      last_scope = req.body;
      const std::string token = "tok-" + std::to_string(token_requests.load()) + "-ZXCVBNM";
      res.set_content(
          json{{"access_token", token}, {"token_type", "Bearer"}, {"expires_in", 3600}}.dump(),
          "application/json");
    });
    const auto echo = [this](const httplib::Request& req, httplib::Response& res) {
      ++api_requests;
      json seen = {{"authorization", req.get_header_value("Authorization")},
                   {"apiKey", req.get_header_value("X-Api-Key")}};
      res.status = req.path == "/account" ? 500 : 200;
      res.set_content(seen.dump(), "application/json");
      const std::lock_guard<std::mutex> lock(mutex_);
      sent[req.path] = seen;
    };
    server_.Get("/reports", echo);
    server_.Get("/keys", echo);
    server_.Get("/account", echo);
    running_.emplace(server_);
  }
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  [[nodiscard]] int port() const { return running_->port(); }
  json sent_to(const std::string& path) {
    const std::lock_guard<std::mutex> lock(mutex_);
    return sent[path];
  }

  std::atomic<int> token_requests{0};
  std::atomic<int> api_requests{0};
  std::string last_scope;

private:
  httplib::Server server_;
  std::mutex mutex_;
  std::map<std::string, json> sent;
  std::optional<testing::ServerThread> running_; // last: stops before the state above goes
};

conformance::VerifyConfig make_config(const ApiServer& api,
                                      const std::map<std::string, std::string>& env) {
  conformance::VerifyConfig config;
  config.specs = {source_path("fixtures/conformance/credentials.yaml")};
  config.target = "http://127.0.0.1:" + std::to_string(api.port());
  config.auth["oauth"] = std::string(k_client_id) + ":" + k_client_secret;
  config.auth["basic"] = k_basic;
  config.jobs = 3;
  config.proxy = "";
  config.env = [env](const char* name) -> const char* {
    const auto found = env.find(name);
    return found == env.end() ? nullptr : found->second.c_str();
  };
  return config;
}

TEST(VerifyCredentials, EachSchemeGetsItsOwnCredentialAndTheTokenIsFetchedOnce) {
  ApiServer api;
  auto config = make_config(api, {{"CONCORD_AUTH_APIKEY", k_api_key}});
  auto results = conformance::run_conformance(config);
  ASSERT_TRUE(results) << results.error().to_string();
  EXPECT_EQ(api.token_requests, 1);
  EXPECT_NE(api.last_scope.find("scope=reports.read"), std::string::npos);
  EXPECT_EQ(api.sent_to("/reports")["authorization"], "Bearer tok-1-ZXCVBNM");
  EXPECT_EQ(api.sent_to("/keys")["apiKey"], k_api_key);
  EXPECT_EQ(api.sent_to("/account")["authorization"], "Basic " + conformance::to_base64(k_basic));
}

TEST(VerifyCredentials, RefusedClientSecretStopsBeforeAnyCase) {
  ApiServer api;
  auto config = make_config(api, {});
  config.auth["oauth"] = std::string(k_client_id) + ":wrong-secret";
  auto results = conformance::run_conformance(config);
  ASSERT_FALSE(results);
  EXPECT_EQ(results.error().code, core::ErrorCode::config_invalid);
  EXPECT_EQ(results.error().message.find("wrong-secret"), std::string::npos);
  EXPECT_EQ(api.api_requests, 0);
}

TEST(VerifyCredentials, AuthForAnUnknownSchemeIsAUsageError) {
  ApiServer api;
  auto config = make_config(api, {});
  config.auth["basicAuth"] = "a:b";
  auto results = conformance::run_conformance(config);
  ASSERT_FALSE(results);
  EXPECT_EQ(results.error().code, core::ErrorCode::usage);
}

TEST(OAuth2TokenCache, RefreshesOnlyWhenTheTokenExpires) {
  ApiServer api;
  auto now = std::chrono::steady_clock::now();
  conformance::ClientCredentials credentials{
      "oauth", k_client_id, k_client_secret,
      "http://127.0.0.1:" + std::to_string(api.port()) + "/oauth/token", ""};
  conformance::OAuth2TokenCache cache(credentials, conformance::ClientOptions{},
                                      [&now] { return now; });
  EXPECT_EQ(cache.token().value(), "tok-1-ZXCVBNM");
  now += std::chrono::minutes(30);
  EXPECT_EQ(cache.token().value(), "tok-1-ZXCVBNM");
  EXPECT_EQ(api.token_requests, 1);
  now += std::chrono::minutes(31); // past expires_in (3600 s)
  EXPECT_EQ(cache.token().value(), "tok-2-ZXCVBNM");
  EXPECT_EQ(api.token_requests, 2);
  EXPECT_EQ(cache.tokens_seen().size(), 2U);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(VerifyCredentials, NoSecretInAnyReportOrOnTheConsole) {
  ApiServer api;
  auto config = make_config(api, {{"CONCORD_AUTH_apiKey", k_api_key}});
  config.token = "fallback-token-QWERTY";
  auto results = conformance::run_conformance(config);
  ASSERT_TRUE(results) << results.error().to_string();
  const auto dir =
      std::filesystem::temp_directory_path() / ("concord-redaction-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  ASSERT_TRUE(report::write_results(*results, dir / "r.json"));
  ASSERT_TRUE(report::write_junit(*results, dir / "r.xml"));
  ASSERT_TRUE(report::write_html(*results, dir / "r.html"));
  conformance::ConsoleOptions console;
  console.verbose = true;
  std::ostringstream out;
  conformance::print_results(out, *results, console);
  const std::map<std::string, std::string> outputs = {{"json", read_file(dir / "r.json")},
                                                      {"junit", read_file(dir / "r.xml")},
                                                      {"html", read_file(dir / "r.html")},
                                                      {"console", out.str()}};
  std::filesystem::remove_all(dir);
  ASSERT_NE(outputs.at("json").find("\"failed\""), std::string::npos); // /account is reported
  const std::vector<std::string> secrets = {k_client_secret,    k_api_key,
                                            "basic-secret-771", conformance::to_base64(k_basic),
                                            "tok-1-ZXCVBNM",    "fallback-token-QWERTY"};
  for (const auto& [name, text] : outputs) {
    for (const auto& secret : secrets) {
      EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in the " << name << " output";
    }
  }
}

} // namespace
} // namespace concord::testing
