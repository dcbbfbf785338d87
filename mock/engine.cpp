#include "mock/engine.hpp"

#include "core/document.hpp"
#include "core/hash.hpp"
#include "core/loader.hpp"
#include "mock/admin.hpp"
#include "mock/negotiator.hpp"
#include "mock/problem.hpp"
#include "mock/url_codec.hpp"

#include <chrono>
#include <optional>

namespace concord::mock {

using nlohmann::json;

namespace {

std::string normalize_prefix(std::string prefix) {
  if (prefix.empty() || prefix == "/") {
    return "";
  }
  if (prefix.front() != '/') {
    prefix.insert(prefix.begin(), '/');
  }
  while (!prefix.empty() && prefix.back() == '/') {
    prefix.pop_back();
  }
  return prefix;
}

const std::string* find_mapped(const std::map<std::string, std::string>& map,
                               const std::filesystem::path& file) {
  for (const auto& [key, value] : map) {
    if (is_same_spec(key, file)) {
      return &value;
    }
  }
  return nullptr;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) {
      out += separator;
    }
    out += item;
  }
  return out;
}

} // namespace

bool is_same_spec(const std::string& key, const std::filesystem::path& file) {
  if (key == file.string() || key == file.stem().string() || key == file.filename().string()) {
    return true;
  }
  return core::is_same_file(key, file);
}

bool is_loopback(const std::string& address) {
  return address.rfind("127.", 0) == 0 || address == "::1" ||
         address.rfind("::ffff:127.", 0) == 0 || address.empty();
}

// --- loading -------------------------------------------------------------------------------

core::Result<std::unique_ptr<MockEngine>> MockEngine::create(const MockOptions& options,
                                                             MockServices services) {
  std::unique_ptr<MockEngine> engine(new MockEngine());
  engine->services_ = services;
  if (!options.config_file.empty()) {
    auto config = load_mock_config(options.config_file);
    if (!config) {
      return tl::unexpected(config.error());
    }
    engine->config_ = std::move(*config);
    engine->watched_.emplace_back(options.config_file);
  } else if (options.config) {
    engine->config_ = *options.config;
  }
  MockConfig& config = engine->config_;
  engine->seed_ = options.seed.value_or(config.seed.value_or(k_default_seed));
  engine->stateless_ = options.stateless.value_or(config.stateless.value_or(false));
  engine->host = options.host.value_or(config.host.value_or("127.0.0.1"));
  engine->port = options.port.value_or(config.port.value_or(4010));
  engine->threads = options.threads.value_or(config.threads.value_or(256));
  for (const auto& [key, value] : options.mounts) {
    config.mounts[key] = value;
  }
  for (const auto& [key, value] : options.behaviours) {
    config.behaviours[key] = value;
  }
  if (auto r = engine->load_documents(options); !r) {
    return tl::unexpected(r.error());
  }
  if (auto r = engine->build_routes(); !r) {
    return tl::unexpected(r.error());
  }
  if (auto r = engine->load_behaviours(options); !r) {
    return tl::unexpected(r.error());
  }
  return engine;
}

core::Result<std::vector<std::vector<std::shared_ptr<const core::Overlay>>>>
MockEngine::match_overlays(const MockOptions& options,
                           const std::vector<std::filesystem::path>& files) {
  std::vector<std::vector<std::shared_ptr<const core::Overlay>>> out(files.size());
  for (const auto& name : options.overlays) {
    auto overlay = core::load_overlay(name);
    if (!overlay) {
      return tl::unexpected(overlay.error());
    }
    auto shared = std::make_shared<const core::Overlay>(std::move(*overlay));
    bool matched = false;
    for (std::size_t i = 0; i < files.size(); ++i) {
      const std::string extends_name = std::filesystem::path(shared->extends).filename().string();
      if ((shared->extends.empty() && files.size() == 1) ||
          (!shared->extends.empty() &&
           (is_same_spec(shared->extends, files[i]) || is_same_spec(extends_name, files[i])))) {
        out[i].push_back(shared);
        matched = true;
      }
    }
    if (!matched) {
      return core::fail(core::ErrorCode::usage, "overlay " + name + " extends '" + shared->extends +
                                                    "', which is none of the loaded documents");
    }
    watched_.emplace_back(name);
  }
  return out;
}

