// SchemaSet: compiles raw JSON schemas into CompiledSchema trees (iteratively, via a queue).
#include "core/schema_internal.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace concord::core {

const NamedChild* CompiledSchema::find_property(std::string_view name) const {
  constexpr std::size_t k_linear_limit = 8;
  if (properties.size() <= k_linear_limit) {
    for (const NamedChild& child : properties) {
      if (child.name.size() == name.size() && std::string_view(child.name) == name) {
        return &child;
      }
    }
    return nullptr;
  }
  const auto it = std::lower_bound(
      properties.begin(), properties.end(), name,
      [](const NamedChild& child, std::string_view key) { return child.name < key; });
  return it != properties.end() && it->name == name ? &*it : nullptr;
}

namespace {

using VoidResult = Result<void>;

struct WorkItem {
  CompiledSchema* node = nullptr;
  SchemaPlace place;
};

// What fill() knows about the schema object it is compiling.
struct FillContext {
  CompiledSchema& node;
  const nlohmann::json& raw;
  const SchemaPlace& place;
  std::string base;
  Dialect dialect;
  bool validation_vocabulary = true;
};

constexpr std::string_view k_validation_vocabulary =
    "https://json-schema.org/draft/2020-12/vocab/validation";

// Forgets every keyword of the validation vocabulary (type, enum, limits, required, ...).
void drop_validation_vocabulary(CompiledSchema& node) {
  node.types = 0;
  node.minimum.reset();
  node.maximum.reset();
  node.exclusive_minimum.reset();
  node.exclusive_maximum.reset();
  node.multiple_of.reset();
  node.min_length.reset();
  node.max_length.reset();
  node.pattern.reset();
  node.min_items.reset();
  node.max_items.reset();
  node.unique_items = false;
  node.max_contains.reset();
  node.min_contains = 1;
  node.required.clear();
  node.min_properties.reset();
  node.max_properties.reset();
  node.dependent_required.clear();
  node.enum_values.reset();
  node.const_value.reset();
}

tl::unexpected<Error> invalid(const FillContext& ctx, std::string_view keyword,
                              std::string message) {
  return fail(ErrorCode::schema_invalid, std::move(message),
              ctx.node.location + "/" + escape_pointer_token(keyword));
}

const nlohmann::json* find_keyword(const nlohmann::json& raw, const char* keyword) {
  const auto it = raw.find(keyword);
  return it == raw.end() ? nullptr : &*it;
}

std::optional<std::uint8_t> to_type_bit(std::string_view name) {
  if (name == "null") {
    return type_bits::null;
  }
  if (name == "boolean") {
    return type_bits::boolean;
  }
  if (name == "object") {
    return type_bits::object;
  }
  if (name == "array") {
    return type_bits::array;
  }
  if (name == "number") {
    return type_bits::number;
  }
  if (name == "string") {
    return type_bits::string;
  }
  if (name == "integer") {
    return type_bits::integer;
  }
  return std::nullopt;
}

bool is_non_negative_integer(const nlohmann::json& value) {
  if (value.is_number_unsigned()) {
    return true;
  }
  if (value.is_number_integer()) {
    return value.get<std::int64_t>() >= 0;
  }
  if (value.is_number_float()) {
    const double d = value.get<double>();
    return d >= 0 && std::floor(d) == d && d < 1e18;
  }
  return false;
}

class Compiler {
public:
  Compiler(SchemaSetData& impl, DocumentStore& store) : impl_(impl), store_(store) {}

  Result<SchemaHandle> compile(const SchemaPlace& place) {
    first_new_node_ = impl_.nodes.size();
    auto root = get_or_create(place);
    VoidResult done = drain();
    if (done) {
      done = check_cycles();
    }
    if (!done) {
      roll_back();
      return tl::unexpected(std::move(done.error()));
    }
    compute_effective_access();
    return root;
  }

private:
  CompiledSchema* get_or_create(const SchemaPlace& place) {
    const auto key = std::make_pair(place.node, place.dialect);
    if (const auto it = impl_.memo.find(key); it != impl_.memo.end()) {
      return it->second;
    }
    auto node = std::make_unique<CompiledSchema>();
    node->source = SchemaSource{place.node, place.document->uri, place.pointer, place.dialect};
    node->location = place.document->uri + "#" + place.pointer;
    CompiledSchema* raw = node.get();
    impl_.nodes.push_back(std::move(node));
    impl_.memo.emplace(key, raw);
    queue_.push_back(WorkItem{raw, place});
    return raw;
  }

