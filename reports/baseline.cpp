#include "reports/json_fields.hpp"
#include "reports/report.hpp"

#include <string>
#include <unordered_map>

namespace concord::report {

namespace {

using detail::string_field;
using nlohmann::json;

// A waived case still fails; the waiver only says it is accepted for now.
bool is_failing(const std::string& outcome) {
  return outcome == "failed" || outcome == "errored" || outcome == "waived";
}

} // namespace

void apply_baseline(nlohmann::json& results, const nlohmann::json& baseline) {
  std::unordered_map<std::string, std::string> before;
  if (baseline.is_object() && baseline.contains("cases") && baseline["cases"].is_array()) {
    for (const auto& item : baseline["cases"]) {
      const std::string id = string_field(item, "id");
      if (!id.empty()) {
        before[id] = string_field(item, "outcome");
      }
    }
  }
  json fixed = json::array();
  if (results.contains("cases") && results["cases"].is_array()) {
    for (auto& item : results["cases"]) {
      if (!item.is_object()) {
        continue;
      }
      const std::string id = string_field(item, "id");
      const std::string outcome = string_field(item, "outcome");
      const auto it = before.find(id);
      const bool failed_before = it != before.end() && is_failing(it->second);
      if (is_failing(outcome)) {
        item["baseline"] = failed_before ? "known" : "new";
      } else if (outcome == "passed" && failed_before) {
        item["baseline"] = "fixed";
        fixed.push_back({{"id", id},
                         {"was", it->second},
                         {"operationId", item.value("operationId", json())},
                         {"method", item.value("method", json())},
                         {"path", item.value("path", json())}});
      } else {
        item["baseline"] = nullptr;
      }
    }
  }
  results["fixed"] = std::move(fixed);
}

} // namespace concord::report