core::Result<void> MockEngine::load_documents(const MockOptions& options) {
  const std::vector<std::string>& args = options.specs;
  if (args.empty()) {
    return core::fail(core::ErrorCode::usage, "no OpenAPI documents given");
  }
  auto files = core::find_spec_files(args);
  if (!files) {
    return tl::unexpected(files.error());
  }
  if (files->empty()) {
    return core::fail(core::ErrorCode::usage, "no OpenAPI documents found in " + join(args, ", "));
  }
  auto overlays = match_overlays(options, *files);
  if (!overlays) {
    return tl::unexpected(overlays.error());
  }
  for (std::size_t i = 0; i < files->size(); ++i) {
    const auto& file = (*files)[i];
    core::LoadOptions load_options;
    load_options.overlays = (*overlays)[i];
    auto spec = core::load_spec(file, load_options);
    if (!spec) {
      return tl::unexpected(spec.error());
    }
    for (const auto& diagnostic : (*spec)->diagnostics) {
      if (diagnostic.rule == "overlay-target") { // stale recordings must not pass silently
        return core::fail(core::ErrorCode::config_invalid, diagnostic.message, file.string());
      }
    }
    if ((*spec)->has_errors()) {
      std::string message = file.string() + " has errors:";
      for (const auto& diagnostic : (*spec)->diagnostics) {
        if (diagnostic.severity == core::Severity::error) {
          message += "\n  " + diagnostic.location + ": " + diagnostic.message + " [" +
                     diagnostic.rule + "]";
        }
      }
      return core::fail(core::ErrorCode::spec_invalid, message, file.string());
    }
    auto doc = std::make_unique<MockDocument>();
    doc->spec = *spec;
    doc->file = file.string();
    doc->name = file.stem().string();
    const std::string* mount = find_mapped(config_.mounts, file);
    const std::string base =
        doc->spec->servers.empty() ? std::string() : doc->spec->servers.front().base_path;
    doc->prefix =
        normalize_prefix(normalize_prefix(mount != nullptr ? *mount : "") + normalize_prefix(base));
    doc->responses = std::make_unique<ResponseBuilder>(doc->spec, seed_);
    doc->validator = std::make_unique<RequestValidator>(doc->spec);
    watched_.push_back(file);
    documents_.push_back(std::move(doc));
  }
  return {};
}

core::Result<void> MockEngine::build_routes() {
  for (std::size_t index = 0; index < documents_.size(); ++index) {
    const auto& doc = *documents_[index];
    for (const auto& operation : doc.spec->operations) {
      if (auto r = router_.add(doc.prefix, operation, index, doc.file); !r) {
        return r;
      }
    }
  }
  // The same operations without the server base path, where that does not clash.
  for (std::size_t index = 0; index < documents_.size(); ++index) {
    const auto& doc = *documents_[index];
    const std::string* mount = find_mapped(config_.mounts, doc.file);
    const std::string bare = normalize_prefix(mount != nullptr ? *mount : "");
    if (bare == doc.prefix) {
      continue;
    }
    for (const auto& operation : doc.spec->operations) {
      (void)router_.add(bare, operation, index, doc.file, true);
    }
  }
  return {};
}

namespace {

// Finds <dir>/<document name>/behaviour.yaml in the first of `dirs` that has one.
std::optional<std::filesystem::path>
find_conventional_behaviour(const std::vector<std::filesystem::path>& dirs,
                            const std::string& name) {
  for (const auto& dir : dirs) {
    auto candidate = dir / name / "behaviour.yaml";
    std::error_code ec;
    if (std::filesystem::exists(candidate, ec)) {
      return candidate;
    }
  }
  return std::nullopt;
}

} // namespace

