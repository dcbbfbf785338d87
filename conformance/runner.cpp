#include "conformance/runner.hpp"

#include "conformance/case_compiler.hpp"
#include "conformance/generation.hpp"
#include "conformance/request_values.hpp"
#include "core/document.hpp"
#include "core/media_type.hpp"
#include "core/statuses.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

namespace concord::conformance {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
using Vars = std::map<std::string, json>;

std::string substitute_text(const std::string& text, const Vars& vars) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto open = text.find("${", pos);
    if (open == std::string::npos) {
      out += text.substr(pos);
      break;
    }
    const auto close = text.find('}', open);
    if (close == std::string::npos) {
      out += text.substr(pos);
      break;
    }
    out += text.substr(pos, open - pos);
    const auto it = vars.find(text.substr(open + 2, close - open - 2));
    if (it == vars.end()) {
      out += text.substr(open, close - open + 1);
    } else {
      out += it->second.is_string()
                 ? it->second.get<std::string>()
                 : it->second.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    pos = close + 1;
  }
  return out;
}

bool is_same_value(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) {
    return a.get<double>() == b.get<double>();
  }
  return a == b;
}

json make_state_body(const ProviderState& state, const char* action) {
  json params = {{"resource", state.resource}, {"key", state.key}};
  if (!state.state.empty()) {
    params["state"] = state.state;
  }
  if (!state.fields.empty()) {
    params["fields"] = state.fields;
  }
  return {{"action", action}, {"state", state.description}, {"params", std::move(params)}};
}

bool is_credential_header(const core::Spec& spec, std::string_view name) {
  if (core::iequals(name, "Authorization") || core::iequals(name, "Cookie") ||
      core::iequals(name, "Proxy-Authorization")) {
    return true;
  }
  return std::any_of(spec.security_schemes.begin(), spec.security_schemes.end(),
                     [&](const auto& entry) {
                       return entry.second.type == "apiKey" && entry.second.in == "header" &&
                              core::iequals(entry.second.parameter_name, name);
                     });
}

// The same settings with every credential replaced by one the target cannot know.
RunSettings make_wrong_settings(const core::Spec& spec, const RunSettings& settings) {
  RunSettings wrong = settings;
  wrong.credentials = nullptr;
  wrong.token = "concord:wrong-credential"; // with a colon: Basic encodes it too
  wrong.extra_headers.clear();
  for (const auto& header : settings.extra_headers) {
    if (!is_credential_header(spec, header.first)) {
      wrong.extra_headers.push_back(header);
    }
  }
  return wrong;
}

bool has_check(const std::vector<Failure>& failures, const std::string& check) {
  return std::any_of(failures.begin(), failures.end(),
                     [&](const Failure& f) { return f.check == check; });
}

// The checks of `concord verify --generate` (docs/verify.md), after the response checks. The
// `status` check is dropped: a generated request may get any documented status.
void apply_generated_checks(const Case& c, RejectedValid rejected_valid, CaseResult& result) {
  auto& failures = result.failures;
  failures.erase(std::remove_if(failures.begin(), failures.end(),
                                [](const Failure& f) { return f.check == "status"; }),
                 failures.end());
  result.checks.erase(std::remove(result.checks.begin(), result.checks.end(), "status"),
                      result.checks.end());
  const int status = result.response->status;
  const std::string shown = std::to_string(status);
  result.checks.emplace_back("server-error");
  if (status >= 500) {
    // A 5xx is undocumented almost always; server-error says more than status-documented.
    failures.erase(std::remove_if(failures.begin(), failures.end(),
                                  [](const Failure& f) { return f.check == "status-documented"; }),
                   failures.end());
    failures.push_back(
        {"server-error",
         "the target failed (" + shown + ") on a generated request: " + c.generated->variant, "",
         "no 5xx", shown});
  }
  const bool success = status >= 200 && status < 300;
  if (c.kind == CaseKind::generated_valid) {
    const bool refused = status >= 400 && status < 500 && status != 401 && status != 403 &&
                         status != 404 && status != 409;
    if (rejected_valid == RejectedValid::off) {
      return;
    }
    result.checks.emplace_back("rejected-valid");
    if (refused && rejected_valid == RejectedValid::fail) {
      failures.push_back(
          {"rejected-valid",
           "a request that satisfies the schemas was refused (" + c.generated->variant + ")", "",
           "2xx, 401, 403, 404 or 409", shown});
    } else if (refused) {
      result.notes.push_back("warning: rejected-valid: a request that satisfies the schemas got " +
                             shown + " (--rejected-valid fail makes this a failure)");
    }
    return;
  }
  const auto& generated = *c.generated;
  const bool auth = generated.omit_credentials || generated.wrong_credentials;
  const char* check = auth ? "auth-ignored" : "accepted-invalid";
  if (auth && (status == 401 || status == 403) && has_check(failures, "status-documented")) {
    // As for the compiled no-credentials case: a refusal is right even where the document
    // forgot to list it; the gap is a note, not a failure of the target.
    failures.erase(std::remove_if(failures.begin(), failures.end(),
                                  [](const Failure& f) { return f.check == "status-documented"; }),
                   failures.end());
    result.notes.push_back("the refusal " + shown +
                           " is not documented for this operation (a gap in the document)");
  }
  result.checks.emplace_back(check);
  const bool documents_refusal =
      std::any_of(c.accepted_statuses.begin(), c.accepted_statuses.end(), [](const auto& key) {
        return key == "400" || key == "422" || key == "4XX" || key == "default";
      });
  if (!auth && !documents_refusal && status >= 400 && status < 500 &&
      has_check(failures, "status-documented")) {
    // The document lists no answer for a request that breaks its schema: any 4xx refusal is
    // right, and the gap is a note (the compiled negative cases are skipped for it).
    failures.erase(std::remove_if(failures.begin(), failures.end(),
                                  [](const Failure& f) { return f.check == "status-documented"; }),
                   failures.end());
    result.notes.push_back("the refusal " + shown +
                           " is not documented: the document lists no 400, 422, 4XX or default");
  }
  if (success) {
    failures.push_back({check,
                        auth
                            ? "the request was accepted with " + generated.variant
                            : "a request that breaks the schema was accepted: " + generated.variant,
                        "", auth ? "401 or 403" : "4xx", shown});
  }
}

