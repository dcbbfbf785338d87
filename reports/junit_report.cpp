#include "core/redaction.hpp"
#include "core/results.hpp"
#include "reports/json_fields.hpp"
#include "reports/report.hpp"

#include <cstdio>
#include <fstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace concord::report {

namespace {

using detail::text_field;
using nlohmann::json;

double get_ms(const json& node) {
  if (node.is_object() && node.contains("durationMs") && node["durationMs"].is_number()) {
    return node["durationMs"].get<double>();
  }
  return 0.0;
}

// Length of the valid UTF-8 sequence at `at`, 0 if malformed; `cp` receives the code point.
std::size_t decode_utf8(std::string_view text, std::size_t at, char32_t& cp) {
  const auto lead = static_cast<unsigned char>(text[at]);
  std::size_t len = lead < 0x80            ? 1
                    : (lead >> 5U) == 0x6  ? 2
                    : (lead >> 4U) == 0xE  ? 3
                    : (lead >> 3U) == 0x1E ? 4
                                           : 0;
  if (len == 0 || at + len > text.size()) {
    return 0;
  }
  cp = len == 1 ? lead : (lead & (0x7FU >> len));
  for (std::size_t k = 1; k < len; ++k) {
    const auto next = static_cast<unsigned char>(text[at + k]);
    if ((next & 0xC0U) != 0x80U) {
      return 0;
    }
    cp = (cp << 6U) | (next & 0x3FU);
  }
  const bool overlong =
      (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
  const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  return overlong || surrogate || cp > 0x10FFFF ? 0 : len;
}

// XML 1.0 Char production.
bool is_xml_char(char32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

// Escapes text for XML content or attributes. Characters XML 1.0 cannot hold are dropped,
// malformed UTF-8 becomes U+FFFD. In attributes, tab/newline/CR are kept as references.
std::string escape_xml(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t at = 0; at < text.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(text, at, cp);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++at;
      continue;
    }
    if (!is_xml_char(cp)) {
      at += len;
      continue;
    }
    switch (cp) {
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
      out += attribute ? "&quot;" : "\"";
      break;
    case '\'':
      out += attribute ? "&apos;" : "'";
      break;
    case '\t':
      out += attribute ? "&#9;" : "\t";
      break;
    case '\n':
      out += attribute ? "&#10;" : "\n";
      break;
    case '\r':
      out += "&#13;";
      break;
    default:
      out.append(text.substr(at, len));
    }
    at += len;
  }
  return out;
}

std::string attr(std::string_view text) {
  return escape_xml(text, true);
}
std::string body(std::string_view text) {
  return escape_xml(text, false);
}

std::string to_seconds(double ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", ms / 1000.0);
  return buffer;
}

std::string to_suite_name(const json& item) {
  const std::string method = text_field(item, "method");
  const std::string path = text_field(item, "path");
  if (!method.empty() || !path.empty()) {
    return method + " " + path;
  }
  const std::string op = text_field(item, "operationId");
  return op.empty() ? "(no operation)" : op;
}

std::string to_class_name(const json& item) {
  const std::string spec = text_field(item, "spec");
  const std::string op = text_field(item, "operationId");
  const std::string operation = op.empty() ? to_suite_name(item) : op;
  return spec.empty() ? operation : spec + "/" + operation;
}

std::string describe_failures(const json& item) {
  std::string text;
  for (const auto& failure : item.value("failures", json::array())) {
    text += "[" + text_field(failure, "check") + "] " + text_field(failure, "message") + "\n";
    for (const char* key : {"expected", "actual", "pointer"}) {
      const std::string value = text_field(failure, key);
      if (!value.empty()) {
        text += std::string("  ") + key + ": " + value + "\n";
      }
    }
  }
  const std::string baseline = text_field(item, "baseline");
  if (!baseline.empty()) {
    text += "baseline: " + baseline + "\n";
  }
  return text;
}

std::string describe_exchange(const json& item) {
  std::string text;
  const json request = item.value("request", json());
  const json response = item.value("response", json());
  if (request.is_object()) {
    text += "request: " + text_field(request, "method") + " " + text_field(request, "url") + "\n";
  }
  if (response.is_object()) {
    text += "response: " + text_field(response, "status") + "\n";
  }
  return text;
}

std::string write_case(const json& item) {
  const std::string outcome = text_field(item, "outcome");
  std::string xml = "    <testcase name=\"" + attr(text_field(item, "id")) + "\" classname=\"" +
                    attr(to_class_name(item)) + "\" time=\"" + to_seconds(get_ms(item)) + "\"";
  if (outcome == "passed") {
    return xml + "/>\n";
  }
  xml += ">\n";
  if (outcome == "failed") {
    const json failures = item.value("failures", json::array());
    const json first = failures.empty() ? json::object() : failures.front();
    std::string message = text_field(first, "message");
    if (failures.size() > 1) {
      message += " (+" + std::to_string(failures.size() - 1) + " more)";
    }
    xml += "      <failure message=\"" + attr(message) + "\" type=\"" +
           attr(text_field(first, "check")) + "\">" + body(describe_failures(item)) +
           "</failure>\n";
  } else if (outcome == "skipped" || outcome == "waived") {
    const std::string reason =
        outcome == "waived"
            ? "waived: " + text_field(item.value("waiver", json::object()), "reason")
            : text_field(item, "reason");
    xml += "      <skipped message=\"" + attr(reason) + "\"/>\n";
  } else {
    const std::string reason = text_field(item, "reason");
    xml += "      <error message=\"" + attr(reason.empty() ? "errored" : reason) + "\" type=\"" +
           attr(outcome == "errored" ? "error" : outcome) + "\">" + body(describe_failures(item)) +
           "</error>\n";
  }
  const std::string exchange = describe_exchange(item);
  if (!exchange.empty()) {
    xml += "      <system-out>" + body(exchange) + "</system-out>\n";
  }
  return xml + "    </testcase>\n";
}

struct Suite {
  std::string name;
  std::vector<const json*> cases;
  long failures = 0;
  long errors = 0;
  long skipped = 0;
  double ms = 0;
};

std::vector<Suite> group_suites(const json& results) {
  std::vector<Suite> suites;
  std::unordered_map<std::string, std::size_t> index;
  if (!results.contains("cases") || !results["cases"].is_array()) {
    return suites;
  }
  for (const auto& item : results["cases"]) { // pointers into `results`, never into a copy
    if (!item.is_object()) {
      continue;
    }
    const std::string name = to_suite_name(item);
    const auto [it, inserted] = index.try_emplace(name, suites.size());
    if (inserted) {
      suites.push_back(Suite{name, {}, 0, 0, 0, 0});
    }
    Suite& suite = suites[it->second];
    const std::string outcome = text_field(item, "outcome");
    suite.cases.push_back(&item);
    suite.failures += outcome == "failed" ? 1 : 0;
    suite.skipped += outcome == "skipped" || outcome == "waived" ? 1 : 0;
    suite.errors +=
        outcome != "failed" && outcome != "skipped" && outcome != "waived" && outcome != "passed"
            ? 1
            : 0;
    suite.ms += get_ms(item);
  }
  return suites;
}

std::string to_counts(std::size_t tests, long failures, long errors, long skipped, double ms) {
  return "tests=\"" + std::to_string(tests) + "\" failures=\"" + std::to_string(failures) +
         "\" errors=\"" + std::to_string(errors) + "\" skipped=\"" + std::to_string(skipped) +
         "\" time=\"" + to_seconds(ms) + "\"";
}

std::string build_junit(const json& results) {
  const std::vector<Suite> suites = group_suites(results);
  std::size_t tests = 0;
  long failures = 0;
  long errors = 0;
  long skipped = 0;
  std::string inner;
  const json options = results.value("options", json::object());
  const bool insecure = options.is_object() && options.value("insecure", false);
  for (const Suite& suite : suites) {
    tests += suite.cases.size();
    failures += suite.failures;
    errors += suite.errors;
    skipped += suite.skipped;
    inner += "  <testsuite name=\"" + attr(suite.name) + "\" " +
             to_counts(suite.cases.size(), suite.failures, suite.errors, suite.skipped, suite.ms) +
             ">\n";
    if (insecure) { // the run's --insecure warning, where every CI viewer shows properties
      inner += "    <properties><property name=\"concord.insecure\" value=\"TLS certificate and "
               "host-name verification were OFF\"/></properties>\n";
    }
    for (const json* item : suite.cases) {
      inner += write_case(*item);
    }
    inner += "  </testsuite>\n";
  }
  // A run in which no case was executed is a failure (core::summarise), not an empty green
  // suite: say so as one failing test, so a CI reading only the XML does not pass it.
  if (const auto summary = core::summarise(core::read_case_outcomes(results));
      summary.executed() == 0) {
    tests += 1;
    failures += 1;
    inner +=
        "  <testsuite name=\"concord\" " + to_counts(1, 1, 0, 0, 0) +
        ">\n    <testcase classname=\"concord\" name=\"run\">\n      <failure type=\"verdict\" "
        "message=\"" +
        attr(summary.reason) + "\">" + body(summary.reason) +
        "</failure>\n    </testcase>\n  </testsuite>\n";
  }
  const double total_ms = get_ms(results);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"concord\" " +
         to_counts(tests, failures, errors, skipped, total_ms) + ">\n" + inner + "</testsuites>\n";
}

} // namespace

core::Result<void> write_junit(const nlohmann::json& results, const std::filesystem::path& path) {
  json copy = results;
  core::redact_results(copy);
  const std::string xml = build_junit(copy);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << xml;
  out.close();
  if (!out) {
    return core::fail(core::ErrorCode::usage, "cannot write JUnit file", path.string());
  }
  return {};
}

} // namespace concord::report
