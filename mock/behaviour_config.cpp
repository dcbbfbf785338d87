#include "mock/behaviour_config.hpp"

#include "core/http_types.hpp"
#include "core/statuses.hpp"
#include "mock/behaviour_template.hpp"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <string_view>

namespace concord::mock::detail {
namespace {

using core::ErrorCode;
using core::Result;
using nlohmann::json;

std::string child(const std::string& pointer, std::string_view key) {
  return pointer + "/" + core::escape_pointer_token(key);
}
std::string child(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

std::vector<std::string> path_params(std::string_view path) {
  std::vector<std::string> names;
  std::size_t pos = 0;
  while ((pos = path.find('{', pos)) != std::string_view::npos) {
    const auto close = path.find('}', pos);
    if (close == std::string_view::npos) {
      break;
    }
    names.emplace_back(path.substr(pos + 1, close - pos - 1));
    pos = close + 1;
  }
  return names;
}

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    out += (out.empty() ? "" : ", ") + name;
  }
  return out;
}

std::optional<Role> parse_role(std::string_view name) {
  static const std::map<std::string_view, Role> k_roles{
      {"get", Role::get},       {"list", Role::list},       {"create", Role::create},
      {"update", Role::update}, {"replace", Role::replace}, {"delete", Role::remove},
      {"action", Role::action}};
  const auto it = k_roles.find(name);
  return it == k_roles.end() ? std::nullopt : std::optional<Role>(it->second);
}

std::string scalar_text(const json& value) {
  return value.is_string() ? value.get<std::string>()
                           : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool is_success(std::string_view status) {
  return status.size() == 3 && status[0] == '2' &&
         status.find_first_not_of("0123456789") == std::string_view::npos;
}

// Checks a behaviour file against its spec while reading it; every error names file:line.
class Parser {
public:
  Parser(const core::Document& doc, const core::Spec& spec) : doc_(doc), spec_(spec) {}

  Result<Config> run() {
    config_.file = doc_.uri;
    const auto& root = doc_.root;
    if (!root.is_object()) {
      return error("", "a behaviour file is a mapping with `resources` and `operations`");
    }
    if (auto ok = check_keys(root, "", {"seed", "resources", "operations", "provider_states"});
        !ok) {
      return tl::unexpected(ok.error());
    }
    if (root.contains("seed")) {
      if (!root["seed"].is_number_unsigned()) {
        return error("/seed", "`seed` is a non-negative integer");
      }
      config_.seed = root["seed"].get<std::uint64_t>();
    }
    if (auto ok = parse_resources(); !ok) {
      return tl::unexpected(ok.error());
    }
    if (auto ok = parse_operations(); !ok) {
      return tl::unexpected(ok.error());
    }
    if (auto ok = infer_operations(); !ok) {
      return tl::unexpected(ok.error());
    }
    if (auto ok = parse_provider_states(); !ok) {
      return tl::unexpected(ok.error());
    }
    return std::move(config_);
  }

private:
  tl::unexpected<core::Error> error(const std::string& pointer, std::string message) const {
    // Point at the closest value the parser recorded a position for.
    std::string at = pointer;
    while (!at.empty() && !doc_.position_of(at)) {
      at = at.substr(0, at.rfind('/'));
    }
    return core::fail(ErrorCode::config_invalid, std::move(message),
                      doc_.location_of(doc_.position_of(at) ? at : pointer));
  }

  Result<void> check_keys(const json& node, const std::string& pointer,
                          std::initializer_list<std::string_view> allowed) const {
    if (!node.is_object()) {
      return error(pointer, "expected a mapping");
    }
    for (const auto& [key, value] : node.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string names;
        for (const auto name : allowed) {
          names += (names.empty() ? "" : ", ") + std::string(name);
        }
        return error(child(pointer, key), "unknown key `" + key + "` (expected " + names + ")");
      }
    }
    return {};
  }

  Result<std::string> read_string(const json& node, const std::string& pointer,
                                  std::string_view key, bool required) const {
    if (!node.contains(key)) {
      if (required) {
        return error(pointer, "missing `" + std::string(key) + "`");
      }
      return std::string();
    }
    const auto& value = node[std::string(key)];
    if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
      return error(child(pointer, key), "`" + std::string(key) + "` is a non-empty string");
    }
    return value.get<std::string>();
  }

  Result<void> check_template_at(const json& tpl, const std::string& pointer) const {
    if (auto problem = check_template(tpl)) {
      return error(pointer + problem->pointer, problem->message);
    }
    return {};
  }

  // ---- resources -------------------------------------------------------------------------

