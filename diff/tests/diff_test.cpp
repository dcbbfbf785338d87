// The engine beyond single rules: versions, cycles, locations, matching; ignore files;
// outputs; git inputs.
#include "core/loader.hpp"
#include "diff/compare.hpp"
#include "diff/diff.hpp"
#include "diff/git_source.hpp"
#include "diff/render.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace concord::diff {
namespace {

const std::filesystem::path k_fixtures =
    std::filesystem::path(CONCORD_SOURCE_DIR) / "fixtures/diff";

std::vector<Change> diff_files(const std::filesystem::path& a, const std::filesystem::path& b,
                               const DiffOptions& options = {}) {
  auto old_spec = core::load_spec(a);
  auto new_spec = core::load_spec(b);
  EXPECT_TRUE(old_spec && new_spec);
  if (!old_spec || !new_spec) {
    return {};
  }
  return diff_specs(**old_spec, **new_spec, options);
}

std::string describe(const std::vector<Change>& changes) {
  std::string out;
  for (const auto& c : changes) {
    out += c.new_location + ": " + c.message + " [" + c.rule + "]\n";
  }
  return out;
}

TEST(Diff, SwaggerTwoAndBothOpenApiThreeVersionsOfOneApiHaveNoChange) {
  const auto dir = k_fixtures / "_equivalent";
  for (const char* a : {"swagger2.yaml", "openapi30.yaml", "openapi31.yaml"}) {
    for (const char* b : {"swagger2.yaml", "openapi30.yaml", "openapi31.yaml"}) {
      const auto changes = diff_files(dir / a, dir / b);
      EXPECT_TRUE(changes.empty()) << a << " -> " << b << ":\n" << describe(changes);
    }
  }
}

TEST(Diff, RecursiveSchemasAreComparedOnceAndFinish) {
  const auto changes = diff_files(k_fixtures / "_cycles/old.yaml", k_fixtures / "_cycles/new.yaml");
  std::set<std::string> rules;
  for (const auto& c : changes) {
    rules.insert(c.rule);
  }
  EXPECT_EQ(rules, (std::set<std::string>{"request-property-enum-value-removed",
                                          "response-property-enum-value-removed"}))
      << describe(changes);
}

TEST(Diff, ChangesCarryBothLocationsAndTheOperation) {
  const auto dir = k_fixtures / "response-property-removed";
  const auto changes = diff_files(dir / "old.yaml", dir / "new.yaml");
  const auto it = std::find_if(changes.begin(), changes.end(),
                               [](const Change& c) { return c.operation_id == "getPet"; });
  ASSERT_NE(it, changes.end()) << describe(changes);
  const auto& c = *it;
  EXPECT_EQ(c.rule, "response-property-removed");
  EXPECT_EQ(c.message, "response field 'birthDate' removed from 200 of getPet");
  EXPECT_EQ(c.operation, "GET /pets/{petId}");
  EXPECT_EQ(c.level, Level::breaking);
  // OLD points at the removed property, NEW at the schema it was removed from.
  EXPECT_NE(c.old_location.find("old.yaml:"), std::string::npos) << c.old_location;
  EXPECT_NE(c.new_location.find("new.yaml:"), std::string::npos) << c.new_location;
  EXPECT_NE(c.message.find("'birthDate'"), std::string::npos) << c.message;
  EXPECT_FALSE(c.operation.empty());
  EXPECT_FALSE(c.operation_id.empty());
}

TEST(Diff, ResponseEnumWideningLevelIsConfigurable) {
  const auto dir = k_fixtures / "response-property-enum-value-added";
  DiffOptions options;
  options.response_enum_value_added = Level::info;
  const auto changes = diff_files(dir / "old.yaml", dir / "new.yaml", options);
  ASSERT_FALSE(changes.empty());
  for (const auto& c : changes) {
    EXPECT_EQ(c.level, Level::info);
  }
}

TEST(Diff, OperationKeysIgnoreParameterNames) {
  EXPECT_EQ(to_operation_key("GET", "/a/{id}/b/{x}"), to_operation_key("GET", "/a/{itemId}/b/{y}"));
  EXPECT_NE(to_operation_key("GET", "/a/{id}"), to_operation_key("PUT", "/a/{id}"));
  EXPECT_NE(to_operation_key("GET", "/a/{id}"), to_operation_key("GET", "/a/{id}/b"));
}

TEST(Compare, DirectoriesPairDocumentsByName) {
  const auto dir = k_fixtures / "_equivalent";
  auto same = compare_inputs(dir, dir);
  ASSERT_TRUE(same) << same.error().to_string();
  EXPECT_EQ(same->pairs, 3);
  EXPECT_TRUE(same->changes.empty());
  // One document against a directory of three: the two others are all new.
  auto one = compare_inputs(dir / "openapi30.yaml", dir);
  ASSERT_TRUE(one);
  EXPECT_FALSE(one->changes.empty());
}

TEST(Compare, MissingInputIsAnIoError) {
  auto missing = compare_inputs(k_fixtures / "nope.yaml", k_fixtures / "_cycles/new.yaml");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, core::ErrorCode::io_read);
}

