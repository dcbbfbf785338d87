// derive_sequences on hand-built lifecycles of fixtures/sequences/gadgets.yaml: the order of
// the steps, what each expects, the check a wrong status is reported as, and the safety rules.

#include "conformance/sequences.hpp"
#include "core/loader.hpp"

#include <gtest/gtest.h>

namespace concord::conformance {
namespace {

using nlohmann::json;

std::shared_ptr<const core::Spec> load_gadgets() {
  auto spec = core::load_spec(std::string(CONCORD_SOURCE_DIR) + "/fixtures/sequences/gadgets.yaml");
  EXPECT_TRUE(spec) << (spec ? "" : spec.error().to_string());
  return spec ? *spec : nullptr;
}

core::LifecycleResource gadget_resource() {
  core::LifecycleResource gadget;
  gadget.name = "gadget";
  gadget.item_path = "/gadgets/{gadgetId}";
  gadget.collection_path = "/gadgets";
  gadget.key_params = {"gadgetId"};
  gadget.id_param = "gadgetId";
  gadget.id_pointer = "/gadget/id";
  gadget.state_pointer = "/gadget/state";
  gadget.initial_state = "running";
  gadget.states = {"running", "paused"};
  gadget.create = "createGadget";
  gadget.get = "getGadget";
  gadget.remove = "deleteGadget";
  gadget.actions = {{"pauseGadget", {"running"}, "paused", 409, json::object()},
                    {"resumeGadget", {"paused"}, "running", 409, json::object()}};
  return gadget;
}

core::Lifecycle gadget_lifecycle(core::LifecycleResource resource = gadget_resource()) {
  core::Lifecycle lifecycle;
  lifecycle.spec_file = "gadgets.yaml";
  lifecycle.resources.push_back(std::move(resource));
  return lifecycle;
}

std::vector<std::string> operations_of(const Scenario& scenario) {
  std::vector<std::string> out;
  for (const auto& step : scenario.steps) {
    out.push_back(step.operation);
  }
  return out;
}

TEST(Sequences, CreateGetActionsIllegalGetDeleteGet) {
  const auto spec = load_gadgets();
  ASSERT_NE(spec, nullptr);
  SequenceOptions options;
  options.unsafe = true;
  options.max_legal_actions = 2;
  const auto derived = derive_sequences(gadget_lifecycle(), *spec, options);
  ASSERT_EQ(derived.scenarios.size(), 1U);
  const auto& scenario = derived.scenarios.front();
  EXPECT_TRUE(scenario.generated);
  // resume refused on the running gadget, pause, pause again refused, resume (resume again
  // was tried already), get, delete, get
  EXPECT_EQ(operations_of(scenario),
            (std::vector<std::string>{"createGadget", "getGadget", "resumeGadget", "pauseGadget",
                                      "pauseGadget", "resumeGadget", "getGadget", "deleteGadget",
                                      "getGadget"}));
  const auto& steps = scenario.steps;
  ASSERT_EQ(steps[0].capture.size(), 1U);
  EXPECT_EQ(steps[0].capture[0], (std::pair<std::string, std::string>{"id", "/gadget/id"}));
  EXPECT_EQ(steps[1].params["gadgetId"], "${id}");
  EXPECT_EQ(steps[1].status_check, "ensure-created");
  EXPECT_FALSE(steps[1].expect.status); // a documented 2xx
  EXPECT_EQ(steps[2].status_check, "state-contract");
  EXPECT_EQ(steps[2].expect.status, "409");
  EXPECT_EQ(steps[3].status_check, "state-contract");
  EXPECT_FALSE(steps[3].expect.status); // legal: a documented 2xx
  EXPECT_EQ(steps[4].status_check, "state-contract");
  EXPECT_EQ(steps[4].expect.status, "409");
  EXPECT_FALSE(steps[5].expect.status);
  EXPECT_EQ(steps[6].status_check, "ensure-created");
  ASSERT_EQ(steps[6].expect.body.size(), 1U);
  EXPECT_EQ(steps[6].expect.body[0].first, "/gadget/state");
  EXPECT_EQ(steps[6].expect.body[0].second, "running");
  EXPECT_FALSE(steps[7].expect.status);
  EXPECT_EQ(steps[8].expect.status, "404");
  EXPECT_EQ(steps[8].status_check, "use-after-delete");
}

TEST(Sequences, WithoutUnsafeThereIsNoDeleteAndANoteSaysWhy) {
  const auto spec = load_gadgets();
  ASSERT_NE(spec, nullptr);
  const auto derived = derive_sequences(gadget_lifecycle(), *spec, SequenceOptions{});
  ASSERT_EQ(derived.scenarios.size(), 1U);
  for (const auto& step : derived.scenarios.front().steps) {
    EXPECT_NE(step.operation, "deleteGadget");
    EXPECT_NE(step.status_check, "use-after-delete");
  }
  ASSERT_FALSE(derived.notes.empty());
  EXPECT_NE(derived.notes.front().find("--generate-unsafe"), std::string::npos)
      << derived.notes.front();
}

TEST(Sequences, AnOperationMarkedUnsafeIsNotWalked) {
  const auto spec = load_gadgets();
  ASSERT_NE(spec, nullptr);
  SequenceOptions options;
  options.is_marked_unsafe = [](const core::Operation& op) {
    return op.operation_id == "resumeGadget";
  };
  const auto derived = derive_sequences(gadget_lifecycle(), *spec, options);
  ASSERT_EQ(derived.scenarios.size(), 1U);
  for (const auto& step : derived.scenarios.front().steps) {
    EXPECT_NE(step.operation, "resumeGadget");
  }
}

TEST(Sequences, WithoutCreateTheSeedItemIsSettledFirstAndRestored) {
  const auto spec = load_gadgets();
  ASSERT_NE(spec, nullptr);
  auto resource = gadget_resource();
  resource.create.clear();
  resource.get.clear();
  resource.remove.clear();
  resource.create_on_missing = true;
  resource.seed_key = {{"gadgetId", "seeded"}};
  resource.seed_state = "paused";
  SequenceOptions options;
  options.max_legal_actions = 2;
  const auto derived = derive_sequences(gadget_lifecycle(resource), *spec, options);
  ASSERT_EQ(derived.scenarios.size(), 1U);
  const auto& steps = derived.scenarios.front().steps;
  // pause either way, pause refused, resume, resume again refused, pause; the walk ends
  // paused, the seed's state, so nothing is restored.
  EXPECT_EQ(operations_of(derived.scenarios.front()),
            (std::vector<std::string>{"pauseGadget", "pauseGadget", "resumeGadget", "resumeGadget",
                                      "pauseGadget"}));
  EXPECT_EQ(steps[0].expect.status, "2XX|409");
  EXPECT_EQ(steps[0].params["gadgetId"], "seeded");
  EXPECT_EQ(steps[1].expect.status, "409");
  EXPECT_EQ(steps[3].expect.status, "409");
  EXPECT_EQ(steps[3].status_check, "state-contract");
  EXPECT_FALSE(steps[4].expect.status);
}

TEST(Sequences, WithoutCreateTheSeedStateIsRestored) {
  const auto spec = load_gadgets();
  ASSERT_NE(spec, nullptr);
  auto resource = gadget_resource();
  resource.create.clear();
  resource.get.clear();
  resource.remove.clear();
  resource.create_on_missing = true;
  resource.seed_key = {{"gadgetId", "seeded"}};
  resource.seed_state = "paused";
  SequenceOptions options;
  options.max_legal_actions = 1; // pause either way, pause refused, resume, resume refused
  const auto derived = derive_sequences(gadget_lifecycle(resource), *spec, options);
  ASSERT_EQ(derived.scenarios.size(), 1U);
  const auto& steps = derived.scenarios.front().steps;
  ASSERT_FALSE(steps.empty());
  EXPECT_EQ(steps.back().operation, "pauseGadget"); // back to the seed's paused
  EXPECT_EQ(steps.back().name.find("restore") != std::string::npos, true) << steps.back().name;
}

TEST(Sequences, TheServersOwnTransitionsArePolledBeforeDelete) {
  const auto spec = load_gadgets();
  ASSERT_NE(spec, nullptr);
  auto resource = gadget_resource();
  resource.actions = {{"pauseGadget", {"running"}, "paused", 409, json::object()}};
  resource.automatic = {{"paused", "running"}}; // a pause wears off by itself
  resource.remove_requires = {"running"};
  resource.remove_refused_status = 409;
  SequenceOptions options;
  options.unsafe = true;
  const auto derived = derive_sequences(gadget_lifecycle(resource), *spec, options);
  ASSERT_EQ(derived.scenarios.size(), 1U);
  const auto& steps = derived.scenarios.front().steps;
  std::size_t delete_at = 0;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].operation == "deleteGadget") {
      delete_at = i;
    }
  }
  ASSERT_GT(delete_at, 0U);
  // Just before the delete: a get polling until the gadget is running again.
  ASSERT_TRUE(steps[delete_at - 1].until);
  EXPECT_EQ(steps[delete_at - 1].until->pointer, "/gadget/state");
  EXPECT_EQ(steps[delete_at - 1].until->equals, "running");
  // pause is never tried as illegal: the gadget may already be running again.
  for (const auto& step : steps) {
    EXPECT_FALSE(step.operation == "pauseGadget" && step.expect.status == "409");
  }
}

