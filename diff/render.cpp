#include "diff/render.hpp"

#include <charconv>
#include <nlohmann/json.hpp>
#include <sstream>

namespace concord::diff {

namespace {

struct Place {
  std::string file;
  int line = 0;
  int column = 0;
  std::string pointer;
};

std::optional<int> to_int(std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty()
             ? std::optional<int>(value)
             : std::nullopt;
}

// "file:line:column" or "file#/pointer".
Place to_place(const std::string& location) {
  Place place;
  if (const auto hash = location.find('#'); hash != std::string::npos) {
    place.file = location.substr(0, hash);
    place.pointer = location.substr(hash + 1);
    return place;
  }
  const auto last = location.rfind(':');
  const auto prev = last == std::string::npos || last == 0 ? last : location.rfind(':', last - 1);
  if (prev != std::string::npos && last != std::string::npos) {
    const auto line = to_int(std::string_view(location).substr(prev + 1, last - prev - 1));
    const auto column = to_int(std::string_view(location).substr(last + 1));
    if (line && column) {
      return {location.substr(0, prev), *line, *column, ""};
    }
  }
  place.file = location;
  return place;
}

nlohmann::json to_json(const std::string& location) {
  if (location.empty()) {
    return nullptr;
  }
  const Place place = to_place(location);
  nlohmann::json out = {{"file", place.file}, {"pointer", place.pointer}};
  out["line"] = place.line > 0 ? nlohmann::json(place.line) : nlohmann::json();
  out["column"] = place.column > 0 ? nlohmann::json(place.column) : nlohmann::json();
  return out;
}

std::string summary_line(const DiffReport& report) {
  const auto counts = count_levels(report.changes);
  std::ostringstream out;
  out << counts.breaking << " breaking, " << counts.warning
      << (counts.warning == 1 ? " warning, " : " warnings, ") << counts.info << " info";
  if (counts.ignored > 0) {
    out << " (" << counts.ignored << " ignored)";
  }
  return out.str();
}

std::string escape_markdown(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '|' || c == '`' || c == '*' || c == '_' || c == '<' || c == '>' || c == '[' ||
        c == ']' || c == '\\') {
      out += '\\';
    }
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

} // namespace

std::string escape_xml(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      // Control characters are not allowed in XML 1.0.
      out += static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' ? ' ' : c;
    }
  }
  return out;
}

LevelCounts count_levels(const std::vector<ReportedChange>& changes) {
  LevelCounts counts;
  for (const auto& reported : changes) {
    if (!reported.ignored_by.empty()) {
      ++counts.ignored;
      continue;
    }
    auto& slot = reported.change.level == Level::breaking  ? counts.breaking
                 : reported.change.level == Level::warning ? counts.warning
                                                           : counts.info;
    ++slot;
  }
  return counts;
}

bool is_failing(const DiffReport& report, const ReportedChange& change) {
  return !report.fail_on_none && change.ignored_by.empty() &&
         static_cast<int>(change.change.level) >= static_cast<int>(report.fail_on);
}

bool is_failing(const DiffReport& report) {
  for (const auto& change : report.changes) {
    if (is_failing(report, change)) {
      return true;
    }
  }
  return false;
}

std::string render_text(const DiffReport& report) {
  std::ostringstream out;
  for (const auto& reported : report.changes) {
    const auto& c = reported.change;
    out << (c.new_location.empty() ? c.old_location : c.new_location) << ": " << to_string(c.level)
        << ": " << c.message << " [" << c.rule << "]";
    if (!reported.ignored_by.empty()) {
      out << " (ignored: " << reported.ignored_by << ")";
    }
    out << '\n';
    if (!c.old_location.empty() && !c.new_location.empty()) {
      out << c.old_location << ": note: before\n";
    }
  }
  for (const auto& warning : report.warnings) {
    out << warning.location << ": warning: " << warning.message << '\n';
  }
  out << report.old_label << " -> " << report.new_label << ": " << summary_line(report) << '\n';
  return out.str();
}

