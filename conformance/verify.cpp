#include "conformance/verify.hpp"

#include "conformance/case_compiler.hpp"
#include "conformance/generation.hpp"
#include "conformance/request_values.hpp"
#include "conformance/results_json.hpp"
#include "conformance/sequences.hpp"
#include "core/document.hpp"
#include "core/glob.hpp"
#include "core/hash.hpp"
#include "core/loader.hpp"
#include "core/redaction.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>

namespace concord::conformance {
namespace {

using nlohmann::json;
using SpecPtr = std::shared_ptr<const core::Spec>;

core::Result<std::vector<SpecPtr>> load_specs(const std::vector<std::string>& args) {
  if (args.empty()) {
    return core::fail(core::ErrorCode::usage, "no OpenAPI documents given");
  }
  auto files = core::find_spec_files(args);
  if (!files) {
    return tl::unexpected(files.error());
  }
  if (files->empty()) {
    return core::fail(core::ErrorCode::usage, "no OpenAPI documents found");
  }
  std::vector<SpecPtr> specs;
  for (const auto& file : *files) {
    auto spec = core::load_spec(file);
    if (!spec) {
      return tl::unexpected(spec.error());
    }
    if ((*spec)->has_errors()) {
      for (const auto& diagnostic : (*spec)->diagnostics) {
        if (diagnostic.severity == core::Severity::error) {
          return core::fail(core::ErrorCode::spec_invalid,
                            diagnostic.message + " [" + diagnostic.rule + "]", diagnostic.location);
        }
      }
    }
    specs.push_back(std::move(*spec));
  }
  return specs;
}

bool is_spec_named(const core::Spec& spec, const std::string& name) {
  const std::filesystem::path file(spec.file);
  return core::iequals(spec.title, name) || file.filename() == name || file.stem() == name ||
         spec.file == name ||
         (spec.file.size() > name.size() && spec.file.compare(spec.file.size() - name.size() - 1,
                                                              std::string::npos, "/" + name) == 0);
}

const core::Operation* resolve_operation(const core::Spec& spec, const std::string& text) {
  if (const auto* operation = spec.find_operation(text)) {
    return operation;
  }
  const auto space = text.find(' ');
  if (space == std::string::npos) {
    return nullptr;
  }
  const std::string method = text.substr(0, space);
  const std::string path = text.substr(space + 1);
  for (const auto& operation : spec.operations) {
    if (core::iequals(operation.method, method) && operation.path == path) {
      return &operation;
    }
  }
  return nullptr;
}

// Variables a value uses: ${name}.
void collect_variables(const json& value, std::set<std::string>& out) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    std::size_t pos = 0;
    while ((pos = text.find("${", pos)) != std::string::npos) {
      const auto close = text.find('}', pos);
      if (close == std::string::npos) {
        break;
      }
      out.insert(text.substr(pos + 2, close - pos - 2));
      pos = close + 1;
    }
  } else if (value.is_structured()) {
    for (const auto& item : value) {
      collect_variables(item, out);
    }
  }
}

std::set<std::string> step_variables(const Step& step) {
  std::set<std::string> used;
  collect_variables(step.params, used);
  collect_variables(step.headers, used);
  if (step.body) {
    collect_variables(*step.body, used);
  }
  for (const auto& [pointer, value] : step.expect.body) {
    collect_variables(pointer, used);
    collect_variables(value, used);
  }
  for (const auto& [name, value] : step.expect.headers) {
    collect_variables(value, used);
  }
  if (step.until) {
    collect_variables(step.until->pointer, used);
    collect_variables(step.until->equals, used);
  }
  return used;
}

core::Result<void> check_step(const core::Spec& spec, const Step& step,
                              const core::Operation& operation,
                              const std::set<std::string>& known) {
  for (const auto& [name, value] : step.params.items()) {
    const bool found = std::any_of(operation.parameters.begin(), operation.parameters.end(),
                                   [&n = name](const core::Parameter& p) { return p.name == n; });
    if (!found) {
      return core::fail(core::ErrorCode::config_invalid,
                        "operation " + operation.operation_id + " of '" + spec.title +
                            "' has no parameter '" + name + "'",
                        step.location);
    }
  }
  for (const auto& name : step_variables(step)) {
    if (known.count(name) == 0) {
      return core::fail(core::ErrorCode::config_invalid,
                        "unknown variable ${" + name + "} (capture it in an earlier step)",
                        step.location);
    }
  }
  return {};
}

