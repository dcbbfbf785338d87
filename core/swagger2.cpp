// Swagger 2.0 -> OpenAPI 3.0 conversion, so the rest of the loader sees one shape.
#include "core/load_context.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <unordered_map>
#include <utility>

namespace concord::core::detail {

namespace {

using json = nlohmann::json;

// Keys of a Swagger non-body parameter / header / items object that are schema keywords.
constexpr std::array<std::string_view, 16> k_schema_keys = {
    "type",      "format",           "default",     "maximum",   "exclusiveMaximum",
    "minimum",   "exclusiveMinimum", "maxLength",   "minLength", "pattern",
    "maxItems",  "minItems",         "uniqueItems", "enum",      "multipleOf",
    "x-nullable"};

class SwaggerConverter {
public:
  SwaggerConverter(const Document& source, LoadContext& ctx)
      : source_(source), ctx_(ctx), root_{&source, "", &source.root} {}

  Document run();

private:
  json convert_servers() const;
  json convert_security_definitions() const;
  json convert_paths();
  json convert_path_item(const Located& item);
  json convert_operation(const Located& op, const std::vector<Located>& path_params);
  void add_parameter(const Located& param, json& out_op, std::vector<Located>& form_params);
  json convert_form_body(const std::vector<Located>& form_params, const json& consumes) const;
  json convert_responses(const Located& responses, const json& produces);
  json convert_response(const Located& response, const json& produces);
  void add_ms_examples(const Located& op, json& out_op);
  json media_types(const json& list, const json& fallback) const;
  void record_move(std::string from, std::string to) {
    moves_.emplace(std::move(from), std::move(to));
  }
  void remap_positions(Document& out) const;