std::string render_json(const DiffReport& report) {
  const auto counts = count_levels(report.changes);
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& reported : report.changes) {
    const auto& c = reported.change;
    changes.push_back({{"rule", c.rule},
                       {"level", to_string(c.level)},
                       {"message", c.message},
                       {"operation", c.operation},
                       {"operationId", c.operation_id},
                       {"old", to_json(c.old_location)},
                       {"new", to_json(c.new_location)},
                       {"ignored", !reported.ignored_by.empty()},
                       {"ignoreReason", reported.ignored_by}});
  }
  nlohmann::json warnings = nlohmann::json::array();
  for (const auto& w : report.warnings) {
    warnings.push_back({{"location", w.location}, {"message", w.message}});
  }
  const nlohmann::json out = {{"old", report.old_label},
                              {"new", report.new_label},
                              {"summary",
                               {{"breaking", counts.breaking},
                                {"warning", counts.warning},
                                {"info", counts.info},
                                {"ignored", counts.ignored},
                                {"failed", is_failing(report)}}},
                              {"changes", changes},
                              {"warnings", warnings}};
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_markdown(const DiffReport& report) {
  std::ostringstream out;
  out << "### API diff: " << summary_line(report) << "\n\n";
  out << "`" << escape_markdown(report.old_label) << "` → `" << escape_markdown(report.new_label)
      << "`\n\n";
  if (report.changes.empty()) {
    out << "No changes to the API contract.\n";
    return out.str();
  }
  out << "| level | change | operation | rule | where |\n|---|---|---|---|---|\n";
  for (const auto& reported : report.changes) {
    const auto& c = reported.change;
    const std::string level = reported.ignored_by.empty()
                                  ? std::string(to_string(c.level))
                                  : std::string(to_string(c.level)) + " (ignored)";
    out << "| " << (c.level == Level::breaking && reported.ignored_by.empty() ? "**" : "") << level
        << (c.level == Level::breaking && reported.ignored_by.empty() ? "**" : "") << " | "
        << escape_markdown(c.message) << " | " << escape_markdown(c.operation) << " | `"
        << escape_markdown(c.rule) << "` | " << escape_markdown(c.new_location) << " |\n";
  }
  return out.str();
}

std::string render_junit(const DiffReport& report) {
  const auto counts = count_levels(report.changes);
  int failures = 0;
  for (const auto& change : report.changes) {
    failures += is_failing(report, change) ? 1 : 0;
  }
  const std::size_t tests = report.changes.empty() ? 1 : report.changes.size();
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"concord diff\" tests=\""
      << tests << "\" failures=\"" << failures << "\">\n  <testsuite name=\""
      << escape_xml(report.old_label + " -> " + report.new_label) << "\" tests=\"" << tests
      << "\" failures=\"" << failures << "\" skipped=\"" << counts.ignored << "\">\n";
  if (report.changes.empty()) {
    out << "    <testcase classname=\"api\" name=\"no changes\"/>\n";
  }
  for (const auto& reported : report.changes) {
    const auto& c = reported.change;
    out << "    <testcase classname=\"" << escape_xml(c.operation.empty() ? "api" : c.operation)
        << "\" name=\"" << escape_xml("[" + c.rule + "] " + c.message) << "\">";
    if (!reported.ignored_by.empty()) {
      out << "<skipped message=\"" << escape_xml("ignored: " + reported.ignored_by) << "\"/>";
    } else if (is_failing(report, reported)) {
      out << "<failure type=\"" << escape_xml(c.rule) << "\" message=\"" << escape_xml(c.message)
          << "\">" << escape_xml(std::string(to_string(c.level))) << ": " << escape_xml(c.message)
          << "\nnew: " << escape_xml(c.new_location) << "\nold: " << escape_xml(c.old_location)
          << "</failure>";
    }
    out << "</testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

} // namespace concord::diff
