// concord init on the seed specs: what it infers, compared with the hand-written behaviours
// in fixtures/*/behaviour.yaml (the agreement is printed per resource and operation).
#include "core/loader.hpp"
#include "init/init.hpp"
#include "init/lifecycle.hpp"

#include <cstdio>
#include <gtest/gtest.h>
#include <set>
#include <string>
#include <yaml-cpp/yaml.h>

namespace concord::init {
namespace {

std::shared_ptr<const core::Spec> load_seed(const std::string& name) {
  auto spec = core::load_spec(std::string(CONCORD_SOURCE_DIR) + "/specs/" + name + ".yaml");
  EXPECT_TRUE(spec) << (spec ? "" : spec.error().to_string());
  return spec ? *spec : nullptr;
}

// node[key], or an undefined node when node is not a mapping or has no such key.
YAML::Node at(const YAML::Node& node, const char* key) {
  if (!node || !node.IsMap() || !node[key]) {
    return YAML::Node(YAML::NodeType::Undefined);
  }
  return node[key];
}

std::string to_text(const YAML::Node& node) {
  if (!node) {
    return "-";
  }
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

// Prints, per resource and operation, what the generated file says and the fixture says.
int print_agreement(const std::string& name, const YAML::Node& mine, const YAML::Node& theirs) {
  int agree = 0;
  int total = 0;
  const auto compare = [&](const std::string& where, const YAML::Node& a, const YAML::Node& b) {
    const bool same = to_text(a) == to_text(b);
    agree += same ? 1 : 0;
    ++total;
    std::printf("  %-52s %s  init=%s  fixture=%s\n", where.c_str(),
                same ? "==" : "!=", to_text(a).c_str(), to_text(b).c_str());
  };
  std::printf("%s: agreement with fixtures/%s/behaviour.yaml\n", name.c_str(), name.c_str());
  for (const auto& entry : theirs["resources"]) {
    const auto resource = entry.first.as<std::string>();
    const auto a = at(at(mine, "resources"), resource.c_str());
    const auto& b = entry.second;
    for (const auto* key : {"item", "collection"}) {
      compare(resource + "." + key, at(a, key), at(b, key));
    }
    for (const auto* key : {"field", "initial", "values"}) {
      compare(resource + ".state." + key, at(at(a, "state"), key), at(at(b, "state"), key));
    }
  }
  for (const auto& entry : theirs["operations"]) {
    const auto op = entry.first.as<std::string>();
    const auto a = at(at(mine, "operations"), op.c_str());
    const auto& b = entry.second;
    compare(op + ".requires", at(a, "requires"), at(b, "requires"));
    compare(op + ".to", at(a, "to"), at(b, "to"));
    compare(op + ".otherwise.status", at(at(a, "otherwise"), "status"),
            at(at(b, "otherwise"), "status"));
  }
  std::printf("%s: %d of %d agree\n", name.c_str(), agree, total);
  return agree;
}

struct Generated {
  Inference inference;
  YAML::Node behaviour;
  YAML::Node scenarios;
};

Generated generate(const std::string& name) {
  const auto spec = load_seed(name);
  Generated out;
  if (!spec) {
    return out;
  }
  out.inference = infer_behaviour(*spec);
  const auto behaviour = write_behaviour_yaml(out.inference);
  const auto scenarios = write_scenarios_yaml(out.inference, *spec);
  EXPECT_NO_THROW(out.behaviour = YAML::Load(behaviour)) << behaviour;
  EXPECT_NO_THROW(out.scenarios = YAML::Load(scenarios)) << scenarios;
  const auto fixture =
      YAML::LoadFile(std::string(CONCORD_SOURCE_DIR) + "/fixtures/" + name + "/behaviour.yaml");
  print_agreement(name, out.behaviour, fixture);
  return out;
}

const ActionGuess* find_action(const Inference& inference, const std::string& id) {
  for (const auto& resource : inference.resources) {
    for (const auto& action : resource.actions) {
      if (action.operation_id == id) {
        return &action;
      }
    }
  }
  return nullptr;
}

TEST(Init, FindsNorthflankPauseAndResumeWithTheir409s) {
  const auto out = generate("northflank");
  ASSERT_EQ(out.inference.resources.size(), 1U);
  const auto& service = out.inference.resources.front();
  EXPECT_EQ(service.item, "/v1/projects/{projectId}/services/{serviceId}");
  EXPECT_EQ(service.initial, "running");
  for (const auto* id : {"resumeService", "resumeTeamService"}) {
    const auto* resume = find_action(out.inference, id);
    ASSERT_NE(resume, nullptr) << id;
    EXPECT_EQ(resume->requires_states, std::vector<std::string>{"paused"});
    EXPECT_EQ(resume->to.value_or(""), "running");
    EXPECT_EQ(resume->otherwise_status, "409");
    EXPECT_EQ(resume->otherwise_example, "not-paused");
  }
  const auto* pause = find_action(out.inference, "pauseTeamService");
  ASSERT_NE(pause, nullptr);
  EXPECT_TRUE(pause->names_resource);
  EXPECT_EQ(pause->requires_states, std::vector<std::string>{"running"});
  EXPECT_EQ(pause->otherwise_example, "not-running");
  EXPECT_EQ(out.behaviour["operations"]["pauseTeamService"]["resource"].as<std::string>(),
            "service");
}

TEST(Init, FindsFelderaLifecycleWithIts400s) {
  const auto out = generate("feldera");
  ASSERT_EQ(out.inference.resources.size(), 1U);
  const auto& pipeline = out.inference.resources.front();
  EXPECT_EQ(pipeline.collection, "/v0/pipelines");
  EXPECT_EQ(pipeline.state_field, "deployment_status");
  EXPECT_EQ(pipeline.initial, "Stopped");
  ASSERT_EQ(pipeline.key.size(), 1U);
  EXPECT_EQ(pipeline.key[0].field.value_or(""), "name");
  EXPECT_EQ(pipeline.seed_key.at("pipeline_name"), "example-pipeline");
  const auto* stop = find_action(out.inference, "post_pipeline_stop");
  ASSERT_NE(stop, nullptr);
  EXPECT_EQ(stop->to.value_or(""), "Stopping");
  EXPECT_EQ(stop->settles_to.value_or(""), "Stopped");
  for (const auto* id : {"post_pipeline_resume", "post_pipeline_pause", "post_pipeline_stop"}) {
    const auto* action = find_action(out.inference, id);
    ASSERT_NE(action, nullptr) << id;
    EXPECT_EQ(action->otherwise_key, "400") << id;
    EXPECT_EQ(action->otherwise_example, "illegal-action") << id;
    EXPECT_FALSE(action->requires_states.empty()) << id;
  }
  // Stopping settles by itself; the scenario waits for it with `until`.
  bool polls = false;
  for (const auto& scenario : out.scenarios["scenarios"]) {
    for (const auto& step : scenario["steps"]) {
      polls = polls || (step["until"] && step["until"]["equals"].as<std::string>() == "Stopped");
    }
  }
  EXPECT_TRUE(polls);
}

TEST(Init, FindsServiceFabricBackupActionsAnsweredFromDefault) {
  const auto out = generate("servicefabric");
  const auto* resume = find_action(out.inference, "ResumeServiceBackup");
  ASSERT_NE(resume, nullptr);
  EXPECT_EQ(resume->verb, "resume");
  EXPECT_EQ(resume->requires_states, std::vector<std::string>{"suspended"});
  EXPECT_EQ(resume->to.value_or(""), "active");
  EXPECT_EQ(resume->otherwise_key, "default");
  EXPECT_EQ(resume->otherwise_status, "400");
  EXPECT_EQ(resume->otherwise_example, "backup-not-suspended");
}

TEST(Init, FindsClickHouseServicesAndNestedBackups) {
  const auto out = generate("clickhouse");
  std::set<std::string> names;
  for (const auto& resource : out.inference.resources) {
    names.insert(resource.name);
    if (resource.name == "backup") {
      ASSERT_EQ(resource.key.size(), 3U);
      EXPECT_FALSE(resource.key[0].field.has_value()); // organizationId only scopes
      EXPECT_EQ(resource.state_field, "status");
    }
    if (resource.name == "service") {
      EXPECT_EQ(resource.state_field, "state");
      EXPECT_EQ(resource.item_pointer, "/result");
      EXPECT_EQ(resource.initial, "provisioning");
      EXPECT_EQ(resource.id_kind, "uuid");
    }
  }
  EXPECT_EQ(names, (std::set<std::string>{"service", "backup"}));
}

TEST(InitLifecycle, SettlesTransitionalStates) {
  const std::vector<std::string> values{"Stopped", "Stopping", "Running", "Provisioning"};
  EXPECT_EQ(find_settled_value(values, "Stopping").value_or(""), "Stopped");
  EXPECT_EQ(find_settled_value(values, "Provisioning").value_or(""), "Running");
  EXPECT_FALSE(find_settled_value(values, "Running").has_value());
  EXPECT_EQ(find_verb({"$", "ResumeBackup"})->verb, "resume");
  EXPECT_FALSE(find_verb({"backups"}).has_value());
}

} // namespace
} // namespace concord::init
