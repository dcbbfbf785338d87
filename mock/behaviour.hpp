#pragma once

#include "core/http_types.hpp"
#include "core/model.hpp"
#include "core/result.hpp"
#include "mock/clock.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace concord::mock {

// What the server knows about a request that passed validation (or had validation off).
struct BehaviourRequest {
  const core::Operation* operation = nullptr;
  std::map<std::string, std::string> path_params;  // decoded
  std::map<std::string, std::string> query_params; // decoded, first value
  nlohmann::json body;                             // parsed JSON body, or null
  // The caller accepts BehaviourOutcome::body_text in place of `body` (the server does; it
  // only wants bytes). Off by default, so direct callers always get `body`.
  bool text_body_ok = false;
};

// What a behaviour decides. The server turns it into bytes.
struct BehaviourOutcome {
  int status = 200;
  // Exactly one of these is used, in this order:
  std::optional<nlohmann::json> body; // a body made by the behaviour (a resource, a list)
  std::string example;                // else: this named example of the status's response
  // else: the server's default for that status (first example, or generated from schema).
  bool empty_body = false; // send no body at all (e.g. 202/204)
  core::Headers headers;
  // Only when the request set text_body_ok: the body, already serialised (body.dump()), in
  // place of `body` (which is then nullopt). Shared with the engine's cache of the item.
  std::shared_ptr<const std::string> body_text;
};

// A behaviour file (docs/behaviour.md) attached to one document: resources with state,
// state machines, asynchronous transitions, CRUD semantics. Thread-safe: handle() may be
// called from many server threads at once.
class Behaviour {
public:
  virtual ~Behaviour() = default;

  // nullopt: this operation is not modelled; answer from the documented examples.
  [[nodiscard]] virtual std::optional<BehaviourOutcome> handle(const BehaviourRequest& request) = 0;

  // Admin API support.
  virtual void reset() = 0;                               // back to the initial data
  [[nodiscard]] virtual nlohmann::json state() const = 0; // every resource, by type and key
  // PUT /__concord/state: {"resource": "service", "key": {...}, "state": "paused",
  //                        "fields": {...}} — creates or overwrites one item.
  [[nodiscard]] virtual core::Result<void> put_state(const nlohmann::json& item) = 0;
  // POST /__concord/provider-state (the Pact convention): {"action": "setup"|"teardown",
  //   "state": "readable description", "params": {same shape as put_state}}.
  [[nodiscard]] virtual core::Result<void> provider_state(const nlohmann::json& body) = 0;
};

// Loads a behaviour file for `spec`. Every operationId, path and status it names is checked
// against the spec at load time (config.invalid with file:line otherwise).
[[nodiscard]] core::Result<std::unique_ptr<Behaviour>>
load_behaviour(const std::filesystem::path& path, std::shared_ptr<const core::Spec> spec,
               Clock& clock);

} // namespace concord::mock
