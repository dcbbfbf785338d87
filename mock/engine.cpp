#include "mock/engine.hpp"

#include "core/loader.hpp"
#include "mock/negotiator.hpp"
#include "mock/problem.hpp"
#include "mock/url_codec.hpp"

#include <chrono>
#include <sstream>

namespace concord::mock {

using nlohmann::json;

namespace {

constexpr std::string_view k_admin_prefix = "/__concord";

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

std::uint64_t mix(std::uint64_t value) {
  value += 0x9E3779B97F4A7C15ULL;
  value = (value ^ (value >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  value = (value ^ (value >> 27U)) * 0x94D049BB133111EBULL;
  return value ^ (value >> 31U);
}

// Replaces message-like string fields (top level and one level down) with `summary`.
void fill_summary(json& value, const std::string& summary, int depth = 0) {
  static const std::vector<std::string> k_fields = {
      "message",           "error",        "detail", "title", "description",
      "error_description", "errorMessage", "reason", "msg"};
  if (!value.is_object() || depth > 1) {
    return;
  }
  for (auto& [key, field] : value.items()) {
    if (field.is_string() && std::find(k_fields.begin(), k_fields.end(), key) != k_fields.end()) {
      field = summary;
    } else if (field.is_object()) {
      fill_summary(field, summary, depth + 1);
    }
  }
}

} // namespace

bool is_same_spec(const std::string& key, const std::filesystem::path& file) {
  if (key == file.string() || key == file.stem().string() || key == file.filename().string()) {
    return true;
  }
  std::error_code ec;
  const auto a = std::filesystem::weakly_canonical(key, ec);
  if (ec) {
    return false;
  }
  const auto b = std::filesystem::weakly_canonical(file, ec);
  return !ec && a == b;
}

bool is_loopback(const std::string& address) {
  return address.rfind("127.", 0) == 0 || address == "::1" ||
         address.rfind("::ffff:127.", 0) == 0 || address.empty();
}

struct MockEngine::Context {
  const core::Request& request;
  RouteMatch match;
  const MockDocument* document = nullptr;
  const core::Operation* operation = nullptr;
  OperationSettings settings;
  Preferences prefs;
  CheckedRequest checked;
  std::string accept;
  int delay_ms = 0;
  FaultKind fault = FaultKind::none;
};

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

core::Result<void> MockEngine::load_documents(const MockOptions& options) {
  const std::vector<std::string> args =
      options.specs.empty() ? std::vector<std::string>{"specs"} : options.specs;
  auto files = core::find_spec_files(args);
  if (!files) {
    return tl::unexpected(files.error());
  }
  if (files->empty()) {
    return core::fail(core::ErrorCode::usage, "no OpenAPI documents found in " + join(args, ", "));
  }
  for (const auto& file : *files) {
    auto spec = core::load_spec(file);
    if (!spec) {
      return tl::unexpected(spec.error());
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

core::Result<void> MockEngine::load_behaviours(const MockOptions& /*options*/) {
  if (stateless_ || services_.clock == nullptr) {
    return {};
  }
  for (auto& doc : documents_) {
    std::filesystem::path file;
    if (const std::string* mapped = find_mapped(config_.behaviours, doc->file)) {
      file = *mapped;
    } else {
      const auto conventional = std::filesystem::path("fixtures") / doc->name / "behaviour.yaml";
      std::error_code ec;
      if (!std::filesystem::exists(conventional, ec)) {
        continue;
      }
      file = conventional;
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
  return static_cast<double>(mix(seed_ ^ mix(n)) >> 11U) * 0x1.0p-53;
}

// --- request handling ----------------------------------------------------------------------

HandleResult MockEngine::handle(const core::Request& request) const {
  const auto started = std::chrono::steady_clock::now();
  HandleResult result;
  JournalEntry entry;
  const bool admin = request.path == k_admin_prefix ||
                     request.path.rfind(std::string(k_admin_prefix) + "/", 0) == 0;
  if (admin) {
    result.response = handle_admin(request);
    add_cors_headers(request, result.response);
    return result; // admin calls are not journaled
  }
  Context context{request, RouteMatch{}, nullptr, nullptr, {}, {}, {}, {}, 0, FaultKind::none};
  if (request.headers.size() > config_.limits.max_headers) {
    result.response = build_problem_response(
        Problem{431, "request.too_many_headers", "Request Header Fields Too Large",
                "the request has " + std::to_string(request.headers.size()) +
                    " headers; the limit is " + std::to_string(config_.limits.max_headers),
                json::object()});
  } else {
    context.match = router_.match(request.method, request.path);
    const bool preflight =
        request.method == "OPTIONS" && config_.cors.enabled &&
        core::find_header(request.headers, "Origin") != nullptr &&
        core::find_header(request.headers, "Access-Control-Request-Method") != nullptr;
    if (preflight) {
      result.response = handle_preflight(request, context.match);
    } else if (context.match.target == nullptr) {
      if (context.match.path_found) {
        result.response = build_problem_response(
            Problem{405, "route.no_method", "Method Not Allowed",
                    request.method + " is not documented for " + request.path,
                    json{{"allowed", context.match.allowed}}});
        result.response.headers.emplace_back("Allow", join(context.match.allowed, ", "));
      } else {
        result.response = build_problem_response(
            Problem{404, "route.no_path", "Not Found",
                    "no documented operation matches " + request.method + " " + request.path,
                    json::object()});
      }
    } else {
      context.operation = context.match.target->operation;
      context.document = documents_[context.match.target->document].get();
      result.response = handle_operation(context);
      result.delay_ms = context.delay_ms;
      result.fault = context.fault;
      entry.operation_id = context.operation->operation_id;
    }
  }
  add_cors_headers(request, result.response);
  if (services_.journal != nullptr) {
    entry.time_ms = services_.clock != nullptr ? services_.clock->now() : 0;
    entry.method = request.method;
    entry.path = request.path;
    entry.query = request.query;
    entry.status = result.response.status;
    for (const auto& finding : context.checked.findings) {
      entry.findings.push_back(to_json(finding));
    }
    entry.duration_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count() +
        result.delay_ms;
    services_.journal->record(std::move(entry));
  }
  return result;
}

void MockEngine::apply_settings(Context& context) const {
  const core::Request& request = context.request;
  const core::Operation& operation = *context.operation;
  context.settings =
      resolve_settings(config_, operation.operation_id, operation.method + " " + operation.path);
  if (const std::string* prefer = core::find_header(request.headers, "Prefer")) {
    context.prefs = parse_prefer(*prefer);
  }
  if (const std::string* accept = core::find_header(request.headers, "Accept")) {
    context.accept = *accept;
  }
  if (const auto& latency = context.settings.latency) {
    context.delay_ms =
        latency->max_ms > 0
            ? latency->min_ms +
                  static_cast<int>(next_unit() * (latency->max_ms - latency->min_ms + 1))
            : latency->fixed_ms;
  }
  if (const auto& faults = context.settings.faults;
      faults && faults->rate > 0 && next_unit() < faults->rate) {
    context.fault = faults->kind;
  }
}

core::Response MockEngine::handle_operation(Context& context) const {
  const core::Request& request = context.request;
  const core::Operation& operation = *context.operation;
  apply_settings(context);
  if (const auto& errors = context.settings.errors;
      errors && errors->rate > 0 && next_unit() < errors->rate) {
    const core::ResponseSpec* documented = find_response(operation, errors->status);
    if (documented != nullptr) {
      return build_documented(context, errors->status, documented, BodyChoice{});
    }
    return build_problem_response(Problem{errors->status, "mock.injected_error", "Injected error",
                                          "an error injected by the mock's configuration",
                                          json::object()});
  }
  bool validate = context.settings.validation.value_or(true);
  if (const std::string* flag = core::find_header(request.headers, "X-Concord-Validate")) {
    const std::string value = to_lower(*flag);
    validate = !(value == "off" || value == "false" || value == "0");
  }
  CheckOptions check_options;
  check_options.validate = validate;
  check_options.credentials =
      context.settings.credentials ? &*context.settings.credentials : nullptr;
  check_options.max_json_depth = config_.limits.max_json_depth;
  context.checked =
      context.document->validator->check(operation, request, context.match.params, check_options);
  if (context.checked.rejection) {
    return build_error(context, *context.checked.rejection, context.checked.rejection_headers);
  }
  if (!context.checked.findings.empty()) {
    return build_validation_failure(context);
  }
  BodyChoice choice;
  choice.example = context.prefs.example;
  choice.dynamic = context.prefs.dynamic.value_or(false);
  choice.seed = context.prefs.seed.value_or(seed_ + counter_.fetch_add(1));
  if (context.prefs.code) {
    const int code = *context.prefs.code;
    const core::ResponseSpec* documented = code == 0 ? nullptr : find_response(operation, code);
    if (documented == nullptr) {
      return build_problem_response(Problem{400, "mock.no_response", "No such response",
                                            "Prefer: code=" + std::to_string(code) +
                                                " is not documented for " + operation.operation_id,
                                            json{{"available", list_statuses(operation)}}});
    }
    return build_documented(context, code, documented, choice);
  }
  if (context.document->behaviour && !context.prefs.example && !choice.dynamic) {
    BehaviourRequest behaviour_request;
    behaviour_request.operation = &operation;
    // Nothing reads these from context.checked after this point: move, not copy.
    behaviour_request.path_params = std::move(context.checked.path_params);
    behaviour_request.query_params = std::move(context.checked.query_params);
    behaviour_request.body = std::move(context.checked.body);
    behaviour_request.text_body_ok = true;
    if (auto outcome = context.document->behaviour->handle(behaviour_request)) {
      return build_behaviour_response(context, std::move(*outcome));
    }
  }
  const DefaultResponse chosen = negotiate_default_response(operation);
  if (chosen.response == nullptr) {
    return build_problem_response(Problem{500, "mock.no_response", "No documented response",
                                          operation.operation_id + " documents no responses",
                                          json::object()});
  }
  return build_documented(context, chosen.status, chosen.response, choice);
}

// The answer a behaviour gave: its body (in the documented media type, with the documented
// headers), or the documented example it named, or only its status.
core::Response MockEngine::build_behaviour_response(Context& context,
                                                    BehaviourOutcome outcome) const {
  const core::Operation& operation = *context.operation;
  const core::ResponseSpec* documented = find_response(operation, outcome.status);
  core::Response response;
  if (outcome.body || outcome.body_text) {
    response.status = outcome.status;
    std::string media = "application/json";
    if (documented != nullptr && !documented->content.empty()) {
      // The builder prepared to_content_type() of every documented media type at load.
      const auto& front = documented->content.front();
      const auto& prepared = context.document->responses->default_body(front).content_type;
      media = prepared.empty() ? to_content_type(front.name) : prepared;
    }
    response.headers.emplace_back("Content-Type", media);
    // body_text is the dump() of a non-string body: what serialize_body makes of it.
    response.body = outcome.body_text ? *outcome.body_text : serialize_body(media, *outcome.body);
    if (documented != nullptr) {
      for (const auto& header : context.document->responses->headers(*documented)) {
        response.headers.push_back(header);
      }
    }
  } else if (outcome.empty_body || documented == nullptr) {
    response.status = outcome.status;
  } else {
    BodyChoice outcome_choice;
    if (!outcome.example.empty()) {
      outcome_choice.example = outcome.example;
    }
    response = build_documented(context, outcome.status, documented, outcome_choice);
  }
  for (auto& header : outcome.headers) {
    response.headers.push_back(header);
  }
  return response;
}

core::Response MockEngine::build_documented(Context& context, int status,
                                            const core::ResponseSpec* documented,
                                            const BodyChoice& choice) const {
  core::Response response;
  response.status = status;
  const ResponseBuilder& builder = *context.document->responses;
  response.headers = builder.headers(*documented);
  if (documented->content.empty()) {
    return response;
  }
  const auto index = negotiate_media_type(documented->content, context.accept);
  if (!index) {
    json available = json::array();
    for (const auto& media : documented->content) {
      available.push_back(media.name);
    }
    return build_problem_response(
        Problem{406, "negotiate.not_acceptable", "Not Acceptable",
                "none of the documented media types fits Accept: " + context.accept,
                json{{"available", available}}});
  }
  const core::MediaType& media = documented->content[*index];
  auto body = builder.build_body(media, choice);
  if (!body) {
    return build_problem_response(
        Problem{400, "mock.no_response", "No such example", body.error().message, json::object()});
  }
  response.headers.emplace_back("Content-Type", body->content_type);
  response.body = std::move(body->bytes);
  return response;
}

// Among several examples of a documented error response, the one whose name fits the error
// (e.g. "invalid-api-version" for a validation failure); none: the default body.
BodyChoice MockEngine::choose_error_example(Context& context, const core::ResponseSpec& documented,
                                            int status) const {
  BodyChoice choice;
  const auto index = negotiate_media_type(documented.content, context.accept);
  if (!index) {
    return choice;
  }
  const core::MediaType& media = documented.content[*index];
  if (media.examples.size() < 2) {
    return choice;
  }
  std::vector<std::string> hints;
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
          context.document->responses->is_valid(media.schema, example.value)) {
        choice.example = example.name;
        return choice;
      }
    }
  }
  return choice;
}

core::Response MockEngine::build_error(Context& context, const Problem& problem,
                                       const core::Headers& headers) const {
  const core::ResponseSpec* documented = find_response(*context.operation, problem.status);
  core::Response response;
  if (documented == nullptr) {
    response = build_problem_response(problem);
  } else {
    response = build_documented(context, problem.status, documented,
                                choose_error_example(context, *documented, problem.status));
    const std::string* type = core::find_header(response.headers, "Content-Type");
    if (response.status == problem.status && type != nullptr && is_json_media_type(*type)) {
      json body = json::parse(response.body, nullptr, false);
      if (!body.is_discarded() && body.is_object()) {
        json filled = body;
        fill_summary(filled, problem.detail);
        const auto index = negotiate_media_type(documented->content, context.accept);
        if (index &&
            context.document->responses->is_valid(documented->content[*index].schema, filled)) {
          response.body = filled.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
      }
    }
  }
  for (const auto& header : headers) {
    response.headers.push_back(header);
  }
  return response;
}

core::Response MockEngine::build_validation_failure(Context& context) const {
  const auto& findings = context.checked.findings;
  std::string summary = "request does not match " + context.operation->operation_id + ":";
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
  Problem problem{422, "request.invalid", "Unprocessable Entity", summary,
                  json{{"findings", list}}};
  // A documented 422, else a documented 400 (exact, 4XX or default), else the problem.
  bool has_422 = false;
  for (const auto& response : context.operation->responses) {
    has_422 = has_422 || response.status == "422";
  }
  if (!has_422 && find_response(*context.operation, 400) != nullptr) {
    problem.status = 400;
    problem.title = "Bad Request";
  }
  if (problem.status == 422 && !has_422) {
    return build_problem_response(problem);
  }
  return build_error(context, problem, {});
}

core::Response MockEngine::handle_preflight(const core::Request& request,
                                            const RouteMatch& match) const {
  core::Response response;
  response.status = 204;
  const std::string* requested =
      core::find_header(request.headers, "Access-Control-Request-Method");
  std::vector<std::string> methods = match.allowed;
  if (match.target != nullptr) {
    methods.push_back(match.target->operation->method);
  }
  if (methods.empty() && requested != nullptr) {
    methods.push_back(*requested);
  }
  response.headers.emplace_back("Access-Control-Allow-Methods", join(methods, ", "));
  std::string headers = join(config_.cors.allow_headers, ", ");
  if (headers.empty()) {
    if (const auto* asked = core::find_header(request.headers, "Access-Control-Request-Headers")) {
      headers = *asked;
    }
  }
  if (!headers.empty()) {
    response.headers.emplace_back("Access-Control-Allow-Headers", headers);
  }
  response.headers.emplace_back("Access-Control-Max-Age", std::to_string(config_.cors.max_age));
  return response;
}

void MockEngine::add_cors_headers(const core::Request& request, core::Response& response) const {
  if (!config_.cors.enabled) {
    return;
  }
  const std::string* origin = core::find_header(request.headers, "Origin");
  if (origin == nullptr) {
    return;
  }
  const bool echo = config_.cors.allow_origin == "*" && config_.cors.allow_credentials;
  response.headers.emplace_back("Access-Control-Allow-Origin",
                                echo ? *origin : config_.cors.allow_origin);
  if (echo || config_.cors.allow_origin != "*") {
    response.headers.emplace_back("Vary", "Origin");
  }
  if (config_.cors.allow_credentials) {
    response.headers.emplace_back("Access-Control-Allow-Credentials", "true");
  }
  if (!config_.cors.expose_headers.empty()) {
    response.headers.emplace_back("Access-Control-Expose-Headers",
                                  join(config_.cors.expose_headers, ", "));
  }
}

} // namespace concord::mock
