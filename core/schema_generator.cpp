#include "core/schema_generator.hpp"

#include "core/document.hpp"
#include "core/hash.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <set>
#include <utility>

namespace concord::core {

namespace {

using nlohmann::json;

// splitmix64: tiny, portable and deterministic (std distributions are not portable).
class Rng {
public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() { return splitmix64_next(state_); }
  std::uint64_t below(std::uint64_t bound) { return bound == 0 ? 0 : next() % bound; }

private:
  std::uint64_t state_;
};

constexpr std::array<const char*, 12> k_words = {"alpha", "bravo",   "charlie", "delta",
                                                 "echo",  "foxtrot", "golf",    "hotel",
                                                 "india", "juliet",  "kilo",    "lima"};

class Generator {
public:
  Generator(const RefResolver& resolve, const GenerateOptions& options)
      : resolve_(resolve), options_(options), rng_(options.seed * 0x2545F4914F6CDD1DULL + 1) {}

  json generate(const SchemaRef& schema, int depth);
  // A composition branch: same nesting depth, but bounded separately (allOf cycles).
  json generate_branch(const SchemaRef& schema, int depth) {
    if (++composition_ > 64) {
      --composition_;
      return nullptr;
    }
    json value = generate(schema, depth);
    --composition_;
    return value;
  }

private:
  const RefResolver& resolve_;
  const GenerateOptions& options_;
  Rng rng_;
  int composition_ = 0;
  // Handed from a composed schema to the next object generated for it (one of its branches):
  // property names the composition requires, and whether that object leaves placeholders for
  // required properties it has no schema for (the composition fills them after merging).
  std::set<std::string> inherited_required_;
  bool suppress_fill_ = false;