TEST(Sequences, TheSameSeedGivesTheSameSequence) {
  const auto spec = load_gadgets();
  ASSERT_NE(spec, nullptr);
  auto resource = gadget_resource();
  // Two ways to pause: the seed chooses between them.
  resource.actions.push_back({"pauseGadget", {"running"}, "paused", 409, json{{"hard", true}}});
  SequenceOptions options;
  options.seed = 42;
  const auto first = derive_sequences(gadget_lifecycle(resource), *spec, options);
  const auto second = derive_sequences(gadget_lifecycle(resource), *spec, options);
  ASSERT_EQ(first.scenarios.size(), 1U);
  ASSERT_EQ(second.scenarios.size(), 1U);
  ASSERT_EQ(first.scenarios[0].steps.size(), second.scenarios[0].steps.size());
  for (std::size_t i = 0; i < first.scenarios[0].steps.size(); ++i) {
    EXPECT_EQ(first.scenarios[0].steps[i].name, second.scenarios[0].steps[i].name);
    EXPECT_EQ(first.scenarios[0].steps[i].body, second.scenarios[0].steps[i].body);
  }
}

TEST(Sequences, AResourceWithoutCreateOrSeedIsLeftOutWithANote) {
  const auto spec = load_gadgets();
  ASSERT_NE(spec, nullptr);
  auto resource = gadget_resource();
  resource.create.clear();
  resource.actions.clear();
  const auto derived = derive_sequences(gadget_lifecycle(resource), *spec, SequenceOptions{});
  EXPECT_TRUE(derived.scenarios.empty());
  EXPECT_FALSE(derived.notes.empty());
}

