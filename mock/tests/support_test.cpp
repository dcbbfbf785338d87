#include "mock/mock_config.hpp"
#include "mock/request_validator.hpp"
#include "mock/url_codec.hpp"

#include <gtest/gtest.h>

namespace concord::mock {
namespace {

using nlohmann::json;

TEST(UrlCodec, DecodesPercentAndPlus) {
  EXPECT_EQ(percent_decode("a%20b+c", true), "a b c");
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_FALSE(percent_decode("%4").has_value());
  const auto pairs = parse_query("a=1&b=x%26y&a=2&flag");
  ASSERT_EQ(pairs.size(), 4U);
  EXPECT_EQ(pairs[1].second, "x&y");
  EXPECT_EQ(pairs[3].first, "flag");
  EXPECT_EQ(decode_base64("dXNlcjpwYXNz"), "user:pass");
}

TEST(RequestValidator, MeasuresJsonDepthOutsideStrings) {
  EXPECT_EQ(measure_json_depth(R"({"a": [1, {"b": "[[[["}]})", 100), 3);
  EXPECT_EQ(measure_json_depth("[[[[[[[[[[", 5), 6);
}

TEST(MockConfig, ParsesOperationSettings) {
  const auto config = parse_mock_config(R"(
latency: { min: 10, max: 20 }
operations:
  getPet:
    latency: 50
    errors: { rate: 0.5, status: 503 }
    credentials: { bearer: [secret] }
cors: { allow_origin: "https://app.example" }
admin: { allow_remote: true }
limits: { max_body_bytes: 1024 }
)",
                                        "mem://config.yaml");
  ASSERT_TRUE(config) << config.error().to_string();
  const auto settings = resolve_settings(*config, "getPet", "GET /pets/{id}");
  ASSERT_TRUE(settings.latency);
  EXPECT_EQ(settings.latency->fixed_ms, 50);
  EXPECT_EQ(settings.errors->status, 503);
  EXPECT_EQ(settings.credentials->bearer, std::vector<std::string>{"secret"});
  const auto other = resolve_settings(*config, "listPets", "GET /pets");
  EXPECT_EQ(other.latency->max_ms, 20);
  EXPECT_EQ(config->cors.allow_origin, "https://app.example");
  EXPECT_TRUE(config->admin_remote);
  EXPECT_EQ(config->limits.max_body_bytes, 1024U);
}

TEST(MockConfig, RejectsUnknownKeysWithLocation) {
  const auto config = parse_mock_config("latncy: 5\n", "mem://config.yaml");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().code, core::ErrorCode::config_invalid);
  EXPECT_EQ(config.error().location, "mem://config.yaml:1:9");
  EXPECT_EQ(config.error().message.rfind("/latncy: unknown key `latncy`", 0), 0U)
      << config.error().message;
}

TEST(MockConfig, RejectsWrongValuesAtTheirPointer) {
  const auto kind =
      parse_mock_config("operations:\n  getPet:\n    faults: {kind: explode}\n", "c.yaml");
  ASSERT_FALSE(kind);
  EXPECT_EQ(kind.error().code, core::ErrorCode::config_invalid);
  EXPECT_EQ(kind.error().location, "c.yaml:3:20");
  EXPECT_EQ(kind.error().message.rfind("/operations/getPet/faults/kind: ", 0), 0U)
      << kind.error().message;
  const auto latency = parse_mock_config("latency: {min: 50, max: 10}\n", "c.yaml");
  ASSERT_FALSE(latency);
  EXPECT_EQ(latency.error().code, core::ErrorCode::config_invalid);
  EXPECT_EQ(latency.error().location, "c.yaml:1:10");
  EXPECT_NE(latency.error().message.find("max is below min"), std::string::npos);
}

} // namespace
} // namespace concord::mock
