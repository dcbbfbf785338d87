// Inference of resources, states and lifecycle actions from an OpenAPI model.
#include "core/document.hpp"
#include "init/init.hpp"
#include "init/lifecycle.hpp"
#include "init/schema_walk.hpp"

#include <algorithm>
#include <array>
#include <set>

namespace concord::init {

using nlohmann::json;

namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto end = path.find('/', start);
    const auto part = path.substr(start, end == std::string_view::npos ? path.npos : end - start);
    if (!part.empty()) {
      out.emplace_back(part);
    }
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return out;
}

bool is_param(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

std::string param_of(const std::string& segment) {
  return segment.substr(1, segment.size() - 2);
}

std::string join_path(const std::vector<std::string>& segments, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count && i < segments.size(); ++i) {
    out += '/' + segments[i];
  }
  return out;
}

std::vector<std::string> params_of(const std::string& path) {
  std::vector<std::string> out;
  for (const auto& segment : split_path(path)) {
    if (is_param(segment)) {
      out.push_back(param_of(segment));
    }
  }
  return out;
}

// "services" -> "service", "policies" -> "policy", "Services" -> "service".
std::string to_singular(std::string word) {
  word = to_lower(word);
  std::replace(word.begin(), word.end(), '-', '_');
  if (word.ends_with("ies") && word.size() > 4) {
    return word.substr(0, word.size() - 3) + "y";
  }
  if (word.ends_with("sses") || word.ends_with("xes")) {
    return word.substr(0, word.size() - 2);
  }
  if (word.ends_with("s") && !word.ends_with("ss") && word.size() > 1) {
    return word.substr(0, word.size() - 1);
  }
  return word;
}

struct ActionOp {
  const core::Operation* op = nullptr;
  VerbRule rule;
  bool foreign = false; // addressed through a longer path (Northflank's team paths)
};

struct Candidate {
  std::string item;
  std::vector<const core::Operation*> item_ops;
  std::vector<ActionOp> actions;
};

bool is_write_method(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH";
}

// Item paths: paths ending in a parameter, and the part before a verb (`.../{id}/pause`).
std::vector<Candidate> find_candidates(const core::Spec& spec) {
  std::vector<Candidate> out;
  const auto slot = [&out](const std::string& item) -> Candidate& {
    for (auto& candidate : out) {
      if (candidate.item == item) {
        return candidate;
      }
    }
    out.push_back(Candidate{item, {}, {}});
    return out.back();
  };
  for (const auto& op : spec.operations) {
    const auto segments = split_path(op.path);
    if (!segments.empty() && is_param(segments.back())) {
      // `/things/{id}`, not `/x/{a}/{b}` (no collection segment names the item).
      if (segments.size() >= 2 && !is_param(segments[segments.size() - 2])) {
        slot(op.path).item_ops.push_back(&op);
      }
      continue;
    }
    const auto last_param = std::find_if(segments.rbegin(), segments.rend(), is_param);
    if (last_param == segments.rend() || !is_write_method(op.method)) {
      continue;
    }
    const auto count = static_cast<std::size_t>(segments.rend() - last_param);
    const std::vector<std::string> tail(segments.begin() + static_cast<std::ptrdiff_t>(count),
                                        segments.end());
    if (auto rule = find_verb(tail)) {
      slot(join_path(segments, count)).actions.push_back(ActionOp{&op, *rule, false});
    }
  }
  return out;
}

// Action-only items whose path ends like a shorter item's and has more parameters
// (`/teams/{t}/projects/{p}/services/{s}` vs `/projects/{p}/services/{s}`) act on the
// shorter one's items.
void merge_candidates(std::vector<Candidate>& candidates) {
  for (std::size_t longer = 0; longer < candidates.size(); ++longer) {
    auto& from = candidates[longer];
    if (!from.item_ops.empty() || from.actions.empty()) {
      continue;
    }
    const auto from_segments = split_path(from.item);
    const auto from_params = params_of(from.item);
    for (std::size_t shorter = 0; shorter < candidates.size(); ++shorter) {
      auto& into = candidates[shorter];
      const auto into_segments = split_path(into.item);
      const auto into_params = params_of(into.item);
      if (shorter == longer || into_params.size() >= from_params.size() ||
          into_segments.size() < 2 || from_segments.size() < 2 ||
          !std::equal(into_segments.end() - 2, into_segments.end(), from_segments.end() - 2) ||
          !std::all_of(into_params.begin(), into_params.end(), [&](const std::string& p) {
            return std::find(from_params.begin(), from_params.end(), p) != from_params.end();
          })) {
        continue;
      }
      for (auto action : from.actions) {
        action.foreign = true;
        into.actions.push_back(action);
      }
      from.actions.clear();
      break;
    }
  }
  std::erase_if(candidates,
                [](const Candidate& c) { return c.item_ops.empty() && c.actions.empty(); });
}

