#pragma once
// Internal to the behaviour engine: binding a behaviour file to its spec. The file's shape is
// already checked by schemas/behaviour.schema.json; binding turns names into the spec's
// operations, statuses and examples, and checks what only the spec can tell (an operationId
// exists, a status is documented, a state is one of the resource's, a template expression is
// known). Every error is config.invalid at file:line:column.

#include "core/document.hpp"
#include "core/model.hpp"
#include "core/result.hpp"
#include "mock/behaviour_config.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace concord::mock::detail {

class Binder {
public:
  Binder(const core::Document& doc, const core::Spec& spec) : doc_(doc), spec_(spec) {}

  // The whole file: resources, then listed operations, then inferred ones, then provider states.
  [[nodiscard]] core::Result<Config> bind();

  // A config.invalid error at the closest value of `pointer` that has a position.
  [[nodiscard]] tl::unexpected<core::Error> error(const std::string& pointer,
                                                  std::string message) const;

  // ---- shared (behaviour_binding.cpp) ----------------------------------------------------
  [[nodiscard]] core::Result<void> check_template_at(const nlohmann::json& tpl,
                                                     const std::string& pointer) const;
  [[nodiscard]] core::Result<void> check_state_name(const Resource& resource,
                                                    const std::string& name,
                                                    const std::string& pointer) const;
  [[nodiscard]] core::Result<std::vector<Condition>> bind_when(const nlohmann::json& node,
                                                               const std::string& pointer) const;
  [[nodiscard]] core::Result<Reply> bind_reply(const nlohmann::json& node,
                                               const std::string& pointer) const;
  // Fills in the status and checks that it and the example are documented for the operation.
  [[nodiscard]] core::Result<void> check_reply(Reply& reply,
                                               const OperationBehaviour& behaviour) const;

private:
  // ---- resources (behaviour_binding_resources.cpp) ---------------------------------------
  [[nodiscard]] core::Result<Resource> bind_resource(const std::string& name,
                                                     const nlohmann::json& node,
                                                     const std::string& pointer) const;
  [[nodiscard]] core::Result<void> bind_key(const nlohmann::json& node, const std::string& pointer,
                                            Resource& resource) const;
  [[nodiscard]] core::Result<void> bind_state(const nlohmann::json& node,
                                              const std::string& pointer, Resource& resource) const;
  [[nodiscard]] core::Result<void>
  bind_templates(const nlohmann::json& node, const std::string& pointer, Resource& resource) const;
  [[nodiscard]] core::Result<void> bind_transitions(const nlohmann::json& node,
                                                    const std::string& pointer,
                                                    Resource& resource) const;
  [[nodiscard]] core::Result<Transition> bind_transition(const nlohmann::json& node,
                                                         const std::string& pointer,
                                                         const Resource& resource) const;
  [[nodiscard]] core::Result<void> bind_missing_and_crud(const nlohmann::json& node,
                                                         const std::string& pointer,
                                                         Resource& resource) const;
  [[nodiscard]] core::Result<void> bind_seed(const nlohmann::json& node, const std::string& pointer,
                                             Resource& resource) const;

  // ---- operations (behaviour_binding_operations.cpp) -------------------------------------
  [[nodiscard]] core::Result<void> bind_operations();
  [[nodiscard]] core::Result<OperationBehaviour> bind_operation(const std::string& id,
                                                                const nlohmann::json& node,
                                                                const std::string& pointer) const;
  [[nodiscard]] core::Result<void> bind_operation_resource(const nlohmann::json& node,
                                                           const std::string& pointer,
                                                           OperationBehaviour& behaviour) const;
  [[nodiscard]] core::Result<Case> bind_case(const nlohmann::json& node, const std::string& pointer,
                                             const OperationBehaviour& behaviour,
                                             Case result) const;
  [[nodiscard]] core::Result<void> bind_case_state(const nlohmann::json& node,
                                                   const std::string& pointer,
                                                   const OperationBehaviour& behaviour,
                                                   Case& result) const;
  [[nodiscard]] core::Result<void> bind_operation_replies(const nlohmann::json& node,
                                                          const std::string& pointer,
                                                          OperationBehaviour& behaviour) const;
  [[nodiscard]] core::Result<void> fill_missing(OperationBehaviour& behaviour) const;
  [[nodiscard]] core::Result<void> add_inferred_operations();
  [[nodiscard]] core::Result<void> bind_provider_states();
  [[nodiscard]] std::optional<std::size_t> find_resource(std::string_view name) const;

  const core::Document& doc_;
  const core::Spec& spec_;
  Config config_;
};

// "pointer/key" and "pointer/index" (RFC 6901).
[[nodiscard]] std::string child(const std::string& pointer, std::string_view key);
[[nodiscard]] std::string child(const std::string& pointer, std::size_t index);

// A scalar as text: strings as they are, numbers and booleans as JSON spells them.
[[nodiscard]] std::string scalar_text(const nlohmann::json& value);

// "a, b, c".
[[nodiscard]] std::string join(const std::vector<std::string>& names);

} // namespace concord::mock::detail