  Result<void> parse_resources() {
    const auto& root = doc_.root;
    if (!root.contains("resources") || !root["resources"].is_object() ||
        root["resources"].empty()) {
      return error("/resources", "`resources` is a non-empty mapping of resource names");
    }
    for (const auto& [name, node] : root["resources"].items()) {
      auto resource = parse_resource(name, node, child("/resources", name));
      if (!resource) {
        return tl::unexpected(resource.error());
      }
      config_.resources.push_back(std::move(*resource));
    }
    return {};
  }

  Result<Resource> parse_resource(const std::string& name, const json& node,
                                  const std::string& pointer) const {
    if (auto ok = check_keys(node, pointer,
                             {"item", "collection", "key", "id", "state", "defaults", "seed",
                              "transitions", "view", "list_view", "missing", "crud"});
        !ok) {
      return tl::unexpected(ok.error());
    }
    Resource resource;
    resource.name = name;
    auto item = read_string(node, pointer, "item", true);
    auto collection = item ? read_string(node, pointer, "collection", false) : item;
    if (!collection) {
      return tl::unexpected(collection.error());
    }
    resource.item_path = *item;
    resource.collection_path = *collection;
    for (const auto* path : {&resource.item_path, &resource.collection_path}) {
      if (!path->empty() && !is_path_used(*path)) {
        return error(child(pointer, path == &resource.item_path ? "item" : "collection"),
                     "no operation in " + spec_.file + " has the path " + *path);
      }
    }
    if (auto ok = parse_key(node, pointer, resource); !ok) {
      return tl::unexpected(ok.error());
    }
    if (auto ok = parse_state(node, pointer, resource); !ok) {
      return tl::unexpected(ok.error());
    }
    if (auto ok = parse_resource_templates(node, pointer, resource); !ok) {
      return tl::unexpected(ok.error());
    }
    if (auto ok = parse_transitions(node, pointer, resource); !ok) {
      return tl::unexpected(ok.error());
    }
    if (auto ok = parse_missing_and_crud(node, pointer, resource); !ok) {
      return tl::unexpected(ok.error());
    }
    if (auto ok = parse_seed(node, pointer, resource); !ok) {
      return tl::unexpected(ok.error());
    }
    return resource;
  }

  bool is_path_used(const std::string& path) const {
    return std::any_of(spec_.operations.begin(), spec_.operations.end(),
                       [&](const core::Operation& op) {
                         return op.path == path || op.path.rfind(path + "/", 0) == 0;
                       });
  }

  Result<void> parse_key(const json& node, const std::string& pointer, Resource& resource) const {
    const auto item_params = path_params(resource.item_path);
    if (!node.contains("key")) {
      for (const auto& param : item_params) {
        resource.key.push_back({param, param});
      }
    } else if (node["key"].is_array()) {
      for (std::size_t i = 0; i < node["key"].size(); ++i) {
        if (!node["key"][i].is_string()) {
          return error(child(child(pointer, "key"), i), "a key part is a path parameter name");
        }
        const auto param = node["key"][i].get<std::string>();
        resource.key.push_back({param, param});
      }
    } else if (node["key"].is_object()) {
      for (const auto& [param, field] : node["key"].items()) {
        if (!field.is_null() && !field.is_string()) {
          return error(child(child(pointer, "key"), param),
                       "map a path parameter to an item field name, or to null (scope only)");
        }
        resource.key.push_back({param, field.is_null() ? "" : field.get<std::string>()});
      }
    } else {
      return error(child(pointer, "key"), "`key` is a list of path parameter names or a mapping");
    }
    for (std::size_t i = 0; i < resource.key.size(); ++i) {
      if (!contains(item_params, resource.key[i].param)) {
        return error(child(pointer, "key"),
                     "`" + resource.key[i].param + "` is not a parameter of " + resource.item_path);
      }
    }
    if (resource.key.empty()) {
      return error(child(pointer, "item"), "the item path has no parameters to key items by");
    }
    return parse_id(node, pointer, resource);
  }

  Result<void> parse_id(const json& node, const std::string& pointer, Resource& resource) const {
    const auto collection_params = path_params(resource.collection_path);
    for (const auto& part : resource.key) {
      if (contains(collection_params, part.param)) {
        resource.collection_params.push_back(part.param);
      } else if (resource.id_param.empty()) {
        resource.id_param = part.param;
      } else if (!resource.collection_path.empty()) {
        return error(child(pointer, "key"), "only one key parameter may be missing from the "
                                            "collection path (the one a create makes)");
      }
    }
    if (!node.contains("id")) {
      return {};
    }
    const auto& id = node["id"];
    const auto id_pointer = child(pointer, "id");
    if (id == "uuid") {
      resource.id.source = IdSource::uuid;
    } else if (id == "sequence") {
      resource.id.source = IdSource::sequence;
    } else if (id.is_object() && id.contains("body") && id["body"].is_string()) {
      resource.id.source = IdSource::body;
      resource.id.body_path = id["body"].get<std::string>();
    } else if (id.is_object() && id.contains("sequence") && id["sequence"].is_string()) {
      resource.id.source = IdSource::sequence;
      resource.id.prefix = id["sequence"].get<std::string>();
    } else {
      return error(id_pointer, "`id` is uuid, sequence, {sequence: PREFIX} or {body: FIELD}");
    }
    return {};
  }

