// Every response the mock sends by default must validate against its own document.
#include "core/loader.hpp"
#include "mock/negotiator.hpp"
#include "mock/response_builder.hpp"

#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>
#include <iostream>

namespace concord::mock {
namespace {

namespace fs = std::filesystem;

struct Tally {
  std::size_t bodies = 0;
  std::size_t from_examples = 0;
  std::size_t discrepancies = 0;
  std::vector<std::string> samples;
};

void check_document(const fs::path& file, Tally& tally) {
  auto spec = core::load_spec(file);
  ASSERT_TRUE(spec) << spec.error().to_string();
  const ResponseBuilder builder(*spec, 1);
  for (const auto& operation : (*spec)->operations) {
    for (const auto& response : operation.responses) {
      for (const auto& media : response.content) {
        ++tally.bodies;
        const BuiltBody& body = builder.default_body(media);
        if (builder.default_source(media) == BodySource::example) {
          ++tally.from_examples;
        }
        if (media.schema == nullptr || !is_json_media_type(media.name)) {
          continue;
        }
        const auto value = nlohmann::json::parse(body.bytes, nullptr, false);
        core::ValidateOptions options;
        options.direction = core::Direction::response;
        const auto findings = value.is_discarded()
                                  ? std::vector<core::Finding>{{"", "", "json", "not JSON"}}
                                  : (*spec)->schemas->validate(media.schema, value, options);
        if (!findings.empty()) {
          ++tally.discrepancies;
          if (tally.samples.size() < 20) {
            tally.samples.push_back(file.filename().string() + " " + operation.method + " " +
                                    operation.path + " " + response.status + " " + media.name +
                                    ": " + findings.front().instance_pointer + " " +
                                    findings.front().keyword + ": " + findings.front().message);
          }
        }
      }
    }
  }
}

void report(const std::string& name, const Tally& tally) {
  std::cout << name << ": " << tally.bodies << " response bodies, " << tally.from_examples
            << " from examples, " << tally.discrepancies << " invalid\n";
  for (const auto& sample : tally.samples) {
    std::cout << "  " << sample << '\n';
  }
}

TEST(ResponseConformance, EveryDefaultResponseOfShippedSpecsValidates) {
  Tally tally;
  for (const auto& entry : fs::directory_iterator(fs::path(CONCORD_SOURCE_DIR) / "specs")) {
    if (entry.path().extension() == ".yaml" || entry.path().extension() == ".json") {
      check_document(entry.path(), tally);
    }
  }
  report("specs/", tally);
  EXPECT_GT(tally.bodies, 0U);
  EXPECT_EQ(tally.discrepancies, 0U);
}

TEST(ResponseConformance, EveryDefaultResponseOfCorpusValidates) {
  const char* root = std::getenv("CONCORD_EXTERNAL");
  if (root == nullptr) {
    GTEST_SKIP() << "set CONCORD_EXTERNAL to the corpus directory (e.g. /work/shared/external)";
  }
  const fs::path base(root);
  std::vector<fs::path> files = {
      base / "feldera/openapi.json", base / "clickhouse-cloud/openapi.json",
      base / "azure-servicefabric/6.2/servicefabric.json", base / "large/openai/openapi.yaml",
      base / "large/box/openapi.json"};
  for (const auto& entry : fs::recursive_directory_iterator(base / "oai-examples")) {
    const auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".json") &&
        entry.path().string().find("petstore-separate/common") == std::string::npos &&
        entry.path().string().find("petstore-separate/spec/") == std::string::npos) {
      files.push_back(entry.path());
    }
  }
  files.push_back(base / "oai-examples/v2.0/json/petstore-separate/spec/swagger.json");
  Tally total;
  for (const auto& file : files) {
    if (!fs::exists(file)) {
      continue;
    }
    Tally tally;
    check_document(file, tally);
    report(file.string(), tally);
    total.bodies += tally.bodies;
    total.discrepancies += tally.discrepancies;
  }
  std::cout << "corpus total: " << total.bodies << " bodies, " << total.discrepancies
            << " invalid\n";
  EXPECT_EQ(total.discrepancies, 0U);
}

} // namespace
} // namespace concord::mock
