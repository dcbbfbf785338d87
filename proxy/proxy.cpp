#include "proxy/proxy.hpp"

#include "conformance/results_json.hpp"
#include "conformance/runner.hpp"
#include "conformance/verify.hpp"
#include "core/media_type.hpp"
#include "core/redaction.hpp"
#include "core/statuses.hpp"
#include "mock/admin.hpp"
#include "mock/problem.hpp"
#include "proxy/recorder.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <utility>

namespace concord::proxy {
namespace {

using nlohmann::json;

constexpr std::size_t k_max_idle_clients = 64;

// RFC 9110 7.6.1: the fields that describe one connection, not the message.
bool is_hop_by_hop(std::string_view name) {
  static constexpr std::array<std::string_view, 11> k_names = {
      "connection",         "keep-alive", "proxy-connection",
      "proxy-authenticate", "te",         "trailer",
      "transfer-encoding",  "upgrade",    "host",
      "content-length",     "expect"};
  return std::any_of(k_names.begin(), k_names.end(),
                     [name](std::string_view hop) { return core::iequals(hop, name); });
}

// Field names listed in Connection (they are hop-by-hop too); views into `headers`.
std::vector<std::string_view> connection_options(const core::Headers& headers) {
  std::vector<std::string_view> out;
  for (const auto& [name, value] : headers) {
    if (core::iequals(name, "Connection")) {
      const auto listed = core::split_field_list(value);
      out.insert(out.end(), listed.begin(), listed.end());
    }
  }
  return out;
}

std::string format_utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// Bodies are kept up to what the results document shows (one more character, so that the
// document still says it was truncated): a long-running proxy must not hold every body.
void clip_body(std::string* body) {
  if (body != nullptr && body->size() > conformance::k_max_body_chars) {
    body->resize(conformance::k_max_body_chars + 1);
  }
}

mock::HandleResult problem_answer(const mock::Problem& problem, const core::Headers& headers = {}) {
  mock::HandleResult result;
  result.response = mock::build_problem_response(problem);
  result.response.headers.insert(result.response.headers.end(), headers.begin(), headers.end());
  return result;
}

json findings_of(const std::vector<conformance::Failure>& failures) {
  json out = json::array();
  for (const auto& failure : failures) {
    out.push_back(
        {{"check", failure.check}, {"pointer", failure.pointer}, {"message", failure.message}});
  }
  return out;
}

// The check a request that the validator stopped early failed.
const char* to_request_check(int status) {
  switch (status) {
  case 401:
  case 403:
    return "request-security";
  case 415:
    return "request-content-type";
  default:
    return "request";
  }
}

// The proxy's CORS headers replace the upstream's: the browser's origin is talking to the
// proxy, whose config says what it allows (docs/mock.md, CORS).
void apply_cors(const core::Request& request, const mock::MockEngine& engine,
                core::Headers& headers) {
  if (!engine.config().cors.enabled || core::find_header(request.headers, "Origin") == nullptr) {
    return;
  }
  headers.erase(std::remove_if(headers.begin(), headers.end(),
                               [](const auto& header) {
                                 return header.first.size() >= 15 &&
                                        core::iequals(std::string_view(header.first).substr(0, 15),
                                                      "access-control-");
                               }),
                headers.end());
  engine.add_cors_headers(request, headers);
}

} // namespace

core::Headers without_hop_by_hop(const core::Headers& headers) {
  const auto listed = connection_options(headers);
  core::Headers out;
  out.reserve(headers.size());
  for (const auto& header : headers) {
    const auto is_listed = [&header](std::string_view option) {
      return core::iequals(option, header.first);
    };
    if (!is_hop_by_hop(header.first) && std::none_of(listed.begin(), listed.end(), is_listed)) {
      out.push_back(header);
    }
  }
  return out;
}

// One request on its way through the proxy.
struct ProxyService::Exchange {
  Exchange(const core::Request& request_in, const mock::MockEngine& engine_in)
      : request(request_in), engine(engine_in) {}
  const core::Request& request;
  const mock::MockEngine& engine;
  const mock::RouteTarget* target = nullptr;
  const mock::MockDocument* document = nullptr;
  conformance::CaseResult result;
  std::vector<conformance::Failure> request_failures;
  std::vector<conformance::Failure> response_failures;
  std::optional<mock::Problem> rejection; // why the mock would have refused the request
  core::Headers rejection_headers;
  conformance::HttpResult http;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

ProxyService::ProxyService(ProxyOptions options)
    : options_(std::move(options)), started_at_(format_utc_now()) {
  if (!options_.record_dir.empty()) {
    recorder_ = std::make_unique<Recorder>(options_.record_dir, options_.max_examples_per_answer,
                                           options_.secrets);
  }
}

ProxyService::~ProxyService() = default;

void ProxyService::set_writer(ResultsWriter writer) {
  const std::lock_guard<std::mutex> lock(mutex_);
  writer_ = std::move(writer);
}

void ProxyService::on_done(std::function<void()> callback) {
  const std::lock_guard<std::mutex> lock(mutex_);
  done_callback_ = std::move(callback);
}

std::size_t ProxyService::exchanges() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return seen_;
}

bool ProxyService::is_done() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return options_.max_exchanges > 0 && seen_ >= options_.max_exchanges;
}

