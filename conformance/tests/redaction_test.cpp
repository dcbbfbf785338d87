#include "core/redaction.hpp"

#include <gtest/gtest.h>

namespace concord::conformance {
namespace {

using nlohmann::json;

json make_results() {
  json item;
  item["id"] = "POST /login > 200";
  item["request"] = {{"method", "POST"},
                     {"url", "http://h/login?api_key=abc123&page=2"},
                     {"headers", {{"Authorization", "Bearer s3cr3t-token"}, {"Accept", "*/*"}}},
                     {"body", R"({"user":"ann","password":"hunter22"})"}};
  item["response"] = {{"status", 200},
                      {"headers", {{"Set-Cookie", "sid=xyz"}, {"X-Echo", "s3cr3t-token"}}},
                      {"body", R"({"access_token":"t0k","nested":{"clientSecret":"zz"}})"}};
  item["failures"] = json::array({{{"check", "schema"},
                                   {"message", "echoed s3cr3t-token"},
                                   {"pointer", "/nested/clientSecret"},
                                   {"expected", "string"},
                                   {"actual", "\"zz\""}}});
  return {{"target", "http://h"}, {"cases", json::array({item})}};
}

TEST(Redaction, RemovesSecretsFromEveryPartOfTheResults) {
  json results = make_results();
  core::redact_results(results, {"s3cr3t-token"});
  const std::string text = results.dump();
  for (const char* secret : {"s3cr3t-token", "hunter22", "abc123", "sid=xyz", "t0k", "\"zz\""}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in " << text;
  }
  const auto& item = results["cases"][0];
  EXPECT_EQ(item["request"]["headers"]["Accept"], "*/*");
  EXPECT_EQ(item["request"]["url"], "http://h/login?api_key=<redacted>&page=2");
  EXPECT_NE(item["request"]["body"].get<std::string>().find("ann"), std::string::npos);
}

TEST(Redaction, SensitiveNames) {
  EXPECT_TRUE(core::is_sensitive_name("Authorization"));
  EXPECT_TRUE(core::is_sensitive_name("X-Api-Key"));
  EXPECT_TRUE(core::is_sensitive_name("refreshToken"));
  EXPECT_FALSE(core::is_sensitive_name("Accept"));
}

TEST(Redaction, ShortSecretsAreNotReplacedEverywhere) {
  EXPECT_EQ(core::redact_text("a b c", {"a"}), "a b c");
  EXPECT_EQ(core::redact_text("x=longsecret", {"longsecret"}), "x=<redacted>");
}

} // namespace
} // namespace concord::conformance

namespace concord::conformance {
namespace {

// A live target may answer with bytes that are not UTF-8; redaction and serialising the
// results must not throw (json::dump() throws type_error.316 without the replace handler).
TEST(Redaction, InvalidUtf8ResponseTextDoesNotThrow) {
  json results = make_results();
  auto& response = results["cases"][0]["response"];
  response["body"] = "{\"name\":\"bad\xff\"} s3cr3t-token \xfe";
  response["headers"]["X-Bad"] = "v\xff";
  EXPECT_NO_THROW(core::redact_results(results, {"s3cr3t-token"}));
  std::string text;
  EXPECT_NO_THROW(text = results.dump(-1, ' ', false, json::error_handler_t::replace));
  EXPECT_EQ(text.find("s3cr3t-token"), std::string::npos) << text;
  EXPECT_NO_THROW((void)core::redact_body("{\"password\":\"\xff\"}", {}));
  EXPECT_NO_THROW((void)core::redact_body("[\"\xc0\xaf\"]", {}));
}

} // namespace
} // namespace concord::conformance
