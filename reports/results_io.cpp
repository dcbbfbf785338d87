#include "core/redaction.hpp"
#include "reports/report.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

namespace concord::report {

namespace {

using nlohmann::json;

// "line:column" of a byte offset, for parse errors.
std::string to_line_column(const std::string& text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

} // namespace

core::Result<nlohmann::json> load_results(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!in || std::filesystem::is_directory(path, ec)) {
    return core::fail(core::ErrorCode::io_read, "cannot read results file", path.string());
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    return core::fail(core::ErrorCode::config_invalid, "results file is not valid JSON",
                      path.string() + ":" + to_line_column(text, e.byte > 0 ? e.byte - 1 : 0));
  }
  if (!doc.is_object() || !doc.contains("cases") || !doc["cases"].is_array()) {
    return core::fail(core::ErrorCode::config_invalid,
                      "not a Concord results document (no \"cases\" array)", path.string());
  }
  if (doc.contains("format") && doc["format"] != 1) {
    return core::fail(
        core::ErrorCode::config_invalid,
        "unsupported results format " +
            doc["format"].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
            " (expected 1)",
        path.string());
  }
  recompute_summary(doc);
  return doc;
}

core::Result<void> write_results(const nlohmann::json& results, const std::filesystem::path& path) {
  json copy = results;
  core::redact_results(copy);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << copy.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
  out.close();
  if (!out) {
    return core::fail(core::ErrorCode::usage, "cannot write results file", path.string());
  }
  return {};
}

} // namespace concord::report
