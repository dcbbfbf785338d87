#pragma once
// `concord init`: a starting behaviour file and scenario file inferred from a document.
// Depends on core only; produces YAML text in the formats of docs/behaviour.md and
// docs/verify.md.

#include "core/model.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace concord::init {

// One path parameter of an item path: the item field it is stored as, or none (scope only).
struct KeyPart {
  std::string param;
  std::optional<std::string> field;
};

// A lifecycle call on an item (`POST .../pause`), with the states it needs and makes.
struct ActionGuess {
  std::string operation_id;
  std::string path;
  std::string verb;            // pause, resume, start, stop, ...
  bool names_resource = false; // the path does not start with the item path
  std::vector<std::string> requires_states;
  std::optional<std::string> to;
  std::optional<std::string> settles_to; // when `to` is transitional: where it ends up
  std::string success_status;            // first documented 2xx
  std::string otherwise_key;             // documented key of the refusal: 409, 400, default
  std::string otherwise_status;          // its concrete status
  std::string otherwise_example;         // named example of the refusal, may be empty
  std::map<std::string, std::string> example_key; // parameter examples of the path
};

struct TransitionGuess {
  std::string from;
  std::string to;
};

struct ResourceGuess {
  std::string name;
  std::string item;
  std::string collection;
  std::vector<KeyPart> key;
  std::string id_kind;       // uuid | sequence | name of a body field
  std::string state_field;   // empty: no state machine
  std::string state_pointer; // pointer of the state inside a get answer ("/result/state")
  std::string item_pointer;  // pointer of the item inside a get answer ("" = the body)
  std::string initial;
  std::vector<std::string> values;
  bool values_documented = false; // from an enum (else made up from the verbs)
  std::vector<TransitionGuess> transitions;
  nlohmann::json defaults;  // object, or null
  nlohmann::json view;      // null: the engine's default
  nlohmann::json list_view; // null: the engine's default
  std::vector<std::string> crud;
  std::string get_op, list_op, create_op, delete_op, update_op, replace_op;
  std::string create_example; // set when create is not modelled (its answer is not the view)
  bool create_has_body_example = false;
  bool get_has_404 = false;
  std::map<std::string, std::string> seed_key; // from the get operation's parameter examples
  std::string seed_state;
  std::vector<ActionGuess> actions;
  std::vector<std::string> notes; // what was inferred from what (written as comments)
};

struct Inference {
  std::string spec_file; // file name the scenario file names in `spec:`
  std::vector<ResourceGuess> resources;
  std::vector<std::string> notes;
};

// Finds resources, states, actions and refusals in the document. Never fails: what cannot
// be inferred is left out and said in `notes`.
[[nodiscard]] Inference infer_behaviour(const core::Spec& spec);

// The behaviour file (docs/behaviour.md), with comments saying what came from where.
[[nodiscard]] std::string write_behaviour_yaml(const Inference& inference);
// The scenario file (docs/verify.md): case fixtures and lifecycle scenarios.
[[nodiscard]] std::string write_scenarios_yaml(const Inference& inference, const core::Spec& spec);
// A short human-readable plan (for --dry-run).
[[nodiscard]] std::string describe_plan(const Inference& inference);

} // namespace concord::init
