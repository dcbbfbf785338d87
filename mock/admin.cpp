// The admin API under /__concord/ (docs/mock.md): journal, state, provider states, clock.
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

core::Response admin_problem(int status, const std::string& code, const std::string& title,
                             const std::string& detail) {
  return build_problem_response(Problem{status, code, title, detail, json::object()});
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
      return admin_problem(400, "request.invalid", "Bad clock request",
                           "expected {\"ms\": N} with an integer N");
    }
    clock.advance(body["ms"].get<Clock::Millis>());
  } else if (action == "clock/freeze" && method == "POST") {
    clock.freeze();
  } else if (action == "clock/unfreeze" && method == "POST") {
    clock.unfreeze();
  } else if (action != "clock" || method != "GET") {
    return admin_problem(404, "route.no_path", "Not Found", "no admin endpoint " + request.path);
  }
  return json_reply(200, {{"now", clock.now()}, {"frozen", clock.is_frozen()}});
}

} // namespace

core::Response MockEngine::handle_admin(const core::Request& request) const {
  if (!config_.admin_remote && !is_loopback(request.remote_addr)) {
    return admin_problem(403, "admin.forbidden", "Forbidden",
                         "the admin API only answers loopback clients (see admin.allow_remote)");
  }
  const std::string action = request.path.substr(std::min<std::size_t>(request.path.size(), 11));
  const std::string& method = request.method;
  json body = request.body.empty() ? json::object() : json::parse(request.body, nullptr, false);
  if (body.is_discarded()) {
    return admin_problem(400, "request.malformed_json", "Malformed JSON body",
                         "the admin request body is not valid JSON");
  }
  std::string wanted = query_value(request, "document");
  if (wanted.empty() && body.is_object() && body.contains("document") &&
      body["document"].is_string()) {
    wanted = body["document"].get<std::string>();
  }
  std::vector<Behaviour*> behaviours;
  std::vector<std::string> names;
  for (const auto& doc : documents_) {
    if (doc->behaviour && (wanted.empty() || wanted == doc->name)) {
      behaviours.push_back(doc->behaviour.get());
      names.push_back(doc->name);
    }
  }
  if (action == "health" && (method == "GET" || method == "HEAD")) {
    return json_reply(200, describe_health(documents_, seed_, stateless_));
  }
  if (action == "routes" && method == "GET") {
    return json_reply(200, describe_routes(documents_));
  }
  if (action == "requests") {
    if (services_.journal == nullptr) {
      return json_reply(200, {{"total", 0}, {"requests", json::array()}});
    }
    if (method == "GET") {
      return json_reply(200, services_.journal->to_json());
    }
    if (method == "DELETE") {
      services_.journal->clear();
      return empty_reply(204);
    }
  }
  if (action == "reset" && method == "POST") {
    for (auto* behaviour : behaviours) {
      behaviour->reset();
    }
    if (body.is_object() && body.value("journal", false) && services_.journal != nullptr) {
      services_.journal->clear();
    }
    return empty_reply(204);
  }
  if (action == "state" && method == "GET") {
    if (behaviours.size() == 1 && !wanted.empty()) {
      return json_reply(200, behaviours.front()->state());
    }
    json all = json::object();
    for (std::size_t i = 0; i < behaviours.size(); ++i) {
      all[names[i]] = behaviours[i]->state();
    }
    return json_reply(200, all);
  }
  if ((action == "state" && method == "PUT") || (action == "provider-state" && method == "POST")) {
    if (behaviours.empty()) {
      return admin_problem(409, "admin.stateless", "No behaviour loaded",
                           "no document has a behaviour (stateless mode, or no behaviour file)");
    }
    std::string errors;
    for (auto* behaviour : behaviours) {
      auto result =
          action == "state" ? behaviour->put_state(body) : behaviour->provider_state(body);
      if (result) {
        return empty_reply(204);
      }
      errors += (errors.empty() ? "" : "; ") + result.error().message;
    }
    return admin_problem(400, "config.invalid", "State not applied", errors);
  }
  if (action.rfind("clock", 0) == 0 && services_.clock != nullptr) {
    return handle_clock(*services_.clock, action, request, body);
  }
  return admin_problem(404, "route.no_path", "Not Found",
                       "no admin endpoint " + method + " " + request.path);
}

} // namespace concord::mock
