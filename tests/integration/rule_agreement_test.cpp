// The status rule has one home (core/statuses.hpp, docs/rules.md): for every operation of the
// shipped specs, a fixture written every way real documents spell response keys, and (with
// CONCORD_EXTERNAL) the external corpus, the mock's choice of documented response, the
// runner's status-documented decision and the behaviour loader's lookup must agree with
// core::find_response for each documented and undocumented status of interest.
#include "conformance/checks.hpp"
#include "core/loader.hpp"
#include "core/statuses.hpp"
#include "mock/behaviour.hpp"
#include "mock/clock.hpp"
#include "mock/negotiator.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <memory>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

namespace concord {
namespace {

namespace fs = std::filesystem;
using SpecPtr = std::shared_ptr<const core::Spec>;

// Each documented key's code ("4XX" -> 418, "default" -> 599), plus common undocumented ones.
std::set<int> statuses_of_interest(const core::Operation& operation) {
  std::set<int> out = {200, 201, 204, 302, 400, 401, 404, 409, 422, 500, 503};
  for (const auto& response : operation.responses) {
    if (const auto code = core::to_status_code(response.status)) {
      out.insert(*code);
    } else if (response.status.size() == 3 && response.status[0] >= '1' &&
               response.status[0] <= '5') {
      out.insert((response.status[0] - '0') * 100 + 18);
    }
  }
  return out;
}

std::string describe(const core::ResponseSpec* response) {
  return response == nullptr ? "(undocumented)" : "\"" + response->status + "\"";
}

// The runner: check_response on a bare response with that status.
const core::ResponseSpec* runner_choice(const core::Spec& spec, const core::Operation& operation,
                                        int status, bool& flagged_undocumented) {
  conformance::Expectation expectation;
  expectation.operation = &operation;
  core::Response response;
  response.status = status;
  const auto report = conformance::check_response(spec, expectation, response, 0.0, {});
  flagged_undocumented = false;
  for (const auto& failure : report.failures) {
    flagged_undocumented = flagged_undocumented || failure.check == "status-documented";
  }
  return report.documented;
}

class BehaviourProbe {
public:
  BehaviourProbe()
      : file_(fs::temp_directory_path() /
              ("concord-rules-" + std::to_string(::getpid()) + ".json")) {}
  ~BehaviourProbe() {
    std::error_code ec;
    fs::remove(file_, ec);
  }
  BehaviourProbe(const BehaviourProbe&) = delete;
  BehaviourProbe& operator=(const BehaviourProbe&) = delete;

