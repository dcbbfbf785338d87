// One test per rule of docs/rules.md ("Rule homes"): the agreed behaviour, pinned.
#include "core/glob.hpp"
#include "core/media_type.hpp"
#include "core/redaction.hpp"
#include "core/results.hpp"
#include "core/statuses.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace concord::core {
namespace {

using nlohmann::json;

Operation make_operation(const std::vector<std::string>& statuses) {
  Operation op;
  for (const auto& status : statuses) {
    ResponseSpec response;
    response.status = status;
    op.responses.push_back(response);
  }
  return op;
}

const char* status_of(const ResponseSpec* response) {
  return response == nullptr ? "(none)" : response->status.c_str();
}

TEST(StatusRule, ExactCodeBeatsRangeBeatsDefaultWhateverTheOrder) {
  const Operation op = make_operation({"default", "4XX", "404", "200"});
  EXPECT_STREQ(status_of(find_response(op, 404)), "404");
  EXPECT_STREQ(status_of(find_response(op, 409)), "4XX");
  EXPECT_STREQ(status_of(find_response(op, 500)), "default");
  EXPECT_STREQ(status_of(find_response(op, 200)), "200");
  EXPECT_STREQ(status_of(find_response(op, 201)), "default");
}

TEST(StatusRule, LowerCaseRangeIsARange) {
  // OpenAPI writes "4XX"; "4xx" occurs in real documents and means the same.
  const Operation op = make_operation({"200", "4xx", "5Xx"});
  EXPECT_STREQ(status_of(find_response(op, 418)), "4xx");
  EXPECT_STREQ(status_of(find_response(op, 503)), "5Xx");
  EXPECT_EQ(find_response(op, 302), nullptr);
  EXPECT_TRUE(is_status_match("4xx", 404));
  EXPECT_TRUE(is_status_range("4xx"));
  EXPECT_FALSE(is_status_range("6XX"));
  EXPECT_FALSE(is_status_range("4X"));
}

TEST(StatusRule, DefaultIsSpelledExactlyAndMatchesAnything) {
  EXPECT_TRUE(is_status_match("default", 599));
  EXPECT_TRUE(is_status_match("default", 200));
  EXPECT_FALSE(is_default_status("Default"));
  EXPECT_TRUE(is_status_key("default"));
  EXPECT_TRUE(is_status_key("4xx"));
  EXPECT_TRUE(is_status_key("201"));
  EXPECT_FALSE(is_status_key("Default"));
  EXPECT_FALSE(is_status_key("600"));
  EXPECT_FALSE(is_status_key("2X"));
  const Operation op = make_operation({"200", "Default"});
  EXPECT_EQ(find_response(op, 500), nullptr);
}

TEST(StatusRule, FirstOfEachKindWins) {
  const Operation op = make_operation({"4XX", "4xx", "default", "default"});
  EXPECT_EQ(find_response(op, 400), &op.responses[0]);
  const Operation only_default = make_operation({"default", "default"});
  EXPECT_EQ(find_response(only_default, 400), &only_default.responses[0]);
}

TEST(StatusRule, ConcreteAndSuccessStatuses) {
  EXPECT_EQ(to_status_code("204"), 204);
  EXPECT_FALSE(to_status_code("2XX"));
  EXPECT_FALSE(to_status_code("20"));
  EXPECT_FALSE(to_status_code("099"));
  EXPECT_FALSE(to_status_code("600"));
  EXPECT_TRUE(is_success_status("201"));
  EXPECT_TRUE(is_success_status("2XX"));
  EXPECT_TRUE(is_success_status("2xx"));
  EXPECT_FALSE(is_success_status("default"));
  EXPECT_FALSE(is_success_status("2ab"));
  EXPECT_EQ(default_status(make_operation({"default", "202", "4XX", "201"})), "201");
  EXPECT_EQ(default_status(make_operation({"2XX", "default"})), "");
  EXPECT_TRUE(is_accepted_status({"401", "403"}, 403));
  EXPECT_FALSE(is_accepted_status({"401", "403"}, 404));
  EXPECT_TRUE(is_accepted_status({"4XX"}, 404));
}

TEST(MediaTypeRule, JsonTypesAndStructuredSuffix) {
  EXPECT_TRUE(is_json_media_type("application/json"));
  EXPECT_TRUE(is_json_media_type("Application/JSON; charset=utf-8"));
  EXPECT_TRUE(is_json_media_type("text/json"));
  EXPECT_TRUE(is_json_media_type("application/problem+json"));
  EXPECT_TRUE(is_json_media_type("application/vnd.api+json; ext=x"));
  EXPECT_TRUE(is_json_media_type("application/merge-patch+JSON"));
  EXPECT_FALSE(is_json_media_type("application/+json"));
  EXPECT_FALSE(is_json_media_type("application/json-seq"));
  EXPECT_FALSE(is_json_media_type("application/jsonx"));
  EXPECT_FALSE(is_json_media_type("text/plain"));
  EXPECT_FALSE(is_json_media_type(""));
}

TEST(MediaTypeRule, WildcardIsARangeNotJson) {
  EXPECT_FALSE(is_json_media_type("*/*"));
  EXPECT_FALSE(is_json_media_type("application/*"));
  EXPECT_FALSE(is_json_media_type("*/*+json"));
  EXPECT_TRUE(is_media_range("*/*"));
  EXPECT_TRUE(is_media_range("application/*"));
  EXPECT_FALSE(is_media_range("application/json"));
  EXPECT_TRUE(is_media_type_match("*/*", "image/png"));
  EXPECT_TRUE(is_media_type_match("application/*", "application/json"));
  EXPECT_TRUE(is_media_type_match("application/json", "Application/JSON; charset=utf-8"));
  EXPECT_FALSE(is_media_type_match("application/*", "text/json"));
  EXPECT_FALSE(is_media_type_match("application/json", "text/html"));
  EXPECT_EQ(to_media_type_essence("  Text/HTML ; q=1"), "text/html");
}

TEST(GlobRule, StarQuestionMarkAndLiterals) {
  EXPECT_TRUE(is_glob_match("GET /pets/{petId} > 404 > *", "GET /pets/{petId} > 404 > gone"));
  EXPECT_TRUE(is_glob_match("*", ""));
  EXPECT_TRUE(is_glob_match("*/x", "a/b/x"));  // '*' crosses '/'
  EXPECT_TRUE(is_glob_match("?", "\xc3\xa9")); // '?' is one code point
  EXPECT_FALSE(is_glob_match("??", "\xc3\xa9"));
  EXPECT_TRUE(is_glob_match("GET /a?ids[]=*", "GET /a?ids[]=1")); // brackets are literal
  EXPECT_FALSE(is_glob_match("GET /a[bc]", "GET /ab"));
  EXPECT_TRUE(is_glob_match("*b", "*ab"));      // a literal '*' in the text does not stop a star
  EXPECT_TRUE(is_glob_match("a\\*", "a\\xyz")); // no escapes: '\' is literal
  EXPECT_FALSE(is_glob_match("GET *", "POST /x"));
  EXPECT_TRUE(is_glob_match("*a*a*a*a*a*b", std::string(200, 'a') + "b"));
  EXPECT_FALSE(is_glob_match("*a*a*a*a*a*b", std::string(200, 'a')));
}

TEST(RedactionRule, OneWordListForEveryName) {
  for (const char* name :
       {"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key", "api_key",
        "apikey", "refreshToken", "clientSecret", "userPassword", "passwd"}) {
    EXPECT_TRUE(is_sensitive_name(name)) << name;
  }
  for (const char* name : {"Accept", "Content-Type", "name", "session"}) {
    EXPECT_FALSE(is_sensitive_name(name)) << name;
  }
}

TEST(RedactionRule, BodiesTextAndLiteralSecrets) {
  EXPECT_EQ(redact_body(R"({"token":["a","b"],"user":"ann"})"),
            R"({"token":["<redacted>","<redacted>"],"user":"ann"})");
  EXPECT_EQ(redact_body(R"({"token":{"type":"string"}})"), R"({"token":{"type":"string"}})");
  EXPECT_EQ(redact_text("password=hunter2&x=1"), "password=<redacted>&x=1");
  EXPECT_EQ(redact_text("seen s3cr3t here", {"s3cr3t"}), "seen <redacted> here");
  EXPECT_EQ(redact_text("abc", {"abc"}), "abc"); // under 4 characters: not replaced everywhere
}

TEST(RedactionRule, ResultsDocumentBothShapesAndIdempotent) {
  json results = {
      {"cases",
       {{{"request", {{"headers", {{"Cookie", "a=b"}}}, {"url", "http://h/x?api_key=k1&page=2"}}},
         {"response", {{"headers", json::array({json::array({"set-cookie", "s"})})}}},
         {"failures", {{{"pointer", "/auth/token"}, {"expected", "x"}, {"actual", "\"t\""}}}}}}}};
  redact_results(results, {"k1-literal"});
  const json once = results;
  const auto& item = results["cases"][0];
  EXPECT_EQ(item["request"]["headers"]["Cookie"], "<redacted>");
  EXPECT_EQ(item["request"]["url"], "http://h/x?api_key=<redacted>&page=2");
  EXPECT_EQ(item["response"]["headers"][0][1], "<redacted>");
  EXPECT_EQ(item["failures"][0]["actual"], "<redacted>");
  redact_results(results, {"k1-literal"});
  EXPECT_EQ(results, once);
}

std::vector<CaseOutcome> outcomes(std::initializer_list<CaseOutcome> list) {
  return list;
}

TEST(SummaryRule, EmptyRunFails) {
  const RunSummary none = summarise({});
  EXPECT_EQ(none.verdict, Verdict::failed);
  EXPECT_EQ(none.reason, "no case was executed");
  EXPECT_DOUBLE_EQ(none.score, 0.0);
  const RunSummary skipped = summarise(outcomes({CaseOutcome::skipped, CaseOutcome::skipped}));
  EXPECT_EQ(skipped.verdict, Verdict::failed);
  EXPECT_EQ(skipped.reason, "no case was executed");
}

TEST(SummaryRule, CountsScoreAndVerdict) {
  const RunSummary mixed =
      summarise(outcomes({CaseOutcome::passed, CaseOutcome::passed, CaseOutcome::failed,
                          CaseOutcome::skipped, CaseOutcome::waived}));
  EXPECT_EQ(mixed.total, 5);
  EXPECT_EQ(mixed.failed, 1);
  EXPECT_EQ(mixed.executed(), 4);
  EXPECT_DOUBLE_EQ(mixed.score, 66.7); // 2 of passed+failed+errored; skipped and waived aside
  EXPECT_EQ(mixed.verdict, Verdict::failed);
  EXPECT_EQ(mixed.reason, "1 failing case(s)");
  const RunSummary waived = summarise(outcomes({CaseOutcome::waived, CaseOutcome::skipped}));
  EXPECT_EQ(waived.verdict, Verdict::passed); // a waived case ran; the waiver accepts it
  EXPECT_EQ(waived.reason, "");
  const RunSummary green = summarise(outcomes({CaseOutcome::passed, CaseOutcome::skipped}));
  EXPECT_EQ(green.verdict, Verdict::passed);
  EXPECT_DOUBLE_EQ(green.score, 100.0);
}

TEST(SummaryRule, ResultsDocumentUnknownOutcomeIsErrored) {
  json results = {{"cases", {{{"outcome", "exploded"}}, {{"id", "no outcome"}}, 7}}};
  summarise_results(results);
  EXPECT_EQ(results["summary"]["errored"], 3);
  EXPECT_EQ(results["verdict"], "failed");
  EXPECT_EQ(results["verdictReason"], "3 failing case(s)");
  json empty = {{"cases", json::array()}, {"verdict", "passed"}};
  summarise_results(empty);
  EXPECT_EQ(empty["verdict"], "failed");
  EXPECT_EQ(empty["verdictReason"], "no case was executed");
  json green = {{"cases", {{{"outcome", "passed"}}}}};
  summarise_results(green);
  EXPECT_EQ(green["verdict"], "passed");
  EXPECT_TRUE(green["verdictReason"].is_null());
}

} // namespace
} // namespace concord::core
