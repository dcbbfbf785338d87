#include "conformance/generation.hpp"

#include "conformance/case_compiler.hpp"
#include "conformance/request_values.hpp"
#include "core/document.hpp"
#include "core/hash.hpp"
#include "core/media_type.hpp"
#include "core/schema_generator.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <utility>

namespace concord::conformance {
namespace {

using nlohmann::json;

constexpr std::size_t k_max_sites = 200;
constexpr std::size_t k_max_shrink_candidates = 80;
constexpr int k_attempts_per_valid_case = 3;

// The schema of property `key` of an object schema: its properties, else an allOf member's.
RawSchema find_property(core::DocumentStore& store, const RawSchema& object, const std::string& key,
                        int depth = 0) {
  if (object.node == nullptr || !object.node->is_object() || depth > 4) {
    return {};
  }
  if (const auto props = object.node->find("properties");
      props != object.node->end() && props->is_object()) {
    if (const auto it = props->find(key); it != props->end()) {
      return follow_schema_refs(store, {&*it, object.base});
    }
  }
  for (const char* keyword : {"allOf", "oneOf", "anyOf"}) {
    const auto members = object.node->find(keyword);
    if (members == object.node->end() || !members->is_array()) {
      continue;
    }
    for (const auto& member : *members) {
      auto found =
          find_property(store, follow_schema_refs(store, {&member, object.base}), key, depth + 1);
      if (found.node != nullptr) {
        return found;
      }
    }
  }
  return {};
}

RawSchema find_items(core::DocumentStore& store, const RawSchema& array) {
  if (array.node == nullptr || !array.node->is_object()) {
    return {};
  }
  const auto items = array.node->find("items");
  if (items == array.node->end() || !items->is_object()) {
    return {};
  }
  return follow_schema_refs(store, {&*items, array.base});
}

// One place in a generated body and the schema that governs it.
struct Site {
  json::json_pointer pointer;
  RawSchema schema;
};

void collect_sites(core::DocumentStore& store, const RawSchema& schema, const json& value,
                   const json::json_pointer& pointer, std::vector<Site>& sites) {
  if (schema.node == nullptr || sites.size() >= k_max_sites) {
    return;
  }
  sites.push_back({pointer, schema});
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      collect_sites(store, find_property(store, schema, key), item, pointer / key, sites);
    }
  } else if (value.is_array() && !value.empty()) {
    collect_sites(store, find_items(store, schema), value.front(), pointer / 0, sites);
  }
}

std::optional<double> number_of(const json& schema, const char* key) {
  const auto it = schema.find(key);
  if (it == schema.end() || !it->is_number()) {
    return std::nullopt;
  }
  return it->get<double>();
}

std::optional<std::size_t> size_of(const json& schema, const char* key) {
  const auto it = schema.find(key);
  if (it == schema.end() || !it->is_number_unsigned()) {
    return std::nullopt;
  }
  return std::min<std::size_t>(it->get<std::size_t>(), 4096);
}

bool is_integer_schema(const json& schema) {
  const auto type = schema.find("type");
  return type != schema.end() &&
         ((type->is_string() && *type == "integer") ||
          (type->is_array() && std::find(type->begin(), type->end(), "integer") != type->end()));
}

json to_number(double value, bool integer) {
  if (integer) {
    return static_cast<std::int64_t>(std::llround(value));
  }
  return value;
}

bool allows_null(const json& schema) {
  if (schema.value("nullable", false)) {
    return true;
  }
  const auto type = schema.find("type");
  return type != schema.end() && type->is_array() &&
         std::find(type->begin(), type->end(), "null") != type->end();
}

