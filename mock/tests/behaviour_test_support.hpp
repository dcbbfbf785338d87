#pragma once
// Shared helpers of the behaviour engine tests: load a spec and its behaviour, call an
// operation, and check every outcome against the documented response (schema and examples).

#include "core/http_types.hpp"
#include "core/loader.hpp"
#include "core/model.hpp"
#include "core/schema.hpp"
#include "mock/behaviour.hpp"
#include "mock/clock.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace concord::mock::testing {

inline std::filesystem::path source_path(const std::string& relative) {
  return std::filesystem::path(CONCORD_SOURCE_DIR) / relative;
}

inline std::shared_ptr<const core::Spec> load_test_spec(const std::string& relative) {
  auto spec = core::load_spec(source_path(relative));
  if (!spec) {
    ADD_FAILURE() << "cannot load " << relative << ": " << spec.error().to_string();
    return nullptr;
  }
  return *spec;
}

// The response documented for `status`: exact, else the range (4XX), else `default`.
inline const core::ResponseSpec* find_documented(const core::Operation& op, int status) {
  const auto code = std::to_string(status);
  const auto range = code.substr(0, 1) + "XX";
  const core::ResponseSpec* found = nullptr;
  for (const auto& response : op.responses) {
    if (response.status == code) {
      return &response;
    }
    if (response.status == range ||
        (core::iequals(response.status, "default") && found == nullptr)) {
      found = &response;
    }
  }
  return found;
}

// Every outcome must be something the spec documents: a body that validates against the
// response schema (Direction::response), a named example that exists, or no body where the
// response has no content.
inline void expect_documented(const core::Spec& spec, const core::Operation& op,
                              const BehaviourOutcome& outcome) {
  const auto* response = find_documented(op, outcome.status);
  ASSERT_NE(response, nullptr) << op.operation_id << " answered undocumented status "
                               << outcome.status;
  if (outcome.empty_body) {
    EXPECT_TRUE(response->content.empty()) << op.operation_id << " " << outcome.status;
    return;
  }
  ASSERT_FALSE(response->content.empty())
      << op.operation_id << " " << outcome.status << " has a body but documents none";
  const auto& media = response->content.front();
  if (outcome.body) {
    ASSERT_NE(media.schema, nullptr);
    core::ValidateOptions options;
    options.direction = core::Direction::response;
    const auto findings = spec.schemas->validate(media.schema, *outcome.body, options);
    for (const auto& finding : findings) {
      ADD_FAILURE() << op.operation_id << " " << outcome.status << " body " << outcome.body->dump()
                    << " at '" << finding.instance_pointer << "': " << finding.message;
    }
    return;
  }
  if (!outcome.example.empty()) {
    bool found = false;
    for (const auto& example : media.examples) {
      found = found || example.name == outcome.example;
    }
    EXPECT_TRUE(found) << op.operation_id << " has no example " << outcome.example;
  }
}

// One API with its behaviour on a frozen clock.
class Api {
public:
  explicit Api(const std::string& spec_file, const std::string& behaviour_file) {
    clock.freeze();
    spec = load_test_spec(spec_file);
    if (spec == nullptr) {
      return;
    }
    auto loaded = load_behaviour(source_path(behaviour_file), spec, clock);
    if (!loaded) {
      ADD_FAILURE() << "cannot load " << behaviour_file << ": " << loaded.error().to_string();
      return;
    }
    behaviour = std::move(*loaded);
  }

  [[nodiscard]] bool ok() const { return behaviour != nullptr; }

  // Calls `operation_id`; checks the outcome against the spec. nullopt: not modelled.
  std::optional<BehaviourOutcome> call(const std::string& operation_id,
                                       std::map<std::string, std::string> params = {},
                                       nlohmann::json body = nullptr,
                                       std::map<std::string, std::string> query = {}) {
    const auto* op = spec->find_operation(operation_id);
    if (op == nullptr) {
      ADD_FAILURE() << "no operation " << operation_id;
      return std::nullopt;
    }
    BehaviourRequest request;
    request.operation = op;
    request.path_params = std::move(params);
    request.query_params = std::move(query);
    request.body = std::move(body);
    auto outcome = behaviour->handle(request);
    if (outcome) {
      expect_documented(*spec, *op, *outcome);
    }
    return outcome;
  }

  Clock clock;
  std::shared_ptr<const core::Spec> spec;
  std::unique_ptr<Behaviour> behaviour;
};

} // namespace concord::mock::testing
