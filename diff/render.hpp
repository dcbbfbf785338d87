#pragma once
// The outputs of `concord diff`: text (like a compiler), JSON, Markdown, JUnit XML, HTML.

#include "diff/compare.hpp"

#include <string>
#include <vector>

namespace concord::diff {

struct DiffReport {
  std::string old_label; // as given on the command line
  std::string new_label;
  std::vector<ReportedChange> changes;
  std::vector<CompareWarning> warnings;
  Level fail_on = Level::breaking;
  bool fail_on_none = false; // --fail-on none
};

struct LevelCounts {
  int breaking = 0;
  int warning = 0;
  int info = 0;
  int ignored = 0;
};

[[nodiscard]] LevelCounts count_levels(const std::vector<ReportedChange>& changes);
// True when a change not ignored is at or over the --fail-on level.
[[nodiscard]] bool is_failing(const DiffReport& report);
[[nodiscard]] bool is_failing(const DiffReport& report, const ReportedChange& change);

[[nodiscard]] std::string render_text(const DiffReport& report);
[[nodiscard]] std::string render_json(const DiffReport& report);
[[nodiscard]] std::string render_markdown(const DiffReport& report);
[[nodiscard]] std::string render_junit(const DiffReport& report);
[[nodiscard]] std::string render_html(const DiffReport& report);

// Text for an HTML or XML text node or attribute value.
[[nodiscard]] std::string escape_xml(const std::string& text);

} // namespace concord::diff