class IgnoreFile : public testing::Test {
protected:
  std::filesystem::path write(const std::string& text) {
    const auto path = dir_.path() / "ignore.yaml";
    std::ofstream(path) << text;
    return path;
  }
  TempDir dir_;
};

TEST_F(IgnoreFile, CoversTheRuleForTheOperationUntilItExpires) {
  auto entries = load_ignore_file(write("ignore:\n"
                                        "  - rule: response-property-removed\n"
                                        "    operation: getPet\n"
                                        "    reason: moved to /v2\n"
                                        "    expires: 2027-01-31\n"));
  ASSERT_TRUE(entries) << entries.error().to_string();
  Change mine{
      "response-property-removed", Level::breaking, "m", "GET /pets/{petId}", "getPet", "", ""};
  Change other = mine;
  other.operation_id = "listPets";
  auto outcome = apply_ignores({mine, other}, *entries, "2026-12-01");
  ASSERT_EQ(outcome.changes.size(), 2U);
  EXPECT_EQ(outcome.changes[0].ignored_by, "moved to /v2");
  EXPECT_EQ(outcome.changes[1].ignored_by, "");
  EXPECT_TRUE(outcome.expired.empty());
  auto later = apply_ignores({mine}, *entries, "2027-02-01");
  EXPECT_EQ(later.changes[0].ignored_by, "");
  EXPECT_EQ(later.expired.size(), 1U);
}

TEST_F(IgnoreFile, RejectsUnknownRulesAndMissingReasonsWithALocation) {
  auto unknown = load_ignore_file(write("ignore:\n  - rule: no-such-rule\n    reason: x\n"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, core::ErrorCode::config_invalid);
  EXPECT_NE(unknown.error().location.find("ignore.yaml:2:"), std::string::npos)
      << unknown.error().location;
  auto no_reason = load_ignore_file(write("ignore:\n  - rule: operation-removed\n"));
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().code, core::ErrorCode::config_invalid);
  auto bad_date =
      load_ignore_file(write("ignore:\n  - {rule: operation-removed, reason: x, expires: soon}\n"));
  ASSERT_FALSE(bad_date);
}

DiffReport hostile_report() {
  DiffReport report;
  report.old_label = "old<script>alert(1)</script>.yaml";
  report.new_label = "new&.yaml";
  Change c{"response-property-removed",
           Level::breaking,
           "response field '<img src=x onerror=alert(1)>' removed | `x`",
           "GET /a",
           "getA",
           "old.yaml:3:4",
           "new.yaml:5:6"};
  report.changes.push_back({c, ""});
  c.level = Level::info;
  c.rule = "operation-added";
  report.changes.push_back({c, ""});
  return report;
}

TEST(Render, HtmlAndJunitEscapeEverything) {
  const auto report = hostile_report();
  for (const auto& text : {render_html(report), render_junit(report)}) {
    EXPECT_EQ(text.find("<script>"), std::string::npos);
    EXPECT_EQ(text.find("<img"), std::string::npos);
    EXPECT_NE(text.find("&lt;img src=x"), std::string::npos);
  }
  EXPECT_NE(render_html(report).find("BREAKING"), std::string::npos);
}

TEST(Render, TextIsLikeACompilerAndJsonCountsLevels) {
  auto report = hostile_report();
  const auto text = render_text(report);
  EXPECT_NE(text.find("new.yaml:5:6: breaking: response field"), std::string::npos) << text;
  EXPECT_NE(text.find("old.yaml:3:4: note: before"), std::string::npos) << text;
  const auto json = nlohmann::json::parse(render_json(report));
  EXPECT_EQ(json["summary"]["breaking"], 1);
  EXPECT_EQ(json["summary"]["info"], 1);
  EXPECT_EQ(json["changes"][0]["new"]["line"], 5);
  EXPECT_EQ(json["changes"][0]["old"]["file"], "old.yaml");
  EXPECT_TRUE(is_failing(report));
  report.fail_on_none = true;
  EXPECT_FALSE(is_failing(report));
  const auto markdown = render_markdown(hostile_report());
  EXPECT_NE(markdown.find("\\|"), std::string::npos) << markdown;
}

TEST(Render, IgnoredChangesDoNotFail) {
  auto report = hostile_report();
  report.changes[0].ignored_by = "accepted";
  EXPECT_FALSE(is_failing(report));
  EXPECT_EQ(count_levels(report.changes).ignored, 1);
  report.fail_on = Level::info;
  EXPECT_TRUE(is_failing(report));
}

TEST(GitSource, ParsesRevisionAndPath) {
  auto source = parse_git_source("git:HEAD~1:specs/a.yaml");
  ASSERT_TRUE(source && *source);
  EXPECT_EQ((*source)->revision, "HEAD~1");
  EXPECT_EQ((*source)->path, "specs/a.yaml");
  EXPECT_FALSE(parse_git_source("specs/a.yaml"));
  auto malformed = parse_git_source("git:HEAD");
  ASSERT_TRUE(malformed);
  EXPECT_FALSE(*malformed);
  auto option = parse_git_source("git:--output=x:a");
  ASSERT_TRUE(option);
  EXPECT_FALSE(*option);
}

} // namespace
} // namespace concord::diff
