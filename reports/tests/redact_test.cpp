#include "core/redaction.hpp"

#include <gtest/gtest.h>
#include <string>

namespace {

using nlohmann::json;

json one_case(json request, json response) {
  return {{"cases",
           {{{"id", "x"},
             {"outcome", "failed"},
             {"request", std::move(request)},
             {"response", std::move(response)}}}}};
}

TEST(Redact, HeadersByName) {
  json results =
      one_case({{"headers",
                 {{"Authorization", "Bearer abc"},
                  {"Cookie", "a=b"},
                  {"X-Auth-Token", "t"},
                  {"Accept", "*/*"}}}},
               {{"headers", {{"Set-Cookie", "sid=1"}, {"Proxy-Authorization", "Basic x"}}}});
  concord::core::redact_results(results);
  const json& c = results["cases"][0];
  EXPECT_EQ(c["request"]["headers"]["Authorization"], "<redacted>");
  EXPECT_EQ(c["request"]["headers"]["Cookie"], "<redacted>");
  EXPECT_EQ(c["request"]["headers"]["X-Auth-Token"], "<redacted>");
  EXPECT_EQ(c["request"]["headers"]["Accept"], "*/*");
  EXPECT_EQ(c["response"]["headers"]["Set-Cookie"], "<redacted>");
  EXPECT_EQ(c["response"]["headers"]["Proxy-Authorization"], "<redacted>");
}

TEST(Redact, HeaderPairsInArrayForm) {
  json headers =
      json::array({json::array({"authorization", "Bearer abc"}), json::array({"accept", "x"})});
  json results = one_case({{"headers", headers}}, json::object());
  concord::core::redact_results(results);
  EXPECT_EQ(results["cases"][0]["request"]["headers"][0][1], "<redacted>");
  EXPECT_EQ(results["cases"][0]["request"]["headers"][1][1], "x");
}

TEST(Redact, JsonBodyFieldsAnywhere) {
  json results =
      one_case({{"body", R"({"a":[{"userPassword":"p1"}],"refresh_token":"t1","name":"n"})"}},
               {{"body", json({{"secretKey", "s1"}, {"ok", 1}})}});
  concord::core::redact_results(results);
  const json req = json::parse(results["cases"][0]["request"]["body"].get<std::string>());
  EXPECT_EQ(req["a"][0]["userPassword"], "<redacted>");
  EXPECT_EQ(req["refresh_token"], "<redacted>");
  EXPECT_EQ(req["name"], "n");
  EXPECT_EQ(results["cases"][0]["response"]["body"]["secretKey"], "<redacted>");
}

TEST(Redact, SchemaUnderSecretNameStaysReadable) {
  json results = {
      {"cases",
       {{{"id", "x"},
         {"failures", {{{"expected", R"({"properties":{"token":{"type":"string"}}})"}}}}}}}};
  concord::core::redact_results(results);
  const json expected =
      json::parse(results["cases"][0]["failures"][0]["expected"].get<std::string>());
  EXPECT_EQ(expected["properties"]["token"]["type"], "string");
}

TEST(Redact, TextPairsInUrlsAndFormBodies) {
  json results =
      one_case({{"url", "http://h/p?token=abc&x=1"}, {"body", "user=a&password=hunter2"}},
               {{"body", "Authorization: Bearer zzz\nok"}});
  concord::core::redact_results(results);
  const json& c = results["cases"][0];
  EXPECT_EQ(c["request"]["url"], "http://h/p?token=<redacted>&x=1");
  EXPECT_EQ(c["request"]["body"], "user=a&password=<redacted>");
  EXPECT_EQ(c["response"]["body"], "Authorization: <redacted>\nok");
}

TEST(Redact, IsIdempotent) {
  json results = one_case({{"url", "http://h/p?token=abc"},
                           {"headers", {{"Authorization", "Bearer a"}}},
                           {"body", "Authorization: Bearer <redacted>"}},
                          json::object());
  concord::core::redact_results(results);
  const json once = results;
  concord::core::redact_results(results);
  EXPECT_EQ(results, once);
}

TEST(Redact, NonJsonBodyThatLooksLikeJsonIsScannedAsText) {
  json results = one_case({{"body", R"({"password": "p1", "cut": "trunc)"}}, json::object());
  concord::core::redact_results(results);
  EXPECT_EQ(results["cases"][0]["request"]["body"], R"({"password": "<redacted>", "cut": "trunc)");
}

} // namespace