  std::optional<SchemaRef> follow(const SchemaRef& schema);
  std::optional<json> pick_example(const json& node);
  json generate_composed(const SchemaRef& schema, int depth, bool& handled);
  void merge_all_of(const SchemaRef& schema, const json& all_of,
                    const std::set<std::string>& required, int depth, json& value);
  bool generate_one_of(const SchemaRef& schema, const std::set<std::string>& required, int depth,
                       json& value);
  json generate_typed(const SchemaRef& schema, const std::string& type, int depth);
  json generate_object(const SchemaRef& schema, int depth);
  json generate_array(const SchemaRef& schema, int depth);
  json generate_string(const json& node);
  json generate_number(const json& node, bool integer);
  void apply_discriminator(const SchemaRef& schema, const json& branch, json& value);
};

std::string infer_type(const json& node) {
  if (const auto type = node.find("type"); type != node.end()) {
    if (type->is_string()) {
      return type->get<std::string>();
    }
    if (type->is_array()) {
      for (const auto& item : *type) {
        if (item.is_string() && item.get<std::string>() != "null") {
          return item.get<std::string>();
        }
      }
      return "null";
    }
  }
  if (node.contains("properties") || node.contains("additionalProperties") ||
      node.contains("required") || node.contains("minProperties")) {
    return "object";
  }
  if (node.contains("items") || node.contains("prefixItems") || node.contains("minItems")) {
    return "array";
  }
  if (node.contains("minimum") || node.contains("maximum") || node.contains("multipleOf")) {
    return "number";
  }
  return "string";
}

// True when the schema says nothing about the value's shape (e.g. only a description).
bool is_unconstrained(const json& node) {
  if (!node.is_object()) {
    return node.is_boolean() && node.get<bool>();
  }
  static const std::vector<std::string> k_shaping = {"type",
                                                     "enum",
                                                     "const",
                                                     "properties",
                                                     "items",
                                                     "prefixItems",
                                                     "additionalProperties",
                                                     "required",
                                                     "allOf",
                                                     "oneOf",
                                                     "anyOf",
                                                     "$ref",
                                                     "format",
                                                     "pattern",
                                                     "minimum",
                                                     "maximum",
                                                     "exclusiveMinimum",
                                                     "exclusiveMaximum",
                                                     "minLength",
                                                     "maxLength",
                                                     "minItems",
                                                     "maxItems",
                                                     "multipleOf",
                                                     "example",
                                                     "examples",
                                                     "default",
                                                     "minProperties"};
  for (const auto& key : k_shaping) {
    if (node.contains(key)) {
      return false;
    }
  }
  return true;
}

void collect_required(const json& node, std::set<std::string>& required) {
  if (const auto it = node.find("required"); it != node.end() && it->is_array()) {
    for (const auto& name : *it) {
      if (name.is_string()) {
        required.insert(name.get<std::string>());
      }
    }
  }
}

void merge_into(json& target, const json& source) {
  if ((target.is_object() || target.is_array()) && !source.is_object() && !source.is_array()) {
    return; // a structured value is never replaced by a scalar from another branch
  }
  if (target.is_object() && source.is_object()) {
    for (const auto& [key, value] : source.items()) {
      if (target.contains(key)) {
        merge_into(target[key], value);
      } else {
        target[key] = value;
      }
    }
    return;
  }
  if (!source.is_null()) {
    target = source;
  }
}

std::optional<double> number_at(const json& node, const char* key) {
  const auto it = node.find(key);
  if (it != node.end() && it->is_number()) {
    return it->get<double>();
  }
  return std::nullopt;
}

std::optional<std::uint64_t> size_at(const json& node, const char* key) {
  const auto it = node.find(key);
  if (it != node.end() && it->is_number() && it->get<double>() >= 0) {
    return static_cast<std::uint64_t>(it->get<double>());
  }
  return std::nullopt;
}

std::optional<SchemaRef> Generator::follow(const SchemaRef& schema) {
  SchemaRef current = schema;
  for (int hops = 0; hops < 32; ++hops) {
    if (current.node == nullptr || !current.node->is_object()) {
      return current;
    }
    const auto ref = current.node->find("$ref");
    if (ref == current.node->end() || !ref->is_string()) {
      return current;
    }
    auto next = resolve_(current.base_uri, ref->get<std::string>());
    if (!next) {
      return std::nullopt;
    }
    current = std::move(*next);
  }
  return std::nullopt;
}

std::optional<json> Generator::pick_example(const json& node) {
  if (!options_.use_examples) {
    return std::nullopt;
  }
  if (const auto it = node.find("examples"); it != node.end() && it->is_array() && !it->empty()) {
    return it->front();
  }
  if (const auto it = node.find("example"); it != node.end()) {
    return *it;
  }
  if (const auto it = node.find("default"); it != node.end()) {
    return *it;
  }
  return std::nullopt;
}

json Generator::generate(const SchemaRef& input, int depth) {
  if (depth > options_.max_depth) {
    return nullptr;
  }
  const auto resolved = follow(input);
  if (!resolved || resolved->node == nullptr) {
    return nullptr;
  }
  const SchemaRef& schema = *resolved;
  const json& node = *schema.node;
  if (node.is_boolean()) {
    return node.get<bool>() ? json("string") : json(nullptr);
  }
  if (!node.is_object()) {
    return nullptr;
  }
  if (const auto it = node.find("const"); it != node.end()) {
    return *it;
  }
  if (const auto it = node.find("enum"); it != node.end() && it->is_array() && !it->empty()) {
    std::vector<const json*> choices;
    for (const auto& item : *it) {
      if (!item.is_null()) {
        choices.push_back(&item);
      }
    }
    if (choices.empty()) {
      return nullptr;
    }
    return *choices[rng_.below(choices.size())];
  }
  if (auto example = pick_example(node)) {
    return *example;
  }
  if (node.contains("allOf") || node.contains("oneOf") || node.contains("anyOf")) {
    bool handled = false;
    json composed = generate_composed(schema, depth, handled);
    if (handled) {
      return composed;
    }
  }
  return generate_typed(schema, infer_type(node), depth);
}

// allOf: every branch generated and the values merged. oneOf/anyOf: the first branch that is
// not just `null`, merged with the schema's own keywords.
json Generator::generate_composed(const SchemaRef& schema, int depth, bool& handled) {
  const json& node = *schema.node;
  json value;
  std::set<std::string> required = std::exchange(inherited_required_, {});
  std::exchange(suppress_fill_, false);
  collect_required(node, required);
  const auto all = node.find("allOf");
  const json* all_of = all != node.end() && all->is_array() ? &*all : nullptr;
  if (all_of != nullptr) {
    for (const auto& branch : *all_of) {
      if (const auto target = follow({&branch, schema.base_uri}); target && target->node) {
        collect_required(*target->node, required);
      }
    }
  }
  if (node.contains("type") || node.contains("properties")) {
    inherited_required_ = required;
    suppress_fill_ = all_of != nullptr;
    value = generate_typed(schema, infer_type(node), depth);
    inherited_required_.clear();
    suppress_fill_ = false;
  }
  if (all_of != nullptr) {
    merge_all_of(schema, *all_of, required, depth, value);
  }
  const bool any = generate_one_of(schema, required, depth, value) || all_of != nullptr;
  handled = any && !value.is_null();
  return value;
}

// Every allOf branch that constrains anything, merged into `value`; then placeholders for
// the required properties no branch produced.
void Generator::merge_all_of(const SchemaRef& schema, const json& all_of,
                             const std::set<std::string>& required, int depth, json& value) {
  for (const auto& branch : all_of) {
    const auto target = follow({&branch, schema.base_uri});
    if (!target || target->node == nullptr || is_unconstrained(*target->node)) {
      continue;
    }
    inherited_required_ = required;
    suppress_fill_ = true;
    json part = generate_branch({&branch, schema.base_uri}, depth);
    inherited_required_.clear();
    suppress_fill_ = false;
    if (value.is_null()) {
      value = std::move(part);
    } else {
      merge_into(value, part);
    }
  }
  if (value.is_object()) {
    for (const auto& name : required) {
      if (!value.contains(name)) {
        value[name] = "string";
      }
    }
  }
}

// The first of oneOf / anyOf that has branches: one branch that is not just `null` (the
// first, or a seeded random one), merged into `value`. False when there is neither.
bool Generator::generate_one_of(const SchemaRef& schema, const std::set<std::string>& required,
                                int depth, json& value) {
  const json& node = *schema.node;
  for (const char* key : {"oneOf", "anyOf"}) {
    const auto list = node.find(key);
    if (list == node.end() || !list->is_array() || list->empty()) {
      continue;
    }
    const json* chosen = &list->front();
    std::vector<const json*> candidates;
    for (const auto& branch : *list) {
      const auto target = follow({&branch, schema.base_uri});
      if (target && target->node != nullptr && target->node->is_object() &&
          infer_type(*target->node) != "null") {
        candidates.push_back(&branch);
      }
    }
    if (!candidates.empty()) {
      chosen =
          options_.random_branches ? candidates[rng_.below(candidates.size())] : candidates.front();
    }
    inherited_required_ = required;
    json part = generate_branch({chosen, schema.base_uri}, depth);
    inherited_required_.clear();
    if (part.is_object()) {
      apply_discriminator(schema, *chosen, part);
    }
    if (value.is_null()) {
      value = std::move(part);
    } else {
      merge_into(value, part);
    }
    return true;
  }
  return false;
}

void Generator::apply_discriminator(const SchemaRef& schema, const json& branch, json& value) {
  const auto disc = schema.node->find("discriminator");
  if (disc == schema.node->end() || !disc->is_object()) {
    return;
  }
  const auto name = disc->find("propertyName");
  if (name == disc->end() || !name->is_string()) {
    return;
  }
  const auto ref = branch.find("$ref");
  if (!branch.is_object() || ref == branch.end() || !ref->is_string()) {
    return;
  }
  const std::string target = ref->get<std::string>();
  if (const auto mapping = disc->find("mapping"); mapping != disc->end() && mapping->is_object()) {
    for (const auto& [key, mapped] : mapping->items()) {
      if (mapped.is_string() && mapped.get<std::string>() == target) {
        value[name->get<std::string>()] = key;
        return;
      }
    }
  }
  if (value.contains(name->get<std::string>())) {
    return; // the branch's own schema produced a value (often an enum); keep it
  }
  const auto slash = target.rfind('/');
  value[name->get<std::string>()] = target.substr(slash == std::string::npos ? 0 : slash + 1);
}

json Generator::generate_typed(const SchemaRef& schema, const std::string& type, int depth) {
  const json& node = *schema.node;
  if (type == "object") {
    return generate_object(schema, depth);
  }
  if (type == "array") {
    return generate_array(schema, depth);
  }
  if (type == "integer") {
    return generate_number(node, true);
  }
  if (type == "number") {
    return generate_number(node, false);
  }
  if (type == "boolean") {
    return rng_.below(2) == 0;
  }
  if (type == "null") {
    return nullptr;
  }
  return generate_string(node);
}

json Generator::generate_object(const SchemaRef& schema, int depth) {
  const json& node = *schema.node;
  json value = json::object();
  std::set<std::string> required = std::exchange(inherited_required_, {});
  const bool suppress_fill = std::exchange(suppress_fill_, false);
  collect_required(node, required);
  const auto max_props = size_at(node, "maxProperties");
  const bool fill_optional = depth < options_.optional_depth;
  const auto props = node.find("properties");
  if (props != node.end() && props->is_object()) {
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& [name, sub] : props->items()) {
        const bool is_required = required.count(name) != 0;
        if ((pass == 0) != is_required || (!is_required && !fill_optional)) {
          continue;
        }
        if (!is_required && max_props && value.size() >= *max_props) {
          continue;
        }
        const auto target = follow({&sub, schema.base_uri});
        if (!is_required && target && target->node != nullptr && is_unconstrained(*target->node)) {
          continue; // says nothing (often a description next to an allOf sibling): leave it out
        }
        if (target && target->node != nullptr && target->node->is_object()) {
          const bool read_only =
              target->node->value("readOnly", false) || sub.value("readOnly", false);
          const bool write_only =
              target->node->value("writeOnly", false) || sub.value("writeOnly", false);
          if ((options_.direction == GenerateDirection::request && read_only) ||
              (options_.direction == GenerateDirection::response && write_only)) {
            continue;
          }
        }
        value[name] = generate({&sub, schema.base_uri}, depth + 1);
      }
    }
  }
  const auto additional = node.find("additionalProperties");
  const bool additional_allowed =
      additional == node.end() || !additional->is_boolean() || additional->get<bool>();
  for (const auto& name : required) {
    if (!value.contains(name) && additional_allowed && !suppress_fill) {
      value[name] = additional != node.end() && additional->is_object()
                        ? generate({&*additional, schema.base_uri}, depth + 1)
                        : json("string");
    }
  }
  const auto min_props = size_at(node, "minProperties").value_or(0);
  std::uint64_t extra = 1;
  while (value.size() < min_props && additional_allowed && extra < 1000) {
    const std::string key = "additionalProp" + std::to_string(extra++);
    value[key] = additional != node.end() && additional->is_object()
                     ? generate({&*additional, schema.base_uri}, depth + 1)
                     : json("string");
  }
  return value;
}