const core::Operation* find_op(const core::Spec& spec, const std::string& path,
                               const std::string& method) {
  for (const auto& op : spec.operations) {
    if (op.path == path && op.method == method) {
      return &op;
    }
  }
  return nullptr;
}

const core::Operation* find_item_op(const Candidate& candidate, const std::string& method) {
  for (const auto* op : candidate.item_ops) {
    if (op->method == method) {
      return op;
    }
  }
  return nullptr;
}

core::SchemaHandle success_schema(const core::Operation* op) {
  const auto* response = op == nullptr ? nullptr : find_success(*op);
  const auto* media = response == nullptr ? nullptr : find_json_media(response->content);
  return media == nullptr ? nullptr : media->schema;
}

const json* success_example(const core::Operation* op, std::string* name = nullptr) {
  const auto* response = op == nullptr ? nullptr : find_success(*op);
  const auto* media = response == nullptr ? nullptr : find_json_media(response->content);
  if (media == nullptr || media->examples.empty() || media->examples.front().external) {
    return nullptr;
  }
  if (name != nullptr) {
    *name = media->examples.front().name;
  }
  return &media->examples.front().value;
}

constexpr std::array<std::string_view, 10> k_state_names{"state",
                                                         "status",
                                                         "phase",
                                                         "lifecycle_state",
                                                         "lifecycleState",
                                                         "deployment_status",
                                                         "deploymentStatus",
                                                         "provisioning_state",
                                                         "provisioningState",
                                                         "run_state"};

int rank_state_name(const std::string& name) {
  for (std::size_t i = 0; i < k_state_names.size(); ++i) {
    if (name == k_state_names[i]) {
      return static_cast<int>(i);
    }
  }
  const auto lower = to_lower(name);
  if (lower.ends_with("_state") || lower.ends_with("state") || lower.ends_with("_status") ||
      lower.ends_with("status")) {
    return 50;
  }
  return -1;
}

struct StateFound {
  std::string item_pointer;
  std::string field;
  std::vector<std::string> values;
};

std::optional<StateFound> find_state_in(const core::Spec& spec, const SchemaNode& schema) {
  std::optional<StateFound> best;
  int best_rank = 1000;
  for (const auto& [name, node] : list_properties(spec, schema)) {
    const int rank = rank_state_name(name);
    if (rank < 0 || rank >= best_rank) {
      continue;
    }
    auto values = list_enum(spec, node);
    if (values.size() >= 2) {
      best = StateFound{"", name, std::move(values)};
      best_rank = rank;
    }
  }
  return best;
}

// The state property of a get answer: in the body, or one level down (an envelope).
std::optional<StateFound> find_state(const core::Spec& spec, const SchemaNode& schema) {
  if (auto found = find_state_in(spec, schema)) {
    return found;
  }
  for (const auto& [name, node] : list_properties(spec, schema)) {
    if (auto found = find_state_in(spec, node)) {
      found->item_pointer = "/" + core::escape_pointer_token(name);
      return found;
    }
  }
  return std::nullopt;
}

// Which item field a key parameter is stored as.
std::string find_key_field(const std::string& param, const std::set<std::string>& properties) {
  if (properties.count(param) != 0U || properties.empty()) {
    return param;
  }
  const auto lower = to_lower(param);
  if ((lower.ends_with("id") || lower.ends_with("_id")) && properties.count("id") != 0U) {
    return "id";
  }
  if (lower.ends_with("name") && properties.count("name") != 0U) {
    return "name";
  }
  return param;
}

