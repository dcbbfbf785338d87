// Loads and lints every OpenAPI document of the external corpus (env CONCORD_EXTERNAL).
#include "core/lint.hpp"
#include "core/loader.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace concord::core {
namespace {

std::vector<std::filesystem::path> corpus_files(const std::filesystem::path& root) {
  std::vector<std::string> inputs;
  for (const char* rel :
       {"feldera", "clickhouse-cloud", "azure-servicefabric/6.2/servicefabric.json", "large/openai",
        "large/box", "oai-examples"}) {
    if (std::filesystem::exists(root / rel)) {
      inputs.push_back((root / rel).string());
    }
  }
  auto files = find_spec_files(inputs);
  EXPECT_TRUE(files) << (files ? "" : files.error().to_string());
  return files ? *files : std::vector<std::filesystem::path>{};
}

TEST(Corpus, LoadsAndLintsEveryExternalDocument) {
  const char* env = std::getenv("CONCORD_EXTERNAL");
  if (env == nullptr || *env == '\0') {
    GTEST_SKIP() << "set CONCORD_EXTERNAL to the shared/external directory to run the corpus";
  }
  const std::filesystem::path root(env);
  const auto files = corpus_files(root);
  ASSERT_GE(files.size(), 30U) << "corpus looks incomplete under " << root;
  for (const auto& file : files) {
    const auto start = std::chrono::steady_clock::now();
    auto spec = load_spec(file);
    const auto loaded = std::chrono::steady_clock::now();
    ASSERT_TRUE(spec) << file << ": " << spec.error().to_string();
    const auto problems = lint_spec(**spec);
    const auto linted = std::chrono::steady_clock::now();
    std::size_t errors = 0;
    for (const auto& d : problems) {
      errors += d.severity == Severity::error ? 1 : 0;
    }
    const auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
    std::printf("%-70s ops=%-4zu load=%8.1f ms lint=%8.1f ms errors=%zu warnings=%zu\n",
                std::filesystem::relative(file, root).string().c_str(), (*spec)->operations.size(),
                ms(loaded - start), ms(linted - loaded), errors, problems.size() - errors);
  }
}

} // namespace
} // namespace concord::core
