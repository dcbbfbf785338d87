// Validates instances against compiled schemas. Never allocates a pointer string unless a
// finding is produced; never throws; const and thread-safe (all scratch state is local).
#include "core/schema_internal.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace concord::core {
namespace {

using Json = nlohmann::json;

constexpr int k_max_depth = 1024; // evaluations on the stack at once
constexpr std::size_t k_summary_branches = 3;

// Which members (object) or items (array) of one instance some schema evaluated.
struct Annotations {
  std::vector<std::uint8_t> evaluated;
  bool saw_properties = false;
  bool saw_open = false;

  explicit Annotations(std::size_t size) : evaluated(size, 0) {}
  void merge(const Annotations& other) {
    for (std::size_t i = 0; i < evaluated.size() && i < other.evaluated.size(); ++i) {
      evaluated[i] = static_cast<std::uint8_t>(evaluated[i] | other.evaluated[i]);
    }
    saw_properties = saw_properties || other.saw_properties;
    saw_open = saw_open || other.saw_open;
  }
  void mark(std::size_t index) { evaluated[index] = 1; }
  void mark_all() { std::fill(evaluated.begin(), evaluated.end(), std::uint8_t{1}); }
};

std::optional<Annotations> fresh_like(const Annotations* ann) {
  return ann == nullptr ? std::nullopt : std::optional<Annotations>(ann->evaluated.size());
}

struct PathToken {
  const std::string* key; // object member, or nullptr for an array index
  std::size_t index;
};

// The instance path as tokens; rendered to a JSON pointer only when a finding is reported.
// Shallow paths live inline, so the success path does not allocate.
class PathStack {
public:
  void push(PathToken token) {
    if (size_ < inline_.size()) {
      inline_[size_] = token;
    } else {
      overflow_.push_back(token);
    }
    ++size_;
  }
  void pop() {
    --size_;
    if (size_ >= inline_.size()) {
      overflow_.pop_back();
    }
  }
  [[nodiscard]] std::string render() const {
    std::string pointer;
    for (std::size_t i = 0; i < size_; ++i) {
      const PathToken& token = i < inline_.size() ? inline_[i] : overflow_[i - inline_.size()];
      pointer += '/';
      pointer +=
          token.key != nullptr ? escape_pointer_token(*token.key) : std::to_string(token.index);
    }
    return pointer;
  }

private:
  std::array<PathToken, 32> inline_; // only [0, size_) is ever read
  std::size_t size_ = 0;
  std::vector<PathToken> overflow_;
};

bool is_integral(const Json& value) {
  if (value.is_number_integer()) {
    return true;
  }
  const double d = value.get<double>();
  return std::isfinite(d) && std::floor(d) == d;
}

std::uint8_t instance_bits(const Json& value) {
  switch (value.type()) {
  case Json::value_t::null:
    return type_bits::null;
  case Json::value_t::boolean:
    return type_bits::boolean;
  case Json::value_t::object:
    return type_bits::object;
  case Json::value_t::array:
    return type_bits::array;
  case Json::value_t::string:
    return type_bits::string;
  case Json::value_t::number_integer:
  case Json::value_t::number_unsigned:
    return type_bits::integer | type_bits::number;
  case Json::value_t::number_float:
    return is_integral(value) ? (type_bits::integer | type_bits::number) : type_bits::number;
  default:
    return 0;
  }
}

std::string instance_type_name(const Json& value) {
  if (value.is_number()) {
    return is_integral(value) && !value.is_number_float() ? "integer" : "number";
  }
  return value.type_name();
}

std::string type_names(std::uint8_t bits) {
  static constexpr std::array<std::pair<std::uint8_t, std::string_view>, 7> k_names = {{
      {type_bits::null, "null"},
      {type_bits::boolean, "boolean"},
      {type_bits::object, "object"},
      {type_bits::array, "array"},
      {type_bits::number, "number"},
      {type_bits::string, "string"},
      {type_bits::integer, "integer"},
  }};
  std::string out;
  for (const auto& [bit, name] : k_names) {
    if ((bits & bit) != 0) {
      out += out.empty() ? "" : " or ";
      out += name;
    }
  }
  return out.empty() ? "nothing" : out;
}

std::string short_dump(const Json& value) {
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > 80) {
    text.resize(77);
    text += "...";
  }
  return text;
}

std::string list_dump(const std::vector<Json>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size() && i < 10; ++i) {
    out += i == 0 ? "" : ", ";
    out += short_dump(values[i]);
  }
  out += values.size() > 10 ? ", ...]" : "]";
  return out;
}

