#include "mock/negotiator.hpp"
#include "mock/problem.hpp"

#include <gtest/gtest.h>

namespace concord::mock {
namespace {

core::MediaType media(const std::string& name) {
  core::MediaType m;
  m.name = name;
  return m;
}

core::ResponseSpec response(const std::string& status) {
  core::ResponseSpec r;
  r.status = status;
  return r;
}

TEST(Negotiator, ParsesPreferHeader) {
  const auto prefs = parse_prefer("code=409, example=busy; dynamic=true, seed=7");
  EXPECT_EQ(prefs.code, 409);
  EXPECT_EQ(prefs.example, "busy");
  EXPECT_EQ(prefs.dynamic, true);
  EXPECT_EQ(prefs.seed, 7U);
}

TEST(Negotiator, MarksUnparsableCodeAsZero) {
  EXPECT_EQ(parse_prefer("code=abc").code, 0);
}

TEST(Negotiator, PicksJsonWithoutAccept) {
  const std::vector<core::MediaType> offered = {media("text/plain"), media("application/json")};
  EXPECT_EQ(negotiate_media_type(offered, ""), 1U);
}

TEST(Negotiator, HonoursAcceptQuality) {
  const std::vector<core::MediaType> offered = {media("application/json"),
                                                media("application/xml")};
  EXPECT_EQ(negotiate_media_type(offered, "application/json;q=0.5, application/xml"), 1U);
  EXPECT_EQ(negotiate_media_type(offered, "application/*"), 0U);
  EXPECT_EQ(negotiate_media_type(offered, "*/*"), 0U);
}

TEST(Negotiator, ReportsNotAcceptable) {
  const std::vector<core::MediaType> offered = {media("application/json")};
  EXPECT_FALSE(negotiate_media_type(offered, "text/html").has_value());
}

TEST(Negotiator, DefaultIsLowestDocumented2xx) {
  core::Operation op;
  op.responses = {response("404"), response("202"), response("200"), response("default")};
  const auto chosen = negotiate_default_response(op);
  EXPECT_EQ(chosen.status, 200);
  EXPECT_EQ(chosen.response->status, "200");
}

TEST(Negotiator, DefaultFallsBackToDefaultResponse) {
  core::Operation op;
  op.responses = {response("404"), response("default")};
  EXPECT_EQ(negotiate_default_response(op).status, 200);
  EXPECT_EQ(negotiate_default_response(op).response->status, "default");
}

TEST(Negotiator, FindsRangeThenDefault) {
  core::Operation op;
  op.responses = {response("200"), response("4XX"), response("default")};
  EXPECT_EQ(find_response(op, 409)->status, "4XX");
  EXPECT_EQ(find_response(op, 503)->status, "default");
  EXPECT_EQ(find_response(op, 200)->status, "200");
}

TEST(Negotiator, FindsRequestMediaByWildcard) {
  core::RequestBodySpec body;
  body.content = {media("application/json"), media("image/*")};
  EXPECT_EQ(find_request_media(body, "application/json; charset=utf-8")->name, "application/json");
  EXPECT_EQ(find_request_media(body, "image/png")->name, "image/*");
  EXPECT_EQ(find_request_media(body, "text/plain"), nullptr);
}

TEST(Negotiator, RecognisesJsonMediaTypes) {
  EXPECT_TRUE(is_json_media_type("application/json"));
  EXPECT_TRUE(is_json_media_type("application/merge-patch+json; charset=utf-8"));
  EXPECT_FALSE(is_json_media_type("text/plain"));
}

TEST(Problem, BuildsProblemJson) {
  const auto response = build_problem_response(
      Problem{404, "route.no_path", "Not Found", "no route", nlohmann::json{{"x", 1}}});
  EXPECT_EQ(response.status, 404);
  ASSERT_EQ(response.headers.size(), 1U);
  EXPECT_EQ(response.headers[0].second, "application/problem+json");
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["type"], "urn:concord:route.no_path");
  EXPECT_EQ(body["status"], 404);
  EXPECT_EQ(body["title"], "Not Found");
  EXPECT_EQ(body["x"], 1);
}

} // namespace
} // namespace concord::mock
