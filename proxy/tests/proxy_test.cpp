// The proxy's pure parts: which headers cross it, and recordings as overlays that apply.
#include "core/loader.hpp"
#include "core/overlay.hpp"
#include "proxy/proxy.hpp"
#include "proxy/recorder.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

namespace concord::proxy {
namespace {

bool has_header(const core::Headers& headers, const std::string& name) {
  return core::find_header(headers, name) != nullptr;
}

TEST(ProxyHeaders, HopByHopFieldsAndThoseNamedInConnectionStayBehind) {
  const core::Headers in = {{"Host", "127.0.0.1:4010"},
                            {"Connection", "keep-alive, X-Session-Hop"},
                            {"X-Session-Hop", "1"},
                            {"Keep-Alive", "timeout=5"},
                            {"Transfer-Encoding", "chunked"},
                            {"Content-Length", "12"},
                            {"Upgrade", "websocket"},
                            {"Proxy-Authorization", "Basic c2VjcmV0"},
                            {"TE", "trailers"},
                            {"Authorization", "Bearer end-to-end"},
                            {"Content-Type", "application/json"},
                            {"X-Request-Id", "abc"}};
  const auto out = without_hop_by_hop(in);
  for (const char* gone : {"Host", "Connection", "X-Session-Hop", "Keep-Alive", "Transfer-Encoding",
                           "Content-Length", "Upgrade", "TE"}) {
    EXPECT_FALSE(has_header(out, gone)) << gone;
  }
  for (const char* kept : {"Authorization", "Content-Type", "X-Request-Id"}) {
    EXPECT_TRUE(has_header(out, kept)) << kept;
  }
  // Proxy-Authorization is for a proxy in front of concord, which used it already.
  EXPECT_TRUE(has_header(out, "Proxy-Authorization"));
  EXPECT_FALSE(has_header(without_hop_by_hop({{"Content-Length", "3"}}), "Content-Length"));
}

TEST(ProxyRecorder, PointersBecomeQuotedJsonPaths) {
  EXPECT_EQ(to_json_path("#/paths/~1v1~1items~1{id}/get/responses/200/content/application~1json"),
            "$['paths']['/v1/items/{id}']['get']['responses']['200']['content']['application/"
            "json']");
  EXPECT_EQ(to_json_path("#/a/it's"), R"($['a']['it\'s'])");
  auto pointer = core::to_json_pointer(to_json_path("#/paths/~1a~0b/get"));
  ASSERT_TRUE(pointer) << pointer.error().to_string();
  EXPECT_EQ(*pointer, "/paths/~1a~0b/get");
}

TEST(ProxyOverlay, UnsupportedPathsAreRefusedWithTheReason) {
  auto wildcard = core::to_json_pointer("$.paths[*].get");
  ASSERT_FALSE(wildcard);
  EXPECT_NE(wildcard.error().message.find("no wildcards"), std::string::npos);
  EXPECT_FALSE(core::to_json_pointer("paths.x"));
  EXPECT_FALSE(core::to_json_pointer("$['unterminated"));
}

class ProxyRecorderFiles : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("concord-recorder-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "items.yaml") << R"(openapi: 3.1.0
info: {title: items, version: "1"}
paths:
  /items/{id}:
    get:
      operationId: getItem
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: one item
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {type: string}
                  password: {type: string}
              example: {id: documented}
)";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(ProxyRecorderFiles, RecordedAnswersApplyAsExamplesRedactedAndOnce) {
  auto spec = core::load_spec(dir_ / "items.yaml");
  ASSERT_TRUE(spec) << spec.error().to_string();
  const auto& operation = (*spec)->operations.front();
  const auto& media = operation.responses.front().content.front();
  Recorder recorder((dir_ / "rec").string(), 2, {"literal-secret"});
  core::Response answer{
      200, {{"Content-Type", "application/json"}}, R"({"id":"a1","password":"hunter2"})"};
  recorder.add(**spec, operation, 200, media, answer);
  recorder.add(**spec, operation, 200, media, answer); // identical: kept once
  answer.body = R"({"id":"a2 literal-secret"})";
  recorder.add(**spec, operation, 200, media, answer);
  answer.body = R"({"id":"a3"})";
  recorder.add(**spec, operation, 200, media, answer); // over the cap of 2
  auto written = recorder.write();
  ASSERT_TRUE(written) << written.error().to_string();
  ASSERT_EQ(written->size(), 1U);
  EXPECT_EQ(std::filesystem::path(written->front()).filename(), "items.examples.yaml");

  auto overlay = core::load_overlay(written->front());
  ASSERT_TRUE(overlay) << overlay.error().to_string();
  EXPECT_EQ(overlay->extends, "items.yaml");
  core::LoadOptions options;
  options.overlays.push_back(std::make_shared<const core::Overlay>(std::move(*overlay)));
  auto replayed = core::load_spec(dir_ / "items.yaml", options);
  ASSERT_TRUE(replayed) << replayed.error().to_string();
  EXPECT_FALSE((*replayed)->has_errors());
  const auto& examples = (*replayed)->operations.front().responses.front().content.front().examples;
  ASSERT_EQ(examples.size(), 3U); // the documented one moved under `examples`, two recorded
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& example : examples) {
    by_name[example.name] = example.value;
  }
  EXPECT_EQ(by_name["documented"], nlohmann::json({{"id", "documented"}}));
  EXPECT_EQ(by_name["recorded-1"]["id"], "a1");
  EXPECT_EQ(by_name["recorded-1"]["password"], "<redacted>");
  EXPECT_EQ(by_name["recorded-2"]["id"], "a2 <redacted>");
}

TEST_F(ProxyRecorderFiles, ABodyThatIsNotUtf8IsKeptWithoutThrowing) {
  auto spec = core::load_spec(dir_ / "items.yaml");
  ASSERT_TRUE(spec) << spec.error().to_string();
  const auto& operation = (*spec)->operations.front();
  const auto& media = operation.responses.front().content.front();
  Recorder recorder((dir_ / "rec").string(), 5, {});
  const core::Response answer{200, {{"Content-Type", "application/json"}}, "\xff\xfe not json"};
  EXPECT_NO_THROW(recorder.add(**spec, operation, 200, media, answer));
  auto written = recorder.write();
  ASSERT_TRUE(written) << written.error().to_string();
  EXPECT_TRUE(core::load_overlay(written->front())) << "the overlay must stay readable";
}

TEST_F(ProxyRecorderFiles, AnOverlayTargetThatSelectsNothingIsAWarningDiagnostic) {
  std::ofstream(dir_ / "o.yaml") << R"(overlay: 1.0.0
info: {title: t, version: "1"}
actions:
  - target: $.paths['/nowhere'].get
    update: {summary: x}
)";
  auto overlay = core::load_overlay(dir_ / "o.yaml");
  ASSERT_TRUE(overlay) << overlay.error().to_string();
  core::LoadOptions options;
  options.overlays.push_back(std::make_shared<const core::Overlay>(std::move(*overlay)));
  auto spec = core::load_spec(dir_ / "items.yaml", options);
  ASSERT_TRUE(spec);
  bool warned = false;
  for (const auto& diagnostic : (*spec)->diagnostics) {
    warned = warned || diagnostic.rule == "overlay-target";
  }
  EXPECT_TRUE(warned);
}

TEST_F(ProxyRecorderFiles, ABrokenOverlayIsRefusedWithItsLocation) {
  std::ofstream(dir_ / "bad.yaml") << "overlay: 1.0.0\nactions:\n  - target: $.paths\n";
  auto overlay = core::load_overlay(dir_ / "bad.yaml");
  ASSERT_FALSE(overlay);
  EXPECT_NE(overlay.error().to_string().find("bad.yaml:3"), std::string::npos)
      << overlay.error().to_string();
  EXPECT_NE(overlay.error().message.find("`update` or `remove: true`"), std::string::npos);
}

} // namespace
} // namespace concord::proxy