json Generator::generate_array(const SchemaRef& schema, int depth) {
  const json& node = *schema.node;
  const auto min_items = size_at(node, "minItems").value_or(0);
  const auto max_items = size_at(node, "maxItems");
  std::uint64_t count =
      depth < options_.optional_depth ? std::max<std::uint64_t>(min_items, 1) : min_items;
  if (max_items && count > *max_items) {
    count = *max_items;
  }
  json value = json::array();
  const json* prefix = nullptr;
  if (const auto it = node.find("prefixItems"); it != node.end() && it->is_array()) {
    prefix = &*it;
  }
  const auto items = node.find("items");
  const bool unique = node.value("uniqueItems", false);
  for (std::uint64_t i = 0, attempts = 0; value.size() < count && attempts < count * 8 + 8;
       ++attempts) {
    json item;
    if (prefix != nullptr && i < prefix->size()) {
      item = generate({&(*prefix)[i], schema.base_uri}, depth + 1);
    } else if (items != node.end() && (items->is_object() || items->is_boolean())) {
      item = generate({&*items, schema.base_uri}, depth + 1);
    } else if (items != node.end() && items->is_array() && i < items->size()) {
      item = generate({&(*items)[i], schema.base_uri}, depth + 1); // draft-04 tuple form
    } else {
      item = "string";
    }
    if (unique && std::find(value.begin(), value.end(), item) != value.end()) {
      continue;
    }
    value.push_back(std::move(item));
    ++i;
  }
  return value;
}