// Which failure a shrunk request must keep: the generated checks first.
std::string choose_shrink_check(const std::vector<Failure>& failures) {
  for (const char* check : {"server-error", "accepted-invalid", "auth-ignored", "rejected-valid"}) {
    if (has_check(failures, check)) {
      return check;
    }
  }
  return failures.empty() ? std::string() : failures.front().check;
}

class Worker {
public:
  explicit Worker(const RunSettings& settings)
      : settings_(settings), target_(settings.base, settings.client) {}

  void run_unit(const WorkUnit& unit, std::vector<CaseResult>& out,
                const std::function<void(const CaseResult&)>& done);

  std::vector<std::string> warnings;

private:
  const RunSettings& settings_;
  HttpClient target_;
  std::unique_ptr<HttpClient> state_client_;
  std::string state_path_;

  CaseResult run_case(const core::Spec& spec, const Case& c, std::size_t order);
  void run_generated(const core::Spec& spec, const Case& c, CaseResult& result);
  void send_generated(const core::Spec& spec, const Case& c, const RequestPlan& plan,
                      CaseResult& result);
  void shrink(const core::Spec& spec, const Case& c, CaseResult& result);
  [[nodiscard]] bool is_past_deadline() const {
    return settings_.generate_deadline && Clock::now() >= *settings_.generate_deadline;
  }
  HttpResult exchange(const core::Spec& spec, const core::Operation& operation, RequestPlan plan,
                      SentRequest& sent, std::string& error);
  std::string set_states(const std::vector<ProviderState>& states, const char* action);
  void teardown_states(const std::vector<ProviderState>& states, std::size_t count);
  void run_scenario(const WorkUnit& unit, std::vector<CaseResult>& out,
                    const std::function<void(const CaseResult&)>& done);
  void run_step(const core::Spec& spec, const BoundStep& bound, Vars& vars, CaseResult& result);
  void finish_exchange(const core::Spec& spec, const Expectation& expectation,
                       const HttpResult& http, CaseResult& result, CheckReport* report_out);
};

void Worker::finish_exchange(const core::Spec& spec, const Expectation& expectation,
                             const HttpResult& http, CaseResult& result, CheckReport* report_out) {
  result.duration_ms = http.duration_ms;
  result.attempts = http.attempts;
  if (!http.response) {
    record_transport_error(http, result);
    return;
  }
  result.response = *http.response;
  CheckReport report =
      check_response(spec, expectation, *http.response, http.duration_ms, settings_.checks);
  result.failures.insert(result.failures.end(), report.failures.begin(), report.failures.end());
  result.checks = report.checks;
  result.notes.insert(result.notes.end(), report.notes.begin(), report.notes.end());
  result.outcome = result.failures.empty() ? Outcome::passed : Outcome::failed;
  if (report_out != nullptr) {
    *report_out = std::move(report);
  }
}

