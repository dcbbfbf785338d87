// Stateful sequences derived from a lifecycle: a walk of the item's state machine, as scenario
// steps the existing runner executes.

#include "conformance/sequences.hpp"

#include "conformance/generation.hpp"
#include "conformance/request_values.hpp"
#include "core/document.hpp"
#include "core/hash.hpp"
#include "core/statuses.hpp"

#include <algorithm>
#include <optional>
#include <set>

namespace concord::conformance {

namespace {

using core::LifecycleAction;
using core::LifecycleResource;
using nlohmann::json;

// A DELETE, or an operation marked unsafe (by the options' test, else the document's
// `x-concord-unsafe: true`).
bool is_unsafe_operation(const core::Spec& spec, const SequenceOptions& options,
                         const core::Operation& op) {
  if (op.method == "DELETE") {
    return true;
  }
  return options.is_marked_unsafe ? options.is_marked_unsafe(op) : is_marked_unsafe(spec, op);
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

class SequenceBuilder {
public:
  SequenceBuilder(const LifecycleResource& resource, const core::Spec& spec,
                  const SequenceOptions& options, std::vector<std::string>& notes)
      : resource_(resource), spec_(spec), options_(options), notes_(notes),
        random_(options.seed ^ core::fnv1a(resource.name)) {}

  std::optional<Scenario> build() {
    notes_at_start_ = notes_.size();
    if (!prepare()) {
      return std::nullopt;
    }
    if (!resource_.create.empty()) {
      add_create();
    } else {
      add_known_start();
    }
    walk();
    if (!resource_.get.empty()) {
      Step& step = add_item_step(resource_.get, "get after the actions");
      step.status_check = "ensure-created"; // the item must still be there
      if (possible(state_).size() == 1 && !resource_.state_pointer.empty() && !state_.empty()) {
        step.expect.body.emplace_back(resource_.state_pointer, state_);
      }
    }
    add_delete();
    add_restore();
    if (steps_.size() < 2) {
      notes_.resize(notes_at_start_); // one note for a resource without a sequence
      note("no sequence: fewer than two steps to run (no create and no state-changing action)");
      return std::nullopt;
    }
    Scenario scenario;
    scenario.name = "sequence " + resource_.name + " (" + spec_.title + ")";
    scenario.spec = spec_.title;
    scenario.file = spec_.file;
    scenario.location = spec_.file;
    scenario.steps = std::move(steps_);
    scenario.generated = true;
    return scenario;
  }

private:
  const LifecycleResource& resource_;
  const core::Spec& spec_;
  const SequenceOptions& options_;
  std::vector<std::string>& notes_;
  std::uint64_t random_;
  std::vector<Step> steps_;
  json key_values_ = json::object(); // key parameters other than the id, by name
  json id_value_;                    // "${id}" or the literal id the create sends
  std::string state_;                // the state the item is known to be in ("" = unknown)
  const LifecycleAction* last_action_ = nullptr;
  std::size_t notes_at_start_ = 0;

  void note(const std::string& text) { notes_.push_back(resource_.name + ": " + text); }

  bool is_unsafe(const core::Operation& op) const {
    return is_unsafe_operation(spec_, options_, op);
  }

  // The operation exists and may be called in this run.
  bool is_usable(const std::string& id) const {
    const auto* op = spec_.find_operation(id);
    return op != nullptr && (options_.unsafe || !is_unsafe(*op));
  }

  // The state and those the server moves it to by itself (timers, reads) from there.
  std::set<std::string> possible(const std::string& state) const {
    std::set<std::string> out{state};
    bool grown = true;
    while (grown) {
      grown = false;
      for (const auto& [from, to] : resource_.automatic) {
        if (out.count(from) != 0 && out.insert(to).second) {
          grown = true;
        }
      }
    }
    return out;
  }

  // Where the server's own transitions end (the first that applies each time; a cycle stops).
  std::string settled(const std::string& state) const {
    std::string at = state;
    std::set<std::string> seen{at};
    for (bool moved = true; moved;) {
      moved = false;
      for (const auto& [from, to] : resource_.automatic) {
        if (from == at && seen.insert(to).second) {
          at = to;
          moved = true;
          break;
        }
      }
    }
    return at;
  }

  static bool is_legal(const LifecycleAction& action, const std::set<std::string>& states) {
    return std::all_of(states.begin(), states.end(), [&](const std::string& state) {
      return action.requires_states.empty() || contains(action.requires_states, state);
    });
  }

  static bool is_illegal(const LifecycleAction& action, const std::set<std::string>& states) {
    return !action.requires_states.empty() && action.refused_status != 0 &&
           std::none_of(states.begin(), states.end(), [&](const std::string& state) {
             return contains(action.requires_states, state);
           });
  }

  bool prepare() {
    if (resource_.create.empty() && resource_.seed_key.empty() && resource_.actions.empty()) {
      note("no create, no seed item and no action: nothing to walk");
      return false;
    }
    if (!resource_.create.empty()) {
      const auto* create = spec_.find_operation(resource_.create);
      if (create == nullptr) {
        note("create operation " + resource_.create + " is not in " + spec_.file);
        return false;
      }
      if (!options_.unsafe && is_unsafe(*create)) {
        note("its create " + resource_.create + " is marked unsafe (--generate-unsafe runs it)");
        return false;
      }
      if (resource_.id_pointer.empty() && resource_.id_body_field.empty()) {
        note("the create's answer does not say where the new id is");
        return false;
      }
    }
    // One value per key parameter (other than the id a create makes), the same in every
    // step: the seed item's, else the documented example of the first operation that has it.
    for (const auto& name : resource_.key_params) {
      if (name == resource_.id_param && !resource_.create.empty()) {
        continue;
      }
      if (const auto it = resource_.seed_key.find(name);
          resource_.create.empty() && it != resource_.seed_key.end()) {
        key_values_[name] = it->second;
        continue;
      }
      for (const auto& op : spec_.operations) {
        const auto param = std::find_if(op.parameters.begin(), op.parameters.end(),
                                        [&](const core::Parameter& p) { return p.name == name; });
        if (param != op.parameters.end()) {
          if (auto value = make_parameter_value(*param)) {
            key_values_[name] = *value;
            break;
          }
        }
      }
    }
    return true;
  }

  // The documented request example of an operation (the first of its JSON media), or {}.
  json request_example(const core::Operation& op) const {
    if (op.request_body) {
      if (const auto* media = choose_json_media(op.request_body->content)) {
        if (!media->examples.empty() && media->examples.front().value.is_object()) {
          return media->examples.front().value;
        }
      }
    }
    return json::object();
  }

  Step& add_step(const std::string& operation, const std::string& name) {
    Step step;
    step.operation = operation;
    step.name = name;
    step.location = resource_.name + " sequence, step " + std::to_string(steps_.size() + 1);
    steps_.push_back(std::move(step));
    return steps_.back();
  }

  // A step on the item: its key parameters (those the operation has) filled in.
  Step& add_item_step(const std::string& operation, const std::string& name) {
    Step& step = add_step(operation, name);
    const auto* op = spec_.find_operation(operation);
    for (const auto& param : op != nullptr ? op->parameters : std::vector<core::Parameter>{}) {
      if (param.name == resource_.id_param && !id_value_.is_null()) {
        step.params[param.name] = id_value_;
      } else if (key_values_.contains(param.name)) {
        step.params[param.name] = key_values_[param.name];
      }
    }
    return step;
  }

  void add_create() {
    const auto* op = spec_.find_operation(resource_.create);
    Step& step = add_item_step(resource_.create, "create");
    if (!resource_.id_body_field.empty()) {
      // A fresh name per run and per shrinking re-run: an earlier item may still exist.
      json body = request_example(*op);
      core::set_dotted(body, resource_.id_body_field, "seq-${run.id}-${sequence.attempt}");
      step.body = body;
      id_value_ = "seq-${run.id}-${sequence.attempt}";
    }
    if (!resource_.id_pointer.empty()) {
      step.capture.emplace_back("id", resource_.id_pointer);
      id_value_ = "${id}";
    }
    state_ = resource_.initial_state;
    if (resource_.get.empty()) {
      note("no get operation: ensure-created and use-after-delete are not checked");
      return;
    }
    add_item_step(resource_.get, "get the created item").status_check = "ensure-created";
  }

  // No create: the seed item (or the documented example's), brought to a known state by an
  // action that ends there whether or not it was legal (pause: paused either way).
  void add_known_start() {
    std::set<std::string> states(resource_.states.begin(), resource_.states.end());
    for (const auto& action : resource_.actions) {
      states.insert(action.requires_states.begin(), action.requires_states.end());
      if (!action.to_state.empty()) {
        states.insert(action.to_state);
      }
    }
    for (const auto& action : resource_.actions) {
      if (action.to_state.empty() || action.refused_status == 0 || !is_usable(action.operation)) {
        continue;
      }
      const bool ends_there = std::all_of(states.begin(), states.end(), [&](const auto& state) {
        return state == action.to_state || contains(action.requires_states, state);
      });
      if (ends_there) {
        add_action_step(action,
                        "settle: " + action.operation + " (" + action.to_state + " either way)");
        steps_.back().expect.status = "2XX|" + std::to_string(action.refused_status);
        state_ = action.to_state;
        return;
      }
    }
    state_ = resource_.seed_state.empty() ? resource_.initial_state : resource_.seed_state;
    note("starting from the seed state `" + state_ + "`; other cases may have changed it");
  }

  Step& add_action_step(const LifecycleAction& action, const std::string& name) {
    Step& step = add_item_step(action.operation, name);
    step.status_check = "state-contract";
    if (!action.body.empty()) {
      json body = request_example(*spec_.find_operation(action.operation));
      for (const auto& [key, value] : action.body.items()) {
        body[key] = value;
      }
      step.body = body;
    }
    return step;
  }

  // Waits (a polling get) until the server's own transitions have moved the item to `target`.
  bool add_settle(const std::string& target) {
    if (resource_.get.empty() || resource_.state_pointer.empty()) {
      return false;
    }
    Step& step = add_item_step(resource_.get, "get until " + target);
    step.until = StepPoll{resource_.state_pointer, target, 200, 15000};
    state_ = target;
    return true;
  }

  std::vector<const LifecycleAction*> candidates(bool legal) const {
    std::vector<const LifecycleAction*> out;
    const auto states = possible(state_);
    for (const auto& action : resource_.actions) {
      if (!is_usable(action.operation)) {
        continue;
      }
      if (legal ? is_legal(action, states) && !action.to_state.empty() && action.to_state != state_
                : is_illegal(action, states)) {
        out.push_back(&action);
      }
    }
    return out;
  }

  const LifecycleAction* pick(const std::vector<const LifecycleAction*>& from) {
    return from.empty() ? nullptr : from[core::splitmix64_next(random_) % from.size()];
  }

  // Legal actions chosen by the seed; before the first and after each, an action refused in
  // the state reached that was not tried yet (so resume is tried on a running item, then
  // again right after a resume).
  void walk() {
    if (state_.empty()) {
      return;
    }
    std::set<const LifecycleAction*> used;
    std::set<const LifecycleAction*> tried;
    add_illegal(tried);
    for (int n = 0; n < options_.max_legal_actions; ++n) {
      auto legal = candidates(true);
      if (legal.empty() && settled(state_) != state_) {
        const auto target = settled(state_);
        const auto saved = state_;
        state_ = target;
        const bool helps = !candidates(true).empty();
        state_ = saved;
        if (!helps || !add_settle(target)) {
          break;
        }
        legal = candidates(true);
      }
      std::vector<const LifecycleAction*> fresh;
      std::copy_if(legal.begin(), legal.end(), std::back_inserter(fresh),
                   [&](const LifecycleAction* a) { return used.count(a) == 0; });
      const auto* action = pick(fresh.empty() ? legal : fresh);
      if (action == nullptr) {
        break;
      }
      used.insert(action);
      add_action_step(*action, action->operation + " in " + state_ + " (legal)");
      state_ = action->to_state;
      last_action_ = action;
      add_illegal(tried);
    }
    if (tried.empty() && settled(state_) != state_) {
      // Refused only once the server's own transitions are done (stop while stopping).
      const auto saved = state_;
      state_ = settled(saved);
      const bool helps = !candidates(false).empty();
      state_ = saved;
      if (helps && add_settle(settled(saved))) {
        add_illegal(tried);
      }
    }
    if (tried.empty()) {
      note("no action is refused in the states walked: no illegal step");
    }
  }

  // One refused action of the current state not tried yet: the action just taken, if it is
  // refused now (resume, then resume again), else one chosen by the seed.
  void add_illegal(std::set<const LifecycleAction*>& tried) {
    std::vector<const LifecycleAction*> illegal;
    for (const auto* action : candidates(false)) {
      if (tried.count(action) == 0) {
        illegal.push_back(action);
      }
    }
    if (illegal.empty()) {
      return;
    }
    const auto again = std::find(illegal.begin(), illegal.end(), last_action_);
    const auto* action = again != illegal.end() ? *again : pick(illegal);
    tried.insert(action);
    Step& step = add_action_step(*action, action->operation + " in " + state_ + " (illegal)");
    step.expect.status = std::to_string(action->refused_status);
  }

  // Brings the item to a state the delete accepts: wait, or one legal action (and wait).
  bool reach_removable() {
    const auto& needed = resource_.remove_requires;
    if (needed.empty()) {
      return true;
    }
    const auto all_in = [&](const std::set<std::string>& states) {
      return std::all_of(states.begin(), states.end(),
                         [&](const std::string& s) { return contains(needed, s); });
    };
    if (all_in(possible(state_))) {
      return true;
    }
    if (contains(needed, settled(state_))) {
      return add_settle(settled(state_));
    }
    for (const auto* action : candidates(true)) {
      if (all_in(possible(action->to_state))) {
        add_action_step(*action, action->operation + " in " + state_ + " (legal, before delete)");
        state_ = action->to_state;
        return true;
      }
      if (contains(needed, settled(action->to_state))) {
        add_action_step(*action, action->operation + " in " + state_ + " (legal, before delete)");
        state_ = action->to_state;
        return add_settle(settled(state_));
      }
    }
    return false;
  }

  void add_delete() {
    if (resource_.create.empty() || resource_.remove.empty()) {
      return;
    }
    if (!is_usable(resource_.remove)) {
      note("delete and use-after-delete left out: " + resource_.remove +
           " is unsafe (--generate-unsafe runs it)");
      return;
    }
    if (!state_.empty() && !reach_removable()) {
      note("no way to a state " + resource_.remove + " accepts: delete left out");
      return;
    }
    add_item_step(resource_.remove, "delete");
    if (resource_.get.empty() || resource_.create_on_missing) {
      return;
    }
    Step& step = add_item_step(resource_.get, "get after delete");
    step.expect.status = std::to_string(resource_.missing_status);
    step.status_check = "use-after-delete";
  }

  // No create: leave the shared seed item in the state it was found in, for the other cases.
  void add_restore() {
    if (!resource_.create.empty() || resource_.seed_state.empty() ||
        state_ == resource_.seed_state || state_.empty()) {
      return;
    }
    for (const auto* action : candidates(true)) {
      if (action->to_state == resource_.seed_state) {
        add_action_step(*action, action->operation + " in " + state_ + " (restore)");
        state_ = action->to_state;
        return;
      }
    }
  }
};

} // namespace

DerivedSequences derive_sequences(const core::Lifecycle& lifecycle, const core::Spec& spec,
                                  const SequenceOptions& options) {
  DerivedSequences out;
  for (const auto& resource : lifecycle.resources) {
    SequenceBuilder builder(resource, spec, options, out.notes);
    if (auto scenario = builder.build()) {
      out.scenarios.push_back(std::move(*scenario));
    }
  }
  return out;
}

namespace {

// A value of a link (a parameter or the request body): a runtime expression resolved against
// what step A sends and captures, or a constant.
class LinkBuilder {
public:
  LinkBuilder(const core::Spec& spec, const SequenceOptions& options,
              std::vector<std::string>& notes)
      : spec_(spec), options_(options), notes_(notes) {}

