#include "conformance/scenario.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace concord::conformance {
namespace {

TEST(Scenario, ParsesTheFixtureFormat) {
  auto file = load_fixture_file(testing::fixture_path("good_scenario.yaml"));
  ASSERT_TRUE(file) << file.error().to_string();
  EXPECT_EQ(file->spec, "Concord verify test pets");
  ASSERT_EQ(file->cases.size(), 1U);
  EXPECT_EQ(file->cases[0].status, "409");
  ASSERT_EQ(file->scenarios.size(), 1U);
  const auto& scenario = file->scenarios[0];
  EXPECT_EQ(scenario.spec, "Concord verify test pets");
  ASSERT_EQ(scenario.given.size(), 1U);
  EXPECT_EQ(scenario.given[0].description, "pet id=rex exists");
  ASSERT_EQ(scenario.steps.size(), 2U);
  EXPECT_EQ(scenario.steps[0].capture.front().second, "/id");
  ASSERT_TRUE(scenario.steps[1].until.has_value());
  EXPECT_EQ(scenario.steps[1].until->every_ms, 100);
  EXPECT_EQ(scenario.steps[1].until->within_ms, 2000);
  EXPECT_EQ(scenario.steps[1].expect.status, "200");
  ASSERT_EQ(scenario.teardown.size(), 1U);
  EXPECT_TRUE(scenario.teardown[0].params["api-version"].is_null());
  EXPECT_NE(scenario.steps[1].location.find("good_scenario.yaml:"), std::string::npos);
}

TEST(Scenario, ErrorsAreLocatedWithFileAndLine) {
  auto file = load_fixture_file(testing::fixture_path("bad_scenario.yaml"));
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().code, core::ErrorCode::config_invalid);
  EXPECT_NE(file.error().location.find("bad_scenario.yaml:12"), std::string::npos)
      << file.error().location;
  EXPECT_NE(file.error().message.find("bodyy"), std::string::npos);
}

TEST(Scenario, RejectsBadValuesWithTheirLine) {
  const char* text = "scenarios:\n"
                     "  - name: x\n"
                     "    steps:\n"
                     "      - operation: getPet\n"
                     "        until: {pointer: /a, equals: 1, every: soon}\n";
  auto file = parse_fixture_text(text, "inline.yaml");
  ASSERT_FALSE(file);
  EXPECT_NE(file.error().location.find("inline.yaml:5"), std::string::npos)
      << file.error().location;
  auto no_steps = parse_fixture_text("scenarios:\n  - name: empty\n", "empty.yaml");
  ASSERT_FALSE(no_steps);
  EXPECT_NE(no_steps.error().location.find("empty.yaml:2"), std::string::npos);
}

TEST(Scenario, ParsesDurations) {
  EXPECT_EQ(parse_duration_ms("200ms"), 200);
  EXPECT_EQ(parse_duration_ms("10s"), 10000);
  EXPECT_EQ(parse_duration_ms("2m"), 120000);
  EXPECT_EQ(parse_duration_ms(150), 150);
  EXPECT_EQ(parse_duration_ms("fast"), -1);
}

} // namespace
} // namespace concord::conformance