std::optional<std::string> format_string(std::string_view format, Rng& rng) {
  const auto day = 1 + rng.below(28);
  const std::string dd = (day < 10 ? "0" : "") + std::to_string(day);
  if (format == "date-time") {
    return "2024-01-" + dd + "T12:00:00Z";
  }
  if (format == "date") {
    return "2024-01-" + dd;
  }
  if (format == "time") {
    return std::string("12:00:00Z");
  }
  if (format == "email" || format == "idn-email") {
    return std::string("user@example.com");
  }
  if (format == "uuid") {
    static constexpr std::string_view k_hex = "0123456789abcdef";
    std::string out;
    const std::uint64_t a = rng.next();
    const std::uint64_t b = rng.next();
    for (int i = 0; i < 32; ++i) {
      const std::uint64_t word = i < 16 ? a : b;
      const auto shift = static_cast<unsigned>((i % 16) * 4);
      char c = k_hex[(word >> shift) & 0xFU];
      if (i == 12) {
        c = '4';
      } else if (i == 16) {
        c = "89ab"[(word >> shift) & 0x3U];
      }
      if (i == 8 || i == 12 || i == 16 || i == 20) {
        out.push_back('-');
      }
      out.push_back(c);
    }
    return out;
  }
  if (format == "uri" || format == "url" || format == "iri") {
    return std::string("https://example.com/");
  }
  if (format == "uri-reference" || format == "iri-reference") {
    return std::string("/example");
  }
  if (format == "uri-template") {
    return std::string("https://example.com/{id}");
  }
  if (format == "hostname" || format == "idn-hostname") {
    return std::string("example.com");
  }
  if (format == "ipv4") {
    return "192.0.2." + std::to_string(1 + rng.below(254));
  }
  if (format == "ipv6") {
    return std::string("2001:db8::1");
  }
  if (format == "byte") {
    return std::string("c3RyaW5n");
  }
  if (format == "duration") {
    return std::string("P1D");
  }
  if (format == "json-pointer") {
    return std::string("/example");
  }
  if (format == "regex") {
    return std::string("^[a-z]+$");
  }
  if (format == "int32" || format == "int64") {
    return std::to_string(rng.below(100));
  }
  return std::nullopt;
}