  std::optional<Scenario> build(const core::Operation& from, const core::ResponseSpec& response,
                                const core::Link& link, const std::string& name) {
    name_ = name;
    const auto* to = spec_.find_operation(link.operation_id);
    if (to == nullptr) {
      note("its target " + (link.operation_ref.empty() ? link.operation_id : link.operation_ref) +
           " is not an operation of this document");
      return std::nullopt;
    }
    if (!options_.unsafe && is_unsafe(*to)) {
      note(to->operation_id + " is unsafe (--generate-unsafe runs it)");
      return std::nullopt;
    }
    Step first = make_source_step(spec_, from, response);
    Step second;
    second.operation = to->operation_id;
    second.name = link.name + ": " + to->operation_id;
    for (const auto& [raw_name, raw_value] : link.parameters) {
      const std::string param = parameter_name(raw_name);
      const bool known = std::any_of(to->parameters.begin(), to->parameters.end(),
                                     [&](const core::Parameter& p) { return p.name == param; });
      if (!known) {
        note("parameter '" + raw_name + "' is not a parameter of " + to->operation_id);
        return std::nullopt;
      }
      auto value = resolve(raw_value, first, from);
      if (!value) {
        return std::nullopt; // noted
      }
      second.params[param] = *value;
    }
    if (link.request_body) {
      auto value = resolve(*link.request_body, first, from);
      if (!value) {
        return std::nullopt;
      }
      second.body = *value;
    }
    const bool creation = from.method == "POST" && to->method == "GET";
    second.status_check = creation ? "ensure-created" : "link";
    std::vector<Step> steps;
    steps.push_back(std::move(first));
    steps.push_back(second);
    if (to->method == "GET") {
      add_delete_tail(*to, second, steps);
    }
    Scenario scenario;
    scenario.name = name;
    scenario.spec = spec_.title;
    scenario.file = spec_.file;
    scenario.location = link.pointer.empty() ? spec_.file : link.pointer;
    for (std::size_t i = 0; i < steps.size(); ++i) {
      steps[i].location = name + ", step " + std::to_string(i + 1);
    }
    scenario.steps = std::move(steps);
    scenario.generated = true;
    return scenario;
  }

