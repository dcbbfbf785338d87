#pragma once
// The lifecycle a behaviour file declares for one document, as plain data: which operations
// create, read, delete and act on an item, and in which states each action is legal. The mock
// reads it from a behaviour file (mock/lifecycle.hpp); `concord verify --generate` derives
// stateful sequences from it (conformance/sequences.hpp). Operations are named by
// operationId, so the data does not depend on one loaded copy of the document.

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace concord::core {

struct LifecycleAction {
  std::string operation;                    // operationId
  std::vector<std::string> requires_states; // empty: legal in every state
  std::string to_state;                     // "" = the state does not change
  int refused_status = 0;                   // the answer when illegal (e.g. 409); 0 = none
  // Request body fields that select this branch of the operation ({"command": "stop"} for
  // ClickHouse's updateServiceState); set over the documented request example when sent.
  nlohmann::json body = nlohmann::json::object();
};

struct LifecycleResource {
  std::string name;
  std::string item_path;               // "/v1/orgs/{orgId}/services/{serviceId}"
  std::string collection_path;         // "" = no collection
  std::vector<std::string> key_params; // path parameters of the item path that form the key
  std::string id_param;                // the key parameter a create makes ("" = none)
  std::string id_pointer;              // where a create's answer holds the new id ("/result/id")
  std::string id_body_field; // dotted request body field a create takes the id from ("" = made)
  std::string state_pointer; // where an item's answer holds its state ("" = none)
  std::string initial_state;
  std::vector<std::string> states;
  std::string create; // operationIds; "" = not modelled
  std::string get;
  std::string remove;
  std::string update;
  std::string list;
  int missing_status = 404;       // what reading an unknown (or deleted) item answers
  bool create_on_missing = false; // an unknown key is an item in the initial state (Northflank)
  std::vector<std::string> remove_requires; // states a delete needs; empty: any
  int remove_refused_status = 0;            // the delete's answer in other states
  // Timed transitions the server makes by itself (from -> to), e.g. stopping -> stopped.
  std::vector<std::pair<std::string, std::string>> automatic;
  // A known item when there is no create: the first seed item's key and state.
  std::map<std::string, std::string> seed_key;
  std::string seed_state;
  std::vector<LifecycleAction> actions;
};

struct Lifecycle {
  std::string spec_file; // the document it belongs to, as loaded
  std::string source;    // the behaviour file it was read from
  std::vector<LifecycleResource> resources;
};

} // namespace concord::core
