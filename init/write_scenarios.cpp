// The scenario file that `concord init` writes: case fixtures that put the documented
// examples' item in the state each answer needs, and one lifecycle scenario per resource.
#include "init/init.hpp"
#include "init/schema_walk.hpp"
#include "init/yaml_text.hpp"

#include <algorithm>
#include <set>
#include <sstream>

namespace concord::init {

using nlohmann::json;

namespace {

struct Step {
  std::string operation;
  json params = json::object();
  std::string status;
  json body_expect; // pointer -> value, or null
  json until;       // or null
  std::string capture_pointer;
};

struct Scenario {
  std::string name;
  json given; // list or null
  std::vector<Step> steps;
};

// A value for a key parameter of the scenario's own item.
std::string make_key_value(const core::Spec& spec, const std::string& param,
                           const std::string& resource, int index) {
  for (const auto& op : spec.operations) {
    for (const auto& p : op.parameters) {
      if (p.in != core::ParamIn::path || p.name != param || !p.raw_schema.is_object()) {
        continue;
      }
      if (p.raw_schema.value("format", "") == "uuid") {
        char text[40];
        std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012d", 4200 + index);
        return text;
      }
      const auto type = p.raw_schema.value("type", "");
      if (type == "integer" || type == "number") {
        return std::to_string(4200 + index);
      }
      if (p.raw_schema.contains("enum") && p.raw_schema["enum"].is_array() &&
          !p.raw_schema["enum"].empty()) {
        return core::to_parameter_text(p.raw_schema["enum"][0]);
      }
    }
  }
  return "concord-" + resource;
}

bool has_role(const ResourceGuess& resource, const char* role) {
  return std::find(resource.crud.begin(), resource.crud.end(), role) != resource.crud.end();
}

const core::Operation* find_by_id(const core::Spec& spec, const std::string& id) {
  return spec.find_operation(id);
}

// Path parameters of `op`: the scenario's key, other ones from their examples.
json make_params(const core::Spec& spec, const std::string& op_id, const json& key) {
  json params = json::object();
  const auto* op = find_by_id(spec, op_id);
  if (op == nullptr) {
    return params;
  }
  for (const auto& p : op->parameters) {
    if (p.in != core::ParamIn::path) {
      continue;
    }
    if (key.contains(p.name)) {
      params[p.name] = key[p.name];
    } else if (auto value = find_parameter_value(p)) {
      params[p.name] = *value;
    } else {
      params[p.name] = "concord-" + p.name;
    }
  }
  return params;
}

class ScenarioBuilder {
public:
  ScenarioBuilder(const core::Spec& spec, const ResourceGuess& resource)
      : spec_(spec), resource_(resource) {}

  std::vector<Scenario> build() {
    std::vector<Scenario> out;
    key_ = json::object();
    int index = 1;
    for (const auto& part : resource_.key) {
      key_[part.param] = make_key_value(spec_, part.param, resource_.name, index++);
    }
    Scenario chain{resource_.name + " lifecycle (concord init)", nullptr, {}};
    std::string current = begin(chain);
    std::set<std::string> done;
    for (bool progressed = true; progressed;) {
      progressed = false;
      for (const auto& action : resource_.actions) {
        if (done.count(action.operation_id) == 0U && accepts(action, current)) {
          current = run_action(chain, action, current);
          done.insert(action.operation_id);
          progressed = true;
        }
      }
    }
    end(chain);
    if (!chain.steps.empty()) {
      out.push_back(std::move(chain));
    }
    for (const auto& action : resource_.actions) {
      if (done.count(action.operation_id) == 0U) {
        out.push_back(single_action(action));
      }
    }
    return out;
  }

private:
  const core::Spec& spec_;
  const ResourceGuess& resource_;
  json key_;

  static bool accepts(const ActionGuess& action, const std::string& state) {
    return action.requires_states.empty() ||
           std::find(action.requires_states.begin(), action.requires_states.end(), state) !=
               action.requires_states.end();
  }

  bool has_state() const { return !resource_.state_field.empty() && !resource_.values.empty(); }

  json given(const std::string& state) const {
    json entry = {{"resource", resource_.name}, {"key", key_}};
    if (has_state()) {
      entry["state"] = state;
    }
    return json::array({entry});
  }