  VoidResult drain() {
    while (!queue_.empty()) {
      WorkItem item = std::move(queue_.back());
      queue_.pop_back();
      if (auto filled = fill(*item.node, item.place); !filled) {
        return filled;
      }
    }
    return {};
  }

  void roll_back() {
    for (std::size_t i = first_new_node_; i < impl_.nodes.size(); ++i) {
      const SchemaSource& source = impl_.nodes[i]->source;
      impl_.memo.erase(std::make_pair(source.node, source.dialect));
    }
    impl_.nodes.resize(first_new_node_);
    for (const std::string& uri : new_resources_) {
      impl_.runtime_resources.erase(uri);
    }
    queue_.clear();
  }

  // --- filling one node -------------------------------------------------------------------

  VoidResult fill(CompiledSchema& node, const SchemaPlace& place) {
    const nlohmann::json& raw = *place.node;
    if (raw.is_boolean()) {
      node.is_boolean = true;
      node.boolean_value = raw.get<bool>();
      return {};
    }
    FillContext ctx{
        node, raw, place, place.parent_base, place.dialect, place.validation_vocabulary};
    if (!raw.is_object()) {
      return fail(ErrorCode::schema_invalid, "a schema must be an object or a boolean",
                  node.location);
    }
    apply_identity(ctx);
    if (ctx.dialect != Dialect::draft2020_12 && raw.contains("$ref")) {
      return compile_ref(ctx, "$ref", node.ref); // siblings of $ref are ignored
    }
    for (auto step :
         {&Compiler::compile_type, &Compiler::compile_numbers, &Compiler::compile_strings,
          &Compiler::compile_arrays, &Compiler::compile_objects, &Compiler::compile_dependencies,
          &Compiler::compile_applicators, &Compiler::compile_values,
          &Compiler::compile_annotations}) {
      if (auto result = (this->*step)(ctx); !result) {
        return result;
      }
    }
    if (!ctx.validation_vocabulary) {
      drop_validation_vocabulary(node);
    }
    node.is_type_only = is_type_only(node);
    return {};
  }

  static bool is_type_only(const CompiledSchema& node) {
    return node.types != 0 && !node.nullable && !node.has_object_keywords &&
           !node.has_array_keywords && !node.has_string_keywords && !node.has_number_keywords &&
           !node.has_in_place && !node.enum_values && !node.const_value &&
           node.format == FormatKind::unknown && node.resource == nullptr;
  }

  // A custom meta-schema may leave out the validation vocabulary.
  void apply_vocabularies(FillContext& ctx, const std::string& meta_schema) {
    if (ctx.dialect != Dialect::draft2020_12 ||
        meta_schema.rfind("https://json-schema.org/", 0) == 0) {
      return;
    }
    auto place = locate_ref(impl_, store_, ctx.base, meta_schema, ctx.dialect);
    if (!place || !place->node->is_object()) {
      return;
    }
    const auto vocabularies = place->node->find("$vocabulary");
    if (vocabularies != place->node->end() && vocabularies->is_object()) {
      ctx.validation_vocabulary = vocabularies->contains(std::string(k_validation_vocabulary));
    }
  }

  void apply_identity(FillContext& ctx) {
    if (const nlohmann::json* meta = find_keyword(ctx.raw, "$schema");
        meta != nullptr && meta->is_string() && ctx.dialect != Dialect::oas30) {
      ctx.dialect = dialect_from_meta_schema(meta->get<std::string>(), ctx.dialect);
      apply_vocabularies(ctx, meta->get<std::string>());
    }
    if (const std::string* id = find_schema_id(ctx.raw, ctx.dialect)) {
      auto [uri, fragment] = split_fragment(resolve_uri(ctx.base, *id));
      ctx.base = uri;
    }
    if (ctx.dialect == Dialect::draft2020_12) {
      ctx.node.resource = runtime_resource(ctx.base);
    }
  }