std::unique_ptr<Upstream> ProxyService::acquire_client() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_clients_.empty()) {
      auto client = std::move(idle_clients_.back());
      idle_clients_.pop_back();
      return client;
    }
  }
  return make_upstream(options_.upstream_base, options_.client);
}

void ProxyService::release_client(std::unique_ptr<Upstream> client) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (idle_clients_.size() < k_max_idle_clients) {
    idle_clients_.push_back(std::move(client));
  }
}

mock::HandleResult ProxyService::handle_admin(const core::Request& request,
                                              const mock::MockEngine& engine) {
  const bool is_flush = request.path == std::string(mock::k_admin_prefix) + "/flush";
  if (!is_flush) {
    return engine.handle(request); // health, routes, journal, ...: the mock's admin API
  }
  if (!engine.config().admin_remote && !mock::is_loopback(request.remote_addr)) {
    return problem_answer(mock::make_problem(mock::ProblemKind::admin_forbidden,
                                             "the admin API answers loopback clients only"));
  }
  if (request.method != "POST") {
    auto answer = problem_answer(mock::make_problem(
        mock::ProblemKind::route_no_method, "POST " + request.path + " writes the results"));
    answer.response.headers.emplace_back("Allow", "POST");
    return answer;
  }
  auto flushed = flush(engine);
  if (!flushed) {
    return problem_answer(mock::make_problem(mock::ProblemKind::internal, flushed.error().message));
  }
  mock::HandleResult result;
  result.response.status = 200;
  result.response.headers.emplace_back("Content-Type", "application/json");
  result.response.body = json{{"exchanges", flushed->exchanges}, {"files", flushed->files}}.dump(
      -1, ' ', false, json::error_handler_t::replace);
  return result;
}

std::optional<mock::HandleResult> ProxyService::answer_locally(const core::Request& request,
                                                               const mock::MockEngine& engine) {
  if (mock::is_admin_path(request.path)) {
    return handle_admin(request, engine); // never forwarded
  }
  if (engine.is_preflight(request)) {
    return engine.handle(request); // CORS as the mock's config says: the browser talks to us
  }
  return std::nullopt;
}

// Routing and the request's checks, before anything is forwarded.
void ProxyService::inspect(Exchange& exchange) {
  const auto& request = exchange.request;
  const auto& engine = exchange.engine;
  const auto match = engine.router().match(request.method, request.path);
  if (match.target == nullptr) {
    exchange.request_failures.push_back(
        {"route",
         (match.path_found
              ? request.method + " is not documented for " + request.path
              : "no documented operation matches " + request.method + " " + request.path),
         "", match.path_found ? "one of " + std::to_string(match.allowed.size()) + " methods" : "",
         request.method + " " + request.path});
    return;
  }
  exchange.target = match.target;
  exchange.document = engine.documents()[match.target->document].get();
  mock::CheckOptions check;
  check.max_json_depth = engine.config().limits.max_json_depth;
  auto checked =
      exchange.document->validator->check(*match.target->operation, request, match.params, check);
  for (const auto& finding : checked.findings) {
    exchange.request_failures.push_back(
        {"request", finding.in + ": " + finding.message,
         finding.in == "body" ? finding.pointer : "/" + finding.in + finding.pointer,
         finding.keyword, ""});
  }
  if (checked.rejection) {
    exchange.request_failures.push_back({to_request_check(checked.rejection->status),
                                         checked.rejection->detail, "",
                                         std::to_string(checked.rejection->status), ""});
    exchange.rejection = std::move(checked.rejection);
    exchange.rejection_headers = std::move(checked.rejection_headers);
  }
}

