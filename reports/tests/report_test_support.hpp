#pragma once
// Shared by the reports tests: the results files under fixtures/reports/.

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace concord::report::testing {

inline std::filesystem::path fixture(const std::string& name) {
  return std::filesystem::path(CONCORD_SOURCE_DIR) / "fixtures" / "reports" / name;
}

inline nlohmann::json load_fixture(const std::string& name) {
  std::ifstream in(fixture(name));
  return nlohmann::json::parse(in);
}

} // namespace concord::report::testing
