#include "mock/router.hpp"

#include <deque>
#include <gtest/gtest.h>

namespace concord::mock {
namespace {

class RouterTest : public ::testing::Test {
protected:
  std::deque<core::Operation> operations_;
  Router router_;

  const core::Operation& add(const std::string& method, const std::string& path,
                             const std::string& prefix = "", std::size_t document = 0) {
    core::Operation op;
    op.method = method;
    op.path = path;
    op.operation_id = method + " " + path;
    operations_.push_back(op);
    EXPECT_TRUE(
        router_.add(prefix, operations_.back(), document, "doc" + std::to_string(document)));
    return operations_.back();
  }
};

TEST_F(RouterTest, PrefersConcretePathOverTemplate) {
  const auto& templated = add("GET", "/pets/{id}");
  const auto& concrete = add("GET", "/pets/mine");
  EXPECT_EQ(router_.match("GET", "/pets/mine").target->operation, &concrete);
  const auto match = router_.match("GET", "/pets/42");
  ASSERT_NE(match.target, nullptr);
  EXPECT_EQ(match.target->operation, &templated);
  ASSERT_EQ(match.params.size(), 1U);
  EXPECT_EQ(match.params[0].first, "id");
  EXPECT_EQ(match.params[0].second, "42");
}

TEST_F(RouterTest, FallsBackToTemplateWhenConcretePathLacksMethod) {
  add("GET", "/pets/mine");
  const auto& templated = add("DELETE", "/pets/{id}");
  const auto match = router_.match("DELETE", "/pets/mine");
  ASSERT_NE(match.target, nullptr);
  EXPECT_EQ(match.target->operation, &templated);
}

TEST_F(RouterTest, ReportsAllowedMethodsForKnownPath) {
  add("GET", "/pets");
  add("POST", "/pets");
  const auto match = router_.match("PUT", "/pets");
  EXPECT_EQ(match.target, nullptr);
  EXPECT_TRUE(match.path_found);
  EXPECT_EQ(match.allowed, (std::vector<std::string>{"GET", "POST"}));
}

TEST_F(RouterTest, UnknownPathIsNotFound) {
  add("GET", "/pets");
  const auto match = router_.match("GET", "/owners");
  EXPECT_EQ(match.target, nullptr);
  EXPECT_FALSE(match.path_found);
}

TEST_F(RouterTest, MatchesDollarAndTildeLiteralSegments) {
  const auto& resume = add("POST", "/Services/{serviceId}/$/ResumeBackup");
  auto match = router_.match("POST", "/Services/app~svc/$/ResumeBackup");
  ASSERT_NE(match.target, nullptr);
  EXPECT_EQ(match.target->operation, &resume);
  EXPECT_EQ(match.params[0].second, "app~svc");
  match = router_.match("POST", "/Services/app~svc/%24/ResumeBackup");
  ASSERT_NE(match.target, nullptr);
  EXPECT_EQ(match.target->operation, &resume);
}

TEST_F(RouterTest, MatchesColonSuffixInsideSegment) {
  const auto& cancel = add("POST", "/v1/{name}:cancel");
  const auto& plain = add("GET", "/v1/{name}");
  auto match = router_.match("POST", "/v1/job7:cancel");
  ASSERT_NE(match.target, nullptr);
  EXPECT_EQ(match.target->operation, &cancel);
  EXPECT_EQ(match.params[0].second, "job7");
  match = router_.match("GET", "/v1/job7");
  ASSERT_NE(match.target, nullptr);
  EXPECT_EQ(match.target->operation, &plain);
}

TEST_F(RouterTest, DecodesPercentEncodedParameters) {
  add("GET", "/files/{name}");
  const auto match = router_.match("GET", "/files/a%2Fb%20c");
  ASSERT_NE(match.target, nullptr);
  EXPECT_EQ(match.params[0].second, "a/b c");
}

TEST_F(RouterTest, ServesUnderPrefix) {
  add("GET", "/pets", "/v1");
  EXPECT_NE(router_.match("GET", "/v1/pets").target, nullptr);
  EXPECT_EQ(router_.match("GET", "/pets").target, nullptr);
}

TEST_F(RouterTest, IgnoresTrailingSlash) {
  add("GET", "/pets");
  EXPECT_NE(router_.match("GET", "/pets/").target, nullptr);
}

TEST_F(RouterTest, HeadFallsBackToGet) {
  const auto& get = add("GET", "/pets");
  EXPECT_EQ(router_.match("HEAD", "/pets").target->operation, &get);
}

TEST_F(RouterTest, ConflictNamesBothDocuments) {
  add("GET", "/pets/{id}", "", 0);
  core::Operation other;
  other.method = "GET";
  other.path = "/pets/{petId}";
  other.operation_id = "getPet";
  const auto result = router_.add("", other, 1, "other.yaml");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, core::ErrorCode::spec_invalid);
  EXPECT_NE(result.error().message.find("doc0"), std::string::npos);
  EXPECT_NE(result.error().message.find("other.yaml"), std::string::npos);
}

TEST_F(RouterTest, AliasNeverConflicts) {
  const auto& primary = add("GET", "/pets");
  core::Operation alias;
  alias.method = "GET";
  alias.path = "/pets";
  EXPECT_TRUE(router_.add("", alias, 1, "other", true));
  EXPECT_EQ(router_.match("GET", "/pets").target->operation, &primary);
}

TEST_F(RouterTest, MoreLiteralTemplateWins) {
  const auto& plain = add("GET", "/r/{a}");
  const auto& json = add("GET", "/r/{a}.json");
  EXPECT_EQ(router_.match("GET", "/r/x.json").target->operation, &json);
  EXPECT_EQ(router_.match("GET", "/r/x").target->operation, &plain);
}

} // namespace
} // namespace concord::mock
