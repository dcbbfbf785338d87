#include "conformance/matching.hpp"

#include <gtest/gtest.h>

namespace concord::conformance {
namespace {

using nlohmann::json;

std::vector<Failure> shape(const json& expected, const json& actual,
                           const std::vector<std::string>& ignore = {}) {
  std::vector<Failure> out;
  match_shape(expected, actual, ignore, out);
  return out;
}

std::vector<Failure> exact(const json& expected, const json& actual,
                           const std::vector<std::string>& ignore = {}) {
  std::vector<Failure> out;
  match_exact(expected, actual, ignore, out);
  return out;
}

TEST(Matching, ShapeAcceptsOtherValuesOfTheSameType) {
  EXPECT_TRUE(shape({{"a", 1}, {"b", "x"}}, {{"a", 2.5}, {"b", "y"}, {"c", true}}).empty());
}

TEST(Matching, ShapeReportsMissingFieldsWithTheirPointer) {
  const auto failures = shape({{"result", {{"state", "running"}}}}, {{"result", json::object()}});
  ASSERT_EQ(failures.size(), 1U);
  EXPECT_EQ(failures[0].pointer, "/result/state");
  EXPECT_EQ(failures[0].check, "example");
}

TEST(Matching, ShapeReportsTypeChanges) {
  const auto failures = shape({{"n", 1}}, {{"n", "1"}});
  ASSERT_EQ(failures.size(), 1U);
  EXPECT_EQ(failures[0].expected, "number");
  EXPECT_EQ(failures[0].actual, "string");
}

TEST(Matching, ShapeChecksEveryArrayItem) {
  const auto failures =
      shape({{"items", {{{"id", "a"}}}}}, {{"items", {{{"id", "b"}}, {{"name", "c"}}}}});
  ASSERT_EQ(failures.size(), 1U);
  EXPECT_EQ(failures[0].pointer, "/items/1/id");
}

TEST(Matching, ExactComparesValuesAndExtraFields) {
  EXPECT_TRUE(exact({{"a", 1}}, {{"a", 1.0}}).empty());
  EXPECT_EQ(exact({{"a", 1}}, {{"a", 2}}).size(), 1U);
  EXPECT_EQ(exact({{"a", 1}}, {{"a", 1}, {"b", 2}}).size(), 1U);
  EXPECT_EQ(exact(json::array({1, 2}), json::array({1})).size(), 1U);
}

TEST(Matching, IgnorePathsSkipSubtreesWithWildcards) {
  const json expected = {{"items", {{{"id", "a"}, {"at", "2020"}}}}, {"at", "2020"}};
  const json actual = {{"items", {{{"id", "a"}, {"at", "2026"}}}}, {"at", "2026"}};
  EXPECT_EQ(exact(expected, actual).size(), 2U);
  EXPECT_TRUE(exact(expected, actual, {"/at", "/items/*/at"}).empty());
  EXPECT_TRUE(is_ignored_pointer("/a/b/c", {"/a/b"}));
  EXPECT_FALSE(is_ignored_pointer("/a", {"/a/b"}));
}

TEST(Matching, ParsesMatchModes) {
  MatchMode mode = MatchMode::schema;
  EXPECT_TRUE(parse_match_mode("exact", mode));
  EXPECT_EQ(mode, MatchMode::exact);
  EXPECT_FALSE(parse_match_mode("fuzzy", mode));
}

} // namespace
} // namespace concord::conformance

namespace concord::conformance {
namespace {

// Response values with bytes that are not UTF-8 are compared and described without throwing.
TEST(Matching, InvalidUtf8ValuesDoNotThrow) {
  std::vector<Failure> failures;
  EXPECT_NO_THROW(failures = exact({{"name", "ok"}}, {{"name", "bad\xff"}, {"x\xfe", 1}}));
  EXPECT_FALSE(failures.empty());
  EXPECT_NO_THROW((void)to_short_text(json("bad\xff")));
}

} // namespace
} // namespace concord::conformance