mock::HandleResult ProxyService::handle(const core::Request& request,
                                        const mock::MockEngine& engine) {
  if (auto local = answer_locally(request, engine)) {
    return std::move(*local);
  }
  Exchange exchange{request, engine};
  inspect(exchange);
  if (options_.errors && !exchange.request_failures.empty()) {
    return conclude(exchange, refuse(exchange));
  }
  const conformance::HttpRequest upstream = to_upstream(exchange);
  auto client = acquire_client();
  exchange.http = client->send(upstream);
  release_client(std::move(client));
  return conclude(exchange, forwarded(exchange));
}

// An exchange whose answer comes later: it owns the request and holds the engine.
struct ProxyService::Pending {
  Pending(core::Request&& request_in, std::shared_ptr<const mock::MockEngine> engine_in)
      : request(std::move(request_in)), engine(std::move(engine_in)), exchange(request, *engine) {}
  core::Request request;
  std::shared_ptr<const mock::MockEngine> engine;
  Exchange exchange;
};

void ProxyService::handle_async(core::Request&& request,
                                std::shared_ptr<const mock::MockEngine> engine,
                                mock::EventLoop& loop, Reply reply) {
  if (!is_plain_upstream()) {
    reply(handle(request, *engine)); // TLS or an HTTP proxy: the blocking client
    return;
  }
  if (auto local = answer_locally(request, *engine)) {
    reply(std::move(*local));
    return;
  }
  auto pending = std::make_shared<Pending>(std::move(request), std::move(engine));
  Exchange& exchange = pending->exchange;
  inspect(exchange);
  if (options_.errors && !exchange.request_failures.empty()) {
    reply(conclude(exchange, refuse(exchange)));
    return;
  }
  const conformance::HttpRequest upstream = to_upstream(exchange);
  upstreams_of(loop).send(upstream,
                          [this, pending, reply = std::move(reply)](conformance::HttpResult http) {
                            pending->exchange.http = std::move(http);
                            reply(conclude(pending->exchange, forwarded(pending->exchange)));
                          });
}

bool ProxyService::is_plain_upstream() const {
  return options_.upstream_base.scheme == "http" && !options_.client.proxy;
}

AsyncUpstreams& ProxyService::upstreams_of(mock::EventLoop& loop) {
  const std::lock_guard<std::mutex> lock(upstreams_mutex_);
  auto& upstreams = upstreams_[&loop];
  if (!upstreams) {
    upstreams = std::make_unique<AsyncUpstreams>(loop, options_.upstream_base, options_.client);
  }
  return *upstreams;
}

// After the upstream (or --errors) answered: the answer's checks, the answer the client gets,
// and the exchange as a case.
mock::HandleResult ProxyService::conclude(Exchange& exchange, mock::HandleResult answer) {
  if (exchange.http.response && exchange.target != nullptr) {
    check_answer(exchange);
    if (options_.errors && !exchange.response_failures.empty()) {
      answer = problem_answer(mock::make_problem(
          mock::ProblemKind::proxy_invalid_response,
          "the upstream answered " + std::to_string(exchange.http.response->status) +
              " and the answer breaks the contract",
          json{{"findings", findings_of(exchange.response_failures)}}));
    }
  }
  apply_cors(exchange.request, exchange.engine, answer.response.headers);
  if (options_.header) {
    const bool broke_off = exchange.result.request.has_value() && !exchange.http.response;
    answer.response.headers.emplace_back("X-Concord-Violations",
                                         std::to_string(exchange.request_failures.size() +
                                                        exchange.response_failures.size() +
                                                        (broke_off ? 1 : 0)));
  }
  finish(exchange, exchange.engine);
  return answer;
}

