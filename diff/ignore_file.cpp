// --ignore FILE: accepted breaks, each with a reason and an optional expiry date.
#include "core/document.hpp"
#include "diff/compare.hpp"

#include <algorithm>

namespace concord::diff {

namespace {

core::Error invalid(const core::Document& doc, const std::string& pointer,
                    const std::string& message) {
  return core::Error{core::ErrorCode::config_invalid, message, doc.location_of(pointer)};
}

bool is_date(const std::string& text) {
  return text.size() == 10 && text[4] == '-' && text[7] == '-' &&
         std::all_of(text.begin(), text.end(),
                     [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
}

core::Result<IgnoreEntry> read_entry(const core::Document& doc, const nlohmann::json& value,
                                     const std::string& pointer) {
  if (!value.is_object()) {
    return tl::unexpected(invalid(doc, pointer, "an ignore entry must be a mapping"));
  }
  IgnoreEntry entry;
  entry.location = doc.location_of(pointer);
  for (const auto& [key, field] : value.items()) {
    const std::string at = pointer + "/" + core::escape_pointer_token(key);
    if (key != "rule" && key != "operation" && key != "reason" && key != "expires") {
      return tl::unexpected(invalid(doc, at, "unknown key '" + key + "'"));
    }
    if (!field.is_string()) {
      return tl::unexpected(invalid(doc, at, "'" + key + "' must be a string"));
    }
    const auto text = field.get<std::string>();
    (key == "rule"        ? entry.rule
     : key == "operation" ? entry.operation
     : key == "reason"    ? entry.reason
                          : entry.expires) = text;
  }
  if (entry.rule.empty() || find_rule(entry.rule) == nullptr) {
    return tl::unexpected(invalid(doc, pointer + (entry.rule.empty() ? "" : "/rule"),
                                  entry.rule.empty() ? "an ignore entry needs a 'rule'"
                                                     : "unknown rule '" + entry.rule + "'"));
  }
  if (entry.reason.empty()) {
    return tl::unexpected(invalid(doc, pointer, "an ignore entry needs a 'reason'"));
  }
  if (!entry.expires.empty() && !is_date(entry.expires)) {
    return tl::unexpected(invalid(doc, pointer + "/expires", "'expires' must be YYYY-MM-DD"));
  }
  return entry;
}

bool covers(const IgnoreEntry& entry, const Change& change) {
  return entry.rule == change.rule &&
         (entry.operation.empty() || entry.operation == change.operation_id ||
          entry.operation == change.operation);
}

} // namespace

core::Result<std::vector<IgnoreEntry>> load_ignore_file(const std::filesystem::path& path) {
  core::ParseLimits limits;
  limits.max_bytes = std::size_t{1024} * 1024;
  auto doc = core::load_document(path, limits);
  if (!doc) {
    return tl::unexpected(doc.error());
  }
  const auto* list = core::find_pointer(doc->root, "/ignore");
  if (!doc->root.is_object() || list == nullptr || !list->is_array()) {
    return tl::unexpected(invalid(*doc, "", "expected a top-level 'ignore' list"));
  }
  std::vector<IgnoreEntry> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto entry = read_entry(*doc, (*list)[i], "/ignore/" + std::to_string(i));
    if (!entry) {
      return tl::unexpected(entry.error());
    }
    out.push_back(std::move(*entry));
  }
  return out;
}

IgnoreOutcome apply_ignores(const std::vector<Change>& changes,
                            const std::vector<IgnoreEntry>& entries, const std::string& today) {
  IgnoreOutcome out;
  std::vector<const IgnoreEntry*> live;
  for (const auto& entry : entries) {
    if (!entry.expires.empty() && entry.expires < today) {
      out.expired.push_back({entry.location, "ignore entry for " + entry.rule + " expired on " +
                                                 entry.expires + "; not applied"});
    } else {
      live.push_back(&entry);
    }
  }
  for (const auto& change : changes) {
    ReportedChange reported{change, ""};
    for (const auto* entry : live) {
      if (covers(*entry, change)) {
        reported.ignored_by = entry->reason;
        break;
      }
    }
    out.changes.push_back(std::move(reported));
  }
  return out;
}

} // namespace concord::diff