  Result<void> parse_state(const json& node, const std::string& pointer, Resource& resource) const {
    if (!node.contains("state")) {
      return {};
    }
    const auto state_pointer = child(pointer, "state");
    const auto& state = node["state"];
    if (auto ok = check_keys(state, state_pointer, {"field", "initial", "values"}); !ok) {
      return ok;
    }
    auto field = read_string(state, state_pointer, "field", true);
    auto initial = field ? read_string(state, state_pointer, "initial", true) : field;
    if (!initial) {
      return tl::unexpected(initial.error());
    }
    std::string path = *field;
    if (path.front() != '/') {
      path = "/" + path;
      std::replace(path.begin(), path.end(), '.', '/');
    }
    resource.state_field = json::json_pointer(path);
    resource.has_state = true;
    resource.initial_state = *initial;
    if (state.contains("values")) {
      if (!state["values"].is_array()) {
        return error(child(state_pointer, "values"), "`values` is a list of state names");
      }
      for (const auto& value : state["values"]) {
        resource.states.push_back(scalar_text(value));
      }
    }
    return check_state_name(resource, resource.initial_state, child(state_pointer, "initial"));
  }

  Result<void> check_state_name(const Resource& resource, const std::string& name,
                                const std::string& pointer) const {
    if (!resource.has_state) {
      return error(pointer, "resource `" + resource.name + "` has no `state`");
    }
    if (!resource.states.empty() && !contains(resource.states, name)) {
      return error(pointer, "`" + name + "` is not one of the states of `" + resource.name + "` (" +
                                join(resource.states) + ")");
    }
    return {};
  }

  Result<void> parse_resource_templates(const json& node, const std::string& pointer,
                                        Resource& resource) const {
    if (node.contains("defaults")) {
      if (!node["defaults"].is_object()) {
        return error(child(pointer, "defaults"), "`defaults` is a mapping of field templates");
      }
      resource.defaults = node["defaults"];
    }
    if (node.contains("view")) {
      resource.view = node["view"];
    }
    if (node.contains("list_view")) {
      resource.list_view = node["list_view"];
    }
    for (const auto* key : {"defaults", "view", "list_view"}) {
      if (node.contains(key)) {
        if (auto ok = check_template_at(node[key], child(pointer, key)); !ok) {
          return ok;
        }
      }
    }
    return {};
  }

  // ---- conditions and transitions --------------------------------------------------------

  Result<std::vector<Condition>> parse_when(const json& node, const std::string& pointer) const {
    std::vector<Condition> conditions;
    if (!node.is_object()) {
      return error(pointer, "`when` is a mapping of expression: value");
    }
    static const std::map<std::string_view, Compare> k_compares{
        {"eq", Compare::equals},        {"in", Compare::one_of},     {"ne", Compare::not_equals},
        {"lt", Compare::less},          {"le", Compare::less_equal}, {"gt", Compare::greater},
        {"ge", Compare::greater_equal}, {"exists", Compare::exists}};
    for (const auto& [expression, value] : node.items()) {
      const auto at = child(pointer, expression);
      if (auto ok = check_template_at(json("${" + expression + "}"), at); !ok) {
        return tl::unexpected(ok.error());
      }
      Condition condition{expression, Compare::equals, value};
      if (value.is_array()) {
        condition.compare = Compare::one_of;
      } else if (value.is_object()) {
        if (value.size() != 1 || !k_compares.count(value.begin().key())) {
          return error(at, "a comparison is one of eq, in, ne, lt, le, gt, ge, exists");
        }
        condition.compare = k_compares.at(value.begin().key());
        condition.operand = value.begin().value();
      }
      if (auto ok = check_template_at(condition.operand, at); !ok) {
        return tl::unexpected(ok.error());
      }
      conditions.push_back(std::move(condition));
    }
    return conditions;
  }

  Result<void> parse_transitions(const json& node, const std::string& pointer,
                                 Resource& resource) const {
    if (!node.contains("transitions")) {
      return {};
    }
    const auto list_pointer = child(pointer, "transitions");
    if (!node["transitions"].is_array()) {
      return error(list_pointer, "`transitions` is a list");
    }
    for (std::size_t i = 0; i < node["transitions"].size(); ++i) {
      auto transition = parse_transition(node["transitions"][i], child(list_pointer, i), resource);
      if (!transition) {
        return tl::unexpected(transition.error());
      }
      resource.transitions.push_back(std::move(*transition));
    }
    return {};
  }