  bool can_create() const {
    return has_role(resource_, "create") && resource_.create_has_body_example &&
           (resource_.id_kind == "uuid" || resource_.id_kind == "sequence") &&
           !resource_.key.empty() && resource_.key.back().field.has_value();
  }

  std::optional<std::string> settled(const std::string& state) const {
    for (const auto& transition : resource_.transitions) {
      if (transition.from == state) {
        return transition.to;
      }
    }
    return std::nullopt;
  }

  // A get that checks (or waits for) the state; returns the state it ends in.
  // The scenario reads its item only when the fields a get answer needs are known (the
  // defaults from the example); an item set up without them would not fit the schema.
  bool can_read() const {
    return has_role(resource_, "get") && resource_.defaults.is_object() &&
           !resource_.defaults.empty();
  }

  std::string read_state(Scenario& scenario, const std::string& state) {
    if (!can_read()) {
      return state;
    }
    Step step{
        resource_.get_op, make_params(spec_, resource_.get_op, key_), "", nullptr, nullptr, ""};
    std::string now = state;
    if (has_state() && !resource_.state_pointer.empty()) {
      if (auto after = settled(state)) {
        step.until = {{"pointer", resource_.state_pointer},
                      {"equals", *after},
                      {"every", "100ms"},
                      {"within", "5s"}};
        now = *after;
      } else {
        step.body_expect = {{resource_.state_pointer, state}};
      }
    }
    scenario.steps.push_back(std::move(step));
    return now;
  }

  std::string begin(Scenario& chain) {
    std::string start = resource_.initial;
    const bool initial_ok = resource_.actions.empty() ||
                            std::any_of(resource_.actions.begin(), resource_.actions.end(),
                                        [&](const ActionGuess& a) { return accepts(a, start); });
    if (!initial_ok && !resource_.actions.front().requires_states.empty()) {
      start = resource_.actions.front().requires_states.front();
    }
    if (can_create() && start == resource_.initial) {
      const auto& last = resource_.key.back();
      key_[last.param] = "${id}";
      json params = make_params(spec_, resource_.create_op, key_);
      Step create{resource_.create_op,
                  params,
                  "",
                  nullptr,
                  nullptr,
                  resource_.item_pointer + "/" + *last.field};
      chain.steps.push_back(std::move(create));
    } else {
      chain.given = given(start);
    }
    return read_state(chain, start);
  }

  std::string run_action(Scenario& scenario, const ActionGuess& action, std::string state) {
    scenario.steps.push_back({action.operation_id, make_params(spec_, action.operation_id, key_),
                              action.success_status, nullptr, nullptr, ""});
    if (action.to) {
      state = *action.to;
      if (action.settles_to && can_read()) {
        state = read_state(scenario, state);
      } else if (action.settles_to) {
        return state; // no read to wait with; it settles on the mock's clock, unobserved
      }
    }
    if (!action.requires_states.empty() && !accepts(action, state)) {
      scenario.steps.push_back({action.operation_id, make_params(spec_, action.operation_id, key_),
                                action.otherwise_status, nullptr, nullptr, ""});
    }
    return state;
  }

  void end(Scenario& chain) {
    if (!has_role(resource_, "delete")) {
      return;
    }
    chain.steps.push_back({resource_.delete_op, make_params(spec_, resource_.delete_op, key_), "",
                           nullptr, nullptr, ""});
    if (resource_.get_has_404 && can_read()) {
      chain.steps.push_back({resource_.get_op, make_params(spec_, resource_.get_op, key_), "404",
                             nullptr, nullptr, ""});
    }
  }

