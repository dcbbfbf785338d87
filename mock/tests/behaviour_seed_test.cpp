// The four seed behaviours (fixtures/<api>/behaviour.yaml) against their specs. Every outcome
// is checked against the documented response of its status (Api::call).

#include "mock/tests/behaviour_test_support.hpp"

#include <gtest/gtest.h>

namespace concord::mock {
namespace {

using nlohmann::json;
using testing::Api;

// ---- Northflank -------------------------------------------------------------------------

Api northflank() {
  return Api("specs/northflank.yaml", "fixtures/northflank/behaviour.yaml");
}

const std::map<std::string, std::string> k_example_service{{"projectId", "default-project"},
                                                           {"serviceId", "example-service"}};

TEST(NorthflankBehaviour, ResumePausedServiceThenConflicts) {
  auto api = northflank();
  ASSERT_TRUE(api.ok());
  auto first = api.call("resumeService", k_example_service, json{{"instances", 1}});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->example, "done");
  auto second = api.call("resumeService", k_example_service);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 409);
  EXPECT_EQ(second->example, "not-paused");
}

TEST(NorthflankBehaviour, PauseMakesServicePausedAgain) {
  auto api = northflank();
  ASSERT_TRUE(api.ok());
  EXPECT_EQ(api.call("pauseService", k_example_service)->status, 409); // seeded paused
  EXPECT_EQ(api.call("resumeService", k_example_service)->status, 200);
  auto pause = api.call("pauseService", k_example_service);
  EXPECT_EQ(pause->status, 200);
  EXPECT_EQ(pause->example, "done");
  EXPECT_EQ(api.behaviour->state()["service"][0]["state"], "paused");
  EXPECT_EQ(api.call("resumeService", k_example_service)->status, 200);
}

TEST(NorthflankBehaviour, TeamPathsShareTheProjectService) {
  auto api = northflank();
  ASSERT_TRUE(api.ok());
  auto params = k_example_service;
  params["teamId"] = "example-team";
  EXPECT_EQ(api.call("resumeTeamService", params)->status, 200);
  EXPECT_EQ(api.call("resumeService", k_example_service)->status, 409);
  EXPECT_EQ(api.call("pauseTeamService", params)->status, 200);
  EXPECT_EQ(api.call("pauseService", k_example_service)->status, 409);
}

TEST(NorthflankBehaviour, UnknownServiceIsCreatedRunning) {
  auto api = northflank();
  ASSERT_TRUE(api.ok());
  const std::map<std::string, std::string> other{{"projectId", "p1"}, {"serviceId", "s1"}};
  auto resume = api.call("resumeService", other);
  ASSERT_TRUE(resume);
  EXPECT_EQ(resume->status, 409);
  EXPECT_EQ(api.call("pauseService", other)->status, 200);
  EXPECT_EQ(api.behaviour->state()["service"].size(), 2U);
}

// ---- Feldera ----------------------------------------------------------------------------

Api feldera() {
  return Api("specs/feldera.yaml", "fixtures/feldera/behaviour.yaml");
}

const std::map<std::string, std::string> k_pipeline{{"pipeline_name", "example-pipeline"}};

TEST(FelderaBehaviour, ResumeAnswers202AndPipelineRunsAfterOneRead) {
  auto api = feldera();
  ASSERT_TRUE(api.ok());
  auto before = api.call("get_pipeline", k_pipeline);
  ASSERT_TRUE(before && before->body);
  EXPECT_EQ((*before->body)["deployment_status"], "Paused");
  auto resume = api.call("post_pipeline_resume", k_pipeline);
  ASSERT_TRUE(resume);
  EXPECT_EQ(resume->status, 202);
  EXPECT_TRUE(resume->empty_body);
  auto first = api.call("get_pipeline", k_pipeline);
  EXPECT_EQ((*first->body)["deployment_status"], "Paused");
  EXPECT_EQ((*first->body)["deployment_desired_status"], "Running");
  auto second = api.call("get_pipeline", k_pipeline);
  EXPECT_EQ((*second->body)["deployment_status"], "Running");
  EXPECT_EQ((*second->body)["deployment_runtime_status"], "Running");
}

TEST(FelderaBehaviour, ResumedPipelineRunsAfterOneSecondOfClock) {
  auto api = feldera();
  ASSERT_TRUE(api.ok());
  ASSERT_EQ(api.call("post_pipeline_resume", k_pipeline)->status, 202);
  api.clock.advance(999);
  EXPECT_EQ(api.behaviour->state()["pipeline"][0]["state"], "Paused");
  api.clock.advance(1);
  EXPECT_EQ(api.behaviour->state()["pipeline"][0]["state"], "Running");
  auto read = api.call("get_pipeline", k_pipeline);
  EXPECT_EQ((*read->body)["deployment_status"], "Running");
}