  Result<Transition> parse_transition(const json& node, const std::string& pointer,
                                      const Resource& resource) const {
    if (auto ok =
            check_keys(node, pointer, {"from", "to", "after", "after_reads", "when", "merge"});
        !ok) {
      return tl::unexpected(ok.error());
    }
    Transition transition;
    for (const auto& [key, target] :
         {std::pair{"from", &transition.from}, std::pair{"to", &transition.to}}) {
      auto name = read_string(node, pointer, key, true);
      if (!name) {
        return tl::unexpected(name.error());
      }
      *target = *name;
      if (auto ok = check_state_name(resource, *name, child(pointer, key)); !ok) {
        return tl::unexpected(ok.error());
      }
    }
    if (node.contains("after")) {
      transition.after_ms = parse_duration(node["after"]);
      if (transition.after_ms < 0) {
        return error(child(pointer, "after"), "`after` is a duration such as 2s, 500ms or 1m");
      }
    }
    if (node.contains("after_reads")) {
      if (!node["after_reads"].is_number_unsigned()) {
        return error(child(pointer, "after_reads"), "`after_reads` is a non-negative integer");
      }
      transition.after_reads = node["after_reads"].get<std::int64_t>();
    }
    if (transition.after_ms < 0 && transition.after_reads < 0) {
      return error(pointer, "a transition needs `after` or `after_reads`");
    }
    if (node.contains("when")) {
      auto when = parse_when(node["when"], child(pointer, "when"));
      if (!when) {
        return tl::unexpected(when.error());
      }
      transition.when = std::move(*when);
    }
    if (node.contains("merge")) {
      transition.merge = node["merge"];
      if (auto ok = check_template_at(transition.merge, child(pointer, "merge")); !ok) {
        return tl::unexpected(ok.error());
      }
    }
    return transition;
  }

  // ---- replies ---------------------------------------------------------------------------

  Result<Reply> parse_reply(const json& node, const std::string& pointer) const {
    if (auto ok =
            check_keys(node, pointer, {"status", "body", "view", "example", "empty", "headers"});
        !ok) {
      return tl::unexpected(ok.error());
    }
    Reply reply;
    reply.pointer = pointer;
    if (node.contains("status")) {
      if (!node["status"].is_number_integer() || node["status"].get<int>() < 100 ||
          node["status"].get<int>() > 599) {
        return error(child(pointer, "status"), "`status` is an HTTP status code (100-599)");
      }
      reply.status = node["status"].get<int>();
    }
    if (node.contains("body")) {
      reply.body = node["body"];
      if (auto ok = check_template_at(*reply.body, child(pointer, "body")); !ok) {
        return tl::unexpected(ok.error());
      }
    }
    auto example = read_string(node, pointer, "example", false);
    if (!example) {
      return tl::unexpected(example.error());
    }
    reply.example = *example;
    reply.empty = node.value("empty", false);
    const bool view = node.value("view", false);
    if (static_cast<int>(reply.body.has_value()) + static_cast<int>(!reply.example.empty()) +
            static_cast<int>(reply.empty) + static_cast<int>(view) >
        1) {
      return error(pointer,
                   "a reply has at most one of `body`, `view: true`, `example` and `empty: true`");
    }
    if (node.contains("headers")) {
      if (!node["headers"].is_object()) {
        return error(child(pointer, "headers"), "`headers` is a mapping of name: template");
      }
      for (const auto& [name, value] : node["headers"].items()) {
        reply.headers.emplace_back(name, value);
      }
      if (auto ok = check_template_at(node["headers"], child(pointer, "headers")); !ok) {
        return tl::unexpected(ok.error());
      }
    }
    return reply;
  }

  // Fills in the status and checks that it and the example are documented for `op`.
  Result<void> check_reply(Reply& reply, const OperationBehaviour& behaviour) const {
    const auto& op = *behaviour.operation;
    if (reply.status == 0) {
      reply.status = behaviour.success_status;
    }
    const auto* response = core::find_response(op, reply.status); // core/statuses.hpp
    if (response == nullptr) {
      return error(reply.pointer.empty() ? "" : child(reply.pointer, "status"),
                   "operation " + op.operation_id + " documents no response for status " +
                       std::to_string(reply.status) + " (nor a range or default)");
    }
    reply.has_content = !response->content.empty();
    if (reply.example.empty()) {
      return {};
    }
    std::vector<std::string> names;
    for (const auto& media : response->content) {
      for (const auto& example : media.examples) {
        if (example.name == reply.example) {
          return {};
        }
        names.push_back(example.name);
      }
    }
    return error(child(reply.pointer, "example"),
                 "operation " + op.operation_id + " response " + response->status +
                     " has no example named `" + reply.example +
                     "` (it has: " + (names.empty() ? std::string("none") : join(names)) + ")");
  }

