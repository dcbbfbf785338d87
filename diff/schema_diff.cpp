// Recursive, direction-aware comparison of two schemas (diff_schemas).
#include "diff/diff_context.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>

namespace concord::diff::detail {

namespace {

using nlohmann::json;

constexpr int k_max_depth = 64;
constexpr int k_max_all_of_depth = 16;

struct Bound {
  double value = 0;
  bool exclusive = false;
};

// A schema with its allOf members folded in, in the terms the rules compare.
struct Flat {
  Node at;
  std::set<std::string> types; // without "null"; empty = any
  bool nullable = false;
  const json* enum_values = nullptr;
  std::optional<Bound> maximum;
  std::optional<Bound> minimum;
  std::optional<double> max_length;
  std::optional<double> min_length;
  std::optional<double> max_items;
  std::optional<double> min_items;
  const json* pattern = nullptr;
  const json* format = nullptr;
  const json* default_value = nullptr;
  std::map<std::string, Node> properties;
  std::set<std::string> required;
  Node additional; // additionalProperties schema (invalid: none or boolean)
  bool closed = false;
  Node items;
  std::vector<Node> variants; // oneOf, else anyOf
  bool read_only = false;
  bool write_only = false;
};

const json* find(const json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::optional<double> number_at(const json& object, const char* key) {
  const auto* value = find(object, key);
  return value != nullptr && value->is_number() ? std::optional<double>(value->get<double>())
                                                : std::nullopt;
}

bool is_true(const json& object, const char* key) {
  const auto* value = find(object, key);
  return value != nullptr && value->is_boolean() && value->get<bool>();
}

// maximum/exclusiveMaximum in both spellings (boolean: 3.0 and draft-04; number: 2020-12).
std::optional<Bound> bound_at(const json& object, const char* plain, const char* exclusive,
                              bool upper) {
  std::optional<Bound> out;
  if (const auto value = number_at(object, plain)) {
    out = Bound{*value, is_true(object, exclusive)};
  }
  if (const auto value = number_at(object, exclusive)) {
    if (!out || (upper ? *value <= out->value : *value >= out->value)) {
      out = Bound{*value, true};
    }
  }
  return out;
}

void read_types(const json& schema, Flat& flat) {
  if (const auto* type = find(schema, "type")) {
    if (type->is_string()) {
      flat.types.insert(type->get<std::string>());
    } else if (type->is_array()) {
      for (const auto& entry : *type) {
        if (entry.is_string()) {
          flat.types.insert(entry.get<std::string>());
        }
      }
    }
  }
  if (flat.types.erase("null") > 0 || is_true(schema, "nullable") ||
      is_true(schema, "x-nullable")) {
    flat.nullable = true;
  }
}

template <typename T> void keep_first(T& into, const T& from) {
  if (!into) {
    into = from;
  }
}

void merge(Flat& into, const Flat& from) {
  if (into.types.empty()) {
    into.types = from.types;
  }
  into.nullable = into.nullable || from.nullable;
  keep_first(into.enum_values, from.enum_values);
  keep_first(into.maximum, from.maximum);
  keep_first(into.minimum, from.minimum);
  keep_first(into.max_length, from.max_length);
  keep_first(into.min_length, from.min_length);
  keep_first(into.max_items, from.max_items);
  keep_first(into.min_items, from.min_items);
  keep_first(into.pattern, from.pattern);
  keep_first(into.format, from.format);
  keep_first(into.default_value, from.default_value);
  into.properties.insert(from.properties.begin(), from.properties.end());
  into.required.insert(from.required.begin(), from.required.end());
  if (!into.additional.is_valid()) {
    into.additional = from.additional;
  }
  into.closed = into.closed || from.closed;
  if (!into.items.is_valid()) {
    into.items = from.items;
  }
  if (into.variants.empty()) {
    into.variants = from.variants;
  }
  into.read_only = into.read_only || from.read_only;
  into.write_only = into.write_only || from.write_only;
}

void read_members(const Node& at, Flat& flat) {
  if (const Node properties = at.child("properties"); properties.is_valid()) {
    if (properties.value->is_object()) {
      for (const auto& [name, value] : properties.value->items()) {
        flat.properties.emplace(name, properties.child(name));
      }
    }
  }
  if (const auto* required = find(*at.value, "required"); required && required->is_array()) {
    for (const auto& name : *required) {
      if (name.is_string()) {
        flat.required.insert(name.get<std::string>());
      }
    }
  }
  if (const Node additional = at.child("additionalProperties"); additional.is_valid()) {
    if (additional.value->is_boolean()) {
      flat.closed = !additional.value->get<bool>();
    } else {
      flat.additional = additional;
    }
  }
  flat.items = at.child("items");
  for (const char* key : {"oneOf", "anyOf"}) {
    const Node list = at.child(key);
    if (list.is_valid() && list.value->is_array() && flat.variants.empty()) {
      for (std::size_t i = 0; i < list.value->size(); ++i) {
        flat.variants.push_back(list.item(i));
      }
    }
  }
}

Flat flatten(const Node& input, int depth) {
  Flat flat;
  flat.at = resolve_refs(input);
  const json* schema = flat.at.value;
  if (schema == nullptr || !schema->is_object()) {
    return flat;
  }
  read_types(*schema, flat);
  flat.enum_values = find(*schema, "enum");
  flat.maximum = bound_at(*schema, "maximum", "exclusiveMaximum", true);
  flat.minimum = bound_at(*schema, "minimum", "exclusiveMinimum", false);
  flat.max_length = number_at(*schema, "maxLength");
  flat.min_length = number_at(*schema, "minLength");
  flat.max_items = number_at(*schema, "maxItems");
  flat.min_items = number_at(*schema, "minItems");
  flat.pattern = find(*schema, "pattern");
  flat.format = find(*schema, "format");
  flat.default_value = find(*schema, "default");
  flat.read_only = is_true(*schema, "readOnly");
  flat.write_only = is_true(*schema, "writeOnly");
  read_members(flat.at, flat);
  const Node all_of = flat.at.child("allOf");
  if (all_of.is_valid() && all_of.value->is_array() && depth < k_max_all_of_depth) {
    for (std::size_t i = 0; i < all_of.value->size(); ++i) {
      merge(flat, flatten(all_of.item(i), depth + 1));
    }
  }
  return flat;
}

std::string join_types(const Flat& flat) {
  std::string out;
  for (const auto& type : flat.types) {
    if (!out.empty()) {
      out += '|';
    }
    out += type;
  }
  return out.empty() ? "any" : out;
}

std::string to_text(double value) {
  json number = value;
  if (value == static_cast<double>(static_cast<long long>(value))) {
    number = static_cast<long long>(value);
  }
  return number.dump();
}

std::string to_text(const Bound& bound) {
  std::string out = bound.exclusive ? "<" : "";
  out += to_text(bound.value);
  return out;
}

// Does `wide` accept every type `narrow` does? integer fits in number.
bool covers(const std::set<std::string>& wide, const std::set<std::string>& narrow) {
  return std::all_of(narrow.begin(), narrow.end(), [&](const std::string& type) {
    return wide.count(type) > 0 || (type == "integer" && wide.count("number") > 0);
  });
}

class SchemaDiff {
public:
  SchemaDiff(const SchemaScope& scope, Emitter& out) : scope_(scope), out_(out) {}

  void compare(const Node& old_in, const Node& new_in, const std::string& path, int depth);

private:
  std::string label(const std::string& path) const {
    return path.empty() ? scope_.root_label : scope_.noun + " '" + path + "'";
  }
  void emit(std::string_view kind, const std::string& path, const std::string& what, const Flat& a,
            const Flat& b) {
    out_.emit(scope_.prefix + "-" + std::string(kind),
              label(path) + " of " + scope_.where + ": " + what, a.at, b.at);
  }
  bool is_request() const { return scope_.side == Side::request; }

  void compare_types(const Flat& a, const Flat& b, const std::string& path);
  void compare_enums(const Flat& a, const Flat& b, const std::string& path);
  void compare_bounds(const Flat& a, const Flat& b, const std::string& path);
  void compare_lengths(const Flat& a, const Flat& b, const std::string& path);
  void compare_text(const Flat& a, const Flat& b, const std::string& path);
  void compare_properties(const Flat& a, const Flat& b, const std::string& path, int depth);
  void compare_property_pair(const Flat& a, const Flat& b, const std::string& name,
                             const std::string& path, int depth);
  void compare_variants(const Flat& a, const Flat& b, const std::string& path, int depth);
  bool is_on_side(const Node& property) const;

  const SchemaScope& scope_;
  Emitter& out_;
  std::set<std::string> visited_;
};

void SchemaDiff::compare(const Node& old_in, const Node& new_in, const std::string& path,
                         int depth) {
  if (!old_in.is_valid() || !new_in.is_valid() || depth > k_max_depth) {
    return;
  }
  const Flat a = flatten(old_in, 0);
  const Flat b = flatten(new_in, 0);
  // Each pair of schemas once: recursive schemas end here, and a shared one is reported at the
  // first place it is reached.
  if (!visited_.insert(a.at.ref() + "|" + b.at.ref()).second) {
    return;
  }
  compare_types(a, b, path);
  compare_enums(a, b, path);
  compare_bounds(a, b, path);
  compare_lengths(a, b, path);
  compare_text(a, b, path);
  compare_properties(a, b, path, depth);
  if (a.items.is_valid() && b.items.is_valid()) {
    compare(a.items, b.items, path + "[]", depth + 1);
  }
  if (a.additional.is_valid() && b.additional.is_valid()) {
    compare(a.additional, b.additional, path + "{}", depth + 1);
  }
  if (is_request() && b.closed && !a.closed) {
    emit("additional-properties-closed", path, "other fields no longer accepted", a, b);
  }
  compare_variants(a, b, path, depth);
}

void SchemaDiff::compare_types(const Flat& a, const Flat& b, const std::string& path) {
  if (!a.types.empty() && !b.types.empty()) {
    const bool broken = is_request() ? !covers(b.types, a.types) : !covers(a.types, b.types);
    if (broken) {
      emit("type-changed", path, "type changed from " + join_types(a) + " to " + join_types(b), a,
           b);
    }
  }
  if (is_request() && a.nullable && !b.nullable) {
    emit("nullable-removed", path, "null no longer accepted", a, b);
  }
  if (!is_request() && !a.nullable && b.nullable) {
    emit("nullable-added", path, "may now be null", a, b);
  }
}

void SchemaDiff::compare_enums(const Flat& a, const Flat& b, const std::string& path) {
  const auto contains = [](const json* list, const json& value) {
    return std::find(list->begin(), list->end(), value) != list->end();
  };
  const bool a_enum = a.enum_values != nullptr && a.enum_values->is_array();
  const bool b_enum = b.enum_values != nullptr && b.enum_values->is_array();
  if (a_enum && b_enum) {
    for (const auto& value : *a.enum_values) {
      if (!contains(b.enum_values, value)) {
        emit("enum-value-removed", path, "enum value " + value.dump() + " removed", a, b);
      }
    }
    if (!is_request()) {
      for (const auto& value : *b.enum_values) {
        if (!contains(a.enum_values, value)) {
          emit("enum-value-added", path, "enum value " + value.dump() + " added", a, b);
        }
      }
    }
  } else if (a_enum && !is_request()) {
    emit("enum-value-added", path, "no longer limited to its enum", a, b);
  }
}

void SchemaDiff::compare_bounds(const Flat& a, const Flat& b, const std::string& path) {
  if (!is_request()) {
    return;
  }
  const auto lower = [](const Bound& was, const Bound& now) {
    return now.value < was.value || (now.value == was.value && now.exclusive && !was.exclusive);
  };
  if (b.maximum && (!a.maximum || lower(*a.maximum, *b.maximum))) {
    emit("max-decreased", path,
         "maximum lowered from " + (a.maximum ? to_text(*a.maximum) : "none") + " to " +
             to_text(*b.maximum),
         a, b);
  }
  if (b.minimum && (!a.minimum || lower(*b.minimum, *a.minimum))) {
    emit("min-increased", path,
         "minimum raised from " + (a.minimum ? to_text(*a.minimum) : "none") + " to " +
             to_text(*b.minimum),
         a, b);
  }
}

void SchemaDiff::compare_lengths(const Flat& a, const Flat& b, const std::string& path) {
  if (!is_request()) {
    return;
  }
  struct Limit {
    const std::optional<double>& was;
    const std::optional<double>& now;
    bool upper;
    const char* kind;
    const char* keyword;
  };
  for (const auto& limit :
       {Limit{a.max_length, b.max_length, true, "max-length-decreased", "maxLength"},
        Limit{a.min_length, b.min_length, false, "min-length-increased", "minLength"},
        Limit{a.max_items, b.max_items, true, "max-items-decreased", "maxItems"},
        Limit{a.min_items, b.min_items, false, "min-items-increased", "minItems"}}) {
    if (!limit.now) {
      continue;
    }
    const bool narrower =
        !limit.was || (limit.upper ? *limit.now < *limit.was : *limit.now > *limit.was);
    if (narrower && (limit.upper || *limit.now > 0)) {
      emit(limit.kind, path,
           std::string(limit.keyword) + (limit.upper ? " lowered" : " raised") + " from " +
               (limit.was ? to_text(*limit.was) : "none") + " to " + to_text(*limit.now),
           a, b);
    }
  }
}

void SchemaDiff::compare_text(const Flat& a, const Flat& b, const std::string& path) {
  if (is_request() && b.pattern != nullptr) {
    if (a.pattern == nullptr) {
      emit("pattern-added", path, "pattern " + b.pattern->dump() + " added", a, b);
    } else if (*a.pattern != *b.pattern) {
      emit("pattern-changed", path,
           "pattern changed from " + a.pattern->dump() + " to " + b.pattern->dump(), a, b);
    }
  }
  if (b.format != nullptr && (a.format == nullptr || *a.format != *b.format) &&
      (is_request() || a.format != nullptr)) {
    emit("format-changed", path,
         "format changed from " + (a.format ? a.format->dump() : std::string("none")) + " to " +
             b.format->dump(),
         a, b);
  }
  if (is_request() && a.default_value != nullptr && b.default_value != nullptr &&
      *a.default_value != *b.default_value) {
    emit("default-changed", path,
         "default changed from " + a.default_value->dump() + " to " + b.default_value->dump(), a,
         b);
  }
}

// readOnly fields are not sent, writeOnly fields not returned.
bool SchemaDiff::is_on_side(const Node& property) const {
  const Node resolved = resolve_refs(property);
  if (!resolved.is_valid() || !resolved.value->is_object()) {
    return true;
  }
  return !is_true(*resolved.value, is_request() ? "readOnly" : "writeOnly");
}

std::string join_path(const std::string& path, const std::string& name) {
  return path.empty() ? name : path + "." + name;
}

void SchemaDiff::compare_properties(const Flat& a, const Flat& b, const std::string& path,
                                    int depth) {
  const std::string prefix = is_request() ? "request-property-" : "response-property-";
  for (const auto& [name, old_property] : a.properties) {
    if (!is_on_side(old_property)) {
      continue;
    }
    const std::string field = join_path(path, name);
    const auto found = b.properties.find(name);
    if (found == b.properties.end() || !is_on_side(found->second)) {
      out_.emit(prefix + "removed", scope_.noun + " '" + field + "' removed from " + scope_.where,
                old_property, b.at);
      continue;
    }
    compare_property_pair(a, b, name, path, depth);
  }
  for (const auto& [name, new_property] : b.properties) {
    if (a.properties.count(name) > 0 || !is_on_side(new_property)) {
      continue;
    }
    const std::string field = join_path(path, name);
    const bool required = b.required.count(name) > 0;
    const std::string rule = !is_request() ? "response-property-added"
                             : required    ? "request-property-required-added"
                                           : "request-property-optional-added";
    out_.emit(rule,
              std::string(required ? "required " : "optional ") + scope_.noun + " '" + field +
                  "' added to " + scope_.where,
              a.at, new_property);
  }
}

void SchemaDiff::compare_property_pair(const Flat& a, const Flat& b, const std::string& name,
                                       const std::string& path, int depth) {
  const std::string field = join_path(path, name);
  const Node& old_property = a.properties.at(name);
  const Node& new_property = b.properties.at(name);
  const bool was_required = a.required.count(name) > 0;
  const bool is_required = b.required.count(name) > 0;
  if (is_request() && !was_required && is_required) {
    out_.emit("request-property-became-required",
              scope_.noun + " '" + field + "' of " + scope_.where + " became required",
              old_property, new_property);
  }
  if (!is_request() && was_required && !is_required) {
    out_.emit("response-property-became-optional",
              scope_.noun + " '" + field + "' of " + scope_.where + " became optional",
              old_property, new_property);
  }
  compare(old_property, new_property, field, depth + 1);
}

// The $ref target's name, or "" for an inline alternative.
std::string to_ref_name(const Node& variant) {
  if (!variant.is_valid() || !variant.value->is_object()) {
    return "";
  }
  const auto* ref = find(*variant.value, "$ref");
  if (ref == nullptr || !ref->is_string()) {
    return "";
  }
  const auto text = ref->get<std::string>();
  return text.substr(text.rfind('/') + 1);
}

// "'Ball'" for a $ref alternative, "#2" for an inline one.
std::string to_variant_label(const std::string& name, std::size_t index) {
  std::string out;
  if (name.empty()) {
    out += '#';
    out += std::to_string(index + 1);
  } else {
    out += '\'';
    out += name;
    out += '\'';
  }
  return out;
}

void SchemaDiff::compare_variants(const Flat& a, const Flat& b, const std::string& path,
                                  int depth) {
  std::vector<bool> used(b.variants.size(), false);
  for (std::size_t i = 0; i < a.variants.size(); ++i) {
    const std::string name = to_ref_name(a.variants[i]);
    std::optional<std::size_t> match;
    for (std::size_t j = 0; j < b.variants.size() && !match; ++j) {
      if (!used[j] && (name.empty() ? (i == j && to_ref_name(b.variants[j]).empty())
                                    : to_ref_name(b.variants[j]) == name)) {
        match = j;
      }
    }
    if (match) {
      used[*match] = true;
      compare(a.variants[i], b.variants[*match], path, depth + 1);
    } else if (is_request()) {
      out_.emit("request-property-variant-removed",
                label(path) + " of " + scope_.where + ": alternative " + to_variant_label(name, i) +
                    " removed",
                a.variants[i], b.at);
    }
  }
  for (std::size_t j = 0; j < b.variants.size() && !is_request(); ++j) {
    if (!used[j] && !a.variants.empty()) {
      const std::string name = to_ref_name(b.variants[j]);
      out_.emit("response-property-variant-added",
                label(path) + " of " + scope_.where + ": alternative " + to_variant_label(name, j) +
                    " added",
                a.at, b.variants[j]);
    }
  }
}

} // namespace

void diff_schemas(const Node& old_schema, const Node& new_schema, const SchemaScope& scope,
                  Emitter& out) {
  SchemaDiff(scope, out).compare(old_schema, new_schema, "", 0);
}

} // namespace concord::diff::detail
