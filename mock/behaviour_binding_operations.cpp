// Binding a behaviour file's operations and provider states to the spec: operationIds,
// resources, roles, branches, replies, and the operations inferred from the paths.

#include "mock/behaviour_binding.hpp"
#include "mock/behaviour_inference.hpp"

#include <algorithm>
#include <map>

namespace concord::mock::detail {

using core::Result;
using nlohmann::json;

Result<void> Binder::bind_operations() {
  const json operations = doc_.root.value("operations", json::object());
  for (const auto& [id, node] : operations.items()) {
    auto behaviour = bind_operation(id, node, child("/operations", id));
    if (!behaviour) {
      return tl::unexpected(behaviour.error());
    }
    config_.operations.emplace(id, std::move(*behaviour));
  }
  return {};
}

Result<OperationBehaviour> Binder::bind_operation(const std::string& id, const json& node,
                                                  const std::string& pointer) const {
  OperationBehaviour behaviour;
  const auto op = std::find_if(spec_.operations.begin(), spec_.operations.end(),
                               [&](const core::Operation& o) { return o.operation_id == id; });
  behaviour.operation = op == spec_.operations.end() ? nullptr : &*op;
  if (behaviour.operation == nullptr) {
    return error(pointer, "operationId `" + id + "` is not in " + spec_.file);
  }
  if (auto ok = bind_operation_resource(node, pointer, behaviour); !ok) {
    return tl::unexpected(ok.error());
  }
  fill_success(behaviour);
  const auto& resource = config_.resources[behaviour.resource];
  auto base = bind_case(node, pointer, behaviour, default_case(behaviour, resource));
  if (!base) {
    return tl::unexpected(base.error());
  }
  const auto cases = node.value("cases", json::array());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    Case inherited = default_case(behaviour, resource);
    inherited.respond = base->respond;
    inherited.otherwise = base->otherwise;
    auto branch = bind_case(cases[i], child(child(pointer, "cases"), i), behaviour, inherited);
    if (!branch) {
      return tl::unexpected(branch.error());
    }
    behaviour.cases.push_back(std::move(*branch));
  }
  behaviour.cases.push_back(std::move(*base));
  if (auto ok = bind_operation_replies(node, pointer, behaviour); !ok) {
    return tl::unexpected(ok.error());
  }
  return behaviour;
}

Result<void> Binder::bind_operation_resource(const json& node, const std::string& pointer,
                                             OperationBehaviour& behaviour) const {
  static const std::map<std::string, Role, std::less<>> k_roles{
      {"get", Role::get},       {"list", Role::list},       {"create", Role::create},
      {"update", Role::update}, {"replace", Role::replace}, {"delete", Role::remove},
      {"action", Role::action}};
  const auto& op = *behaviour.operation;
  std::optional<std::size_t> index;
  if (node.contains("resource")) {
    index = find_resource(node["resource"].get<std::string>());
    if (!index) {
      return error(child(pointer, "resource"), "unknown resource");
    }
  } else {
    index = resource_of(op, config_.resources);
    if (!index) {
      return error(pointer, "no resource has an item or collection path that " + op.path +
                                " starts with; name one with `resource:`");
    }
  }
  behaviour.resource = *index;
  const auto& resource = config_.resources[*index];
  behaviour.role = node.contains("role") ? k_roles.at(node["role"].get<std::string>())
                                         : infer_role(op, resource);
  const auto missing = missing_key_param(op, behaviour.role, resource);
  if (!missing.empty()) {
    return error(pointer, "operation " + op.operation_id + " (" + op.path +
                              ") has no path parameter `" + missing + "` to find a `" +
                              resource.name + "` by");
  }
  return {};
}