// Values at the edges of what a schema allows (each may still break another keyword: the
// caller keeps only those the schema accepts).
std::vector<std::pair<std::string, json>> boundary_values(const json& schema, const json& value) {
  std::vector<std::pair<std::string, json>> out;
  if (!schema.is_object()) {
    return out;
  }
  const bool integer = is_integer_schema(schema) || value.is_number_integer();
  if (value.is_number()) {
    if (auto min = number_of(schema, "minimum")) {
      out.emplace_back("minimum", to_number(*min, integer));
    }
    if (auto max = number_of(schema, "maximum")) {
      out.emplace_back("maximum", to_number(*max, integer));
    }
    if (auto min = number_of(schema, "exclusiveMinimum"); min && integer) {
      out.emplace_back("exclusiveMinimum + 1", to_number(*min + 1, true));
    }
    if (auto max = number_of(schema, "exclusiveMaximum"); max && integer) {
      out.emplace_back("exclusiveMaximum - 1", to_number(*max - 1, true));
    }
    out.emplace_back("zero", to_number(0, integer));
  }
  if (value.is_string()) {
    const std::string fill = value.get<std::string>().empty() ? "a" : value.get<std::string>();
    const auto repeat = [&fill](std::size_t n) {
      std::string text;
      while (text.size() < n) {
        text += fill;
      }
      return text.substr(0, n);
    };
    if (auto min = size_of(schema, "minLength")) {
      out.emplace_back("minLength", repeat(*min));
    }
    if (auto max = size_of(schema, "maxLength")) {
      out.emplace_back("maxLength", repeat(*max));
    }
    out.emplace_back("empty string", "");
  }
  if (value.is_array()) {
    out.emplace_back("empty array", json::array());
    if (auto max = size_of(schema, "maxItems"); max && !value.empty() && *max <= 64) {
      out.emplace_back("maxItems", json(std::vector<json>(*max, value.front())));
    }
  }
  if (const auto en = schema.find("enum"); en != schema.end() && en->is_array()) {
    for (std::size_t i = 0; i < en->size() && i < 8; ++i) {
      out.emplace_back("enum value " + std::to_string(i + 1), (*en)[i]);
    }
  }
  if (allows_null(schema) && !value.is_null()) {
    out.emplace_back("null", nullptr);
  }
  return out;
}

std::string type_name(const json& value) {
  if (value.is_string()) {
    return "string";
  }
  if (value.is_number()) {
    return "number";
  }
  if (value.is_boolean()) {
    return "boolean";
  }
  if (value.is_object()) {
    return "object";
  }
  if (value.is_array()) {
    return "array";
  }
  return "null";
}

