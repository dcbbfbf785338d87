#include "mock/request_validator.hpp"

#include "mock/negotiator.hpp"
#include "mock/url_codec.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace concord::mock {

using nlohmann::json;

namespace {

std::string first_type(const json& node) {
  if (!node.is_object()) {
    return "";
  }
  if (const auto it = node.find("type"); it != node.end()) {
    if (it->is_string()) {
      return it->get<std::string>();
    }
    if (it->is_array()) {
      for (const auto& item : *it) {
        if (item.is_string() && item.get<std::string>() != "null") {
          return item.get<std::string>();
        }
      }
    }
  }
  if (const auto it = node.find("enum"); it != node.end() && it->is_array() && !it->empty()) {
    const json& first = it->front();
    if (first.is_number_integer()) {
      return "integer";
    }
    if (first.is_number()) {
      return "number";
    }
    if (first.is_boolean()) {
      return "boolean";
    }
    return "string";
  }
  if (node.contains("items")) {
    return "array";
  }
  if (node.contains("properties")) {
    return "object";
  }
  return "";
}

json coerce_scalar(const std::string& text, const std::string& type) {
  if (type == "integer") {
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec == std::errc() && ptr == end && !text.empty()) {
      return value;
    }
    return text;
  }
  if (type == "number") {
    if (text.empty()) {
      return text;
    }
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end == text.c_str() + text.size() && text.find_first_of("xXnN") == std::string::npos) {
      if (text.find_first_of(".eE") == std::string::npos) {
        std::int64_t whole = 0;
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), whole);
        if (ec == std::errc() && ptr == text.data() + text.size()) {
          return whole;
        }
      }
      return value;
    }
    return text;
  }
  if (type == "boolean") {
    if (text == "true") {
      return true;
    }
    if (text == "false") {
      return false;
    }
    return text;
  }
  return text;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto pos = text.find(separator, start);
    out.push_back(text.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
    if (pos == std::string::npos) {
      break;
    }
    start = pos + 1;
  }
  return out;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

} // namespace

json to_json(const RequestFinding& finding) {
  return json{{"in", finding.in},
              {"pointer", finding.pointer},
              {"keyword", finding.keyword},
              {"message", finding.message}};
}