  const SchemaResource* runtime_resource(const std::string& uri) {
    if (const auto it = impl_.runtime_resources.find(uri); it != impl_.runtime_resources.end()) {
      return it->second.get();
    }
    auto resource = std::make_unique<SchemaResource>();
    resource->uri = uri;
    SchemaResource* raw = resource.get();
    impl_.runtime_resources.emplace(uri, std::move(resource));
    new_resources_.push_back(uri);
    if (const auto it = impl_.dynamic_anchors.find(uri); it != impl_.dynamic_anchors.end()) {
      for (const auto& [name, place] : it->second) {
        raw->dynamic_anchors.emplace_back(name, get_or_create(place));
      }
    }
    return raw;
  }

  Result<SchemaHandle> child(const FillContext& ctx, const nlohmann::json& sub,
                             std::string_view token, std::string_view token2 = {}) {
    std::string pointer = ctx.place.pointer + "/" + escape_pointer_token(token);
    if (!token2.empty()) {
      pointer += "/" + escape_pointer_token(token2);
    }
    if (!sub.is_object() && !sub.is_boolean()) {
      return fail(ErrorCode::schema_invalid, "a schema must be an object or a boolean",
                  ctx.place.document->uri + "#" + pointer);
    }
    return get_or_create(SchemaPlace{ctx.place.document, &sub, pointer, ctx.base, ctx.dialect,
                                     ctx.validation_vocabulary});
  }

  VoidResult child_into(const FillContext& ctx, const char* keyword, SchemaHandle& out) {
    const nlohmann::json* sub = find_keyword(ctx.raw, keyword);
    if (sub == nullptr) {
      return {};
    }
    auto compiled = child(ctx, *sub, keyword);
    if (!compiled) {
      return tl::unexpected(std::move(compiled.error()));
    }
    out = *compiled;
    return {};
  }

  VoidResult child_list(const FillContext& ctx, const char* keyword,
                        std::vector<SchemaHandle>& out) {
    const nlohmann::json* list = find_keyword(ctx.raw, keyword);
    if (list == nullptr) {
      return {};
    }
    if (!list->is_array()) {
      return invalid(ctx, keyword, std::string(keyword) + " must be an array of schemas");
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
      auto compiled = child(ctx, (*list)[i], keyword, std::to_string(i));
      if (!compiled) {
        return tl::unexpected(std::move(compiled.error()));
      }
      out.push_back(*compiled);
    }
    return {};
  }

  VoidResult child_map(const FillContext& ctx, const char* keyword, std::vector<NamedChild>& out) {
    const nlohmann::json* map = find_keyword(ctx.raw, keyword);
    if (map == nullptr) {
      return {};
    }
    if (!map->is_object()) {
      return invalid(ctx, keyword, std::string(keyword) + " must be an object");
    }
    for (const auto& [name, sub] : map->items()) {
      auto compiled = child(ctx, sub, keyword, name);
      if (!compiled) {
        return tl::unexpected(std::move(compiled.error()));
      }
      out.push_back(NamedChild{name, *compiled});
    }
    return {};
  }

  Result<SchemaHandle> resolve_reference(const FillContext& ctx, const std::string& ref) {
    auto place = locate_ref(impl_, store_, ctx.base, ref, ctx.dialect);
    if (!place) {
      Error error = std::move(place.error());
      error.location = ctx.node.location;
      return tl::unexpected(std::move(error));
    }
    return get_or_create(*place);
  }

  VoidResult compile_ref(const FillContext& ctx, const char* keyword, SchemaHandle& out) {
    const nlohmann::json* ref = find_keyword(ctx.raw, keyword);
    if (ref == nullptr) {
      return {};
    }
    if (!ref->is_string()) {
      return invalid(ctx, keyword, std::string(keyword) + " must be a string");
    }
    auto target = resolve_reference(ctx, ref->get<std::string>());
    if (!target) {
      return tl::unexpected(std::move(target.error()));
    }
    out = *target;
    ctx.node.has_in_place = true;
    return {};
  }