  bool is_unsafe(const core::Operation& op) const {
    return is_unsafe_operation(spec_, options_, op);
  }

private:
  const core::Spec& spec_;
  const SequenceOptions& options_;
  std::vector<std::string>& notes_;
  std::string name_;
  int captures_ = 0;

  void note(const std::string& text) { notes_.push_back(name_ + ": " + text); }

  // "path.thingId" -> "thingId" (a link may say where the parameter is).
  static std::string parameter_name(const std::string& raw) {
    for (const char* prefix : {"path.", "query.", "header.", "cookie."}) {
      const std::string p(prefix);
      if (raw.rfind(p, 0) == 0) {
        return raw.substr(p.size());
      }
    }
    return raw;
  }

  // Step A: its documented parameter values and body written out, so that `$request...`
  // expressions know what it sends.
  static Step make_source_step(const core::Spec& spec, const core::Operation& from,
                               const core::ResponseSpec& response) {
    Step step;
    step.operation = from.operation_id;
    step.name = from.operation_id + " (link source, " + response.status + ")";
    for (const auto& param : from.parameters) {
      if (param.required || param.in == core::ParamIn::path) {
        if (auto value = make_parameter_value(param)) {
          step.params[param.name] = *value;
        }
      }
    }
    if (from.request_body) {
      if (const auto* media = choose_json_media(from.request_body->content)) {
        step.body = make_document_body(spec, *media); // what the step would send anyway
      }
    }
    return step;
  }

