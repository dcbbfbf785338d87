#include "reports/report.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>

namespace {

using concord::core::ErrorCode;
namespace fs = std::filesystem;

fs::path fixture(const std::string& name) {
  return fs::path(CONCORD_SOURCE_DIR) / "fixtures" / "reports" / name;
}

TEST(LoadResults, ReadsAResultsDocument) {
  const auto results = concord::report::load_results(fixture("sample.json"));
  ASSERT_TRUE(results);
  EXPECT_EQ((*results)["cases"].size(), 6U);
}

TEST(LoadResults, MissingFileIsIoRead) {
  const auto results = concord::report::load_results(fixture("missing.json"));
  ASSERT_FALSE(results);
  EXPECT_EQ(results.error().code, ErrorCode::io_read);
}

TEST(LoadResults, NotJsonIsConfigInvalidWithLine) {
  const auto results = concord::report::load_results(fixture("waivers_bad.yaml"));
  ASSERT_FALSE(results);
  EXPECT_EQ(results.error().code, ErrorCode::config_invalid);
  EXPECT_EQ(results.error().location.rfind(fixture("waivers_bad.yaml").string() + ":1:", 0), 0U);
}

TEST(LoadResults, JsonWithoutCasesIsConfigInvalid) {
  const auto results = concord::report::load_results(fixture("waivers.json"));
  ASSERT_FALSE(results);
  EXPECT_EQ(results.error().code, ErrorCode::config_invalid);
}

} // namespace