// The runner's response checks, with every documented status accepted: which status real
// traffic gets is the upstream's business; an undocumented one fails status-documented.
void ProxyService::check_answer(Exchange& exchange) {
  const core::Operation& operation = *exchange.target->operation;
  const core::Response& response = *exchange.http.response;
  conformance::Expectation expectation;
  expectation.operation = &operation;
  for (const auto& documented : operation.responses) {
    expectation.accepted_statuses.push_back(documented.status);
  }
  expectation.expected_status = "a documented status";
  auto report = conformance::check_response(*exchange.document->spec, expectation, response,
                                            exchange.http.duration_ms, options_.checks);
  for (auto& failure : report.failures) {
    if (failure.check != "status") { // status-documented says the same for traffic
      exchange.response_failures.push_back(std::move(failure));
    }
  }
  for (auto& check : report.checks) {
    if (check != "status") {
      exchange.result.checks.push_back(std::move(check));
    }
  }
  exchange.result.notes = std::move(report.notes);
  if (recorder_ == nullptr || report.documented == nullptr || !exchange.response_failures.empty()) {
    return; // only answers that conform become examples
  }
  const std::string* content_type = core::find_header(response.headers, "Content-Type");
  if (content_type == nullptr || response.body.empty()) {
    return;
  }
  for (const auto& media : report.documented->content) {
    if (core::is_media_type_match(media.name, *content_type)) {
      recorder_->add(*exchange.document->spec, operation, response.status, media, response);
      return;
    }
  }
}

// --errors: the request never reaches the upstream; the client gets what the mock would say.
mock::HandleResult ProxyService::refuse(Exchange& exchange) {
  if (exchange.target == nullptr) {
    return problem_answer(mock::make_problem(mock::ProblemKind::route_no_path,
                                             exchange.request_failures.front().message));
  }
  if (exchange.rejection) {
    return problem_answer(*exchange.rejection, exchange.rejection_headers);
  }
  return problem_answer(mock::make_problem(
      mock::ProblemKind::request_invalid, "the request does not match the documented operation",
      json{{"findings", findings_of(exchange.request_failures)}}));
}

conformance::HttpRequest ProxyService::to_upstream(Exchange& exchange) {
  const auto& request = exchange.request;
  conformance::HttpRequest upstream;
  upstream.method = request.method;
  upstream.target = options_.upstream_base.path + request.path;
  if (!request.query.empty()) {
    upstream.target += "?" + request.query;
  }
  upstream.headers = without_hop_by_hop(request.headers);
  // The proxy checks every body, so it asks for them uncompressed.
  upstream.headers.erase(std::remove_if(upstream.headers.begin(), upstream.headers.end(),
                                        [](const auto& header) {
                                          return core::iequals(header.first, "Accept-Encoding");
                                        }),
                         upstream.headers.end());
  upstream.headers.emplace_back("Accept-Encoding", "identity");
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT" ||
      request.method == "PATCH") {
    upstream.body = request.body;
  }
  exchange.result.request =
      conformance::SentRequest{upstream.method, options_.upstream_base.origin() + upstream.target,
                               upstream.headers, upstream.body};
  return upstream;
}

// The client's answer to a forwarded request: the upstream's, or why there is none.
mock::HandleResult ProxyService::forwarded(Exchange& exchange) {
  if (!exchange.http.response) {
    const bool timed_out = exchange.http.error == conformance::TransportError::timeout ||
                           exchange.http.error == conformance::TransportError::tls_timeout;
    return problem_answer(mock::make_problem(
        timed_out ? mock::ProblemKind::proxy_gateway_timeout : mock::ProblemKind::proxy_bad_gateway,
        "the upstream " + options_.upstream_base.origin() + " failed (" +
            conformance::to_string(exchange.http.error) + "): " + exchange.http.message));
  }
  mock::HandleResult result;
  result.response = *exchange.http.response;
  result.response.headers = without_hop_by_hop(result.response.headers);
  return result;
}

