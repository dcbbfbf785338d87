#include "mock/behaviour_binding.hpp"

#include "core/http_types.hpp"
#include "core/statuses.hpp"
#include "mock/behaviour_inference.hpp"
#include "mock/behaviour_template.hpp"

#include <map>

namespace concord::mock::detail {
namespace {

using core::Result;
using nlohmann::json;

} // namespace

std::string child(const std::string& pointer, std::string_view key) {
  return pointer + "/" + core::escape_pointer_token(key);
}

std::string child(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

std::string scalar_text(const json& value) {
  return value.is_string() ? value.get<std::string>()
                           : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    out += (out.empty() ? "" : ", ") + name;
  }
  return out;
}

tl::unexpected<core::Error> Binder::error(const std::string& pointer, std::string message) const {
  std::string at = pointer;
  while (!at.empty() && !doc_.position_of(at)) {
    at = at.substr(0, at.rfind('/'));
  }
  return core::fail(core::ErrorCode::config_invalid, std::move(message),
                    doc_.location_of(doc_.position_of(at) ? at : pointer));
}

Result<void> Binder::check_template_at(const json& tpl, const std::string& pointer) const {
  if (auto problem = check_template(tpl)) {
    return error(pointer + problem->pointer, problem->message);
  }
  return {};
}

Result<void> Binder::check_state_name(const Resource& resource, const std::string& name,
                                      const std::string& pointer) const {
  if (!resource.has_state) {
    return error(pointer, "resource `" + resource.name + "` has no `state`");
  }
  if (!resource.states.empty() &&
      std::find(resource.states.begin(), resource.states.end(), name) == resource.states.end()) {
    return error(pointer, "`" + name + "` is not one of the states of `" + resource.name + "` (" +
                              join(resource.states) + ")");
  }
  return {};
}

Result<std::vector<Condition>> Binder::bind_when(const json& node,
                                                 const std::string& pointer) const {
  static const std::map<std::string_view, Compare> k_compares{
      {"eq", Compare::equals},        {"in", Compare::one_of},     {"ne", Compare::not_equals},
      {"lt", Compare::less},          {"le", Compare::less_equal}, {"gt", Compare::greater},
      {"ge", Compare::greater_equal}, {"exists", Compare::exists}};
  std::vector<Condition> conditions;
  for (const auto& [expression, value] : node.items()) {
    const auto at = child(pointer, expression);
    if (auto ok = check_template_at(json("${" + expression + "}"), at); !ok) {
      return tl::unexpected(ok.error());
    }
    Condition condition{expression, Compare::equals, value};
    if (value.is_array()) {
      condition.compare = Compare::one_of;
    } else if (value.is_object()) { // the schema allows exactly one known comparison
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

Result<Reply> Binder::bind_reply(const json& node, const std::string& pointer) const {
  Reply reply;
  reply.pointer = pointer;
  reply.status = node.value("status", 0);
  reply.example = node.value("example", "");
  reply.empty = node.value("empty", false);
  if (node.contains("body")) {
    reply.body = node["body"];
    if (auto ok = check_template_at(*reply.body, child(pointer, "body")); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  const bool view = node.value("view", false);
  if (static_cast<int>(reply.body.has_value()) + static_cast<int>(!reply.example.empty()) +
          static_cast<int>(reply.empty) + static_cast<int>(view) >
      1) {
    return error(pointer,
                 "a reply has at most one of `body`, `view: true`, `example` and `empty: true`");
  }
  const json headers = node.value("headers", json::object());
  for (const auto& [name, value] : headers.items()) {
    reply.headers.emplace_back(name, value);
  }
  if (node.contains("headers")) {
    if (auto ok = check_template_at(node["headers"], child(pointer, "headers")); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  return reply;
}

Result<void> Binder::check_reply(Reply& reply, const OperationBehaviour& behaviour) const {
  const auto& op = *behaviour.operation;
  if (reply.status == 0) {
    reply.status = behaviour.success_status;
  }
  const auto* response = core::find_response(op, reply.status) /* core/statuses.hpp */;
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

Result<Config> Binder::bind() {
  config_.file = doc_.uri;
  const auto& root = doc_.root;
  config_.seed = root.value("seed", std::uint64_t{1});
  for (const auto& [name, node] : root.at("resources").items()) {
    auto resource = bind_resource(name, node, child("/resources", name));
    if (!resource) {
      return tl::unexpected(resource.error());
    }
    config_.resources.push_back(std::move(*resource));
  }
  for (auto step : {&Binder::bind_operations, &Binder::add_inferred_operations,
                    &Binder::bind_provider_states}) {
    if (auto ok = (this->*step)(); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  return std::move(config_);
}

} // namespace concord::mock::detail
