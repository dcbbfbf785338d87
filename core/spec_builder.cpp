// Builds the Spec model (servers, security, operations, examples) from an OpenAPI 3.x document.
#include "core/load_context.hpp"
#include "core/percent.hpp"
#include "core/statuses.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <utility>

namespace concord::core::detail {

namespace {

constexpr std::array<std::string_view, 8> k_methods = {"get",     "put",  "post",  "delete",
                                                       "options", "head", "patch", "trace"};

bool is_method(std::string_view key) {
  return std::find(k_methods.begin(), k_methods.end(), key) != k_methods.end();
}

std::string to_upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  });
  return out;
}

std::string to_lower_copy(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::vector<std::string> ignore_list(const nlohmann::json& holder) {
  std::vector<std::string> out;
  if (!holder.is_object()) {
    return out;
  }
  const auto it = holder.find("x-concord-ignore");
  if (it == holder.end()) {
    return out;
  }
  if (it->is_string()) {
    out.push_back(it->get<std::string>());
  } else if (it->is_array()) {
    for (const auto& item : *it) {
      if (item.is_string()) {
        out.push_back(item.get<std::string>());
      }
    }
  }
  return out;
}

// ---- servers -------------------------------------------------------------------------------

std::string substitute_server_variables(std::string url, const nlohmann::json& variables) {
  if (!variables.is_object()) {
    return url;
  }
  for (const auto& [name, variable] : variables.items()) {
    const std::string placeholder = "{" + name + "}";
    const std::string value = string_or(variable, "default");
    for (auto pos = url.find(placeholder); pos != std::string::npos;
         pos = url.find(placeholder, pos + value.size())) {
      url.replace(pos, placeholder.size(), value);
    }
  }
  return url;
}

std::string base_path_of(std::string_view url) {
  std::string_view path = url;
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos) {
    const auto slash = url.find('/', scheme + 3);
    path = slash == std::string_view::npos ? std::string_view() : url.substr(slash);
  } else if (!url.empty() && url.front() != '/') {
    return url.empty() ? std::string() : "/" + std::string(url);
  }
  if (const auto query = path.find_first_of("?#"); query != std::string_view::npos) {
    path = path.substr(0, query);
  }
  while (!path.empty() && path.back() == '/') {
    path.remove_suffix(1);
  }
  return std::string(path);
}

void build_servers(const Located& root, LoadContext& ctx) {
  const Located servers = root.child("servers");
  if (servers.node != nullptr && servers.node->is_array()) {
    for (std::size_t i = 0; i < servers.node->size(); ++i) {
      const auto& server = (*servers.node)[i];
      if (!server.is_object() || !server.contains("url") || !server["url"].is_string()) {
        continue; // reported by check_structure
      }
      const auto url = substitute_server_variables(server["url"].get<std::string>(),
                                                   server.value("variables", nlohmann::json()));
      ctx.spec.servers.push_back(Server{url, base_path_of(url)});
    }
  }
  if (ctx.spec.servers.empty()) {
    ctx.spec.servers.push_back(Server{"/", ""});
  }
}

// ---- security ------------------------------------------------------------------------------