TEST(FelderaBehaviour, ResumeWhileStoppingAnswersIllegalAction) {
  auto api = feldera();
  ASSERT_TRUE(api.ok());
  ASSERT_TRUE(api.behaviour->provider_state(
      {{"action", "setup"}, {"state", "a pipeline that is stopping"}}));
  auto resume = api.call("post_pipeline_resume", k_pipeline);
  ASSERT_TRUE(resume);
  EXPECT_EQ(resume->status, 400);
  EXPECT_EQ(resume->example, "illegal-action");
  ASSERT_TRUE(api.behaviour->provider_state(
      {{"action", "teardown"}, {"state", "a pipeline that is stopping"}}));
  EXPECT_EQ(api.behaviour->state()["pipeline"][0]["state"], "Paused");
}

TEST(FelderaBehaviour, UnknownPipelineAnswers404) {
  auto api = feldera();
  ASSERT_TRUE(api.ok());
  for (const auto* op : {"get_pipeline", "post_pipeline_resume", "post_pipeline_stop"}) {
    auto outcome = api.call(op, {{"pipeline_name", "non-existent-pipeline"}});
    ASSERT_TRUE(outcome && outcome->body) << op;
    EXPECT_EQ(outcome->status, 404);
    EXPECT_EQ(*outcome->body, (json{{"message", "Unknown pipeline name 'non-existent-pipeline'"},
                                    {"error_code", "UnknownPipelineName"},
                                    {"details", {{"pipeline_name", "non-existent-pipeline"}}}}));
  }
}

TEST(FelderaBehaviour, StopGoesThroughStoppingToStopped) {
  auto api = feldera();
  ASSERT_TRUE(api.ok());
  EXPECT_EQ(api.call("post_pipeline_stop", k_pipeline)->status, 202);
  EXPECT_EQ(api.call("post_pipeline_stop", k_pipeline)->status, 400); // needs force now
  EXPECT_EQ(api.call("post_pipeline_stop", k_pipeline, nullptr, {{"force", "true"}})->status, 202);
  auto stopping = api.call("get_pipeline", k_pipeline);
  EXPECT_EQ((*stopping->body)["deployment_status"], "Stopping");
  auto stopped = api.call("get_pipeline", k_pipeline);
  EXPECT_EQ((*stopped->body)["deployment_status"], "Stopped");
  EXPECT_TRUE((*stopped->body)["deployment_runtime_status"].is_null());
  auto resume = api.call("post_pipeline_resume", k_pipeline);
  EXPECT_EQ(resume->status, 400);
  EXPECT_EQ((*resume->body)["error_code"], "IllegalPipelineAction");
  EXPECT_EQ(api.call("post_pipeline_pause", k_pipeline)->status, 400);
}

TEST(FelderaBehaviour, PauseOfRunningPipeline) {
  auto api = feldera();
  ASSERT_TRUE(api.ok());
  ASSERT_TRUE(
      api.behaviour->provider_state({{"action", "setup"}, {"state", "a running pipeline"}}));
  EXPECT_EQ(api.call("post_pipeline_pause", k_pipeline)->status, 202);
  api.clock.advance(1000);
  auto list = api.call("list_pipelines");
  ASSERT_TRUE(list && list->body);
  ASSERT_EQ(list->body->size(), 1U);
  EXPECT_EQ((*list->body)[0]["deployment_status"], "Paused");
}

TEST(FelderaBehaviour, PutStateMakesANewPipeline) {
  auto api = feldera();
  ASSERT_TRUE(api.ok());
  ASSERT_TRUE(api.behaviour->put_state(
      {{"resource", "pipeline"}, {"key", {{"pipeline_name", "p2"}}}, {"state", "Stopped"}}));
  auto read = api.call("get_pipeline", {{"pipeline_name", "p2"}});
  ASSERT_TRUE(read && read->body);
  EXPECT_EQ((*read->body)["name"], "p2");
  EXPECT_EQ(api.call("list_pipelines")->body->size(), 2U);
}

// ---- Service Fabric ---------------------------------------------------------------------

Api servicefabric() {
  return Api("specs/servicefabric.yaml", "fixtures/servicefabric/behaviour.yaml");
}

const std::map<std::string, std::string> k_calc{{"serviceId", "CalcApp~CalcService"}};