core::Result<void> MockEngine::load_behaviours(const MockOptions& options) {
  if (stateless_ || services_.clock == nullptr) {
    return {};
  }
  for (auto& doc : documents_) {
    std::filesystem::path file;
    if (const std::string* mapped = find_mapped(config_.behaviours, doc->file)) {
      file = *mapped;
    } else if (auto conventional = find_conventional_behaviour(options.behaviour_dirs, doc->name)) {
      file = std::move(*conventional);
    } else {
      continue;
    }
    auto behaviour = load_behaviour(file, doc->spec, *services_.clock);
    if (!behaviour) {
      return tl::unexpected(behaviour.error());
    }
    doc->behaviour = std::move(*behaviour);
    doc->behaviour_file = file.string();
    watched_.push_back(file);
  }
  return {};
}

std::vector<std::filesystem::path> MockEngine::watched_files() const {
  return watched_;
}

double MockEngine::next_unit() const {
  const std::uint64_t n = counter_.fetch_add(1, std::memory_order_relaxed);
  return static_cast<double>(core::splitmix64(seed_ ^ core::splitmix64(n)) >> 11U) * 0x1.0p-53;
}

// --- deciding ------------------------------------------------------------------------------

// One routed request and what applies to it, resolved once; read-only from then on.
struct MockEngine::Call {
  const core::Request& request;
  const RouteMatch& match;
  const MockDocument& document;
  const core::Operation& operation;
  OperationSettings settings;
  Preferences prefs;
  std::string_view accept;
};

HandleResult MockEngine::handle(const core::Request& request) const {
  HandleResult result;
  if (is_admin_path(request.path)) {
    result.response = handle_admin(*this, request);
    add_cors_headers(request, result.response.headers);
    return result; // admin calls are not journaled
  }
  const auto started = std::chrono::steady_clock::now();
  Decision decision = decide(request);
  result.delay_ms = decision.delay_ms;
  result.fault = decision.fault;
  if (services_.journal == nullptr) {
    result.response = render(std::move(decision));
    return result;
  }
  JournalEntry entry;
  if (decision.operation != nullptr) {
    entry.operation_id = decision.operation->operation_id;
  }
  for (const auto& finding : decision.findings) {
    entry.findings.push_back(to_json(finding));
  }
  result.response = render(std::move(decision));
  entry.time_ms = services_.clock != nullptr ? services_.clock->now() : 0;
  entry.method = request.method;
  entry.path = request.path;
  entry.query = request.query;
  entry.status = result.response.status;
  entry.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
          .count() +
      result.delay_ms;
  services_.journal->record(std::move(entry));
  return result;
}

Decision MockEngine::decide(const core::Request& request) const {
  Decision decision = decide_route(request);
  add_cors_headers(request, decision.headers);
  return decision;
}

Decision MockEngine::decide_route(const core::Request& request) const {
  if (request.headers.size() > config_.limits.max_headers) {
    return decide_problem(make_problem(ProblemKind::request_too_many_headers,
                                       "the request has " + std::to_string(request.headers.size()) +
                                           " headers; the limit is " +
                                           std::to_string(config_.limits.max_headers)));
  }
  const RouteMatch match = router_.match(request.method, request.path);
  if (is_preflight(request)) {
    return decide_preflight(request, match);
  }
  if (match.target == nullptr && match.path_found) {
    Decision decision = decide_problem(make_problem(
        ProblemKind::route_no_method, request.method + " is not documented for " + request.path,
        json{{"allowed", match.allowed}}));
    decision.headers.emplace_back("Allow", join(match.allowed, ", "));
    return decision;
  }
  if (match.target == nullptr) {
    return decide_problem(
        make_problem(ProblemKind::route_no_path,
                     "no documented operation matches " + request.method + " " + request.path));
  }
  const core::Operation& operation = *match.target->operation;
  Call call{
      request,
      match,
      *documents_[match.target->document],
      operation,
      resolve_settings(config_, operation.operation_id, operation.method + " " + operation.path),
      {},
      {}};
  if (const std::string* prefer = core::find_header(request.headers, "Prefer")) {
    call.prefs = parse_prefer(*prefer);
  }
  if (const std::string* accept = core::find_header(request.headers, "Accept")) {
    call.accept = *accept;
  }
  return decide_operation(call);
}