// ---- sequences from OpenAPI `links` (fixtures/sequences/links.yaml) ------------------------

std::shared_ptr<const core::Spec> load_things() {
  auto spec = core::load_spec(std::string(CONCORD_SOURCE_DIR) + "/fixtures/sequences/links.yaml");
  EXPECT_TRUE(spec) << (spec ? "" : spec.error().to_string());
  return spec ? *spec : nullptr;
}

TEST(LinkSequences, CreateThenGetTheLinkedItemThenDeleteAndGetAgain) {
  const auto spec = load_things();
  ASSERT_NE(spec, nullptr);
  SequenceOptions options;
  options.unsafe = true;
  const auto derived = derive_link_sequences(*spec, options);
  ASSERT_EQ(derived.scenarios.size(), 1U);
  EXPECT_TRUE(derived.notes.empty()) << derived.notes.front();
  const Scenario& scenario = derived.scenarios[0];
  EXPECT_EQ(scenario.name, "link createThing > GetThing");
  EXPECT_TRUE(scenario.generated);
  EXPECT_EQ(operations_of(scenario),
            (std::vector<std::string>{"createThing", "getThing", "deleteThing", "getThing"}));
  const auto& steps = scenario.steps;
  // The create sends its documented example and captures what the link takes.
  ASSERT_TRUE(steps[0].body.has_value());
  EXPECT_EQ(*steps[0].body, (json{{"colour", "red"}}));
  ASSERT_EQ(steps[0].capture.size(), 1U);
  EXPECT_EQ(steps[0].capture[0].second, "/id");
  const std::string var = "${" + steps[0].capture[0].first + "}";
  EXPECT_EQ(steps[0].status_check, "");
  // The get of what was created: ensure-created.
  EXPECT_EQ(steps[1].params, (json{{"thingId", var}}));
  EXPECT_EQ(steps[1].status_check, "ensure-created");
  EXPECT_FALSE(steps[1].expect.status.has_value()); // a documented 2xx
  // Delete, then the get expects the documented 404.
  EXPECT_EQ(steps[2].params, (json{{"thingId", var}}));
  EXPECT_EQ(steps[2].status_check, "");
  EXPECT_EQ(steps[3].params, (json{{"thingId", var}}));
  EXPECT_EQ(steps[3].expect.status, std::optional<std::string>("404"));
  EXPECT_EQ(steps[3].status_check, "use-after-delete");
}

