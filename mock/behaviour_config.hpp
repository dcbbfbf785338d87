#pragma once
// Internal to the behaviour engine: a behaviour file, parsed and checked against its spec.
// The format is documented in docs/behaviour.md.

#include "core/document.hpp"
#include "core/http_types.hpp"
#include "core/model.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace concord::mock::detail {

// How to answer: a status plus a body template, a named example, or no body.
struct Reply {
  int status = 0;                     // 0: the operation's first documented success status
  std::optional<nlohmann::json> body; // template
  std::string example;
  bool empty = false;
  std::vector<std::pair<std::string, nlohmann::json>> headers; // value templates
  bool has_content = true; // false when the operation documents this status without a body
  std::string pointer;     // where it is written in the behaviour file
};

enum class Compare { equals, one_of, not_equals, less, less_equal, greater, greater_equal, exists };

// `when: {expr: value}` — value may be a template ("${request.body.max}").
struct Condition {
  std::string expression;
  Compare compare = Compare::equals;
  nlohmann::json operand;
};

struct Transition {
  std::string from;
  std::string to;
  std::int64_t after_ms = -1;    // -1: not time-based
  std::int64_t after_reads = -1; // -1: not read-based
  std::vector<Condition> when;
  nlohmann::json merge; // template object or null
};

struct KeyPart {
  std::string param; // path parameter name
  std::string field; // item field holding it; empty: the parameter only scopes the item
};

enum class IdSource { uuid, sequence, body };

struct IdRule {
  IdSource source = IdSource::uuid;
  std::string body_path; // dotted path into the request body (IdSource::body)
  std::string prefix;    // prepended to sequence numbers
};

// One item as written in `seed`, put_state and state(): key, state, fields.
struct ItemSpec {
  std::map<std::string, std::string> key;
  std::optional<std::string> state;
  nlohmann::json fields = nlohmann::json::object();
  std::string location; // file:line:column of a seed item
};

enum class Role { get, list, create, update, replace, remove, action };

struct Resource {
  std::string name;
  std::string item_path;
  std::string collection_path;
  std::vector<KeyPart> key;
  std::vector<std::string> collection_params; // key params also in the collection path
  std::string id_param;                       // the key param a create makes
  IdRule id;
  nlohmann::json::json_pointer state_field; // empty pointer: no state machine
  // state_field's only token when it is one level deep (set by the engine: a faster lookup).
  std::optional<std::string> state_key;
  bool has_state = false;
  std::string initial_state;
  std::vector<std::string> states;                    // optional list of allowed state names
  nlohmann::json defaults = nlohmann::json::object(); // template
  std::vector<ItemSpec> seed;
  std::vector<Transition> transitions;
  nlohmann::json view = "${item}";       // one item in a response
  nlohmann::json list_view = "${items}"; // a list in a response
  bool create_on_missing = false;
  std::optional<Reply> missing;
  std::set<Role> crud; // roles inferred from paths
};

// One branch of an operation: when it applies, what it needs, what it does, what it answers.
struct Case {
  std::vector<Condition> when;
  std::optional<std::vector<std::string>> requires_states;
  std::optional<Reply> otherwise;
  std::optional<std::string> to_state;
  nlohmann::json merge;    // template object deep-merged into the item, or null
  bool merge_body = false; // update: merge the request body (RFC 7386)
  bool remove = false;
  std::optional<Reply> respond;
};

struct OperationBehaviour {
  const core::Operation* operation = nullptr;
  std::size_t resource = 0; // index into Config::resources
  Role role = Role::action;
  std::vector<Case> cases; // the first whose `when` holds applies; the last has no `when`
  std::optional<Reply> missing;
  std::optional<Reply> conflict; // create: the key exists already
  int success_status = 200;
  bool success_has_content = true;
};

struct ProviderState {
  std::vector<ItemSpec> items;
  std::vector<std::size_t> resources; // index per item
};

struct Config {
  std::string file;
  std::uint64_t seed = 1;
  std::vector<Resource> resources;
  std::map<std::string, OperationBehaviour, std::less<>> operations; // by operationId
  std::map<std::string, ProviderState, std::less<>> provider_states;
};

// Checks a parsed behaviour file against schemas/behaviour.schema.json, then binds every name
// it uses to the spec (mock/behaviour_binding.hpp).
[[nodiscard]] core::Result<Config> parse_config(const core::Document& doc, const core::Spec& spec);

// Reads one item spec ({resource?, key, state, fields}). Shared with put_state, whose input is
// an admin request rather than a file checked by the schema, so it checks the shape itself.
[[nodiscard]] core::Result<ItemSpec> parse_item_spec(const nlohmann::json& value,
                                                     const Resource& resource);

// "2s", "500ms", "1m", "1h", or a number of milliseconds; -1 when unreadable.
[[nodiscard]] std::int64_t parse_duration(const nlohmann::json& value);

} // namespace concord::mock::detail