// Latency and fault are drawn first, then the injected error, then the body's seed: the
// order of the deterministic sequence, so a seed replays the same run.
Decision MockEngine::decide_operation(const Call& call) const {
  int delay_ms = 0;
  if (const auto& latency = call.settings.latency) {
    delay_ms = latency->max_ms > 0
                   ? latency->min_ms +
                         static_cast<int>(next_unit() * (latency->max_ms - latency->min_ms + 1))
                   : latency->fixed_ms;
  }
  FaultKind fault = FaultKind::none;
  if (const auto& faults = call.settings.faults;
      faults && faults->rate > 0 && next_unit() < faults->rate) {
    fault = faults->kind;
  }
  Decision decision = decide_answer(call);
  decision.delay_ms = delay_ms;
  decision.fault = fault;
  decision.operation = &call.operation;
  return decision;
}

Decision MockEngine::decide_answer(const Call& call) const {
  if (const auto& errors = call.settings.errors;
      errors && errors->rate > 0 && next_unit() < errors->rate) {
    return decide_injected_error(call, errors->status);
  }
  CheckedRequest checked = check_request(call);
  if (checked.rejection) {
    return decide_error(call, std::move(*checked.rejection), std::move(checked.rejection_headers));
  }
  if (!checked.findings.empty()) {
    return decide_validation_failure(call, std::move(checked.findings));
  }
  BodyChoice choice;
  choice.example = call.prefs.example;
  choice.dynamic = call.prefs.dynamic.value_or(false);
  choice.seed = call.prefs.seed.value_or(seed_ + counter_.fetch_add(1));
  if (call.prefs.code) {
    return decide_preferred_code(call, *call.prefs.code, std::move(choice));
  }
  if (call.document.behaviour && !call.prefs.example && !choice.dynamic) {
    BehaviourRequest behaviour_request;
    behaviour_request.operation = &call.operation;
    // Nothing reads these from `checked` after this point: move, not copy.
    behaviour_request.path_params = std::move(checked.path_params);
    behaviour_request.query_params = std::move(checked.query_params);
    behaviour_request.body = std::move(checked.body);
    behaviour_request.text_body_ok = true;
    if (auto outcome = call.document.behaviour->handle(behaviour_request)) {
      return decide_behaviour(call, std::move(*outcome));
    }
  }
  const DefaultResponse chosen = negotiate_default_response(call.operation);
  if (chosen.response == nullptr) {
    return decide_problem(make_problem(ProblemKind::mock_no_documented_response,
                                       call.operation.operation_id + " documents no responses"));
  }
  return decide_documented(call, chosen.status, *chosen.response, std::move(choice));
}

CheckedRequest MockEngine::check_request(const Call& call) const {
  bool validate = call.settings.validation.value_or(true);
  if (const std::string* flag = core::find_header(call.request.headers, "X-Concord-Validate")) {
    const std::string value = to_lower(*flag);
    validate = !(value == "off" || value == "false" || value == "0");
  }
  CheckOptions options;
  options.validate = validate;
  options.credentials = call.settings.credentials ? &*call.settings.credentials : nullptr;
  options.max_json_depth = config_.limits.max_json_depth;
  return call.document.validator->check(call.operation, call.request, call.match.params, options);
}

Decision MockEngine::decide_injected_error(const Call& call, int status) const {
  if (const core::ResponseSpec* documented = find_response(call.operation, status)) {
    return decide_documented(call, status, *documented, BodyChoice{});
  }
  Problem problem = make_problem(ProblemKind::mock_injected_error,
                                 "an error injected by the mock's configuration");
  problem.status = status;
  return decide_problem(std::move(problem));
}

Decision MockEngine::decide_preferred_code(const Call& call, int code, BodyChoice choice) const {
  const core::ResponseSpec* documented = code == 0 ? nullptr : find_response(call.operation, code);
  if (documented == nullptr) {
    return decide_problem(make_problem(ProblemKind::mock_no_such_response,
                                       "Prefer: code=" + std::to_string(code) +
                                           " is not documented for " + call.operation.operation_id,
                                       json{{"available", list_statuses(call.operation)}}));
  }
  return decide_documented(call, code, *documented, std::move(choice));
}