HttpResult Worker::exchange(const core::Spec& spec, const core::Operation& operation,
                            RequestPlan plan, SentRequest& sent, std::string& error) {
  if (plan.wrong_credentials) {
    add_credentials(plan.headers, plan.query, spec, operation, make_wrong_settings(spec, settings_),
                    true);
  } else {
    add_credentials(plan.headers, plan.query, spec, operation, settings_, plan.send_credentials);
  }
  const auto target = build_target_path(plan);
  HttpRequest request;
  request.method = plan.method;
  request.target = choose_base_path(settings_.base, spec) + target.path;
  request.headers = std::move(plan.headers);
  request.body = std::move(plan.body);
  sent.method = request.method;
  sent.url = settings_.base.origin() + request.target;
  sent.headers = request.headers;
  sent.body = request.body;
  if (!target.missing.empty()) {
    error = "path parameter '" + target.missing + "' has no value";
    return {};
  }
  return target_.send(request);
}

std::string Worker::set_states(const std::vector<ProviderState>& states, const char* action) {
  if (!state_client_) {
    auto base = parse_base_url(settings_.state_url);
    if (!base) {
      return base.error().message;
    }
    state_path_ = base->path.empty() ? "/" : base->path;
    base->path.clear();
    state_client_ = std::make_unique<HttpClient>(
        *base, settings_.state_client ? *settings_.state_client : settings_.client);
  }
  for (const auto& state : states) {
    HttpRequest request{"POST",
                        state_path_,
                        {{"Content-Type", "application/json"}},
                        make_state_body(state, action)
                            .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
    const auto http = state_client_->send(request);
    if (!http.response) {
      return std::string(action) + " of provider state '" + state.description +
             "' failed: " + http.message;
    }
    if (http.response->status < 200 || http.response->status >= 300) {
      return std::string(action) + " of provider state '" + state.description + "' answered " +
             std::to_string(http.response->status) + ": " +
             to_short_text(json(http.response->body), 300);
    }
  }
  return "";
}

void Worker::teardown_states(const std::vector<ProviderState>& states, std::size_t count) {
  std::vector<ProviderState> reversed(states.begin(),
                                      states.begin() + static_cast<std::ptrdiff_t>(count));
  std::reverse(reversed.begin(), reversed.end());
  const std::string error = set_states(reversed, "teardown");
  if (!error.empty()) {
    warnings.push_back(error);
  }
}

CaseResult make_result(const Case& c, std::size_t order) {
  CaseResult result;
  result.order = order;
  result.id = c.id;
  result.kind = c.kind;
  result.spec_file = c.spec_file;
  result.operation = c.operation;
  result.expected_status = c.expected_status;
  for (const auto& state : c.given) {
    result.given.push_back(state.description);
  }
  return result;
}

CaseResult Worker::run_case(const core::Spec& spec, const Case& c, std::size_t order) {
  CaseResult result = make_result(c, order);
  if (!c.skip_reason.empty()) {
    result.reason = c.skip_reason;
    return result;
  }
  if (!c.given.empty() && settings_.state_url.empty()) {
    result.reason = "needs provider state(s) (" + result.given.front() + ") but no --state-url";
    return result;
  }
  if (!c.given.empty()) {
    const std::string error = set_states(c.given, "setup");
    if (!error.empty()) {
      result.outcome = Outcome::errored;
      result.reason = error;
      teardown_states(c.given, c.given.size());
      return result;
    }
  }
  if (c.generated) {
    run_generated(spec, c, result);
    return result;
  }
  SentRequest sent;
  std::string error;
  const auto http = exchange(spec, *c.operation, c.request, sent, error);
  result.request = std::move(sent);
  if (!error.empty()) {
    result.outcome = Outcome::errored;
    result.reason = error;
  } else {
    Expectation expectation{c.operation,  c.accepted_statuses,    c.expected_status,
                            c.media_type, c.example_name,         c.example_selectable,
                            c.ignore,     !c.example_name.empty()};
    finish_exchange(spec, expectation, http, result, nullptr);
  }
  if (!c.given.empty()) {
    teardown_states(c.given, c.given.size());
  }
  return result;
}

std::vector<std::string> split_statuses(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto bar = text.find('|', start);
    out.push_back(text.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (bar == std::string::npos) {
      return out;
    }
    start = bar + 1;
  }
}

void Worker::send_generated(const core::Spec& spec, const Case& c, const RequestPlan& plan,
                            CaseResult& result) {
  SentRequest sent;
  std::string error;
  const auto http = exchange(spec, *c.operation, plan, sent, error);
  result.request = std::move(sent);
  if (!error.empty()) {
    result.outcome = Outcome::errored;
    result.reason = error;
    return;
  }
  Expectation expectation;
  expectation.operation = c.operation;
  expectation.accepted_statuses = c.accepted_statuses;
  expectation.expected_status = c.expected_status;
  expectation.example_selectable = false;
  finish_exchange(spec, expectation, http, result, nullptr);
  if (result.response) {
    apply_generated_checks(c, settings_.rejected_valid, result);
    result.outcome = result.failures.empty() ? Outcome::passed : Outcome::failed;
  }
}

void Worker::run_generated(const core::Spec& spec, const Case& c, CaseResult& result) {
  if (is_past_deadline()) {
    result.reason = "not run: the --generate-time budget was spent";
    return;
  }
  send_generated(spec, c, c.request, result);
  if (result.outcome == Outcome::failed) {
    shrink(spec, c, result);
  }
}

// Greedy: the first smaller request that still fails the same check replaces the current one,
// until none does or the budget is spent.
void Worker::shrink(const core::Spec& spec, const Case& c, CaseResult& result) {
  const std::string check = choose_shrink_check(result.failures);
  const bool valid = c.kind == CaseKind::generated_valid;
  GeneratedRequest current = *c.generated;
  std::optional<CaseResult> best;
  int steps = 0;
  int sent = 0;
  bool improved = true;
  while (improved && sent < settings_.shrink_budget && !is_past_deadline()) {
    improved = false;
    for (auto& candidate : shrink_candidates(spec, *c.operation, current, valid)) {
      if (sent >= settings_.shrink_budget) {
        break;
      }
      CaseResult trial = make_result(c, result.order);
      send_generated(spec, c, build_generated_plan(spec, *c.operation, candidate), trial);
      ++sent;
      if (trial.outcome == Outcome::failed && has_check(trial.failures, check)) {
        current = std::move(candidate);
        best = std::move(trial);
        ++steps;
        improved = true;
        break;
      }
    }
  }
  if (!best) {
    result.notes.push_back("shrinking: no smaller request fails '" + check + "' (" +
                           std::to_string(sent) + " tried)");
    return;
  }
  best->original_request = std::move(result.request);
  best->shrink_steps = steps;
  best->notes.push_back("shrunk in " + std::to_string(steps) + " step(s) (" + std::to_string(sent) +
                        " requests) to the smallest request that still "
                        "fails '" +
                        check + "'; the original request is shown too");
  result = std::move(*best);
}

// The step's values with ${...} filled in; the case compiler builds the request from them.
CompiledStep make_step_request(const core::Spec& spec, const BoundStep& bound, const Vars& vars) {
  Step step = *bound.step;
  step.params = substitute(step.params, vars);
  step.headers = substitute(step.headers, vars);
  if (step.body && !step.body->is_null()) {
    step.body = substitute(*step.body, vars);
  }
  return compile_step_request(spec, *bound.operation, step);
}

const json* find_body_value(const CheckReport& report, const core::Response& response,
                            std::optional<json>& scratch, std::string_view pointer) {
  if (!report.body) {
    std::string ignored;
    scratch = parse_json_body(response.body, 256, ignored);
  }
  if (report.body) {
    return core::find_pointer(*report.body, pointer);
  }
  return scratch ? core::find_pointer(*scratch, pointer) : nullptr;
}

void check_step_expectations(const BoundStep& bound, const Vars& vars, const CheckReport& report,
                             CaseResult& result, Vars& captured) {
  const auto& response = *result.response;
  const bool has_expectations = !bound.step->expect.body.empty() ||
                                !bound.step->expect.headers.empty() || !bound.step->capture.empty();
  const bool json_failed = std::any_of(result.failures.begin(), result.failures.end(),
                                       [](const Failure& f) { return f.check == "json"; });
  if (has_expectations && (!report.status_ok || json_failed)) {
    result.notes.emplace_back("scenario expectations and captures not checked: the " +
                              std::string(json_failed ? "body" : "status") + " is already wrong");
    return;
  }
  std::optional<json> scratch;
  for (const auto& [pointer, raw] : bound.step->expect.body) {
    const json want = substitute(raw, vars);
    const json* got = find_body_value(report, response, scratch, pointer);
    if (got == nullptr || !is_same_value(*got, want)) {
      result.failures.push_back({"expect", "value at " + pointer + " differs from the scenario",
                                 pointer, to_short_text(want),
                                 got != nullptr ? to_short_text(*got) : "(absent)"});
    }
  }
  for (const auto& [name, raw] : bound.step->expect.headers) {
    const std::string want = substitute_text(raw, vars);
    const std::string* got = core::find_header(response.headers, name);
    if (got == nullptr || *got != want) {
      result.failures.push_back({"expect", "header " + name + " differs from the scenario", "",
                                 want, got != nullptr ? *got : "(absent)"});
    }
  }
  for (const auto& [name, pointer] : bound.step->capture) {
    const json* got = find_body_value(report, response, scratch, pointer);
    if (got == nullptr) {
      result.failures.push_back({"capture", "nothing to capture as '" + name + "' at " + pointer,
                                 pointer, "a value", "(absent)"});
    } else {
      captured[name] = *got;
    }
  }
}

void Worker::run_step(const core::Spec& spec, const BoundStep& bound, Vars& vars,
                      CaseResult& result) {
  const Step& step = *bound.step;
  CompiledStep compiled = make_step_request(spec, bound, vars);
  if (!compiled.error.empty()) {
    result.outcome = Outcome::errored;
    result.reason = compiled.error;
    return;
  }
  const RequestPlan& plan = compiled.plan;
  std::string error;
  Expectation expectation;
  expectation.operation = bound.operation;
  if (step.expect.status) {
    // "200|409": any of them (a derived sequence settling an item of unknown state).
    expectation.accepted_statuses = split_statuses(*step.expect.status);
    expectation.expected_status = *step.expect.status;
  }
  const auto started = Clock::now();
  const auto within = std::chrono::milliseconds(step.until ? step.until->within_ms : 0);
  int polls = 0;
  while (true) {
    SentRequest sent;
    const auto http = exchange(spec, *bound.operation, plan, sent, error);
    result.request = std::move(sent);
    result.failures.clear();
    result.notes.clear();
    if (!error.empty()) {
      result.outcome = Outcome::errored;
      result.reason = error;
      return;
    }
    CheckReport report;
    finish_exchange(spec, expectation, http, result, &report);
    ++polls;
    if (!result.response) {
      return;
    }
    if (!step.until) {
      Vars captured;
      check_step_expectations(bound, vars, report, result, captured);
      for (auto& [name, value] : captured) {
        vars[name] = std::move(value);
      }
      break;
    }
    std::optional<json> scratch;
    const std::string pointer = substitute_text(step.until->pointer, vars);
    const json* got = find_body_value(report, *result.response, scratch, pointer);
    const json want = substitute(step.until->equals, vars);
    if (got != nullptr && is_same_value(*got, want)) {
      Vars captured;
      check_step_expectations(bound, vars, report, result, captured);
      for (auto& [name, value] : captured) {
        vars[name] = std::move(value);
      }
      result.notes.push_back("poll: condition met after " + std::to_string(polls) + " request(s)");
      break;
    }
    if (Clock::now() - started + std::chrono::milliseconds(step.until->every_ms) > within) {
      result.failures.push_back(
          {"poll",
           "condition not met within " + std::to_string(step.until->within_ms) + " ms (" +
               std::to_string(polls) + " requests)",
           pointer, to_short_text(want), got != nullptr ? to_short_text(*got) : "(absent)"});
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(step.until->every_ms));
  }
  result.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  if (!step.status_check.empty()) {
    for (auto& failure : result.failures) {
      if (failure.check == "status") {
        failure.check = step.status_check;
      }
    }
  }
  result.outcome = result.failures.empty() ? Outcome::passed : Outcome::failed;
}

CaseResult make_step_result(const WorkUnit& unit, const BoundStep& bound, std::size_t order) {
  CaseResult result;
  result.order = order;
  result.id = bound.id;
  result.kind = unit.scenario->scenario->generated ? CaseKind::sequence : CaseKind::scenario;
  result.spec_file = unit.spec->file;
  result.operation = bound.operation;
  result.scenario = unit.scenario->scenario->name;
  result.step = bound.index;
  result.phase = bound.phase;
  result.expected_status = bound.step->expect.status.value_or("2XX");
  for (const auto& state : unit.scenario->scenario->given) {
    result.given.push_back(state.description);
  }
  return result;
}

// Where a run failed first (position in the run) and the check it failed; nullopt when it did
// not fail (an errored step is not shrunk: a transport error says nothing about the steps).
std::optional<std::pair<std::size_t, std::string>>
first_failure(const std::vector<CaseResult>& results) {
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (results[i].outcome == Outcome::errored) {
      return std::nullopt;
    }
    if (results[i].outcome == Outcome::failed && !results[i].failures.empty()) {
      return std::make_pair(i, results[i].failures.front().check);
    }
  }
  return std::nullopt;
}

