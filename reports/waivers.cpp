#include "core/config_schema.hpp"
#include "core/glob.hpp"
#include "reports/report.hpp"

#include <string>
#include <vector>

namespace concord::report {

namespace {

using nlohmann::json;

struct Waiver {
  std::string pattern;
  std::string reason;
  std::string expires; // empty: never
  int line = 0;
  bool expired = false;
  long matched = 0;
  long blocked = 0; // failing cases it would have waived had it not expired
};

bool is_date(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return false;
  }
  for (const std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U}) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
  }
  const int month = std::stoi(text.substr(5, 2));
  const int day = std::stoi(text.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// Reads a waiver file through core's document reader (YAML or JSON, with positions and
// limits) and checks it against schemas/waivers.schema.json; every error is located.
core::Result<std::vector<Waiver>> load_waivers(const std::filesystem::path& path) {
  auto doc = core::load_config_document(path, "waivers");
  if (!doc) {
    return tl::unexpected(doc.error());
  }
  const bool wrapped = doc->root.is_object();
  const json list = wrapped ? doc->root.value("waivers", json()) : doc->root;
  std::vector<Waiver> waivers;
  for (std::size_t i = 0; i < (list.is_array() ? list.size() : 0); ++i) {
    const auto& entry = list[i];
    Waiver waiver;
    waiver.pattern = entry["case"].get<std::string>();
    waiver.reason = entry["reason"].get<std::string>();
    waiver.expires = entry.value("expires", json()).is_string()
                         ? entry["expires"].get<std::string>()
                         : std::string();
    const auto position = doc->position_of((wrapped ? "/waivers/" : "/") + std::to_string(i));
    waiver.line = position ? position->line : 0;
    waivers.push_back(std::move(waiver));
  }
  return waivers;
}

void waive_cases(json& results, std::vector<Waiver>& waivers) {
  if (!results.contains("cases") || !results["cases"].is_array()) {
    return;
  }
  for (auto& item : results["cases"]) {
    const std::string outcome = item.is_object() ? item.value("outcome", "") : "";
    if (outcome != "failed" && outcome != "errored") {
      continue;
    }
    const std::string id = item.value("id", "");
    for (auto& waiver : waivers) {
      if (!core::is_glob_match(waiver.pattern, id)) {
        continue;
      }
      if (waiver.expired) {
        ++waiver.blocked;
        continue;
      }
      ++waiver.matched;
      item["outcome"] = "waived";
      item["waiver"] = {{"case", waiver.pattern},
                        {"reason", waiver.reason},
                        {"expires", waiver.expires.empty() ? json() : json(waiver.expires)},
                        {"was", outcome}};
      break;
    }
  }
}

} // namespace

core::Result<void> apply_waivers(nlohmann::json& results, const std::filesystem::path& waiver_file,
                                 const std::string& today) {
  if (!is_date(today)) {
    return core::fail(core::ErrorCode::usage, "today must be a date YYYY-MM-DD");
  }
  auto waivers = load_waivers(waiver_file);
  if (!waivers) {
    return tl::unexpected(waivers.error());
  }
  for (auto& waiver : *waivers) {
    // A waiver is good through its expiry day.
    waiver.expired = !waiver.expires.empty() && waiver.expires < today;
  }
  waive_cases(results, *waivers);
  json listed = json::array();
  for (const auto& waiver : *waivers) {
    listed.push_back({{"case", waiver.pattern},
                      {"reason", waiver.reason},
                      {"expires", waiver.expires.empty() ? json() : json(waiver.expires)},
                      {"expired", waiver.expired},
                      {"matched", waiver.matched},
                      {"source", waiver_file.string() + ":" + std::to_string(waiver.line)}});
    if (waiver.expired && waiver.blocked > 0) {
      if (!results.contains("warnings") || !results["warnings"].is_array()) {
        results["warnings"] = json::array();
      }
      results["warnings"].push_back("waiver \"" + waiver.pattern + "\" expired on " +
                                    waiver.expires + "; " + std::to_string(waiver.blocked) +
                                    " failing case(s) it matches are not waived");
    }
  }
  results["waivers"] = std::move(listed);
  recompute_summary(results);
  return {};
}

} // namespace concord::report
