#pragma once
// Internal to the behaviour engine: the small template language of behaviour files.
//
// A template is any JSON value. A string that is exactly "${expr}" becomes the JSON value of
// expr (an object, a list, a number...); a string with text around "${expr}" interpolates
// each value as text. An expression with no value (a missing field) removes the key it is
// the value of (objects) or the element (lists), so `merge` templates never null out fields.
// Expressions: item[.path], items, state, request.body[.path], params.NAME, query.NAME,
// uuid, password, now, now_ms, id.

#include "mock/behaviour.hpp"
#include "mock/clock.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace concord::mock::detail {

// Seeded generator for ids and passwords: the same seed gives the same run.
class Generator {
public:
  explicit Generator(std::uint64_t seed) : engine_(seed) {}
  [[nodiscard]] std::string make_uuid();
  [[nodiscard]] std::string make_password(std::size_t length);

private:
  std::mt19937_64 engine_;
};

// What expressions can see while one template is rendered.
struct TemplateScope {
  const nlohmann::json* item = nullptr;
  const nlohmann::json* items = nullptr;
  const BehaviourRequest* request = nullptr;
  Generator* generator = nullptr;
  Clock::Millis now = 0;
  std::string state;
  std::string id;                      // the id made for a created item
  std::optional<std::string> password; // made on first use, then the same within one reply
};

// Checks every ${...} in a template. Returns the JSON pointer (relative to the template)
// and a message for the first bad expression, or nullopt.
struct TemplateProblem {
  std::string pointer;
  std::string message;
};
[[nodiscard]] std::optional<TemplateProblem> check_template(const nlohmann::json& tpl);

// Renders a template. nullopt when the whole value is an expression without a value.
[[nodiscard]] std::optional<nlohmann::json> render_template(const nlohmann::json& tpl,
                                                            TemplateScope& scope);
// The value of one expression (without "${" "}"), or nullopt.
[[nodiscard]] std::optional<nlohmann::json> evaluate_expression(std::string_view expr,
                                                                TemplateScope& scope);

// "2026-11-27T09:44:40.000Z"
[[nodiscard]] std::string format_timestamp(Clock::Millis millis);

} // namespace concord::mock::detail
