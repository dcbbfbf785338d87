#include "mock/behaviour_inference.hpp"

#include <algorithm>

namespace concord::mock::detail {
namespace {

bool is_success(std::string_view status) {
  return status.size() == 3 && status[0] == '2' &&
         status.find_first_not_of("0123456789") == std::string_view::npos;
}

Role item_role(std::string_view method) {
  if (method == "GET") {
    return Role::get;
  }
  if (method == "PATCH") {
    return Role::update;
  }
  if (method == "PUT") {
    return Role::replace;
  }
  return method == "DELETE" ? Role::remove : Role::action;
}

Role collection_role(std::string_view method) {
  if (method == "GET") {
    return Role::list;
  }
  return method == "POST" ? Role::create : Role::action;
}

} // namespace

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

bool is_path_used(const core::Spec& spec, const std::string& path) {
  return std::any_of(spec.operations.begin(), spec.operations.end(),
                     [&](const core::Operation& op) {
                       return op.path == path || op.path.rfind(path + "/", 0) == 0;
                     });
}

Role infer_role(const core::Operation& op, const Resource& resource) {
  if (op.path == resource.item_path) {
    return item_role(op.method);
  }
  if (op.path == resource.collection_path) {
    return collection_role(op.method);
  }
  return Role::action;
}

std::optional<std::size_t> resource_of(const core::Operation& op,
                                       const std::vector<Resource>& resources) {
  std::optional<std::size_t> best;
  std::size_t best_length = 0;
  for (std::size_t i = 0; i < resources.size(); ++i) {
    const auto& resource = resources[i];
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

std::string missing_key_param(const core::Operation& op, Role role, const Resource& resource) {
  const auto params = path_params(op.path);
  const bool on_collection = role == Role::list || role == Role::create;
  for (const auto& part : resource.key) {
    const bool needed = !on_collection || part.param != resource.id_param;
    if (needed && std::find(params.begin(), params.end(), part.param) == params.end()) {
      return part.param;
    }
  }
  return {};
}

void fill_success(OperationBehaviour& behaviour) {
  for (const auto& response : behaviour.operation->responses) {
    if (is_success(response.status)) {
      behaviour.success_status = std::stoi(response.status);
      behaviour.success_has_content = !response.content.empty();
      return;
    }
  }
  behaviour.success_status = behaviour.role == Role::create ? 201 : 200;
}

Case default_case(const OperationBehaviour& behaviour, const Resource& resource) {
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

std::optional<Reply> documented_missing(const core::Operation& op) {
  std::optional<Reply> missing;
  for (const auto& response : op.responses) {
    if (response.status == "404") {
      missing = Reply{};
      missing->status = 404;
      missing->has_content = !response.content.empty();
    }
  }
  return missing;
}

std::vector<OperationBehaviour> infer_operations(const core::Spec& spec, const Config& config) {
  std::vector<OperationBehaviour> inferred;
  for (const auto& op : spec.operations) {
    if (config.operations.count(op.operation_id) != 0) {
      continue;
    }
    for (std::size_t i = 0; i < config.resources.size(); ++i) {
      const auto& resource = config.resources[i];
      if (op.path != resource.item_path && op.path != resource.collection_path) {
        continue;
      }
      OperationBehaviour behaviour;
      behaviour.operation = &op;
      behaviour.resource = i;
      behaviour.role = infer_role(op, resource);
      if (behaviour.role != Role::action && resource.crud.count(behaviour.role) != 0 &&
          missing_key_param(op, behaviour.role, resource).empty()) {
        fill_success(behaviour);
        behaviour.cases.push_back(default_case(behaviour, resource));
        inferred.push_back(std::move(behaviour));
      }
      break;
    }
  }
  return inferred;
}

} // namespace concord::mock::detail