  Result<void> parse_missing_and_crud(const json& node, const std::string& pointer,
                                      Resource& resource) const {
    if (node.contains("missing")) {
      const auto& missing = node["missing"];
      if (missing == "create") {
        resource.create_on_missing = true;
      } else {
        auto reply = parse_reply(missing, child(pointer, "missing"));
        if (!reply) {
          return tl::unexpected(reply.error());
        }
        resource.missing = std::move(*reply);
      }
    }
    if (!node.contains("crud")) {
      resource.crud = {Role::get,    Role::list,    Role::create,
                       Role::update, Role::replace, Role::remove};
      return {};
    }
    if (!node["crud"].is_array()) {
      return error(child(pointer, "crud"), "`crud` is a list of get, list, create, update, "
                                           "replace, delete");
    }
    for (std::size_t i = 0; i < node["crud"].size(); ++i) {
      const auto role = node["crud"][i].is_string() ? parse_role(node["crud"][i].get<std::string>())
                                                    : std::nullopt;
      if (!role || *role == Role::action) {
        return error(child(child(pointer, "crud"), i), "unknown CRUD role");
      }
      resource.crud.insert(*role);
    }
    return {};
  }

  // ---- seed items ------------------------------------------------------------------------

  Result<void> parse_seed(const json& node, const std::string& pointer, Resource& resource) const {
    if (!node.contains("seed")) {
      return {};
    }
    const auto list_pointer = child(pointer, "seed");
    if (!node["seed"].is_array()) {
      return error(list_pointer, "`seed` is a list of {key, state, fields}");
    }
    for (std::size_t i = 0; i < node["seed"].size(); ++i) {
      auto item = parse_item_spec(node["seed"][i], resource);
      if (!item) {
        return error(child(list_pointer, i), item.error().message);
      }
      if (item->state) {
        if (auto ok =
                check_state_name(resource, *item->state, child(child(list_pointer, i), "state"));
            !ok) {
          return ok;
        }
      }
      item->location = doc_.location_of(child(list_pointer, i));
      resource.seed.push_back(std::move(*item));
    }
    return {};
  }

  // ---- operations ------------------------------------------------------------------------

  const core::Operation* find_operation(std::string_view id) const {
    for (const auto& op : spec_.operations) {
      if (op.operation_id == id) {
        return &op;
      }
    }
    return nullptr;
  }

  std::optional<std::size_t> find_resource(std::string_view name) const {
    for (std::size_t i = 0; i < config_.resources.size(); ++i) {
      if (config_.resources[i].name == name) {
        return i;
      }
    }
    return std::nullopt;
  }

  // The resource whose item or collection path is the operation's, else the longest item
  // path the operation's path starts with.
  std::optional<std::size_t> resource_of(const core::Operation& op) const {
    std::optional<std::size_t> best;
    std::size_t best_length = 0;
    for (std::size_t i = 0; i < config_.resources.size(); ++i) {
      const auto& resource = config_.resources[i];
      if (op.path == resource.item_path || op.path == resource.collection_path) {
        return i;
      }
      if (op.path.rfind(resource.item_path + "/", 0) == 0 &&
          resource.item_path.size() > best_length) {
        best = i;
        best_length = resource.item_path.size();
      }
    }
    return best;
  }

  static Role infer_role(const core::Operation& op, const Resource& resource) {
    if (op.path == resource.item_path) {
      if (op.method == "GET") {
        return Role::get;
      }
      if (op.method == "PATCH") {
        return Role::update;
      }
      if (op.method == "PUT") {
        return Role::replace;
      }
      if (op.method == "DELETE") {
        return Role::remove;
      }
    } else if (op.path == resource.collection_path) {
      if (op.method == "GET") {
        return Role::list;
      }
      if (op.method == "POST") {
        return Role::create;
      }
    }
    return Role::action;
  }

  void fill_success(OperationBehaviour& behaviour) const {
    for (const auto& response : behaviour.operation->responses) {
      if (is_success(response.status)) {
        behaviour.success_status = std::stoi(response.status);
        behaviour.success_has_content = !response.content.empty();
        return;
      }
    }
    behaviour.success_status = behaviour.role == Role::create ? 201 : 200;
  }