std::string make_step_id(const Scenario& scenario, const std::string& phase, int number,
                         const core::Operation& operation) {
  const std::string label =
      phase == "steps" ? std::to_string(number) : phase + " " + std::to_string(number);
  return scenario.name + " > " + label + " > " + operation.operation_id;
}

core::Result<BoundScenario> bind_scenario(const Scenario& scenario, const SpecPtr& spec) {
  BoundScenario bound{&scenario, spec, {}};
  std::set<std::string> known{"run.id"};
  if (scenario.generated) {
    known.insert("sequence.attempt"); // set by the runner: 0, then the shrinking re-run
  }
  int index = 0;
  const std::pair<const char*, const std::vector<Step>*> phases[] = {
      {"setup", &scenario.setup}, {"steps", &scenario.steps}, {"teardown", &scenario.teardown}};
  for (const auto& [phase, steps] : phases) {
    int number = 0;
    for (const auto& step : *steps) {
      const auto* operation = resolve_operation(*spec, step.operation);
      if (operation == nullptr) {
        return core::fail(core::ErrorCode::config_invalid,
                          "unknown operation '" + step.operation + "' in '" + spec->title + "'",
                          step.location);
      }
      if (auto ok = check_step(*spec, step, *operation, known); !ok) {
        return tl::unexpected(ok.error());
      }
      for (const auto& [name, pointer] : step.capture) {
        known.insert(name);
      }
      bound.steps.push_back(
          {&step, operation, phase, index++, make_step_id(scenario, phase, ++number, *operation)});
    }
  }
  return bound;
}

// The spec a scenario or case fixture belongs to; nullptr when not part of this run.
SpecPtr find_spec_for(const std::vector<SpecPtr>& specs, const std::string& name,
                      const std::vector<std::string>& operations) {
  for (const auto& spec : specs) {
    if (!name.empty()) {
      if (is_spec_named(*spec, name)) {
        return spec;
      }
      continue;
    }
    const bool all = std::all_of(operations.begin(), operations.end(), [&](const auto& op) {
      return resolve_operation(*spec, op) != nullptr;
    });
    if (all && !operations.empty()) {
      return spec;
    }
  }
  return nullptr;
}

struct Plan {
  std::vector<SpecPtr> specs;
  std::map<const core::Spec*, CompiledCases> compiled;
  std::vector<std::unique_ptr<BoundScenario>> scenarios;
  std::vector<FixtureFile> fixtures;
  std::vector<std::string> warnings;
  std::vector<std::unique_ptr<Scenario>> sequences; // derived; bound in `scenarios`
};

core::Result<void> bind_scenarios(Plan& plan) {
  int elsewhere = 0;
  for (const auto& file : plan.fixtures) {
    for (const auto& scenario : file.scenarios) {
      std::vector<std::string> operations;
      for (const auto* steps : {&scenario.setup, &scenario.steps, &scenario.teardown}) {
        for (const auto& step : *steps) {
          operations.push_back(step.operation);
        }
      }
      const auto spec = find_spec_for(plan.specs, scenario.spec, operations);
      if (!spec) {
        ++elsewhere;
        continue;
      }
      auto bound = bind_scenario(scenario, spec);
      if (!bound) {
        return tl::unexpected(bound.error());
      }
      plan.scenarios.push_back(std::make_unique<BoundScenario>(std::move(*bound)));
    }
  }
  if (elsewhere > 0) {
    plan.warnings.push_back(std::to_string(elsewhere) +
                            " scenario(s) belong to specs that are not part of this run");
  }
  return {};
}

bool is_fixture_match(const CaseFixture& fixture, const Case& c) {
  return c.kind == CaseKind::example &&
         (fixture.status.empty() || c.expected_status == fixture.status) &&
         (fixture.example.empty() || c.example_name == fixture.example);
}

