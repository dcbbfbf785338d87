#include "core/glob.hpp"
#include "reports/report.hpp"

#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

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

core::Result<std::string> read_scalar(const YAML::Node& entry, const char* key, bool required,
                                      const std::string& where) {
  const YAML::Node value = entry[key];
  if (!value || value.IsNull()) {
    if (required) {
      return core::fail(core::ErrorCode::config_invalid,
                        std::string("waiver needs \"") + key + "\"", where);
    }
    return std::string();
  }
  if (!value.IsScalar()) {
    return core::fail(core::ErrorCode::config_invalid,
                      std::string("waiver \"") + key + "\" must be a string", where);
  }
  return value.as<std::string>();
}

core::Result<Waiver> parse_waiver(const YAML::Node& entry, const std::string& file) {
  const int line = entry.Mark().line + 1;
  const std::string where = file + ":" + std::to_string(line);
  if (!entry.IsMap()) {
    return core::fail(core::ErrorCode::config_invalid,
                      "a waiver is a map with case, reason and expires", where);
  }
  for (const auto& field : entry) {
    const auto name = field.first.as<std::string>();
    if (name != "case" && name != "reason" && name != "expires") {
      return core::fail(core::ErrorCode::config_invalid, "unknown waiver field \"" + name + "\"",
                        file + ":" + std::to_string(field.first.Mark().line + 1));
    }
  }
  Waiver waiver;
  waiver.line = line;
  auto pattern = read_scalar(entry, "case", true, where);
  if (!pattern) {
    return tl::unexpected(pattern.error());
  }
  auto reason = read_scalar(entry, "reason", true, where);
  if (!reason) {
    return tl::unexpected(reason.error());
  }
  auto expires = read_scalar(entry, "expires", false, where);
  if (!expires) {
    return tl::unexpected(expires.error());
  }
  if (pattern->empty() || reason->empty()) {
    return core::fail(core::ErrorCode::config_invalid, "waiver case and reason must not be empty",
                      where);
  }
  if (!expires->empty() && !is_date(*expires)) {
    return core::fail(core::ErrorCode::config_invalid,
                      "waiver expires must be a date YYYY-MM-DD, got \"" + *expires + "\"", where);
  }
  waiver.pattern = std::move(*pattern);
  waiver.reason = std::move(*reason);
  waiver.expires = std::move(*expires);
  return waiver;
}

core::Result<std::vector<Waiver>> load_waivers(const std::filesystem::path& path) {
  const std::string file = path.string();
  YAML::Node root;
  try {
    root = YAML::LoadFile(file);
  } catch (const YAML::BadFile&) {
    return core::fail(core::ErrorCode::io_read, "cannot read waiver file", file);
  } catch (const YAML::ParserException& e) {
    return core::fail(core::ErrorCode::config_invalid, "waiver file does not parse: " + e.msg,
                      file + ":" + std::to_string(e.mark.line + 1));
  }
  if (root.IsMap() && root["waivers"]) {
    root = root["waivers"];
  }
  if (root.IsNull()) {
    return std::vector<Waiver>{};
  }
  if (!root.IsSequence()) {
    return core::fail(core::ErrorCode::config_invalid,
                      "a waiver file is a list of {case, reason, expires} (or waivers: [...])",
                      file + ":" + std::to_string(root.Mark().line + 1));
  }
  std::vector<Waiver> waivers;
  for (const auto& entry : root) {
    auto waiver = parse_waiver(entry, file);
    if (!waiver) {
      return tl::unexpected(waiver.error());
    }
    waivers.push_back(std::move(*waiver));
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
