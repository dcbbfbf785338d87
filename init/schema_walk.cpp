#include "init/schema_walk.hpp"

#include "core/document.hpp"
#include "core/schema.hpp"

namespace concord::init {

using nlohmann::json;

SchemaNode to_schema_node(const core::Spec& spec, core::SchemaHandle schema) {
  if (schema == nullptr || !spec.schemas) {
    return {};
  }
  const auto source = spec.schemas->source(schema);
  return resolve_schema(spec, {source.node, source.base_uri});
}

SchemaNode resolve_schema(const core::Spec& spec, SchemaNode schema) {
  for (int step = 0; step < 32 && schema.node != nullptr; ++step) {
    if (!schema.node->is_object()) {
      return schema;
    }
    const auto ref = schema.node->find("$ref");
    if (ref == schema.node->end() || !ref->is_string() || !spec.schemas) {
      return schema;
    }
    auto resolved = spec.schemas->store().resolve(schema.base, ref->get<std::string>());
    if (!resolved || resolved->node == nullptr || resolved->document == nullptr) {
      return {};
    }
    schema = {resolved->node, resolved->document->uri};
  }
  return schema.node != nullptr && schema.node->is_object() && schema.node->contains("$ref")
             ? SchemaNode{}
             : schema;
}

namespace {

void collect_properties(const core::Spec& spec, SchemaNode schema, int depth,
                        std::vector<std::pair<std::string, SchemaNode>>& out) {
  schema = resolve_schema(spec, schema);
  if (schema.node == nullptr || !schema.node->is_object() || depth > 8) {
    return;
  }
  if (const auto props = schema.node->find("properties");
      props != schema.node->end() && props->is_object()) {
    for (const auto& [name, value] : props->items()) {
      const bool seen = std::any_of(out.begin(), out.end(), [&name = name](const auto& entry) {
        return entry.first == name;
      });
      if (!seen) {
        out.emplace_back(name, resolve_schema(spec, {&value, schema.base}));
      }
    }
  }
  if (const auto all = schema.node->find("allOf"); all != schema.node->end() && all->is_array()) {
    for (const auto& branch : *all) {
      collect_properties(spec, {&branch, schema.base}, depth + 1, out);
    }
  }
}

} // namespace

std::vector<std::pair<std::string, SchemaNode>> list_properties(const core::Spec& spec,
                                                                const SchemaNode& schema) {
  std::vector<std::pair<std::string, SchemaNode>> out;
  collect_properties(spec, schema, 0, out);
  return out;
}

std::vector<std::string> list_enum(const core::Spec& spec, SchemaNode schema) {
  schema = resolve_schema(spec, schema);
  std::vector<std::string> out;
  if (schema.node == nullptr || !schema.node->is_object()) {
    return out;
  }
  if (const auto values = schema.node->find("enum");
      values != schema.node->end() && values->is_array()) {
    for (const auto& value : *values) {
      if (value.is_string()) {
        out.push_back(value.get<std::string>());
      }
    }
    return out;
  }
  for (const auto* key : {"anyOf", "oneOf", "allOf"}) {
    const auto branches = schema.node->find(key);
    if (branches == schema.node->end() || !branches->is_array()) {
      continue;
    }
    for (const auto& branch : *branches) {
      auto inner = list_enum(spec, {&branch, schema.base});
      if (!inner.empty()) {
        return inner;
      }
    }
  }
  return out;
}

const core::MediaType* find_json_media(const std::vector<core::MediaType>& content) {
  for (const auto& media : content) {
    const auto& name = media.name;
    if (name == "application/json" || (name.size() > 5 && name.ends_with("+json"))) {
      return &media;
    }
  }
  return nullptr;
}

const core::ResponseSpec* find_success(const core::Operation& op) {
  const core::ResponseSpec* best = nullptr;
  for (const auto& response : op.responses) {
    if (response.status.size() == 3 && response.status[0] == '2' &&
        (best == nullptr || response.status < best->status)) {
      best = &response;
    }
  }
  return best;
}

const core::ResponseSpec* find_response(const core::Operation& op, std::string_view key) {
  for (const auto& response : op.responses) {
    if (response.status == key) {
      return &response;
    }
  }
  return nullptr;
}

std::optional<std::string> find_parameter_value(const core::Parameter& param) {
  if (!param.examples.empty() && !param.examples.front().external) {
    return core::to_parameter_text(param.examples.front().value);
  }
  const auto& schema = param.raw_schema;
  if (!schema.is_object()) {
    return std::nullopt;
  }
  for (const auto* key : {"example", "default", "const"}) {
    if (schema.contains(key)) {
      return core::to_parameter_text(schema[key]);
    }
  }
  if (schema.contains("enum") && schema["enum"].is_array() && !schema["enum"].empty()) {
    return core::to_parameter_text(schema["enum"][0]);
  }
  return std::nullopt;
}

} // namespace concord::init