// Values that break one keyword of the schema. The caller keeps those the schema rejects.
std::vector<std::pair<std::string, json>> violations(const json& schema, const json& value,
                                                     bool on_the_wire) {
  std::vector<std::pair<std::string, json>> out;
  // On the wire (parameters) every value is text: a "wrong type" string is only wrong when the
  // schema wants something else.
  if (value.is_string() && !on_the_wire) {
    out.emplace_back("wrong type (number for string)", 12345);
  } else if (value.is_number() || value.is_boolean()) {
    out.emplace_back("wrong type (text for " + type_name(value) + ")", "concord");
  } else if (value.is_object()) {
    out.emplace_back("wrong type (array for object)", json::array());
  } else if (value.is_array()) {
    out.emplace_back("wrong type (object for array)", json::object());
  } else if (value.is_null()) {
    out.emplace_back("wrong type (number for null)", 0);
  }
  if (!schema.is_object()) {
    return out;
  }
  const bool integer = is_integer_schema(schema) || value.is_number_integer();
  if (auto max = number_of(schema, "maximum")) {
    out.emplace_back("above maximum", to_number(*max + 1, integer));
  }
  if (auto min = number_of(schema, "minimum")) {
    out.emplace_back("below minimum", to_number(*min - 1, integer));
  }
  if (auto max = number_of(schema, "exclusiveMaximum")) {
    out.emplace_back("at exclusiveMaximum", to_number(*max, integer));
  }
  if (auto min = number_of(schema, "exclusiveMinimum")) {
    out.emplace_back("at exclusiveMinimum", to_number(*min, integer));
  }
  if (auto max = size_of(schema, "maxLength")) {
    out.emplace_back("longer than maxLength", std::string(*max + 1, 'x'));
  }
  if (auto min = size_of(schema, "minLength"); min && *min > 0) {
    out.emplace_back("shorter than minLength", std::string(*min - 1, 'x'));
  }
  if (schema.contains("pattern")) {
    for (const char* text : {"~!concord!~", "0", "concord concord", ""}) {
      out.emplace_back("pattern broken", text);
    }
  }
  if (schema.contains("format") && schema["format"].is_string()) {
    out.emplace_back("format " + schema["format"].get<std::string>() + " broken", "not-valid-%%");
  }
  if (const auto en = schema.find("enum"); en != schema.end() && en->is_array()) {
    out.emplace_back("not in enum", "concord-not-in-enum");
  }
  if (value.is_array()) {
    if (auto max = size_of(schema, "maxItems"); max && !value.empty() && *max < 64) {
      out.emplace_back("more than maxItems", json(std::vector<json>(*max + 1, value.front())));
    }
    if (auto min = size_of(schema, "minItems"); min && *min > 0) {
      out.emplace_back("fewer than minItems", json::array());
    }
  }
  if (value.is_object()) {
    if (const auto required = schema.find("required");
        required != schema.end() && required->is_array()) {
      for (const auto& name : *required) {
        if (name.is_string() && value.contains(name.get<std::string>())) {
          auto copy = value;
          copy.erase(name.get<std::string>());
          out.emplace_back("required property '" + name.get<std::string>() + "' missing",
                           std::move(copy));
        }
      }
    }
    const auto additional = schema.find("additionalProperties");
    const auto unevaluated = schema.find("unevaluatedProperties");
    if ((additional != schema.end() && *additional == false) ||
        (unevaluated != schema.end() && *unevaluated == false)) {
      auto copy = value;
      copy["concordUnexpected"] = true;
      out.emplace_back("additional property where none is allowed", std::move(copy));
    }
  }
  return out;
}

std::string where(const json::json_pointer& pointer) {
  const std::string text = pointer.to_string();
  return text.empty() ? "the body" : "body " + text;
}

class Generator {
public:
  Generator(const core::Spec& spec, const core::Operation& operation, const GenerateConfig& config)
      : spec_(spec), operation_(operation), config_(config),
        seed_(core::splitmix64(config.seed ^ core::fnv1a(operation.method + " " + operation.path))),
        media_(operation.request_body ? choose_json_media(operation.request_body->content)
                                      : nullptr) {
    options_.direction = core::Direction::request;
  }

  GeneratedCases run();

private:
  const core::Spec& spec_;
  const core::Operation& operation_;
  const GenerateConfig& config_;
  std::uint64_t seed_;
  const core::MediaType* media_;
  core::ValidateOptions options_;
  GeneratedCases out_;
  std::set<std::string> seen_;
  int dropped_ = 0;

  [[nodiscard]] bool has_json_body() const {
    return media_ != nullptr && media_->schema != nullptr && spec_.schemas &&
           core::is_json_media_type(media_->name);
  }
  [[nodiscard]] bool is_body_valid(const json& body) const {
    return spec_.schemas->is_valid(media_->schema, body, options_);
  }
  [[nodiscard]] bool is_param_valid(const core::Parameter& param, const json& value) const {
    return param.schema == nullptr || !spec_.schemas ||
           spec_.schemas->is_valid(param.schema, value, options_);
  }
  [[nodiscard]] json generate(core::SchemaHandle schema, std::uint64_t seed, int mode) const;
  std::optional<GeneratedRequest> make_valid(int index);
  std::vector<GeneratedRequest> make_invalid_pool(const GeneratedRequest& base);
  bool add_case(GeneratedRequest request, bool valid, int number);
};

