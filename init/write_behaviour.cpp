// The behaviour file and the plan that `concord init` writes.
#include "init/init.hpp"
#include "init/yaml_text.hpp"

#include <algorithm>
#include <sstream>

namespace concord::init {

using nlohmann::json;

namespace {

void write_comment(std::ostringstream& out, const std::string& indent, const std::string& text) {
  std::string line;
  std::istringstream words(text);
  std::string word;
  while (words >> word) {
    if (!line.empty() && indent.size() + line.size() + word.size() > 92) {
      out << indent << "# " << line << '\n';
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) {
    out << indent << "# " << line << '\n';
  }
}

void write_key(std::ostringstream& out, const ResourceGuess& resource) {
  out << "    key:\n";
  for (const auto& part : resource.key) {
    out << "      " << to_yaml_scalar(part.param) << ": "
        << (part.field ? to_yaml_scalar(*part.field) : std::string("null"))
        << (part.field ? "" : "   # only scopes the item") << '\n';
  }
  if (std::find(resource.crud.begin(), resource.crud.end(), "create") != resource.crud.end()) {
    const bool generated = resource.id_kind == "uuid" || resource.id_kind == "sequence";
    out << "    id: "
        << (generated ? resource.id_kind : "{ body: " + to_yaml_scalar(resource.id_kind) + " }")
        << "   # how " << resource.create_op << " makes the key\n";
  }
}

void write_state(std::ostringstream& out, const ResourceGuess& resource) {
  if (resource.state_field.empty() || resource.values.empty()) {
    return;
  }
  out << "    state:\n"
      << "      field: " << to_yaml_scalar(resource.state_field) << '\n'
      << "      initial: " << to_yaml_scalar(resource.initial) << '\n'
      << "      values: " << to_yaml_list(resource.values) << '\n';
  if (!resource.transitions.empty()) {
    out << "    # Transitional states move on after 1s of the mock's clock or one read.\n"
        << "    transitions:\n";
    for (const auto& transition : resource.transitions) {
      out << "      - { from: " << to_yaml_scalar(transition.from)
          << ", to: " << to_yaml_scalar(transition.to) << ", after: 1s, after_reads: 1 }\n";
    }
  }
}

void write_resource(std::ostringstream& out, const ResourceGuess& resource) {
  out << "  " << to_yaml_scalar(resource.name) << ":\n";
  for (const auto& note : resource.notes) {
    write_comment(out, "    ", note);
  }
  out << "    item: " << to_yaml_scalar(resource.item) << '\n';
  if (!resource.collection.empty()) {
    out << "    collection: " << to_yaml_scalar(resource.collection) << '\n';
  }
  write_key(out, resource);
  out << "    crud: " << to_yaml_list(resource.crud) << '\n';
  write_state(out, resource);
  if (resource.defaults.is_object() && !resource.defaults.empty()) {
    out << "    defaults: " << to_yaml_flow(resource.defaults) << '\n';
  }
  if (!resource.view.is_null()) {
    out << "    view: " << to_yaml_flow(resource.view) << '\n';
  }
  if (!resource.list_view.is_null()) {
    out << "    list_view: " << to_yaml_flow(resource.list_view) << '\n';
  }
  if (!resource.seed_key.empty()) {
    out << "    seed:   # the item the documented examples of " << resource.get_op << " address\n"
        << "      - key: " << to_yaml_flow(json(resource.seed_key)) << '\n';
    if (!resource.state_field.empty() && !resource.seed_state.empty()) {
      out << "        state: " << to_yaml_scalar(resource.seed_state) << '\n';
    }
  }
}

std::string describe_action(const ActionGuess& action) {
  std::string text = action.verb + " (" + action.path + ")";
  if (!action.requires_states.empty()) {
    text += ": needs ";
    for (std::size_t i = 0; i < action.requires_states.size(); ++i) {
      text += (i == 0 ? "" : "|") + action.requires_states[i];
    }
  }
  if (action.to) {
    text += ", makes " + *action.to;
    if (action.settles_to) {
      text += " (then " + *action.settles_to + ")";
    }
  }
  if (!action.otherwise_key.empty() && !action.requires_states.empty()) {
    text +=
        "; refused with the documented " + action.otherwise_key +
        (action.otherwise_key != action.otherwise_status ? " (as " + action.otherwise_status + ")"
                                                         : "") +
        (action.otherwise_example.empty() ? "" : " `" + action.otherwise_example + "`");
  } else if (action.otherwise_key.empty()) {
    text += "; no 409/400/default documented, so it is never refused";
  }
  return text;
}

void write_action(std::ostringstream& out, const ResourceGuess& resource,
                  const ActionGuess& action) {
  out << "  " << to_yaml_scalar(action.operation_id) << ":\n";
  write_comment(out, "    ", "action " + describe_action(action));
  if (action.names_resource) {
    out << "    resource: " << to_yaml_scalar(resource.name) << '\n';
  }
  if (!action.requires_states.empty()) {
    out << "    requires: " << to_yaml_list(action.requires_states) << '\n';
    out << "    otherwise: { status: " << action.otherwise_status;
    if (!action.otherwise_example.empty()) {
      out << ", example: " << to_yaml_scalar(action.otherwise_example);
    }
    out << " }\n";
  }
  if (action.to) {
    out << "    to: " << to_yaml_scalar(*action.to) << '\n';
  }
  if (!action.success_status.empty()) {
    out << "    respond: { status: " << action.success_status << " }\n";
  }
}

} // namespace

std::string write_behaviour_yaml(const Inference& inference) {
  std::ostringstream out;
  out << "# Behaviour of " << inference.spec_file
      << ", inferred by `concord init` (docs/init.md).\n"
      << "# Format: docs/behaviour.md. Each guess says what it was inferred from: check the\n"
      << "# states, what each action requires and the refusals before you rely on them.\n";
  for (const auto& note : inference.notes) {
    write_comment(out, "", note);
  }
  out << "seed: 1\n";
  if (inference.resources.empty()) {
    out << "resources: {}\n";
    return out.str();
  }
  out << "\nresources:\n";
  for (const auto& resource : inference.resources) {
    write_resource(out, resource);
  }
  bool any_action = false;
  for (const auto& resource : inference.resources) {
    for (const auto& action : resource.actions) {
      out << (any_action ? "" : "\noperations:\n");
      any_action = true;
      write_action(out, resource, action);
    }
  }
  return out.str();
}

std::string describe_plan(const Inference& inference) {
  std::ostringstream out;
  out << inference.spec_file << ": " << inference.resources.size() << " resource(s)\n";
  for (const auto& note : inference.notes) {
    out << "  " << note << '\n';
  }
  for (const auto& resource : inference.resources) {
    out << "  " << resource.name << "  " << resource.item;
    if (!resource.collection.empty()) {
      out << "  (collection " << resource.collection << ")";
    }
    out << '\n';
    if (!resource.crud.empty()) {
      out << "    crud: " << to_yaml_list(resource.crud) << '\n';
    }
    if (!resource.state_field.empty()) {
      out << "    state " << resource.state_field << " = " << to_yaml_list(resource.values)
          << ", initial " << resource.initial << '\n';
    }
    for (const auto& action : resource.actions) {
      out << "    " << action.operation_id << ": " << describe_action(action) << '\n';
    }
  }
  return out.str();
}

} // namespace concord::init
