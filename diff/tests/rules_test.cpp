// One fixture directory per rule (fixtures/diff/<rule-id>/): old.yaml -> new.yaml must report
// exactly the rule ids of expected.txt (the rule among them), and the near miss
// near-old.yaml -> near-new.yaml exactly those of near-expected.txt (never the rule).
#include "core/loader.hpp"
#include "diff/diff.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <string>
#include <vector>

namespace concord::diff {
namespace {

const std::filesystem::path k_fixtures =
    std::filesystem::path(CONCORD_SOURCE_DIR) / "fixtures/diff";

std::set<std::string> read_ids(const std::filesystem::path& file) {
  std::set<std::string> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) {
      out.insert(line);
    }
  }
  return out;
}

std::set<std::string> diff_rule_ids(const std::filesystem::path& old_file,
                                    const std::filesystem::path& new_file,
                                    std::vector<Change>* changes = nullptr) {
  auto old_spec = core::load_spec(old_file);
  auto new_spec = core::load_spec(new_file);
  EXPECT_TRUE(old_spec && new_spec) << old_file;
  if (!old_spec || !new_spec) {
    return {};
  }
  EXPECT_FALSE((*old_spec)->has_errors()) << old_file;
  EXPECT_FALSE((*new_spec)->has_errors()) << new_file;
  const auto found = diff_specs(**old_spec, **new_spec);
  std::set<std::string> out;
  for (const auto& change : found) {
    out.insert(change.rule);
  }
  if (changes != nullptr) {
    *changes = found;
  }
  return out;
}

std::string join(const std::set<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    out += (out.empty() ? "" : ", ") + id;
  }
  return "{" + out + "}";
}

std::vector<std::string> rule_dirs() {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(k_fixtures)) {
    const auto name = entry.path().filename().string();
    if (entry.is_directory() && name[0] != '_') {
      out.push_back(name);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

class RuleFixture : public testing::TestWithParam<std::string> {};

TEST_P(RuleFixture, TriggersOnItsPairAndNotOnTheNearMiss) {
  const auto dir = k_fixtures / GetParam();
  ASSERT_NE(find_rule(GetParam()), nullptr) << "no rule named like the directory";
  std::vector<Change> changes;
  const auto triggered = diff_rule_ids(dir / "old.yaml", dir / "new.yaml", &changes);
  const auto expected = read_ids(dir / "expected.txt");
  EXPECT_EQ(triggered, expected) << "old -> new gave " << join(triggered);
  EXPECT_EQ(expected.count(GetParam()), 1U);
  for (const auto& change : changes) {
    EXPECT_FALSE(change.message.empty());
    EXPECT_FALSE(change.new_location.empty() && change.old_location.empty()) << change.rule;
    EXPECT_EQ(change.level, find_rule(change.rule)->level) << change.rule;
  }
  const auto near = diff_rule_ids(dir / "near-old.yaml", dir / "near-new.yaml");
  const auto near_expected = read_ids(dir / "near-expected.txt");
  EXPECT_EQ(near, near_expected) << "near miss gave " << join(near);
  EXPECT_EQ(near.count(GetParam()), 0U);
  // And nothing at all between a document and itself.
  EXPECT_TRUE(diff_rule_ids(dir / "new.yaml", dir / "new.yaml").empty());
}

INSTANTIATE_TEST_SUITE_P(Diff, RuleFixture, testing::ValuesIn(rule_dirs()),
                         [](const testing::TestParamInfo<std::string>& param) {
                           std::string name;
                           bool upper = true;
                           for (const char c : param.param) {
                             if (c == '-') {
                               upper = true;
                               continue;
                             }
                             name += upper ? static_cast<char>(std::toupper(c)) : c;
                             upper = false;
                           }
                           return name;
                         });

TEST(RuleTable, EveryRuleHasAFixtureAndThereAreAtLeastForty) {
  const auto dirs = rule_dirs();
  EXPECT_GE(all_rules().size(), 40U);
  for (const auto& rule : all_rules()) {
    EXPECT_TRUE(std::find(dirs.begin(), dirs.end(), rule.id) != dirs.end())
        << "no fixture for " << rule.id;
  }
  std::set<std::string_view> ids;
  for (const auto& rule : all_rules()) {
    EXPECT_TRUE(ids.insert(rule.id).second) << "duplicate " << rule.id;
  }
}

} // namespace
} // namespace concord::diff