Result<Case> Binder::bind_case(const json& node, const std::string& pointer,
                               const OperationBehaviour& behaviour, Case result) const {
  if (node.contains("when")) { // only a branch under `cases` has one (the schema says so)
    auto when = bind_when(node["when"], child(pointer, "when"));
    if (!when) {
      return tl::unexpected(when.error());
    }
    result.when = std::move(*when);
  }
  result.remove = node.value("delete", result.remove);
  if (auto ok = bind_case_state(node, pointer, behaviour, result); !ok) {
    return tl::unexpected(ok.error());
  }
  if (node.contains("merge")) {
    result.merge = node["merge"];
    if (auto ok = check_template_at(result.merge, child(pointer, "merge")); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  result.merge_body = node.value("merge_body", result.merge_body);
  for (const auto& [key, target] :
       {std::pair{"respond", &result.respond}, std::pair{"otherwise", &result.otherwise}}) {
    if (node.contains(key)) {
      auto reply = bind_reply(node[key], child(pointer, key));
      if (!reply) {
        return tl::unexpected(reply.error());
      }
      if (node[key].value("view", false)) {
        reply->body = config_.resources[behaviour.resource].view;
      }
      *target = std::move(*reply);
    }
  }
  for (auto* reply : {&result.respond, &result.otherwise}) {
    if (*reply) {
      if (auto ok = check_reply(**reply, behaviour); !ok) {
        return tl::unexpected(ok.error());
      }
    }
  }
  return result;
}

Result<void> Binder::bind_case_state(const json& node, const std::string& pointer,
                                     const OperationBehaviour& behaviour, Case& result) const {
  const auto& resource = config_.resources[behaviour.resource];
  if (node.contains("requires")) {
    const auto at = child(pointer, "requires");
    result.requires_states.emplace();
    for (std::size_t i = 0; i < node["requires"].size(); ++i) {
      const auto name = scalar_text(node["requires"][i]);
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

Result<void> Binder::bind_operation_replies(const json& node, const std::string& pointer,
                                            OperationBehaviour& behaviour) const {
  for (const auto& [key, target] :
       {std::pair{"missing", &behaviour.missing}, std::pair{"conflict", &behaviour.conflict}}) {
    if (node.contains(key)) {
      auto reply = bind_reply(node[key], child(pointer, key));
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
Result<void> Binder::fill_missing(OperationBehaviour& behaviour) const {
  if (behaviour.missing || behaviour.role == Role::list || behaviour.role == Role::create) {
    return {};
  }
  const auto& resource = config_.resources[behaviour.resource];
  if (!resource.missing) {
    behaviour.missing = documented_missing(*behaviour.operation);
    return {};
  }
  Reply reply = *resource.missing;
  if (auto ok = check_reply(reply, behaviour); !ok) {
    return ok;
  }
  behaviour.missing = std::move(reply);
  return {};
}

Result<void> Binder::add_inferred_operations() {
  for (auto& behaviour : infer_operations(spec_, config_)) {
    if (auto ok = check_reply(*behaviour.cases.back().respond, behaviour); !ok) {
      return ok;
    }
    if (auto ok = fill_missing(behaviour); !ok) {
      return ok;
    }
    const auto id = behaviour.operation->operation_id;
    config_.operations.emplace(id, std::move(behaviour));
  }
  return {};
}

Result<void> Binder::bind_provider_states() {
  const json provider_states = doc_.root.value("provider_states", json::object());
  for (const auto& [name, node] : provider_states.items()) {
    const auto pointer = child("/provider_states", name);
    const json list = node.is_array() ? node : json::array({node});
    ProviderState state;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto at = node.is_array() ? child(pointer, i) : pointer;
      const auto index = find_resource(list[i]["resource"].get<std::string>());
      if (!index) {
        return error(child(at, "resource"), "each item names a known `resource`");
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

std::optional<std::size_t> Binder::find_resource(std::string_view name) const {
  for (std::size_t i = 0; i < config_.resources.size(); ++i) {
    if (config_.resources[i].name == name) {
      return i;
    }
  }
  return std::nullopt;
}

} // namespace concord::mock::detail