  Scenario single_action(const ActionGuess& action) {
    Scenario scenario{resource_.name + " " + action.operation_id + " (concord init)", nullptr, {}};
    const auto start =
        action.requires_states.empty() ? resource_.initial : action.requires_states.front();
    scenario.given = given(start);
    run_action(scenario, action, start);
    return scenario;
  }
};

// A case fixture's given: the example key of the operation, in `state`.
std::optional<json> example_given(const ResourceGuess& resource, const ActionGuess& action,
                                  const std::string& state) {
  json key = json::object();
  for (const auto& part : resource.key) {
    const auto it = action.example_key.find(part.param);
    if (it == action.example_key.end()) {
      return std::nullopt;
    }
    key[part.param] = it->second;
  }
  return json::array({{{"resource", resource.name}, {"key", key}, {"state", state}}});
}

void write_case(std::ostringstream& out, const std::string& op, const std::string& status,
                const std::string& example, const std::string& expect, const json& given) {
  out << "  - operation: " << to_yaml_scalar(op) << '\n' << "    status: " << status << '\n';
  if (!example.empty()) {
    out << "    example: " << to_yaml_scalar(example) << '\n';
  }
  if (!expect.empty()) {
    out << "    expect: " << expect << '\n';
  }
  out << "    given: " << to_yaml_flow(given) << '\n';
}

void write_cases(std::ostringstream& out, const ResourceGuess& resource) {
  for (const auto& action : resource.actions) {
    if (action.requires_states.empty()) {
      continue;
    }
    const auto refused_in =
        std::find_if(resource.values.begin(), resource.values.end(), [&](const std::string& value) {
          return std::find(action.requires_states.begin(), action.requires_states.end(), value) ==
                 action.requires_states.end();
        });
    const auto ok = example_given(resource, action, action.requires_states.front());
    if (!ok || refused_in == resource.values.end()) {
      continue;
    }
    out << "  # " << action.operation_id << ": its documented answers need the item in a state\n";
    write_case(out, action.operation_id, action.success_status, "", "", *ok);
    const bool concrete = action.otherwise_key == action.otherwise_status;
    write_case(out, action.operation_id, action.otherwise_key,
               concrete ? "" : action.otherwise_example, concrete ? "" : action.otherwise_status,
               *example_given(resource, action, *refused_in));
  }
}

void write_step(std::ostringstream& out, const Step& step) {
  out << "      - operation: " << to_yaml_scalar(step.operation) << '\n';
  if (!step.params.empty()) {
    out << "        params: " << to_yaml_flow(step.params) << '\n';
  }
  json expect = json::object();
  if (!step.status.empty()) {
    expect["status"] = std::stoi(step.status);
  }
  if (!step.body_expect.is_null()) {
    expect["body"] = step.body_expect;
  }
  if (!expect.empty()) {
    out << "        expect: " << to_yaml_flow(expect) << '\n';
  }
  if (!step.until.is_null()) {
    out << "        until: " << to_yaml_flow(step.until) << '\n';
  }
  if (!step.capture_pointer.empty()) {
    out << "        capture: " << to_yaml_flow(json{{"id", step.capture_pointer}}) << '\n';
  }
}

} // namespace

std::string write_scenarios_yaml(const Inference& inference, const core::Spec& spec) {
  std::ostringstream out;
  out << "# Scenarios for " << inference.spec_file
      << ", inferred by `concord init` (docs/init.md).\n"
      << "# Format: docs/verify.md. Run with --state-url (`concord mock` serves\n"
      << "# /__concord/provider-state): the cases and scenarios set items up through it.\n"
      << "spec: " << to_yaml_scalar(inference.spec_file) << "\n\ncases:\n";
  std::ostringstream cases;
  for (const auto& resource : inference.resources) {
    write_cases(cases, resource);
  }
  out << (cases.str().empty() ? "  []\n" : cases.str());
  std::vector<Scenario> scenarios;
  for (const auto& resource : inference.resources) {
    if (resource.actions.empty() && !has_role(resource, "get")) {
      continue;
    }
    auto more = ScenarioBuilder(spec, resource).build();
    std::move(more.begin(), more.end(), std::back_inserter(scenarios));
  }
  out << "\nscenarios:" << (scenarios.empty() ? " []\n" : "\n");
  for (const auto& scenario : scenarios) {
    out << "  - name: " << to_yaml_scalar(scenario.name) << '\n';
    if (!scenario.given.is_null()) {
      out << "    given: " << to_yaml_flow(scenario.given) << '\n';
    }
    out << "    steps:\n";
    for (const auto& step : scenario.steps) {
      write_step(out, step);
    }
  }
  return out.str();
}

} // namespace concord::init