// The answer a behaviour gave: its body (in the documented media type, with the documented
// headers), or the documented example it named, or only its status.
Decision MockEngine::decide_behaviour(const Call& call, BehaviourOutcome outcome) const {
  const core::ResponseSpec* documented = find_response(call.operation, outcome.status);
  Decision decision;
  if (outcome.body || outcome.body_text) {
    decision.status = outcome.status;
    decision.source = DecisionSource::behaviour;
    decision.behaviour_media = "application/json";
    if (documented != nullptr && !documented->content.empty()) {
      // The builder prepared to_content_type() of every documented media type at load.
      const auto& front = documented->content.front();
      const auto& prepared = call.document.responses->default_body(front).content_type;
      decision.behaviour_media = prepared.empty() ? to_content_type(front.name) : prepared;
    }
    if (outcome.body_text) {
      decision.behaviour_text = std::move(outcome.body_text);
    } else {
      decision.behaviour_body = std::move(*outcome.body);
    }
    if (documented != nullptr) {
      decision.headers = call.document.responses->headers(*documented);
    }
  } else if (outcome.empty_body || documented == nullptr) {
    decision.status = outcome.status;
  } else {
    BodyChoice choice;
    if (!outcome.example.empty()) {
      choice.example = std::move(outcome.example);
    }
    decision = decide_documented(call, outcome.status, *documented, std::move(choice));
  }
  for (auto& header : outcome.headers) {
    decision.headers.push_back(std::move(header));
  }
  return decision;
}

Decision MockEngine::decide_documented(const Call& call, int status,
                                       const core::ResponseSpec& documented,
                                       BodyChoice choice) const {
  const ResponseBuilder& builder = *call.document.responses;
  Decision decision;
  decision.status = status;
  if (!documented.content.empty()) {
    const auto index = negotiate_media_type(documented.content, call.accept);
    if (!index) {
      json available = json::array();
      for (const auto& media : documented.content) {
        available.push_back(media.name);
      }
      return decide_problem(make_problem(ProblemKind::negotiate_not_acceptable,
                                         "none of the documented media types fits Accept: " +
                                             std::string(call.accept),
                                         json{{"available", available}}));
    }
    const core::MediaType& media = documented.content[*index];
    if (choice.example) {
      if (auto found = check_example(media, *choice.example); !found) {
        return decide_problem(
            make_problem(ProblemKind::mock_no_such_example, found.error().message));
      }
    }
    const bool example =
        choice.example || (!choice.dynamic && builder.default_source(media) == BodySource::example);
    decision.source = example ? DecisionSource::example : DecisionSource::generated;
    decision.documented = DocumentedBody{&builder, &media, std::move(choice), std::nullopt};
  }
  decision.headers = builder.headers(documented);
  return decision;
}

// Among several examples of a documented error response, the one whose name fits the error
// (e.g. "invalid-api-version" for a validation failure); none: the default body.
BodyChoice MockEngine::choose_error_example(const Call& call, const core::ResponseSpec& documented,
                                            int status) const {
  BodyChoice choice;
  const auto index = negotiate_media_type(documented.content, call.accept);
  if (!index) {
    return choice;
  }
  const core::MediaType& media = documented.content[*index];
  if (media.examples.size() < 2) {
    return choice;
  }
  std::vector<std::string_view> hints;
  if (status == 400 || status == 422) {
    hints = {"invalid",    "validation", "bad-request", "bad_request",
             "badrequest", "missing",    "malformed"};
  } else if (status == 401) {
    hints = {"unauthori", "unauthenticated", "missing-token", "no-token", "token", "auth"};
  } else if (status == 403) {
    hints = {"forbidden", "permission", "denied"};
  } else if (status == 415) {
    hints = {"unsupported", "media"};
  }
  for (const auto& hint : hints) {
    for (const auto& example : media.examples) {
      if (to_lower(example.name).find(hint) != std::string::npos &&
          call.document.responses->is_valid(media.schema, example.value)) {
        choice.example = example.name;
        return choice;
      }
    }
  }
  return choice;
}