// Shrinks a failing derived sequence: drops earlier steps that only walk the state (those
// with a status check of their own and no capture: not the create that makes the id, not a
// delete, not a wait) and re-runs the shorter sequence against the target, keeping it when the
// same step still fails the same check. All of them at once first, then halves, then one by
// one; bounded, since each re-run costs a round of requests.
template <typename RunSteps>
void shrink_sequence(const BoundScenario& bound, const RunSteps& run_steps,
                     std::vector<CaseResult>& results) {
  constexpr int k_max_reruns = 20;
  const auto failure = first_failure(results);
  if (!failure) {
    return;
  }
  const std::size_t original = results.size();
  const std::size_t failing = failure->first; // == its step index: the first run has them all
  std::vector<std::size_t> current(failing + 1);
  for (std::size_t i = 0; i <= failing; ++i) {
    current[i] = i;
  }
  const auto droppable = [&](const std::vector<std::size_t>& steps) {
    std::vector<std::size_t> out;
    for (std::size_t n = 0; n + 1 < steps.size(); ++n) {
      const Step& step = *bound.steps[steps[n]].step;
      if (!step.status_check.empty() && step.capture.empty()) {
        out.push_back(steps[n]);
      }
    }
    return out;
  };
  std::vector<CaseResult> best;
  int reruns = 0;
  std::size_t size = droppable(current).size();
  while (size > 0 && reruns < k_max_reruns) {
    const auto drop = droppable(current);
    if (drop.empty()) {
      break;
    }
    size = std::min(size, drop.size());
    bool shrunk = false;
    for (std::size_t first = 0; first < drop.size() && reruns < k_max_reruns; first += size) {
      const auto last = std::min(first + size, drop.size());
      std::vector<std::size_t> candidate;
      std::copy_if(current.begin(), current.end(), std::back_inserter(candidate),
                   [&](std::size_t i) {
                     return std::find(drop.begin() + static_cast<std::ptrdiff_t>(first),
                                      drop.begin() + static_cast<std::ptrdiff_t>(last),
                                      i) == drop.begin() + static_cast<std::ptrdiff_t>(last);
                   });
      auto rerun = run_steps(candidate, ++reruns);
      const auto again = first_failure(rerun);
      if (again && candidate[again->first] == failing && again->second == failure->second) {
        current = std::move(candidate);
        best = std::move(rerun);
        shrunk = true;
        break;
      }
    }
    if (!shrunk) {
      if (size == 1) {
        break;
      }
      size = (size + 1) / 2;
    }
  }
  if (best.empty()) {
    return;
  }
  std::string dropped;
  for (std::size_t i = 0; i < failing; ++i) {
    if (std::find(current.begin(), current.end(), i) == current.end()) {
      dropped += (dropped.empty() ? "" : ", ") + std::to_string(i + 1) + " (" +
                 bound.steps[i].operation->operation_id + ")";
    }
  }
  best.back().notes.push_back("shrunk to " + std::to_string(best.size()) + " of " +
                              std::to_string(original) + " steps (" + std::to_string(reruns) +
                              " re-runs); dropped step(s) " + dropped);
  results = std::move(best);
}

