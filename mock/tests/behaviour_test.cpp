// The behaviour engine's general features, on a small test spec (fixtures/behaviour/) and on
// the seed APIs: load errors with locations, CRUD, ids, templates, admin calls, threads.

#include "mock/behaviour_config.hpp"
#include "mock/behaviour_template.hpp"
#include "mock/tests/behaviour_test_support.hpp"

#include <atomic>
#include <gtest/gtest.h>
#include <thread>
#include <vector>

namespace concord::mock {
namespace {

using nlohmann::json;
using testing::Api;

// ---- load errors ------------------------------------------------------------------------

core::Error load_error(const std::string& file, const std::string& spec = "specs/northflank.yaml") {
  Clock clock;
  auto loaded_spec = testing::load_test_spec(spec);
  auto loaded =
      load_behaviour(testing::source_path("fixtures/behaviour/bad/" + file), loaded_spec, clock);
  EXPECT_FALSE(loaded) << file << " loaded";
  return loaded ? core::Error{} : loaded.error();
}

TEST(BehaviourLoad, UnknownOperationIdIsLocated) {
  const auto error = load_error("unknown_operation.yaml");
  EXPECT_EQ(error.code, core::ErrorCode::config_invalid);
  EXPECT_NE(error.location.find("unknown_operation.yaml:9:"), std::string::npos) << error.location;
  EXPECT_NE(error.message.find("resumeServise"), std::string::npos);
}

TEST(BehaviourLoad, UnknownExampleIsLocated) {
  const auto error = load_error("unknown_example.yaml");
  EXPECT_EQ(error.code, core::ErrorCode::config_invalid);
  EXPECT_NE(error.location.find("unknown_example.yaml:8:"), std::string::npos) << error.location;
}

TEST(BehaviourLoad, UndocumentedStatusIsLocated) {
  const auto error = load_error("undocumented_status.yaml");
  EXPECT_EQ(error.code, core::ErrorCode::config_invalid);
  EXPECT_NE(error.location.find("undocumented_status.yaml:8:"), std::string::npos)
      << error.location;
}

TEST(BehaviourLoad, UnknownStateIsLocated) {
  const auto error = load_error("unknown_state.yaml");
  EXPECT_EQ(error.code, core::ErrorCode::config_invalid);
  EXPECT_NE(error.location.find("unknown_state.yaml:9:"), std::string::npos) << error.location;
}

TEST(BehaviourLoad, BadTemplateExpressionIsLocated) {
  const auto error = load_error("bad_template.yaml");
  EXPECT_EQ(error.code, core::ErrorCode::config_invalid);
  EXPECT_NE(error.location.find("bad_template.yaml:7:"), std::string::npos) << error.location;
}

TEST(BehaviourLoad, PathNotInSpecIsLocated) {
  const auto error = load_error("unknown_path.yaml");
  EXPECT_EQ(error.code, core::ErrorCode::config_invalid);
  EXPECT_NE(error.location.find("unknown_path.yaml:3:"), std::string::npos) << error.location;
}

TEST(BehaviourLoad, UnknownKeyIsLocated) {
  const auto error = load_error("unknown_key.yaml");
  EXPECT_EQ(error.code, core::ErrorCode::config_invalid);
  EXPECT_NE(error.location.find("unknown_key.yaml:4:"), std::string::npos) << error.location;
}

TEST(BehaviourLoad, SeedItemThatBreaksTheResponseSchemaIsLocated) {
  const auto error = load_error("seed_breaks_schema.yaml", "fixtures/behaviour/widgets.yaml");
  EXPECT_EQ(error.code, core::ErrorCode::config_invalid);
  EXPECT_NE(error.location.find("seed_breaks_schema.yaml:7:"), std::string::npos) << error.location;
}

TEST(BehaviourLoad, MissingFileIsIoError) {
  const auto error = load_error("no_such_file.yaml");
  EXPECT_EQ(error.code, core::ErrorCode::io_read);
}

TEST(BehaviourLoad, EverySeedBehaviourLoads) {
  for (const auto* api : {"northflank", "servicefabric", "feldera", "clickhouse"}) {
    Api loaded(std::string("specs/") + api + ".yaml",
               std::string("fixtures/") + api + "/behaviour.yaml");
    EXPECT_TRUE(loaded.ok()) << api;
  }
}

// ---- CRUD on the widgets spec -----------------------------------------------------------

Api widgets() {
  return Api("fixtures/behaviour/widgets.yaml", "fixtures/behaviour/widgets.behaviour.yaml");
}

const std::map<std::string, std::string> k_shop{{"shopId", "s1"}};
std::map<std::string, std::string> widget(const std::string& name) {
  return {{"shopId", "s1"}, {"widgetName", name}};
}

TEST(BehaviourCrud, CreateEchoesBodyAndFillsDefaults) {
  auto api = widgets();
  ASSERT_TRUE(api.ok());
  auto created = api.call("createWidget", k_shop, json{{"name", "w2"}, {"size", {{"width", 3}}}});
  ASSERT_TRUE(created && created->body);
  EXPECT_EQ(created->status, 201);
  EXPECT_EQ((*created->body)["name"], "w2");
  EXPECT_EQ((*created->body)["colour"], "grey");
  EXPECT_EQ((*created->body)["phase"], "idle");
  EXPECT_EQ((*created->body)["serial"].get<std::string>().size(), 36U);
  auto read = api.call("getWidget", widget("w2"));
  EXPECT_EQ(*read->body, *created->body);
}

TEST(BehaviourCrud, CreateWithTakenIdAnswersDocumentedConflict) {
  auto api = widgets();
  ASSERT_TRUE(api.ok());
  auto again = api.call("createWidget", k_shop, json{{"name", "w1"}, {"colour", "blue"}});
  EXPECT_EQ(again->status, 409);
  EXPECT_EQ((*api.call("getWidget", widget("w1"))->body)["colour"], "red");
}

TEST(BehaviourCrud, ListIsScopedByCollectionParameters) {
  auto api = widgets();
  ASSERT_TRUE(api.ok());
  ASSERT_EQ(api.call("createWidget", {{"shopId", "s2"}}, json{{"name", "x"}})->status, 201);
  ASSERT_EQ(api.call("createWidget", k_shop, json{{"name", "w3"}})->status, 201);
  auto list = api.call("listWidgets", k_shop);
  ASSERT_EQ(list->body->size(), 2U);
  EXPECT_EQ((*list->body)[0]["name"], "w1"); // creation order
  EXPECT_EQ((*list->body)[1]["name"], "w3");
  EXPECT_EQ(api.call("listWidgets", {{"shopId", "s2"}})->body->size(), 1U);
}

TEST(BehaviourCrud, PatchDeepMergesAndPutReplaces) {
  auto api = widgets();
  ASSERT_TRUE(api.ok());
  auto patched = api.call("patchWidget", widget("w1"), json{{"size", {{"height", 5}}}});
  EXPECT_EQ((*patched->body)["size"], (json{{"width", 1}, {"height", 5}}));
  EXPECT_EQ((*patched->body)["colour"], "red");
  auto replaced = api.call("putWidget", widget("w1"), json{{"name", "w1"}, {"colour", "green"}});
  EXPECT_EQ(*replaced->body, (json{{"name", "w1"}, {"colour", "green"}, {"phase", "idle"}}));
  auto upserted = api.call("putWidget", widget("new"), json{{"name", "new"}, {"colour", "pink"}});
  EXPECT_EQ(upserted->status, 200);
  EXPECT_EQ(api.call("getWidget", widget("new"))->status, 200);
}

TEST(BehaviourCrud, UnknownKeyAnswersDocumented404) {
  auto api = widgets();
  ASSERT_TRUE(api.ok());
  auto missing = api.call("getWidget", widget("nope"));
  EXPECT_EQ(missing->status, 404);
  EXPECT_TRUE(missing->example.empty()); // the server's default for the 404
  auto patch = api.call("patchWidget", widget("nope"), json::object());
  EXPECT_EQ(patch->status, 404);
  EXPECT_TRUE(patch->empty_body); // documented without content
  // No 404 documented and no `missing`: not modelled, the server answers from examples.
  EXPECT_FALSE(api.call("polishWidget", widget("nope")));
}

TEST(BehaviourCrud, DeleteOnlyFromAllowedStatesThenGone) {
  auto api = widgets();
  ASSERT_TRUE(api.ok());
  auto polish = api.call("polishWidget", widget("w1"));
  EXPECT_EQ(polish->status, 202);
  EXPECT_TRUE(polish->empty_body);
  ASSERT_EQ(polish->headers.size(), 1U);
  EXPECT_EQ(polish->headers[0].second, "/shops/s1/widgets/w1");
  auto busy = api.call("deleteWidget", widget("w1"));
  EXPECT_EQ(busy->status, 409);
  EXPECT_EQ(busy->example, "busy");
  // after_reads: 2 — two reads see `polishing`, the third sees `idle`.
  EXPECT_EQ((*api.call("getWidget", widget("w1"))->body)["phase"], "polishing");
  EXPECT_EQ((*api.call("listWidgets", k_shop)->body)[0]["phase"], "polishing");
  EXPECT_EQ((*api.call("getWidget", widget("w1"))->body)["phase"], "idle");
  auto deleted = api.call("deleteWidget", widget("w1"));
  EXPECT_EQ(deleted->status, 204);
  EXPECT_TRUE(deleted->empty_body);
  EXPECT_EQ(api.call("getWidget", widget("w1"))->status, 404);
}

TEST(BehaviourCrud, UnmodelledOperationIsNotHandled) {
  auto api = widgets();
  ASSERT_TRUE(api.ok());
  EXPECT_FALSE(api.call("ping"));
  BehaviourRequest request; // no operation
  EXPECT_FALSE(api.behaviour->handle(request));
}

TEST(BehaviourCrud, SameSeedGivesSameIds) {
  auto first = widgets();
  auto second = widgets();
  ASSERT_TRUE(first.ok() && second.ok());
  const auto body = json{{"name", "w9"}};
  EXPECT_EQ((*first.call("createWidget", k_shop, body)->body)["serial"],
            (*second.call("createWidget", k_shop, body)->body)["serial"]);
}

// ---- admin: reset, state, put_state, provider_state -------------------------------------

TEST(BehaviourAdmin, ResetRestoresSeedItemsAndCounters) {
  auto api = widgets();
  ASSERT_TRUE(api.ok());
  const auto initial = api.behaviour->state();
  const auto serial = (*api.call("createWidget", k_shop, json{{"name", "a"}})->body)["serial"];
  ASSERT_EQ(api.call("deleteWidget", widget("w1"))->status, 204);
  EXPECT_NE(api.behaviour->state(), initial);
  api.behaviour->reset();
  EXPECT_EQ(api.behaviour->state(), initial);
  EXPECT_EQ((*api.call("createWidget", k_shop, json{{"name", "a"}})->body)["serial"], serial);
}

TEST(BehaviourAdmin, StateDumpsKeyStateAndFields) {
  auto api = widgets();
  ASSERT_TRUE(api.ok());
  const auto state = api.behaviour->state();
  ASSERT_EQ(state["widget"].size(), 1U);
  const auto& item = state["widget"][0];
  EXPECT_EQ(item["key"], (json{{"shopId", "s1"}, {"widgetName", "w1"}}));
  EXPECT_EQ(item["state"], "idle");
  EXPECT_EQ(item["fields"]["colour"], "red");
}

TEST(BehaviourAdmin, PutStateCreatesOrOverwritesOneItem) {
  auto api = widgets();
  ASSERT_TRUE(api.ok());
  ASSERT_TRUE(api.behaviour->put_state({{"resource", "widget"},
                                        {"key", {{"shopId", "s1"}, {"widgetName", "w1"}}},
                                        {"state", "polishing"},
                                        {"fields", {{"colour", "gold"}}}}));
  auto read = api.call("getWidget", widget("w1"));
  EXPECT_EQ((*read->body)["colour"], "gold");
  EXPECT_EQ((*read->body)["phase"], "polishing");
  EXPECT_EQ((*read->body)["size"]["width"], 1); // other fields kept
  // The dump of state() can be fed back.
  const auto dumped = api.behaviour->state()["widget"][0];
  api.behaviour->reset();
  ASSERT_TRUE(api.behaviour->put_state(dumped)); // one resource: `resource` may be left out
  EXPECT_EQ((*api.call("getWidget", widget("w1"))->body)["colour"], "gold");
}

TEST(BehaviourAdmin, PutStateRejectsBadItems) {
  auto api = widgets();
  ASSERT_TRUE(api.ok());
  const auto unknown_state = api.behaviour->put_state(
      {{"key", {{"shopId", "s1"}, {"widgetName", "w1"}}}, {"state", "melted"}});
  ASSERT_FALSE(unknown_state);
  EXPECT_EQ(unknown_state.error().code, core::ErrorCode::config_invalid);
  EXPECT_FALSE(api.behaviour->put_state({{"key", {{"shopId", "s1"}}}}));
  EXPECT_FALSE(api.behaviour->put_state({{"resource", "gadget"}, {"key", json::object()}}));
  EXPECT_FALSE(api.behaviour->put_state(json::array()));
}

TEST(BehaviourAdmin, ProviderStateSetupAndTeardownWithParams) {
  auto api = widgets();
  ASSERT_TRUE(api.ok());
  const json params = json::array({{{"resource", "widget"},
                                    {"key", {{"shopId", "s1"}, {"widgetName", "w1"}}},
                                    {"state", "polishing"}},
                                   {{"resource", "widget"},
                                    {"key", {{"shopId", "s1"}, {"widgetName", "extra"}}},
                                    {"fields", {{"colour", "blue"}}}}});
  ASSERT_TRUE(api.behaviour->provider_state(
      {{"action", "setup"}, {"state", "two widgets"}, {"params", params}}));
  EXPECT_EQ(api.call("deleteWidget", widget("w1"))->status, 409);
  EXPECT_EQ((*api.call("getWidget", widget("extra"))->body)["colour"], "blue");
  // Teardown with the state name only: undoes what that setup did.
  ASSERT_TRUE(api.behaviour->provider_state({{"action", "teardown"}, {"state", "two widgets"}}));
  EXPECT_EQ((*api.call("getWidget", widget("w1"))->body)["phase"], "idle"); // seed version
  EXPECT_EQ(api.call("getWidget", widget("extra"))->status, 404);           // removed
}

TEST(BehaviourAdmin, ProviderStateNamedInBehaviourFile) {
  auto api = widgets();
  ASSERT_TRUE(api.ok());
  ASSERT_TRUE(
      api.behaviour->provider_state({{"action", "setup"}, {"state", "a polishing widget"}}));
  EXPECT_EQ((*api.call("getWidget", widget("w1"))->body)["phase"], "polishing");
  ASSERT_TRUE(
      api.behaviour->provider_state({{"action", "teardown"}, {"state", "a polishing widget"}}));
  EXPECT_EQ((*api.call("getWidget", widget("w1"))->body)["phase"], "idle");
}

TEST(BehaviourAdmin, ProviderStateErrors) {
  auto api = widgets();
  ASSERT_TRUE(api.ok());
  const auto unknown = api.behaviour->provider_state({{"action", "setup"}, {"state", "no idea"}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, core::ErrorCode::config_invalid);
  EXPECT_FALSE(api.behaviour->provider_state({{"action", "explode"}}));
  EXPECT_FALSE(api.behaviour->provider_state(
      {{"action", "setup"}, {"params", {{"key", {{"shopId", "s1"}}}}}}));
  // Teardown of a state this behaviour neither knows nor set up is refused, so the admin API
  // can offer it to the next document's behaviour.
  EXPECT_FALSE(api.behaviour->provider_state({{"action", "teardown"}, {"state", "no idea"}}));
  // A named state that was never set up tears down harmlessly (back to the seed).
  EXPECT_TRUE(
      api.behaviour->provider_state({{"action", "teardown"}, {"state", "a polishing widget"}}));
}

// ---- threads ----------------------------------------------------------------------------

TEST(BehaviourThreads, ManyThreadsCallHandle) {
  auto api = Api("specs/northflank.yaml", "fixtures/northflank/behaviour.yaml");
  ASSERT_TRUE(api.ok());
  const auto* resume = api.spec->find_operation("resumeService");
  const auto* pause = api.spec->find_operation("pauseService");
  constexpr int k_threads = 8;
  constexpr int k_calls = 500;
  std::atomic<int> ok{0};
  std::atomic<int> conflict{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < k_threads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < k_calls; ++i) {
        BehaviourRequest request;
        request.operation = (i + t) % 2 == 0 ? resume : pause;
        request.path_params = {
            {"projectId", "default-project"},
            {"serviceId", i % 3 == 0 ? "example-service" : "svc-" + std::to_string(i % 7)}};
        const auto outcome = api.behaviour->handle(request);
        (outcome && outcome->status == 200 ? ok : conflict)++;
        if (i % 50 == 0) {
          (void)api.behaviour->state();
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(ok + conflict, k_threads * k_calls);
  EXPECT_GT(ok.load(), 0);
  EXPECT_EQ(api.behaviour->state()["service"].size(), 8U);
}

// ---- serialised bodies (text_body_ok) ---------------------------------------------------

// The server asks for the body as text (text_body_ok); the text must always be exactly the
// dump() of the body a direct caller gets, whatever changed the item in between.
class TextTwin {
public:
  TextTwin(const std::string& spec, const std::string& file) : plain(spec, file), text(spec, file) {
    // Both frozen clocks at the same instant, both behaviours started from it.
    plain.clock.advance(text.clock.now() - plain.clock.now());
    if (plain.ok() && text.ok()) {
      reset();
    }
  }

  // Calls both; checks text == dump(body) (or both the same non-body outcome).
  void call(const std::string& operation_id, const std::map<std::string, std::string>& params,
            const json& body = nullptr) {
    const auto* op = plain.spec->find_operation(operation_id);
    ASSERT_NE(op, nullptr) << operation_id;
    BehaviourRequest request;
    request.operation = op;
    request.path_params = params;
    request.body = body;
    const auto expected = plain.behaviour->handle(request);
    request.text_body_ok = true;
    const auto got = text.behaviour->handle(request);
    ASSERT_EQ(expected.has_value(), got.has_value()) << operation_id;
    if (!expected) {
      return;
    }
    EXPECT_FALSE(expected->body_text) << operation_id;
    EXPECT_EQ(expected->status, got->status) << operation_id;
    EXPECT_EQ(expected->empty_body, got->empty_body) << operation_id;
    EXPECT_EQ(expected->example, got->example) << operation_id;
    EXPECT_EQ(expected->headers, got->headers) << operation_id;
    if (got->body_text) {
      ++texts;
      EXPECT_FALSE(got->body) << operation_id;
      ASSERT_TRUE(expected->body) << operation_id;
      EXPECT_EQ(*got->body_text, expected->body->dump()) << operation_id;
    } else {
      EXPECT_EQ(expected->body, got->body) << operation_id;
    }
  }
  void advance(Clock::Millis ms) {
    plain.clock.advance(ms);
    text.clock.advance(ms);
  }
  void put_state(const json& item) {
    EXPECT_TRUE(plain.behaviour->put_state(item));
    EXPECT_TRUE(text.behaviour->put_state(item));
  }
  void provider_state(const json& body) {
    EXPECT_TRUE(plain.behaviour->provider_state(body));
    EXPECT_TRUE(text.behaviour->provider_state(body));
  }
  void reset() {
    plain.behaviour->reset();
    text.behaviour->reset();
  }

  Api plain;
  Api text;
  int texts = 0;
};

TEST(BehaviourText, FelderaTextFollowsEveryChangeOfThePipeline) {
  TextTwin api("specs/feldera.yaml", "fixtures/feldera/behaviour.yaml");
  ASSERT_TRUE(api.plain.ok() && api.text.ok());
  const std::map<std::string, std::string> pipeline{{"pipeline_name", "example-pipeline"}};
  api.call("get_pipeline", pipeline);
  api.call("get_pipeline", pipeline); // cached
  api.call("post_pipeline_resume", pipeline);
  api.call("get_pipeline", pipeline); // desired status changed
  api.call("get_pipeline", pipeline); // transition by read
  api.call("get_pipeline", pipeline);
  api.call("post_pipeline_pause", pipeline);
  api.advance(1000);
  api.call("get_pipeline", pipeline); // transition by time
  api.call("post_pipeline_stop", pipeline);
  api.call("get_pipeline", pipeline);
  api.call("get_pipeline", pipeline);
  api.put_state({{"resource", "pipeline"},
                 {"key", {{"pipeline_name", "example-pipeline"}}},
                 {"state", "Running"},
                 {"fields", {{"description", "changed"}}}});
  api.call("get_pipeline", pipeline);
  api.provider_state({{"action", "setup"}, {"state", "a pipeline that is stopping"}});
  api.call("get_pipeline", pipeline);
  api.provider_state({{"action", "teardown"}, {"state", "a pipeline that is stopping"}});
  api.call("get_pipeline", pipeline);
  api.put_state({{"resource", "pipeline"}, {"key", {{"pipeline_name", "other"}}}});
  api.call("get_pipeline", {{"pipeline_name", "other"}});
  api.call("get_pipeline", {{"pipeline_name", "missing"}});
  api.reset();
  api.call("get_pipeline", pipeline);
  EXPECT_GE(api.texts, 10);
}

TEST(BehaviourText, WidgetTextFollowsPatchPutAndDelete) {
  TextTwin api("fixtures/behaviour/widgets.yaml", "fixtures/behaviour/widgets.behaviour.yaml");
  ASSERT_TRUE(api.plain.ok() && api.text.ok());
  api.call("getWidget", widget("w1"));
  api.call("patchWidget", widget("w1"), json{{"size", {{"height", 5}}}});
  api.call("getWidget", widget("w1"));
  api.call("putWidget", widget("w1"), json{{"name", "w1"}, {"colour", "green"}});
  api.call("getWidget", widget("w1"));
  api.call("putWidget", widget("new"), json{{"name", "new"}, {"colour", "pink"}});
  api.call("getWidget", widget("new"));
  api.call("createWidget", k_shop, json{{"name", "w9"}});
  api.call("getWidget", widget("w9"));
  api.call("listWidgets", k_shop);
  api.call("deleteWidget", widget("w1"));
  api.call("getWidget", widget("w1"));
  EXPECT_GE(api.texts, 3);
}

// ---- template language ------------------------------------------------------------------

TEST(BehaviourTemplate, ExpandsValuesAndText) {
  detail::Generator generator(1);
  const json item{{"name", "w1"}, {"size", {{"width", 2}}}, {"tags", {"a", "b"}}};
  BehaviourRequest request;
  request.path_params = {{"shopId", "s1"}};
  request.query_params = {{"force", "true"}};
  request.body = json{{"colour", "red"}};
  detail::TemplateScope scope;
  scope.item = &item;
  scope.request = &request;
  scope.generator = &generator;
  scope.now = 1'764'236'680'123;
  scope.state = "idle";
  const json tpl{{"whole", "${item}"},
                 {"width", "${item.size.width}"},
                 {"tag", "${item.tags.1}"},
                 {"text", "shop ${params.shopId}: ${item.name} is ${state}"},
                 {"colour", "${request.body.colour}"},
                 {"force", "${query.force}"},
                 {"gone", "${item.nope}"},
                 {"list", {"${item.nope}", "${state}"}},
                 {"now", "${now}"},
                 {"pw", {"${password}", "${password}"}}};
  const auto out = detail::render_template(tpl, scope);
  ASSERT_TRUE(out);
  EXPECT_EQ((*out)["whole"], item);
  EXPECT_EQ((*out)["width"], 2);
  EXPECT_EQ((*out)["tag"], "b");
  EXPECT_EQ((*out)["text"], "shop s1: w1 is idle");
  EXPECT_EQ((*out)["colour"], "red");
  EXPECT_EQ((*out)["force"], "true");
  EXPECT_FALSE(out->contains("gone"));
  EXPECT_EQ((*out)["list"], json::array({"idle"}));
  EXPECT_EQ((*out)["now"], "2025-11-27T09:44:40.123Z");
  EXPECT_EQ((*out)["pw"][0], (*out)["pw"][1]);
  EXPECT_EQ((*out)["pw"][0].get<std::string>().size(), 20U);
}

TEST(BehaviourTemplate, ItemPathsFollowObjectsAndListIndexes) {
  const json item{{"a", {{"b", json::array({json{{"c", 1}}, 2})}}}, {"", 3}, {"s", "text"}};
  detail::TemplateScope scope;
  scope.item = &item;
  using detail::evaluate_expression;
  EXPECT_EQ(evaluate_expression("item", scope), item);
  EXPECT_EQ(evaluate_expression("item.a.b.0.c", scope), json(1));
  EXPECT_EQ(evaluate_expression("item.a.b.1", scope), json(2));
  EXPECT_FALSE(evaluate_expression("item.a.b.2", scope));
  EXPECT_FALSE(evaluate_expression("item.a.b.x", scope));
  EXPECT_FALSE(evaluate_expression("item.a.b.0.c.d", scope));
  EXPECT_FALSE(evaluate_expression("item.s.0", scope));
  EXPECT_FALSE(evaluate_expression("item.nope", scope));
  EXPECT_EQ(evaluate_expression("item.", scope), json(3)); // empty name: the "" key
  EXPECT_FALSE(evaluate_expression("items", scope));
  detail::TemplateScope empty;
  EXPECT_FALSE(evaluate_expression("item", empty));
  EXPECT_FALSE(evaluate_expression("item.a", empty));
}

TEST(BehaviourTemplate, UuidsAreVersion4AndSeeded) {
  detail::Generator first(42);
  detail::Generator second(42);
  const auto uuid = first.make_uuid();
  EXPECT_EQ(uuid, second.make_uuid());
  ASSERT_EQ(uuid.size(), 36U);
  EXPECT_EQ(uuid[14], '4');
  EXPECT_NE(std::string("89ab").find(uuid[19]), std::string::npos);
  EXPECT_NE(uuid, first.make_uuid());
}

TEST(BehaviourTemplate, ChecksExpressions) {
  EXPECT_FALSE(detail::check_template(json{{"a", "${item.x}"}, {"b", "x ${uuid} y"}}));
  const auto problem = detail::check_template(json{{"a", {1, "${nope}"}}});
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->pointer, "/a/1");
  EXPECT_TRUE(detail::check_template(json("${uuid.x}")));
  EXPECT_TRUE(detail::check_template(json("${request.query}")));
  EXPECT_TRUE(detail::check_template(json("${item")));
}

TEST(BehaviourTemplate, ParsesDurations) {
  EXPECT_EQ(detail::parse_duration(json("2s")), 2000);
  EXPECT_EQ(detail::parse_duration(json("150ms")), 150);
  EXPECT_EQ(detail::parse_duration(json("10m")), 600'000);
  EXPECT_EQ(detail::parse_duration(json("1h")), 3'600'000);
  EXPECT_EQ(detail::parse_duration(json(250)), 250);
  EXPECT_EQ(detail::parse_duration(json("2 s")), -1);
  EXPECT_EQ(detail::parse_duration(json("s")), -1);
  EXPECT_EQ(detail::parse_duration(json(-5)), -1);
}

// The checker in behaviour_test_support.hpp really rejects bodies that break the schema.
TEST(BehaviourSchemaCheck, RejectsABodyThatBreaksTheSchema) {
  auto spec = testing::load_test_spec("specs/clickhouse.yaml");
  ASSERT_NE(spec, nullptr);
  const auto* op = spec->find_operation("getService");
  const auto* response = testing::find_documented(*op, 200);
  core::ValidateOptions options;
  options.direction = core::Direction::response;
  EXPECT_FALSE(spec->schemas
                   ->validate(response->content.front().schema,
                              json{{"status", 200}, {"result", {{"id", 1}}}}, options)
                   .empty());
}

} // namespace
} // namespace concord::mock
