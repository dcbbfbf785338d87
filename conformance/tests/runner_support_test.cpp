#include "conformance/http_client.hpp"
#include "conformance/request_values.hpp"
#include "conformance/runner.hpp"
#include "conformance/verify.hpp"
#include "core/media_type.hpp"
#include "core/statuses.hpp"

#include <gtest/gtest.h>

namespace concord::conformance {
namespace {

using nlohmann::json;

TEST(RunnerSupport, ParsesBaseUrls) {
  auto url = parse_base_url("http://127.0.0.1:4010/api/");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, 4010);
  EXPECT_EQ(url->path, "/api");
  EXPECT_FALSE(parse_base_url("127.0.0.1:4010"));
  EXPECT_FALSE(parse_base_url("http://h:99999"));
  EXPECT_FALSE(parse_base_url("ftp://h"));
}

TEST(RunnerSupport, FillsPathTemplatesAndEncodes) {
  RequestPlan plan;
  plan.path_template = "/v0/pipelines/{name}/resume";
  plan.path_params["name"] = "a b/c";
  plan.query = {{"api-version", "6.4"}, {"q", "x&y"}};
  const auto target = build_target_path(plan);
  EXPECT_EQ(target.path, "/v0/pipelines/a%20b%2Fc/resume?api-version=6.4&q=x%26y");
  plan.path_params.clear();
  EXPECT_EQ(build_target_path(plan).missing, "name");
}

TEST(RunnerSupport, SubstitutesCapturedValues) {
  const std::map<std::string, json> vars{{"id", 42}, {"name", "svc"}};
  EXPECT_EQ(substitute("${id}", vars), json(42));
  EXPECT_EQ(substitute("svc-${id}-${name}", vars), json("svc-42-svc"));
  EXPECT_EQ(substitute(json{{"a", {"${name}"}}}, vars), (json{{"a", {"svc"}}}));
  EXPECT_EQ(substitute("${unknown}", vars), json("${unknown}"));
}

TEST(RunnerSupport, StatusRangesAndDefaults) {
  EXPECT_TRUE(core::is_status_match("4XX", 409));
  EXPECT_FALSE(core::is_status_match("4XX", 500));
  EXPECT_TRUE(core::is_status_match("default", 500));
  core::Operation op;
  op.responses = {{"404", "", {}, {}, ""},
                  {"4XX", "", {}, {}, ""},
                  {"202", "", {}, {}, ""},
                  {"200", "", {}, {}, ""}};
  EXPECT_EQ(core::default_status(op), "200");
  EXPECT_EQ(core::find_response(op, 404)->status, "404");
  EXPECT_EQ(core::find_response(op, 409)->status, "4XX");
  EXPECT_EQ(core::find_response(op, 500), nullptr);
}

TEST(RunnerSupport, ShardsAreDeterministicAndCoverEverything) {
  int index = 0;
  int count = 0;
  EXPECT_TRUE(parse_shard("2/3", index, count));
  EXPECT_EQ(index, 2);
  EXPECT_EQ(count, 3);
  EXPECT_FALSE(parse_shard("4/3", index, count));
  EXPECT_FALSE(parse_shard("x/3", index, count));
  EXPECT_FALSE(parse_shard("0/3", index, count));
  std::map<int, int> seen;
  for (int i = 0; i < 300; ++i) {
    const auto key = "GET /x/" + std::to_string(i);
    const int shard = to_shard(key, 3);
    EXPECT_EQ(shard, to_shard(key, 3));
    ++seen[shard];
  }
  EXPECT_EQ(seen.size(), 3U);
}

TEST(RunnerSupport, MediaTypes) {
  EXPECT_TRUE(core::is_json_media_type("application/problem+json; charset=utf-8"));
  EXPECT_FALSE(core::is_json_media_type("text/plain"));
  EXPECT_TRUE(core::is_media_type_match("application/*", "application/json"));
  EXPECT_TRUE(core::is_media_type_match("application/json", "Application/JSON; charset=utf-8"));
  EXPECT_FALSE(core::is_media_type_match("application/json", "text/html"));
}

} // namespace
} // namespace concord::conformance

namespace concord::conformance {
namespace {

TEST(RunnerSupport, EncodesBasicCredentials) {
  EXPECT_EQ(to_base64("Aladdin:open sesame"), "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  EXPECT_EQ(to_base64("ab"), "YWI=");
  EXPECT_EQ(to_base64(""), "");
}

TEST(RunnerSupport, SendsTheTokenAsTheSchemeAsks) {
  core::Spec spec;
  spec.security_schemes["basic"] = {"basic", "http", "basic", "", ""};
  spec.security_schemes["key"] = {"key", "apiKey", "", "query", "api_key"};
  core::Operation op;
  op.security = {{{"basic", {}}}};
  RunSettings settings;
  settings.token = "id:secret";
  settings.extra_headers = {{"X-Trace", "1"}, {"Cookie", "sid=1"}};
  core::Headers headers;
  std::vector<std::pair<std::string, std::string>> query;
  add_credentials(headers, query, spec, op, settings, true);
  ASSERT_NE(core::find_header(headers, "Authorization"), nullptr);
  EXPECT_EQ(*core::find_header(headers, "Authorization"), "Basic aWQ6c2VjcmV0");
  EXPECT_NE(core::find_header(headers, "Cookie"), nullptr);

  headers.clear();
  add_credentials(headers, query, spec, op, settings, false); // no-credentials case
  EXPECT_EQ(core::find_header(headers, "Authorization"), nullptr);
  EXPECT_EQ(core::find_header(headers, "Cookie"), nullptr);
  EXPECT_NE(core::find_header(headers, "X-Trace"), nullptr);

  op.security = {{{"key", {}}}};
  headers.clear();
  add_credentials(headers, query, spec, op, settings, true);
  ASSERT_EQ(query.size(), 1U);
  EXPECT_EQ(query[0].first, "api_key");
}

} // namespace
} // namespace concord::conformance
