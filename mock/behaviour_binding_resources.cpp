// Binding a behaviour file's resources to the spec: paths, key parameters, states, templates,
// transitions, replies for unknown keys and seed items.

#include "mock/behaviour_binding.hpp"
#include "mock/behaviour_inference.hpp"

#include <algorithm>
#include <map>

namespace concord::mock::detail {

using core::Result;
using nlohmann::json;

Result<Resource> Binder::bind_resource(const std::string& name, const json& node,
                                       const std::string& pointer) const {
  Resource resource;
  resource.name = name;
  resource.item_path = node.value("item", "");
  resource.collection_path = node.value("collection", "");
  for (const auto* key : {"item", "collection"}) {
    const auto path = node.value(key, "");
    if (!path.empty() && !is_path_used(spec_, path)) {
      return error(child(pointer, key), "no operation in " + spec_.file + " has the path " + path);
    }
  }
  for (auto step :
       {&Binder::bind_key, &Binder::bind_state, &Binder::bind_templates, &Binder::bind_transitions,
        &Binder::bind_missing_and_crud, &Binder::bind_seed}) {
    if (auto ok = (this->*step)(node, pointer, resource); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  return resource;
}

Result<void> Binder::bind_key(const json& node, const std::string& pointer,
                              Resource& resource) const {
  const auto item_params = path_params(resource.item_path);
  const auto key = node.value("key", json());
  if (key.is_null()) {
    for (const auto& param : item_params) {
      resource.key.push_back({param, param});
    }
  }
  if (key.is_array()) {
    for (const auto& param : key) {
      resource.key.push_back({param.get<std::string>(), param.get<std::string>()});
    }
  } else if (key.is_object()) {
    for (const auto& [param, field] : key.items()) {
      resource.key.push_back({param, field.is_null() ? "" : field.get<std::string>()});
    }
  }
  for (const auto& part : resource.key) {
    if (std::find(item_params.begin(), item_params.end(), part.param) == item_params.end()) {
      return error(child(pointer, "key"),
                   "`" + part.param + "` is not a parameter of " + resource.item_path);
    }
  }
  if (resource.key.empty()) {
    return error(child(pointer, "item"), "the item path has no parameters to key items by");
  }
  const auto collection_params = path_params(resource.collection_path);
  for (const auto& part : resource.key) {
    if (std::find(collection_params.begin(), collection_params.end(), part.param) !=
        collection_params.end()) {
      resource.collection_params.push_back(part.param);
    } else if (resource.id_param.empty()) {
      resource.id_param = part.param;
    } else if (!resource.collection_path.empty()) {
      return error(child(pointer, "key"), "only one key parameter may be missing from the "
                                          "collection path (the one a create makes)");
    }
  }
  const auto id = node.value("id", json("uuid"));
  if (id.is_object()) { // {sequence: PREFIX} or {body: FIELD}
    resource.id.source = id.contains("body") ? IdSource::body : IdSource::sequence;
    (id.contains("body") ? resource.id.body_path : resource.id.prefix) =
        id.begin().value().get<std::string>();
  } else {
    resource.id.source = id == "sequence" ? IdSource::sequence : IdSource::uuid;
  }
  return {};
}

Result<void> Binder::bind_state(const json& node, const std::string& pointer,
                                Resource& resource) const {
  if (!node.contains("state")) {
    return {};
  }
  const auto state_pointer = child(pointer, "state");
  const auto& state = node["state"];
  std::string path = state["field"].get<std::string>();
  if (path.front() != '/') {
    path = "/" + path;
    std::replace(path.begin(), path.end(), '.', '/');
  }
  resource.state_field = json::json_pointer(path);
  resource.has_state = true;
  resource.initial_state = state["initial"].get<std::string>();
  for (const auto& value : state.value("values", json::array())) {
    resource.states.push_back(scalar_text(value));
  }
  return check_state_name(resource, resource.initial_state, child(state_pointer, "initial"));
}

Result<void> Binder::bind_templates(const json& node, const std::string& pointer,
                                    Resource& resource) const {
  resource.defaults = node.value("defaults", resource.defaults);
  resource.view = node.value("view", resource.view);
  resource.list_view = node.value("list_view", resource.list_view);
  for (const auto* key : {"defaults", "view", "list_view"}) {
    if (node.contains(key)) {
      if (auto ok = check_template_at(node[key], child(pointer, key)); !ok) {
        return ok;
      }
    }
  }
  return {};
}

Result<void> Binder::bind_transitions(const json& node, const std::string& pointer,
                                      Resource& resource) const {
  const auto list = node.value("transitions", json::array());
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto transition = bind_transition(list[i], child(child(pointer, "transitions"), i), resource);
    if (!transition) {
      return tl::unexpected(transition.error());
    }
    resource.transitions.push_back(std::move(*transition));
  }
  return {};
}

Result<Transition> Binder::bind_transition(const json& node, const std::string& pointer,
                                           const Resource& resource) const {
  Transition transition;
  transition.from = node["from"].get<std::string>();
  transition.to = node["to"].get<std::string>();
  for (const auto* key : {"from", "to"}) {
    if (auto ok = check_state_name(resource, node[key].get<std::string>(), child(pointer, key));
        !ok) {
      return tl::unexpected(ok.error());
    }
  }
  if (node.contains("after")) {
    transition.after_ms = parse_duration(node["after"]);
  }
  if (node.contains("after_reads")) {
    transition.after_reads = node["after_reads"].get<std::int64_t>();
  }
  if (node.contains("when")) {
    auto when = bind_when(node["when"], child(pointer, "when"));
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

Result<void> Binder::bind_missing_and_crud(const json& node, const std::string& pointer,
                                           Resource& resource) const {
  if (node.contains("missing")) {
    const auto& missing = node["missing"];
    if (missing == "create") {
      resource.create_on_missing = true;
    } else {
      auto reply = bind_reply(missing, child(pointer, "missing"));
      if (!reply) {
        return tl::unexpected(reply.error());
      }
      resource.missing = std::move(*reply);
    }
  }
  static const std::map<std::string, Role, std::less<>> k_roles{
      {"get", Role::get},       {"list", Role::list},       {"create", Role::create},
      {"update", Role::update}, {"replace", Role::replace}, {"delete", Role::remove}};
  if (!node.contains("crud")) {
    for (const auto& [name, role] : k_roles) {
      resource.crud.insert(role);
    }
  }
  for (const auto& name : node.value("crud", json::array())) {
    resource.crud.insert(k_roles.at(name.get<std::string>()));
  }
  return {};
}

Result<void> Binder::bind_seed(const json& node, const std::string& pointer,
                               Resource& resource) const {
  const auto list = node.value("seed", json::array());
  const auto list_pointer = child(pointer, "seed");
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto item = parse_item_spec(list[i], resource);
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

} // namespace concord::mock::detail
