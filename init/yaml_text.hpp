#pragma once
// Small helpers to write YAML text: plain or quoted scalars, JSON values in flow style.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace concord::init {

// A scalar as YAML: plain when that reads back as the same string, else double-quoted.
[[nodiscard]] std::string to_yaml_scalar(std::string_view text);
// A JSON value in YAML flow style (JSON is YAML: strings are double-quoted).
[[nodiscard]] std::string to_yaml_flow(const nlohmann::json& value);
// "[a, b, c]" with each element a scalar.
[[nodiscard]] std::string to_yaml_list(const std::vector<std::string>& items);

} // namespace concord::init