void apply_params(Case& c, const core::Operation& operation, const json& params) {
  for (const auto& [name, value] : params.items()) {
    for (const auto& param : operation.parameters) {
      if (param.name != name) {
        continue;
      }
      auto& query = c.request.query;
      query.erase(std::remove_if(query.begin(), query.end(),
                                 [&n = name](const auto& q) { return q.first == n; }),
                  query.end());
      auto& headers = c.request.headers;
      headers.erase(
          std::remove_if(headers.begin(), headers.end(),
                         [&n = name](const auto& h) { return core::iequals(h.first, n); }),
          headers.end());
      if (param.in == core::ParamIn::path) {
        c.request.path_params.erase(name);
      }
      if (value.is_null()) {
        continue;
      }
      const std::string text = to_parameter_text(value);
      if (param.in == core::ParamIn::path) {
        c.request.path_params[name] = text;
      } else if (param.in == core::ParamIn::query) {
        query.emplace_back(name, text);
      } else if (param.in == core::ParamIn::header) {
        headers.emplace_back(name, text);
      }
    }
  }
}

void apply_fixture(Case& c, const CaseFixture& fixture) {
  c.given.insert(c.given.end(), fixture.given.begin(), fixture.given.end());
  apply_params(c, *c.operation, fixture.params);
  if (fixture.body) {
    auto& headers = c.request.headers;
    if (fixture.body->is_null()) {
      c.request.body.reset();
      headers.erase(
          std::remove_if(headers.begin(), headers.end(),
                         [](const auto& h) { return core::iequals(h.first, "Content-Type"); }),
          headers.end());
    } else {
      c.request.body = fixture.body->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      if (core::find_header(headers, "Content-Type") == nullptr) {
        headers.emplace_back("Content-Type", "application/json");
      }
    }
  }
  c.ignore.insert(c.ignore.end(), fixture.ignore.begin(), fixture.ignore.end());
  if (fixture.expect) {
    c.accepted_statuses = {std::to_string(*fixture.expect)};
    c.expected_status = std::to_string(*fixture.expect);
  }
  const bool producible =
      !fixture.given.empty() || fixture.expect || !fixture.params.empty() || fixture.body;
  // Only a fixture that names the status claims it can produce it.
  if (producible && !fixture.status.empty() && c.skip_reason.rfind("status ", 0) == 0) {
    c.skip_reason.clear();
  }
  if (c.skip_reason.rfind("required ", 0) == 0 && !fixture.params.empty()) {
    c.skip_reason.clear();
  }
}

core::Result<void> apply_case_fixtures(Plan& plan) {
  for (const auto& file : plan.fixtures) {
    for (const auto& fixture : file.cases) {
      const auto spec = find_spec_for(plan.specs, fixture.spec, {fixture.operation});
      if (!spec) {
        continue;
      }
      const auto* operation = resolve_operation(*spec, fixture.operation);
      if (operation == nullptr) {
        return core::fail(core::ErrorCode::config_invalid,
                          "unknown operation '" + fixture.operation + "' in '" + spec->title + "'",
                          fixture.location);
      }
      int matched = 0;
      for (auto& c : plan.compiled[spec.get()].cases) {
        if (c.operation == operation && is_fixture_match(fixture, c)) {
          apply_fixture(c, fixture);
          ++matched;
        }
      }
      if (matched == 0) {
        plan.warnings.push_back(fixture.location + ": case fixture for " + fixture.operation +
                                " matches no case");
      }
    }
    for (const auto& spec : plan.specs) {
      if (!file.spec.empty() && !is_spec_named(*spec, file.spec)) {
        continue;
      }
      for (const auto& [name, pointers] : file.ignore) {
        const auto* operation = resolve_operation(*spec, name);
        for (auto& c : plan.compiled[spec.get()].cases) {
          if (operation != nullptr && c.operation == operation) {
            c.ignore.insert(c.ignore.end(), pointers.begin(), pointers.end());
          }
        }
      }
    }
  }
  return {};
}