void Worker::run_scenario(const WorkUnit& unit, std::vector<CaseResult>& out,
                          const std::function<void(const CaseResult&)>& done) {
  const auto& bound = *unit.scenario;
  const auto& given = bound.scenario->given;
  std::string blocked;
  if (!given.empty() && settings_.state_url.empty()) {
    blocked = "needs provider state(s) (" + given.front().description + ") but no --state-url";
  }
  std::size_t states_set = 0;
  if (blocked.empty() && !given.empty()) {
    blocked = set_states(given, "setup");
    states_set = given.size(); // a partial setup is torn down in full
    if (!blocked.empty()) {
      blocked = "provider state: " + blocked;
    }
  }
  const bool state_error = !blocked.empty() && !settings_.state_url.empty() && !given.empty();
  // The steps at `indices`, in order: all of them, or a shorter derived sequence when shrinking
  // (`attempt` keeps the names a re-run creates apart from the earlier runs').
  const auto run_steps = [&](const std::vector<std::size_t>& indices, int attempt) {
    std::vector<CaseResult> results;
    Vars vars{{"run.id", settings_.run_id}, {"sequence.attempt", std::to_string(attempt)}};
    bool failed = false;
    for (std::size_t n = 0; n < indices.size(); ++n) {
      const auto& step = bound.steps[indices[n]];
      CaseResult result = make_step_result(unit, step, unit.first_order + indices[n]);
      if (!blocked.empty()) {
        result.reason = blocked;
        if (state_error && n == 0) {
          result.outcome = Outcome::errored;
        }
      } else if (failed && step.phase != "teardown") {
        result.reason = "not run: an earlier step of the scenario failed";
      } else {
        run_step(*unit.spec, step, vars, result);
        failed = failed || result.outcome == Outcome::failed || result.outcome == Outcome::errored;
      }
      results.push_back(std::move(result));
    }
    return results;
  };
  std::vector<std::size_t> all(bound.steps.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    all[i] = i;
  }
  auto results = run_steps(all, 0);
  if (bound.scenario->generated && blocked.empty()) {
    shrink_sequence(bound, run_steps, results);
    // Every step keeps a result (progress and order stay whole): those shrinking left out say so.
    std::set<std::size_t> kept;
    for (const auto& result : results) {
      kept.insert(result.order);
    }
    for (std::size_t i = 0; i < bound.steps.size(); ++i) {
      if (kept.count(unit.first_order + i) == 0) {
        CaseResult left = make_step_result(unit, bound.steps[i], unit.first_order + i);
        left.reason = "not in the shrunk sequence (shrinking left this step out)";
        results.push_back(std::move(left));
      }
    }
    std::sort(results.begin(), results.end(),
              [](const CaseResult& a, const CaseResult& b) { return a.order < b.order; });
  }
  for (auto& result : results) {
    done(result);
    out.push_back(std::move(result));
  }
  if (states_set > 0) {
    teardown_states(given, states_set);
  }
}