void ProxyService::finish(Exchange& exchange, const mock::MockEngine& engine) {
  auto& result = exchange.result;
  result.kind = conformance::CaseKind::traffic;
  result.failures = exchange.request_failures;
  result.failures.insert(result.failures.end(), exchange.response_failures.begin(),
                         exchange.response_failures.end());
  result.checks.insert(result.checks.begin(), {"route", "request"});
  const core::Operation* operation =
      exchange.target != nullptr ? exchange.target->operation : nullptr;
  result.operation = operation;
  if (exchange.document != nullptr) {
    result.spec_file = exchange.document->file;
  }
  result.expected_status = "documented";
  int status = 0;
  const bool forwarded = result.request.has_value();
  if (forwarded && !exchange.http.response) {
    result.failures.clear();
    conformance::record_transport_error(exchange.http, result);
  } else if (forwarded) {
    status = exchange.http.response->status;
    result.response = std::move(*exchange.http.response); // the client's copy is made
    result.duration_ms = exchange.http.duration_ms;
    result.outcome =
        result.failures.empty() ? conformance::Outcome::passed : conformance::Outcome::failed;
  } else {
    result.outcome = conformance::Outcome::failed; // --errors refused it; the failures say why
    result.reason = "refused by --errors: not forwarded";
  }
  if (result.outcome == conformance::Outcome::errored) {
    result.failures.insert(result.failures.begin(), exchange.request_failures.begin(),
                           exchange.request_failures.end());
  }
  const std::string route = operation != nullptr
                                ? operation->method + " " + operation->path
                                : exchange.request.method + " " + exchange.request.path;
  const std::string status_text = status == 0 ? "no answer" : std::to_string(status);
  clip_body(result.request && result.request->body ? &*result.request->body : nullptr);
  clip_body(result.response ? &result.response->body : nullptr);
  const bool passed = result.outcome == conformance::Outcome::passed;
  json findings = findings_of(result.failures); // before the result moves into results_
  std::function<void()> done;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    const int n = ++counters_[route + " > " + status_text];
    result.id = route + " > " + status_text + " > #" + std::to_string(n);
    ++seen_;
    std::size_t& kept = passed ? kept_passed_ : kept_failed_;
    if (kept < options_.max_kept) {
      ++kept;
      result.order = results_.size();
      results_.push_back(std::move(result));
    } else {
      ++(passed ? dropped_passed_ : dropped_failed_);
    }
    if (options_.max_exchanges > 0 && seen_ >= options_.max_exchanges && !done_called_) {
      done_called_ = true;
      done = done_callback_;
    }
  }
  if (auto* journal = engine.services().journal) {
    mock::JournalEntry entry;
    entry.time_ms = engine.services().clock != nullptr ? engine.services().clock->now() : 0;
    entry.method = exchange.request.method;
    entry.path = exchange.request.path;
    entry.query = exchange.request.query;
    entry.operation_id = operation != nullptr ? operation->operation_id : "";
    entry.status = status;
    entry.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                                  exchange.started)
                            .count();
    entry.findings = std::move(findings);
    journal->record(std::move(entry));
  }
  if (done) {
    done();
  }
}

json ProxyService::results(const mock::MockEngine& engine) const {
  conformance::RunInfo info;
  info.target = options_.upstream;
  info.started_at = started_at_;
  for (const auto& document : engine.documents()) {
    info.specs.push_back(document->spec);
  }
  info.options = {{"mode", "proxy"},
                  {"upstream", options_.upstream},
                  {"errors", options_.errors},
                  {"strict", options_.checks.strict},
                  {"timeoutMs", options_.client.timeout_ms}};
  if (options_.client.tls.insecure && options_.upstream_base.scheme == "https") {
    info.warnings.emplace_back(conformance::k_insecure_warning);
  }
  std::vector<conformance::CaseResult> results;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    results = results_;
    if (dropped_passed_ + dropped_failed_ > 0) {
      info.warnings.push_back(
          std::to_string(seen_) + " exchanges were checked; " + std::to_string(dropped_passed_) +
          " passed and " + std::to_string(dropped_failed_) + " failing ones beyond the first " +
          std::to_string(options_.max_kept) + " of each are counted here only, not kept as cases");
    }
  }
  if (results.empty()) {
    info.warnings.emplace_back("the proxy saw no traffic: nothing was checked");
  }
  json document = conformance::build_results_json(info, results);
  core::redact_results(document, options_.secrets);
  return document;
}

core::Result<FlushSummary> ProxyService::flush(const mock::MockEngine& engine) {
  FlushSummary summary;
  const json document = results(engine);
  summary.exchanges = document["cases"].size();
  ResultsWriter writer;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    writer = writer_;
  }
  if (writer) {
    auto written = writer(document);
    if (!written) {
      return tl::unexpected(written.error());
    }
    summary.files = std::move(*written);
  }
  if (recorder_ != nullptr) {
    auto recorded = recorder_->write();
    if (!recorded) {
      return tl::unexpected(recorded.error());
    }
    summary.files.insert(summary.files.end(), recorded->begin(), recorded->end());
  }
  return summary;
}

} // namespace concord::proxy