json Generator::generate(core::SchemaHandle schema, std::uint64_t seed, int mode) const {
  core::GenerateOptions options;
  options.seed = seed;
  options.direction = core::GenerateDirection::request;
  options.use_examples = mode == 0;
  options.optional_depth = mode == 1 ? 0 : 16;
  options.random_branches = mode == 2;
  return core::generate_for_schema(*spec_.schemas, schema, options);
}

// Modes, by index: 0 document values and every optional field; 1 required fields only;
// 2 random branches and optional fields; 3 one value at a boundary.
std::optional<GeneratedRequest> Generator::make_valid(int index) {
  const int mode = index % 4;
  static constexpr const char* k_modes[] = {"every optional field", "required fields only",
                                            "random branches", "boundary"};
  for (int attempt = 0; attempt < k_attempts_per_valid_case; ++attempt) {
    std::uint64_t seed = core::splitmix64(seed_ + static_cast<std::uint64_t>(index) * 7919U +
                                          static_cast<std::uint64_t>(attempt) * 104729U);
    GeneratedRequest request;
    request.variant = k_modes[mode];
    bool valid = true;
    for (const auto& param : operation_.parameters) {
      seed = core::splitmix64(seed);
      const bool keep_document = param.in == core::ParamIn::path && index % 4 == 0;
      if (keep_document && make_parameter_value(param)) {
        continue; // the documented value: an item the target is likely to know
      }
      if (!param.required && param.in != core::ParamIn::path && (mode == 1 || seed % 3 == 0)) {
        continue;
      }
      json value = param.schema != nullptr && spec_.schemas
                       ? generate(param.schema, seed, mode == 3 ? 0 : mode)
                       : json("concord");
      if (value.is_object() || (value.is_array() && param.in == core::ParamIn::path)) {
        value = "concord"; // objects in parameters need a style this generator does not speak
      }
      valid = valid && is_param_valid(param, value);
      request.params[param.name] = std::move(value);
    }
    if (has_json_body() && (operation_.request_body->required || mode != 1)) {
      request.body = generate(media_->schema, core::splitmix64(seed), mode == 3 ? 0 : mode);
      if (mode == 3) {
        std::vector<Site> sites;
        collect_sites(spec_.schemas->store(), resolve_raw_schema(spec_, media_->schema),
                      *request.body, json::json_pointer(), sites);
        std::vector<std::pair<std::string, json>> edges;
        std::vector<json::json_pointer> at;
        for (const auto& site : sites) {
          for (auto& edge : boundary_values(*site.schema.node, request.body->at(site.pointer))) {
            edges.push_back(std::move(edge));
            at.push_back(site.pointer);
          }
        }
        // Try edges from a seeded start until one keeps the body valid.
        for (std::size_t n = 0; n < edges.size(); ++n) {
          const std::size_t pick = (seed + n) % edges.size();
          json copy = *request.body;
          copy[at[pick]] = edges[pick].second;
          if (is_body_valid(copy)) {
            request.body = std::move(copy);
            request.variant = "boundary: " + edges[pick].first + " at " + where(at[pick]);
            break;
          }
        }
      }
      valid = valid && is_body_valid(*request.body);
    }
    if (valid) {
      return request;
    }
    ++dropped_;
  }
  return std::nullopt;
}