void build_security_schemes(const Located& root, LoadContext& ctx) {
  const Located schemes = root.child("components").child("securitySchemes");
  for (const auto& name : ordered_keys(schemes)) {
    const auto resolved = ctx.follow_refs(schemes.child(name));
    if (!resolved || !resolved->is_object()) {
      continue;
    }
    const auto& node = *resolved->node;
    SecurityScheme scheme;
    scheme.name = name;
    scheme.type = string_or(node, "type");
    std::string http_scheme = string_or(node, "scheme");
    std::transform(http_scheme.begin(), http_scheme.end(), http_scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    scheme.scheme = http_scheme;
    scheme.in = string_or(node, "in");
    scheme.parameter_name = string_or(node, "name");
    if (const auto flows = node.find("flows"); flows != node.end() && flows->is_object()) {
      if (const auto client = flows->find("clientCredentials");
          client != flows->end() && client->is_object()) {
        scheme.token_url = string_or(*client, "tokenUrl"); // OpenAPI 3.x
      }
    } else if (string_or(node, "flow") == "application") {
      scheme.token_url = string_or(node, "tokenUrl"); // Swagger 2.0
    }
    if (scheme.type.empty()) {
      ctx.error("missing-field", "security scheme '" + name + "' has no `type`", *resolved);
    }
    ctx.spec.security_schemes.emplace(name, std::move(scheme));
  }
}

std::vector<SecurityRequirement> build_security(const Located& list, LoadContext& ctx) {
  std::vector<SecurityRequirement> out;
  if (list.node == nullptr || !list.node->is_array()) {
    if (list.node != nullptr) {
      ctx.error("invalid-type", "`security` must be a list of requirement objects", list);
    }
    return out;
  }
  for (std::size_t i = 0; i < list.node->size(); ++i) {
    const Located requirement = list.item(i);
    if (!requirement.is_object()) {
      ctx.error("invalid-type", "a security requirement must be a mapping", requirement);
      continue;
    }
    SecurityRequirement entry;
    for (const auto& [name, scopes] : requirement.node->items()) {
      if (ctx.spec.security_schemes.count(name) == 0) {
        ctx.warning("unknown-security-scheme",
                    "security requirement names '" + name + "', which is not in securitySchemes",
                    requirement.child(name));
      }
      std::vector<std::string> scope_list;
      if (scopes.is_array()) {
        for (const auto& scope : scopes) {
          if (scope.is_string()) {
            scope_list.push_back(scope.get<std::string>());
          }
        }
      }
      entry.emplace_back(name, std::move(scope_list));
    }
    out.push_back(std::move(entry));
  }
  return out;
}

} // namespace

// ---- examples ------------------------------------------------------------------------------

std::vector<NamedExample> collect_examples(const Located& holder, LoadContext& ctx) {
  std::vector<NamedExample> out;
  if (!holder.is_object()) {
    return out;
  }
  const auto holder_ignore = ignore_list(*holder.node);
  if (const Located single = holder.child("example"); single.node != nullptr) {
    out.push_back(NamedExample{"example", *single.node, single.ref(), holder_ignore, false});
  }
  const Located examples = holder.child("examples");
  if (examples.node == nullptr) {
    return out;
  }
  if (!examples.node->is_object()) {
    ctx.error("invalid-type", "`examples` must be a mapping of names to Example Objects", examples);
    return out;
  }
  for (const auto& name : ordered_keys(examples)) {
    const auto resolved = ctx.follow_refs(examples.child(name));
    if (!resolved) {
      continue;
    }
    if (!resolved->is_object()) {
      ctx.error("invalid-type", "example '" + name + "' must be an Example Object", *resolved);
      continue;
    }
    auto ignore = ignore_list(*resolved->node);
    NamedExample example{name, nullptr, resolved->ref(), ignore.empty() ? holder_ignore : ignore,
                         false};
    if (const Located value = resolved->child("value"); value.node != nullptr) {
      example.value = *value.node;
      example.pointer = string_or(*resolved->node, "x-concord-source", value.ref());
    } else if (resolved->node->contains("externalValue")) {
      example.external = true;
    } else {
      continue; // an example with neither value nor externalValue documents nothing
    }
    out.push_back(std::move(example));
  }
  return out;
}