  VoidResult compile_type(FillContext& ctx) {
    const nlohmann::json* type = find_keyword(ctx.raw, "type");
    if (type == nullptr) {
      return {};
    }
    const auto add = [&](const nlohmann::json& name) -> VoidResult {
      const auto bit = name.is_string() ? to_type_bit(name.get<std::string>()) : std::nullopt;
      if (!bit) {
        return invalid(ctx, "type",
                       "unknown type " +
                           name.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      }
      ctx.node.types = static_cast<std::uint8_t>(ctx.node.types | *bit);
      return {};
    };
    if (!type->is_array()) {
      return add(*type);
    }
    for (const auto& name : *type) {
      if (auto added = add(name); !added) {
        return added;
      }
    }
    if (ctx.node.types == 0) {
      ctx.node.types = 0x80; // "type": [] allows nothing
    }
    return {};
  }

  VoidResult number_limit(FillContext& ctx, const char* keyword, const char* exclusive_keyword,
                          std::optional<NumberLimit>& out) {
    const nlohmann::json* value = find_keyword(ctx.raw, keyword);
    if (value == nullptr) {
      return {};
    }
    if (!value->is_number()) {
      return invalid(ctx, keyword, std::string(keyword) + " must be a number");
    }
    const nlohmann::json* exclusive = find_keyword(ctx.raw, exclusive_keyword);
    const bool boolean_exclusive = ctx.dialect != Dialect::draft2020_12 && exclusive != nullptr &&
                                   exclusive->is_boolean() && exclusive->get<bool>();
    out = NumberLimit{*value, boolean_exclusive};
    ctx.node.has_number_keywords = true;
    return {};
  }

  VoidResult numeric_exclusive(FillContext& ctx, const char* keyword,
                               std::optional<NumberLimit>& out) {
    const nlohmann::json* value = find_keyword(ctx.raw, keyword);
    if (value == nullptr || value->is_boolean()) {
      return {};
    }
    if (!value->is_number()) {
      return invalid(ctx, keyword, std::string(keyword) + " must be a number");
    }
    out = NumberLimit{*value, true};
    ctx.node.has_number_keywords = true;
    return {};
  }

  VoidResult compile_numbers(FillContext& ctx) {
    for (auto result : {number_limit(ctx, "minimum", "exclusiveMinimum", ctx.node.minimum),
                        number_limit(ctx, "maximum", "exclusiveMaximum", ctx.node.maximum),
                        numeric_exclusive(ctx, "exclusiveMinimum", ctx.node.exclusive_minimum),
                        numeric_exclusive(ctx, "exclusiveMaximum", ctx.node.exclusive_maximum)}) {
      if (!result) {
        return result;
      }
    }
    if (const nlohmann::json* value = find_keyword(ctx.raw, "multipleOf")) {
      if (!value->is_number() || value->get<double>() <= 0) {
        return invalid(ctx, "multipleOf", "multipleOf must be a number greater than 0");
      }
      ctx.node.multiple_of = *value;
      ctx.node.has_number_keywords = true;
    }
    return {};
  }

  VoidResult size_keyword(FillContext& ctx, const char* keyword, std::optional<std::size_t>& out,
                          bool& group_flag) {
    const nlohmann::json* value = find_keyword(ctx.raw, keyword);
    if (value == nullptr) {
      return {};
    }
    if (!is_non_negative_integer(*value)) {
      return invalid(ctx, keyword, std::string(keyword) + " must be a non-negative integer");
    }
    out = static_cast<std::size_t>(value->get<double>());
    if (value->is_number_integer()) {
      out = value->get<std::size_t>();
    }
    group_flag = true;
    return {};
  }

  VoidResult compile_strings(FillContext& ctx) {
    bool& flag = ctx.node.has_string_keywords;
    for (auto result : {size_keyword(ctx, "minLength", ctx.node.min_length, flag),
                        size_keyword(ctx, "maxLength", ctx.node.max_length, flag)}) {
      if (!result) {
        return result;
      }
    }
    if (const nlohmann::json* pattern = find_keyword(ctx.raw, "pattern")) {
      if (!pattern->is_string()) {
        return invalid(ctx, "pattern", "pattern must be a string");
      }
      auto regex = Regex::compile(pattern->get<std::string>());
      if (!regex) {
        return invalid(ctx, "pattern", regex.error().message);
      }
      ctx.node.pattern = std::move(*regex);
      flag = true;
    }
    if (const nlohmann::json* format = find_keyword(ctx.raw, "format");
        format != nullptr && format->is_string()) {
      ctx.node.format_name = format->get<std::string>();
      ctx.node.format = to_format_kind(ctx.node.format_name);
    }
    return {};
  }

  VoidResult compile_items(FillContext& ctx) {
    const nlohmann::json* items = find_keyword(ctx.raw, "items");
    const bool legacy = ctx.dialect != Dialect::draft2020_12;
    if (items != nullptr && items->is_array()) {
      if (auto list = child_list(ctx, "items", ctx.node.prefix_items); !list) {
        return list;
      }
      return legacy ? child_into(ctx, "additionalItems", ctx.node.items) : VoidResult{};
    }
    if (!legacy) {
      if (auto list = child_list(ctx, "prefixItems", ctx.node.prefix_items); !list) {
        return list;
      }
    }
    return child_into(ctx, "items", ctx.node.items);
  }

  VoidResult compile_arrays(FillContext& ctx) {
    CompiledSchema& node = ctx.node;
    bool& flag = node.has_array_keywords;
    std::optional<std::size_t> min_contains;
    for (auto result : {compile_items(ctx), size_keyword(ctx, "minItems", node.min_items, flag),
                        size_keyword(ctx, "maxItems", node.max_items, flag)}) {
      if (!result) {
        return result;
      }
    }
    if (ctx.dialect == Dialect::draft2020_12) {
      for (auto result : {child_into(ctx, "contains", node.contains),
                          child_into(ctx, "unevaluatedItems", node.unevaluated_items),
                          size_keyword(ctx, "minContains", min_contains, flag),
                          size_keyword(ctx, "maxContains", node.max_contains, flag)}) {
        if (!result) {
          return result;
        }
      }
    }
    if (min_contains) {
      node.min_contains = *min_contains;
    }
    if (const nlohmann::json* unique = find_keyword(ctx.raw, "uniqueItems")) {
      node.unique_items = unique->is_boolean() && unique->get<bool>();
    }
    flag = flag || node.unique_items || !node.prefix_items.empty() || node.items != nullptr ||
           node.contains != nullptr || node.unevaluated_items != nullptr;
    return {};
  }

  VoidResult compile_pattern_properties(FillContext& ctx) {
    const nlohmann::json* map = find_keyword(ctx.raw, "patternProperties");
    if (map == nullptr) {
      return {};
    }
    if (!map->is_object()) {
      return invalid(ctx, "patternProperties", "patternProperties must be an object");
    }
    for (const auto& [pattern, sub] : map->items()) {
      auto regex = Regex::compile(pattern);
      if (!regex) {
        return invalid(ctx, "patternProperties", regex.error().message);
      }
      auto compiled = child(ctx, sub, "patternProperties", pattern);
      if (!compiled) {
        return tl::unexpected(std::move(compiled.error()));
      }
      ctx.node.pattern_properties.push_back(PatternChild{std::move(*regex), *compiled});
    }
    return {};
  }

  VoidResult compile_required(FillContext& ctx) {
    const nlohmann::json* required = find_keyword(ctx.raw, "required");
    if (required == nullptr) {
      return {};
    }
    if (!required->is_array()) {
      return invalid(ctx, "required", "required must be an array of strings");
    }
    for (const auto& name : *required) {
      if (!name.is_string()) {
        return invalid(ctx, "required", "required must be an array of strings");
      }
      ctx.node.required.push_back(name.get<std::string>());
    }
    return {};
  }

  VoidResult compile_objects(FillContext& ctx) {
    CompiledSchema& node = ctx.node;
    bool& flag = node.has_object_keywords;
    const bool modern = ctx.dialect == Dialect::draft2020_12;
    for (auto result :
         {child_map(ctx, "properties", node.properties), compile_pattern_properties(ctx),
          child_into(ctx, "additionalProperties", node.additional_properties),
          modern ? child_into(ctx, "unevaluatedProperties", node.unevaluated_properties)
                 : VoidResult{},
          modern ? child_into(ctx, "propertyNames", node.property_names) : VoidResult{},
          compile_required(ctx), size_keyword(ctx, "minProperties", node.min_properties, flag),
          size_keyword(ctx, "maxProperties", node.max_properties, flag)}) {
      if (!result) {
        return result;
      }
    }
    std::sort(node.properties.begin(), node.properties.end(),
              [](const NamedChild& a, const NamedChild& b) { return a.name < b.name; });
    node.declares_open_object = node.additional_properties != nullptr ||
                                !node.pattern_properties.empty() ||
                                node.unevaluated_properties != nullptr;
    flag = flag || !node.properties.empty() || node.declares_open_object ||
           node.property_names != nullptr || !node.required.empty();
    return {};
  }

  VoidResult dependent_required(FillContext& ctx, const std::string& name,
                                const nlohmann::json& names, const char* keyword) {
    DependentRequired entry{name, {}};
    for (const auto& required : names) {
      if (!required.is_string()) {
        return invalid(ctx, keyword, std::string(keyword) + " lists must hold strings");
      }
      entry.required.push_back(required.get<std::string>());
    }
    ctx.node.dependent_required.push_back(std::move(entry));
    ctx.node.has_object_keywords = true;
    return {};
  }

  VoidResult compile_dependencies(FillContext& ctx) {
    const bool modern = ctx.dialect == Dialect::draft2020_12;
    const char* keyword = modern ? "dependentRequired" : "dependencies";
    if (const nlohmann::json* map = find_keyword(ctx.raw, keyword); map && map->is_object()) {
      for (const auto& [name, value] : map->items()) {
        if (value.is_array()) {
          if (auto added = dependent_required(ctx, name, value, keyword); !added) {
            return added;
          }
        } else if (!modern) {
          auto compiled = child(ctx, value, keyword, name);
          if (!compiled) {
            return tl::unexpected(std::move(compiled.error()));
          }
          ctx.node.dependent_schemas.push_back(NamedChild{name, *compiled});
        }
      }
    }
    if (modern) {
      if (auto map = child_map(ctx, "dependentSchemas", ctx.node.dependent_schemas); !map) {
        return map;
      }
    }
    ctx.node.has_object_keywords =
        ctx.node.has_object_keywords || !ctx.node.dependent_schemas.empty();
    return {};
  }

  VoidResult compile_applicators(FillContext& ctx) {
    CompiledSchema& node = ctx.node;
    const bool modern = ctx.dialect == Dialect::draft2020_12;
    for (auto result :
         {child_list(ctx, "allOf", node.all_of), child_list(ctx, "anyOf", node.any_of),
          child_list(ctx, "oneOf", node.one_of), child_into(ctx, "not", node.not_schema),
          modern ? child_into(ctx, "if", node.if_schema) : VoidResult{},
          modern ? child_into(ctx, "then", node.then_schema) : VoidResult{},
          modern ? child_into(ctx, "else", node.else_schema) : VoidResult{},
          modern ? compile_ref(ctx, "$ref", node.ref) : VoidResult{},
          modern ? compile_dynamic_ref(ctx) : VoidResult{}}) {
      if (!result) {
        return result;
      }
    }
    node.has_in_place = node.has_in_place || !node.all_of.empty() || !node.any_of.empty() ||
                        !node.one_of.empty() || node.not_schema != nullptr ||
                        node.if_schema != nullptr || node.ref != nullptr ||
                        node.dynamic_ref != nullptr;
    return {};
  }

  VoidResult compile_dynamic_ref(FillContext& ctx) {
    if (auto ref = compile_ref(ctx, "$dynamicRef", ctx.node.dynamic_ref); !ref) {
      return ref;
    }
    if (ctx.node.dynamic_ref == nullptr) {
      return {};
    }
    const std::string& value = ctx.raw.at("$dynamicRef").get_ref<const std::string&>();
    const std::string fragment = split_fragment(value).second;
    const nlohmann::json* target = ctx.node.dynamic_ref->source.node;
    if (fragment.empty() || fragment.front() == '/' || target == nullptr || !target->is_object()) {
      return {};
    }
    const auto anchor = target->find("$dynamicAnchor");
    if (anchor != target->end() && anchor->is_string() && anchor->get<std::string>() == fragment) {
      ctx.node.dynamic_anchor_name = fragment;
      impl_.has_dynamic_refs = true;
    }
    return {};
  }

  VoidResult compile_values(FillContext& ctx) {
    if (const nlohmann::json* values = find_keyword(ctx.raw, "enum")) {
      if (!values->is_array()) {
        return invalid(ctx, "enum", "enum must be an array");
      }
      ctx.node.enum_values = values->get<std::vector<nlohmann::json>>();
    }
    if (ctx.dialect == Dialect::draft2020_12) {
      if (const nlohmann::json* value = find_keyword(ctx.raw, "const")) {
        ctx.node.const_value = *value;
      }
    }
    return {};
  }

  VoidResult compile_discriminator(FillContext& ctx) {
    const nlohmann::json* discriminator = find_keyword(ctx.raw, "discriminator");
    if (discriminator == nullptr || !discriminator->is_object()) {
      return {};
    }
    const auto property = discriminator->find("propertyName");
    if (property == discriminator->end() || !property->is_string()) {
      return {};
    }
    ctx.node.discriminator_property = property->get<std::string>();
    const auto mapping = discriminator->find("mapping");
    if (mapping == discriminator->end() || !mapping->is_object()) {
      return {};
    }
    for (const auto& [value, target] : mapping->items()) {
      if (!target.is_string()) {
        continue;
      }
      std::string ref = target.get<std::string>();
      if (ref.find('#') == std::string::npos && ref.find('/') == std::string::npos) {
        ref = "#/components/schemas/" + ref;
      }
      if (auto compiled = resolve_reference(ctx, ref)) {
        ctx.node.discriminator_mapping.push_back(NamedChild{value, *compiled});
      } // the mapping is advisory: an unresolvable entry only loses a better message
    }
    return {};
  }

  VoidResult compile_annotations(FillContext& ctx) {
    const auto flag = [&](const char* keyword) {
      const nlohmann::json* value = find_keyword(ctx.raw, keyword);
      return value != nullptr && value->is_boolean() && value->get<bool>();
    };
    ctx.node.read_only = flag("readOnly");
    ctx.node.write_only = flag("writeOnly");
    ctx.node.nullable = ctx.dialect == Dialect::oas30 && flag("nullable");
    return compile_discriminator(ctx);
  }

  // --- after compiling ---------------------------------------------------------------------

  static void in_place_children(const CompiledSchema& node, std::vector<SchemaHandle>& out) {
    out.clear();
    for (SchemaHandle single : {node.ref, node.dynamic_ref, node.not_schema, node.if_schema,
                                node.then_schema, node.else_schema}) {
      if (single != nullptr) {
        out.push_back(single);
      }
    }
    out.insert(out.end(), node.all_of.begin(), node.all_of.end());
    out.insert(out.end(), node.any_of.begin(), node.any_of.end());
    out.insert(out.end(), node.one_of.begin(), node.one_of.end());
    for (const NamedChild& dependent : node.dependent_schemas) {
      out.push_back(dependent.schema);
    }
  }

  enum class Mark : std::uint8_t { none, active, done };
  using Marks = std::unordered_map<SchemaHandle, Mark>; // new nodes only; older ones are acyclic

  struct Frame {
    SchemaHandle node;
    std::vector<SchemaHandle> edges;
    std::size_t next = 0;
  };

  static void enter(std::vector<Frame>& stack, Marks& marks, SchemaHandle node) {
    marks[node] = Mark::active;
    stack.push_back(Frame{node, {}, 0});
    in_place_children(*node, stack.back().edges);
  }

  // Iterative depth-first search over in-place edges from `start`; returns the node that closes
  // a cycle, or nullptr.
  static SchemaHandle find_cycle_from(SchemaHandle start, Marks& marks) {
    std::vector<Frame> stack;
    enter(stack, marks, start);
    while (!stack.empty()) {
      Frame& frame = stack.back();
      if (frame.next == frame.edges.size()) {
        marks[frame.node] = Mark::done;
        stack.pop_back();
        continue;
      }
      SchemaHandle next = frame.edges[frame.next++];
      const auto found = marks.find(next);
      const Mark mark = found == marks.end() ? Mark::done : found->second;
      if (mark == Mark::active) {
        return next;
      }
      if (mark == Mark::none) {
        enter(stack, marks, next);
      }
    }
    return nullptr;
  }

  // A cycle through in-place applicators ($ref, allOf, ...) never consumes the instance.
  VoidResult check_cycles() {
    Marks marks;
    for (std::size_t i = first_new_node_; i < impl_.nodes.size(); ++i) {
      marks.emplace(impl_.nodes[i].get(), Mark::none);
    }
    for (std::size_t i = first_new_node_; i < impl_.nodes.size(); ++i) {
      SchemaHandle start = impl_.nodes[i].get();
      if (marks[start] != Mark::none) {
        continue;
      }
      if (SchemaHandle cycle = find_cycle_from(start, marks)) {
        return fail(ErrorCode::spec_cyclic_ref,
                    "schema refers to itself without consuming any part of the instance",
                    cycle->location);
      }
    }
    return {};
  }

  static std::pair<bool, bool> access_of(SchemaHandle node, int depth) {
    bool read_only = node->read_only;
    bool write_only = node->write_only;
    if (depth > 8) {
      return {read_only, write_only};
    }
    std::vector<SchemaHandle> via = node->all_of;
    if (node->ref != nullptr) {
      via.push_back(node->ref);
    }
    for (SchemaHandle next : via) {
      const auto [r, w] = access_of(next, depth + 1);
      read_only = read_only || r;
      write_only = write_only || w;
    }
    return {read_only, write_only};
  }

  void compute_effective_access() {
    for (std::size_t i = first_new_node_; i < impl_.nodes.size(); ++i) {
      CompiledSchema& node = *impl_.nodes[i];
      const auto [read_only, write_only] = access_of(&node, 0);
      node.effective_read_only = read_only;
      node.effective_write_only = write_only;
    }
  }

  SchemaSetData& impl_;
  DocumentStore& store_;
  std::vector<WorkItem> queue_;
  std::vector<std::string> new_resources_;
  std::size_t first_new_node_ = 0;
};

} // namespace

struct SchemaSet::Impl : SchemaSetData {};

SchemaSet::SchemaSet(DocumentStore& store) : store_(store), impl_(std::make_unique<Impl>()) {}

SchemaSet::~SchemaSet() = default;

Result<SchemaHandle> SchemaSet::compile(std::string_view uri, std::string_view pointer,
                                        Dialect dialect) {
  const Document* document = store_.find(uri);
  if (document == nullptr) {
    auto loaded = store_.load(std::filesystem::path(std::string(uri)));
    if (!loaded) {
      return tl::unexpected(std::move(loaded.error()));
    }
    document = *loaded;
  }
  index_document(*impl_, *document, dialect);
  const SchemaPlace root{document, &document->root, "", document->uri, dialect};
  auto place = locate_pointer(root, pointer);
  if (!place) {
    return tl::unexpected(std::move(place.error()));
  }
  Compiler compiler(*impl_, store_);
  return compiler.compile(*place);
}

Result<SchemaHandle> SchemaSet::compile_value(const nlohmann::json& schema, std::string base_uri,
                                              Dialect dialect) {
  const Document* document = store_.find(base_uri);
  if (document != nullptr && document->root != schema) {
    return fail(ErrorCode::schema_invalid,
                "another schema is already registered under \"" + base_uri + "\"", base_uri);
  }
  if (document == nullptr) {
    Document added;
    added.uri = std::move(base_uri);
    added.root = schema;
    document = store_.add(std::move(added));
  }
  return compile(document->uri, "", dialect);
}

std::vector<Finding> SchemaSet::validate(SchemaHandle schema, const nlohmann::json& instance,
                                         const ValidateOptions& options) const {
  if (schema == nullptr) {
    return {Finding{"", "", "schema", "no schema to validate against"}};
  }
  return run_validation(*impl_, *schema, instance, options);
}

bool SchemaSet::is_valid(SchemaHandle schema, const nlohmann::json& instance,
                         const ValidateOptions& options) const {
  return schema != nullptr && run_is_valid(*impl_, *schema, instance, options);
}

SchemaSource SchemaSet::source(SchemaHandle schema) const {
  return schema == nullptr ? SchemaSource{} : schema->source;
}

} // namespace concord::core