  Case default_case(const OperationBehaviour& behaviour) const {
    const auto& resource = config_.resources[behaviour.resource];
    Case result;
    Reply reply;
    switch (behaviour.role) {
    case Role::get:
    case Role::create:
    case Role::update:
    case Role::replace:
      reply.body = resource.view;
      break;
    case Role::list:
      reply.body = resource.list_view;
      break;
    case Role::remove:
    case Role::action:
      break; // the documented example, or no body
    }
    result.respond = reply;
    result.merge_body = behaviour.role == Role::create || behaviour.role == Role::update ||
                        behaviour.role == Role::replace;
    result.remove = behaviour.role == Role::remove;
    return result;
  }

  Result<void> parse_operations() {
    if (!doc_.root.contains("operations")) {
      return {};
    }
    const auto& operations = doc_.root["operations"];
    if (!operations.is_object()) {
      return error("/operations", "`operations` is a mapping of operationId: behaviour");
    }
    for (const auto& [id, node] : operations.items()) {
      auto behaviour = parse_operation(id, node, child("/operations", id));
      if (!behaviour) {
        return tl::unexpected(behaviour.error());
      }
      config_.operations.emplace(id, std::move(*behaviour));
    }
    return {};
  }

  Result<OperationBehaviour> parse_operation(const std::string& id, const json& node,
                                             const std::string& pointer) const {
    OperationBehaviour behaviour;
    behaviour.operation = find_operation(id);
    if (behaviour.operation == nullptr) {
      return error(pointer, "operationId `" + id + "` is not in " + spec_.file);
    }
    if (auto ok = check_keys(node, pointer,
                             {"resource", "role", "cases", "when", "requires", "otherwise", "to",
                              "merge", "merge_body", "respond", "missing", "conflict"});
        !ok) {
      return tl::unexpected(ok.error());
    }
    if (node.contains("when")) {
      return error(child(pointer, "when"), "`when` belongs in a case under `cases`");
    }
    if (auto ok = resolve_operation_resource(node, pointer, behaviour); !ok) {
      return tl::unexpected(ok.error());
    }
    fill_success(behaviour);
    auto base = parse_case(node, pointer, behaviour, default_case(behaviour));
    if (!base) {
      return tl::unexpected(base.error());
    }
    if (node.contains("cases")) {
      const auto list_pointer = child(pointer, "cases");
      if (!node["cases"].is_array()) {
        return error(list_pointer, "`cases` is a list");
      }
      for (std::size_t i = 0; i < node["cases"].size(); ++i) {
        Case inherited = default_case(behaviour);
        inherited.respond = base->respond;
        inherited.otherwise = base->otherwise;
        auto branch = parse_case(node["cases"][i], child(list_pointer, i), behaviour, inherited);
        if (!branch) {
          return tl::unexpected(branch.error());
        }
        behaviour.cases.push_back(std::move(*branch));
      }
    }
    behaviour.cases.push_back(std::move(*base));
    if (auto ok = parse_operation_replies(node, pointer, behaviour); !ok) {
      return tl::unexpected(ok.error());
    }
    return behaviour;
  }

  Result<void> resolve_operation_resource(const json& node, const std::string& pointer,
                                          OperationBehaviour& behaviour) const {
    const auto& op = *behaviour.operation;
    std::optional<std::size_t> index;
    if (node.contains("resource")) {
      index = node["resource"].is_string() ? find_resource(node["resource"].get<std::string>())
                                           : std::nullopt;
      if (!index) {
        return error(child(pointer, "resource"), "unknown resource");
      }
    } else {
      index = resource_of(op);
      if (!index) {
        return error(pointer, "no resource has an item or collection path that " + op.path +
                                  " starts with; name one with `resource:`");
      }
    }
    behaviour.resource = *index;
    const auto& resource = config_.resources[*index];
    behaviour.role = infer_role(op, resource);
    if (node.contains("role")) {
      const auto role =
          node["role"].is_string() ? parse_role(node["role"].get<std::string>()) : std::nullopt;
      if (!role) {
        return error(child(pointer, "role"),
                     "`role` is one of get, list, create, update, replace, delete, action");
      }
      behaviour.role = *role;
    }
    return check_operation_params(behaviour, pointer);
  }

  Result<void> check_operation_params(const OperationBehaviour& behaviour,
                                      const std::string& pointer) const {
    const auto& resource = config_.resources[behaviour.resource];
    const auto params = path_params(behaviour.operation->path);
    const bool on_collection = behaviour.role == Role::list || behaviour.role == Role::create;
    for (const auto& part : resource.key) {
      const bool needed = !on_collection || part.param != resource.id_param;
      if (needed && !contains(params, part.param)) {
        return error(pointer, "operation " + behaviour.operation->operation_id + " (" +
                                  behaviour.operation->path + ") has no path parameter `" +
                                  part.param + "` to find a `" + resource.name + "` by");
      }
    }
    return {};
  }