  std::optional<json> resolve(const json& raw, Step& first, const core::Operation& from) {
    if (!raw.is_string()) {
      return raw; // a constant
    }
    std::string text = raw.get<std::string>();
    if (text.size() > 2 && text.front() == '{' && text.back() == '}' && text[1] == '$') {
      text = text.substr(1, text.size() - 2); // "{$response.body#/id}"
    }
    if (text.empty() || text.front() != '$') {
      return json(text); // a constant
    }
    if (text == "$response.body" || text.rfind("$response.body#", 0) == 0) {
      const std::string pointer = text.size() > 15 ? text.substr(15) : std::string();
      for (const auto& [name, captured] : first.capture) {
        if (captured == pointer) {
          return json("${" + name + "}");
        }
      }
      const std::string var = "link" + std::to_string(++captures_);
      first.capture.emplace_back(var, pointer);
      return json("${" + var + "}");
    }
    if (text.rfind("$request.body", 0) == 0) {
      if (!first.body) {
        note(text + ": " + from.operation_id + " has no documented JSON request example");
        return std::nullopt;
      }
      const std::string pointer = text.size() > 14 ? text.substr(14) : std::string();
      const json* value = core::find_pointer(*first.body, pointer);
      if (value == nullptr) {
        note(text + ": not in the documented request of " + from.operation_id);
        return std::nullopt;
      }
      return *value;
    }
    for (const char* in : {"path", "query", "header"}) {
      const std::string prefix = std::string("$request.") + in + ".";
      if (text.rfind(prefix, 0) == 0) {
        const std::string name = text.substr(prefix.size());
        if (const auto it = first.params.find(name); it != first.params.end()) {
          return *it;
        }
        note(text + ": " + from.operation_id + " sends no documented value for it");
        return std::nullopt;
      }
    }
    note(text + ": this runtime expression is not followed yet (only $response.body#/..., "
                "$request.path/query/header and $request.body#/...)");
    return std::nullopt;
  }