// Skipped "needs a state" cases name the scenario that exercises the same status.
void annotate_scenario_coverage(Plan& plan) {
  for (auto& [spec, compiled] : plan.compiled) {
    for (auto& c : compiled.cases) {
      if (c.skip_reason.rfind("status ", 0) != 0) {
        continue;
      }
      for (const auto& bound : plan.scenarios) {
        for (const auto& step : bound->steps) {
          if (step.operation == c.operation && step.step->expect.status == c.expected_status) {
            c.skip_reason += "; exercised by scenario '" + bound->scenario->name + "'";
            break;
          }
        }
        if (c.skip_reason.find("exercised by scenario") != std::string::npos) {
          break;
        }
      }
    }
  }
}

bool has_any(const std::vector<std::string>& wanted, const std::vector<std::string>& have) {
  return std::any_of(wanted.begin(), wanted.end(), [&](const std::string& w) {
    return std::find(have.begin(), have.end(), w) != have.end();
  });
}

bool is_any_glob_match(const std::vector<std::string>& globs, const std::string& text) {
  return std::any_of(globs.begin(), globs.end(),
                     [&](const std::string& glob) { return core::is_glob_match(glob, text); });
}

bool is_operation_selected(const VerifyConfig& config, const core::Operation& operation) {
  return (config.operations.empty() ||
          std::find(config.operations.begin(), config.operations.end(), operation.operation_id) !=
              config.operations.end()) &&
         (config.tags.empty() || has_any(config.tags, operation.tags)) &&
         (!config.changed_operations ||
          config.changed_operations->count(operation.method + " " + operation.path) > 0);
}

bool is_case_selected(const VerifyConfig& config, const Case& c) {
  return is_operation_selected(config, *c.operation) &&
         (config.case_globs.empty() || is_any_glob_match(config.case_globs, c.id));
}

bool is_scenario_selected(const VerifyConfig& config, const BoundScenario& bound) {
  bool operation = false;
  bool glob =
      config.case_globs.empty() || is_any_glob_match(config.case_globs, bound.scenario->name);
  for (const auto& step : bound.steps) {
    operation = operation || is_operation_selected(config, *step.operation);
    glob = glob || is_any_glob_match(config.case_globs, step.id);
  }
  return operation && glob;
}

std::string to_state_key(const ProviderState& state) {
  return state.resource + "|" +
         state.key.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Cases that set up the same provider state run one after the other, in one unit.
void add_case_units(const VerifyConfig& config, const SpecPtr& spec,
                    const std::vector<const Case*>& cases, std::vector<WorkUnit>& units,
                    std::size_t& order) {
  std::map<std::string, std::size_t> unit_of_key;
  for (const Case* c : cases) {
    std::optional<std::size_t> unit;
    for (const auto& state : c->given) {
      if (const auto it = unit_of_key.find(to_state_key(state)); it != unit_of_key.end()) {
        unit = it->second;
      }
    }
    if (!unit) {
      WorkUnit fresh;
      fresh.key = c->id;
      fresh.spec = spec;
      fresh.phase = c->generated ? 2 : 0;
      units.push_back(std::move(fresh));
      unit = units.size() - 1;
    }
    for (const auto& state : c->given) {
      unit_of_key[to_state_key(state)] = *unit;
    }
    units[*unit].cases.push_back(c);
    units[*unit].orders.push_back(order++);
  }
  (void)config;
}

std::string format_utc(std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string make_run_id(std::chrono::system_clock::time_point when) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch());
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "c%08llx",
                static_cast<unsigned long long>(ms.count()) & 0xffffffffULL);
  return buffer;
}

json make_options(const VerifyConfig& config) {
  json options = {
      {"match", to_string(config.match)},
      {"strict", config.strict},
      {"jobs", config.jobs},
      {"prefer", config.prefer},
      {"timeoutMs", config.timeout_ms},
      {"retries", config.retries},
      {"shard", std::to_string(config.shard_index) + "/" + std::to_string(config.shard_count)},
      {"stateUrl", config.state_url.empty() ? json(nullptr) : json(config.state_url)},
      {"insecure", config.tls.insecure}};
  options["maxResponseMs"] = config.max_response_ms ? json(*config.max_response_ms) : json(nullptr);
  options["requireCoverage"] =
      config.require_coverage ? json(*config.require_coverage) : json(nullptr);
  if (config.generate_count > 0) {
    static constexpr const char* k_rejected[] = {"off", "warn", "fail"};
    options["generate"] = {
        {"count", config.generate_count},
        {"seed", std::to_string(config.seed)},
        {"unsafe", config.generate_unsafe},
        {"timeS", config.generate_time_s ? json(*config.generate_time_s) : json(nullptr)},
        {"rejectedValid", k_rejected[static_cast<int>(config.rejected_valid)]}};
  }
  return options;
}

