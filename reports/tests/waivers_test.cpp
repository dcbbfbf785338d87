#include "reports/report.hpp"
#include "reports/tests/report_test_support.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>

namespace {

using concord::core::ErrorCode;
using concord::report::testing::fixture;
using concord::report::testing::load_fixture;
using nlohmann::json;
namespace fs = std::filesystem;

const json& find_case(const json& results, const std::string& prefix) {
  for (const auto& item : results["cases"]) {
    if (item["id"].get<std::string>().rfind(prefix, 0) == 0) {
      return item;
    }
  }
  static const json none;
  return none;
}

TEST(Waivers, UnexpiredWaiverWaivesMatchingFailures) {
  json results = load_fixture("sample.json");
  ASSERT_TRUE(concord::report::apply_waivers(results, fixture("waivers.yaml"), "2026-11-27"));
  const json& waived = find_case(results, "GET /pets/{petId} > 404");
  EXPECT_EQ(waived["outcome"], "waived");
  EXPECT_EQ(waived["waiver"]["reason"], "404 problem details ship in 2.4 (JIRA-456)");
  EXPECT_EQ(waived["waiver"]["expires"], "2027-01-31");
  EXPECT_EQ(waived["waiver"]["was"], "failed");
  // A waiver without expiry applies too.
  EXPECT_EQ(find_case(results, "GET /pets/{petId} > 200")["outcome"], "waived");
  EXPECT_EQ(results["summary"]["failed"], 0);
  EXPECT_EQ(results["summary"]["waived"], 3);
}

TEST(Waivers, ExpiredWaiverIsListedAndNotApplied) {
  json results = load_fixture("sample.json");
  ASSERT_TRUE(concord::report::apply_waivers(results, fixture("waivers.yaml"), "2026-11-27"));
  EXPECT_EQ(find_case(results, "POST /pets > 201")["outcome"], "errored");
  ASSERT_EQ(results["waivers"].size(), 3U);
  EXPECT_EQ(results["waivers"][1]["expired"], true);
  EXPECT_EQ(results["waivers"][1]["matched"], 0);
  EXPECT_EQ(results["waivers"][0]["expired"], false);
  EXPECT_EQ(results["waivers"][0]["matched"], 1);
  EXPECT_EQ(results["verdict"], "failed");
  bool warned = false;
  for (const auto& w : results["warnings"]) {
    warned = warned || w.get<std::string>().find("expired on 2026-10-01") != std::string::npos;
  }
  EXPECT_TRUE(warned);
}

TEST(Waivers, WaiverIsValidThroughItsExpiryDay) {
  json on_day = load_fixture("sample.json");
  ASSERT_TRUE(concord::report::apply_waivers(on_day, fixture("waivers.yaml"), "2027-01-31"));
  EXPECT_EQ(find_case(on_day, "GET /pets/{petId} > 404")["outcome"], "waived");
  json after = load_fixture("sample.json");
  ASSERT_TRUE(concord::report::apply_waivers(after, fixture("waivers.yaml"), "2027-02-01"));
  EXPECT_EQ(find_case(after, "GET /pets/{petId} > 404")["outcome"], "failed");
}

TEST(Waivers, JsonWaiverFileWorks) {
  json results = load_fixture("sample.json");
  ASSERT_TRUE(concord::report::apply_waivers(results, fixture("waivers.json"), "2026-11-27"));
  EXPECT_EQ(find_case(results, "GET /pets/{petId} > 404")["outcome"], "waived");
}

TEST(Waivers, GlobQuestionMarkMatchesOneCharacter) {
  json results = load_fixture("sample.json");
  ASSERT_TRUE(concord::report::apply_waivers(results, fixture("waivers.yaml"), "2026-01-01"));
  // Before expiry the "?pplication/json" waiver applies to the errored POST case.
  EXPECT_EQ(find_case(results, "POST /pets > 201")["outcome"], "waived");
}

TEST(Waivers, PassingAndSkippedCasesAreNeverWaived) {
  json results = load_fixture("sample.json");
  ASSERT_TRUE(concord::report::apply_waivers(results, fixture("waivers.yaml"), "2026-11-27"));
  EXPECT_EQ(find_case(results, "GET /pets > 200")["outcome"], "passed");
  EXPECT_EQ(find_case(results, "DELETE /pets")["outcome"], "skipped");
}

TEST(Waivers, BadDateIsConfigInvalidWithLine) {
  json results = load_fixture("sample.json");
  const auto applied =
      concord::report::apply_waivers(results, fixture("waivers_bad.yaml"), "2026-11-27");
  ASSERT_FALSE(applied);
  EXPECT_EQ(applied.error().code, ErrorCode::config_invalid);
  // Located at the bad value itself (line 6), not at the start of its entry.
  EXPECT_EQ(applied.error().location, fixture("waivers_bad.yaml").string() + ":6:12");
  EXPECT_EQ(applied.error().message.rfind("/1/expires: ", 0), 0U) << applied.error().message;
}

TEST(Waivers, UnknownFieldIsConfigInvalidWithLine) {
  json results = load_fixture("sample.json");
  const auto applied =
      concord::report::apply_waivers(results, fixture("waivers_unknown_field.yaml"), "2026-11-27");
  ASSERT_FALSE(applied);
  EXPECT_EQ(applied.error().code, ErrorCode::config_invalid);
  EXPECT_EQ(
      applied.error().location.rfind(fixture("waivers_unknown_field.yaml").string() + ":3:", 0), 0U)
      << applied.error().location;
  EXPECT_NE(applied.error().message.find("unknown key `expire`"), std::string::npos)
      << applied.error().message;
}

TEST(Waivers, SyntaxErrorIsConfigInvalidWithLine) {
  json results = load_fixture("sample.json");
  const auto applied =
      concord::report::apply_waivers(results, fixture("waivers_syntax.yaml"), "2026-11-27");
  ASSERT_FALSE(applied);
  EXPECT_EQ(applied.error().code, ErrorCode::config_invalid);
  EXPECT_EQ(applied.error().location.rfind(fixture("waivers_syntax.yaml").string() + ":", 0), 0U);
}

TEST(Waivers, MissingFileIsIoRead) {
  json results = load_fixture("sample.json");
  const auto applied =
      concord::report::apply_waivers(results, fixture("no-such-file.yaml"), "2026-11-27");
  ASSERT_FALSE(applied);
  EXPECT_EQ(applied.error().code, ErrorCode::io_read);
}

} // namespace
