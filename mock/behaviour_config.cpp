// A behaviour file: checked against schemas/behaviour.schema.json, then bound to its spec
// (mock/behaviour_binding*.cpp) with the roles the paths imply (mock/behaviour_inference.cpp).

#include "mock/behaviour_config.hpp"

#include "core/config_schema.hpp"
#include "mock/behaviour_binding.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace concord::mock::detail {

using core::ErrorCode;
using core::Result;
using nlohmann::json;

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
    if (!resource.states.empty() &&
        std::find(resource.states.begin(), resource.states.end(), state) == resource.states.end()) {
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
  if (auto checked = core::check_config_document(doc, "behaviour"); !checked) {
    return tl::unexpected(checked.error());
  }
  return Binder(doc, spec).bind();
}

} // namespace concord::mock::detail