  const Document& source_;
  LoadContext& ctx_;
  Located root_;
  std::string current_path_pointer_; // pointer of the converted operation
  std::unordered_map<std::string, std::string> moves_;
};

// Rewrites Swagger-local $refs to their OpenAPI 3 places, throughout a copied value.
void rewrite_refs(json& value) {
  if (value.is_object()) {
    for (auto& [key, child] : value.items()) {
      if (key == "$ref" && child.is_string()) {
        auto ref = child.get<std::string>();
        for (const auto& [from, to] : {std::pair<std::string_view, std::string_view>{
                                           "#/definitions/", "#/components/schemas/"},
                                       {"#/parameters/", "#/components/parameters/"},
                                       {"#/responses/", "#/components/responses/"}}) {
          const auto at = ref.find(from);
          if (at != std::string::npos && at == ref.find('#')) {
            ref.replace(at, from.size(), to);
            break;
          }
        }
        child = ref;
      } else {
        rewrite_refs(child);
      }
    }
  } else if (value.is_array()) {
    for (auto& child : value) {
      rewrite_refs(child);
    }
  }
}

// x-nullable: true -> type: [type, "null"] (draft-04 allows type lists).
void apply_nullable(json& schema) {
  const auto nullable = schema.find("x-nullable");
  if (nullable == schema.end()) {
    return;
  }
  const bool is_nullable = nullable->is_boolean() && nullable->get<bool>();
  const auto type = schema.find("type");
  if (is_nullable && type != schema.end() && type->is_string()) {
    *type = json::array({*type, "null"});
  }
}

// Schema of a non-body parameter, header or items object.
json to_schema(const json& param) {
  json schema = json::object();
  if (!param.is_object()) {
    return schema;
  }
  for (const auto key : k_schema_keys) {
    if (const auto it = param.find(key); it != param.end()) {
      schema[std::string(key)] = *it;
    }
  }
  if (string_or(schema, "type") == "file") {
    schema["type"] = "string";
    schema["format"] = "binary";
  }
  if (const auto items = param.find("items"); items != param.end()) {
    schema["items"] = items->contains("$ref") ? *items : to_schema(*items);
  }
  apply_nullable(schema);
  rewrite_refs(schema);
  return schema;
}

json convert_simple_parameter(const json& param) {
  const std::string in = string_or(param, "in");
  json converted = {{"name", string_or(param, "name")}, {"in", in}, {"schema", to_schema(param)}};
  for (const char* key : {"description", "required", "deprecated", "allowEmptyValue"}) {
    if (param.contains(key)) {
      converted[key] = param[key];
    }
  }
  const std::string format = string_or(param, "collectionFormat", "csv");
  if (string_or(param, "type") == "array") {
    converted["style"] = format == "ssv"     ? "spaceDelimited"
                         : format == "pipes" ? "pipeDelimited"
                         : in == "query"     ? "form"
                                             : "simple";
    converted["explode"] = format == "multi";
  }
  if (param.contains("x-example")) {
    converted["example"] = param["x-example"];
  }
  return converted;
}

void copy_extensions(const json& from, json& to) {
  for (const auto& [key, value] : from.items()) {
    if (is_extension(key) && key != "x-ms-examples" && key != "x-example") {
      to[key] = value;
    }
  }
}

json SwaggerConverter::convert_servers() const {
  const auto& node = source_.root;
  const std::string host = string_or(node, "host");
  const std::string base_path = string_or(node, "basePath");
  json servers = json::array();
  if (host.empty()) {
    servers.push_back({{"url", base_path.empty() ? "/" : base_path}});
    return servers;
  }
  json schemes = node.value("schemes", json::array());
  if (!schemes.is_array() || schemes.empty()) {
    schemes = json::array({"https"});
  }
  for (const auto& scheme : schemes) {
    if (scheme.is_string()) {
      servers.push_back({{"url", scheme.get<std::string>() + "://" + host + base_path}});
    }
  }
  return servers;
}

json SwaggerConverter::convert_security_definitions() const {
  json out = json::object();
  const auto it = source_.root.find("securityDefinitions");
  if (it == source_.root.end() || !it->is_object()) {
    return out;
  }
  for (const auto& [name, def] : it->items()) {
    if (!def.is_object()) {
      continue;
    }
    const std::string type = string_or(def, "type");
    json scheme = json::object();
    if (type == "basic") {
      scheme = {{"type", "http"}, {"scheme", "basic"}};
    } else if (type == "apiKey") {
      scheme = {{"type", "apiKey"}, {"name", string_or(def, "name")}, {"in", string_or(def, "in")}};
    } else if (type == "oauth2") {
      const std::string flow = string_or(def, "flow");
      const std::string flow_name = flow == "accessCode"    ? "authorizationCode"
                                    : flow == "application" ? "clientCredentials"
                                                            : flow;
      json flow_object = {{"scopes", def.value("scopes", json::object())}};
      for (const char* url : {"authorizationUrl", "tokenUrl"}) {
        if (def.contains(url)) {
          flow_object[url] = def[url];
        }
      }
      scheme = {{"type", "oauth2"}, {"flows", {{flow_name, flow_object}}}};
    } else {
      scheme = {{"type", type}};
    }
    if (def.contains("description")) {
      scheme["description"] = def["description"];
    }
    out[name] = scheme;
  }
  return out;
}

// The media types of `list` (an operation's consumes/produces), else of `fallback` (the
// document's), else application/json. Entries that are not strings are dropped here; the
// structure checks report them.
json SwaggerConverter::media_types(const json& list, const json& fallback) const {
  for (const json* candidate : {&list, &fallback}) {
    if (!candidate->is_array()) {
      continue;
    }
    json names = json::array();
    for (const auto& item : *candidate) {
      if (item.is_string()) {
        names.push_back(item);
      }
    }
    if (!names.empty()) {
      return names;
    }
  }
  return json::array({"application/json"});
}

json SwaggerConverter::convert_paths() {
  json paths = json::object();
  const Located source_paths = root_.child("paths");
  if (!source_paths.is_object()) {
    return paths;
  }
  for (const auto& [path, item] : source_paths.node->items()) {
    if (is_extension(path)) {
      paths[path] = item;
      continue;
    }
    const auto resolved = ctx_.follow_refs(source_paths.child(path));
    if (!resolved || !resolved->is_object()) {
      paths[path] = item;
      continue;
    }
    current_path_pointer_ = "/paths/" + escape_pointer_token(path);
    paths[path] = convert_path_item(*resolved);
  }
  return paths;
}

json SwaggerConverter::convert_path_item(const Located& item) {
  std::vector<Located> path_params;
  const Located params = item.child("parameters");
  if (params.node != nullptr && params.node->is_array()) {
    for (std::size_t i = 0; i < params.node->size(); ++i) {
      path_params.push_back(params.item(i));
    }
  }
  json out = json::object();
  const std::string path_pointer = current_path_pointer_;
  for (const auto& [key, value] : item.node->items()) {
    if (key == "parameters" || key == "$ref") {
      continue;
    }
    if (key == "get" || key == "put" || key == "post" || key == "delete" || key == "options" ||
        key == "head" || key == "patch") {
      current_path_pointer_ = path_pointer + "/" + key;
      out[key] = value.is_object() ? convert_operation(item.child(key), path_params) : value;
    } else {
      out[key] = value;
    }
  }
  return out;
}

json SwaggerConverter::convert_operation(const Located& op,
                                         const std::vector<Located>& path_params) {
  const auto& node = *op.node;
  json out = json::object();
  for (const char* key : {"operationId", "summary", "description", "tags", "deprecated", "security",
                          "externalDocs"}) {
    if (node.contains(key)) {
      out[key] = node[key];
    }
  }
  copy_extensions(node, out);
  out["parameters"] = json::array();
  std::vector<Located> form_params;
  for (const auto& param : path_params) {
    add_parameter(param, out, form_params);
  }
  const Located params = op.child("parameters");
  if (params.node != nullptr && params.node->is_array()) {
    for (std::size_t i = 0; i < params.node->size(); ++i) {
      add_parameter(params.item(i), out, form_params);
    }
  }
  const json consumes =
      media_types(node.value("consumes", json()), source_.root.value("consumes", json()));
  if (!form_params.empty()) {
    out["requestBody"] = convert_form_body(form_params, consumes);
  } else if (out.contains("requestBody")) {
    json content = json::object();
    for (const auto& type : consumes) {
      content[type.get<std::string>()] = {{"schema", out["requestBody"]["x-body-schema"]}};
    }
    out["requestBody"].erase("x-body-schema");
    out["requestBody"]["content"] = std::move(content);
  }
  const json produces =
      media_types(node.value("produces", json()), source_.root.value("produces", json()));
  out["responses"] = convert_responses(op.child("responses"), produces);
  add_ms_examples(op, out);
  if (out["parameters"].empty()) {
    out.erase("parameters");
  }
  return out;
}

void SwaggerConverter::add_parameter(const Located& at, json& out_op,
                                     std::vector<Located>& form_params) {
  const auto resolved = ctx_.follow_refs(at);
  if (!resolved || !resolved->is_object()) {
    return;
  }
  const auto& param = *resolved->node;
  const std::string in = string_or(param, "in");
  const std::string name = string_or(param, "name");
  if (in == "formData") {
    form_params.push_back(*resolved);
    return;
  }
  if (in == "body") {
    json body = {{"required", bool_or(param, "required", false)}};
    json schema = param.value("schema", json::object());
    rewrite_refs(schema);
    body["x-body-schema"] = std::move(schema);
    if (param.contains("description")) {
      body["description"] = param["description"];
    }
    body["x-concord-body-name"] = name;
    out_op["requestBody"] = std::move(body);
    return;
  }
  json converted = convert_simple_parameter(param);
  auto& list = out_op["parameters"];
  const auto same = std::find_if(list.begin(), list.end(), [&](const json& p) {
    return string_or(p, "name") == name && string_or(p, "in") == in;
  });
  if (same != list.end()) {
    *same = std::move(converted); // operation level wins
  } else {
    if (resolved->pointer == at.pointer) {
      record_move(at.pointer, current_path_pointer_ + "/parameters/" + std::to_string(list.size()));
    }
    list.push_back(std::move(converted));
  }
}

json SwaggerConverter::convert_form_body(const std::vector<Located>& form_params,
                                         const json& consumes) const {
  json schema = {{"type", "object"}, {"properties", json::object()}};
  json required = json::array();
  for (const auto& param : form_params) {
    const std::string name = string_or(*param.node, "name");
    schema["properties"][name] = to_schema(*param.node);
    if (bool_or(*param.node, "required", false)) {
      required.push_back(name);
    }
  }
  if (!required.empty()) {
    schema["required"] = required;
  }
  json content = json::object();
  for (const auto& type : consumes) {
    const auto name = type.get<std::string>();
    if (name == "multipart/form-data" || name == "application/x-www-form-urlencoded") {
      content[name] = {{"schema", schema}};
    }
  }
  if (content.empty()) {
    content["application/x-www-form-urlencoded"] = {{"schema", schema}};
  }
  return {{"required", !required.empty()}, {"content", content}};
}

json SwaggerConverter::convert_responses(const Located& responses, const json& produces) {
  json out = json::object();
  if (!responses.is_object()) {
    return out;
  }
  for (const auto& [status, value] : responses.node->items()) {
    if (is_extension(status)) {
      out[status] = value;
      continue;
    }
    const auto resolved = ctx_.follow_refs(responses.child(status));
    if (!resolved || !resolved->is_object()) {
      continue;
    }
    const std::string target = current_path_pointer_ + "/responses/" + escape_pointer_token(status);
    record_move(responses.child(status).pointer, target);
    if (resolved->pointer == responses.child(status).pointer &&
        resolved->node->contains("schema")) {
      record_move(resolved->child("schema").pointer,
                  target + "/content/" + escape_pointer_token(produces[0].get<std::string>()) +
                      "/schema");
    }
    out[status] = convert_response(*resolved, produces);
  }
  return out;
}

json SwaggerConverter::convert_response(const Located& response, const json& produces) {
  const auto& node = *response.node;
  json out = {{"description", string_or(node, "description")}};
  copy_extensions(node, out);
  if (const auto headers = node.find("headers"); headers != node.end() && headers->is_object()) {
    json converted = json::object();
    for (const auto& [name, header] : headers->items()) {
      converted[name] = {{"schema", to_schema(header)}};
      if (header.contains("description")) {
        converted[name]["description"] = header["description"];
      }
    }
    out["headers"] = std::move(converted);
  }
  json content = json::object();
  if (const auto schema = node.find("schema"); schema != node.end()) {
    json converted = *schema;
    rewrite_refs(converted);
    for (const auto& type : produces) {
      content[type.get<std::string>()] = {{"schema", converted}};
    }
  }
  if (const auto examples = node.find("examples");
      examples != node.end() && examples->is_object()) {
    for (const auto& [type, value] : examples->items()) {
      content[type]["example"] = value;
    }
  }
  if (!content.empty()) {
    out["content"] = std::move(content);
  }
  return out;
}

// x-ms-examples (Azure): {name: {$ref: file}} with parameters and responses by status.
void SwaggerConverter::add_ms_examples(const Located& op, json& out_op) {
  const Located examples = op.child("x-ms-examples");
  if (!examples.is_object()) {
    return;
  }
  for (const auto& [name, ignored] : examples.node->items()) {
    const auto resolved = ctx_.follow_refs(examples.child(name));
    if (!resolved || !resolved->is_object()) {
      continue;
    }
    const Located responses = resolved->child("responses");
    if (responses.is_object()) {
      for (const auto& [status, response] : responses.node->items()) {
        auto& target = out_op["responses"];
        if (!target.contains(status) || !response.is_object() || !response.contains("body")) {
          continue;
        }
        const Located body = responses.child(status).child("body");
        json& content = target[status]["content"];
        if (content.is_null() || content.empty()) {
          content = json::object();
          content["application/json"] = json::object();
        }
        for (auto& [type, media] : content.items()) {
          media["examples"][name] = {{"value", *body.node}, {"x-concord-source", body.ref()}};
        }
      }
    }
    const Located params = resolved->child("parameters");
    if (!params.is_object()) {
      continue;
    }
    if (out_op.contains("parameters")) {
      for (auto& param : out_op["parameters"]) {
        const Located value = params.child(string_or(param, "name"));
        if (value.node != nullptr) {
          param["examples"][name] = {{"value", *value.node}, {"x-concord-source", value.ref()}};
        }
      }
    }
    if (out_op.contains("requestBody") && out_op["requestBody"].contains("x-concord-body-name")) {
      const Located value =
          params.child(out_op["requestBody"]["x-concord-body-name"].get<std::string>());
      if (value.node != nullptr) {
        for (auto& [type, media] : out_op["requestBody"]["content"].items()) {
          media["examples"][name] = {{"value", *value.node}, {"x-concord-source", value.ref()}};
        }
      }
    }
  }
}

void SwaggerConverter::remap_positions(Document& out) const {
  out.positions.reserve(source_.positions.size());
  for (const auto& [pointer, pos] : source_.positions) {
    std::string_view candidate = pointer;
    std::string mapped = pointer;
    while (!candidate.empty()) {
      const auto it = moves_.find(std::string(candidate));
      if (it != moves_.end()) {
        mapped = it->second + pointer.substr(candidate.size());
        break;
      }
      candidate = candidate.substr(0, candidate.rfind('/'));
    }
    out.positions.emplace(std::move(mapped), pos);
  }
}

Document SwaggerConverter::run() {
  for (const auto& [from, to] :
       {std::pair<const char*, const char*>{"/definitions", "/components/schemas"},
        {"/securityDefinitions", "/components/securitySchemes"},
        {"/responses", "/components/responses"},
        {"/parameters", "/components/parameters"}}) {
    record_move(from, to);
  }
  const auto& node = source_.root;
  json out = {{"openapi", "3.0.3"}};
  for (const char* key : {"info", "tags", "externalDocs", "security"}) {
    if (node.contains(key)) {
      out[key] = node[key];
    }
  }
  copy_extensions(node, out);
  out["servers"] = convert_servers();
  out["paths"] = convert_paths();
  json components = json::object();
  json schemas = node.value("definitions", json::object());
  rewrite_refs(schemas);
  for (auto& [name, schema] : schemas.items()) {
    if (schema.is_object()) {
      apply_nullable(schema);
    }
  }
  components["schemas"] = std::move(schemas);
  components["securitySchemes"] = convert_security_definitions();
  json parameters = json::object();
  const json source_parameters = node.value("parameters", json::object());
  for (const auto& [name, param] : source_parameters.items()) {
    const std::string in = string_or(param, "in");
    if (param.is_object() && in != "body" && in != "formData" && !param.contains("$ref")) {
      parameters[name] = convert_simple_parameter(param);
    }
  }
  components["parameters"] = std::move(parameters);
  current_path_pointer_ = "/components";
  components["responses"] = convert_responses(root_.child("responses"),
                                              media_types(node.value("produces", json()), json()));
  out["components"] = std::move(components);
  Document doc;
  doc.uri = source_.uri;
  doc.root = std::move(out);
  remap_positions(doc);
  return doc;
}

} // namespace

Document convert_swagger2(const Document& source, LoadContext& ctx) {
  SwaggerConverter converter(source, ctx);
  return converter.run();
}

} // namespace concord::core::detail