Decision MockEngine::decide_error(const Call& call, Problem problem, core::Headers headers) const {
  const core::ResponseSpec* documented = find_response(call.operation, problem.status);
  Decision decision;
  if (documented == nullptr) {
    decision = decide_problem(std::move(problem));
  } else {
    decision = decide_documented(call, problem.status, *documented,
                                 choose_error_example(call, *documented, problem.status));
    if (decision.source == DecisionSource::example ||
        decision.source == DecisionSource::generated) {
      decision.documented.fill_detail = std::move(problem.detail);
    }
  }
  for (auto& header : headers) {
    decision.headers.push_back(std::move(header));
  }
  return decision;
}

Decision MockEngine::decide_validation_failure(const Call& call,
                                               std::vector<RequestFinding> findings) const {
  std::string summary = "request does not match " + call.operation.operation_id + ":";
  for (std::size_t i = 0; i < findings.size() && i < 5; ++i) {
    summary += (i == 0 ? " " : "; ") + findings[i].in + " " +
               (findings[i].pointer.empty() ? "/" : findings[i].pointer) + ": " +
               findings[i].message;
  }
  if (findings.size() > 5) {
    summary += "; and " + std::to_string(findings.size() - 5) + " more";
  }
  json list = json::array();
  for (const auto& finding : findings) {
    list.push_back(to_json(finding));
  }
  Problem problem =
      make_problem(ProblemKind::request_invalid, std::move(summary), json{{"findings", list}});
  // A documented 422, else a documented 400 (exact, 4XX or default), else the problem.
  bool has_422 = false;
  for (const auto& response : call.operation.responses) {
    has_422 = has_422 || response.status == "422";
  }
  if (!has_422 && find_response(call.operation, 400) != nullptr) {
    problem.status = 400;
    problem.title = "Bad Request";
  }
  Decision decision = problem.status == 422 && !has_422
                          ? decide_problem(std::move(problem))
                          : decide_error(call, std::move(problem), {});
  decision.findings = std::move(findings);
  return decision;
}

Decision MockEngine::decide_preflight(const core::Request& request, const RouteMatch& match) const {
  Decision decision;
  decision.status = 204;
  const std::string* requested =
      core::find_header(request.headers, "Access-Control-Request-Method");
  std::vector<std::string> methods = match.allowed;
  if (match.target != nullptr) {
    methods.push_back(match.target->operation->method);
  }
  if (methods.empty() && requested != nullptr) {
    methods.push_back(*requested);
  }
  decision.headers.emplace_back("Access-Control-Allow-Methods", join(methods, ", "));
  std::string headers = join(config_.cors.allow_headers, ", ");
  if (headers.empty()) {
    if (const auto* asked = core::find_header(request.headers, "Access-Control-Request-Headers")) {
      headers = *asked;
    }
  }
  if (!headers.empty()) {
    decision.headers.emplace_back("Access-Control-Allow-Headers", headers);
  }
  decision.headers.emplace_back("Access-Control-Max-Age", std::to_string(config_.cors.max_age));
  return decision;
}

bool MockEngine::is_preflight(const core::Request& request) const {
  return request.method == "OPTIONS" && config_.cors.enabled &&
         core::find_header(request.headers, "Origin") != nullptr &&
         core::find_header(request.headers, "Access-Control-Request-Method") != nullptr;
}

void MockEngine::add_cors_headers(const core::Request& request, core::Headers& headers) const {
  if (!config_.cors.enabled) {
    return;
  }
  const std::string* origin = core::find_header(request.headers, "Origin");
  if (origin == nullptr) {
    return;
  }
  const bool echo = config_.cors.allow_origin == "*" && config_.cors.allow_credentials;
  headers.emplace_back("Access-Control-Allow-Origin", echo ? *origin : config_.cors.allow_origin);
  if (echo || config_.cors.allow_origin != "*") {
    headers.emplace_back("Vary", "Origin");
  }
  if (config_.cors.allow_credentials) {
    headers.emplace_back("Access-Control-Allow-Credentials", "true");
  }
  if (!config_.cors.expose_headers.empty()) {
    headers.emplace_back("Access-Control-Expose-Headers", join(config_.cors.expose_headers, ", "));
  }
}

} // namespace concord::mock
