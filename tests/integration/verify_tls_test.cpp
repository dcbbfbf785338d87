// `concord verify` over HTTPS against the real mock served with TLS on 127.0.0.1 port 0, with
// certificates made at test time: a green run, then each refused certificate reported as
// itself, mutual TLS, a handshake that never ends, and a CONNECT proxy.
#include "conformance/verify.hpp"
#include "mock_test_support.hpp"
#include "tls_test_support.hpp"

#include <chrono>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <string>

namespace concord::testing {
namespace {

using mock::testing::RunningMock;
using mock::testing::source_path;
using nlohmann::json;

mock::MockOptions clickhouse_options() {
  mock::MockOptions options;
  options.specs = {source_path("specs/clickhouse.yaml")};
  options.stateless = true;
  return options;
}

conformance::VerifyConfig make_config(int port, const std::string& host = "127.0.0.1") {
  conformance::VerifyConfig config;
  config.specs = {source_path("specs/clickhouse.yaml")};
  config.target = "https://" + host + ":" + std::to_string(port);
  config.auth["basicAuth"] = "KEY:SECRET";
  config.timeout_ms = 3000;
  config.jobs = 2;
  config.proxy = ""; // never the environment's proxy, unless a test says so
  return config;
}

struct Outcomes {
  int passed = 0;
  int errored = 0;
  int failed = 0;
  std::set<std::string> network; // `actual` of every network failure
};

Outcomes summarise(const json& results) {
  Outcomes out;
  for (const auto& item : results["cases"]) {
    const std::string outcome = item.value("outcome", "");
    out.passed += outcome == "passed" ? 1 : 0;
    out.errored += outcome == "errored" ? 1 : 0;
    out.failed += outcome == "failed" ? 1 : 0;
    for (const auto& failure : item.value("failures", json::array())) {
      if (failure.value("check", "") == "network") {
        out.network.insert(failure.value("actual", ""));
      }
    }
  }
  return out;
}

Outcomes run_ok(const conformance::VerifyConfig& config) {
  auto results = conformance::run_conformance(config);
  if (!results) {
    ADD_FAILURE() << results.error().to_string();
    return {};
  }
  return summarise(*results);
}

// Every case errored with exactly the named network failure.
void expect_refused_as(const conformance::VerifyConfig& config, const std::string& kind) {
  const auto outcomes = run_ok(config);
  EXPECT_EQ(outcomes.passed, 0);
  EXPECT_GT(outcomes.errored, 0);
  EXPECT_EQ(outcomes.network, std::set<std::string>{kind});
}

mock::TlsMaterial served(const mock::PemPair& server, const std::string& client_ca = "") {
  return mock::TlsMaterial{server, client_ca};
}

TEST(VerifyTls, PassesAgainstTheTlsMockWithItsCa) {
  TestPki pki;
  RunningMock mock(clickhouse_options(), served(pki.server));
  auto config = make_config(mock.port());
  config.tls.ca_file = pki.write("ca.pem", pki.ca.certificate);
  const auto outcomes = run_ok(config);
  EXPECT_GT(outcomes.passed, 5);
  EXPECT_EQ(outcomes.errored, 0);
  EXPECT_EQ(outcomes.failed, 0);
  config.target = "https://localhost:" + std::to_string(mock.port()); // the DNS name too
  EXPECT_EQ(run_ok(config).errored, 0);
}

TEST(VerifyTls, WrongCaIsReportedAsUntrusted) {
  TestPki pki;
  TestPki other;
  RunningMock mock(clickhouse_options(), served(pki.server));
  auto config = make_config(mock.port());
  config.tls.ca_file = other.write("other-ca.pem", other.ca.certificate);
  expect_refused_as(config, "tls-untrusted");
}

TEST(VerifyTls, SelfSignedWithoutCacertIsReportedAsUntrusted) {
  auto self_signed = mock::make_self_signed_localhost();
  ASSERT_TRUE(self_signed);
  RunningMock mock(clickhouse_options(), served(*self_signed));
  expect_refused_as(make_config(mock.port()), "tls-untrusted");
}

TEST(VerifyTls, WrongHostNameIsReportedAsHostname) {
  TestPki pki;
  const auto elsewhere = make_pair_or_throw(server_spec({"api.example.com"}, {}), &pki.ca);
  RunningMock mock(clickhouse_options(), served(elsewhere));
  auto config = make_config(mock.port());
  config.tls.ca_file = pki.write("ca.pem", pki.ca.certificate);
  expect_refused_as(config, "tls-hostname");
}

TEST(VerifyTls, ExpiredCertificateIsReportedAsExpired) {
  TestPki pki;
  auto spec = server_spec({"localhost"}, {"127.0.0.1"});
  spec.valid_from_s = -2 * 24 * 3600;
  spec.valid_until_s = -24 * 3600;
  const auto expired = make_pair_or_throw(spec, &pki.ca);
  RunningMock mock(clickhouse_options(), served(expired));
  auto config = make_config(mock.port());
  config.tls.ca_file = pki.write("ca.pem", pki.ca.certificate);
  expect_refused_as(config, "tls-expired");
}

TEST(VerifyTls, InsecureSkipsVerificationAndEveryReportSaysSo) {
  auto self_signed = mock::make_self_signed_localhost();
  ASSERT_TRUE(self_signed);
  RunningMock mock(clickhouse_options(), served(*self_signed));
  auto config = make_config(mock.port());
  config.tls.insecure = true;
  auto results = conformance::run_conformance(config);
  ASSERT_TRUE(results) << results.error().to_string();
  EXPECT_EQ(summarise(*results).errored, 0);
  EXPECT_EQ((*results)["options"]["insecure"], true);
  EXPECT_EQ((*results)["warnings"][0], conformance::k_insecure_warning);
}

TEST(VerifyTls, MutualTlsNeedsTheClientCertificate) {
  TestPki pki;
  mock::CertificateSpec client_spec;
  client_spec.common_name = "verify client";
  client_spec.client_auth = true;
  const auto client = make_pair_or_throw(client_spec, &pki.ca);
  RunningMock mock(clickhouse_options(), served(pki.server, pki.ca.certificate));
  auto config = make_config(mock.port());
  config.tls.ca_file = pki.write("ca.pem", pki.ca.certificate);
  expect_refused_as(config, "tls-client-certificate");

  config.tls.cert_file = pki.write("client.pem", client.certificate);
  config.tls.key_file = pki.write("client.key", client.private_key);
  const auto outcomes = run_ok(config);
  EXPECT_GT(outcomes.passed, 5);
  EXPECT_EQ(outcomes.errored, 0);
}

TEST(VerifyTls, ClientKeyThatIsNotTheCertificatesIsAUsageError) {
  TestPki pki;
  auto config = make_config(1);
  config.tls.cert_file = pki.write("client.pem", pki.server.certificate);
  config.tls.key_file = pki.write("other.key", pki.ca.private_key);
  auto results = conformance::run_conformance(config);
  ASSERT_FALSE(results);
  EXPECT_EQ(results.error().code, core::ErrorCode::usage);
}

TEST(VerifyTls, SilentServerIsAHandshakeTimeoutAndNothingHangs) {
  LoopbackListener silent([](int client, const std::atomic<bool>& stop) {
    char buffer[512];
    while (!stop && ::recv(client, buffer, sizeof buffer, 0) > 0) {
    }
  });
  auto config = make_config(silent.port());
  config.timeout_ms = 300;
  config.operations = {"listServices"};
  const auto started = std::chrono::steady_clock::now();
  expect_refused_as(config, "tls-timeout");
  // A hang guard, not a speed check: a few 300 ms deadlines, nowhere near a minute.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));
}

TEST(VerifyTls, GoesThroughAConnectProxy) {
  TestPki pki;
  RunningMock mock(clickhouse_options(), served(pki.server));
  ConnectProxy proxy;
  auto config = make_config(mock.port());
  config.tls.ca_file = pki.write("ca.pem", pki.ca.certificate);
  config.proxy.reset();
  std::map<std::string, std::string> env{
      {"HTTPS_PROXY", "http://127.0.0.1:" + std::to_string(proxy.port())}};
  config.env = [&env](const char* name) -> const char* {
    const auto found = env.find(name);
    return found == env.end() ? nullptr : found->second.c_str();
  };
  auto outcomes = run_ok(config);
  EXPECT_GT(outcomes.passed, 5);
  EXPECT_EQ(outcomes.errored, 0);
  ASSERT_FALSE(proxy.requests().empty());
  EXPECT_EQ(proxy.requests().front(),
            "CONNECT 127.0.0.1:" + std::to_string(mock.port()) + " HTTP/1.1");

  const auto used = proxy.requests().size();
  env["NO_PROXY"] = "localhost,127.0.0.1";
  EXPECT_EQ(run_ok(config).errored, 0);
  EXPECT_EQ(proxy.requests().size(), used); // NO_PROXY: straight to the target
}

TEST(VerifyTls, ProxyThatRefusesTheTunnelIsANetworkFailure) {
  TestPki pki;
  ConnectProxy proxy; // refuses every host but 127.0.0.1
  auto config = make_config(443, "localhost");
  config.tls.ca_file = pki.write("ca.pem", pki.ca.certificate);
  config.proxy = "http://127.0.0.1:" + std::to_string(proxy.port());
  config.operations = {"listServices"};
  const auto outcomes = run_ok(config);
  EXPECT_EQ(outcomes.passed, 0);
  EXPECT_EQ(outcomes.failed, 0); // the proxy's 403 is never taken for the API's answer
  EXPECT_GT(outcomes.errored, 0);
}

} // namespace
} // namespace concord::testing