json Generator::generate_string(const json& node) {
  const auto min_len = size_at(node, "minLength").value_or(0);
  const auto max_len = size_at(node, "maxLength");
  const std::string format = node.value("format", std::string());
  if (auto formatted = format_string(format, rng_)) {
    return *formatted;
  }
  if (const auto pattern = node.find("pattern"); pattern != node.end() && pattern->is_string()) {
    if (auto text = generate_pattern_string(pattern->get<std::string>(), rng_.next())) {
      return *text;
    }
  }
  std::string text = k_words[rng_.below(k_words.size())];
  while (text.size() < min_len) {
    text += 'x';
  }
  if (max_len && text.size() > *max_len) {
    text.resize(*max_len);
  }
  return text;
}

json Generator::generate_number(const json& node, bool integer) {
  auto low = number_at(node, "minimum");
  auto high = number_at(node, "maximum");
  bool low_exclusive = node.value("exclusiveMinimum", json(false)).is_boolean() &&
                       node.value("exclusiveMinimum", false);
  bool high_exclusive = node.value("exclusiveMaximum", json(false)).is_boolean() &&
                        node.value("exclusiveMaximum", false);
  if (auto x = number_at(node, "exclusiveMinimum")) {
    low = low ? std::max(*low, *x) : *x;
    low_exclusive = true;
  }
  if (auto x = number_at(node, "exclusiveMaximum")) {
    high = high ? std::min(*high, *x) : *x;
    high_exclusive = true;
  }
  const double step = number_at(node, "multipleOf").value_or(integer ? 1.0 : 0.0);
  const double unit = step > 0 ? step : (integer ? 1.0 : 0.5);
  // Work in multiples of `unit` so the value is exact.
  double lo_k = low ? std::ceil(*low / unit) : -1e9;
  double hi_k = high ? std::floor(*high / unit) : 1e9;
  if (low && low_exclusive && lo_k * unit <= *low) {
    lo_k += 1;
  }
  if (high && high_exclusive && hi_k * unit >= *high) {
    hi_k -= 1;
  }
  double k = 0;
  if (low && high) {
    const double span = std::max(0.0, hi_k - lo_k);
    k = lo_k + static_cast<double>(rng_.below(static_cast<std::uint64_t>(std::min(span, 1e6)) + 1));
  } else if (low) {
    k = lo_k + static_cast<double>(rng_.below(10));
  } else if (high) {
    k = std::min(hi_k, 0.0) - static_cast<double>(rng_.below(10));
  } else {
    k = static_cast<double>(1 + rng_.below(100));
    if (!integer && step <= 0) {
      k = static_cast<double>(rng_.below(200)) + 1;
    }
  }
  const double value = k * unit;
  if (integer) {
    return static_cast<std::int64_t>(std::llround(value));
  }
  return value;
}