void Worker::run_unit(const WorkUnit& unit, std::vector<CaseResult>& out,
                      const std::function<void(const CaseResult&)>& done) {
  if (unit.scenario != nullptr) {
    run_scenario(unit, out, done);
    return;
  }
  for (std::size_t i = 0; i < unit.cases.size(); ++i) {
    out.push_back(run_case(*unit.spec, *unit.cases[i], unit.orders[i]));
    done(out.back());
  }
}

std::size_t count_cases(const std::vector<WorkUnit>& units) {
  std::size_t total = 0;
  for (const auto& unit : units) {
    total += unit.scenario != nullptr ? unit.scenario->steps.size() : unit.cases.size();
  }
  return total;
}

} // namespace

void record_transport_error(const HttpResult& http, CaseResult& result) {
  if (http.error == TransportError::too_large) {
    result.outcome = Outcome::failed;
    result.failures.push_back(
        {"size", http.message, "", "a response within the size limit", "larger"});
    return;
  }
  result.outcome = Outcome::errored;
  result.reason = http.message;
  result.failures.push_back(
      {"network", http.message, "", "a complete HTTP answer", to_string(http.error)});
}

std::string to_base64(std::string_view text) {
  static constexpr char k_alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < text.size(); i += 3) {
    const auto n = (static_cast<unsigned>(static_cast<unsigned char>(text[i])) << 16U) |
                   (static_cast<unsigned>(static_cast<unsigned char>(text[i + 1])) << 8U) |
                   static_cast<unsigned>(static_cast<unsigned char>(text[i + 2]));
    out += k_alphabet[(n >> 18U) & 63U];
    out += k_alphabet[(n >> 12U) & 63U];
    out += k_alphabet[(n >> 6U) & 63U];
    out += k_alphabet[n & 63U];
  }
  if (i < text.size()) {
    auto n = static_cast<unsigned>(static_cast<unsigned char>(text[i])) << 16U;
    if (i + 1 < text.size()) {
      n |= static_cast<unsigned>(static_cast<unsigned char>(text[i + 1])) << 8U;
    }
    out += k_alphabet[(n >> 18U) & 63U];
    out += k_alphabet[(n >> 12U) & 63U];
    out += i + 1 < text.size() ? k_alphabet[(n >> 6U) & 63U] : '=';
    out += '=';
  }
  return out;
}