std::vector<GeneratedRequest> Generator::make_invalid_pool(const GeneratedRequest& base) {
  std::vector<GeneratedRequest> pool;
  for (const auto& param : operation_.parameters) {
    if (param.required && param.in != core::ParamIn::path) {
      GeneratedRequest request = base;
      request.params[param.name] = nullptr;
      request.violated_param = param.name;
      request.variant = "required " + std::string(core::to_string(param.in)) + " parameter '" +
                        param.name + "' missing";
      pool.push_back(std::move(request));
    }
    if (param.schema == nullptr || !spec_.schemas) {
      continue;
    }
    const auto raw = resolve_raw_schema(spec_, param.schema);
    const json current = base.params.contains(param.name) && !base.params[param.name].is_null()
                             ? base.params[param.name]
                             : make_parameter_value(param).value_or(json("concord"));
    for (auto& [what, value] :
         violations(raw.node != nullptr ? *raw.node : json(), current, true)) {
      const bool empty = value.is_string() && value.get<std::string>().empty();
      if (value.is_structured() || (empty && param.in == core::ParamIn::path) ||
          is_param_valid(param, value)) {
        continue; // an empty path segment is another route, not a broken parameter
      }
      GeneratedRequest request = base;
      request.params[param.name] = value;
      request.violated_param = param.name;
      request.variant = what + " in " + std::string(core::to_string(param.in)) + " parameter '" +
                        param.name + "'";
      pool.push_back(std::move(request));
    }
  }
  if (base.body) {
    std::vector<Site> sites;
    collect_sites(spec_.schemas->store(), resolve_raw_schema(spec_, media_->schema), *base.body,
                  json::json_pointer(), sites);
    std::set<std::string> kinds_at; // one candidate per kind of violation and place
    for (const auto& site : sites) {
      const json& current = base.body->at(site.pointer);
      for (auto& [what, value] : violations(*site.schema.node, current, false)) {
        json copy = *base.body;
        copy[site.pointer] = value;
        if (is_body_valid(copy) || !kinds_at.insert(what + site.pointer.to_string()).second) {
          continue;
        }
        GeneratedRequest request = base;
        request.body = std::move(copy);
        request.violated_body = true;
        request.variant = what + " at " + where(site.pointer);
        pool.push_back(std::move(request));
      }
    }
  }
  return pool;
}

bool Generator::add_case(GeneratedRequest request, bool valid, int number) {
  const std::string key = request.params.dump() + "|" + (request.body ? request.body->dump() : "") +
                          "|" + request.raw_body.value_or("") + "|" +
                          std::to_string(static_cast<int>(request.omit_credentials)) +
                          std::to_string(static_cast<int>(request.wrong_credentials));
  if (!seen_.insert(key).second) {
    return false;
  }
  Case c;
  c.kind = valid ? CaseKind::generated_valid : CaseKind::generated_invalid;
  c.spec_file = spec_.file;
  c.operation = &operation_;
  c.expected_status = valid ? "documented" : "4XX";
  for (const auto& response : operation_.responses) {
    c.accepted_statuses.push_back(response.status);
  }
  c.example_selectable = false;
  c.id = to_operation_label(operation_) + " > " +
         (valid ? "generated-valid" : "generated-invalid") + " > " + std::to_string(number) + ": " +
         request.variant;
  c.request = build_generated_plan(spec_, operation_, request);
  c.generated = std::move(request);
  out_.cases.push_back(std::move(c));
  return true;
}

