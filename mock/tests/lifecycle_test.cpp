// describe_lifecycle on the shipped behaviours: roles, state machine, pointers, missing status.

#include "mock/lifecycle.hpp"
#include "mock/tests/behaviour_test_support.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace concord::mock {
namespace {

using nlohmann::json;

core::Lifecycle describe(const std::string& spec_file, const std::string& behaviour_file) {
  auto spec = testing::load_test_spec(spec_file);
  if (!spec) {
    return {};
  }
  auto lifecycle = describe_lifecycle(testing::source_path(behaviour_file), spec);
  EXPECT_TRUE(lifecycle) << (lifecycle ? "" : lifecycle.error().to_string());
  return lifecycle ? *lifecycle : core::Lifecycle{};
}

const core::LifecycleAction* find_action(const core::LifecycleResource& resource,
                                         const std::string& operation, const json& body = {}) {
  for (const auto& action : resource.actions) {
    if (action.operation == operation && (body.is_null() || action.body == body)) {
      return &action;
    }
  }
  return nullptr;
}

const core::LifecycleResource& find_resource(const core::Lifecycle& lifecycle,
                                             const std::string& name) {
  static const core::LifecycleResource k_none;
  for (const auto& resource : lifecycle.resources) {
    if (resource.name == name) {
      return resource;
    }
  }
  ADD_FAILURE() << "no resource " << name;
  return k_none;
}

TEST(Lifecycle, NorthflankServicesAreSeededAndPausedOrRunning) {
  const auto lifecycle = describe("specs/northflank.yaml", "fixtures/northflank/behaviour.yaml");
  ASSERT_EQ(lifecycle.resources.size(), 1U);
  const auto& service = lifecycle.resources.front();
  EXPECT_EQ(service.name, "service");
  EXPECT_EQ(service.item_path, "/v1/projects/{projectId}/services/{serviceId}");
  EXPECT_EQ(service.key_params, (std::vector<std::string>{"projectId", "serviceId"}));
  EXPECT_TRUE(service.create.empty());
  EXPECT_TRUE(service.get.empty());
  EXPECT_TRUE(service.remove.empty());
  EXPECT_TRUE(service.create_on_missing);
  EXPECT_EQ(service.initial_state, "running");
  EXPECT_EQ(service.seed_state, "paused");
  EXPECT_EQ(service.seed_key.at("serviceId"), "example-service");
  EXPECT_EQ(service.actions.size(), 4U);
  const auto* resume = find_action(service, "resumeService");
  ASSERT_NE(resume, nullptr);
  EXPECT_EQ(resume->requires_states, (std::vector<std::string>{"paused"}));
  EXPECT_EQ(resume->to_state, "running");
  EXPECT_EQ(resume->refused_status, 409);
  const auto* pause = find_action(service, "pauseService");
  ASSERT_NE(pause, nullptr);
  EXPECT_EQ(pause->requires_states, (std::vector<std::string>{"running"}));
  EXPECT_EQ(pause->to_state, "paused");
}

TEST(Lifecycle, ClickHouseServicesAreCreatedInAnEnvelopeAndMissingIs400) {
  const auto lifecycle = describe("specs/clickhouse.yaml", "fixtures/clickhouse/behaviour.yaml");
  ASSERT_EQ(lifecycle.resources.size(), 2U);
  const auto& service = find_resource(lifecycle, "service");
  EXPECT_EQ(service.create, "createService");
  EXPECT_EQ(service.get, "getService");
  EXPECT_EQ(service.remove, "deleteService");
  EXPECT_EQ(service.update, "updateService");
  EXPECT_EQ(service.list, "listServices");
  EXPECT_EQ(service.id_param, "serviceId");
  EXPECT_EQ(service.id_pointer, "/result/service/id"); // the create answers {service, password}
  EXPECT_EQ(service.state_pointer, "/result/state");   // the view is {status, requestId, result}
  EXPECT_EQ(service.missing_status, 400);
  EXPECT_FALSE(service.create_on_missing);
  EXPECT_EQ(service.initial_state, "provisioning");
  EXPECT_EQ(service.remove_requires, (std::vector<std::string>{"stopped"}));
  EXPECT_EQ(service.remove_refused_status, 400);
  EXPECT_NE(std::find(service.automatic.begin(), service.automatic.end(),
                      std::pair<std::string, std::string>{"stopping", "stopped"}),
            service.automatic.end());
  const auto* stop = find_action(service, "updateServiceState", json{{"command", "stop"}});
  ASSERT_NE(stop, nullptr);
  EXPECT_EQ(stop->to_state, "stopping");
  EXPECT_EQ(stop->refused_status, 400);
  const auto* start = find_action(service, "updateServiceState", json{{"command", "start"}});
  ASSERT_NE(start, nullptr);
  EXPECT_EQ(start->requires_states, (std::vector<std::string>{"stopped"}));
  EXPECT_EQ(start->to_state, "starting");
  // Scaling branches compare numbers, not states: not part of the state machine.
  EXPECT_EQ(find_action(service, "updateServiceScaling"), nullptr);

  const auto& backup = find_resource(lifecycle, "backup");
  EXPECT_TRUE(backup.create.empty());
  EXPECT_EQ(backup.get, "getServiceBackup");
  EXPECT_EQ(backup.state_pointer, "/result/status");
  EXPECT_EQ(backup.missing_status, 400);
}

TEST(Lifecycle, WidgetsTakeTheirIdFromTheBody) {
  const auto lifecycle =
      describe("fixtures/behaviour/widgets.yaml", "fixtures/behaviour/widgets.behaviour.yaml");
  ASSERT_EQ(lifecycle.resources.size(), 1U);
  const auto& widget = lifecycle.resources.front();
  EXPECT_EQ(widget.create, "createWidget");
  EXPECT_EQ(widget.id_param, "widgetName");
  EXPECT_EQ(widget.id_body_field, "name");
  EXPECT_EQ(widget.id_pointer, "/name");
  EXPECT_EQ(widget.state_pointer, "/phase");
  EXPECT_EQ(widget.remove_requires, (std::vector<std::string>{"idle"}));
  EXPECT_EQ(widget.remove_refused_status, 409);
}

TEST(Lifecycle, ABadBehaviourFileIsLocated) {
  auto spec = testing::load_test_spec("specs/northflank.yaml");
  ASSERT_NE(spec, nullptr);
  auto lifecycle = describe_lifecycle(
      testing::source_path("fixtures/behaviour/bad/unknown_operation.yaml"), spec);
  ASSERT_FALSE(lifecycle);
  EXPECT_EQ(lifecycle.error().code, core::ErrorCode::config_invalid);
  EXPECT_NE(lifecycle.error().to_string().find("unknown_operation.yaml:9:"), std::string::npos)
      << lifecycle.error().to_string();
}

} // namespace
} // namespace concord::mock
