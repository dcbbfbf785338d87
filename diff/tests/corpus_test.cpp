// The real corpus (env CONCORD_EXTERNAL): vendor documents against themselves give no change,
// and the OpenAI document against a copy with three known breaks gives exactly those three.
#include "core/document.hpp"
#include "core/loader.hpp"
#include "diff/diff.hpp"
#include "diff/git_source.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <string>

namespace concord::diff {
namespace {

std::filesystem::path corpus_root() {
  const char* env = std::getenv("CONCORD_EXTERNAL");
  return env == nullptr ? std::filesystem::path() : std::filesystem::path(env);
}

std::string describe(const std::vector<Change>& changes) {
  std::string out;
  for (const auto& c : changes) {
    out += std::string(to_string(c.level)) + " " + c.new_location + ": " + c.message + " [" +
           c.rule + "]\n";
  }
  return out;
}

TEST(DiffCorpus, VendorDocumentsAgainstThemselvesHaveNoChange) {
  const auto root = corpus_root();
  if (root.empty()) {
    GTEST_SKIP() << "set CONCORD_EXTERNAL to the shared/external directory to run the corpus";
  }
  for (const char* rel :
       {"feldera/openapi.json", "clickhouse-cloud/openapi.json", "large/openai/openapi.yaml"}) {
    const auto file = root / rel;
    if (!std::filesystem::exists(file)) {
      ADD_FAILURE() << "missing " << file;
      continue;
    }
    auto a = core::load_spec(file);
    auto b = core::load_spec(file);
    ASSERT_TRUE(a && b) << file;
    ASSERT_GT((*a)->operations.size(), 10U) << file;
    const auto changes = diff_specs(**a, **b);
    EXPECT_TRUE(changes.empty()) << rel << ":\n" << describe(changes);
  }
}

TEST(DiffCorpus, OpenAiWithThreeBreaksGivesExactlyThoseThree) {
  const auto root = corpus_root();
  if (root.empty()) {
    GTEST_SKIP() << "set CONCORD_EXTERNAL to the shared/external directory to run the corpus";
  }
  const auto original = root / "large/openai/openapi.json";
  auto doc = core::load_document(original);
  ASSERT_TRUE(doc) << doc.error().to_string();
  auto& json = doc->root;
  // 1. A response field removed (DeleteModelResponse answers DELETE /models/{model} only).
  auto& deleted = json["components"]["schemas"]["DeleteModelResponse"];
  ASSERT_EQ(deleted["properties"].erase("deleted"), 1U);
  auto& required = deleted["required"];
  required.erase(std::remove(required.begin(), required.end(), "deleted"), required.end());
  // 2. An enum value removed from a request parameter (GET /assistants ?order=).
  bool found = false;
  for (auto& param : json["paths"]["/assistants"]["get"]["parameters"]) {
    if (param.value("name", "") == "order") {
      auto& values = param["schema"]["enum"];
      values.erase(std::remove(values.begin(), values.end(), "desc"), values.end());
      found = true;
    }
  }
  ASSERT_TRUE(found);
  // 3. A required parameter added (GET /models).
  json["paths"]["/models"]["get"]["parameters"] =
      nlohmann::json::array({{{"name", "project"},
                              {"in", "query"},
                              {"required", true},
                              {"schema", {{"type", "string"}}}}});
  TempDir dir;
  ASSERT_TRUE(dir.is_valid());
  const auto changed = dir.path() / "openapi.json";
  std::ofstream(changed) << json.dump(1);

  auto a = core::load_spec(original);
  auto b = core::load_spec(changed);
  ASSERT_TRUE(a && b);
  EXPECT_GE((*a)->operations.size(), 280U);
  const auto changes = diff_specs(**a, **b);
  std::multiset<std::string> breaking;
  for (const auto& c : changes) {
    if (c.level == Level::breaking) {
      breaking.insert(c.rule + " " + c.operation_id);
    }
  }
  EXPECT_EQ(breaking,
            (std::multiset<std::string>{"response-property-removed deleteModel",
                                        "request-parameter-enum-value-removed listAssistants",
                                        "request-parameter-required-added listModels"}))
      << describe(changes);
  EXPECT_EQ(changes.size(), 3U) << describe(changes);
}

} // namespace
} // namespace concord::diff
