#include "conformance/checks.hpp"

#include "conformance/request_values.hpp"
#include "core/document.hpp"
#include "core/media_type.hpp"
#include "core/statuses.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace concord::conformance {
namespace {

std::string list_documented(const core::Operation& operation) {
  std::string out;
  for (const auto& response : operation.responses) {
    out += (out.empty() ? "" : ", ") + response.status;
  }
  return out;
}

void ran(CheckReport& report, const char* name) {
  if (std::find(report.checks.begin(), report.checks.end(), name) == report.checks.end()) {
    report.checks.emplace_back(name);
  }
}

std::string join_statuses(const std::vector<std::string>& statuses) {
  std::string out;
  for (const auto& status : statuses) {
    out += (out.empty() ? "" : "|") + status;
  }
  return out;
}

void check_status(CheckReport& report, const Expectation& expectation, int status) {
  const auto& operation = *expectation.operation;
  ran(report, "status");
  ran(report, "status-documented");
  report.documented = core::find_response(operation, status);
  if (expectation.accepted_statuses.empty()) {
    const bool ok = status >= 200 && status < 300 && report.documented != nullptr;
    report.status_ok = ok;
    if (!ok) {
      report.failures.push_back(
          {"status", "expected a documented 2xx status", "", "2xx", std::to_string(status)});
    }
  } else {
    report.status_ok = core::is_accepted_status(expectation.accepted_statuses, status);
    if (!report.status_ok) {
      const std::string expected = expectation.expected_status.empty()
                                       ? join_statuses(expectation.accepted_statuses)
                                       : expectation.expected_status;
      report.failures.push_back(
          {"status", "status differs from the expected one", "", expected, std::to_string(status)});
    }
  }
  if (report.documented == nullptr) {
    report.failures.push_back({"status-documented",
                               "status " + std::to_string(status) + " is not documented for " +
                                   operation.method + " " + operation.path,
                               "", list_documented(operation), std::to_string(status)});
    report.notes.emplace_back("content-type, headers and schema not checked: status " +
                              std::to_string(status) + " is not documented");
  }
}

const core::MediaType* check_content_type(CheckReport& report, const core::Response& response,
                                          bool is_head) {
  const auto& documented = *report.documented;
  ran(report, "content-type");
  const std::string* header = core::find_header(response.headers, "Content-Type");
  const bool has_body = !response.body.empty();
  if (documented.content.empty()) {
    if (has_body && !is_head) {
      report.failures.push_back(
          {"content-type", "a body was sent but the response documents no content", "", "no body",
           header != nullptr
               ? *header
               : std::to_string(response.body.size()) + " bytes without Content-Type"});
    }
    return nullptr;
  }
  if (header == nullptr) {
    if (has_body) {
      report.failures.push_back({"content-type", "the body has no Content-Type header", "",
                                 documented.content.front().name, "(none)"});
    } else {
      report.notes.emplace_back("content-type not checked: empty body without Content-Type");
    }
    return nullptr;
  }
  for (const auto& media : documented.content) {
    if (core::is_media_type_match(media.name, *header)) {
      return &media;
    }
  }
  std::string expected;
  for (const auto& media : documented.content) {
    expected += (expected.empty() ? "" : ", ") + media.name;
  }
  report.failures.push_back(
      {"content-type", "Content-Type is not documented for this status", "", expected, *header});
  return nullptr;
}

nlohmann::json to_header_value(const core::Spec& spec, const core::HeaderSpec& header,
                               const std::string& text) {
  std::string type;
  if (spec.schemas != nullptr) {
    const auto source = spec.schemas->source(header.schema);
    if (source.node != nullptr && source.node->is_object()) {
      type = source.node->value("type", "");
    }
  }
  if (type == "integer" || type == "number" || type == "boolean") {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (!parsed.is_discarded() && !parsed.is_structured()) {
      return parsed;
    }
  }
  return text;
}

void check_headers(CheckReport& report, const core::Spec& spec, const core::Response& response) {
  for (const auto& header : report.documented->headers) {
    if (core::iequals(header.name, "Content-Type")) {
      continue;
    }
    ran(report, "header");
    const std::string* value = core::find_header(response.headers, header.name);
    if (value == nullptr) {
      if (header.required) {
        report.failures.push_back(
            {"header", "required header " + header.name + " is missing", "", "present", "absent"});
      }
      continue;
    }
    if (header.schema == nullptr || spec.schemas == nullptr) {
      continue;
    }
    const auto findings =
        spec.schemas->validate(header.schema, to_header_value(spec, header, *value));
    for (const auto& finding : findings) {
      report.failures.push_back({"header", "header " + header.name + ": " + finding.message, "",
                                 finding.keyword, *value});
    }
  }
}

void add_schema_findings(CheckReport& report, const char* check,
                         const std::vector<core::Finding>& findings, const nlohmann::json& body) {
  for (const auto& finding : findings) {
    const auto* actual = core::find_pointer(body, finding.instance_pointer);
    report.failures.push_back({check, finding.message, finding.instance_pointer,
                               finding.keyword + " (" + finding.schema_location + ")",
                               actual != nullptr ? to_short_text(*actual) : "(absent)"});
  }
}

void check_schema(CheckReport& report, const core::Spec& spec, const core::MediaType& media,
                  const CheckOptions& options) {
  if (media.schema == nullptr || spec.schemas == nullptr) {
    report.notes.emplace_back("schema not checked: no schema documented for " + media.name);
    return;
  }
  ran(report, "schema");
  core::ValidateOptions validate;
  validate.direction = core::Direction::response;
  const auto findings = spec.schemas->validate(media.schema, *report.body, validate);
  add_schema_findings(report, "schema", findings, *report.body);
  if (!options.strict) {
    return;
  }
  ran(report, "strict");
  validate.closed_objects = true;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& finding : findings) {
    seen.emplace(finding.instance_pointer, finding.keyword);
  }
  std::vector<core::Finding> extra;
  for (auto& finding : spec.schemas->validate(media.schema, *report.body, validate)) {
    if (seen.count({finding.instance_pointer, finding.keyword}) == 0) {
      extra.push_back(std::move(finding));
    }
  }
  add_schema_findings(report, "strict", extra, *report.body);
}

