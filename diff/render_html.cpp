// The HTML page of `concord diff --format html`: static (no script), every text escaped, in
// the look of the verify report (reports/templates/report.css: same palette and parts).
#include "diff/render.hpp"

#include <sstream>

namespace concord::diff {

namespace {

constexpr const char* k_css = R"css(
:root { --bg: #f7f8fa; --panel: #ffffff; --text: #1d2330; --muted: #5d6678; --border: #dde1e8;
  --code-bg: #f1f3f6; --pass: #1f7a3d; --pass-bg: #e3f4e8; --fail: #b3261e; --fail-bg: #fbe6e4;
  --error: #8a4b00; --error-bg: #fdf0dc; --skip: #5d6678; --skip-bg: #eceff3;
  --waive: #6b3fa0; --waive-bg: #efe7f8; color-scheme: light dark; }
@media (prefers-color-scheme: dark) { :root { --bg: #14171c; --panel: #1c2027; --text: #e3e7ee;
  --muted: #9aa3b2; --border: #2e343e; --code-bg: #23282f; --pass: #6fd08c; --pass-bg: #1d3325;
  --fail: #ff8a80; --fail-bg: #3d2220; --error: #ffb95a; --error-bg: #3a2c17; --skip: #aab3c2;
  --skip-bg: #2a2f37; --waive: #c9a4ff; --waive-bg: #2f2540; } }
* { box-sizing: border-box; }
html { font-size: 15px; }
body { margin: 0; background: var(--bg); color: var(--text);
  font: 1rem/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
  font-size: 0.87rem; overflow-wrap: anywhere; }
.topbar { display: flex; align-items: center; gap: 0.75rem; padding: 0.6rem 1.5rem;
  background: var(--panel); border-bottom: 1px solid var(--border); }
.brand { font-weight: 700; letter-spacing: 0.02em; }
.topbar-title { color: var(--muted); flex: 1; }
main { max-width: 1200px; margin: 0 auto; padding: 1rem 1.5rem 4rem; }
.summary { display: grid; grid-template-columns: minmax(220px, 300px) 1fr; gap: 1rem; }
.verdict { border-radius: 10px; padding: 1.2rem; }
.verdict-word { font-size: 2.2rem; font-weight: 800; letter-spacing: 0.04em; }
.verdict.passed { background: var(--pass-bg); color: var(--pass); }
.verdict.failed { background: var(--fail-bg); color: var(--fail); }
.facts { background: var(--panel); border: 1px solid var(--border); border-radius: 10px;
  padding: 1rem 1.2rem; }
.counts { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-bottom: 0.9rem; }
.count { border-radius: 8px; padding: 0.35rem 0.75rem; min-width: 5.5rem; }
.count .num { display: block; font-size: 1.4rem; font-weight: 700; }
.count span { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.05em; }
.l-breaking { background: var(--fail-bg); color: var(--fail); }
.l-warning { background: var(--error-bg); color: var(--error); }
.l-info { background: var(--skip-bg); color: var(--skip); }
.l-ignored { background: var(--waive-bg); color: var(--waive); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; margin-top: 1.2rem; background: var(--panel);
  border: 1px solid var(--border); border-radius: 10px; }
th, td { text-align: left; padding: 0.5rem 0.7rem; border-bottom: 1px solid var(--border);
  vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 0.85rem; }
td code { white-space: nowrap; }
.badge { display: inline-block; border-radius: 6px; padding: 0.05rem 0.5rem; font-size: 0.8rem;
  font-weight: 700; text-transform: uppercase; }
.where { color: var(--muted); display: block; }
.empty { padding: 1rem; background: var(--panel); border: 1px solid var(--border);
  border-radius: 8px; margin-top: 1.2rem; }
)css";

void write_count(std::ostringstream& out, const char* css_class, int count, const char* label) {
  out << "<div class=\"count " << css_class << "\"><span class=\"num\">" << count << "</span><span>"
      << label << "</span></div>";
}

void write_row(std::ostringstream& out, const ReportedChange& reported) {
  const auto& c = reported.change;
  const std::string level(to_string(c.level));
  const bool ignored = !reported.ignored_by.empty();
  out << "<tr class=\"change\" data-rule=\"" << escape_xml(c.rule) << "\" data-level=\"" << level
      << "\"><td><span class=\"badge " << (ignored ? "l-ignored" : "l-" + level) << "\">" << level
      << "</span>" << (ignored ? " <span class=\"where\">ignored</span>" : "") << "</td><td>"
      << escape_xml(c.message);
  if (ignored) {
    out << "<span class=\"where\">ignored: " << escape_xml(reported.ignored_by) << "</span>";
  }
  out << "</td><td class=\"mono\">" << escape_xml(c.operation) << "</td><td><code>"
      << escape_xml(c.rule) << "</code></td><td class=\"mono\">"
      << "<span class=\"where\">new: " << escape_xml(c.new_location.empty() ? "-" : c.new_location)
      << "</span><span class=\"where\">old: "
      << escape_xml(c.old_location.empty() ? "-" : c.old_location) << "</span></td></tr>\n";
}

} // namespace

std::string render_html(const DiffReport& report) {
  const auto counts = count_levels(report.changes);
  const bool failed = is_failing(report);
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>Concord API diff</title>\n<style>" << k_css << "</style>\n</head>\n<body>\n"
      << "<header class=\"topbar\"><span class=\"brand\">Concord</span>"
      << "<span class=\"topbar-title\">API diff</span></header>\n<main>\n"
      << "<section class=\"summary\"><div class=\"verdict " << (failed ? "failed" : "passed")
      << "\"><div class=\"verdict-word\" id=\"verdict\">" << (failed ? "BREAKING" : "OK")
      << "</div><div>fail on: "
      << (report.fail_on_none ? "none" : std::string(to_string(report.fail_on)))
      << "</div></div><div class=\"facts\"><div class=\"counts\">";
  write_count(out, "l-breaking", counts.breaking, "breaking");
  write_count(out, "l-warning", counts.warning, "warning");
  write_count(out, "l-info", counts.info, "info");
  write_count(out, "l-ignored", counts.ignored, "ignored");
  out << "</div><dl class=\"meta\"><dt>old</dt><dd class=\"mono\">" << escape_xml(report.old_label)
      << "</dd><dt>new</dt><dd class=\"mono\">" << escape_xml(report.new_label)
      << "</dd></dl></div></section>\n";
  if (report.changes.empty()) {
    out << "<p class=\"empty\">No changes to the API contract.</p>\n";
  } else {
    out << "<table id=\"changes\"><thead><tr><th>level</th><th>change</th><th>operation</th>"
           "<th>rule</th><th>where</th></tr></thead><tbody>\n";
    for (const auto& reported : report.changes) {
      write_row(out, reported);
    }
    out << "</tbody></table>\n";
  }
  out << "</main>\n</body>\n</html>\n";
  return out.str();
}

} // namespace concord::diff