  // B is a GET: delete the item (a DELETE on B's path) and read it again, expecting the
  // GET's documented 404 (or 4XX, or 404 under `default`).
  void add_delete_tail(const core::Operation& get, const Step& read, std::vector<Step>& steps) {
    const auto remove = std::find_if(
        spec_.operations.begin(), spec_.operations.end(),
        [&](const core::Operation& op) { return op.method == "DELETE" && op.path == get.path; });
    if (remove == spec_.operations.end()) {
      return;
    }
    if (!options_.unsafe) {
      note("delete and use-after-delete left out: " + remove->operation_id +
           " is unsafe (--generate-unsafe runs it)");
      return;
    }
    // The answer a 404 falls under (404, else 4XX, else default): expect that.
    const auto* documented = core::find_response(get, 404);
    const std::string missing =
        documented == nullptr ? "" : (core::is_status_range(documented->status) ? "4XX" : "404");
    if (missing.empty()) {
      note("use-after-delete left out: " + get.operation_id + " documents no 404, 4XX or default");
      return;
    }
    Step remove_step;
    remove_step.operation = remove->operation_id;
    remove_step.name = "delete";
    for (const auto& [param, value] : read.params.items()) {
      const bool has = std::any_of(remove->parameters.begin(), remove->parameters.end(),
                                   [&p = param](const core::Parameter& q) { return q.name == p; });
      if (has) {
        remove_step.params[param] = value;
      }
    }
    steps.push_back(std::move(remove_step));
    Step again = read;
    again.name = "get after delete";
    again.body.reset();
    again.capture.clear();
    again.expect.status = missing;
    again.status_check = "use-after-delete";
    steps.push_back(std::move(again));
  }
};

} // namespace

DerivedSequences derive_link_sequences(const core::Spec& spec, const SequenceOptions& options) {
  DerivedSequences out;
  LinkBuilder builder(spec, options, out.notes);
  std::set<std::string> names;
  for (const auto& from : spec.operations) {
    for (const auto& response : from.responses) {
      if (!core::is_success_status(response.status)) {
        continue;
      }
      for (const auto& link : response.links) {
        std::string name = "link " + from.operation_id + " > " + link.name;
        if (!names.insert(name).second) {
          name += " (" + response.status + ")";
          if (!names.insert(name).second) {
            continue; // the same link name twice on one response: the loader kept one
          }
        }
        if (!options.unsafe && builder.is_unsafe(from)) {
          out.notes.push_back(name + ": " + from.operation_id +
                              " is unsafe (--generate-unsafe runs it)");
          continue;
        }
        if (auto scenario = builder.build(from, response, link, name)) {
          out.scenarios.push_back(std::move(*scenario));
        }
      }
    }
  }
  return out;
}

} // namespace concord::conformance