// --- pattern strings -----------------------------------------------------------------------

class PatternWriter {
public:
  PatternWriter(std::string_view pattern, std::uint64_t seed) : p_(pattern), rng_(seed) {}

  std::optional<std::string> run() {
    std::string out;
    if (!alternation(out) || pos_ != p_.size()) {
      return std::nullopt;
    }
    return out;
  }

private:
  std::string_view p_;
  std::size_t pos_ = 0;
  Rng rng_;

  bool alternation(std::string& out) {
    std::string first;
    if (!sequence(first)) {
      return false;
    }
    while (pos_ < p_.size() && p_[pos_] == '|') {
      ++pos_;
      std::string ignored;
      if (!sequence(ignored)) {
        return false;
      }
    }
    out += first;
    return true;
  }

  bool sequence(std::string& out) {
    while (pos_ < p_.size() && p_[pos_] != '|' && p_[pos_] != ')') {
      std::string atom_text;
      const std::size_t atom_start = pos_;
      if (!atom(atom_text)) {
        return false;
      }
      std::uint64_t min = 1;
      std::uint64_t max = 1;
      if (!quantifier(min, max)) {
        return false;
      }
      // Repeat the atom by re-parsing it (so classes pick fresh characters).
      const std::size_t after = pos_;
      const std::uint64_t count = min + rng_.below(std::min<std::uint64_t>(max - min, 3) + 1);
      if (count == 0) {
        continue;
      }
      out += atom_text;
      for (std::uint64_t i = 1; i < count; ++i) {
        pos_ = atom_start;
        std::string again;
        if (!atom(again)) {
          return false;
        }
        out += again;
      }
      pos_ = after;
    }
    return true;
  }

  bool quantifier(std::uint64_t& min, std::uint64_t& max) {
    if (pos_ >= p_.size()) {
      return true;
    }
    const char c = p_[pos_];
    if (c == '?') {
      min = 0;
      max = 1;
    } else if (c == '*') {
      min = 0;
      max = 3;
    } else if (c == '+') {
      min = 1;
      max = 3;
    } else if (c == '{') {
      const auto close = p_.find('}', pos_);
      if (close == std::string_view::npos) {
        return false;
      }
      const std::string body(p_.substr(pos_ + 1, close - pos_ - 1));
      const auto comma = body.find(',');
      try {
        min = std::stoull(body.substr(0, comma));
        max = comma == std::string::npos ? min
              : comma + 1 == body.size() ? min + 3
                                         : std::stoull(body.substr(comma + 1));
      } catch (...) {
        return false;
      }
      if (max < min || min > 256) {
        return false;
      }
      pos_ = close;
    } else {
      return true;
    }
    ++pos_;
    if (pos_ < p_.size() && p_[pos_] == '?') {
      ++pos_; // lazy
    }
    return true;
  }

  static std::optional<char> escape_char(char c) {
    switch (c) {
    case 'd':
      return '7';
    case 'w':
      return 'a';
    case 's':
      return ' ';
    case 'n':
      return '\n';
    case 't':
      return '\t';
    default:
      if (std::string_view("DWSbBkpPucx0123456789").find(c) != std::string_view::npos) {
        return std::nullopt;
      }
      return c;
    }
  }

