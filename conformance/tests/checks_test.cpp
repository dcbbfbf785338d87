#include "conformance/checks.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace concord::conformance {
namespace {

using nlohmann::json;

class Checks : public ::testing::Test {
protected:
  void SetUp() override {
    spec_ = testing::load_fixture_spec("pets.yaml");
    ASSERT_NE(spec_, nullptr);
    get_pet_ = spec_->find_operation("getPet");
    ASSERT_NE(get_pet_, nullptr);
  }

  Expectation expect_dog() const {
    Expectation e;
    e.operation = get_pet_;
    e.accepted_statuses = {"200"};
    e.expected_status = "200";
    e.media_type = "application/json";
    e.example_name = "dog";
    e.compare_example = true;
    return e;
  }

  static core::Response make_response(int status, std::string body,
                                      std::string type = "application/json") {
    core::Response r;
    r.status = status;
    r.headers = {{"Content-Type", std::move(type)}, {"X-Rate-Limit", "10"}};
    r.body = std::move(body);
    return r;
  }

  static std::vector<std::string> checks_failed(const CheckReport& report) {
    std::vector<std::string> out;
    for (const auto& f : report.failures) {
      out.push_back(f.check);
    }
    return out;
  }

  std::shared_ptr<const core::Spec> spec_;
  const core::Operation* get_pet_ = nullptr;
  CheckOptions options_;
};

TEST_F(Checks, CorrectResponsePassesEveryCheck) {
  const auto report = check_response(
      *spec_, expect_dog(), make_response(200, R"({"id":"rex","kind":"dog","age":4,"tags":["x"]})"),
      1.0, options_);
  EXPECT_TRUE(report.failures.empty()) << report.failures.front().message;
  for (const char* name : {"status", "content-type", "header", "json", "schema", "example"}) {
    EXPECT_NE(std::find(report.checks.begin(), report.checks.end(), name), report.checks.end())
        << name;
  }
}

TEST_F(Checks, UndocumentedStatusFailsStatusAndStatusDocumented) {
  const auto report = check_response(*spec_, expect_dog(), make_response(418, "{}"), 1.0, options_);
  EXPECT_EQ(checks_failed(report), (std::vector<std::string>{"status", "status-documented"}));
  EXPECT_EQ(report.failures[0].expected, "200");
  EXPECT_EQ(report.failures[0].actual, "418");
  EXPECT_FALSE(report.notes.empty()); // says what it could not check
}

TEST_F(Checks, WrongContentTypeFails) {
  const auto report = check_response(
      *spec_, expect_dog(), make_response(200, R"({"id":"rex","kind":"dog"})", "text/html"), 1.0,
      options_);
  EXPECT_EQ(checks_failed(report), std::vector<std::string>{"content-type"});
}

TEST_F(Checks, SchemaBreakNamesThePointer) {
  const auto report =
      check_response(*spec_, expect_dog(),
                     make_response(200, R"({"id":"rex","kind":"dog","age":"old"})"), 1.0, options_);
  ASSERT_FALSE(report.failures.empty());
  EXPECT_EQ(report.failures[0].check, "schema");
  EXPECT_EQ(report.failures[0].pointer, "/age");
  EXPECT_EQ(report.failures[0].actual, "\"old\"");
}

TEST_F(Checks, MissingRequiredFieldIsASchemaFailure) {
  const auto report =
      check_response(*spec_, expect_dog(), make_response(200, R"({"kind":"dog"})"), 1.0, options_);
  ASSERT_FALSE(report.failures.empty());
  EXPECT_EQ(report.failures[0].check, "schema");
}

TEST_F(Checks, MalformedJsonFailsTheJsonCheck) {
  const auto report =
      check_response(*spec_, expect_dog(), make_response(200, R"({"id":"rex",)"), 1.0, options_);
  EXPECT_EQ(checks_failed(report), std::vector<std::string>{"json"});
}

TEST_F(Checks, DeeplyNestedJsonIsRefused) {
  std::string deep(1000, '[');
  deep += std::string(1000, ']');
  std::string error;
  EXPECT_FALSE(parse_json_body(deep, 256, error).has_value());
  EXPECT_NE(error.find("nesting"), std::string::npos);
}

TEST_F(Checks, MissingRequiredHeaderFails) {
  auto response = make_response(200, R"({"id":"rex","kind":"dog","age":3,"tags":[]})");
  response.headers.pop_back();
  const auto report = check_response(*spec_, expect_dog(), response, 1.0, options_);
  EXPECT_EQ(checks_failed(report), std::vector<std::string>{"header"});
}

TEST_F(Checks, InvalidHeaderValueFails) {
  auto response = make_response(200, R"({"id":"rex","kind":"dog","age":3,"tags":[]})");
  response.headers.back().second = "lots";
  const auto report = check_response(*spec_, expect_dog(), response, 1.0, options_);
  EXPECT_EQ(checks_failed(report), std::vector<std::string>{"header"});
}

TEST_F(Checks, StrictRejectsUndocumentedFields) {
  const auto body = R"({"id":"rex","kind":"dog","age":3,"tags":[],"colour":"brown"})";
  EXPECT_TRUE(check_response(*spec_, expect_dog(), make_response(200, body), 1.0, options_)
                  .failures.empty());
  options_.strict = true;
  const auto report = check_response(*spec_, expect_dog(), make_response(200, body), 1.0, options_);
  EXPECT_EQ(checks_failed(report), std::vector<std::string>{"strict"});
}

TEST_F(Checks, SlowAnswerFailsResponseTime) {
  options_.max_response_ms = 50;
  const auto report = check_response(
      *spec_, expect_dog(), make_response(200, R"({"id":"rex","kind":"dog","age":1,"tags":[]})"),
      80.0, options_);
  EXPECT_EQ(checks_failed(report), std::vector<std::string>{"response-time"});
}

TEST_F(Checks, ShapeModeComparesTypesNotValues) {
  const auto body = R"({"id":"fido","kind":"cat","age":9,"tags":[]})";
  EXPECT_TRUE(check_response(*spec_, expect_dog(), make_response(200, body), 1.0, options_)
                  .failures.empty());
  options_.match = MatchMode::exact;
  const auto report = check_response(*spec_, expect_dog(), make_response(200, body), 1.0, options_);
  ASSERT_FALSE(report.failures.empty());
  EXPECT_EQ(report.failures[0].check, "example");
}

TEST_F(Checks, UnselectableExampleMatchesAnyDocumentedOne) {
  auto expectation = expect_dog();
  expectation.example_name = "cat";
  expectation.example_selectable = false;
  options_.match = MatchMode::exact;
  const auto report = check_response(
      *spec_, expectation,
      make_response(200, R"({"id":"rex","kind":"dog","age":3,"tags":["good"]})"), 1.0, options_);
  EXPECT_TRUE(report.failures.empty());
  EXPECT_FALSE(report.notes.empty());
}

TEST_F(Checks, BodyOnANoContentResponseFails) {
  Expectation e;
  e.operation = spec_->find_operation("getHealth");
  e.accepted_statuses = {"204"};
  core::Response response;
  response.status = 204;
  EXPECT_TRUE(check_response(*spec_, e, response, 1.0, options_).failures.empty());
  response.status = 200;
  const auto report = check_response(*spec_, e, response, 1.0, options_);
  EXPECT_EQ(checks_failed(report), (std::vector<std::string>{"status", "status-documented"}));
}

} // namespace
} // namespace concord::conformance
