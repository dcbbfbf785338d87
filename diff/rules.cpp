// The rule table: every change `concord diff` can report, with its default level.
#include "diff/diff.hpp"

#include <algorithm>

namespace concord::diff {

namespace {

constexpr Level k_breaking = Level::breaking;
constexpr Level k_warning = Level::warning;
constexpr Level k_info = Level::info;

} // namespace

std::string_view to_string(Level level) {
  switch (level) {
  case Level::breaking:
    return "breaking";
  case Level::warning:
    return "warning";
  case Level::info:
    break;
  }
  return "info";
}

std::optional<Level> parse_level(std::string_view text) {
  for (const auto level : {Level::info, Level::warning, Level::breaking}) {
    if (to_string(level) == text) {
      return level;
    }
  }
  return std::nullopt;
}

const std::vector<Rule>& all_rules() {
  static const std::vector<Rule> rules = {
      // Operations, paths, servers, security.
      {"path-removed", k_breaking, "a path and all its operations removed"},
      {"operation-removed", k_breaking, "an operation removed (its path stays)"},
      {"operation-added", k_info, "an operation added"},
      {"operation-id-changed", k_warning, "an operation's operationId renamed"},
      {"operation-deprecated", k_warning, "an operation marked deprecated"},
      {"server-base-path-changed", k_breaking, "the base path of the servers changed"},
      {"security-added", k_breaking, "an operation that needed no credentials now needs some"},
      {"security-scheme-changed", k_breaking, "an operation's security requirements changed"},
      {"security-removed", k_info, "an operation no longer needs credentials"},
      // Request parameters.
      {"request-parameter-required-added", k_breaking, "a required parameter added"},
      {"request-parameter-optional-added", k_info, "an optional parameter added"},
      {"request-parameter-removed", k_warning, "a parameter removed"},
      {"request-parameter-became-required", k_breaking, "an optional parameter made required"},
      {"request-parameter-location-changed", k_breaking,
       "a parameter moved (query, header, path, cookie)"},
      {"request-parameter-type-changed", k_breaking, "a parameter's type changed"},
      {"request-parameter-enum-value-removed", k_breaking, "a parameter enum lost a value"},
      {"request-parameter-max-decreased", k_breaking, "a parameter's maximum lowered"},
      {"request-parameter-min-increased", k_breaking, "a parameter's minimum raised"},
      {"request-parameter-max-length-decreased", k_breaking, "a parameter's maxLength lowered"},
      {"request-parameter-min-length-increased", k_breaking, "a parameter's minLength raised"},
      {"request-parameter-pattern-added", k_breaking, "a parameter got a pattern"},
      {"request-parameter-pattern-changed", k_warning, "a parameter's pattern changed"},
      {"request-parameter-nullable-removed", k_breaking, "a parameter no longer accepts null"},
      {"request-parameter-max-items-decreased", k_breaking, "a parameter's maxItems lowered"},
      {"request-parameter-min-items-increased", k_breaking, "a parameter's minItems raised"},
      {"request-parameter-format-changed", k_warning, "a parameter's format changed"},
      {"request-parameter-default-changed", k_warning, "a parameter's default changed"},
      // Request bodies.
      {"request-body-required-added", k_breaking, "a request body became required"},
      {"request-media-type-removed", k_breaking, "a request media type no longer accepted"},
      {"request-media-type-added", k_info, "a request media type added"},
      {"request-property-required-added", k_breaking, "a required request field added"},
      {"request-property-became-required", k_breaking, "an optional request field made required"},
      {"request-property-optional-added", k_info, "an optional request field added"},
      {"request-property-removed", k_warning, "a request field removed"},
      {"request-property-type-changed", k_breaking, "a request field's type changed"},
      {"request-property-enum-value-removed", k_breaking, "a request enum lost a value"},
      {"request-property-max-decreased", k_breaking, "a request field's maximum lowered"},
      {"request-property-min-increased", k_breaking, "a request field's minimum raised"},
      {"request-property-max-length-decreased", k_breaking, "a request field's maxLength lowered"},
      {"request-property-min-length-increased", k_breaking, "a request field's minLength raised"},
      {"request-property-pattern-added", k_breaking, "a request field got a pattern"},
      {"request-property-pattern-changed", k_warning, "a request field's pattern changed"},
      {"request-property-nullable-removed", k_breaking, "a request field no longer accepts null"},
      {"request-property-max-items-decreased", k_breaking, "a request array's maxItems lowered"},
      {"request-property-min-items-increased", k_breaking, "a request array's minItems raised"},
      {"request-property-format-changed", k_warning, "a request field's format changed"},
      {"request-property-default-changed", k_warning, "a request field's default changed"},
      {"request-property-additional-properties-closed", k_breaking,
       "a request object no longer accepts other fields"},
      {"request-property-variant-removed", k_breaking, "a oneOf/anyOf alternative removed"},
      // Responses.
      {"response-success-status-removed", k_breaking, "a success (2xx/3xx) status removed"},
      {"response-status-removed", k_info, "an error status removed"},
      {"response-success-status-added", k_info, "a success status added"},
      {"response-error-status-added", k_warning, "a new error status"},
      {"response-media-type-removed", k_breaking, "a response media type removed"},
      {"response-media-type-added", k_info, "a response media type added"},
      {"response-header-removed", k_breaking, "a response header removed"},
      {"response-property-removed", k_breaking, "a response field removed"},
      {"response-property-became-optional", k_breaking, "a required response field made optional"},
      {"response-property-added", k_info, "a response field added"},
      {"response-property-type-changed", k_breaking, "a response field's type changed"},
      {"response-property-enum-value-added", k_breaking,
       "a response enum gained a value (level: --response-enum)"},
      {"response-property-enum-value-removed", k_info, "a response enum lost a value"},
      {"response-property-nullable-added", k_breaking, "a response field may now be null"},
      {"response-property-format-changed", k_warning, "a response field's format changed"},
      {"response-property-variant-added", k_breaking, "a response oneOf/anyOf gained a shape"},
      // Examples.
      {"example-no-longer-valid", k_warning, "an example no longer fits its own schema"},
  };
  return rules;
}

const Rule* find_rule(std::string_view id) {
  const auto& rules = all_rules();
  const auto it =
      std::find_if(rules.begin(), rules.end(), [&](const Rule& rule) { return rule.id == id; });
  return it == rules.end() ? nullptr : &*it;
}

} // namespace concord::diff