TEST(LinkSequences, WithoutUnsafeTheDeleteTailIsLeftOutWithANote) {
  const auto spec = load_things();
  ASSERT_NE(spec, nullptr);
  const auto derived = derive_link_sequences(*spec, SequenceOptions{});
  ASSERT_EQ(derived.scenarios.size(), 1U);
  EXPECT_EQ(operations_of(derived.scenarios[0]),
            (std::vector<std::string>{"createThing", "getThing"}));
  ASSERT_EQ(derived.notes.size(), 1U);
  EXPECT_NE(derived.notes[0].find("use-after-delete left out"), std::string::npos)
      << derived.notes[0];
}

TEST(LinkSequences, AnOperationMarkedUnsafeIsNotASource) {
  const auto spec = load_things();
  ASSERT_NE(spec, nullptr);
  SequenceOptions options;
  options.is_marked_unsafe = [](const core::Operation& op) {
    return op.operation_id == "createThing";
  };
  const auto derived = derive_link_sequences(*spec, options);
  EXPECT_TRUE(derived.scenarios.empty());
  ASSERT_EQ(derived.notes.size(), 1U);
  EXPECT_NE(derived.notes[0].find("createThing is unsafe"), std::string::npos) << derived.notes[0];
}

TEST(LinkSequences, AreTheSameOnEveryDerivation) {
  const auto spec = load_things();
  ASSERT_NE(spec, nullptr);
  SequenceOptions options;
  options.unsafe = true;
  const auto a = derive_link_sequences(*spec, options);
  options.seed = 99; // links do not depend on the seed
  const auto b = derive_link_sequences(*spec, options);
  ASSERT_EQ(a.scenarios.size(), b.scenarios.size());
  for (std::size_t i = 0; i < a.scenarios.size(); ++i) {
    EXPECT_EQ(a.scenarios[i].name, b.scenarios[i].name);
    ASSERT_EQ(a.scenarios[i].steps.size(), b.scenarios[i].steps.size());
    for (std::size_t n = 0; n < a.scenarios[i].steps.size(); ++n) {
      EXPECT_EQ(a.scenarios[i].steps[n].params, b.scenarios[i].steps[n].params);
      EXPECT_EQ(a.scenarios[i].steps[n].capture, b.scenarios[i].steps[n].capture);
    }
  }
}

TEST(LinkSequences, TheLoaderFixtureGivesNotesNotCrashes) {
  // fixtures/core/links.yaml: operationRef, a components $ref to a DELETE, an unknown target,
  // a $response.header value (not captured).
  auto loaded = core::load_spec(std::string(CONCORD_SOURCE_DIR) + "/fixtures/core/links.yaml");
  ASSERT_TRUE(loaded);
  const auto& spec = **loaded;
  SequenceOptions options;
  const auto derived = derive_link_sequences(spec, options);
  // GetThing: $request.body#/colour but createThing has no documented body -> left out;
  // GetByRef: $response.header -> left out; Shared: DELETE, unsafe; Nowhere: unknown.
  EXPECT_TRUE(derived.scenarios.empty());
  EXPECT_EQ(derived.notes.size(), 4U);
  options.unsafe = true;
  const auto unsafe = derive_link_sequences(spec, options);
  ASSERT_EQ(unsafe.scenarios.size(), 1U);
  EXPECT_EQ(unsafe.scenarios[0].name, "link createThing > Shared");
  EXPECT_EQ(unsafe.scenarios[0].steps.back().status_check, "link"); // POST then DELETE
}

} // namespace
} // namespace concord::conformance
