// The runner against small servers that are wrong on purpose, one fault each: every fault
// must be reported by exactly the expected check(s), and the correct server by none.
#include "conformance/verify.hpp"
#include "fault_server.hpp"

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

using testing::describe;
using testing::Fault;
using testing::FaultServer;
using testing::find_failed_checks;

using nlohmann::json;

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