  Result<Case> parse_case(const json& node, const std::string& pointer,
                          const OperationBehaviour& behaviour, Case result) const {
    if (pointer.find("/cases/") != std::string::npos) {
      if (auto ok = check_keys(
              node, pointer,
              {"when", "requires", "otherwise", "to", "merge", "merge_body", "respond", "delete"});
          !ok) {
        return tl::unexpected(ok.error());
      }
      if (node.contains("when")) {
        auto when = parse_when(node["when"], child(pointer, "when"));
        if (!when) {
          return tl::unexpected(when.error());
        }
        result.when = std::move(*when);
      }
      if (node.contains("delete")) {
        result.remove = node["delete"].is_boolean() && node["delete"].get<bool>();
      }
    }
    if (auto ok = parse_case_state(node, pointer, behaviour, result); !ok) {
      return tl::unexpected(ok.error());
    }
    if (node.contains("merge")) {
      result.merge = node["merge"];
      if (auto ok = check_template_at(result.merge, child(pointer, "merge")); !ok) {
        return tl::unexpected(ok.error());
      }
    }
    if (node.contains("merge_body")) {
      result.merge_body = node["merge_body"].is_boolean() && node["merge_body"].get<bool>();
    }
    for (const auto& [key, target] :
         {std::pair{"respond", &result.respond}, std::pair{"otherwise", &result.otherwise}}) {
      if (node.contains(key)) {
        auto reply = parse_reply(node[key], child(pointer, key));
        if (!reply) {
          return tl::unexpected(reply.error());
        }
        if (node[key].value("view", false)) {
          reply->body = config_.resources[behaviour.resource].view;
        }
        if (auto ok = check_reply(*reply, behaviour); !ok) {
          return tl::unexpected(ok.error());
        }
        *target = std::move(*reply);
      }
    }
    if (result.respond) {
      if (auto ok = check_reply(*result.respond, behaviour); !ok) {
        return tl::unexpected(ok.error());
      }
    }
    return result;
  }

  Result<void> parse_case_state(const json& node, const std::string& pointer,
                                const OperationBehaviour& behaviour, Case& result) const {
    const auto& resource = config_.resources[behaviour.resource];
    if (node.contains("requires")) {
      const auto& list = node["requires"];
      const auto at = child(pointer, "requires");
      if (!list.is_array()) {
        return error(at, "`requires` is a list of states the item must be in");
      }
      result.requires_states.emplace();
      for (std::size_t i = 0; i < list.size(); ++i) {
        const auto name = scalar_text(list[i]);
        if (auto ok = check_state_name(resource, name, child(at, i)); !ok) {
          return ok;
        }
        result.requires_states->push_back(name);
      }
      if (!node.contains("otherwise") && !result.otherwise) {
        return error(at, "`requires` needs an `otherwise` reply for the other states");
      }
    }
    if (node.contains("to")) {
      const auto name = scalar_text(node["to"]);
      if (auto ok = check_state_name(resource, name, child(pointer, "to")); !ok) {
        return ok;
      }
      result.to_state = name;
    }
    return {};
  }

  Result<void> parse_operation_replies(const json& node, const std::string& pointer,
                                       OperationBehaviour& behaviour) const {
    for (const auto& [key, target] :
         {std::pair{"missing", &behaviour.missing}, std::pair{"conflict", &behaviour.conflict}}) {
      if (node.contains(key)) {
        auto reply = parse_reply(node[key], child(pointer, key));
        if (!reply) {
          return tl::unexpected(reply.error());
        }
        if (auto ok = check_reply(*reply, behaviour); !ok) {
          return ok;
        }
        *target = std::move(*reply);
      }
    }
    return fill_missing(behaviour);
  }

  // The reply for an unknown key: the operation's own, the resource's, or a documented 404.
  Result<void> fill_missing(OperationBehaviour& behaviour) const {
    if (behaviour.missing || behaviour.role == Role::list || behaviour.role == Role::create) {
      return {};
    }
    const auto& resource = config_.resources[behaviour.resource];
    if (resource.missing) {
      Reply reply = *resource.missing;
      if (auto ok = check_reply(reply, behaviour); !ok) {
        return ok;
      }
      behaviour.missing = std::move(reply);
      return {};
    }
    for (const auto& response : behaviour.operation->responses) {
      if (response.status == "404") {
        behaviour.missing = Reply{};
        behaviour.missing->status = 404;
        behaviour.missing->has_content = !response.content.empty();
      }
    }
    return {};
  }