GeneratedCases Generator::run() {
  const int count = config_.count;
  if (count <= 0) {
    return {};
  }
  if (!config_.unsafe && (operation_.method == "DELETE" || is_marked_unsafe(spec_, operation_))) {
    Case c;
    c.kind = CaseKind::generated_valid;
    c.spec_file = spec_.file;
    c.operation = &operation_;
    c.expected_status = "documented";
    c.id = to_operation_label(operation_) + " > generated > not run";
    c.skip_reason = std::string(operation_.method == "DELETE" ? "a DELETE" : "marked unsafe") +
                    ": generated requests only run with --generate-unsafe";
    out_.cases.push_back(std::move(c));
    return std::move(out_);
  }
  const int invalid_budget = count >= 2 ? count / 2 : 0;
  const int valid_budget = count - invalid_budget;
  std::optional<GeneratedRequest> base;
  int number = 1;
  for (int i = 0; i < valid_budget * 2 && number <= valid_budget; ++i) {
    auto request = make_valid(i);
    if (!request) {
      continue;
    }
    if (!base && i % 4 == 0) {
      base = request;
    }
    number += add_case(std::move(*request), true, number) ? 1 : 0;
  }
  if (!base) {
    base = make_valid(0);
  }
  if (base && invalid_budget > 0) {
    std::vector<GeneratedRequest> first;
    const bool secured = std::none_of(operation_.security.begin(), operation_.security.end(),
                                      [](const auto& r) { return r.empty(); }) &&
                         !operation_.security.empty();
    if (secured) {
      GeneratedRequest none = *base;
      none.omit_credentials = true;
      none.variant = "no credentials";
      first.push_back(std::move(none));
      GeneratedRequest wrong = *base;
      wrong.wrong_credentials = true;
      wrong.variant = "a wrong credential";
      first.push_back(std::move(wrong));
    }
    if (base->body) {
      GeneratedRequest malformed = *base;
      malformed.body.reset();
      const std::string text = base->body->dump();
      malformed.raw_body = text.substr(0, text.size() / 2) + "{\"concord\": ";
      malformed.violated_body = true;
      malformed.variant = "malformed JSON body";
      first.push_back(std::move(malformed));
    }
    auto pool = make_invalid_pool(*base);
    // Seeded Fisher-Yates: the same seed picks the same violations.
    std::uint64_t state = seed_;
    for (std::size_t i = pool.size(); i > 1; --i) {
      state = core::splitmix64(state);
      std::swap(pool[i - 1], pool[state % i]);
    }
    std::move(pool.begin(), pool.end(), std::back_inserter(first));
    int invalid_number = 1;
    for (auto& request : first) {
      if (invalid_number > invalid_budget) {
        break;
      }
      invalid_number += add_case(std::move(request), false, invalid_number) ? 1 : 0;
    }
  }
  if (dropped_ > 0) {
    out_.warnings.push_back(to_operation_label(operation_) + ": " + std::to_string(dropped_) +
                            " generated request(s) did not satisfy their own schema (a pattern "
                            "or combination the generator cannot meet) and were not sent");
  }
  return std::move(out_);
}

// Every (pointer, smaller value) of a JSON value, removals first.
void collect_reductions(const json& value, const json::json_pointer& pointer,
                        std::vector<std::pair<json::json_pointer, std::optional<json>>>& removals,
                        std::vector<std::pair<json::json_pointer, json>>& smaller) {
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      removals.emplace_back(pointer / key, std::nullopt);
    }
    for (const auto& [key, item] : value.items()) {
      collect_reductions(item, pointer / key, removals, smaller);
    }
  } else if (value.is_array()) {
    if (!value.empty()) {
      smaller.emplace_back(pointer, json::array());
    }
    if (value.size() > 1) {
      smaller.emplace_back(pointer, json::array({value.front()}));
    }
    for (std::size_t i = 0; i < value.size() && i < 4; ++i) {
      collect_reductions(value[i], pointer / i, removals, smaller);
    }
  } else if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (!text.empty()) {
      smaller.emplace_back(pointer, "");
      if (text.size() > 1) {
        smaller.emplace_back(pointer, text.substr(0, text.size() / 2));
      }
    }
  } else if (value.is_number_integer()) {
    const auto n = value.get<std::int64_t>();
    if (n != 0) {
      smaller.emplace_back(pointer, 0);
      if (n / 2 != 0) {
        smaller.emplace_back(pointer, n / 2);
      }
    }
  } else if (value.is_number_float()) {
    const double n = value.get<double>();
    if (n != 0) {
      smaller.emplace_back(pointer, 0);
      if (std::trunc(n) != n) {
        smaller.emplace_back(pointer, std::trunc(n));
      }
    }
  }
}

} // namespace

GeneratedCases generate_operation_cases(const core::Spec& spec, const core::Operation& operation,
                                        const GenerateConfig& config) {
  return Generator(spec, operation, config).run();
}

