#include "conformance/case_compiler.hpp"

#include "conformance/request_values.hpp"
#include "core/media_type.hpp"
#include "core/statuses.hpp"

#include <algorithm>
#include <functional>
#include <iterator>
#include <optional>
#include <utility>

namespace concord::conformance {
namespace {

// The request every case of an operation starts from.
struct BaseRequest {
  RequestPlan plan;
  std::optional<nlohmann::json> body_value;    // the body as JSON (when JSON)
  const core::MediaType* body_media = nullptr; // media type the body is sent as
  std::vector<const core::NamedExample*> body_examples;
  std::string missing; // why a required value cannot be made; "" when complete
};

void add_parameter(RequestPlan& plan, const core::Parameter& param, const nlohmann::json& value) {
  const std::string text = to_parameter_text(value);
  switch (param.in) {
  case core::ParamIn::path:
    plan.path_params[param.name] = text;
    break;
  case core::ParamIn::query:
    plan.query.emplace_back(param.name, text);
    break;
  case core::ParamIn::header:
    plan.headers.emplace_back(param.name, text);
    break;
  case core::ParamIn::cookie: {
    auto it = std::find_if(plan.headers.begin(), plan.headers.end(),
                           [](const auto& h) { return core::iequals(h.first, "Cookie"); });
    if (it == plan.headers.end()) {
      plan.headers.emplace_back("Cookie", param.name + "=" + text);
    } else {
      it->second += "; " + param.name + "=" + text;
    }
    break;
  }
  }
}

void fill_parameters(BaseRequest& base, const core::Operation& operation) {
  for (const auto& param : operation.parameters) {
    const bool required = param.required || param.in == core::ParamIn::path;
    if (!required) {
      continue;
    }
    const auto value = make_parameter_value(param);
    if (!value) {
      if (base.missing.empty()) {
        base.missing = "required " + std::string(core::to_string(param.in)) + " parameter '" +
                       param.name + "' has no example, default or enum value";
      }
      continue;
    }
    add_parameter(base.plan, param, *value);
  }
}

// The body the document gives for a media type: its first inline example, else a value from
// its schema (example, default, enum, const).
void fill_body(BaseRequest& base, const core::Spec& spec, const core::Operation& operation) {
  if (!operation.request_body) {
    return;
  }
  const auto& body = *operation.request_body;
  base.body_media = choose_json_media(body.content);
  if (base.body_media == nullptr) {
    return;
  }
  for (const auto& example : base.body_media->examples) {
    if (!example.external) {
      base.body_examples.push_back(&example);
    }
  }
  if (auto value = make_document_body(spec, *base.body_media)) {
    base.body_value = std::move(value);
  } else if (body.required && base.missing.empty()) {
    base.missing = "required request body (" + base.body_media->name +
                   ") has no example, default or enum value";
  }
}

// A body is sent as JSON text unless the media type is not JSON and the value is a string.
void set_body(RequestPlan& plan, const std::string& media_type, const nlohmann::json& value) {
  plan.headers.emplace_back("Content-Type", media_type);
  plan.body = core::is_json_media_type(media_type) || !value.is_string()
                  ? value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                  : value.get<std::string>();
}

BaseRequest build_base_request(const core::Spec& spec, const core::Operation& operation) {
  BaseRequest base;
  base.plan.method = operation.method;
  base.plan.path_template = operation.path;
  fill_parameters(base, operation);
  fill_body(base, spec, operation);
  return base;
}

std::string make_case_id(const core::Operation& operation, const std::string& status,
                         const std::string& media, const std::string& name) {
  std::string id = to_operation_label(operation) + " > " + status;
  if (!media.empty()) {
    id += " > " + media;
  }
  if (!name.empty()) {
    id += " > " + name;
  }
  return id;
}

// A value for a path parameter that no real resource is expected to have.
std::string make_unknown_value(const core::Parameter& param) {
  const auto& schema = param.raw_schema;
  const std::string type = schema.is_object() ? schema.value("type", "") : "";
  if (type == "integer" || type == "number") {
    return "987654321";
  }
  if (schema.is_object() && schema.value("format", "") == "uuid") {
    return "00000000-0000-4000-8000-00000000c0de";
  }
  return "concord-unknown-" + param.name;
}

const core::Parameter* find_last_path_parameter(const core::Operation& operation) {
  const core::Parameter* last = nullptr;
  std::size_t last_pos = 0;
  for (const auto& param : operation.parameters) {
    if (param.in != core::ParamIn::path) {
      continue;
    }
    const auto pos = operation.path.find("{" + param.name + "}");
    if (pos != std::string::npos && (last == nullptr || pos >= last_pos)) {
      last = &param;
      last_pos = pos;
    }
  }
  return last;
}

struct Variant {
  std::string name; // shown in the id
  const core::NamedExample* response_example = nullptr;
  const core::NamedExample* request_example = nullptr;
  bool selectable = true;
};

// Pairs request and response examples: by equal name, else every response example with the
// first request example, else (one response example at most) every request example.
std::vector<Variant> make_variants(const std::vector<const core::NamedExample*>& responses,
                                   const std::vector<const core::NamedExample*>& requests,
                                   bool pair_requests) {
  std::vector<Variant> out;
  if (pair_requests && responses.size() <= 1 && requests.size() > 1) {
    for (const auto* request : requests) {
      out.push_back(
          {request->name, responses.empty() ? nullptr : responses.front(), request, true});
    }
    return out;
  }
  for (const auto* response : responses) {
    Variant variant{response->name, response, nullptr, responses.size() <= 1};
    for (const auto* request : requests) {
      if (request->name == response->name) {
        variant.request_example = request;
        variant.selectable = true;
      }
    }
    out.push_back(variant);
  }
  if (out.empty()) {
    out.push_back({});
  }
  return out;
}

struct StatusPlan {
  std::string skip_reason;
  bool prefer = false;
  bool unknown_id = false;
  bool no_credentials = false;
};

bool is_security_required(const core::Operation& operation);

bool has_status(const core::Operation& operation, std::string_view status) {
  return std::any_of(operation.responses.begin(), operation.responses.end(),
                     [&](const core::ResponseSpec& r) { return r.status == status; });
}

StatusPlan plan_status(const core::Operation& operation, const std::string& status,
                       const std::string& def, const CompileOptions& options) {
  if (!core::is_concrete_status(status)) {
    return {"status " + status +
                " is a range or default: no concrete status can be asked for (a case fixture "
                "with `expect` or a scenario can produce one)",
            false, false, false};
  }
  if (status == def) {
    return {"", options.prefer, false, false};
  }
  if (status == "404" && find_last_path_parameter(operation) != nullptr) {
    return {"", options.prefer, true, false}; // a made-up id (and, for mocks, Prefer too)
  }
  // 401 (or 403 when no 401 is documented): the same request without credentials.
  if (is_security_required(operation) &&
      (status == "401" || (status == "403" && !has_status(operation, "401")))) {
    return {"", false, false, true};
  }
  if (status == "403" && is_security_required(operation)) {
    return {"status 403 needs credentials that lack a permission (add a case fixture with "
            "`headers`, or use --prefer against a mock)",
            false, false, false};
  }
  if (options.prefer) {
    return {"", true, false, false};
  }
  if (def.empty()) {
    return {"the operation documents no 2xx response and status " + status +
                " needs a state the target is not known to be in",
            false, false, false};
  }
  return {"status " + status +
              " needs a state the target is not known to be in (add a case fixture with "
              "`given`, or use --prefer against a mock)",
          false, false, false};
}

std::vector<const core::NamedExample*> usable_examples(const core::MediaType* media) {
  std::vector<const core::NamedExample*> out;
  if (media != nullptr) {
    for (const auto& example : media->examples) {
      if (!example.external) {
        out.push_back(&example);
      }
    }
  }
  return out;
}

struct CompileContext {
  const core::Spec& spec;
  const core::Operation& operation;
  const CompileOptions& options;
  const BaseRequest& base;
  std::string def;
  CompiledCases& out;
};

Case make_case_skeleton(const CompileContext& ctx, CaseKind kind, std::string status) {
  Case c;
  c.kind = kind;
  c.spec_file = ctx.spec.file;
  c.operation = &ctx.operation;
  c.expected_status = status;
  c.accepted_statuses = {std::move(status)};
  c.request = ctx.base.plan;
  c.skip_reason = ctx.base.missing;
  return c;
}

void add_body(Case& c, const CompileContext& ctx, const core::NamedExample* request_example) {
  if (ctx.base.body_media == nullptr) {
    return;
  }
  if (request_example != nullptr) {
    set_body(c.request, ctx.base.body_media->name, request_example->value);
  } else if (ctx.base.body_value) {
    set_body(c.request, ctx.base.body_media->name, *ctx.base.body_value);
  }
}

void add_response_cases(const CompileContext& ctx, const core::ResponseSpec& response,
                        const core::MediaType* media, bool show_media) {
  const StatusPlan plan = plan_status(ctx.operation, response.status, ctx.def, ctx.options);
  const auto responses = usable_examples(media);
  const bool pair_requests = response.status == ctx.def;
  for (const auto& variant : make_variants(responses, ctx.base.body_examples, pair_requests)) {
    Case c = make_case_skeleton(ctx, CaseKind::example, response.status);
    c.id =
        make_case_id(ctx.operation, response.status, show_media ? media->name : "", variant.name);
    if (c.skip_reason.empty()) {
      c.skip_reason = plan.skip_reason;
    }
    c.media_type = media != nullptr ? media->name : "";
    if (variant.response_example != nullptr) {
      c.example_name = variant.response_example->name;
      c.ignore = variant.response_example->ignore;
    }
    c.example_selectable = variant.selectable || plan.prefer;
    if (media != nullptr) {
      c.request.headers.emplace_back("Accept", media->name);
    }
    add_body(c, ctx, variant.request_example);
    if (plan.prefer) {
      std::string prefer = "code=" + response.status;
      if (!c.example_name.empty()) {
        prefer += ", example=" + c.example_name;
      }
      c.request.headers.emplace_back("Prefer", prefer);
    }
    if (plan.no_credentials) {
      c.kind = CaseKind::negative;
      c.request.send_credentials = false;
      if (variant.name.empty()) {
        c.id += " > no-credentials";
      }
      if (response.status == "401" && has_status(ctx.operation, "403")) {
        c.accepted_statuses.push_back("403");
      }
    }
    if (plan.unknown_id) {
      const auto* param = find_last_path_parameter(ctx.operation);
      c.request.path_params[param->name] = make_unknown_value(*param);
    }
    ctx.out.cases.push_back(std::move(c));
  }
}

void add_example_cases(const CompileContext& ctx) {
  for (const auto& response : ctx.operation.responses) {
    if (response.content.empty()) {
      add_response_cases(ctx, response, nullptr, false);
      continue;
    }
    for (const auto& media : response.content) {
      add_response_cases(ctx, response, &media, response.content.size() > 1);
    }
  }
}

// Documented statuses among `wanted` (concrete codes, then a matching range). When none is
// documented but a `default` response is, `wanted` itself (the default documents them).
std::vector<std::string> find_documented(const core::Operation& operation,
                                         const std::vector<std::string>& wanted,
                                         bool allow_client_range) {
  std::vector<std::string> out;
  bool has_default = false;
  for (const auto& response : operation.responses) {
    const bool listed = std::find(wanted.begin(), wanted.end(), response.status) != wanted.end();
    const bool range =
        allow_client_range && core::is_status_range(response.status) && response.status[0] == '4';
    if (listed || range) {
      out.push_back(response.status);
    }
    has_default = has_default || core::is_default_status(response.status);
  }
  if (out.empty() && has_default) {
    return allow_client_range ? std::vector<std::string>{"4XX"} : wanted;
  }
  return out;
}

std::string join_statuses(const std::vector<std::string>& statuses) {
  std::string out;
  for (const auto& status : statuses) {
    out += (out.empty() ? "" : "|") + status;
  }
  return out;
}

void add_negative(const CompileContext& ctx, const std::vector<std::string>& accepted,
                  const std::string& name, const std::string& none_reason,
                  const std::function<void(Case&)>& mutate) {
  const std::string shown = accepted.empty() ? "4XX" : join_statuses(accepted);
  Case c = make_case_skeleton(ctx, CaseKind::negative, shown);
  c.accepted_statuses = accepted;
  c.id = to_operation_label(ctx.operation) + " > " + shown + " > " + name;
  if (c.skip_reason.empty() && accepted.empty()) {
    c.skip_reason = none_reason;
  }
  add_body(c, ctx, nullptr);
  mutate(c);
  ctx.out.cases.push_back(std::move(c));
}

bool is_security_required(const core::Operation& operation) {
  if (operation.security.empty()) {
    return false;
  }
  return std::none_of(operation.security.begin(), operation.security.end(),
                      [](const core::SecurityRequirement& r) { return r.empty(); });
}

// Only when neither 401 nor 403 is documented (else the example cases of those statuses are
// the no-credentials cases): a skipped case that says why.
void add_no_credentials_case(const CompileContext& ctx) {
  if (!is_security_required(ctx.operation)) {
    return;
  }
  const auto accepted = find_documented(ctx.operation, {"401", "403"}, false);
  if (!accepted.empty()) {
    return;
  }
  add_negative(ctx, accepted, "no-credentials",
               "security is required but neither 401, 403 nor a default response is documented",
               [](Case& c) { c.request.send_credentials = false; });
}

void add_missing_parameter_cases(const CompileContext& ctx) {
  const auto accepted = find_documented(ctx.operation, {"400", "422"}, true);
  for (const auto& param : ctx.operation.parameters) {
    if (!param.required || param.in == core::ParamIn::path) {
      continue;
    }
    const std::string label(core::to_string(param.in));
    add_negative(
        ctx, accepted, "missing-" + label + "-" + param.name,
        "no 400, 422, 4XX or default response is documented for a missing required parameter",
        [&param](Case& c) {
          auto& q = c.request.query;
          q.erase(std::remove_if(q.begin(), q.end(),
                                 [&](const auto& p) { return p.first == param.name; }),
                  q.end());
          auto& h = c.request.headers;
          h.erase(std::remove_if(h.begin(), h.end(),
                                 [&](const auto& p) {
                                   return core::iequals(p.first, param.name) ||
                                          (param.in == core::ParamIn::cookie &&
                                           core::iequals(p.first, "Cookie"));
                                 }),
                  h.end());
        });
  }
}

std::vector<nlohmann::json> make_invalid_candidates(const nlohmann::json& valid,
                                                    const nlohmann::json* raw_schema) {
  std::vector<nlohmann::json> out;
  if (valid.is_object()) {
    if (raw_schema != nullptr && raw_schema->is_object()) {
      const auto required = raw_schema->find("required");
      if (required != raw_schema->end() && required->is_array()) {
        for (const auto& name : *required) {
          if (name.is_string() && valid.contains(name.get<std::string>())) {
            auto copy = valid;
            copy.erase(name.get<std::string>());
            out.push_back(std::move(copy));
          }
        }
      }
    }
    for (const auto& [key, value] : valid.items()) {
      auto copy = valid;
      copy[key] = value.is_string() ? nlohmann::json(12345) : nlohmann::json("concord-wrong-type");
      out.push_back(std::move(copy));
    }
  }
  out.emplace_back("concord-invalid-body");
  out.push_back(nlohmann::json::array());
  out.emplace_back(12345);
  return out;
}

void add_invalid_body_case(const CompileContext& ctx) {
  const auto* media = ctx.base.body_media;
  if (media == nullptr || media->schema == nullptr || ctx.spec.schemas == nullptr ||
      !core::is_json_media_type(media->name)) {
    return;
  }
  const auto* raw = resolve_raw_schema(ctx.spec, media->schema).node;
  const nlohmann::json valid = ctx.base.body_value.value_or(nlohmann::json::object());
  std::optional<nlohmann::json> invalid;
  core::ValidateOptions opts;
  opts.direction = core::Direction::request;
  for (auto& candidate : make_invalid_candidates(valid, raw)) {
    if (!ctx.spec.schemas->is_valid(media->schema, candidate, opts)) {
      invalid = std::move(candidate);
      break;
    }
  }
  const auto accepted = find_documented(ctx.operation, {"400", "422"}, true);
  add_negative(
      ctx, accepted, "invalid-body",
      "no 400, 422, 4XX or default response is documented for a body that breaks the schema",
      [&](Case& c) {
        if (!invalid) {
          if (c.skip_reason.empty()) {
            c.skip_reason = "no body that breaks the request schema could be made";
          }
          return;
        }
        auto& h = c.request.headers;
        h.erase(
            std::remove_if(h.begin(), h.end(),
                           [](const auto& p) { return core::iequals(p.first, "Content-Type"); }),
            h.end());
        set_body(c.request, media->name, *invalid);
      });
}

// Step parameters: the step's value (null: left out), else for a required or path parameter
// the document's; added with the same rules as a case's (add_parameter).
void add_step_parameters(CompiledStep& out, const core::Operation& operation,
                         const nlohmann::json& params) {
  for (const auto& param : operation.parameters) {
    std::optional<nlohmann::json> value;
    if (const auto it = params.find(param.name); it != params.end()) {
      if (it->is_null()) {
        continue; // explicitly left out
      }
      value = *it;
    } else if (param.required || param.in == core::ParamIn::path) {
      value = make_parameter_value(param);
      if (!value && out.error.empty()) {
        out.error = "required parameter '" + param.name + "' has no value (give it in params)";
      }
    }
    if (value) {
      add_parameter(out.plan, param, *value);
    }
  }
}

// Accept: a JSON media type of the response the step expects (its concrete status, else the
// operation's default success status).
void add_step_accept(RequestPlan& plan, const core::Operation& operation, const Step& step) {
  std::string status = core::default_status(operation);
  if (step.expect.status && core::is_concrete_status(*step.expect.status)) {
    status = *step.expect.status;
  }
  const auto code = core::to_status_code(status);
  const core::ResponseSpec* expected = code ? core::find_response(operation, *code) : nullptr;
  if (expected != nullptr) {
    if (const auto* media = choose_json_media(expected->content)) {
      plan.headers.emplace_back("Accept", media->name);
    }
  }
}

// The step's body (null: none), else the document's; sent as the operation's JSON media type.
void add_step_body(RequestPlan& plan, const core::Spec& spec, const core::Operation& operation,
                   const Step& step) {
  const core::MediaType* media =
      operation.request_body ? choose_json_media(operation.request_body->content) : nullptr;
  std::optional<nlohmann::json> body;
  if (step.body) {
    if (!step.body->is_null()) {
      body = *step.body;
    }
  } else if (media != nullptr) {
    body = make_document_body(spec, *media);
  }
  if (!body) {
    return;
  }
  set_body(plan, media != nullptr ? media->name : std::string("application/json"), *body);
}

} // namespace

CompiledStep compile_step_request(const core::Spec& spec, const core::Operation& operation,
                                  const Step& step) {
  CompiledStep out;
  out.plan.method = operation.method;
  out.plan.path_template = operation.path;
  out.plan.send_credentials = step.credentials;
  add_step_parameters(out, operation, step.params);
  add_step_accept(out.plan, operation, step);
  add_step_body(out.plan, spec, operation, step);
  for (const auto& [name, value] : step.headers.items()) {
    set_header(out.plan.headers, name,
               value.is_string()
                   ? value.get<std::string>()
                   : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  return out;
}

std::string to_operation_label(const core::Operation& operation) {
  return operation.method + " " + operation.path;
}

CompiledCases compile_operation_cases(const core::Spec& spec, const core::Operation& operation,
                                      const CompileOptions& options) {
  CompiledCases out;
  const BaseRequest base = build_base_request(spec, operation);
  const CompileContext ctx{spec, operation, options, base, core::default_status(operation), out};
  if (ctx.def.empty()) {
    out.warnings.push_back(to_operation_label(operation) + ": no concrete 2xx response is "
                                                           "documented");
  }
  add_example_cases(ctx);
  add_no_credentials_case(ctx);
  add_invalid_body_case(ctx);
  add_missing_parameter_cases(ctx);
  return out;
}

CompiledCases compile_cases(const core::Spec& spec, const CompileOptions& options) {
  CompiledCases out;
  for (const auto& operation : spec.operations) {
    auto part = compile_operation_cases(spec, operation, options);
    std::move(part.cases.begin(), part.cases.end(), std::back_inserter(out.cases));
    std::move(part.warnings.begin(), part.warnings.end(), std::back_inserter(out.warnings));
  }
  return out;
}

} // namespace concord::conformance