const char* to_string(Outcome outcome) noexcept {
  switch (outcome) {
  case Outcome::passed:
    return "passed";
  case Outcome::failed:
    return "failed";
  case Outcome::skipped:
    return "skipped";
  case Outcome::errored:
    return "errored";
  }
  return "errored";
}

const char* to_string(CaseKind kind) noexcept {
  switch (kind) {
  case CaseKind::example:
    return "example";
  case CaseKind::negative:
    return "negative";
  case CaseKind::scenario:
    return "scenario";
  case CaseKind::traffic:
    return "traffic";
  case CaseKind::generated_valid:
    return "generated-valid";
  case CaseKind::generated_invalid:
    return "generated-invalid";
  case CaseKind::sequence:
    return "sequence";
  }
  return "example";
}

json substitute(const json& value, const Vars& vars) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() > 3 && text.rfind("${", 0) == 0 && text.back() == '}' &&
        text.find("${", 2) == std::string::npos) {
      const auto it = vars.find(text.substr(2, text.size() - 3));
      if (it != vars.end()) {
        return it->second;
      }
    }
    return substitute_text(text, vars);
  }
  if (value.is_object()) {
    json out = json::object();
    for (const auto& [key, item] : value.items()) {
      out[key] = substitute(item, vars);
    }
    return out;
  }
  if (value.is_array()) {
    json out = json::array();
    for (const auto& item : value) {
      out.push_back(substitute(item, vars));
    }
    return out;
  }
  return value;
}

