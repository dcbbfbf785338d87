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

// The behaviour loader, asked whether `respond: {status}` is documented for an operation. A
// behaviour file needs a resource keyed by a path parameter and operations under its path,
// so the probe runs on copies of the operations (their responses as they are) moved under one
// made-up item path.
class BehaviourProbe {
public:
  explicit BehaviourProbe(const core::Spec& source)
      : file_(fs::temp_directory_path() /
              ("concord-rules-" + std::to_string(::getpid()) + ".json")) {
    core::Parameter id;
    id.name = "id";
    id.in = core::ParamIn::path;
    id.required = true;
    auto spec = std::make_shared<core::Spec>();
    spec->file = source.file;
    spec->openapi_version = source.openapi_version;
    core::Operation item;
    item.method = "GET";
    item.path = k_item;
    item.operation_id = "concordRuleProbe";
    item.responses.push_back(core::ResponseSpec{"200", "", {}, {}, ""});
    spec->operations.push_back(item);
    for (const auto& operation : source.operations) {
      core::Operation copy;
      copy.method = "POST";
      copy.path = k_item + "/op" + std::to_string(spec->operations.size());
      copy.operation_id = operation.operation_id;
      copy.responses = operation.responses;
      spec->operations.push_back(copy);
    }
    for (auto& operation : spec->operations) {
      operation.parameters = {id};
    }
    spec_ = std::move(spec);
  }
  ~BehaviourProbe() {
    std::error_code ec;
    fs::remove(file_, ec);
  }
  BehaviourProbe(const BehaviourProbe&) = delete;
  BehaviourProbe& operator=(const BehaviourProbe&) = delete;

  bool accepts(const core::Operation& operation, int status) {
    const nlohmann::json doc = {
        {"resources", {{"probe", {{"item", k_item}}}}},
        {"operations", {{operation.operation_id, {{"respond", {{"status", status}}}}}}}};
    std::ofstream(file_, std::ios::trunc) << doc.dump();
    return static_cast<bool>(mock::load_behaviour(file_, spec_, clock_));
  }

private:
  inline static const std::string k_item = "/concord-rule-probe/{id}";
  fs::path file_;
  SpecPtr spec_;
  mock::Clock clock_;
};

struct Tally {
  std::size_t probes = 0;
  std::size_t behaviour_probes = 0;
  std::size_t documented = 0;
};

// probe == nullptr: the behaviour loader is not asked (it loads a file per question).
void check_operation(const core::Spec& spec, const core::Operation& operation,
                     BehaviourProbe* probe, Tally& tally) {
  // The behaviour loader may refuse an operation for reasons of its own (a resource it cannot
  // infer); only operations it accepts with their default success status are probed.
  const auto chosen = mock::negotiate_default_response(operation);
  if (chosen.response != nullptr) {
    EXPECT_EQ(core::find_response(operation, chosen.status), chosen.response)
        << spec.file << " " << operation.operation_id << ": the mock answers " << chosen.status
        << " from " << describe(chosen.response);
  }
  const bool probe_behaviour =
      probe != nullptr && chosen.response != nullptr && probe->accepts(operation, chosen.status);
  for (const int status : statuses_of_interest(operation)) {
    const core::ResponseSpec* rule = core::find_response(operation, status);
    const std::string where = spec.file + " " + operation.operation_id + " status " +
                              std::to_string(status) + " (rule: " + describe(rule) + ")";
    ++tally.probes;
    tally.documented += rule != nullptr ? 1 : 0;
    EXPECT_EQ(mock::find_response(operation, status), rule) << where << ": mock";
    bool flagged = false;
    EXPECT_EQ(runner_choice(spec, operation, status, flagged), rule) << where << ": runner";
    EXPECT_EQ(flagged, rule == nullptr) << where << ": runner status-documented check";
    if (probe_behaviour) {
      ++tally.behaviour_probes;
      EXPECT_EQ(probe->accepts(operation, status), rule != nullptr)
          << where << ": behaviour loader";
    }
  }
}

// The behaviour loader is asked about the first `behaviour_operations` operations only.
void check_spec(const core::Spec& spec, Tally& tally, std::size_t behaviour_operations = 1000) {
  BehaviourProbe probe(spec);
  for (std::size_t i = 0; i < spec.operations.size(); ++i) {
    check_operation(spec, spec.operations[i], i < behaviour_operations ? &probe : nullptr, tally);
  }
}

Tally check_files(const std::vector<fs::path>& files, std::size_t behaviour_operations = 1000) {
  Tally tally;
  for (const auto& file : files) {
    auto loaded = core::load_spec(file);
    if (!loaded) {
      ADD_FAILURE() << loaded.error().to_string();
      continue;
    }
    check_spec(**loaded, tally, behaviour_operations);
  }
  return tally;
}

core::Operation make_operation(const char* id, const std::vector<std::string>& statuses) {
  core::Operation operation;
  operation.method = "GET";
  operation.path = std::string("/") + id;
  operation.operation_id = id;
  for (const auto& status : statuses) {
    core::ResponseSpec response;
    response.status = status;
    operation.responses.push_back(response);
  }
  return operation;
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
  EXPECT_GT(tally.probes, 250U);
  EXPECT_GT(tally.behaviour_probes, 100U);
  EXPECT_GT(tally.documented, 100U);
}

// The loader writes ranges upper case; a model built another way (tests, converters) may
// not. Before the rule had one home the behaviour loader read only "4XX" and "default" in
// any case, while the mock and the runner read "4xx" and only "default".
TEST(RuleAgreement, StatusLookupOfHandBuiltOperations) {
  core::Spec spec;
  spec.file = "hand-built";
  spec.openapi_version = "3.0.3";
  spec.operations = {make_operation("lowerRange", {"200", "4xx"}),
                     make_operation("defaultFirst", {"default", "5Xx", "503", "201"}),
                     make_operation("mixedRanges", {"2xX", "4XX", "4xx"}),
                     make_operation("capitalDefault", {"200", "Default"}),
                     make_operation("errorsOnly", {"404", "4XX"})};
  Tally tally;
  check_spec(spec, tally);
  EXPECT_GT(tally.behaviour_probes, 40U);
  const auto find = [&](std::size_t index, int status) {
    return describe(core::find_response(spec.operations[index], status));
  };
  EXPECT_EQ(find(0, 418), "\"4xx\"");
  EXPECT_EQ(find(1, 503), "\"503\"");
  EXPECT_EQ(find(1, 502), "\"5Xx\"");
  EXPECT_EQ(find(1, 404), "\"default\"");
  EXPECT_EQ(find(2, 204), "\"2xX\"");
  EXPECT_EQ(find(2, 404), "\"4XX\"");
  EXPECT_EQ(find(3, 500), "(undocumented)");
  EXPECT_EQ(find(4, 404), "\"404\"");
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
  const Tally tally = check_files(*files, 8); // the loader reads a file per question
  EXPECT_GT(tally.probes, 1000U);
  EXPECT_GT(tally.behaviour_probes, 0U);
}

} // namespace
} // namespace concord