  // Operations on an item or collection path that the file does not list.
  Result<void> infer_operations() {
    for (const auto& op : spec_.operations) {
      if (config_.operations.count(op.operation_id) != 0) {
        continue;
      }
      for (std::size_t i = 0; i < config_.resources.size(); ++i) {
        const auto& resource = config_.resources[i];
        if (op.path != resource.item_path && op.path != resource.collection_path) {
          continue;
        }
        OperationBehaviour behaviour;
        behaviour.operation = &op;
        behaviour.resource = i;
        behaviour.role = infer_role(op, resource);
        if (behaviour.role == Role::action || resource.crud.count(behaviour.role) == 0 ||
            !check_operation_params(behaviour, "")) {
          break;
        }
        fill_success(behaviour);
        behaviour.cases.push_back(default_case(behaviour));
        if (auto ok = check_reply(*behaviour.cases.back().respond, behaviour); !ok) {
          return ok;
        }
        if (auto ok = fill_missing(behaviour); !ok) {
          return ok;
        }
        config_.operations.emplace(op.operation_id, std::move(behaviour));
        break;
      }
    }
    return {};
  }

  // ---- provider states -------------------------------------------------------------------

  Result<void> parse_provider_states() {
    if (!doc_.root.contains("provider_states")) {
      return {};
    }
    const auto& states = doc_.root["provider_states"];
    if (!states.is_object()) {
      return error("/provider_states", "`provider_states` maps a state description to items");
    }
    for (const auto& [name, node] : states.items()) {
      const auto pointer = child("/provider_states", name);
      const json list = node.is_array() ? node : json::array({node});
      ProviderState state;
      for (std::size_t i = 0; i < list.size(); ++i) {
        const auto at = node.is_array() ? child(pointer, i) : pointer;
        const auto index =
            list[i].is_object() && list[i].contains("resource") && list[i]["resource"].is_string()
                ? find_resource(list[i]["resource"].get<std::string>())
                : std::nullopt;
        if (!index) {
          return error(at, "each item names a known `resource`");
        }
        auto item = parse_item_spec(list[i], config_.resources[*index]);
        if (!item) {
          return error(at, item.error().message);
        }
        state.items.push_back(std::move(*item));
        state.resources.push_back(*index);
      }
      config_.provider_states.emplace(name, std::move(state));
    }
    return {};
  }

  const core::Document& doc_;
  const core::Spec& spec_;
  Config config_;
};

} // namespace

Result<ItemSpec> parse_item_spec(const nlohmann::json& value, const Resource& resource) {
  if (!value.is_object()) {
    return core::fail(ErrorCode::config_invalid, "an item is {key: {...}, state, fields: {...}}");
  }
  for (const auto& [name, field] : value.items()) {
    if (name != "resource" && name != "key" && name != "state" && name != "fields") {
      return core::fail(ErrorCode::config_invalid,
                        "unknown item key `" + name + "` (expected resource, key, state, fields)");
    }
  }
  ItemSpec item;
  const auto key = value.value("key", json::object());
  for (const auto& part : resource.key) {
    if (!key.is_object() || !key.contains(part.param) || key[part.param].is_null() ||
        key[part.param].is_structured()) {
      return core::fail(ErrorCode::config_invalid,
                        "the key of a `" + resource.name + "` needs `" + part.param + "`");
    }
    item.key[part.param] = scalar_text(key[part.param]);
  }
  if (value.contains("state")) {
    if (!resource.has_state || value["state"].is_structured() || value["state"].is_null()) {
      return core::fail(ErrorCode::config_invalid,
                        "`state` is a state name of `" + resource.name + "`");
    }
    const auto state = scalar_text(value["state"]);
    if (!resource.states.empty() && !contains(resource.states, state)) {
      return core::fail(ErrorCode::config_invalid,
                        "`" + state + "` is not a state of `" + resource.name + "`");
    }
    item.state = state;
  }
  if (value.contains("fields")) {
    if (!value["fields"].is_object()) {
      return core::fail(ErrorCode::config_invalid, "`fields` is a mapping");
    }
    item.fields = value["fields"];
  }
  return item;
}

std::int64_t parse_duration(const nlohmann::json& value) {
  if (value.is_number_integer()) {
    return value.get<std::int64_t>() < 0 ? -1 : value.get<std::int64_t>();
  }
  if (!value.is_string()) {
    return -1;
  }
  const auto& text = value.get_ref<const std::string&>();
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])) != 0) {
    ++digits;
  }
  if (digits == 0 || digits > 12) {
    return -1;
  }
  const auto number = std::stoll(text.substr(0, digits));
  const auto unit = text.substr(digits);
  static const std::map<std::string, std::int64_t, std::less<>> k_units{
      {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}};
  const auto it = k_units.find(unit);
  return it == k_units.end() ? -1 : number * it->second;
}

core::Result<Config> parse_config(const core::Document& doc, const core::Spec& spec) {
  return Parser(doc, spec).run();
}

} // namespace concord::mock::detail