namespace {

// ---- media types, headers, parameters ------------------------------------------------------

std::vector<MediaType> build_content(const Located& content, LoadContext& ctx) {
  std::vector<MediaType> out;
  if (content.node == nullptr) {
    return out;
  }
  if (!content.node->is_object()) {
    ctx.error("invalid-type", "`content` must be a mapping of media types", content);
    return out;
  }
  for (const auto& name : ordered_keys(content)) {
    const Located media = content.child(name);
    if (!media.is_object()) {
      ctx.error("invalid-type", "media type '" + name + "' must be a mapping", media);
      continue;
    }
    check_example_holder(media, ctx);
    MediaType type;
    type.name = name;
    type.schema = ctx.compile_schema(media.child("schema"));
    type.examples = collect_examples(media, ctx);
    type.pointer = media.ref();
    out.push_back(std::move(type));
  }
  return out;
}

std::vector<HeaderSpec> build_headers(const Located& headers, LoadContext& ctx) {
  std::vector<HeaderSpec> out;
  if (headers.node != nullptr && !headers.is_object()) {
    ctx.error("invalid-type", "`headers` must be a mapping of names to Header Objects", headers);
    return out;
  }
  for (const auto& name : ordered_keys(headers)) {
    const auto resolved = ctx.follow_refs(headers.child(name));
    if (!resolved || !resolved->is_object()) {
      if (resolved) {
        ctx.error("invalid-type", "header '" + name + "' must be a mapping", *resolved);
      }
      continue;
    }
    check_header_object(*resolved, ctx);
    HeaderSpec header;
    header.name = name;
    header.required = bool_or(*resolved->node, "required", false);
    header.schema = ctx.compile_schema(resolved->child("schema"));
    header.examples = collect_examples(*resolved, ctx);
    out.push_back(std::move(header));
  }
  return out;
}

std::optional<ParamIn> to_param_in(std::string_view in) {
  if (in == "path") {
    return ParamIn::path;
  }
  if (in == "query") {
    return ParamIn::query;
  }
  if (in == "header") {
    return ParamIn::header;
  }
  if (in == "cookie") {
    return ParamIn::cookie;
  }
  return std::nullopt;
}

// The parameter's schema: `schema`, or the schema of its single `content` entry.
Located parameter_schema(const Located& param) {
  Located schema = param.child("schema");
  if (schema.node != nullptr) {
    return schema;
  }
  const Located content = param.child("content");
  if (content.is_object() && !content.node->empty()) {
    return content.child(content.node->begin().key()).child("schema");
  }
  return schema;
}

std::optional<Parameter> build_parameter(const Located& at, LoadContext& ctx) {
  const auto resolved = ctx.follow_refs(at);
  if (!resolved) {
    return std::nullopt;
  }
  check_parameter_object(*resolved, ctx); // reports a non-mapping once
  if (!resolved->is_object()) {
    return std::nullopt;
  }
  const auto& node = *resolved->node;
  const auto name = string_or(node, "name");
  const auto in = to_param_in(string_or(node, "in"));
  if (name.empty() || !in) {
    ctx.error("invalid-parameter",
              "a parameter needs a `name` and `in` (path, query, header or cookie)", *resolved);
    return std::nullopt;
  }
  Parameter param;
  param.name = name;
  param.in = *in;
  param.required = bool_or(node, "required", false);
  param.deprecated = bool_or(node, "deprecated", false);
  const bool form_default = *in == ParamIn::query || *in == ParamIn::cookie;
  param.style = string_or(node, "style", form_default ? "form" : "simple");
  param.explode = bool_or(node, "explode", param.style == "form");
  const Located schema = parameter_schema(*resolved);
  param.schema = ctx.compile_schema(schema);
  if (schema.node != nullptr) {
    const auto raw = ctx.follow_refs(schema);
    param.raw_schema = raw ? *raw->node : *schema.node;
  }
  param.examples = collect_examples(*resolved, ctx);
  if (const Located content = resolved->child("content");
      content.is_object() && !content.node->empty()) {
    auto more = collect_examples(content.child(content.node->begin().key()), ctx);
    param.examples.insert(param.examples.end(), more.begin(), more.end());
  }
  param.pointer = resolved->ref();
  return param;
}

void merge_parameters(const Located& list, std::vector<Parameter>& params, LoadContext& ctx) {
  if (list.node == nullptr) {
    return;
  }
  if (!list.node->is_array()) {
    ctx.error("invalid-type", "`parameters` must be a list", list);
    return;
  }
  for (std::size_t i = 0; i < list.node->size(); ++i) {
    auto param = build_parameter(list.item(i), ctx);
    if (!param) {
      continue;
    }
    const auto same = std::find_if(params.begin(), params.end(), [&](const Parameter& p) {
      return p.name == param->name && p.in == param->in;
    });
    if (same != params.end()) {
      *same = std::move(*param); // operation level wins over path level
    } else {
      params.push_back(std::move(*param));
    }
  }
}

// ---- request bodies and responses ---------------------------------------------------------

std::optional<RequestBodySpec> build_request_body(const Located& at, LoadContext& ctx) {
  if (at.node == nullptr) {
    return std::nullopt;
  }
  const auto resolved = ctx.follow_refs(at);
  if (!resolved || !resolved->is_object()) {
    if (resolved) {
      ctx.error("invalid-type", "`requestBody` must be a mapping", *resolved);
    }
    return std::nullopt;
  }
  RequestBodySpec body;
  body.required = bool_or(*resolved->node, "required", false);
  body.content = build_content(resolved->child("content"), ctx);
  body.pointer = resolved->ref();
  return body;
}

// `links` of a response: each Link Object ($refs followed, so components/links too). A link
// that cannot be used (not a mapping, no target, parameters not a mapping) is a warning and
// left out; the document stays loadable.
std::vector<Link> build_links(const Located& links, LoadContext& ctx) {
  std::vector<Link> out;
  if (links.node == nullptr) {
    return out;
  }
  if (!links.is_object()) {
    ctx.warning("invalid-link", "`links` must be a mapping of names to Link Objects", links);
    return out;
  }
  for (const auto& name : ordered_keys(links)) {
    if (is_extension(name)) {
      continue;
    }
    const auto resolved = ctx.follow_refs(links.child(name));
    if (!resolved) {
      continue; // unresolved-ref reported
    }
    if (!resolved->is_object()) {
      ctx.warning("invalid-link", "link '" + name + "' must be a Link Object (a mapping)",
                  *resolved);
      continue;
    }
    const auto& node = *resolved->node;
    Link link;
    link.name = name;
    link.pointer = resolved->ref();
    const auto id = node.find("operationId");
    const auto ref = node.find("operationRef");
    const bool has_id = id != node.end() && id->is_string() && !id->get<std::string>().empty();
    const bool has_ref = ref != node.end() && ref->is_string() && !ref->get<std::string>().empty();
    if (has_id == has_ref) {
      ctx.warning("invalid-link",
                  "link '" + name +
                      "' needs exactly one of `operationId` and `operationRef` "
                      "(a string)",
                  *resolved);
      continue;
    }
    if (has_id) {
      link.operation_id = id->get<std::string>();
    } else {
      link.operation_ref = ref->get<std::string>();
    }
    if (const auto params = node.find("parameters"); params != node.end()) {
      if (!params->is_object()) {
        ctx.warning("invalid-link", "the `parameters` of link '" + name + "' must be a mapping",
                    resolved->child("parameters"));
        continue;
      }
      for (const auto& key : ordered_keys(resolved->child("parameters"))) {
        link.parameters.emplace_back(key, (*params)[key]);
      }
    }
    if (const auto body = node.find("requestBody"); body != node.end()) {
      link.request_body = *body;
    }
    out.push_back(std::move(link));
  }
  return out;
}

std::vector<ResponseSpec> build_responses(const Located& op, LoadContext& ctx) {
  std::vector<ResponseSpec> out;
  const Located responses = op.child("responses");
  if (responses.node == nullptr) {
    if (ctx.is_v30) {
      ctx.error("missing-field", "an operation must have `responses` (OpenAPI 3.0)", op);
    }
    return out;
  }
  if (!responses.node->is_object()) {
    ctx.error("invalid-type", "`responses` must be a mapping of status codes", responses);
    return out;
  }
  for (const auto& status : ordered_keys(responses)) {
    if (is_extension(status)) {
      continue;
    }
    if (!core::is_status_key(status)) {
      ctx.error("invalid-status", "'" + status + "' is not a status code, range (4XX) or default",
                responses.child(status));
      continue;
    }
    const auto resolved = ctx.follow_refs(responses.child(status));
    if (!resolved || !resolved->is_object()) {
      if (resolved) {
        ctx.error("invalid-type", "response '" + status + "' must be a mapping", *resolved);
      }
      continue;
    }
    ResponseSpec response;
    response.status = status == "default" ? status : to_upper(status);
    response.description = string_or(*resolved->node, "description");
    response.headers = build_headers(resolved->child("headers"), ctx);
    response.content = build_content(resolved->child("content"), ctx);
    response.links = build_links(resolved->child("links"), ctx);
    response.pointer = resolved->ref();
    out.push_back(std::move(response));
  }
  return out;
}

// ---- operations ----------------------------------------------------------------------------

std::vector<std::string> template_names(std::string_view path) {
  std::vector<std::string> names;
  for (auto open = path.find('{'); open != std::string_view::npos; open = path.find('{', open)) {
    const auto close = path.find('}', open);
    if (close == std::string_view::npos) {
      break;
    }
    names.emplace_back(path.substr(open + 1, close - open - 1));
    open = close;
  }
  return names;
}

void check_path_parameters(const Operation& op, const Located& at, LoadContext& ctx) {
  const auto names = template_names(op.path);
  for (const auto& name : names) {
    const auto found = std::find_if(op.parameters.begin(), op.parameters.end(), [&](const auto& p) {
      return p.in == ParamIn::path && p.name == name;
    });
    if (found == op.parameters.end()) {
      ctx.warning("path-param-undeclared",
                  op.method + " " + op.path + ": path parameter '" + name + "' is not declared",
                  at);
    }
  }
  for (const auto& param : op.parameters) {
    if (param.in != ParamIn::path) {
      continue;
    }
    const Located where{ctx.store.find(param.pointer.substr(0, param.pointer.find('#'))),
                        param.pointer.substr(param.pointer.find('#') + 1), nullptr};
    const Located& loc = where.doc != nullptr ? where : at;
    if (std::find(names.begin(), names.end(), param.name) == names.end()) {
      ctx.warning("path-param-unused",
                  op.method + " " + op.path + ": path parameter '" + param.name +
                      "' does not appear in the path template",
                  loc);
    } else if (!param.required) {
      ctx.error("path-param-not-required",
                "path parameter '" + param.name + "' must have `required: true`", loc);
    }
  }
}

// "get" + "/v1/organizations/{organizationId}" -> "get_v1_organizations_organizationId"
std::string make_operation_id(std::string_view method, std::string_view path) {
  std::string out(method);
  bool pending_separator = true;
  for (const char c : path) {
    const bool word = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.';
    if (!word) {
      pending_separator = true;
      continue;
    }
    if (pending_separator) {
      out.push_back('_');
      pending_separator = false;
    }
    out.push_back(c == '-' || c == '.' ? '_' : c);
  }
  return out;
}

void assign_operation_ids(LoadContext& ctx) {
  std::map<std::string, const Operation*> seen;
  for (auto& op : ctx.spec.operations) {
    if (op.operation_id.empty()) {
      continue;
    }
    const auto [it, inserted] = seen.emplace(op.operation_id, &op);
    if (!inserted) {
      ctx.add(Severity::error, "duplicate-operation-id",
              "operationId '" + op.operation_id + "' is also used by " + it->second->method + " " +
                  it->second->path,
              ctx.spec.entry->location_of(op.pointer.substr(op.pointer.find('#') + 1) +
                                          "/operationId"));
    }
  }
  for (auto& op : ctx.spec.operations) {
    if (!op.operation_id.empty()) {
      continue;
    }
    const std::string base = make_operation_id(to_lower_copy(op.method), op.path);
    std::string id = base;
    for (int n = 2; seen.count(id) != 0; ++n) {
      id = base + "_" + std::to_string(n);
    }
    op.operation_id = id;
    op.operation_id_generated = true;
    seen.emplace(id, &op);
  }
}

Operation build_operation(const Located& op_at, const Located& item, std::string path,
                          const std::string& method, LoadContext& ctx) {
  const auto& node = *op_at.node;
  Operation op;
  op.method = to_upper(method);
  op.path = std::move(path);
  op.operation_id = string_or(node, "operationId");
  op.summary = string_or(node, "summary");
  if (const auto tags = node.find("tags"); tags != node.end() && tags->is_array()) {
    for (const auto& tag : *tags) {
      if (tag.is_string()) {
        op.tags.push_back(tag.get<std::string>());
      }
    }
  }
  merge_parameters(item.child("parameters"), op.parameters, ctx);
  merge_parameters(op_at.child("parameters"), op.parameters, ctx);
  op.request_body = build_request_body(op_at.child("requestBody"), ctx);
  op.responses = build_responses(op_at, ctx);
  const Located security = op_at.child("security");
  op.security = security.node != nullptr ? build_security(security, ctx) : ctx.document_security;
  op.pointer = op_at.ref();
  check_path_parameters(op, op_at, ctx);
  return op;
}

void build_operations(const Located& root, LoadContext& ctx) {
  const Located paths = root.child("paths");
  if (!paths.is_object()) {
    return;
  }
  for (const auto& path : ordered_keys(paths)) {
    if (is_extension(path)) {
      continue;
    }
    const auto item = ctx.follow_refs(paths.child(path));
    if (!item || !item->is_object()) {
      if (item) {
        ctx.error("invalid-type", "path item '" + path + "' must be a mapping", *item);
      }
      continue;
    }
    for (const auto& method : ordered_keys(*item)) {
      if (!is_method(method)) {
        continue;
      }
      const Located op_at = item->child(method);
      if (!op_at.is_object()) {
        ctx.error("invalid-type", "operation " + method + " " + path + " must be a mapping", op_at);
        continue;
      }
      ctx.spec.operations.push_back(build_operation(op_at, *item, path, method, ctx));
    }
  }
}

void build_components(const Located& root, LoadContext& ctx) {
  const Located components = root.child("components");
  const Located examples = components.child("examples");
  for (const auto& name : ordered_keys(examples)) {
    const auto resolved = ctx.follow_refs(examples.child(name));
    if (!resolved || !resolved->is_object()) {
      continue;
    }
    NamedExample example{name, nullptr, resolved->ref(), ignore_list(*resolved->node), false};
    if (const Located value = resolved->child("value"); value.node != nullptr) {
      example.value = *value.node;
      example.pointer = value.ref();
    } else {
      example.external = resolved->node->contains("externalValue");
    }
    ctx.spec.component_examples.push_back(std::move(example));
  }
  const Located schemas = components.child("schemas");
  for (const auto& name : ordered_keys(schemas)) {
    const Located schema = schemas.child(name);
    if (schema.node->is_object() || schema.node->is_boolean()) {
      (void)ctx.compile_schema(schema);
    }
  }
}

// "#/paths/~1things~1{id}/get" -> the operation it names (this document only), or nullptr.
const Operation* find_operation_by_ref(const std::vector<Operation>& operations,
                                       std::string_view ref) {
  if (ref.rfind("#/paths/", 0) != 0) {
    return nullptr;
  }
  const std::string_view rest = ref.substr(8);
  const auto slash = rest.rfind('/');
  if (slash == std::string_view::npos) {
    return nullptr;
  }
  // A URI fragment: percent-decoded first, then the JSON pointer escapes (RFC 6901 6).
  const std::string path = unescape_pointer_token(percent_decode_lenient(rest.substr(0, slash)));
  const std::string method = to_upper(rest.substr(slash + 1));
  const auto it = std::find_if(operations.begin(), operations.end(), [&](const Operation& op) {
    return op.path == path && op.method == method;
  });
  return it == operations.end() ? nullptr : &*it;
}

// Once every operation has its id: a link's operationRef becomes the id of the operation it
// names; a link to no operation of this document is a warning (the link is kept, unused).
void resolve_link_targets(LoadContext& ctx) {
  std::set<std::string> ids;
  for (const auto& op : ctx.spec.operations) {
    ids.insert(op.operation_id);
  }
  for (auto& op : ctx.spec.operations) {
    for (auto& response : op.responses) {
      for (auto& link : response.links) {
        if (!link.operation_ref.empty()) {
          if (const auto* target = find_operation_by_ref(ctx.spec.operations, link.operation_ref)) {
            link.operation_id = target->operation_id;
          }
        }
        if (link.operation_id.empty() || ids.count(link.operation_id) == 0) {
          ctx.add(Severity::warning, "link-target-unknown",
                  "link '" + link.name + "' names no operation of this document (" +
                      (link.operation_ref.empty() ? "operationId " + link.operation_id
                                                  : "operationRef " + link.operation_ref) +
                      ")",
                  link.pointer);
        }
      }
    }
  }
}

} // namespace

void build_model(const Located& root, LoadContext& ctx) {
  const auto& node = *root.node;
  if (const auto info = node.find("info"); info != node.end() && info->is_object()) {
    ctx.spec.title = string_or(*info, "title");
    ctx.spec.version = string_or(*info, "version");
  }
  build_servers(root, ctx);
  build_security_schemes(root, ctx);
  ctx.document_security = build_security(root.child("security"), ctx);
  build_operations(root, ctx);
  assign_operation_ids(ctx);
  resolve_link_targets(ctx);
  build_components(root, ctx);
}

} // namespace concord::core::detail