std::map<std::string, std::string> collect_param_examples(const core::Operation& op) {
  std::map<std::string, std::string> out;
  for (const auto& param : op.parameters) {
    if (param.in == core::ParamIn::path) {
      if (auto value = find_parameter_value(param)) {
        out[param.name] = *value;
      }
    }
  }
  return out;
}

} // namespace

// ---- one resource -------------------------------------------------------------------------

namespace {

struct ResourceBuilder {
  const core::Spec& spec;
  const Candidate& candidate;
  ResourceGuess out;
  std::set<std::string> properties;
  const core::Operation* get = nullptr;
  const core::Operation* list = nullptr;
  const core::Operation* create = nullptr;

  void find_operations() {
    out.item = candidate.item;
    const auto segments = split_path(candidate.item);
    out.name = segments.size() >= 2 ? to_singular(segments[segments.size() - 2]) : "item";
    const auto parent = join_path(segments, segments.size() - 1);
    get = find_item_op(candidate, "GET");
    list = find_op(spec, parent, "GET");
    create = find_op(spec, parent, "POST");
    if (list != nullptr || create != nullptr) {
      out.collection = parent;
    }
    const auto id_of = [](const core::Operation* op) { return op ? op->operation_id : ""; };
    out.get_op = id_of(get);
    out.list_op = id_of(list);
    out.create_op = id_of(create);
    out.delete_op = id_of(find_item_op(candidate, "DELETE"));
    out.update_op = id_of(find_item_op(candidate, "PATCH"));
    out.replace_op = id_of(find_item_op(candidate, "PUT"));
    out.get_has_404 = get != nullptr && find_response(*get, "404") != nullptr;
  }

  void find_state_field() {
    const auto body = to_schema_node(spec, success_schema(get));
    const auto found = body.node == nullptr ? std::nullopt : find_state(spec, body);
    if (!found) {
      return;
    }
    out.item_pointer = found->item_pointer;
    out.state_field = found->field;
    out.state_pointer = found->item_pointer + "/" + core::escape_pointer_token(found->field);
    out.values = found->values;
    out.values_documented = true;
    out.notes.push_back("state: `" + found->field + "` with an enum in the answer of " +
                        out.get_op + " (" + out.state_pointer + ")");
  }

  void find_properties() {
    auto body = to_schema_node(spec, success_schema(get));
    if (!out.item_pointer.empty() && body.node != nullptr) {
      for (const auto& [name, node] : list_properties(spec, body)) {
        if ("/" + core::escape_pointer_token(name) == out.item_pointer) {
          body = node;
        }
      }
    }
    for (const auto& [name, node] : list_properties(spec, body)) {
      properties.insert(name);
    }
  }

  void find_key() {
    const auto params = params_of(candidate.item);
    for (std::size_t i = 0; i < params.size(); ++i) {
      KeyPart part{params[i], std::nullopt};
      if (i + 1 == params.size()) {
        part.field = find_key_field(params[i], properties);
      } else if (properties.empty() || properties.count(params[i]) != 0U) {
        part.field = params[i];
      }
      out.key.push_back(part);
    }
    if (create == nullptr) {
      return;
    }
    const auto& last = out.key.back();
    const core::Parameter* param = nullptr;
    for (const auto* op : candidate.item_ops) {
      for (const auto& p : op->parameters) {
        if (p.in == core::ParamIn::path && p.name == last.param) {
          param = &p;
        }
      }
    }
    const auto& schema = param == nullptr ? json() : param->raw_schema;
    const auto* body =
        create->request_body ? find_json_media(create->request_body->content) : nullptr;
    std::set<std::string> body_fields;
    if (body != nullptr) {
      for (const auto& [name, node] : list_properties(spec, to_schema_node(spec, body->schema))) {
        body_fields.insert(name);
      }
      out.create_has_body_example = !body->examples.empty();
    }
    if (schema.is_object() && schema.value("format", "") == "uuid") {
      out.id_kind = "uuid";
    } else if (schema.is_object() && schema.value("type", "") == "integer") {
      out.id_kind = "sequence";
    } else if (last.field && body_fields.count(*last.field) != 0U) {
      out.id_kind = *last.field;
    } else {
      out.id_kind = "uuid";
    }
    out.notes.push_back("key: " + last.param + " -> item field `" + last.field.value_or("") +
                        "`; a create makes it as: " + out.id_kind);
  }

