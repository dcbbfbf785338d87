#include "mock/admin.hpp"

#include "mock/engine.hpp"
#include "mock/problem.hpp"
#include "mock/url_codec.hpp"

namespace concord::mock {

using nlohmann::json;

namespace {

core::Response json_reply(int status, const json& body) {
  core::Response response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "application/json");
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

core::Response empty_reply(int status) {
  core::Response response;
  response.status = status;
  return response;
}

core::Response admin_problem(ProblemKind kind, std::string detail) {
  return build_problem_response(make_problem(kind, std::move(detail)));
}

std::string query_value(const core::Request& request, std::string_view name) {
  for (const auto& [key, value] : parse_query(request.query)) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

using Documents = std::vector<std::unique_ptr<MockDocument>>;

json describe_health(const Documents& documents, std::uint64_t seed, bool stateless) {
  json docs = json::array();
  std::size_t operations = 0;
  for (const auto& doc : documents) {
    operations += doc->spec->operations.size();
    docs.push_back(
        {{"name", doc->name},
         {"file", doc->file},
         {"prefix", doc->prefix},
         {"title", doc->spec->title},
         {"operations", doc->spec->operations.size()},
         {"behaviour", doc->behaviour_file.empty() ? json(nullptr) : json(doc->behaviour_file)}});
  }
  return {{"status", "ok"},
          {"seed", seed},
          {"stateless", stateless},
          {"operations", operations},
          {"documents", docs}};
}

json describe_routes(const Documents& documents) {
  json routes = json::array();
  for (const auto& doc : documents) {
    for (const auto& op : doc->spec->operations) {
      routes.push_back({{"method", op.method},
                        {"path", doc->prefix + op.path},
                        {"operationId", op.operation_id},
                        {"document", doc->name}});
    }
  }
  return routes;
}

// /__concord/clock, clock/advance, clock/freeze, clock/unfreeze.
core::Response handle_clock(Clock& clock, const std::string& action, const core::Request& request,
                            const json& body) {
  const std::string& method = request.method;
  if (action == "clock/advance" && method == "POST") {
    if (!body.is_object() || !body.contains("ms") || !body["ms"].is_number_integer()) {
      return admin_problem(ProblemKind::admin_bad_clock_request,
                           "expected {\"ms\": N} with an integer N");
    }
    clock.advance(body["ms"].get<Clock::Millis>());
  } else if (action == "clock/freeze" && method == "POST") {
    clock.freeze();
  } else if (action == "clock/unfreeze" && method == "POST") {
    clock.unfreeze();
  } else if (action != "clock" || method != "GET") {
    return admin_problem(ProblemKind::admin_not_found, "no admin endpoint " + request.path);
  }
  return json_reply(200, {{"now", clock.now()}, {"frozen", clock.is_frozen()}});
}

// One admin request, parsed: the action after the prefix, the JSON body, and the behaviours
// it addresses (all, or those of ?document= / {"document": ...}).
struct AdminCall {
  const core::Request& request;
  std::string action;
  json body;
  std::string wanted;
  std::vector<Behaviour*> behaviours;
  std::vector<std::string> names;
};

void select_behaviours(const Documents& documents, AdminCall& call) {
  call.wanted = query_value(call.request, "document");
  if (call.wanted.empty() && call.body.is_object() && call.body.contains("document") &&
      call.body["document"].is_string()) {
    call.wanted = call.body["document"].get<std::string>();
  }
  for (const auto& doc : documents) {
    if (doc->behaviour && (call.wanted.empty() || call.wanted == doc->name)) {
      call.behaviours.push_back(doc->behaviour.get());
      call.names.push_back(doc->name);
    }
  }
}

// /__concord/requests: GET the journal, DELETE clears it.
std::optional<core::Response> handle_requests(Journal* journal, const std::string& method) {
  if (journal == nullptr) {
    return json_reply(200, {{"total", 0}, {"requests", json::array()}});
  }
  if (method == "GET") {
    return json_reply(200, journal->to_json());
  }
  if (method == "DELETE") {
    journal->clear();
    return empty_reply(204);
  }
  return std::nullopt;
}

core::Response handle_reset(const AdminCall& call, Journal* journal) {
  for (auto* behaviour : call.behaviours) {
    behaviour->reset();
  }
  if (call.body.is_object() && call.body.value("journal", false) && journal != nullptr) {
    journal->clear();
  }
  return empty_reply(204);
}

core::Response describe_state(const AdminCall& call) {
  if (call.behaviours.size() == 1 && !call.wanted.empty()) {
    return json_reply(200, call.behaviours.front()->state());
  }
  json all = json::object();
  for (std::size_t i = 0; i < call.behaviours.size(); ++i) {
    all[call.names[i]] = call.behaviours[i]->state();
  }
  return json_reply(200, all);
}

// PUT /__concord/state and POST /__concord/provider-state: the first behaviour that accepts
// the state wins.
core::Response apply_state(const AdminCall& call) {
  if (call.behaviours.empty()) {
    return admin_problem(ProblemKind::admin_stateless,
                         "no document has a behaviour (stateless mode, or no behaviour file)");
  }
  std::string errors;
  for (auto* behaviour : call.behaviours) {
    auto result = call.action == "state" ? behaviour->put_state(call.body)
                                         : behaviour->provider_state(call.body);
    if (result) {
      return empty_reply(204);
    }
    errors += (errors.empty() ? "" : "; ") + result.error().message;
  }
  return admin_problem(ProblemKind::admin_state_rejected, errors);
}

core::Response route_admin(const MockEngine& engine, const AdminCall& call) {
  const std::string& action = call.action;
  const std::string& method = call.request.method;
  const MockServices& services = engine.services();
  if (action == "health" && (method == "GET" || method == "HEAD")) {
    return json_reply(200,
                      describe_health(engine.documents(), engine.seed(), engine.is_stateless()));
  }
  if (action == "routes" && method == "GET") {
    return json_reply(200, describe_routes(engine.documents()));
  }
  if (action == "requests") {
    if (auto reply = handle_requests(services.journal, method)) {
      return std::move(*reply);
    }
  }
  if (action == "reset" && method == "POST") {
    return handle_reset(call, services.journal);
  }
  if (action == "state" && method == "GET") {
    return describe_state(call);
  }
  if ((action == "state" && method == "PUT") || (action == "provider-state" && method == "POST")) {
    return apply_state(call);
  }
  if (action.rfind("clock", 0) == 0 && services.clock != nullptr) {
    return handle_clock(*services.clock, action, call.request, call.body);
  }
  return admin_problem(ProblemKind::admin_not_found,
                       "no admin endpoint " + method + " " + call.request.path);
}

} // namespace

bool is_admin_path(std::string_view path) {
  return path.substr(0, k_admin_prefix.size()) == k_admin_prefix &&
         (path.size() == k_admin_prefix.size() || path[k_admin_prefix.size()] == '/');
}

core::Response handle_admin(const MockEngine& engine, const core::Request& request) {
  if (!engine.config().admin_remote && !is_loopback(request.remote_addr)) {
    return admin_problem(ProblemKind::admin_forbidden,
                         "the admin API only answers loopback clients (see admin.allow_remote)");
  }
  AdminCall call{request,
                 request.path.substr(std::min(request.path.size(), k_admin_prefix.size() + 1)),
                 request.body.empty() ? json::object() : json::parse(request.body, nullptr, false),
                 {},
                 {},
                 {}};
  if (call.body.is_discarded()) {
    return admin_problem(ProblemKind::request_malformed_json,
                         "the admin request body is not valid JSON");
  }
  select_behaviours(engine.documents(), call);
  return route_admin(engine, call);
}

} // namespace concord::mock