TEST(ServiceFabricBehaviour, ResumeSuspendedBackupThenNotSuspended) {
  auto api = servicefabric();
  ASSERT_TRUE(api.ok());
  auto resume = api.call("ResumeServiceBackup", k_calc);
  ASSERT_TRUE(resume);
  EXPECT_EQ(resume->status, 202);
  EXPECT_TRUE(resume->empty_body);
  auto again = api.call("ResumeServiceBackup", k_calc);
  EXPECT_EQ(again->status, 400);
  EXPECT_EQ(again->example, "backup-not-suspended");
}

TEST(ServiceFabricBehaviour, SuspendThenSuspendAgain) {
  auto api = servicefabric();
  ASSERT_TRUE(api.ok());
  EXPECT_EQ(api.call("ResumeServiceBackup", k_calc)->status, 202);
  EXPECT_EQ(api.call("SuspendServiceBackup", k_calc)->status, 202);
  auto again = api.call("SuspendServiceBackup", k_calc);
  EXPECT_EQ(again->status, 400);
  EXPECT_EQ((*again->body)["Error"]["Code"], "E_INVALIDARG");
  EXPECT_EQ(api.call("ResumeServiceBackup", k_calc)->status, 202);
}

TEST(ServiceFabricBehaviour, UnknownServiceAndDisabledBackupAnswer404) {
  auto api = servicefabric();
  ASSERT_TRUE(api.ok());
  auto unknown = api.call("ResumeServiceBackup", {{"serviceId", "Nope~Nothing"}});
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(unknown->example, "service-not-found");
  ASSERT_TRUE(api.behaviour->provider_state(
      {{"action", "setup"}, {"state", "backup of the service is not enabled"}}));
  auto disabled = api.call("SuspendServiceBackup", k_calc);
  EXPECT_EQ(disabled->status, 404);
  EXPECT_EQ(disabled->example, "backup-not-enabled");
}

// ---- ClickHouse -------------------------------------------------------------------------

Api clickhouse() {
  return Api("specs/clickhouse.yaml", "fixtures/clickhouse/behaviour.yaml");
}

const std::string k_org = "5ecc4ee0-c8b7-4773-88d9-3ed404055566";
const std::string k_seeded = "0c57eb1a-fa09-4da6-a22f-0bfa78c073f8";

std::map<std::string, std::string> service(const std::string& id) {
  return {{"organizationId", k_org}, {"serviceId", id}};
}

TEST(ClickHouseBehaviour, CreateAnswersServiceAndPasswordThenRuns) {
  auto api = clickhouse();
  ASSERT_TRUE(api.ok());
  auto created = api.call("createService", {{"organizationId", k_org}},
                          json{{"name", "analytics"},
                               {"provider", "aws"},
                               {"regionId", "eu-west-1"},
                               {"tier", "production"}});
  ASSERT_TRUE(created && created->body);
  EXPECT_EQ(created->status, 200);
  const auto& result = (*created->body)["result"];
  EXPECT_EQ(result["service"]["state"], "provisioning");
  EXPECT_EQ(result["service"]["name"], "analytics");
  EXPECT_FALSE(result["password"].get<std::string>().empty());
  const auto id = result["service"]["id"].get<std::string>();
  EXPECT_EQ(id.size(), 36U);
  EXPECT_EQ((*api.call("getService", service(id))->body)["result"]["state"], "provisioning");
  api.clock.advance(2000);
  EXPECT_EQ((*api.call("getService", service(id))->body)["result"]["state"], "running");
  EXPECT_EQ((*api.call("listServices", {{"organizationId", k_org}})->body)["result"].size(), 2U);
}

TEST(ClickHouseBehaviour, StopThenDeleteOnlyWhenStopped) {
  auto api = clickhouse();
  ASSERT_TRUE(api.ok());
  auto stop = api.call("updateServiceState", service(k_seeded), json{{"command", "stop"}});
  EXPECT_EQ((*stop->body)["result"]["state"], "stopping");
  auto refused = api.call("deleteService", service(k_seeded));
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(refused->example, "service-not-stopped");
  api.clock.advance(2000);
  EXPECT_EQ((*api.call("getService", service(k_seeded))->body)["result"]["state"], "stopped");
  auto deleted = api.call("deleteService", service(k_seeded));
  EXPECT_EQ(deleted->status, 200);
  EXPECT_FALSE(deleted->body->contains("result"));
  auto gone = api.call("getService", service(k_seeded));
  EXPECT_EQ(gone->status, 400);
  EXPECT_TRUE((*api.call("listServices", {{"organizationId", k_org}})->body)["result"].empty());
}

