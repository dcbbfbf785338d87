// Stateful sequences (verify --generate) against small gadget servers with one lifecycle fault
// each, and against `concord mock` with the gadgets behaviour: each fault must be caught by
// exactly its check, the right servers by none, and a failing sequence shrunk.
#include "conformance/verify.hpp"
#include "core/loader.hpp"
#include "fault_server.hpp"
#include "mock/lifecycle.hpp"
#include "mock_test_support.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

namespace concord::conformance {
namespace {

using nlohmann::json;
using testing::describe;

enum class GadgetFault { none, deleted_still_readable, resume_when_running, created_not_found };

// fixtures/sequences/gadgets.yaml, by hand, with one fault switched on.
class GadgetServer {
public:
  explicit GadgetServer(GadgetFault fault) : fault_(fault) {
    server_.Post("/gadgets", [this](const httplib::Request&, httplib::Response& res) {
      const std::lock_guard<std::mutex> lock(mutex_);
      const auto id = "g" + std::to_string(++next_id_);
      if (fault_ != GadgetFault::created_not_found) {
        states_[id] = "running";
      }
      answer(res, 201, id, "running");
    });
    server_.Get(R"(/gadgets/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      const std::lock_guard<std::mutex> lock(mutex_);
      const std::string id = req.matches[1];
      const auto it = states_.find(id);
      if (it == states_.end()) {
        not_found(res);
      } else {
        answer(res, 200, id, it->second);
      }
    });
    server_.Delete(R"(/gadgets/([^/]+))",
                   [this](const httplib::Request& req, httplib::Response& res) {
                     const std::lock_guard<std::mutex> lock(mutex_);
                     const std::string id = req.matches[1];
                     if (states_.count(id) == 0) {
                       not_found(res);
                       return;
                     }
                     if (fault_ != GadgetFault::deleted_still_readable) {
                       states_.erase(id);
                     }
                     res.status = 204;
                   });
    server_.Post(R"(/gadgets/([^/]+)/(pause|resume))", [this](const httplib::Request& req,
                                                              httplib::Response& res) {
      const std::lock_guard<std::mutex> lock(mutex_);
      const std::string id = req.matches[1];
      const bool pause = req.matches[2] == "pause";
      const auto it = states_.find(id);
      if (it == states_.end()) {
        not_found(res);
        return;
      }
      const bool allowed =
          pause ? it->second == "running"
                : it->second == "paused" || fault_ == GadgetFault::resume_when_running;
      if (!allowed) {
        res.status = 409;
        res.set_content(json{{"message", "not allowed now"}}.dump(), "application/json");
        return;
      }
      it->second = pause ? "paused" : "running";
      answer(res, 200, id, it->second);
    });
    running_.emplace(server_);
  }

  GadgetServer(const GadgetServer&) = delete;
  GadgetServer& operator=(const GadgetServer&) = delete;

  [[nodiscard]] int port() const { return running_->port(); }

private:
  static void answer(httplib::Response& res, int status, const std::string& id,
                     const std::string& state) {
    res.status = status;
    res.set_content(json{{"gadget", {{"id", id}, {"state", state}, {"colour", "blue"}}}}.dump(),
                    "application/json");
  }

  static void not_found(httplib::Response& res) {
    res.status = 404;
    res.set_content(R"({"message":"no such gadget"})", "application/json");
  }