RequestPlan build_generated_plan(const core::Spec& spec, const core::Operation& operation,
                                 const GeneratedRequest& request) {
  Step step;
  step.params = request.params;
  step.body = request.body ? *request.body : json(nullptr);
  step.credentials = !request.omit_credentials;
  auto compiled = compile_step_request(spec, operation, step);
  compiled.plan.wrong_credentials = request.wrong_credentials;
  // Any documented answer may come back (a refusal as problem+json, say): accept them all.
  std::string accept;
  for (const auto& response : operation.responses) {
    for (const auto& media : response.content) {
      if (accept.find(media.name) == std::string::npos) {
        accept += (accept.empty() ? "" : ", ") + media.name;
      }
    }
  }
  if (!accept.empty()) {
    set_header(compiled.plan.headers, "Accept", accept);
  }
  if (request.raw_body) {
    const auto* media =
        operation.request_body ? choose_json_media(operation.request_body->content) : nullptr;
    set_header(compiled.plan.headers, "Content-Type",
               media != nullptr ? media->name : std::string("application/json"));
    compiled.plan.body = *request.raw_body;
  }
  return std::move(compiled.plan);
}

std::vector<GeneratedRequest> shrink_candidates(const core::Spec& spec,
                                                const core::Operation& operation,
                                                const GeneratedRequest& request, bool valid) {
  std::vector<GeneratedRequest> out;
  for (const auto& param : operation.parameters) {
    if (param.required || param.in == core::ParamIn::path || param.name == request.violated_param ||
        !request.params.contains(param.name) || request.params[param.name].is_null()) {
      continue;
    }
    GeneratedRequest smaller = request;
    smaller.params.erase(param.name);
    out.push_back(std::move(smaller));
  }
  const auto* media =
      operation.request_body ? choose_json_media(operation.request_body->content) : nullptr;
  if (!request.body || media == nullptr || media->schema == nullptr || !spec.schemas) {
    return out;
  }
  std::vector<std::pair<json::json_pointer, std::optional<json>>> removals;
  std::vector<std::pair<json::json_pointer, json>> smaller;
  collect_reductions(*request.body, json::json_pointer(), removals, smaller);
  core::ValidateOptions options;
  options.direction = core::Direction::request;
  // A valid request stays valid; an invalid one keeps breaking the schema in its body (or in
  // its parameter, which is never touched).
  const bool must_break = !valid && request.violated_body;
  const auto keep = [&](json body) {
    if (out.size() >= k_max_shrink_candidates) {
      return;
    }
    const bool is_valid = spec.schemas->is_valid(media->schema, body, options);
    if ((must_break && is_valid) || (!must_break && !is_valid)) {
      return;
    }
    GeneratedRequest candidate = request;
    candidate.body = std::move(body);
    out.push_back(std::move(candidate));
  };
  for (const auto& [pointer, ignored] : removals) {
    json body = *request.body;
    const auto parent = pointer.parent_pointer();
    body.at(parent).erase(pointer.back());
    keep(std::move(body));
  }
  for (const auto& [pointer, value] : smaller) {
    json body = *request.body;
    body.at(pointer) = value;
    keep(std::move(body));
  }
  return out;
}

bool is_marked_unsafe(const core::Spec& spec, const core::Operation& operation) {
  if (!spec.schemas) {
    return false;
  }
  const auto hash = operation.pointer.find('#');
  if (hash == std::string::npos) {
    return false;
  }
  auto resolved = spec.schemas->store().resolve(operation.pointer.substr(0, hash),
                                                operation.pointer.substr(hash));
  if (!resolved || resolved->node == nullptr || !resolved->node->is_object()) {
    return false;
  }
  const auto it = resolved->node->find("x-concord-unsafe");
  return it != resolved->node->end() && it->is_boolean() && it->get<bool>();
}

} // namespace concord::conformance
