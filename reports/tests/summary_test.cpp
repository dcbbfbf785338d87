#include "reports/report.hpp"
#include "reports/tests/report_test_support.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>

namespace {

using concord::report::testing::load_fixture;
using nlohmann::json;
namespace fs = std::filesystem;

const json* find_case(const json& results, const std::string& prefix) {
  for (const auto& item : results["cases"]) {
    if (item["id"].get<std::string>().rfind(prefix, 0) == 0) {
      return &item;
    }
  }
  return nullptr;
}

TEST(RecomputeSummary, CountsOutcomesScoreAndVerdict) {
  json results = load_fixture("sample.json");
  results.erase("summary");
  concord::report::recompute_summary(results);
  EXPECT_EQ(results["summary"], json({{"total", 6},
                                      {"passed", 1},
                                      {"failed", 2},
                                      {"errored", 1},
                                      {"skipped", 1},
                                      {"waived", 1}}));
  // passed / (total - skipped - waived) = 1 / 4
  EXPECT_DOUBLE_EQ(results["score"].get<double>(), 25.0);
  EXPECT_EQ(results["verdict"], "failed");
  EXPECT_EQ(results["coverage"]["documented"], 7);
  EXPECT_EQ(results["coverage"]["exercised"], 4);
  EXPECT_DOUBLE_EQ(results["coverage"]["percent"].get<double>(), 57.1);
}

TEST(RecomputeSummary, AllPassingIsPassed) {
  json results = {
      {"cases", {{{"id", "a"}, {"outcome", "passed"}}, {{"id", "b"}, {"outcome", "skipped"}}}}};
  concord::report::recompute_summary(results);
  EXPECT_EQ(results["verdict"], "passed");
  EXPECT_DOUBLE_EQ(results["score"].get<double>(), 100.0);
}

TEST(RecomputeSummary, UnknownOutcomeCountsAsErrored) {
  json results = {{"cases", {{{"id", "a"}, {"outcome", "exploded"}}}}};
  concord::report::recompute_summary(results);
  EXPECT_EQ(results["summary"]["errored"], 1);
  EXPECT_EQ(results["verdict"], "failed");
}

TEST(MergeResults, ConcatenatesAndDedupesKeepingTheWorseOutcome) {
  const auto merged =
      concord::report::merge_results({load_fixture("shard_a.json"), load_fixture("shard_b.json")});
  ASSERT_TRUE(merged) << merged.error().to_string();
  EXPECT_EQ((*merged)["cases"].size(), 6U);
  const json* dup = find_case(*merged, "GET /pets/{petId} > 404");
  ASSERT_NE(dup, nullptr);
  EXPECT_EQ((*dup)["outcome"], "failed");
  EXPECT_EQ((*merged)["summary"]["total"], 6);
  EXPECT_EQ((*merged)["summary"]["failed"], 2);
  EXPECT_EQ((*merged)["mergedFrom"], 2);
  bool warned = false;
  for (const auto& w : (*merged)["warnings"]) {
    warned = warned || w.get<std::string>().find("appears in more than one") != std::string::npos;
  }
  EXPECT_TRUE(warned);
}

TEST(MergeResults, CoverageIsTheUnionPerOperation) {
  const auto merged =
      concord::report::merge_results({load_fixture("shard_a.json"), load_fixture("shard_b.json")});
  ASSERT_TRUE(merged);
  const json& ops = (*merged)["coverage"]["operations"];
  ASSERT_EQ(ops.size(), 4U);
  const json& get_pet = ops[1];
  EXPECT_EQ(get_pet["operationId"], "getPet");
  EXPECT_EQ(get_pet["statuses"][0]["exercised"], true); // 200 from shard a
  EXPECT_EQ(get_pet["statuses"][1]["exercised"], true); // 404 from shard b
  EXPECT_EQ((*merged)["coverage"]["documented"], 7);
  EXPECT_EQ((*merged)["coverage"]["exercised"], 4);
}

TEST(MergeResults, TargetFromFirstEarliestStartLongestDuration) {
  const auto merged =
      concord::report::merge_results({load_fixture("shard_a.json"), load_fixture("shard_b.json")});
  ASSERT_TRUE(merged);
  EXPECT_EQ((*merged)["target"], "http://127.0.0.1:4010");
  EXPECT_EQ((*merged)["startedAt"], "2026-11-27T10:00:00Z");
  EXPECT_DOUBLE_EQ((*merged)["durationMs"].get<double>(), 300.0);
  EXPECT_EQ((*merged)["specs"].size(), 2U);
}

TEST(MergeResults, RejectsEmptyAndNonResults) {
  EXPECT_FALSE(concord::report::merge_results({}));
  const auto bad = concord::report::merge_results({json::object()});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, concord::core::ErrorCode::config_invalid);
}

TEST(Baseline, MarksNewKnownAndFixed) {
  json results = load_fixture("sample.json");
  concord::report::apply_baseline(results, load_fixture("baseline.json"));
  EXPECT_EQ((*find_case(results, "GET /pets/{petId} > 404"))["baseline"], "known");
  EXPECT_EQ((*find_case(results, "POST /pets > 201"))["baseline"], "known");
  EXPECT_EQ((*find_case(results, "GET /pets/{petId} > 200"))["baseline"], "new");
  EXPECT_EQ((*find_case(results, "PUT /pets/{petId}"))["baseline"], "new"); // waived, new failure
  EXPECT_EQ((*find_case(results, "GET /pets > 200"))["baseline"], "fixed");
  ASSERT_EQ(results["fixed"].size(), 1U);
  EXPECT_EQ(results["fixed"][0]["id"], "GET /pets > 200 > application/json > list");
  EXPECT_EQ(results["fixed"][0]["was"], "failed");
  EXPECT_TRUE((*find_case(results, "DELETE /pets"))["baseline"].is_null());
}

TEST(Baseline, EmptyBaselineMakesEveryFailureNew) {
  json results = load_fixture("sample.json");
  concord::report::apply_baseline(results, json::object());
  EXPECT_EQ((*find_case(results, "GET /pets/{petId} > 404"))["baseline"], "new");
  EXPECT_TRUE(results["fixed"].empty());
}

} // namespace
