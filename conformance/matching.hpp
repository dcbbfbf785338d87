#pragma once

#include "conformance/failure.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace concord::conformance {

enum class MatchMode {
  schema, // the documented schema only; examples are not compared
  shape,  // every field of the example is present with the same JSON type (default)
  exact,  // equal to the example (numbers compared by value), ignore paths aside
};
[[nodiscard]] const char* to_string(MatchMode mode) noexcept;
[[nodiscard]] bool parse_match_mode(std::string_view text, MatchMode& out) noexcept;

// Pointers may use "*" for any one token: "/items/*/createdAt".
[[nodiscard]] bool is_ignored_pointer(std::string_view pointer,
                                      const std::vector<std::string>& ignore);

// Appends `example` failures (check name "example") to `out`; stops after `limit` of them.
void match_shape(const nlohmann::json& expected, const nlohmann::json& actual,
                 const std::vector<std::string>& ignore, std::vector<Failure>& out,
                 std::size_t limit = 20);
void match_exact(const nlohmann::json& expected, const nlohmann::json& actual,
                 const std::vector<std::string>& ignore, std::vector<Failure>& out,
                 std::size_t limit = 20);

// "object", "array", "string", "number", "boolean", "null"
[[nodiscard]] const char* to_json_kind(const nlohmann::json& value) noexcept;
// value.dump(), cut to `max` characters with "..." appended.
[[nodiscard]] std::string to_short_text(const nlohmann::json& value, std::size_t max = 200);

} // namespace concord::conformance