void check_body(CheckReport& report, const core::Spec& spec, const core::MediaType& media,
                const core::Response& response, const CheckOptions& options) {
  if (!core::is_json_media_type(media.name)) {
    report.notes.emplace_back("schema not checked: " + media.name + " is not JSON");
    return;
  }
  ran(report, "json");
  std::string error;
  report.body = parse_json_body(response.body, options.max_json_depth, error);
  if (!report.body) {
    report.failures.push_back(
        {"json", "the body is not valid JSON: " + error, "", "JSON (" + media.name + ")",
         response.body.empty() ? "(empty body)" : to_short_text(response.body, 120)});
    report.notes.emplace_back("schema and example not checked: the body is not JSON");
    return;
  }
  check_schema(report, spec, media, options);
}

std::vector<const core::NamedExample*> find_examples(const core::ResponseSpec& response,
                                                     const std::string& media_type) {
  std::vector<const core::NamedExample*> out;
  for (const auto& media : response.content) {
    if (media.name == media_type) {
      for (const auto& example : media.examples) {
        if (!example.external) {
          out.push_back(&example);
        }
      }
    }
  }
  return out;
}

void compare(const nlohmann::json& expected, const nlohmann::json& actual,
             const std::vector<std::string>& ignore, MatchMode mode, std::vector<Failure>& out) {
  if (mode == MatchMode::exact) {
    match_exact(expected, actual, ignore, out);
  } else {
    match_shape(expected, actual, ignore, out);
  }
}

void check_example(CheckReport& report, const Expectation& expectation,
                   const CheckOptions& options) {
  if (!expectation.compare_example || options.match == MatchMode::schema || !report.status_ok ||
      report.documented == nullptr || !report.body) {
    return;
  }
  const auto examples = find_examples(*report.documented, expectation.media_type);
  const core::NamedExample* chosen = nullptr;
  for (const auto* example : examples) {
    if (example->name == expectation.example_name) {
      chosen = example;
    }
  }
  if (chosen == nullptr) {
    report.notes.emplace_back("example not compared: no example documented for this response");
    return;
  }
  ran(report, "example");
  std::vector<Failure> failures;
  compare(chosen->value, *report.body, expectation.ignore, options.match, failures);
  if (!failures.empty() && !expectation.example_selectable) {
    for (const auto* other : examples) {
      std::vector<Failure> scratch;
      auto ignore = expectation.ignore;
      ignore.insert(ignore.end(), other->ignore.begin(), other->ignore.end());
      compare(other->value, *report.body, ignore, options.match, scratch);
      if (scratch.empty()) {
        report.notes.emplace_back("example: the target cannot be asked for '" + chosen->name +
                                  "'; the body matches example '" + other->name + "'");
        return;
      }
    }
  }
  report.failures.insert(report.failures.end(), failures.begin(), failures.end());
}

} // namespace

std::optional<nlohmann::json> parse_json_body(std::string_view body, int max_depth,
                                              std::string& error) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : body) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        error = "nesting deeper than " + std::to_string(max_depth) + " levels";
        return std::nullopt;
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  auto value = nlohmann::json::parse(body, nullptr, false);
  if (value.is_discarded()) {
    error = body.empty() ? "empty body" : "syntax error";
    return std::nullopt;
  }
  return value;
}

CheckReport check_response(const core::Spec& spec, const Expectation& expectation,
                           const core::Response& response, double duration_ms,
                           const CheckOptions& options) {
  CheckReport report;
  check_status(report, expectation, response.status);
  if (report.documented != nullptr) {
    const bool is_head = expectation.operation->method == "HEAD";
    const auto* media = check_content_type(report, response, is_head);
    check_headers(report, spec, response);
    if (media != nullptr && !is_head) {
      check_body(report, spec, *media, response, options);
    } else if (!report.documented->content.empty() && !response.body.empty()) {
      report.notes.emplace_back("schema not checked: the Content-Type is not documented");
    }
    check_example(report, expectation, options);
  }
  if (options.max_response_ms) {
    ran(report, "response-time");
    if (duration_ms > *options.max_response_ms) {
      report.failures.push_back(
          {"response-time", "the answer took longer than allowed", "",
           "<= " + std::to_string(static_cast<long>(*options.max_response_ms)) + " ms",
           std::to_string(static_cast<long>(duration_ms)) + " ms"});
    }
  }
  return report;
}

} // namespace concord::conformance
