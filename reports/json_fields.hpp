#pragma once
// Internal to concord_report: reading fields of a results file, which is untrusted input
// (a missing field or one of the wrong type reads as empty, never throws).

#include <nlohmann/json.hpp>
#include <string>

namespace concord::report::detail {

// node[key] when node is an object and that field is a string; "" otherwise.
inline std::string string_field(const nlohmann::json& node, const char* key) {
  if (node.is_object()) {
    const auto it = node.find(key);
    if (it != node.end() && it->is_string()) {
      return it->get<std::string>();
    }
  }
  return {};
}

// As string_field, but a field of another type (not null) reads as its JSON text.
inline std::string text_field(const nlohmann::json& node, const char* key) {
  if (node.is_object()) {
    const auto it = node.find(key);
    if (it != node.end() && !it->is_string() && !it->is_null()) {
      return it->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
  }
  return string_field(node, key);
}

} // namespace concord::report::detail
