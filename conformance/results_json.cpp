#include "conformance/results_json.hpp"

#include "core/results.hpp"
#include "core/statuses.hpp"

#include <cmath>
#include <map>

namespace concord::conformance {
namespace {

using nlohmann::json;

json to_headers_json(const core::Headers& headers) {
  json out = json::object();
  for (const auto& [name, value] : headers) {
    if (out.contains(name)) {
      out[name] = out[name].get<std::string>() + ", " + value;
    } else {
      out[name] = value;
    }
  }
  return out;
}

void put_body(json& out, const std::optional<std::string>& body) {
  if (!body) {
    out["body"] = nullptr;
    return;
  }
  // Bodies are kept as text; invalid UTF-8 is replaced when serialised.
  if (body->size() > k_max_body_chars) {
    out["body"] = body->substr(0, k_max_body_chars);
    out["bodyTruncated"] = true;
  } else {
    out["body"] = *body;
  }
}

double round1(double value) {
  return std::round(value * 10.0) / 10.0;
}

json make_status_list(const core::Operation& operation, const std::vector<CaseResult>& results) {
  std::map<const core::ResponseSpec*, bool> exercised;
  for (const auto& result : results) {
    if (result.operation != &operation || !result.response || result.checks.empty() ||
        result.outcome == Outcome::skipped) {
      continue;
    }
    if (const auto* response = core::find_response(operation, result.response->status)) {
      exercised[response] = true;
    }
  }
  json statuses = json::array();
  for (const auto& response : operation.responses) {
    statuses.push_back({{"status", response.status}, {"exercised", exercised[&response]}});
  }
  return statuses;
}

} // namespace

json compute_coverage(const RunInfo& info, const std::vector<CaseResult>& results) {
  json operations = json::array();
  int documented = 0;
  int exercised = 0;
  for (const auto& spec : info.specs) {
    for (const auto& operation : spec->operations) {
      if (info.restrict_coverage && info.covered_operations.count(&operation) == 0) {
        continue;
      }
      json statuses = make_status_list(operation, results);
      for (const auto& status : statuses) {
        ++documented;
        exercised += status["exercised"].get<bool>() ? 1 : 0;
      }
      operations.push_back({{"operationId", operation.operation_id},
                            {"method", operation.method},
                            {"path", operation.path},
                            {"spec", spec->file},
                            {"statuses", std::move(statuses)}});
    }
  }
  const double percent = documented == 0 ? 0.0 : 100.0 * exercised / documented;
  return {{"percent", round1(percent)},
          {"exercised", exercised},
          {"documented", documented},
          {"operations", std::move(operations)}};
}

json to_json(const SentRequest& sent) {
  json request = {
      {"method", sent.method}, {"url", sent.url}, {"headers", to_headers_json(sent.headers)}};
  put_body(request, sent.body);
  return request;
}

json to_json(const CaseResult& result) {
  json out;
  out["id"] = result.id;
  out["kind"] = to_string(result.kind);
  out["spec"] = result.spec_file;
  const auto* operation = result.operation;
  out["operationId"] = operation != nullptr ? json(operation->operation_id) : json(nullptr);
  out["method"] = operation != nullptr ? json(operation->method) : json(nullptr);
  out["path"] = operation != nullptr ? json(operation->path) : json(nullptr);
  out["tags"] = operation != nullptr ? json(operation->tags) : json::array();
  out["scenario"] = result.scenario.empty() ? json(nullptr) : json(result.scenario);
  out["step"] = result.step ? json(*result.step) : json(nullptr);
  out["phase"] = result.phase.empty() ? json(nullptr) : json(result.phase);
  out["expectedStatus"] = result.expected_status;
  out["outcome"] = to_string(result.outcome);
  out["durationMs"] = round1(result.duration_ms);
  out["request"] = result.request ? to_json(*result.request) : json(nullptr);
  if (result.original_request) {
    out["shrunk"] = {{"steps", result.shrink_steps},
                     {"originalRequest", to_json(*result.original_request)}};
  }
  if (result.response) {
    json response = {{"status", result.response->status},
                     {"headers", to_headers_json(result.response->headers)}};
    put_body(response, result.response->body);
    out["response"] = std::move(response);
  } else {
    out["response"] = nullptr;
  }
  json failures = json::array();
  for (const auto& failure : result.failures) {
    failures.push_back({{"check", failure.check},
                        {"message", failure.message},
                        {"pointer", failure.pointer},
                        {"expected", failure.expected},
                        {"actual", failure.actual}});
  }
  out["failures"] = std::move(failures);
  out["reason"] = result.reason.empty() ? json(nullptr) : json(result.reason);
  out["checks"] = result.checks;
  out["notes"] = result.notes;
  out["given"] = result.given;
  out["attempts"] = result.attempts;
  out["baseline"] = nullptr;
  out["waiver"] = nullptr;
  return out;
}

json build_results_json(const RunInfo& info, const std::vector<CaseResult>& results) {
  json out;
  out["tool"] = "concord";
  out["version"] = "0.1.0";
  out["format"] = 1;
  out["target"] = info.target;
  out["startedAt"] = info.started_at;
  out["durationMs"] = static_cast<long long>(std::llround(info.duration_ms));
  json specs = json::array();
  for (const auto& spec : info.specs) {
    specs.push_back({{"file", spec->file}, {"title", spec->title}, {"version", spec->version}});
  }
  out["specs"] = std::move(specs);
  out["options"] = info.options;
  json cases = json::array();
  for (const auto& result : results) {
    cases.push_back(to_json(result));
  }
  out["cases"] = std::move(cases);
  core::summarise_results(out);
  out["coverage"] = compute_coverage(info, results);
  out["warnings"] = info.warnings;
  return out;
}

} // namespace concord::conformance