std::string choose_base_path(const BaseUrl& base, const core::Spec& spec) {
  if (!base.path.empty()) {
    return base.path;
  }
  if (!spec.servers.empty()) {
    std::string path = spec.servers.front().base_path;
    while (!path.empty() && path.back() == '/') {
      path.pop_back();
    }
    return path;
  }
  return "";
}

void add_credentials(core::Headers& headers,
                     std::vector<std::pair<std::string, std::string>>& query,
                     const core::Spec& spec, const core::Operation& operation,
                     const RunSettings& settings, bool send_credentials) {
  for (const auto& header : settings.extra_headers) {
    if (send_credentials || !is_credential_header(spec, header.first)) {
      set_header(headers, header.first, header.second);
    }
  }
  if (!send_credentials || operation.security.empty()) {
    return;
  }
  const auto credential_for = [&](const core::SecurityScheme& scheme) {
    return settings.credentials ? settings.credentials->value_for(scheme) : settings.token;
  };
  const auto find_scheme = [&](const std::string& name) -> const core::SecurityScheme* {
    const auto it = spec.security_schemes.find(name);
    return it == spec.security_schemes.end() ? nullptr : &it->second;
  };
  const auto is_satisfied = [&](const core::SecurityRequirement& requirement) {
    return std::all_of(requirement.begin(), requirement.end(), [&](const auto& entry) {
      const auto* scheme = find_scheme(entry.first);
      return scheme == nullptr || !credential_for(*scheme).empty();
    });
  };
  const auto chosen =
      std::find_if(operation.security.begin(), operation.security.end(), is_satisfied);
  const auto& requirement =
      chosen != operation.security.end() ? *chosen : operation.security.front();
  for (const auto& [name, scopes] : requirement) {
    const auto* found = find_scheme(name);
    const std::string value = found != nullptr ? credential_for(*found) : std::string();
    if (value.empty()) {
      continue;
    }
    const auto& scheme = *found;
    if (scheme.type == "apiKey") {
      if (scheme.in == "query") {
        query.emplace_back(scheme.parameter_name, value);
      } else if (scheme.in == "cookie") {
        headers.emplace_back("Cookie", scheme.parameter_name + "=" + value);
      } else {
        set_header(headers, scheme.parameter_name, value);
      }
    } else if (scheme.type == "http" && scheme.scheme == "basic") {
      // "id:secret" is encoded; anything else is taken as already encoded.
      const bool plain = value.find(':') != std::string::npos;
      set_header(headers, "Authorization", "Basic " + (plain ? to_base64(value) : value));
    } else if (core::find_header(headers, "Authorization") == nullptr) {
      headers.emplace_back("Authorization", "Bearer " + value);
    }
  }
}

RunOutput run_units(const std::vector<WorkUnit>& units, const RunSettings& settings) {
  RunOutput output;
  std::mutex mutex;
  RunProgress progress;
  progress.total = count_cases(units);
  std::vector<std::vector<CaseResult>> per_unit(units.size());
  const auto done = [&](const CaseResult& result) {
    const std::lock_guard<std::mutex> lock(mutex);
    ++progress.done;
    if (result.outcome == Outcome::failed || result.outcome == Outcome::errored) {
      ++progress.failed;
    }
    if (settings.on_progress) {
      settings.on_progress(progress);
    }
  };
  std::set<int> phases;
  for (const auto& unit : units) {
    phases.insert(unit.phase);
  }
  for (const int phase : phases) {
    std::vector<std::size_t> indices;
    for (std::size_t i = 0; i < units.size(); ++i) {
      if (units[i].phase == phase) {
        indices.push_back(i);
      }
    }
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
      Worker worker(settings);
      for (std::size_t n = next++; n < indices.size(); n = next++) {
        worker.run_unit(units[indices[n]], per_unit[indices[n]], done);
      }
      const std::lock_guard<std::mutex> lock(mutex);
      output.warnings.insert(output.warnings.end(), worker.warnings.begin(), worker.warnings.end());
    };
    const int jobs = std::max(1, std::min(settings.jobs, static_cast<int>(indices.size())));
    std::vector<std::thread> threads;
    for (int i = 1; i < jobs; ++i) {
      threads.emplace_back(work);
      // Connections open a little apart: a burst of simultaneous connects can overflow a small
      // listen backlog (5 in cpp-httplib 0.11) and cost a 1 s SYN retransmission.
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    work();
    for (auto& thread : threads) {
      thread.join();
    }
  }
  for (auto& results : per_unit) {
    std::move(results.begin(), results.end(), std::back_inserter(output.results));
  }
  std::sort(output.results.begin(), output.results.end(),
            [](const CaseResult& a, const CaseResult& b) { return a.order < b.order; });
  return output;
}

} // namespace concord::conformance