  bool atom(std::string& out) {
    const char c = p_[pos_];
    if (c == '^' || c == '$') {
      ++pos_;
      return true;
    }
    if (c == '(') {
      ++pos_;
      if (pos_ < p_.size() && p_[pos_] == '?') {
        if (p_.substr(pos_, 2) != "?:") {
          return false; // lookaround or named group
        }
        pos_ += 2;
      }
      if (!alternation(out) || pos_ >= p_.size() || p_[pos_] != ')') {
        return false;
      }
      ++pos_;
      return true;
    }
    if (c == '[') {
      return char_class(out);
    }
    if (c == '\\') {
      if (pos_ + 1 >= p_.size()) {
        return false;
      }
      const auto ch = escape_char(p_[pos_ + 1]);
      if (!ch) {
        return false;
      }
      out.push_back(*ch);
      pos_ += 2;
      return true;
    }
    if (c == '.') {
      out.push_back('a');
      ++pos_;
      return true;
    }
    if (c == '*' || c == '+' || c == '?' || c == '{' || c == ')') {
      return false;
    }
    out.push_back(c);
    ++pos_;
    return true;
  }

  bool char_class(std::string& out) {
    ++pos_;
    if (pos_ < p_.size() && p_[pos_] == '^') {
      return false;
    }
    std::vector<std::pair<char, char>> ranges;
    while (pos_ < p_.size() && p_[pos_] != ']') {
      char low = p_[pos_];
      if (low == '\\') {
        if (pos_ + 1 >= p_.size()) {
          return false;
        }
        const auto ch = escape_char(p_[pos_ + 1]);
        if (!ch) {
          return false;
        }
        low = *ch;
        pos_ += 2;
      } else {
        ++pos_;
      }
      char high = low;
      if (pos_ + 1 < p_.size() && p_[pos_] == '-' && p_[pos_ + 1] != ']') {
        high = p_[pos_ + 1];
        if (high == '\\') {
          return false;
        }
        pos_ += 2;
      }
      if (high < low) {
        return false;
      }
      ranges.emplace_back(low, high);
    }
    if (pos_ >= p_.size() || ranges.empty()) {
      return false;
    }
    ++pos_;
    const auto& range = ranges[rng_.below(ranges.size())];
    const auto span = static_cast<std::uint64_t>(range.second - range.first) + 1;
    out.push_back(static_cast<char>(range.first + static_cast<char>(rng_.below(span))));
    return true;
  }
};

} // namespace

std::optional<std::string> generate_pattern_string(std::string_view pattern, std::uint64_t seed) {
  return PatternWriter(pattern, seed).run();
}

json generate_value(const SchemaRef& schema, const RefResolver& resolve,
                    const GenerateOptions& options) {
  Generator generator(resolve, options);
  return generator.generate(schema, 0);
}

json generate_for_schema(const SchemaSet& schemas, SchemaHandle schema,
                         const GenerateOptions& options) {
  if (schema == nullptr) {
    return json::object();
  }
  const auto source = schemas.source(schema);
  auto& store = schemas.store();
  const RefResolver resolve = [&store](std::string_view base,
                                       std::string_view ref) -> std::optional<SchemaRef> {
    auto resolved = store.resolve(base, ref);
    if (!resolved || resolved->node == nullptr || resolved->document == nullptr) {
      return std::nullopt;
    }
    return SchemaRef{resolved->node, resolved->document->uri};
  };
  return generate_value(SchemaRef{source.node, source.base_uri}, resolve, options);
}

RefResolver make_local_resolver(const json& root) {
  return [&root](std::string_view base_uri, std::string_view ref) -> std::optional<SchemaRef> {
    if (ref.empty() || ref.front() != '#') {
      return std::nullopt;
    }
    const json* node = core::find_pointer(root, ref.substr(1));
    if (node == nullptr) {
      return std::nullopt;
    }
    return SchemaRef{node, std::string(base_uri)};
  };
}

} // namespace concord::core
