#include "conformance/request_values.hpp"

#include "core/media_type.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace concord::conformance {
namespace {

std::optional<nlohmann::json> value_from_raw_schema(const nlohmann::json& schema) {
  if (!schema.is_object()) {
    return std::nullopt;
  }
  if (auto it = schema.find("example"); it != schema.end()) {
    return *it;
  }
  if (auto it = schema.find("examples"); it != schema.end() && it->is_array() && !it->empty()) {
    return it->front();
  }
  if (auto it = schema.find("default"); it != schema.end()) {
    return *it;
  }
  if (auto it = schema.find("enum"); it != schema.end() && it->is_array() && !it->empty()) {
    return it->front();
  }
  if (auto it = schema.find("const"); it != schema.end()) {
    return *it;
  }
  return std::nullopt;
}

bool is_unreserved(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

std::string percent_encode(std::string_view raw, std::string_view also_safe) {
  static constexpr std::array<char, 16> k_hex = {'0', '1', '2', '3', '4', '5', '6', '7',
                                                 '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};
  std::string out;
  out.reserve(raw.size());
  for (const char c : raw) {
    if (is_unreserved(c) || also_safe.find(c) != std::string_view::npos) {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += k_hex[byte >> 4U];
      out += k_hex[byte & 0x0FU];
    }
  }
  return out;
}

} // namespace

std::optional<nlohmann::json> make_parameter_value(const core::Parameter& param) {
  for (const auto& example : param.examples) {
    if (!example.external) {
      return example.value;
    }
  }
  return value_from_raw_schema(param.raw_schema);
}

std::optional<nlohmann::json> make_schema_value(const core::Spec& spec, core::SchemaHandle schema) {
  if (schema == nullptr || spec.schemas == nullptr) {
    return std::nullopt;
  }
  const auto source = spec.schemas->source(schema);
  if (source.node == nullptr) {
    return std::nullopt;
  }
  return value_from_raw_schema(*source.node);
}

std::optional<nlohmann::json> make_document_body(const core::Spec& spec,
                                                 const core::MediaType& media) {
  for (const auto& example : media.examples) {
    if (!example.external) {
      return example.value;
    }
  }
  return make_schema_value(spec, media.schema);
}

RawSchema follow_schema_refs(core::DocumentStore& store, RawSchema schema) {
  constexpr int k_max_ref_hops = 8;
  for (int hops = 0; hops < k_max_ref_hops && schema.node != nullptr && schema.node->is_object();
       ++hops) {
    const auto ref = schema.node->find("$ref");
    if (ref == schema.node->end() || !ref->is_string()) {
      break;
    }
    auto resolved = store.resolve(schema.base, ref->get<std::string>());
    if (!resolved || resolved->node == nullptr) {
      return {};
    }
    schema.node = resolved->node;
    if (resolved->document != nullptr) {
      schema.base = resolved->document->uri;
    }
  }
  return schema;
}

RawSchema resolve_raw_schema(const core::Spec& spec, core::SchemaHandle schema) {
  if (schema == nullptr || !spec.schemas) {
    return {};
  }
  const auto source = spec.schemas->source(schema);
  return follow_schema_refs(spec.schemas->store(), {source.node, source.base_uri});
}

std::string encode_path_segment(std::string_view raw) {
  return percent_encode(raw, "!$&'()*+,;=:@");
}

std::string encode_query_component(std::string_view raw) {
  return percent_encode(raw, "!$'()*,;:@/?");
}

TargetPath build_target_path(const RequestPlan& plan) {
  TargetPath out;
  const std::string& tmpl = plan.path_template;
  std::size_t pos = 0;
  while (pos < tmpl.size()) {
    const auto open = tmpl.find('{', pos);
    if (open == std::string::npos) {
      out.path += tmpl.substr(pos);
      break;
    }
    const auto close = tmpl.find('}', open);
    if (close == std::string::npos) {
      out.path += tmpl.substr(pos);
      break;
    }
    out.path += tmpl.substr(pos, open - pos);
    const std::string name = tmpl.substr(open + 1, close - open - 1);
    const auto it = plan.path_params.find(name);
    if (it == plan.path_params.end()) {
      if (out.missing.empty()) {
        out.missing = name;
      }
    } else {
      out.path += encode_path_segment(it->second);
    }
    pos = close + 1;
  }
  char sep = '?';
  for (const auto& [name, value] : plan.query) {
    out.path += sep;
    out.path += encode_query_component(name);
    out.path += '=';
    out.path += encode_query_component(value);
    sep = '&';
  }
  return out;
}

const core::MediaType* choose_json_media(const std::vector<core::MediaType>& content) {
  for (const auto& media : content) {
    if (core::is_json_media_type(media.name)) {
      return &media;
    }
  }
  return content.empty() ? nullptr : &content.front();
}

void set_header(core::Headers& headers, const std::string& name, std::string value) {
  for (auto& header : headers) {
    if (core::iequals(header.first, name)) {
      header.second = std::move(value);
      return;
    }
  }
  headers.emplace_back(name, std::move(value));
}

} // namespace concord::conformance