TEST(ClickHouseBehaviour, StartStoppedServiceAndRefuseWrongCommands) {
  auto api = clickhouse();
  ASSERT_TRUE(api.ok());
  EXPECT_EQ(api.call("updateServiceState", service(k_seeded), json{{"command", "start"}})->status,
            400); // already running
  ASSERT_TRUE(api.behaviour->provider_state({{"action", "setup"}, {"state", "a stopped service"}}));
  auto start = api.call("updateServiceState", service(k_seeded), json{{"command", "start"}});
  EXPECT_EQ((*start->body)["result"]["state"], "starting");
  api.clock.advance(2000);
  EXPECT_EQ((*api.call("getService", service(k_seeded))->body)["result"]["state"], "running");
}

TEST(ClickHouseBehaviour, UpdateRenamesAndScalingChecksBounds) {
  auto api = clickhouse();
  ASSERT_TRUE(api.ok());
  auto renamed =
      api.call("updateService", service(k_seeded),
               json{{"name", "analytics-service"}, {"ipAccessList", {{"add", json::array()}}}});
  EXPECT_EQ((*renamed->body)["result"]["name"], "analytics-service");
  EXPECT_TRUE((*renamed->body)["result"]["ipAccessList"].is_array());
  auto bad = api.call("updateServiceScaling", service(k_seeded),
                      json{{"minTotalMemoryGb", 96}, {"maxTotalMemoryGb", 48}});
  EXPECT_EQ(bad->status, 400);
  auto above_current = api.call("updateServiceScaling", service(k_seeded),
                                json{{"minTotalMemoryGb", 96}}); // current max is 48
  EXPECT_EQ(above_current->status, 400);
  auto good = api.call(
      "updateServiceScaling", service(k_seeded),
      json{{"minTotalMemoryGb", 24}, {"maxTotalMemoryGb", 96}, {"idleTimeoutMinutes", 10}});
  EXPECT_EQ(good->status, 200);
  EXPECT_EQ((*good->body)["result"]["maxTotalMemoryGb"], 96);
  EXPECT_EQ((*good->body)["result"]["idleTimeoutMinutes"], 10);
}

TEST(ClickHouseBehaviour, PasswordWithAndWithoutHash) {
  auto api = clickhouse();
  ASSERT_TRUE(api.ok());
  auto generated = api.call("updateServicePassword", service(k_seeded), json::object());
  EXPECT_EQ(generated->status, 200);
  EXPECT_FALSE((*generated->body)["result"]["password"].get<std::string>().empty());
  auto hashed = api.call("updateServicePassword", service(k_seeded),
                         json{{"newPasswordHash", "3DIB9SR7BSTP5wHrNACyI2ZSNcNI1EE6oledNxZeUJ0="}});
  EXPECT_EQ((*hashed->body)["result"], json::object());
}

TEST(ClickHouseBehaviour, BackupsAreListedPerServiceAndFinish) {
  auto api = clickhouse();
  ASSERT_TRUE(api.ok());
  auto list = api.call("listServiceBackups", service(k_seeded));
  ASSERT_EQ((*list->body)["result"].size(), 2U);
  EXPECT_EQ((*list->body)["result"][0]["serviceId"], k_seeded);
  auto params = service(k_seeded);
  params["backupId"] = "3a9e7c1d-5b2f-4e8a-8d6c-0f1b3d5e7a92";
  EXPECT_EQ((*api.call("getServiceBackup", params)->body)["result"]["status"], "in_progress");
  api.clock.advance(10 * 60 * 1000);
  auto done = api.call("getServiceBackup", params);
  EXPECT_EQ((*done->body)["result"]["status"], "done");
  EXPECT_TRUE((*done->body)["result"].contains("finishedAt"));
  params["backupId"] = "00000000-0000-4000-8000-000000000000";
  EXPECT_EQ(api.call("getServiceBackup", params)->status, 400);
  auto other = api.call("listServiceBackups", service("11111111-1111-4111-8111-111111111111"));
  EXPECT_TRUE((*other->body)["result"].empty());
}

TEST(ClickHouseBehaviour, UnknownServiceAnswers400) {
  auto api = clickhouse();
  ASSERT_TRUE(api.ok());
  const auto unknown = service("11111111-1111-4111-8111-111111111111");
  for (const auto* op : {"getService", "deleteService", "updateServiceState"}) {
    auto outcome = api.call(op, unknown, json{{"command", "stop"}});
    ASSERT_TRUE(outcome) << op;
    EXPECT_EQ(outcome->status, 400) << op;
  }
}

} // namespace
} // namespace concord::mock