bool has_credentials(const VerifyConfig& config) {
  return !config.token.empty() || !config.auth.empty() ||
         std::any_of(config.headers.begin(), config.headers.end(),
                     [](const auto& h) { return core::is_sensitive_name(h.first); });
}

// --generate: each selected operation's generated cases after its compiled ones.
void add_generated_cases(const VerifyConfig& config, Plan& plan) {
  if (config.generate_count <= 0) {
    return;
  }
  const GenerateConfig generate{config.generate_count, config.seed, config.generate_unsafe};
  for (const auto& spec : plan.specs) {
    auto& cases = plan.compiled[spec.get()].cases;
    for (const auto& operation : spec->operations) {
      if (!is_operation_selected(config, operation)) {
        continue;
      }
      auto generated = generate_operation_cases(*spec, operation, generate);
      std::move(generated.cases.begin(), generated.cases.end(), std::back_inserter(cases));
      for (auto& warning : generated.warnings) {
        plan.warnings.push_back(spec->file + ": " + warning);
      }
    }
  }
}

// Derived sequences as scenarios of `spec` (after the fixtures' scenarios); their notes become
// warnings under `label`.
core::Result<void> add_derived(Plan& plan, const SpecPtr& spec, DerivedSequences derived,
                               const std::string& label) {
  for (const auto& note : derived.notes) {
    plan.warnings.push_back(label + ": " + note);
  }
  for (auto& scenario : derived.scenarios) {
    plan.sequences.push_back(std::make_unique<Scenario>(std::move(scenario)));
    auto bound = bind_scenario(*plan.sequences.back(), spec);
    if (!bound) {
      return tl::unexpected(bound.error());
    }
    plan.scenarios.push_back(std::make_unique<BoundScenario>(std::move(*bound)));
  }
  return {};
}

// --generate: the stateful sequences of each lifecycle, then those of each document's `links`.
// What a lifecycle or a link cannot give (no create, an unsafe delete, an unknown target) is a
// warning.
core::Result<void> add_sequences(const VerifyConfig& config, Plan& plan) {
  if (config.generate_count <= 0 && !config.generate_sequences) {
    return {};
  }
  SequenceOptions options;
  options.seed = config.seed;
  options.unsafe = config.generate_unsafe;
  for (const auto& lifecycle : config.lifecycles) {
    const auto spec = std::find_if(plan.specs.begin(), plan.specs.end(), [&](const SpecPtr& s) {
      return core::is_same_file(s->file, lifecycle.spec_file);
    });
    if (spec == plan.specs.end()) {
      continue; // the behaviour of a spec that is not part of this run
    }
    if (auto ok = add_derived(plan, *spec, derive_sequences(lifecycle, **spec, options),
                              "sequences of " + lifecycle.source);
        !ok) {
      return ok;
    }
  }
  for (const auto& spec : plan.specs) { // the documents' own `links`: no behaviour file needed
    if (auto ok = add_derived(plan, spec, derive_link_sequences(*spec, options),
                              "link sequences of " + spec->file);
        !ok) {
      return ok;
    }
  }
  return {};
}