  void find_crud() {
    const auto got = to_schema_node(spec, success_schema(get));
    if (got.node != nullptr && got.node->is_object() &&
        got.node->value("type", json()) == "array") {
      out.notes.push_back("get (" + out.get_op + ") not modelled: it answers with a list");
      get = nullptr;
    }
    if (get != nullptr) {
      out.crud.emplace_back("get");
    }
    if (list != nullptr) {
      out.crud.emplace_back("list");
    }
    if (create != nullptr) {
      const auto created = success_schema(create);
      if (created != nullptr && created == success_schema(get)) {
        out.crud.emplace_back("create");
      } else {
        std::string name;
        out.create_example = success_example(create, &name) != nullptr ? name : "-";
        out.notes.push_back("create (" + create->operation_id +
                            ") not modelled: its answer is not the item's view; it answers "
                            "from examples");
      }
    }
    const auto item_schema = out.item_pointer.empty() ? success_schema(get) : nullptr;
    for (const auto& [method, role] : {std::pair{"PATCH", "update"}, std::pair{"PUT", "replace"}}) {
      const auto* op = find_item_op(candidate, method);
      const auto* body =
          op && op->request_body ? find_json_media(op->request_body->content) : nullptr;
      if (op == nullptr) {
        continue;
      }
      if (item_schema != nullptr && body != nullptr && body->schema == item_schema) {
        out.crud.emplace_back(role);
      } else {
        out.notes.push_back(std::string(role) + " (" + op->operation_id +
                            ") not modelled: its body is not the item's schema; it answers "
                            "from examples");
      }
    }
    if (!out.delete_op.empty()) {
      out.crud.emplace_back("delete");
    }
  }

  void find_example_item() {
    const auto* example = success_example(get);
    if (example == nullptr) {
      return;
    }
    const auto* item = core::find_pointer(*example, out.item_pointer);
    if (item == nullptr || !item->is_object()) {
      return;
    }
    out.defaults = *item;
    for (const auto& part : out.key) {
      if (part.field) {
        out.defaults.erase(*part.field);
      }
    }
    if (!out.state_field.empty()) {
      const auto state = item->find(out.state_field);
      if (state != item->end() && state->is_string() &&
          std::find(out.values.begin(), out.values.end(), state->get<std::string>()) !=
              out.values.end()) {
        out.seed_state = state->get<std::string>();
      }
      out.defaults.erase(out.state_field);
    }
    out.notes.push_back("defaults: the fields of the first example of " + out.get_op);
    if (!out.item_pointer.empty()) {
      out.view = *example;
      out.view.erase(out.item_pointer.substr(1));
      out.view[out.item_pointer.substr(1)] = "${item}";
      out.notes.push_back("view: the envelope of " + out.get_op + "'s example, item at " +
                          out.item_pointer);
    }
    find_seed_key();
  }

  void find_seed_key() {
    const auto examples = collect_param_examples(*get);
    for (const auto& part : out.key) {
      const auto it = examples.find(part.param);
      if (it == examples.end()) {
        out.seed_key.clear();
        return;
      }
      out.seed_key[part.param] = it->second;
    }
  }

  // Without an item to seed, the documented examples of get/update/replace/delete would
  // find nothing: when verify can address an item (its path parameters have examples), that
  // role answers from examples instead.
  void drop_unseeded_item_roles() {
    if (!out.seed_key.empty()) {
      return;
    }
    for (const auto& [method, role] :
         {std::pair{"GET", "get"}, std::pair{"PATCH", "update"}, std::pair{"PUT", "replace"},
          std::pair{"DELETE", "delete"}}) {
      const auto* op = find_item_op(candidate, method);
      if (op == nullptr || std::find(out.crud.begin(), out.crud.end(), role) == out.crud.end()) {
        continue;
      }
      const auto examples = collect_param_examples(*op);
      if (std::all_of(out.key.begin(), out.key.end(),
                      [&](const KeyPart& part) { return examples.count(part.param) != 0U; })) {
        std::erase(out.crud, std::string(role));
        out.notes.push_back(std::string(role) + " (" + op->operation_id +
                            ") not modelled: no example of the item to seed the mock with, "
                            "so its documented example could not be answered");
      }
    }
  }

