// A behaviour file's lifecycle as plain data: the bound behaviour (mock/behaviour_config.hpp)
// read for what a sequence needs, nothing evaluated.

#include "mock/lifecycle.hpp"

#include "core/document.hpp"
#include "mock/behaviour_config.hpp"

#include <optional>
#include <string>

namespace concord::mock {

namespace {

using detail::Case;
using detail::Compare;
using detail::Config;
using detail::OperationBehaviour;
using detail::Resource;
using detail::Role;
using nlohmann::json;

// The pointer at which a reply template writes the item ("${item}"); nullopt when it does not.
std::optional<std::string> find_item(const json& tpl, const std::string& at = "") {
  if (tpl.is_string()) {
    return tpl.get_ref<const std::string&>() == "${item}" ? std::optional<std::string>(at)
                                                          : std::nullopt;
  }
  if (tpl.is_object()) {
    for (const auto& [key, value] : tpl.items()) {
      if (auto found = find_item(value, at + "/" + core::escape_pointer_token(key))) {
        return found;
      }
    }
  }
  if (tpl.is_array()) {
    for (std::size_t i = 0; i < tpl.size(); ++i) {
      if (auto found = find_item(tpl[i], at + "/" + std::to_string(i))) {
        return found;
      }
    }
  }
  return std::nullopt;
}

// Where the item is in the operation's usual answer (its last case, the one without `when`).
std::optional<std::string> item_pointer(const OperationBehaviour& behaviour) {
  const auto& reply = behaviour.cases.back().respond;
  if (!reply || !reply->body) {
    return std::nullopt;
  }
  return find_item(*reply->body);
}

// The body fields a branch needs, when every condition is `request.body.X equals V`; nullopt
// when a condition is anything else (a sequence could not choose that branch reliably).
std::optional<json> body_selector(const Case& branch) {
  json body = json::object();
  static const std::string k_prefix = "request.body.";
  for (const auto& condition : branch.when) {
    if (condition.compare != Compare::equals || condition.expression.rfind(k_prefix, 0) != 0 ||
        condition.operand.is_structured() ||
        (condition.operand.is_string() &&
         condition.operand.get_ref<const std::string&>().find("${") != std::string::npos)) {
      return std::nullopt;
    }
    core::set_dotted(body, condition.expression.substr(k_prefix.size()), condition.operand);
  }
  return body;
}

// Each branch of an action that has a say on the state becomes one lifecycle action.
void add_actions(const std::string& id, const OperationBehaviour& behaviour,
                 core::LifecycleResource& out) {
  for (const auto& branch : behaviour.cases) {
    if (!branch.requires_states && !branch.to_state) {
      continue;
    }
    const auto body = body_selector(branch);
    if (!body) {
      continue;
    }
    core::LifecycleAction action;
    action.operation = id;
    if (branch.requires_states) {
      action.requires_states = *branch.requires_states;
      action.refused_status = branch.otherwise ? branch.otherwise->status : 0;
    }
    action.to_state = branch.to_state.value_or("");
    action.body = *body;
    out.actions.push_back(std::move(action));
  }
}

void add_operation(const std::string& id, const OperationBehaviour& behaviour,
                   const Resource& resource, core::LifecycleResource& out) {
  const auto take = [&](std::string& slot) {
    if (slot.empty()) { // the first by operationId: a second path to the same item adds nothing
      slot = id;
    }
  };
  switch (behaviour.role) {
  case Role::create:
    take(out.create);
    if (out.create == id && !out.id_param.empty()) {
      for (const auto& part : resource.key) {
        if (part.param == out.id_param && !part.field.empty()) {
          if (const auto at = item_pointer(behaviour)) {
            out.id_pointer = *at + "/" + core::escape_pointer_token(part.field);
          }
        }
      }
    }
    break;
  case Role::get:
    take(out.get);
    if (out.get == id && resource.has_state) {
      if (const auto at = item_pointer(behaviour)) {
        out.state_pointer = *at + resource.state_field.to_string();
      }
    }
    if (out.get == id && behaviour.missing && behaviour.missing->status != 0) {
      out.missing_status = behaviour.missing->status;
    }
    break;
  case Role::remove:
    take(out.remove);
    if (out.remove == id) {
      const auto& base = behaviour.cases.back();
      if (base.requires_states) {
        out.remove_requires = *base.requires_states;
        out.remove_refused_status = base.otherwise ? base.otherwise->status : 0;
      }
    }
    break;
  case Role::update:
  case Role::replace:
    take(out.update);
    break;
  case Role::list:
    take(out.list);
    break;
  case Role::action:
    add_actions(id, behaviour, out);
    break;
  }
}

core::LifecycleResource describe_resource(const Config& config, std::size_t index) {
  const auto& resource = config.resources[index];
  core::LifecycleResource out;
  out.name = resource.name;
  out.item_path = resource.item_path;
  out.collection_path = resource.collection_path;
  for (const auto& part : resource.key) {
    out.key_params.push_back(part.param);
  }
  out.id_param = resource.id_param;
  if (resource.id.source == detail::IdSource::body) {
    out.id_body_field = resource.id.body_path;
  }
  if (resource.has_state) {
    out.initial_state = resource.initial_state;
    out.states = resource.states;
  }
  out.create_on_missing = resource.create_on_missing;
  if (resource.missing && resource.missing->status != 0) {
    out.missing_status = resource.missing->status;
  }
  for (const auto& transition : resource.transitions) {
    if ((transition.after_ms >= 0 || transition.after_reads >= 0) && transition.when.empty()) {
      out.automatic.emplace_back(transition.from, transition.to);
    }
  }
  if (!resource.seed.empty()) {
    out.seed_key = resource.seed.front().key;
    out.seed_state = resource.seed.front().state.value_or(out.initial_state);
  }
  for (const auto& [id, behaviour] : config.operations) { // sorted: deterministic choices
    if (behaviour.resource == index) {
      add_operation(id, behaviour, resource, out);
    }
  }
  return out;
}

} // namespace

core::Result<core::Lifecycle> describe_lifecycle(const std::filesystem::path& behaviour_file,
                                                 const std::shared_ptr<const core::Spec>& spec) {
  auto doc = core::load_document(behaviour_file);
  if (!doc) {
    auto error = doc.error();
    if (error.code == core::ErrorCode::spec_parse) {
      error.code = core::ErrorCode::config_invalid;
    }
    return tl::unexpected(std::move(error));
  }
  auto config = detail::parse_config(*doc, *spec);
  if (!config) {
    return tl::unexpected(config.error());
  }
  core::Lifecycle lifecycle;
  lifecycle.spec_file = spec->file;
  lifecycle.source = behaviour_file.string();
  for (std::size_t i = 0; i < config->resources.size(); ++i) {
    lifecycle.resources.push_back(describe_resource(*config, i));
  }
  return lifecycle;
}

} // namespace concord::mock
