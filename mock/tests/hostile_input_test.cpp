// Requests carrying bytes that are not UTF-8 (found by fuzz_mock_request): the engine must
// answer with a 4xx problem, never throw from json::dump() or answer 500.

#include "core/http_types.hpp"
#include "mock/clock.hpp"
#include "mock/engine.hpp"
#include "mock/journal.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace concord::mock {
namespace {

struct Fixture {
  Clock clock;
  Journal journal{64};
  std::unique_ptr<MockEngine> engine;
};

std::unique_ptr<Fixture> make_fixture() {
  auto made = std::make_unique<Fixture>();
  made->clock.freeze();
  MockOptions options;
  options.specs = {std::string(CONCORD_SOURCE_DIR) + "/specs"};
  options.stateless = true;
  auto engine = MockEngine::create(options, MockServices{&made->clock, &made->journal});
  EXPECT_TRUE(engine) << engine.error().to_string();
  if (engine) {
    made->engine = std::move(*engine);
  }
  return made;
}

core::Request request_for(std::string method, std::string path) {
  core::Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.remote_addr = "127.0.0.1";
  return request;
}

void expect_problem(const HandleResult& result, int status) {
  EXPECT_EQ(result.response.status, status) << result.response.body;
  const auto body = nlohmann::json::parse(result.response.body, nullptr, false);
  ASSERT_FALSE(body.is_discarded()) << result.response.body;
  EXPECT_EQ(body.value("status", 0), status);
}

TEST(HostileInput, InvalidUtf8PathIsA404Problem) {
  auto fixture = make_fixture();
  ASSERT_NE(fixture->engine, nullptr);
  HandleResult result;
  ASSERT_NO_THROW(result = fixture->engine->handle(request_for("GET", "/nope\xff")));
  expect_problem(result, 404);
}

TEST(HostileInput, FuzzRegressionPathIsAnsweredWith4xx) {
  // fuzz_mock_request input: "POST /vOPT\xff...\xffIONS /v1/...": method, then the target up to
  // the next space.
  std::ifstream in(std::filesystem::path(CONCORD_SOURCE_DIR) /
                       "fixtures/fuzz-regressions/fuzz_mock_request/path-invalid-utf8-problem-dump",
                   std::ios::binary);
  ASSERT_TRUE(in);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto first = text.find(' ');
  ASSERT_NE(first, std::string::npos);
  const auto second = text.find(' ', first + 1);
  auto fixture = make_fixture();
  ASSERT_NE(fixture->engine, nullptr);
  HandleResult result;
  ASSERT_NO_THROW(result = fixture->engine->handle(request_for(
                      text.substr(0, first), text.substr(first + 1, second - first - 1))));
  EXPECT_GE(result.response.status, 400) << result.response.body;
  EXPECT_LT(result.response.status, 500) << result.response.body;
  EXPECT_FALSE(nlohmann::json::parse(result.response.body, nullptr, false).is_discarded());
}

TEST(HostileInput, JournalOfInvalidUtf8RequestServesAsJson) {
  auto fixture = make_fixture();
  ASSERT_NE(fixture->engine, nullptr);
  auto bad = request_for("GET", "/nope\xff");
  bad.query = "q=\xfe";
  ASSERT_NO_THROW((void)fixture->engine->handle(bad));
  HandleResult result;
  ASSERT_NO_THROW(result = fixture->engine->handle(request_for("GET", "/__concord/requests")));
  EXPECT_EQ(result.response.status, 200) << result.response.body;
  EXPECT_FALSE(nlohmann::json::parse(result.response.body, nullptr, false).is_discarded())
      << result.response.body;
}

} // namespace
} // namespace concord::mock
