// Targeted structural checks of an OpenAPI 3.x document (no meta-schema validation).
#include "core/load_context.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>

namespace concord::core::detail {

namespace {

bool is_one_of(std::string_view value, std::initializer_list<std::string_view> options) {
  return std::find(options.begin(), options.end(), value) != options.end();
}

void check_unknown_keys(const Located& at, std::initializer_list<std::string_view> allowed,
                        std::string_view what, LoadContext& ctx) {
  if (!at.is_object()) {
    return;
  }
  for (const auto& [key, value] : at.node->items()) {
    if (!is_extension(key) && !is_one_of(key, allowed)) {
      ctx.error("unknown-field", std::string(what) + " does not allow the field '" + key + "'",
                at.child(key));
    }
  }
}

// A required field of the given JSON type; reports missing-field or invalid-type.
bool require_field(const Located& parent, std::string_view key, nlohmann::json::value_t type,
                   LoadContext& ctx) {
  const Located field = parent.child(key);
  if (field.node == nullptr) {
    ctx.error("missing-field", "`" + parent.pointer + "/" + std::string(key) + "` is required",
              parent);
    return false;
  }
  if (field.node->type() != type) {
    const std::string kind = type == nlohmann::json::value_t::object  ? "a mapping"
                             : type == nlohmann::json::value_t::array ? "a list"
                                                                      : "a string";
    ctx.error("invalid-type", "`" + std::string(key) + "` must be " + kind, field);
    return false;
  }
  return true;
}

void check_info(const Located& root, LoadContext& ctx) {
  if (!require_field(root, "info", nlohmann::json::value_t::object, ctx)) {
    return;
  }
  const Located info = root.child("info");
  require_field(info, "title", nlohmann::json::value_t::string, ctx);
  require_field(info, "version", nlohmann::json::value_t::string, ctx);
}

void check_containers(const Located& root, LoadContext& ctx) {
  const auto& node = *root.node;
  if (ctx.is_v30) {
    require_field(root, "paths", nlohmann::json::value_t::object, ctx);
  } else if (!node.contains("paths") && !node.contains("webhooks") &&
             !node.contains("components")) {
    ctx.error("missing-field", "an OpenAPI 3.1 document needs `paths`, `webhooks` or `components`",
              root);
  }
  for (const char* key : {"paths", "webhooks", "components"}) {
    const Located field = root.child(key);
    if (field.node != nullptr && !field.node->is_object()) {
      ctx.error("invalid-type", "`" + std::string(key) + "` must be a mapping", field);
    }
  }
  const Located paths = root.child("paths");
  if (paths.is_object()) {
    for (const auto& [key, value] : paths.node->items()) {
      if (!is_extension(key) && (key.empty() || key.front() != '/')) {
        ctx.error("invalid-path", "path '" + key + "' must start with '/'", paths.child(key));
      }
    }
  }
}

void check_server_variables(const Located& server, LoadContext& ctx) {
  const Located variables = server.child("variables");
  if (variables.node == nullptr) {
    return;
  }
  if (!variables.is_object()) {
    ctx.error("invalid-type", "server `variables` must be a mapping", variables);
    return;
  }
  for (const auto& [name, value] : variables.node->items()) {
    const Located variable = variables.child(name);
    if (!variable.is_object() ||
        !require_field(variable, "default", nlohmann::json::value_t::string, ctx)) {
      continue;
    }
    const Located values = variable.child("enum");
    if (values.node == nullptr) {
      continue;
    }
    if (!values.node->is_array() || values.node->empty()) {
      ctx.error("invalid-server-variable",
                "server variable '" + name + "' has an `enum` that is not a non-empty list",
                values);
    } else if (std::find(values.node->begin(), values.node->end(),
                         *variable.node->find("default")) == values.node->end()) {
      ctx.warning("invalid-server-variable",
                  "the default of server variable '" + name + "' is not in its enum",
                  variable.child("default"));
    }
  }
}

void check_servers(const Located& servers, LoadContext& ctx) {
  if (servers.node == nullptr) {
    return;
  }
  if (!servers.node->is_array()) {
    ctx.error("invalid-type", "`servers` must be a list of Server Objects", servers);
    return;
  }
  for (std::size_t i = 0; i < servers.node->size(); ++i) {
    const Located server = servers.item(i);
    if (!server.is_object()) {
      ctx.error("invalid-type", "a server must be a mapping", server);
      continue;
    }
    if (require_field(server, "url", nlohmann::json::value_t::string, ctx)) {
      check_server_variables(server, ctx);
    }
  }
}

void check_tags(const Located& tags, LoadContext& ctx) {
  if (tags.node == nullptr) {
    return;
  }
  if (!tags.node->is_array()) {
    ctx.error("invalid-type", "`tags` must be a list", tags);
    return;
  }
  for (std::size_t i = 0; i < tags.node->size(); ++i) {
    const Located tag = tags.item(i);
    if (!tag.is_object()) {
      ctx.error("invalid-type", "a tag must be a mapping", tag);
    } else {
      require_field(tag, "name", nlohmann::json::value_t::string, ctx);
    }
  }
}

void check_link(const Located& link, LoadContext& ctx) {
  check_unknown_keys(
      link, {"operationRef", "operationId", "parameters", "requestBody", "description", "server"},
      "a Link Object", ctx);
  if (link.is_object() && link.node->contains("operationRef") &&
      link.node->contains("operationId")) {
    ctx.error("invalid-link", "a link has either `operationRef` or `operationId`, not both", link);
  }
}

void check_component_schemas(const Located& schemas, LoadContext& ctx) {
  if (!schemas.is_object()) {
    return;
  }
  for (const auto& [name, schema] : schemas.node->items()) {
    const bool ok = schema.is_object() || (!ctx.is_v30 && schema.is_boolean());
    if (!ok) {
      ctx.error("invalid-type", "schema '" + name + "' must be a Schema Object",
                schemas.child(name));
    }
  }
}

// Applies `check` to every (resolved) entry of components.<section>.
template <typename Check>
void check_component_section(const Located& components, std::string_view section, LoadContext& ctx,
                             Check check) {
  const Located entries = components.child(section);
  if (entries.node == nullptr) {
    return;
  }
  if (!entries.is_object()) {
    return; // reported by check_components
  }
  for (const auto& name : ordered_keys(entries)) {
    if (const auto resolved = ctx.follow_refs(entries.child(name))) {
      check(*resolved);
    }
  }
}

void check_components(const Located& root, LoadContext& ctx) {
  const Located components = root.child("components");
  if (!components.is_object()) {
    return;
  }
  for (const char* section : {"schemas", "responses", "parameters", "examples", "requestBodies",
                              "headers", "securitySchemes", "links", "callbacks", "pathItems"}) {
    const Located entries = components.child(section);
    if (entries.node != nullptr && !entries.is_object()) {
      ctx.error("invalid-type", "`components/" + std::string(section) + "` must be a mapping",
                entries);
    }
  }
  check_component_schemas(components.child("schemas"), ctx);
  for (const char* section : {"responses", "examples", "requestBodies", "securitySchemes"}) {
    check_component_section(components, section, ctx, [&ctx, section](const Located& entry) {
      if (!entry.is_object()) {
        ctx.error("invalid-type",
                  "an entry of `components/" + std::string(section) + "` must be a mapping", entry);
      }
    });
  }
  check_component_section(components, "parameters", ctx,
                          [&ctx](const Located& p) { check_parameter_object(p, ctx); });
  check_component_section(components, "headers", ctx,
                          [&ctx](const Located& h) { check_header_object(h, ctx); });
  check_component_section(components, "links", ctx,
                          [&ctx](const Located& l) { check_link(l, ctx); });
}

} // namespace

void check_example_holder(const Located& holder, LoadContext& ctx) {
  if (holder.is_object() && holder.node->contains("example") && holder.node->contains("examples")) {
    ctx.error("example-and-examples", "`example` and `examples` cannot be used together",
              holder.child("examples"));
  }
}

void check_parameter_object(const Located& param, LoadContext& ctx) {
  if (!ctx.first_visit(param)) {
    return;
  }
  if (!param.is_object()) {
    ctx.error("invalid-type", "a parameter must be a mapping", param);
    return;
  }
  check_example_holder(param, ctx);
  const auto& node = *param.node;
  const std::string in = string_or(node, "in");
  if (node.contains("allowReserved") && in != "query") {
    ctx.error("invalid-parameter", "`allowReserved` is only allowed for query parameters",
              param.child("allowReserved"));
  }
  const Located style = param.child("style");
  if (style.node != nullptr && style.node->is_string()) {
    const auto value = style.node->get<std::string>();
    const bool ok = (in == "path" && is_one_of(value, {"matrix", "label", "simple"})) ||
                    (in == "query" &&
                     is_one_of(value, {"form", "spaceDelimited", "pipeDelimited", "deepObject"})) ||
                    (in == "header" && value == "simple") || (in == "cookie" && value == "form");
    if (!ok) {
      ctx.error("invalid-parameter",
                "style '" + value + "' is not allowed for " + in + " parameters", style);
    }
  }
  if (node.contains("schema") && node.contains("content")) {
    ctx.error("invalid-parameter", "a parameter has either `schema` or `content`, not both",
              param.child("content"));
  }
}

void check_header_object(const Located& header, LoadContext& ctx) {
  if (!ctx.first_visit(header)) {
    return;
  }
  if (!header.is_object()) {
    ctx.error("invalid-type", "a header must be a mapping", header);
    return;
  }
  check_example_holder(header, ctx);
  for (const char* key : {"name", "in", "allowReserved"}) {
    if (header.node->contains(key)) {
      ctx.error("invalid-header", "a Header Object does not allow `" + std::string(key) + "`",
                header.child(key));
    }
  }
  const std::string style = string_or(*header.node, "style", "simple");
  if (style != "simple") {
    ctx.error("invalid-header", "a header's style must be 'simple'", header.child("style"));
  }
}

void check_structure(const Located& root, LoadContext& ctx) {
  if (!ctx.is_swagger) {
    check_unknown_keys(root,
                       {"openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks",
                        "components", "security", "tags", "externalDocs"},
                       "the OpenAPI Object", ctx);
  }
  check_info(root, ctx);
  check_containers(root, ctx);
  check_servers(root.child("servers"), ctx);
  check_tags(root.child("tags"), ctx);
  check_components(root, ctx);
}

} // namespace concord::core::detail
