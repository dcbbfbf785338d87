#pragma once
// Internal to the behaviour engine: what follows from the paths alone. An operation on a
// resource's collection path lists or creates, one on its item path gets, updates, replaces
// or deletes, and anything under the item path is an action (docs/behaviour.md, "Operations").

#include "core/model.hpp"
#include "mock/behaviour_config.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace concord::mock::detail {

// The {name} parameters of a path template, in order.
[[nodiscard]] std::vector<std::string> path_params(std::string_view path);

// True when some operation of the spec has `path` or a path under it.
[[nodiscard]] bool is_path_used(const core::Spec& spec, const std::string& path);

// The role an operation has on a resource from its path and method.
[[nodiscard]] Role infer_role(const core::Operation& op, const Resource& resource);

// The resource whose item or collection path is the operation's, else the one with the
// longest item path the operation's path starts with.
[[nodiscard]] std::optional<std::size_t> resource_of(const core::Operation& op,
                                                     const std::vector<Resource>& resources);

// The key parameter the operation's path lacks (a list or create needs only the collection's
// parameters), or "" when it has them all.
[[nodiscard]] std::string missing_key_param(const core::Operation& op, Role role,
                                            const Resource& resource);

// Sets success_status and success_has_content from the first documented 2xx.
void fill_success(OperationBehaviour& behaviour);

// What a role does when the file says nothing: create/update/replace merge the body, delete
// removes the item, and the reply is the view (one item), the list view, or the documented
// example.
[[nodiscard]] Case default_case(const OperationBehaviour& behaviour, const Resource& resource);

// The reply for an unknown key when neither the operation nor the resource gives one: the
// operation's documented 404, if any.
[[nodiscard]] std::optional<Reply> documented_missing(const core::Operation& op);

// The operations on an item or collection path that the file does not list, with the role
// their method gives them (when the resource's `crud` allows it). Their replies are not yet
// checked against the spec.
[[nodiscard]] std::vector<OperationBehaviour> infer_operations(const core::Spec& spec,
                                                               const Config& config);

} // namespace concord::mock::detail