// -1, 0, 1 comparing two JSON numbers exactly when both are integers.
int compare_numbers(const Json& a, const Json& b) {
  if (a.is_number_integer() && b.is_number_integer()) {
    const bool a_unsigned = a.is_number_unsigned();
    const bool b_unsigned = b.is_number_unsigned();
    if (!a_unsigned && !b_unsigned) {
      const auto x = a.get<std::int64_t>();
      const auto y = b.get<std::int64_t>();
      return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (a_unsigned && b_unsigned) {
      const auto x = a.get<std::uint64_t>();
      const auto y = b.get<std::uint64_t>();
      return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (a_unsigned) {
      return b.get<std::int64_t>() < 0 ? 1 : -compare_numbers(b, a);
    }
    return a.get<std::int64_t>() < 0 ? -1 : compare_numbers(Json(a.get<std::uint64_t>()), b);
  }
  const long double x = a.get<long double>();
  const long double y = b.get<long double>();
  return x < y ? -1 : (x > y ? 1 : 0);
}

bool is_multiple_of(const Json& value, const Json& divisor) {
  if (value.is_number_integer() && divisor.is_number_integer()) {
    const auto d = divisor.get<std::uint64_t>(); // divisor > 0 (checked at compile time)
    if (value.is_number_unsigned()) {
      return d != 0 && value.get<std::uint64_t>() % d == 0;
    }
    const auto v = value.get<std::int64_t>();
    const std::uint64_t magnitude =
        v < 0 ? static_cast<std::uint64_t>(-(v + 1)) + 1 : static_cast<std::uint64_t>(v);
    return d != 0 && magnitude % d == 0;
  }
  const double quotient = value.get<double>() / divisor.get<double>();
  if (!std::isfinite(quotient)) {
    return false;
  }
  const double nearest = std::round(quotient);
  return std::fabs(quotient - nearest) <= 1e-9 * std::max(1.0, std::fabs(quotient));
}

// A hash consistent with JSON equality (1 and 1.0 hash alike; object member order is irrelevant).
std::size_t hash_value(const Json& value) {
  constexpr std::size_t k_mix = 0x9e3779b97f4a7c15ULL;
  const auto combine = [](std::size_t seed, std::size_t h) {
    return seed ^ (h + k_mix + (seed << 6U) + (seed >> 2U));
  };
  switch (value.type()) {
  case Json::value_t::string:
    return std::hash<std::string>{}(value.get_ref<const std::string&>());
  case Json::value_t::boolean:
    return value.get<bool>() ? 1 : 2;
  case Json::value_t::number_integer:
  case Json::value_t::number_unsigned:
  case Json::value_t::number_float:
    return std::hash<double>{}(value.get<double>() + 0.0);
  case Json::value_t::array: {
    std::size_t seed = 3;
    for (const Json& item : value) {
      seed = combine(seed, hash_value(item));
    }
    return seed;
  }
  case Json::value_t::object: {
    std::size_t seed = 4;
    for (const auto& [key, member] : value.items()) {
      seed = combine(seed, combine(std::hash<std::string>{}(key), hash_value(member)));
    }
    return seed;
  }
  default:
    return 0;
  }
}

std::size_t count_code_points(const std::string& text) {
  std::size_t count = 0;
  for (const char c : text) {
    count += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  }
  return count;
}

class Validator {
public:
  Validator(const SchemaSetData& impl, const ValidateOptions& options, std::vector<Finding>* out)
      : impl_(impl), options_(options), out_(out), cap_(options.max_findings) {}

  bool validate(const CompiledSchema& schema, const Json& instance) {
    return eval_entry(schema, instance);
  }

private:
  struct PathGuard {
    PathStack& path;
    PathGuard(PathStack& p, PathToken token) : path(p) { path.push(token); }
    ~PathGuard() { path.pop(); }
    PathGuard(const PathGuard&) = delete;
    PathGuard& operator=(const PathGuard&) = delete;
  };

  struct DepthGuard {
    int& depth;
    explicit DepthGuard(int& d) : depth(d) { ++depth; }
    ~DepthGuard() { --depth; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
  };

  [[nodiscard]] bool stop() const { return out_ == nullptr || out_->size() >= cap_; }

  std::string render_pointer() const { return path_.render(); }

  void report(const CompiledSchema& schema, std::string_view keyword, std::string message) {
    if (out_ != nullptr && out_->size() < cap_) {
      out_->push_back(
          Finding{render_pointer(), schema.location, std::string(keyword), std::move(message)});
    }
  }

  bool eval_silently(const CompiledSchema& schema, const Json& instance, Annotations* ann) {
    std::vector<Finding>* saved = out_;
    out_ = nullptr;
    const bool valid = eval(schema, instance, ann);
    out_ = saved;
    return valid;
  }

  // Evaluates a schema at a new instance location (the root, a member or an item).
  bool eval_entry(const CompiledSchema& schema, const Json& instance) {
    if (schema.is_type_only && (instance_bits(instance) & schema.types) != 0) {
      return true; // the common {"type": "..."} leaf, without the general machinery
    }
    if (!options_.closed_objects || !instance.is_object()) {
      return eval(schema, instance, nullptr);
    }
    Annotations ann(instance.size());
    bool valid = eval(schema, instance, &ann);
    if (!ann.saw_properties || ann.saw_open) {
      return valid;
    }
    std::size_t index = 0;
    for (const auto& [key, value] : instance.get_ref<const Json::object_t&>()) {
      if (ann.evaluated[index++] == 0) {
        valid = false;
        if (stop()) {
          return false;
        }
        const PathGuard guard(path_, PathToken{&key, 0});
        report(schema, "additionalProperties",
               "property \"" + key + "\" is not declared in the schema (strict mode)");
      }
    }
    return valid;
  }

  bool eval(const CompiledSchema& schema, const Json& instance, Annotations* ann) {
    if (schema.is_boolean) {
      if (!schema.boolean_value) {
        report(schema, "false", "no value is allowed here");
      }
      return schema.boolean_value;
    }
    if (schema.nullable && instance.is_null()) {
      return true;
    }
    const DepthGuard depth_guard(depth_);
    if (depth_ > k_max_depth) {
      report(schema, "$ref", "schema nesting is too deep (recursive schema without progress?)");
      return false;
    }
    const bool pushed = push_scope(schema);
    const bool valid = eval_keywords(schema, instance, ann);
    if (pushed) {
      scope_.pop_back();
    }
    return valid;
  }

  bool push_scope(const CompiledSchema& schema) {
    if (!impl_.has_dynamic_refs || schema.resource == nullptr ||
        (!scope_.empty() && scope_.back() == schema.resource)) {
      return false;
    }
    scope_.push_back(schema.resource);
    return true;
  }

  bool eval_keywords(const CompiledSchema& schema, const Json& instance, Annotations* ann) {
    std::optional<Annotations> local;
    Annotations* const outer = ann;
    if ((schema.unevaluated_properties != nullptr && instance.is_object()) ||
        (schema.unevaluated_items != nullptr && instance.is_array())) {
      local.emplace(instance.size());
      ann = &*local;
    }
    bool valid = true;
    const auto step = [&](bool ok) {
      valid = valid && ok;
      return valid || !stop();
    };
    if (!step(check_type(schema, instance)) || !step(check_values(schema, instance)) ||
        !step(check_by_type(schema, instance, ann)) || !step(check_format(schema, instance))) {
      return false;
    }
    if (schema.has_in_place && !step(check_in_place(schema, instance, ann))) {
      return false;
    }
    if (local) {
      valid = check_unevaluated(schema, instance, *local) && valid;
      if (valid && outer != nullptr) {
        outer->merge(*local);
      }
    }
    return valid;
  }

  bool check_by_type(const CompiledSchema& schema, const Json& instance, Annotations* ann) {
    switch (instance.type()) {
    case Json::value_t::object:
      return (!schema.has_object_keywords && ann == nullptr &&
              options_.direction == Direction::none) ||
             check_object(schema, instance, ann);
    case Json::value_t::array:
      return !schema.has_array_keywords || check_array(schema, instance, ann);
    case Json::value_t::string:
      return !schema.has_string_keywords || check_string(schema, instance);
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return !schema.has_number_keywords || check_number(schema, instance);
    default:
      return true;
    }
  }

  bool check_type(const CompiledSchema& schema, const Json& instance) {
    if (schema.types == 0 || (instance_bits(instance) & schema.types) != 0) {
      return true;
    }
    report(schema, "type",
           "expected " + type_names(schema.types) + ", got " + instance_type_name(instance));
    return false;
  }

  bool check_values(const CompiledSchema& schema, const Json& instance) {
    bool valid = true;
    if (schema.enum_values && std::find(schema.enum_values->begin(), schema.enum_values->end(),
                                        instance) == schema.enum_values->end()) {
      report(schema, "enum",
             short_dump(instance) + " is not one of " + list_dump(*schema.enum_values));
      valid = false;
    }
    if (schema.const_value && *schema.const_value != instance) {
      report(schema, "const",
             "expected " + short_dump(*schema.const_value) + ", got " + short_dump(instance));
      valid = false;
    }
    return valid;
  }

  bool check_format(const CompiledSchema& schema, const Json& instance) {
    if (!options_.assert_formats || schema.format == FormatKind::unknown ||
        is_valid_format(schema.format, instance)) {
      return true;
    }
    report(schema, "format",
           short_dump(instance) + " is not a valid \"" + schema.format_name + "\"");
    return false;
  }

  // --- numbers -------------------------------------------------------------------------------

  bool check_limit(const CompiledSchema& schema, const Json& instance,
                   const std::optional<NumberLimit>& limit, bool is_minimum) {
    if (!limit) {
      return true;
    }
    const int order = compare_numbers(instance, limit->value);
    const bool ok = is_minimum ? (limit->exclusive ? order > 0 : order >= 0)
                               : (limit->exclusive ? order < 0 : order <= 0);
    if (ok) {
      return true;
    }
    const bool numeric_exclusive =
        limit->exclusive && schema.source.dialect == Dialect::draft2020_12;
    const char* keyword = is_minimum ? (numeric_exclusive ? "exclusiveMinimum" : "minimum")
                                     : (numeric_exclusive ? "exclusiveMaximum" : "maximum");
    const char* relation = is_minimum ? (limit->exclusive ? "greater than" : "at least")
                                      : (limit->exclusive ? "less than" : "at most");
    report(schema, keyword,
           short_dump(instance) + " must be " + relation + " " + short_dump(limit->value));
    return false;
  }

  bool check_number(const CompiledSchema& schema, const Json& instance) {
    bool valid = check_limit(schema, instance, schema.minimum, true);
    valid = check_limit(schema, instance, schema.maximum, false) && valid;
    valid = check_limit(schema, instance, schema.exclusive_minimum, true) && valid;
    valid = check_limit(schema, instance, schema.exclusive_maximum, false) && valid;
    if (schema.multiple_of && !is_multiple_of(instance, *schema.multiple_of)) {
      report(schema, "multipleOf",
             short_dump(instance) + " is not a multiple of " + short_dump(*schema.multiple_of));
      valid = false;
    }
    return valid;
  }

  // --- strings -------------------------------------------------------------------------------

  bool check_string(const CompiledSchema& schema, const Json& instance) {
    const auto& text = instance.get_ref<const std::string&>();
    bool valid = true;
    if (schema.min_length || schema.max_length) {
      const std::size_t length = count_code_points(text);
      if (schema.min_length && length < *schema.min_length) {
        report(schema, "minLength",
               "string is shorter than " + std::to_string(*schema.min_length) + " characters");
        valid = false;
      }
      if (schema.max_length && length > *schema.max_length) {
        report(schema, "maxLength",
               "string is longer than " + std::to_string(*schema.max_length) + " characters");
        valid = false;
      }
    }
    if (schema.pattern) {
      valid = check_pattern(schema, *schema.pattern, text) && valid;
    }
    return valid;
  }

  bool check_pattern(const CompiledSchema& schema, const Regex& regex, const std::string& text) {
    switch (regex.search(text, scratch_)) {
    case RegexMatch::matched:
      return true;
    case RegexMatch::not_matched:
      report(schema, "pattern", "string does not match pattern " + regex.pattern());
      return false;
    case RegexMatch::too_expensive:
      report(schema, "pattern", "pattern too expensive to evaluate: " + regex.pattern());
      return false;
    case RegexMatch::invalid_input:
    default:
      report(schema, "pattern", "string is not valid UTF-8");
      return false;
    }
  }

  // --- arrays --------------------------------------------------------------------------------

  bool check_array_size(const CompiledSchema& schema, std::size_t size) {
    bool valid = true;
    if (schema.min_items && size < *schema.min_items) {
      report(schema, "minItems",
             "array has " + std::to_string(size) + " items, at least " +
                 std::to_string(*schema.min_items) + " required");
      valid = false;
    }
    if (schema.max_items && size > *schema.max_items) {
      report(schema, "maxItems",
             "array has " + std::to_string(size) + " items, at most " +
                 std::to_string(*schema.max_items) + " allowed");
      valid = false;
    }
    return valid;
  }

  bool report_duplicate(const CompiledSchema& schema, std::size_t first, std::size_t second) {
    report(schema, "uniqueItems",
           "items " + std::to_string(std::min(first, second)) + " and " +
               std::to_string(std::max(first, second)) + " are equal");
    return false;
  }

  bool check_unique(const CompiledSchema& schema, const Json::array_t& items) {
    constexpr std::size_t k_quadratic_limit = 32;
    if (items.size() <= k_quadratic_limit) {
      for (std::size_t i = 0; i < items.size(); ++i) {
        for (std::size_t j = i + 1; j < items.size(); ++j) {
          if (items[i] == items[j]) {
            return report_duplicate(schema, i, j);
          }
        }
      }
      return true;
    }
    std::vector<std::pair<std::size_t, std::size_t>> hashed; // (hash, index)
    hashed.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      hashed.emplace_back(hash_value(items[i]), i);
    }
    std::sort(hashed.begin(), hashed.end());
    for (std::size_t i = 0; i < hashed.size(); ++i) {
      for (std::size_t j = i + 1; j < hashed.size() && hashed[j].first == hashed[i].first; ++j) {
        if (items[hashed[i].second] == items[hashed[j].second]) {
          return report_duplicate(schema, hashed[i].second, hashed[j].second);
        }
      }
    }
    return true;
  }

  bool check_items(const CompiledSchema& schema, const Json::array_t& items, Annotations* ann) {
    bool valid = true;
    const std::size_t prefix = std::min(items.size(), schema.prefix_items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      const CompiledSchema* item_schema = i < prefix ? schema.prefix_items[i] : schema.items;
      if (item_schema == nullptr) {
        break;
      }
      if (item_schema->is_boolean && !item_schema->boolean_value) {
        report(schema, "items",
               "array has " + std::to_string(items.size()) + " items, at most " +
                   std::to_string(i) + " allowed");
        return false;
      }
      const PathGuard guard(path_, PathToken{nullptr, i});
      if (eval_entry(*item_schema, items[i])) {
        if (ann != nullptr) {
          ann->mark(i);
        }
      } else {
        valid = false;
        if (stop()) {
          return false;
        }
      }
    }
    return valid;
  }

  bool check_contains(const CompiledSchema& schema, const Json::array_t& items, Annotations* ann) {
    std::size_t matches = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const PathGuard guard(path_, PathToken{nullptr, i});
      if (eval_silently(*schema.contains, items[i], nullptr)) {
        ++matches;
        if (ann != nullptr) {
          ann->mark(i);
        }
      }
    }
    if (matches < schema.min_contains) {
      report(schema, schema.min_contains == 1 ? "contains" : "minContains",
             "array contains " + std::to_string(matches) + " matching items, at least " +
                 std::to_string(schema.min_contains) + " required");
      return false;
    }
    if (schema.max_contains && matches > *schema.max_contains) {
      report(schema, "maxContains",
             "array contains " + std::to_string(matches) + " matching items, at most " +
                 std::to_string(*schema.max_contains) + " allowed");
      return false;
    }
    return true;
  }

  bool check_array(const CompiledSchema& schema, const Json& instance, Annotations* ann) {
    const auto& items = instance.get_ref<const Json::array_t&>();
    bool valid = check_array_size(schema, items.size());
    if (!valid && stop()) {
      return false;
    }
    if (schema.unique_items && !check_unique(schema, items)) {
      valid = false;
      if (stop()) {
        return false;
      }
    }
    valid = check_items(schema, items, ann) && valid;
    if (schema.contains != nullptr && !(valid || !stop())) {
      return false;
    }
    if (schema.contains != nullptr) {
      valid = check_contains(schema, items, ann) && valid;
    }
    return valid;
  }

  // --- objects -------------------------------------------------------------------------------

  bool is_exempt_from_required(const CompiledSchema& schema, const std::string& name) const {
    if (options_.direction == Direction::none) {
      return false;
    }
    const NamedChild* property = schema.find_property(name);
    if (property == nullptr) {
      return false;
    }
    return options_.direction == Direction::request ? property->schema->effective_read_only
                                                    : property->schema->effective_write_only;
  }

  bool check_required(const CompiledSchema& schema, const Json::object_t& object) {
    bool valid = true;
    for (const std::string& name : schema.required) {
      if (object.find(name) == object.end() && !is_exempt_from_required(schema, name)) {
        report(schema, "required", "missing required property \"" + name + "\"");
        valid = false;
        if (stop()) {
          return false;
        }
      }
    }
    return valid;
  }

  bool check_object_size(const CompiledSchema& schema, std::size_t size) {
    bool valid = true;
    if (schema.min_properties && size < *schema.min_properties) {
      report(schema, "minProperties",
             "object has " + std::to_string(size) + " properties, at least " +
                 std::to_string(*schema.min_properties) + " required");
      valid = false;
    }
    if (schema.max_properties && size > *schema.max_properties) {
      report(schema, "maxProperties",
             "object has " + std::to_string(size) + " properties, at most " +
                 std::to_string(*schema.max_properties) + " allowed");
      valid = false;
    }
    return valid;
  }

  bool check_access(const CompiledSchema& property, const std::string& key) {
    if (options_.direction == Direction::request && property.effective_read_only) {
      report(property, "readOnly",
             "property \"" + key + "\" is read-only and must not be sent in a request");
      return false;
    }
    if (options_.direction == Direction::response && property.effective_write_only) {
      report(property, "writeOnly",
             "property \"" + key + "\" is write-only and must not be returned in a response");
      return false;
    }
    return true;
  }

  bool check_property_name(const CompiledSchema& schema, const std::string& key) {
    const Json name(key);
    if (eval_silently(*schema.property_names, name, nullptr)) {
      return true;
    }
    report(schema, "propertyNames", "property name \"" + key + "\" is not allowed");
    return false;
  }

  // Validates one member against properties / patternProperties / additionalProperties.
  bool check_member(const CompiledSchema& schema, const std::string& key, const Json& value,
                    bool& evaluated) {
    bool valid = true;
    if (const NamedChild* property = schema.find_property(key)) {
      evaluated = true;
      valid = check_access(*property->schema, key) && valid;
      valid = (valid || !stop()) && eval_entry(*property->schema, value) && valid;
    }
    for (const PatternChild& pattern : schema.pattern_properties) {
      const RegexMatch match = pattern.regex->search(key, scratch_);
      if (match == RegexMatch::too_expensive) {
        report(schema, "patternProperties",
               "pattern too expensive to evaluate: " + pattern.regex->pattern());
        valid = false;
      } else if (match == RegexMatch::matched) {
        evaluated = true;
        valid = eval_entry(*pattern.schema, value) && valid;
      }
    }
    if (!evaluated && schema.additional_properties != nullptr) {
      evaluated = true;
      const CompiledSchema& additional = *schema.additional_properties;
      if (additional.is_boolean && !additional.boolean_value) {
        report(schema, "additionalProperties", "property \"" + key + "\" is not allowed");
        return false;
      }
      valid = eval_entry(additional, value) && valid;
    }
    return valid;
  }

  bool check_members(const CompiledSchema& schema, const Json::object_t& object, Annotations* ann) {
    bool valid = true;
    std::size_t index = 0;
    for (const auto& [key, value] : object) {
      const PathGuard guard(path_, PathToken{&key, 0});
      bool evaluated = false;
      bool ok = schema.property_names == nullptr || check_property_name(schema, key);
      ok = check_member(schema, key, value, evaluated) && ok;
      if (evaluated && ann != nullptr) {
        ann->mark(index);
      }
      ++index;
      valid = valid && ok;
      if (!valid && stop()) {
        return false;
      }
    }
    return valid;
  }

  bool check_dependencies(const CompiledSchema& schema, const Json& instance,
                          const Json::object_t& object, Annotations* ann) {
    bool valid = true;
    for (const DependentRequired& dependency : schema.dependent_required) {
      if (object.find(dependency.name) == object.end()) {
        continue;
      }
      for (const std::string& name : dependency.required) {
        if (object.find(name) == object.end()) {
          report(schema, "dependentRequired",
                 "property \"" + name + "\" is required when \"" + dependency.name +
                     "\" is present");
          valid = false;
        }
      }
    }
    for (const NamedChild& dependency : schema.dependent_schemas) {
      if (object.find(dependency.name) != object.end()) {
        valid = eval(*dependency.schema, instance, ann) && valid;
      }
    }
    return valid;
  }

  bool check_object(const CompiledSchema& schema, const Json& instance, Annotations* ann) {
    const auto& object = instance.get_ref<const Json::object_t&>();
    if (ann != nullptr) {
      ann->saw_properties = ann->saw_properties || !schema.properties.empty();
      ann->saw_open = ann->saw_open || schema.declares_open_object;
    }
    bool valid = check_object_size(schema, object.size());
    valid = (valid || !stop()) && check_required(schema, object) && valid;
    if (!valid && stop()) {
      return false;
    }
    valid = check_members(schema, object, ann) && valid;
    if (!valid && stop()) {
      return false;
    }
    return check_dependencies(schema, instance, object, ann) && valid;
  }

  // --- unevaluated ---------------------------------------------------------------------------

  bool check_unevaluated(const CompiledSchema& schema, const Json& instance, Annotations& ann) {
    const bool is_object = instance.is_object();
    const CompiledSchema& rest =
        is_object ? *schema.unevaluated_properties : *schema.unevaluated_items;
    const char* keyword = is_object ? "unevaluatedProperties" : "unevaluatedItems";
    bool valid = true;
    std::size_t index = 0;
    const auto check_one = [&](const std::string* key, const Json& value) {
      if (ann.evaluated[index] != 0) {
        return true;
      }
      const PathGuard guard(path_, PathToken{key, index});
      if (rest.is_boolean && !rest.boolean_value) {
        report(schema, keyword,
               key != nullptr ? "property \"" + *key + "\" is not allowed (not evaluated)"
                              : "item " + std::to_string(index) + " is not allowed");
        return false;
      }
      if (!eval_entry(rest, value)) {
        return false;
      }
      ann.mark(index);
      return true;
    };
    if (is_object) {
      for (const auto& [key, value] : instance.get_ref<const Json::object_t&>()) {
        valid = check_one(&key, value) && valid;
        ++index;
      }
    } else {
      for (const Json& item : instance.get_ref<const Json::array_t&>()) {
        valid = check_one(nullptr, item) && valid;
        ++index;
      }
    }
    if (valid) {
      ann.mark_all();
    }
    return valid;
  }

  // --- in-place applicators ------------------------------------------------------------------

  const CompiledSchema* dynamic_target(const CompiledSchema& schema) const {
    if (schema.dynamic_anchor_name.empty()) {
      return schema.dynamic_ref;
    }
    for (const SchemaResource* resource : scope_) {
      for (const auto& [name, target] : resource->dynamic_anchors) {
        if (name == schema.dynamic_anchor_name) {
          return target;
        }
      }
    }
    return schema.dynamic_ref;
  }

  bool check_in_place(const CompiledSchema& schema, const Json& instance, Annotations* ann) {
    bool valid = true;
    const auto step = [&](bool ok) {
      valid = valid && ok;
      return valid || !stop();
    };
    if (schema.ref != nullptr && !step(eval(*schema.ref, instance, ann))) {
      return false;
    }
    if (schema.dynamic_ref != nullptr && !step(eval(*dynamic_target(schema), instance, ann))) {
      return false;
    }
    for (const CompiledSchema* branch : schema.all_of) {
      if (!step(eval(*branch, instance, ann))) {
        return false;
      }
    }
    if ((!schema.any_of.empty() && !step(check_any_of(schema, instance, ann))) ||
        (!schema.one_of.empty() && !step(check_one_of(schema, instance, ann)))) {
      return false;
    }
    if (schema.not_schema != nullptr && eval_silently(*schema.not_schema, instance, nullptr)) {
      report(schema, "not", "value must not match the schema in \"not\"");
      valid = false;
    }
    if (schema.if_schema != nullptr) {
      valid = check_if(schema, instance, ann) && valid;
    }
    return valid;
  }

  bool check_if(const CompiledSchema& schema, const Json& instance, Annotations* ann) {
    std::optional<Annotations> branch = fresh_like(ann);
    if (eval_silently(*schema.if_schema, instance, branch ? &*branch : nullptr)) {
      if (ann != nullptr) {
        ann->merge(*branch);
      }
      return schema.then_schema == nullptr || eval(*schema.then_schema, instance, ann);
    }
    return schema.else_schema == nullptr || eval(*schema.else_schema, instance, ann);
  }

  bool check_any_of(const CompiledSchema& schema, const Json& instance, Annotations* ann) {
    bool any = false;
    for (const CompiledSchema* option : schema.any_of) {
      std::optional<Annotations> branch = fresh_like(ann);
      if (eval_silently(*option, instance, branch ? &*branch : nullptr)) {
        any = true;
        if (ann == nullptr) {
          break;
        }
        ann->merge(*branch);
      }
    }
    if (!any) {
      report_no_match(schema, "anyOf", schema.any_of, instance);
    }
    return any;
  }

  // In strict mode a branch that leaves members unevaluated does not really fit the instance.
  static bool is_closed_match(const Annotations& branch, const Annotations& parent) {
    if (!branch.saw_properties || branch.saw_open) {
      return true;
    }
    for (std::size_t i = 0; i < branch.evaluated.size(); ++i) {
      if (branch.evaluated[i] == 0 && parent.evaluated[i] == 0) {
        return false;
      }
    }
    return true;
  }

  struct OneOfMatches {
    std::vector<std::size_t> branches;
    std::vector<Annotations> annotations; // parallel to branches when annotations are tracked
  };

  // Evaluates the branches silently; stops at the second match unless strict mode must pick.
  OneOfMatches find_one_of_matches(const CompiledSchema& schema, const Json& instance,
                                   const Annotations* ann, bool keep_going) {
    OneOfMatches matches;
    for (std::size_t i = 0; i < schema.one_of.size(); ++i) {
      std::optional<Annotations> branch = fresh_like(ann);
      if (!eval_silently(*schema.one_of[i], instance, branch ? &*branch : nullptr)) {
        continue;
      }
      matches.branches.push_back(i);
      if (branch) {
        matches.annotations.push_back(std::move(*branch));
      }
      if (matches.branches.size() > 1 && !keep_going) {
        break;
      }
    }
    return matches;
  }

  // Strict mode: of several matching branches keep the one that declares every member.
  static void keep_closed_match(OneOfMatches& matches, const Annotations& parent) {
    std::vector<std::size_t> closed;
    for (std::size_t m = 0; m < matches.branches.size(); ++m) {
      if (is_closed_match(matches.annotations[m], parent)) {
        closed.push_back(m);
      }
    }
    if (closed.size() == 1) {
      matches.branches = {matches.branches[closed.front()]};
      matches.annotations = {std::move(matches.annotations[closed.front()])};
    }
  }

  bool check_one_of(const CompiledSchema& schema, const Json& instance, Annotations* ann) {
    const bool strict_pick = options_.closed_objects && ann != nullptr;
    OneOfMatches matches = find_one_of_matches(schema, instance, ann, strict_pick);
    if (matches.branches.empty()) {
      report_no_match(schema, "oneOf", schema.one_of, instance);
      return false;
    }
    if (matches.branches.size() > 1 && strict_pick) {
      keep_closed_match(matches, *ann);
    }
    if (matches.branches.size() > 1) {
      report(schema, "oneOf",
             "value matches more than one schema in oneOf (" + std::to_string(matches.branches[0]) +
                 " and " + std::to_string(matches.branches[1]) + ")");
      return false;
    }
    if (ann != nullptr && !matches.annotations.empty()) {
      ann->merge(matches.annotations.front());
    }
    return true;
  }

  // --- composition failure messages (only run when a finding is wanted) ----------------------

  // True when `schema` (through $ref and allOf) pins `property` to `value` with const or enum.
  static bool pins_property(const CompiledSchema* schema, const std::string& property,
                            const Json& value, int depth) {
    if (schema == nullptr || depth > 8) {
      return false;
    }
    if (const NamedChild* child = schema->find_property(property)) {
      const CompiledSchema* target = child->schema;
      for (int hop = 0; hop < 8 && target->ref != nullptr; ++hop) {
        target = target->ref;
      }
      if ((target->const_value && *target->const_value == value) ||
          (target->enum_values && target->enum_values->size() == 1 &&
           target->enum_values->front() == value)) {
        return true;
      }
    }
    if (pins_property(schema->ref, property, value, depth + 1)) {
      return true;
    }
    return std::any_of(schema->all_of.begin(), schema->all_of.end(),
                       [&](const CompiledSchema* part) {
                         return pins_property(part, property, value, depth + 1);
                       });
  }

  const CompiledSchema* discriminated_branch(const CompiledSchema& schema, const std::string& value,
                                             const std::vector<SchemaHandle>& branches) const {
    for (const NamedChild& entry : schema.discriminator_mapping) {
      if (entry.name == value) {
        return entry.schema;
      }
    }
    const std::string suffix = "/" + escape_pointer_token(value);
    for (const CompiledSchema* branch : branches) {
      const CompiledSchema* target = branch->ref != nullptr ? branch->ref : branch;
      const std::string& location = target->location;
      if (location.size() >= suffix.size() &&
          location.compare(location.size() - suffix.size(), suffix.size(), suffix) == 0) {
        return branch;
      }
    }
    const Json wanted(value);
    for (const CompiledSchema* branch : branches) {
      if (pins_property(branch, schema.discriminator_property, wanted, 0)) {
        return branch;
      }
    }
    return nullptr;
  }

  bool report_discriminated(const CompiledSchema& schema, std::string_view keyword,
                            const std::vector<SchemaHandle>& branches, const Json& instance) {
    if (schema.discriminator_property.empty() || !instance.is_object()) {
      return false;
    }
    const auto it = instance.find(schema.discriminator_property);
    if (it == instance.end() || !it->is_string()) {
      report(schema, keyword,
             "missing discriminator property \"" + schema.discriminator_property + "\"");
      return true;
    }
    const CompiledSchema* branch =
        discriminated_branch(schema, it->get_ref<const std::string&>(), branches);
    if (branch == nullptr) {
      report(schema, "discriminator",
             short_dump(*it) + " is not a known value of discriminator \"" +
                 schema.discriminator_property + "\"");
      return true;
    }
    const std::size_t before = out_->size();
    eval(*branch, instance, nullptr);
    if (out_->size() == before) {
      report(schema, keyword, "value does not match the schema chosen by the discriminator");
    }
    return true;
  }

  void report_no_match(const CompiledSchema& schema, std::string_view keyword,
                       const std::vector<SchemaHandle>& branches, const Json& instance) {
    if (stop() || report_discriminated(schema, keyword, branches, instance)) {
      return;
    }
    std::string summary = "value does not match any schema in " + std::string(keyword);
    const std::string here = render_pointer();
    std::vector<Finding> details;
    std::vector<Finding>* saved = out_;
    const std::size_t saved_cap = cap_;
    out_ = &details;
    cap_ = 1;
    for (std::size_t i = 0; i < branches.size() && i < k_summary_branches; ++i) {
      details.clear();
      eval(*branches[i], instance, nullptr);
      if (!details.empty()) {
        const Finding& first = details.front();
        summary += (i == 0 ? ": [" : "; [") + std::to_string(i) + "] ";
        summary += first.instance_pointer == here ? "" : "at " + first.instance_pointer + ": ";
        summary += first.message;
      }
    }
    out_ = saved;
    cap_ = saved_cap;
    report(schema, keyword, std::move(summary));
  }

  const SchemaSetData& impl_;
  const ValidateOptions& options_;
  std::vector<Finding>* out_;
  std::size_t cap_;
  PathStack path_;
  std::vector<const SchemaResource*> scope_;
  RegexScratch scratch_;
  int depth_ = 0;
};

} // namespace

std::vector<Finding> run_validation(const SchemaSetData& impl, const CompiledSchema& schema,
                                    const Json& instance, const ValidateOptions& options) {
  std::vector<Finding> findings;
  Validator validator(impl, options, &findings);
  (void)validator.validate(schema, instance);
  return findings;
}

bool run_is_valid(const SchemaSetData& impl, const CompiledSchema& schema, const Json& instance,
                  const ValidateOptions& options) {
  Validator validator(impl, options, nullptr);
  return validator.validate(schema, instance);
}

} // namespace concord::core