// Loads specs and fixtures, compiles the cases, binds scenarios and applies case fixtures.
core::Result<void> prepare_plan(const VerifyConfig& config, Plan& plan) {
  auto specs = load_specs(config.specs);
  if (!specs) {
    return tl::unexpected(specs.error());
  }
  plan.specs = std::move(*specs);
  if (!config.fixtures.empty()) {
    auto fixtures = load_fixture_dir(config.fixtures);
    if (!fixtures) {
      return tl::unexpected(fixtures.error());
    }
    plan.fixtures = std::move(*fixtures);
  }
  CompileOptions compile_options;
  compile_options.prefer = config.prefer;
  for (const auto& spec : plan.specs) {
    plan.compiled[spec.get()] = compile_cases(*spec, compile_options);
    for (const auto& warning : plan.compiled[spec.get()].warnings) {
      plan.warnings.push_back(spec->file + ": " + warning);
    }
  }
  if (auto ok = bind_scenarios(plan); !ok) {
    return ok;
  }
  if (auto ok = apply_case_fixtures(plan); !ok) {
    return ok;
  }
  add_generated_cases(config, plan); // after the fixtures, which are for documented cases
  if (auto ok = add_sequences(config, plan); !ok) {
    return ok;
  }
  annotate_scenario_coverage(plan);
  return {};
}

// Selected cases and scenarios as work units (this shard only), in result order.
std::vector<WorkUnit> make_units(const VerifyConfig& config, Plan& plan, RunInfo& info,
                                 bool credentials_given) {
  info.restrict_coverage = !config.operations.empty() || !config.tags.empty() ||
                           !config.case_globs.empty() || config.changed_operations.has_value();
  std::vector<WorkUnit> units;
  std::size_t order = 0;
  bool needs_credentials = false;
  for (const auto& spec : plan.specs) {
    std::vector<const Case*> selected;
    for (const auto& c : plan.compiled[spec.get()].cases) {
      if (is_case_selected(config, c)) {
        selected.push_back(&c);
        info.covered_operations.insert(c.operation);
        needs_credentials = needs_credentials || !c.operation->security.empty();
      }
    }
    add_case_units(config, spec, selected, units, order);
  }
  for (const auto& bound : plan.scenarios) {
    if (!is_scenario_selected(config, *bound)) {
      continue;
    }
    WorkUnit unit;
    unit.key = "scenario:" + bound->scenario->name;
    unit.spec = bound->spec;
    unit.scenario = bound.get();
    unit.phase = bound->scenario->generated ? 1 : 0;
    unit.first_order = order;
    order += bound->steps.size();
    for (const auto& step : bound->steps) {
      info.covered_operations.insert(step.operation);
    }
    units.push_back(std::move(unit));
  }
  if (config.shard_count > 1) {
    units.erase(std::remove_if(units.begin(), units.end(),
                               [&](const WorkUnit& unit) {
                                 return to_shard(unit.key, config.shard_count) !=
                                        config.shard_index;
                               }),
                units.end());
  }
  if (needs_credentials && !credentials_given && !has_credentials(config)) {
    plan.warnings.emplace_back("some operations require credentials but no --auth, "
                               "CONCORD_AUTH_*, --token, CONCORD_TOKEN or credential header "
                               "(-H) was given");
  }
  return units;
}

// Client options for a host: timeouts, TLS trust and the proxy chosen for it.
core::Result<ClientOptions> make_client_options(const VerifyConfig& config, const BaseUrl& base) {
  ClientOptions client;
  client.timeout_ms = config.timeout_ms;
  client.retries = config.retries;
  client.max_response_bytes = config.max_response_bytes;
  client.tls = config.tls;
  const EnvLookup env = config.env ? config.env : EnvLookup([](const char*) { return nullptr; });
  auto proxy = resolve_proxy(base.scheme, base.host, config.proxy, env);
  if (!proxy) {
    return tl::unexpected(proxy.error());
  }
  client.proxy = std::move(*proxy);
  return client;
}

RunSettings make_settings(const VerifyConfig& config, const BaseUrl& base,
                          std::chrono::system_clock::time_point started) {
  RunSettings settings;
  settings.base = base;
  settings.checks.match = config.match;
  settings.checks.strict = config.strict;
  settings.checks.max_response_ms = config.max_response_ms;
  settings.extra_headers = config.headers;
  settings.token = config.token;
  settings.state_url = config.state_url;
  settings.jobs = config.jobs;
  settings.run_id = make_run_id(started);
  settings.on_progress = config.on_progress;
  settings.rejected_valid = config.rejected_valid;
  return settings;
}

} // namespace