  GadgetFault fault_;
  httplib::Server server_;
  std::mutex mutex_;
  int next_id_ = 0;
  std::map<std::string, std::string> states_;
  std::optional<testing::ServerThread> running_; // last: stops first
};

std::string source(const std::string& relative) {
  return std::string(CONCORD_SOURCE_DIR) + "/" + relative;
}

// Only the derived sequence runs (--case 'sequence *'), with deletes allowed.
VerifyConfig make_config(int port) {
  VerifyConfig config;
  config.specs = {source("fixtures/sequences/gadgets.yaml")};
  config.target = "http://127.0.0.1:" + std::to_string(port);
  config.jobs = 1;
  config.timeout_ms = 2000;
  config.case_globs = {"sequence *"};
  config.generate_sequences = true;
  config.generate_unsafe = true;
  config.seed = 7;
  auto spec = core::load_spec(config.specs.front());
  EXPECT_TRUE(spec);
  if (spec) {
    auto lifecycle =
        mock::describe_lifecycle(source("fixtures/sequences/gadgets.behaviour.yaml"), *spec);
    EXPECT_TRUE(lifecycle) << (lifecycle ? "" : lifecycle.error().to_string());
    if (lifecycle) {
      config.lifecycles.push_back(std::move(*lifecycle));
    }
  }
  return config;
}

std::set<std::string> failed_checks(const json& results) {
  std::set<std::string> checks;
  for (const auto& item : results["cases"]) {
    EXPECT_EQ(item["kind"], "sequence") << item.dump();
    for (const auto& failure : item["failures"]) {
      checks.insert(failure["check"].get<std::string>());
    }
  }
  return checks;
}

// Steps of the reported sequence: those shrinking left out are reported too, as skipped.
std::size_t count_steps(const json& results) {
  std::size_t count = 0;
  for (const auto& item : results["cases"]) {
    const auto* reason = item["reason"].is_string() ? &item["reason"] : nullptr;
    count +=
        reason != nullptr && reason->get<std::string>().find("shrunk sequence") != std::string::npos
            ? 0
            : 1;
  }
  return count;
}

TEST(VerifySequences, ACorrectServerPasses) {
  GadgetServer server(GadgetFault::none);
  auto results = run_conformance(make_config(server.port()));
  ASSERT_TRUE(results) << results.error().to_string();
  EXPECT_EQ((*results)["verdict"], "passed") << describe(*results);
  EXPECT_TRUE(failed_checks(*results).empty()) << describe(*results);
  // create, get, resume refused, pause, pause refused, resume, pause, get, delete, get
  EXPECT_EQ(count_steps(*results), 10U) << describe(*results);
}

TEST(VerifySequences, TheMockWithTheBehaviourPasses) {
  mock::MockOptions options;
  options.specs = {source("fixtures/sequences/gadgets.yaml")};
  options.behaviours[source("fixtures/sequences/gadgets.yaml")] =
      source("fixtures/sequences/gadgets.behaviour.yaml");
  mock::testing::RunningMock mock(options);
  auto results = run_conformance(make_config(mock.port()));
  ASSERT_TRUE(results) << results.error().to_string();
  EXPECT_EQ((*results)["verdict"], "passed") << describe(*results);
  EXPECT_TRUE(failed_checks(*results).empty()) << describe(*results);
  EXPECT_EQ(count_steps(*results), 10U) << describe(*results);
}

struct SequenceFault {
  GadgetFault fault;
  const char* name;
  std::string check;
  std::size_t shrunk_steps; // steps reported after shrinking
};

class VerifySequenceFault : public ::testing::TestWithParam<SequenceFault> {};

TEST_P(VerifySequenceFault, IsCaughtByExactlyItsCheckAndShrunk) {
  const auto& param = GetParam();
  GadgetServer server(param.fault);
  auto results = run_conformance(make_config(server.port()));
  ASSERT_TRUE(results) << results.error().to_string();
  EXPECT_EQ((*results)["verdict"], "failed") << describe(*results);
  EXPECT_EQ(failed_checks(*results), std::set<std::string>{param.check}) << describe(*results);
  EXPECT_EQ(count_steps(*results), param.shrunk_steps) << describe(*results);
}

INSTANTIATE_TEST_SUITE_P(
    Faults, VerifySequenceFault,
    ::testing::Values(
        // create, delete, get: the walk in between is not needed to show it
        SequenceFault{GadgetFault::deleted_still_readable, "DeletedStillReadable",
                      "use-after-delete", 3},
        // create, resume on the running gadget
        SequenceFault{GadgetFault::resume_when_running, "ResumeAcceptedWhenRunning",
                      "state-contract", 2},
        // create, get: nothing to drop (and the rest of the 10 steps are reported not run)
        SequenceFault{GadgetFault::created_not_found, "CreatedNotFound", "ensure-created", 10}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(VerifySequences, TheShrunkFailureNamesTheDroppedSteps) {
  GadgetServer server(GadgetFault::deleted_still_readable);
  auto results = run_conformance(make_config(server.port()));
  ASSERT_TRUE(results) << results.error().to_string();
  const json* last_run = nullptr;
  for (const auto& item : (*results)["cases"]) {
    if (item["outcome"] != "skipped") {
      last_run = &item;
    }
  }
  ASSERT_NE(last_run, nullptr);
  const auto& last = *last_run;
  EXPECT_EQ(last["outcome"], "failed");
  EXPECT_NE(last.dump().find("shrunk to 3 of 10 steps"), std::string::npos) << last.dump(2);
}

TEST(VerifySequences, WithoutUnsafeTheSequenceNeverDeletes) {
  GadgetServer server(GadgetFault::deleted_still_readable);
  auto config = make_config(server.port());
  config.generate_unsafe = false;
  auto results = run_conformance(config);
  ASSERT_TRUE(results) << results.error().to_string();
  EXPECT_EQ((*results)["verdict"], "passed") << describe(*results);
  for (const auto& item : (*results)["cases"]) {
    EXPECT_EQ(item["id"].get<std::string>().find("deleteGadget"), std::string::npos);
  }
  EXPECT_NE(results->dump().find("--generate-unsafe"), std::string::npos); // the note says why
}

// ---- sequences from OpenAPI `links` (fixtures/sequences/links.yaml) ------------------------

enum class ThingFault { none, created_not_found, deleted_still_readable };

// fixtures/sequences/links.yaml, by hand: POST /things makes {id, colour}, GET and DELETE
// /things/{thingId}; with one fault switched on.
class ThingServer {
public:
  explicit ThingServer(ThingFault fault) : fault_(fault) {
    server_.Post("/things", [this](const httplib::Request& req, httplib::Response& res) {
      const std::lock_guard<std::mutex> lock(mutex_);
      const auto body = json::parse(req.body, nullptr, false);
      const std::string colour =
          body.is_object() && body.contains("colour") && body["colour"].is_string()
              ? body["colour"].get<std::string>()
              : "grey";
      const auto id = "t" + std::to_string(++next_id_);
      if (fault_ != ThingFault::created_not_found) {
        things_[id] = colour;
      }
      res.status = 201;
      res.set_content(json{{"id", id}, {"colour", colour}}.dump(), "application/json");
    });
    server_.Get(R"(/things/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      const std::lock_guard<std::mutex> lock(mutex_);
      const std::string id = req.matches[1];
      const auto it = things_.find(id);
      if (it == things_.end()) {
        res.status = 404;
        res.set_content(R"({"message":"no such thing"})", "application/json");
        return;
      }
      res.status = 200;
      res.set_content(json{{"id", id}, {"colour", it->second}}.dump(), "application/json");
    });
    server_.Delete(R"(/things/([^/]+))",
                   [this](const httplib::Request& req, httplib::Response& res) {
                     const std::lock_guard<std::mutex> lock(mutex_);
                     if (fault_ != ThingFault::deleted_still_readable) {
                       things_.erase(req.matches[1]);
                     }
                     res.status = 204;
                   });
    running_.emplace(server_);
  }

  ThingServer(const ThingServer&) = delete;
  ThingServer& operator=(const ThingServer&) = delete;

  [[nodiscard]] int port() const { return running_->port(); }

private:
  ThingFault fault_;
  httplib::Server server_;
  std::mutex mutex_;
  int next_id_ = 0;
  std::map<std::string, std::string> things_;
  std::optional<testing::ServerThread> running_; // last: stops first
};

// Only the sequences derived from the document's links run; no behaviour file.
VerifyConfig make_link_config(int port, bool unsafe) {
  VerifyConfig config;
  config.specs = {source("fixtures/sequences/links.yaml")};
  config.target = "http://127.0.0.1:" + std::to_string(port);
  config.jobs = 1;
  config.timeout_ms = 2000;
  config.case_globs = {"link *"};
  config.generate_sequences = true;
  config.generate_unsafe = unsafe;
  config.seed = 7;
  return config;
}

TEST(VerifyLinkSequences, ACorrectServerPasses) {
  ThingServer server(ThingFault::none);
  auto results = run_conformance(make_link_config(server.port(), true));
  ASSERT_TRUE(results) << results.error().to_string();
  EXPECT_EQ((*results)["verdict"], "passed") << describe(*results);
  EXPECT_TRUE(failed_checks(*results).empty()) << describe(*results);
  // create, get the linked thing, delete, get again
  EXPECT_EQ(count_steps(*results), 4U) << describe(*results);
  EXPECT_NE(results->dump().find("link createThing > GetThing"), std::string::npos);
}

TEST(VerifyLinkSequences, ACreatedThingNotFoundIsEnsureCreated) {
  ThingServer server(ThingFault::created_not_found);
  auto results = run_conformance(make_link_config(server.port(), false));
  ASSERT_TRUE(results) << results.error().to_string();
  EXPECT_EQ((*results)["verdict"], "failed") << describe(*results);
  EXPECT_EQ(failed_checks(*results), std::set<std::string>{"ensure-created"}) << describe(*results);
}

TEST(VerifyLinkSequences, ADeletedThingStillReadableIsUseAfterDelete) {
  ThingServer server(ThingFault::deleted_still_readable);
  auto results = run_conformance(make_link_config(server.port(), true));
  ASSERT_TRUE(results) << results.error().to_string();
  EXPECT_EQ((*results)["verdict"], "failed") << describe(*results);
  EXPECT_EQ(failed_checks(*results), std::set<std::string>{"use-after-delete"})
      << describe(*results);
}

TEST(VerifyLinkSequences, WithoutUnsafeTheLinkSequenceNeverDeletes) {
  ThingServer server(ThingFault::deleted_still_readable);
  auto results = run_conformance(make_link_config(server.port(), false));
  ASSERT_TRUE(results) << results.error().to_string();
  EXPECT_EQ((*results)["verdict"], "passed") << describe(*results);
  EXPECT_EQ(count_steps(*results), 2U) << describe(*results);
  for (const auto& item : (*results)["cases"]) {
    EXPECT_EQ(item["id"].get<std::string>().find("deleteThing"), std::string::npos);
  }
}

} // namespace
} // namespace concord::conformance