  // Does the behaviour loader accept `respond: {status}` for the operation?
  bool accepts(const SpecPtr& spec, const core::Operation& operation, int status) {
    const nlohmann::json doc = {
        {"operations", {{operation.operation_id, {{"respond", {{"status", status}}}}}}}};
    std::ofstream(file_, std::ios::trunc) << doc.dump();
    return static_cast<bool>(mock::load_behaviour(file_, spec, clock_));
  }

private:
  fs::path file_;
  mock::Clock clock_;
};

struct Tally {
  std::size_t probes = 0;
  std::size_t behaviour_probes = 0;
  std::size_t documented = 0;
};

void check_operation(const SpecPtr& spec, const core::Operation& operation, BehaviourProbe& probe,
                     Tally& tally) {
  // The behaviour loader may refuse an operation for reasons of its own (a resource it cannot
  // infer); only operations it accepts with their default success status are probed.
  const auto chosen = mock::negotiate_default_response(operation);
  if (chosen.response != nullptr) {
    EXPECT_EQ(core::find_response(operation, chosen.status), chosen.response)
        << spec->file << " " << operation.operation_id << ": the mock answers " << chosen.status
        << " from " << describe(chosen.response);
  }
  const bool probe_behaviour =
      chosen.response != nullptr && probe.accepts(spec, operation, chosen.status);
  for (const int status : statuses_of_interest(operation)) {
    const core::ResponseSpec* rule = core::find_response(operation, status);
    const std::string where = spec->file + " " + operation.operation_id + " status " +
                              std::to_string(status) + " (rule: " + describe(rule) + ")";
    ++tally.probes;
    tally.documented += rule != nullptr ? 1 : 0;
    EXPECT_EQ(mock::find_response(operation, status), rule) << where << ": mock";
    bool flagged = false;
    EXPECT_EQ(runner_choice(*spec, operation, status, flagged), rule) << where << ": runner";
    EXPECT_EQ(flagged, rule == nullptr) << where << ": runner status-documented check";
    if (probe_behaviour) {
      ++tally.behaviour_probes;
      EXPECT_EQ(probe.accepts(spec, operation, status), rule != nullptr)
          << where << ": behaviour loader";
    }
  }
}

Tally check_files(const std::vector<fs::path>& files) {
  Tally tally;
  BehaviourProbe probe;
  for (const auto& file : files) {
    auto loaded = core::load_spec(file);
    if (!loaded) {
      ADD_FAILURE() << loaded.error().to_string();
      continue;
    }
    const SpecPtr spec = std::move(*loaded);
    for (const auto& operation : spec->operations) {
      check_operation(spec, operation, probe, tally);
    }
  }
  return tally;
}

TEST(RuleAgreement, StatusLookupOfShippedSpecsAndFixture) {
  const fs::path root(CONCORD_SOURCE_DIR);
  std::vector<fs::path> files = {root / "fixtures/rules/statuses.yaml"};
  for (const auto& entry : fs::directory_iterator(root / "specs")) {
    if (entry.path().extension() == ".yaml") {
      files.push_back(entry.path());
    }
  }
  const Tally tally = check_files(files);
  EXPECT_GT(tally.probes, 500U);
  EXPECT_GT(tally.behaviour_probes, 100U);
  EXPECT_GT(tally.documented, 100U);
}

TEST(RuleAgreement, FixtureSpellingsAreReadTheAgreedWay) {
  auto spec = core::load_spec(fs::path(CONCORD_SOURCE_DIR) / "fixtures/rules/statuses.yaml");
  ASSERT_TRUE(spec) << spec.error().to_string();
  const auto find = [&](const char* id, int status) {
    for (const auto& operation : (*spec)->operations) {
      if (operation.operation_id == id) {
        return describe(core::find_response(operation, status));
      }
    }
    return std::string("(no operation)");
  };
  EXPECT_EQ(find("lowerRange", 418), "\"4xx\"");
  EXPECT_EQ(find("defaultFirst", 503), "\"503\"");
  EXPECT_EQ(find("defaultFirst", 502), "\"5XX\"");
  EXPECT_EQ(find("defaultFirst", 404), "\"default\"");
  EXPECT_EQ(find("capitalDefault", 500), "(undocumented)");
  EXPECT_EQ(find("rangesOnly", 204), "\"2XX\"");
  EXPECT_EQ(find("errorsOnly", 404), "\"404\"");
}

TEST(RuleAgreement, StatusLookupOfExternalCorpus) {
  const char* env = std::getenv("CONCORD_EXTERNAL");
  if (env == nullptr || *env == '\0') {
    GTEST_SKIP() << "set CONCORD_EXTERNAL to the shared/external directory to check the corpus";
  }
  const fs::path root(env);
  std::vector<std::string> inputs;
  for (const char* rel :
       {"feldera", "clickhouse-cloud", "azure-servicefabric/6.2/servicefabric.json", "large/openai",
        "large/box", "oai-examples"}) {
    if (fs::exists(root / rel)) {
      inputs.push_back((root / rel).string());
    }
  }
  auto files = core::find_spec_files(inputs);
  ASSERT_TRUE(files) << files.error().to_string();
  ASSERT_GE(files->size(), 30U) << "corpus looks incomplete under " << root;
  const Tally tally = check_files(*files);
  EXPECT_GT(tally.probes, 1000U);
  EXPECT_GT(tally.behaviour_probes, 0U);
}

} // namespace
} // namespace concord