bool parse_shard(std::string_view text, int& index, int& count) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= text.size()) {
    return false;
  }
  try {
    std::size_t used = 0;
    const std::string k(text.substr(0, slash));
    const std::string n(text.substr(slash + 1));
    index = std::stoi(k, &used);
    if (used != k.size()) {
      return false;
    }
    count = std::stoi(n, &used);
    if (used != n.size()) {
      return false;
    }
  } catch (const std::exception&) {
    return false;
  }
  return count >= 1 && index >= 1 && index <= count && count <= 10000;
}

int to_shard(std::string_view key, int count) {
  return static_cast<int>(core::fnv1a(key) % static_cast<std::uint64_t>(count)) + 1;
}

std::vector<std::string> collect_secrets(const VerifyConfig& config) {
  std::vector<std::string> secrets;
  if (!config.token.empty()) {
    secrets.push_back(config.token);
    secrets.push_back(to_base64(config.token));
  }
  for (const auto& [name, value] : config.headers) {
    if (core::is_sensitive_name(name)) {
      secrets.push_back(value);
      const auto space = value.find(' ');
      if (space != std::string::npos) {
        secrets.push_back(value.substr(space + 1)); // "Bearer xyz" -> "xyz"
      }
    }
  }
  return secrets;
}

core::Result<json> run_conformance(const VerifyConfig& config) {
  const auto started = std::chrono::system_clock::now();
  auto base = parse_base_url(config.target);
  if (!base) {
    return tl::unexpected(base.error());
  }
  std::optional<BaseUrl> state_base;
  if (!config.state_url.empty()) {
    auto state = parse_base_url(config.state_url);
    if (!state) {
      return core::fail(core::ErrorCode::usage, "--state-url: " + state.error().message);
    }
    state_base = *state;
  }
  if (auto ok = check_tls_files(config.tls); !ok) {
    return tl::unexpected(ok.error());
  }
  auto client = make_client_options(config, *base);
  if (!client) {
    return tl::unexpected(client.error());
  }
  Plan plan;
  if (auto ok = prepare_plan(config, plan); !ok) {
    return tl::unexpected(ok.error());
  }
  const auto options_for = [&config](const BaseUrl& url) {
    return make_client_options(config, url);
  };
  auto credentials = Credentials::create(CredentialInput{config.auth, config.token}, plan.specs,
                                         config.env, *base, options_for);
  if (!credentials) {
    return tl::unexpected(credentials.error());
  }
  if (auto fetched = (*credentials)->fetch_tokens(); !fetched) {
    return tl::unexpected(fetched.error());
  }
  if (config.tls.insecure && base->scheme == "https") {
    plan.warnings.insert(plan.warnings.begin(), k_insecure_warning);
  }
  RunInfo info;
  const auto units = make_units(config, plan, info, (*credentials)->has_any());
  RunSettings settings = make_settings(config, *base, started);
  settings.client = *client;
  settings.credentials = *credentials;
  if (state_base) {
    auto state_client = make_client_options(config, *state_base);
    if (!state_client) {
      return tl::unexpected(state_client.error());
    }
    settings.state_client = *state_client;
  }
  const auto run_started = std::chrono::steady_clock::now();
  if (config.generate_time_s) {
    settings.generate_deadline =
        run_started + std::chrono::milliseconds(std::llround(*config.generate_time_s * 1000));
  }
  auto output = run_units(units, settings);
  const double run_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - run_started)
          .count();

  info.target = config.target;
  info.started_at = format_utc(started);
  info.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::system_clock::now() - started).count();
  info.specs = plan.specs;
  info.options = make_options(config);
  info.warnings = plan.warnings;
  info.warnings.insert(info.warnings.end(), output.warnings.begin(), output.warnings.end());
  json results = build_results_json(info, output.results);
  results["runDurationMs"] = static_cast<long long>(std::llround(run_ms));
  auto secrets = collect_secrets(config);
  const auto given = (*credentials)->secrets();
  secrets.insert(secrets.end(), given.begin(), given.end());
  if (client->proxy && !client->proxy->password.empty()) {
    secrets.push_back(client->proxy->password);
  }
  core::redact_results(results, secrets);
  return results;
}

} // namespace concord::conformance