  // The list is modelled when its answer is an array, or an envelope the example shows.
  void find_list_view() {
    const auto* example = success_example(list);
    const auto schema = to_schema_node(spec, success_schema(list));
    const bool is_array = schema.node != nullptr && schema.node->is_object() &&
                          schema.node->value("type", json()) == "array";
    if (example == nullptr || !example->is_object()) {
      if (list != nullptr && !is_array) {
        std::erase(out.crud, "list");
        out.notes.push_back("list (" + out.list_op +
                            ") not modelled: its answer is not an array and no example shows "
                            "where the items go");
      }
      return;
    }
    for (const auto& [name, value] : example->items()) {
      if (value.is_array()) {
        out.list_view = *example;
        out.list_view[name] = "${items}";
        out.notes.push_back("list_view: the envelope of " + out.list_op + "'s example, items at /" +
                            name);
        return;
      }
    }
    std::erase(out.crud, "list");
  }
};

// The state values a resource without a documented enum gets from its verbs.
std::vector<std::string> make_up_values(const std::vector<ActionOp>& actions) {
  const bool suspends = std::any_of(actions.begin(), actions.end(),
                                    [](const ActionOp& a) { return a.rule.verb == "suspend"; });
  std::vector<std::string> values;
  const auto add = [&](std::string_view state_class) {
    std::string value(state_class);
    if (value == "running" && suspends) {
      value = "active";
    }
    if (value != "*" && std::find(values.begin(), values.end(), value) == values.end()) {
      values.push_back(value);
    }
  };
  for (const auto& action : actions) {
    add(action.rule.to);
    // Beside `suspend`, `resume` brings back what was suspended (not paused).
    add(action.rule.verb == "resume" && suspends ? "suspended" : action.rule.from);
  }
  // The "running" state first: it is the initial one.
  for (const auto* first : {"running", "active"}) {
    const auto it = std::find(values.begin(), values.end(), first);
    if (it != values.end()) {
      std::rotate(values.begin(), it, it + 1);
    }
  }
  return values;
}

std::string pick_initial(const ResourceGuess& resource) {
  if (!resource.values_documented) {
    return resource.values.empty() ? "" : resource.values.front();
  }
  if (!resource.create_op.empty()) { // items the API creates start in a "being made" state
    for (const auto* word :
         {"provisioning", "creating", "pending", "initializing", "queued", "new", "starting"}) {
      if (auto value = find_state_value(resource.values, word)) {
        return *value;
      }
    }
  }
  return resource.values.front();
}

// The documented refusal of an action: 409, else 400, 422, 4XX, default.
void find_refusal(const core::Operation& op, ActionGuess& action) {
  for (const auto* key : {"409", "400", "422", "4XX", "default"}) {
    const auto* response = find_response(op, key);
    if (response == nullptr) {
      continue;
    }
    action.otherwise_key = key;
    action.otherwise_status = std::string(key) == "4XX"       ? "409"
                              : std::string(key) == "default" ? "400"
                                                              : key;
    const auto* media = find_json_media(response->content);
    if (media == nullptr && !response->content.empty()) {
      media = &response->content.front();
    }
    int best = -100;
    for (const auto& example :
         media == nullptr ? std::vector<core::NamedExample>{} : media->examples) {
      const auto name = to_lower(example.name);
      int score = 0;
      for (const auto& state : action.requires_states) {
        score += name.find(to_lower(state)) != std::string::npos ? 3 : 0;
      }
      for (const auto* good : {"illegal", "conflict", "state", "not-", "not_"}) {
        score += name.find(good) != std::string::npos ? 2 : 0;
      }
      for (const auto* bad : {"found", "unknown", "missing", "version", "auth", "permission"}) {
        score -= name.find(bad) != std::string::npos ? 5 : 0;
      }
      if (score > best && !example.external) {
        best = score;
        action.otherwise_example = example.name;
      }
    }
    return;
  }
}

ActionGuess make_action(const ResourceGuess& resource, const ActionOp& source) {
  ActionGuess action;
  action.operation_id = source.op->operation_id;
  action.path = source.op->path;
  action.verb = std::string(source.rule.verb);
  action.names_resource = source.foreign;
  const auto* success = find_success(*source.op);
  action.success_status = success == nullptr ? "" : success->status;
  action.example_key = collect_param_examples(*source.op);
  const auto& values = resource.values;
  std::optional<std::string> to = find_state_value(values, source.rule.to);
  const auto transitional = find_state_value(values, source.rule.transitional);
  if (transitional && to) {
    action.settles_to = to;
    to = transitional;
  }
  action.to = to;
  if (source.rule.from == "*") {
    for (const auto& value : values) {
      if (value != action.to && value != action.settles_to && !is_terminal_value(value)) {
        action.requires_states.push_back(value);
      }
    }
  } else if (auto from = find_state_value(values, source.rule.from)) {
    action.requires_states.push_back(*from);
  } else if (source.rule.verb == "resume") {
    if (auto suspended = find_state_value(values, "suspended")) {
      action.requires_states.push_back(*suspended);
    }
  }
  find_refusal(*source.op, action);
  if (action.otherwise_key.empty()) {
    action.requires_states.clear(); // nothing documented to refuse with
  }
  return action;
}

void find_transitions(ResourceGuess& resource) {
  for (const auto& value : resource.values) {
    if (auto settled = find_settled_value(resource.values, value)) {
      resource.transitions.push_back({value, *settled});
    }
  }
}

ResourceGuess build_resource(const core::Spec& spec, const Candidate& candidate) {
  ResourceBuilder builder{spec, candidate, {}, {}};
  builder.find_operations();
  builder.find_state_field();
  builder.find_properties();
  builder.find_key();
  builder.find_crud();
  if (builder.get != nullptr) {
    builder.find_example_item();
  }
  builder.find_list_view();
  builder.drop_unseeded_item_roles();
  auto resource = std::move(builder.out);
  if (resource.values.empty() && !candidate.actions.empty()) {
    resource.values = make_up_values(candidate.actions);
    resource.state_field = "state";
    resource.notes.push_back("state: no documented state property; values made up from the verbs "
                             "of the actions, stored in the field `state`");
  }
  resource.initial = pick_initial(resource);
  if (resource.seed_state.empty()) {
    resource.seed_state = resource.initial;
  }
  for (const auto& source : candidate.actions) {
    resource.actions.push_back(make_action(resource, source));
  }
  find_transitions(resource);
  return resource;
}

void make_names_unique(std::vector<ResourceGuess>& resources) {
  std::set<std::string> taken;
  for (auto& resource : resources) {
    auto name = resource.name;
    if (taken.count(name) != 0U) {
      const auto segments = split_path(resource.item);
      if (segments.size() >= 4) {
        name = to_singular(segments[segments.size() - 4]) + "_" + resource.name;
      }
    }
    for (int n = 2; taken.count(name) != 0U; ++n) {
      name = resource.name + "_" + std::to_string(n);
    }
    resource.name = name;
    taken.insert(name);
  }
}

} // namespace

Inference infer_behaviour(const core::Spec& spec) {
  Inference inference;
  inference.spec_file = spec.file.substr(spec.file.find_last_of('/') + 1);
  auto candidates = find_candidates(spec);
  merge_candidates(candidates);
  for (const auto& candidate : candidates) {
    auto resource = build_resource(spec, candidate);
    if (resource.crud.empty() && resource.actions.empty()) {
      inference.notes.push_back("not modelled: " + resource.item +
                                " (nothing about it can be kept as state)");
      continue;
    }
    inference.resources.push_back(std::move(resource));
  }
  make_names_unique(inference.resources);
  if (inference.resources.empty()) {
    inference.notes.push_back("no item paths (`/things/{id}`) and no lifecycle actions found");
  }
  return inference;
}

} // namespace concord::init