int measure_json_depth(std::string_view text, int limit) {
  int depth = 0;
  int max_depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      max_depth = std::max(max_depth, ++depth);
      if (max_depth > limit) {
        return max_depth;
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return max_depth;
}

RequestValidator::RequestValidator(std::shared_ptr<const core::Spec> spec)
    : spec_(std::move(spec)) {
  auto resolve = [this](const json& node, const std::string& base) -> const json* {
    const json* current = &node;
    std::string uri = base;
    for (int hops = 0; hops < 16 && current->is_object() && current->contains("$ref"); ++hops) {
      const auto& ref = (*current)["$ref"];
      if (!ref.is_string() || !spec_->schemas) {
        return current;
      }
      auto resolved = spec_->schemas->store().resolve(uri, ref.get<std::string>());
      if (!resolved || resolved->node == nullptr) {
        return current;
      }
      current = resolved->node;
      uri = resolved->document != nullptr ? resolved->document->uri : uri;
    }
    return current;
  };
  const std::string base = spec_->entry != nullptr ? spec_->entry->uri : spec_->file;
  for (const auto& operation : spec_->operations) {
    for (const auto& parameter : operation.parameters) {
      Shape shape;
      const json* node = resolve(parameter.raw_schema, base);
      shape.type = first_type(*node);
      if (shape.type == "array" && node->contains("items")) {
        shape.item_type = first_type(*resolve((*node)["items"], base));
      }
      shapes_.emplace(&parameter, std::move(shape));
    }
  }
}

json RequestValidator::coerce(const core::Parameter& parameter,
                              const std::vector<std::string>& values) const {
  const auto it = shapes_.find(&parameter);
  const Shape shape = it == shapes_.end() ? Shape{} : it->second;
  if (shape.type == "array") {
    std::vector<std::string> items = values;
    if (values.size() == 1) {
      char separator = ',';
      if (parameter.style == "spaceDelimited") {
        separator = ' ';
      } else if (parameter.style == "pipeDelimited") {
        separator = '|';
      }
      items =
          values.front().empty() ? std::vector<std::string>{} : split(values.front(), separator);
    }
    json array = json::array();
    for (const auto& item : items) {
      array.push_back(coerce_scalar(item, shape.item_type));
    }
    return array;
  }
  if (values.empty()) {
    return nullptr;
  }
  return coerce_scalar(values.front(), shape.type);
}

void RequestValidator::add_schema_findings(core::SchemaHandle schema, const json& value,
                                           const std::string& in, const std::string& prefix,
                                           CheckedRequest& out) const {
  if (schema == nullptr || !spec_->schemas) {
    return;
  }
  core::ValidateOptions options;
  options.direction = core::Direction::request;
  options.max_findings = 32;
  for (auto& finding : spec_->schemas->validate(schema, value, options)) {
    out.findings.push_back({in, prefix + finding.instance_pointer, std::move(finding.keyword),
                            std::move(finding.message)});
  }
}

namespace {

// What one security scheme finds in a request.
struct SchemeCheck {
  bool checked = false;                              // false: a scheme the mock does not check
  std::optional<std::string> presented;              // the credential sent, if any
  const std::vector<std::string>* allowed = nullptr; // accepted values (null: any)
  std::string challenge;                             // the WWW-Authenticate challenge
};

// The request's query and cookies, parsed on first use (apiKey in query or cookie).
struct LazyPairs {
  const core::Request& request;
  std::optional<QueryPairs> query;
  std::optional<QueryPairs> cookies;

  const QueryPairs& get(const std::string& in) {
    if (in == "query") {
      if (!query) {
        query = parse_query(request.query);
      }
      return *query;
    }
    if (!cookies) {
      const std::string* header = core::find_header(request.headers, "Cookie");
      cookies = header != nullptr ? parse_cookies(*header) : QueryPairs{};
    }
    return *cookies;
  }
};

void read_api_key(const core::SecurityScheme& scheme, LazyPairs& pairs, SchemeCheck& out) {
  out.challenge =
      "ApiKey realm=\"concord\", in=\"" + scheme.in + "\", name=\"" + scheme.parameter_name + "\"";
  if (scheme.in == "header") {
    if (const auto* v = core::find_header(pairs.request.headers, scheme.parameter_name)) {
      out.presented = *v;
    }
    return;
  }
  for (const auto& [key, value] : pairs.get(scheme.in)) {
    if (key == scheme.parameter_name) {
      out.presented = value;
      return;
    }
  }
}

// The value after `Basic ` / `Bearer ` (case-insensitive) in Authorization, or nullopt.
std::optional<std::string> read_authorization(const std::string* authorization,
                                              std::string_view kind) {
  const std::size_t size = kind.size() + 1;
  if (authorization == nullptr || authorization->size() <= size ||
      !core::iequals(authorization->substr(0, kind.size()), kind) ||
      (*authorization)[kind.size()] != ' ') {
    return std::nullopt;
  }
  return trim(authorization->substr(size));
}

SchemeCheck check_scheme(const core::SecurityScheme& scheme, const Credentials* accepted,
                         LazyPairs& pairs) {
  SchemeCheck out;
  const std::string* authorization = core::find_header(pairs.request.headers, "Authorization");
  if (scheme.type == "apiKey") {
    out.checked = true;
    out.allowed = accepted != nullptr ? &accepted->api_keys : nullptr;
    read_api_key(scheme, pairs, out);
  } else if (scheme.type == "http" && scheme.scheme == "basic") {
    out.checked = true;
    out.challenge = "Basic realm=\"concord\"";
    out.allowed = accepted != nullptr ? &accepted->basic : nullptr;
    if (auto value = read_authorization(authorization, "Basic")) {
      out.presented = decode_base64(*value);
    }
  } else if (scheme.type == "http" || scheme.type == "oauth2" || scheme.type == "openIdConnect") {
    out.checked = true;
    out.challenge = "Bearer realm=\"concord\"";
    out.allowed = accepted != nullptr ? &accepted->bearer : nullptr;
    if (auto token = read_authorization(authorization, "Bearer"); token && !token->empty()) {
      out.presented = std::move(token);
    }
  }
  return out; // mutualTLS and unknown types: not checked by the mock
}

} // namespace

void RequestValidator::check_security(const core::Operation& operation,
                                      const core::Request& request, const CheckOptions& options,
                                      CheckedRequest& out) const {
  if (operation.security.empty()) {
    return;
  }
  LazyPairs pairs{request, std::nullopt, std::nullopt};
  bool forbidden = false;
  std::vector<std::string> challenges;
  for (const auto& requirement : operation.security) {
    bool all_present = true;
    bool all_accepted = true;
    for (const auto& [name, scopes] : requirement) {
      const auto scheme_it = spec_->security_schemes.find(name);
      if (scheme_it == spec_->security_schemes.end()) {
        continue;
      }
      const SchemeCheck check = check_scheme(scheme_it->second, options.credentials, pairs);
      if (!check.checked) {
        continue;
      }
      if (!check.presented || check.presented->empty()) {
        all_present = false;
        if (!contains(challenges, check.challenge)) {
          challenges.push_back(check.challenge);
        }
      } else if (check.allowed != nullptr && !check.allowed->empty() &&
                 !contains(*check.allowed, *check.presented)) {
        all_accepted = false;
      }
    }
    if (all_present && all_accepted) {
      return;
    }
    forbidden = forbidden || all_present;
  }
  reject_security(forbidden, challenges, out);
}

void RequestValidator::reject_security(bool forbidden, const std::vector<std::string>& challenges,
                                       CheckedRequest& out) {
  if (forbidden) {
    out.rejection = make_problem(ProblemKind::security_forbidden,
                                 "the credentials sent are not among the accepted ones");
    return;
  }
  out.rejection =
      make_problem(ProblemKind::security_unauthorized, "this operation requires credentials");
  std::string header;
  for (const auto& challenge : challenges) {
    header += header.empty() ? "" : ", ";
    header += challenge;
  }
  if (header.empty()) {
    header = "Bearer realm=\"concord\"";
  }
  out.rejection_headers.emplace_back("WWW-Authenticate", header);
}

void RequestValidator::check_parameters(const core::Operation& operation,
                                        const core::Request& request, const PathParams& params,
                                        const CheckOptions& options, CheckedRequest& out) const {
  const auto query = parse_query(request.query);
  const std::string* cookie_header = core::find_header(request.headers, "Cookie");
  const auto cookies = cookie_header != nullptr ? parse_cookies(*cookie_header) : QueryPairs{};
  for (const auto& [name, value] : params) {
    out.path_params[name] = value;
  }
  for (const auto& [name, value] : query) {
    out.query_params.emplace(name, value);
  }
  if (!options.validate) {
    return;
  }
  for (const auto& parameter : operation.parameters) {
    const std::string in(core::to_string(parameter.in));
    std::vector<std::string> values;
    if (parameter.in == core::ParamIn::path) {
      for (const auto& [name, value] : params) {
        if (name == parameter.name) {
          values.push_back(value);
        }
      }
    } else if (parameter.in == core::ParamIn::query) {
      for (const auto& [name, value] : query) {
        if (name == parameter.name) {
          values.push_back(value);
        }
      }
    } else if (parameter.in == core::ParamIn::header) {
      if (core::iequals(parameter.name, "Accept") ||
          core::iequals(parameter.name, "Content-Type") ||
          core::iequals(parameter.name, "Authorization")) {
        continue;
      }
      for (const auto& [name, value] : request.headers) {
        if (core::iequals(name, parameter.name)) {
          values.push_back(value);
        }
      }
    } else {
      for (const auto& [name, value] : cookies) {
        if (name == parameter.name) {
          values.push_back(value);
        }
      }
    }
    const std::string pointer = "/" + core::escape_pointer_token(parameter.name);
    if (values.empty()) {
      if (parameter.required) {
        out.findings.push_back({in, pointer, "required",
                                "missing required " + in + " parameter '" + parameter.name + "'"});
      }
      continue;
    }
    const auto shape = shapes_.find(&parameter);
    if (shape != shapes_.end() && shape->second.type == "object") {
      continue; // object-valued parameters (deepObject, ...) are not checked
    }
    add_schema_findings(parameter.schema, coerce(parameter, values), in, pointer, out);
  }
}

void RequestValidator::check_body(const core::Operation& operation, const core::Request& request,
                                  const CheckOptions& options, CheckedRequest& out) const {
  const std::string* content_type = core::find_header(request.headers, "Content-Type");
  const bool has_body = !request.body.empty();
  const bool json_body = content_type == nullptr ? has_body : is_json_media_type(*content_type);
  if (has_body && json_body) {
    if (measure_json_depth(request.body, options.max_json_depth) > options.max_json_depth) {
      out.rejection = make_problem(ProblemKind::request_too_deep,
                                   "the JSON body nests deeper than " +
                                       std::to_string(options.max_json_depth) + " levels");
      return;
    }
    out.body = json::parse(request.body, nullptr, false);
    if (out.body.is_discarded()) {
      out.body = nullptr;
      if (options.validate && operation.request_body) {
        out.rejection =
            make_problem(ProblemKind::request_malformed_json, "the request body is not valid JSON");
        return;
      }
    }
  }
  if (!options.validate || !operation.request_body) {
    return;
  }
  const core::RequestBodySpec& spec = *operation.request_body;
  if (!has_body) {
    if (spec.required) {
      out.findings.push_back({"body", "", "required", "the request body is required"});
    }
    return;
  }
  const core::MediaType* media = nullptr;
  if (content_type != nullptr) {
    media = find_request_media(spec, *content_type);
    if (media == nullptr) {
      json supported = json::array();
      for (const auto& m : spec.content) {
        supported.push_back(m.name);
      }
      out.rejection = make_problem(ProblemKind::request_unsupported_media_type,
                                   "Content-Type '" + *content_type + "' is not documented",
                                   json{{"supported", supported}});
      return;
    }
  } else if (!spec.content.empty()) {
    media = &spec.content.front();
  }
  if (media != nullptr && is_json_media_type(media->name) && !out.body.is_null()) {
    add_schema_findings(media->schema, out.body, "body", "", out);
  }
}

CheckedRequest RequestValidator::check(const core::Operation& operation,
                                       const core::Request& request, const PathParams& params,
                                       const CheckOptions& options) const {
  CheckedRequest out;
  if (options.validate) {
    check_security(operation, request, options, out);
    if (out.rejection) {
      return out;
    }
  }
  check_parameters(operation, request, params, options, out);
  check_body(operation, request, options, out);
  return out;
}

} // namespace concord::mock
