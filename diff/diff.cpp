// diff_specs: operations, parameters, bodies, responses, security and servers of two specs.
#include "diff/diff.hpp"

#include "diff/diff_context.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace concord::diff {

namespace {

using detail::Emitter;
using detail::Node;
using detail::SchemaScope;
using detail::Side;
using detail::to_node;

std::string display_id(const core::Operation& op) {
  return op.operation_id.empty() ? op.method + " " + op.path : op.operation_id;
}

// "uri#/a/b" -> "uri#/a".
std::string parent_ref(const std::string& ref) {
  const auto slash = ref.rfind('/');
  const auto hash = ref.find('#');
  return slash == std::string::npos || hash == std::string::npos || slash < hash
             ? ref
             : ref.substr(0, slash);
}

bool is_success(const std::string& status) {
  return !status.empty() && (status[0] == '2' || status[0] == '3');
}

std::string to_lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Path parameters are matched by their place in the template, the others by `in` and name.
std::string parameter_key(const core::Parameter& param, const std::string& path) {
  if (param.in == core::ParamIn::path) {
    const auto at = path.find("{" + param.name + "}");
    const auto index = at == std::string::npos
                           ? -1
                           : std::count(path.begin(), path.begin() + static_cast<long>(at), '{');
    return "path#" + std::to_string(index);
  }
  const std::string name = param.in == core::ParamIn::header ? to_lower(param.name) : param.name;
  return std::string(core::to_string(param.in)) + ":" + name;
}

std::string describe(const core::Parameter& param) {
  return std::string(core::to_string(param.in)) + " parameter '" + param.name + "'";
}

class OperationDiff {
public:
  OperationDiff(const core::Operation& a, const core::Operation& b, Emitter& out)
      : a_(a), b_(b), out_(out) {}

  void run(const core::Spec& old_spec, const core::Spec& new_spec) {
    old_spec_ = &old_spec;
    new_spec_ = &new_spec;
    compare_identity();
    compare_security();
    compare_parameters();
    compare_request_body();
    compare_responses();
  }

private:
  Node old_node(const std::string& ref) const { return to_node(*old_spec_, ref); }
  Node new_node(const std::string& ref) const { return to_node(*new_spec_, ref); }
  std::string id() const { return display_id(b_); }

  void compare_identity();
  void compare_security();
  void compare_parameters();
  void compare_parameter(const core::Parameter& a, const core::Parameter& b);
  void compare_request_body();
  void compare_media(const std::vector<core::MediaType>& a, const std::vector<core::MediaType>& b,
                     const SchemaScope& scope, const std::string& rule_prefix,
                     const std::string& parent_ref_old, const std::string& parent_ref_new);
  void compare_examples(const core::MediaType& a, const core::MediaType& b, Side side);
  void compare_responses();
  void compare_response(const core::ResponseSpec& a, const core::ResponseSpec& b);

  const core::Operation& a_;
  const core::Operation& b_;
  Emitter& out_;
  const core::Spec* old_spec_ = nullptr;
  const core::Spec* new_spec_ = nullptr;
};

void OperationDiff::compare_identity() {
  const Node a = old_node(a_.pointer);
  const Node b = new_node(b_.pointer);
  if (!a_.operation_id_generated && !b_.operation_id_generated &&
      a_.operation_id != b_.operation_id) {
    out_.emit("operation-id-changed",
              "operationId of " + b_.method + " " + b_.path + " renamed from '" + a_.operation_id +
                  "' to '" + b_.operation_id + "'",
              a.child("operationId"), b.child("operationId"));
  }
  const auto is_deprecated = [](const Node& op) {
    const Node flag = op.child("deprecated");
    return flag.is_valid() && flag.value->is_boolean() && flag.value->get<bool>();
  };
  if (!is_deprecated(a) && is_deprecated(b)) {
    out_.emit("operation-deprecated", id() + " is now deprecated", a, b.child("deprecated"));
  }
}

// Requirements as sets of scheme names, each scheme described by what a client must send.
std::set<std::set<std::string>> to_requirements(const core::Operation& op, const core::Spec& spec) {
  std::set<std::set<std::string>> out;
  for (const auto& requirement : op.security) {
    std::set<std::string> schemes;
    for (const auto& [name, scopes] : requirement) {
      const auto it = spec.security_schemes.find(name);
      std::string text = name;
      if (it != spec.security_schemes.end()) {
        text += "=" + it->second.type + "/" + it->second.scheme + "/" + it->second.in + "/" +
                it->second.parameter_name;
      }
      schemes.insert(text);
    }
    if (schemes.empty()) {
      return {}; // `{}` in the list: anonymous access is allowed
    }
    out.insert(schemes);
  }
  return out;
}

// "bearer+apiKey" from {"apiKey=...", "bearer=..."}.
std::string join(const std::set<std::string>& schemes) {
  std::string out;
  for (const auto& scheme : schemes) {
    if (!out.empty()) {
      out += '+';
    }
    out += scheme.substr(0, scheme.find('='));
  }
  return "'" + out + "'";
}

void OperationDiff::compare_security() {
  const auto a = to_requirements(a_, *old_spec_);
  const auto b = to_requirements(b_, *new_spec_);
  const Node old_at = old_node(a_.pointer);
  const Node new_at = new_node(b_.pointer);
  if (a.empty() && !b.empty()) {
    out_.emit("security-added", id() + " now requires credentials", old_at, new_at);
  } else if (!a.empty() && b.empty()) {
    out_.emit("security-removed", id() + " no longer requires credentials", old_at, new_at);
  } else {
    // New alternatives are fine; a client is broken when the requirement it meets is gone.
    for (const auto& requirement : a) {
      if (b.count(requirement) == 0) {
        out_.emit("security-scheme-changed",
                  id() + ": security requirement " + join(requirement) + " no longer accepted",
                  old_at, new_at);
      }
    }
  }
}

void OperationDiff::compare_parameters() {
  std::map<std::string, const core::Parameter*> old_params;
  std::map<std::string, const core::Parameter*> new_params;
  std::set<std::string> old_names;
  std::set<std::string> new_names;
  for (const auto& p : a_.parameters) {
    old_params[parameter_key(p, a_.path)] = &p;
    old_names.insert(p.in == core::ParamIn::path ? "" : p.name);
  }
  for (const auto& p : b_.parameters) {
    new_params[parameter_key(p, b_.path)] = &p;
    new_names.insert(p.in == core::ParamIn::path ? "" : p.name);
  }
  for (const auto& [key, p] : old_params) {
    const auto it = new_params.find(key);
    if (it != new_params.end()) {
      compare_parameter(*p, *it->second);
    } else if (new_names.count(p->name) > 0) {
      out_.emit("request-parameter-location-changed",
                describe(*p) + " of " + id() + " moved to another location", old_node(p->pointer),
                new_node(b_.pointer));
    } else {
      out_.emit("request-parameter-removed", describe(*p) + " removed from " + id(),
                old_node(p->pointer), new_node(b_.pointer));
    }
  }
  for (const auto& [key, p] : new_params) {
    if (old_params.count(key) > 0 || old_names.count(p->name) > 0) {
      continue;
    }
    out_.emit(p->required ? "request-parameter-required-added" : "request-parameter-optional-added",
              std::string(p->required ? "required " : "optional ") + describe(*p) + " added to " +
                  id(),
              old_node(a_.pointer), new_node(p->pointer));
  }
}

void OperationDiff::compare_parameter(const core::Parameter& a, const core::Parameter& b) {
  if (!a.required && b.required) {
    out_.emit("request-parameter-became-required", describe(b) + " of " + id() + " became required",
              old_node(a.pointer), new_node(b.pointer));
  }
  SchemaScope scope{Side::request, "request-parameter", "parameter field", describe(b), id()};
  detail::diff_schemas(to_node(*old_spec_, a.schema), to_node(*new_spec_, b.schema), scope, out_);
}

void OperationDiff::compare_request_body() {
  const bool was_required = a_.request_body && a_.request_body->required;
  const bool is_required = b_.request_body && b_.request_body->required;
  const std::string old_ref = a_.request_body ? a_.request_body->pointer : a_.pointer;
  const std::string new_ref = b_.request_body ? b_.request_body->pointer : b_.pointer;
  if (!was_required && is_required) {
    out_.emit("request-body-required-added", "request body of " + id() + " became required",
              old_node(old_ref), new_node(new_ref));
  }
  static const std::vector<core::MediaType> none;
  const auto& a = a_.request_body ? a_.request_body->content : none;
  const auto& b = b_.request_body ? b_.request_body->content : none;
  SchemaScope scope{Side::request, "request-property", "request field", "request body", id()};
  compare_media(a, b, scope, "request-media-type-", old_ref, new_ref);
}

void OperationDiff::compare_media(const std::vector<core::MediaType>& a,
                                  const std::vector<core::MediaType>& b, const SchemaScope& scope,
                                  const std::string& rule_prefix, const std::string& old_parent,
                                  const std::string& new_parent) {
  for (const auto& old_media : a) {
    const auto it = std::find_if(
        b.begin(), b.end(), [&](const core::MediaType& m) { return m.name == old_media.name; });
    if (it == b.end()) {
      out_.emit(rule_prefix + "removed",
                "media type " + old_media.name + " removed from " + scope.where,
                old_node(old_media.pointer), new_node(new_parent));
      continue;
    }
    detail::diff_schemas(to_node(*old_spec_, old_media.schema), to_node(*new_spec_, it->schema),
                         scope, out_);
    compare_examples(old_media, *it, scope.side);
  }
  for (const auto& new_media : b) {
    const bool known = std::any_of(
        a.begin(), a.end(), [&](const core::MediaType& m) { return m.name == new_media.name; });
    if (!known && !a.empty()) {
      out_.emit(rule_prefix + "added", "media type " + new_media.name + " added to " + scope.where,
                old_node(old_parent), new_node(new_media.pointer));
    }
  }
}

void OperationDiff::compare_examples(const core::MediaType& a, const core::MediaType& b,
                                     Side side) {
  if (a.schema == nullptr || b.schema == nullptr) {
    return;
  }
  core::ValidateOptions options;
  options.direction = side == Side::request ? core::Direction::request : core::Direction::response;
  options.max_findings = 1;
  for (const auto& example : b.examples) {
    if (example.external) {
      continue;
    }
    const auto before = std::find_if(a.examples.begin(), a.examples.end(),
                                     [&](const auto& e) { return e.name == example.name; });
    if (before == a.examples.end() || before->external ||
        !old_spec_->schemas->is_valid(a.schema, before->value, options) ||
        new_spec_->schemas->is_valid(b.schema, example.value, options)) {
      continue;
    }
    out_.emit("example-no-longer-valid",
              "example '" + example.name + "' of " + b.name + " in " + id() +
                  " no longer fits its schema",
              old_node(before->pointer), new_node(example.pointer));
  }
}

void OperationDiff::compare_responses() {
  for (const auto& old_response : a_.responses) {
    const auto it = std::find_if(b_.responses.begin(), b_.responses.end(),
                                 [&](const auto& r) { return r.status == old_response.status; });
    if (it != b_.responses.end()) {
      compare_response(old_response, *it);
      continue;
    }
    const bool success = is_success(old_response.status);
    out_.emit(success ? "response-success-status-removed" : "response-status-removed",
              "status " + old_response.status + " removed from " + id(),
              old_node(old_response.pointer), new_node(b_.pointer));
  }
  for (const auto& new_response : b_.responses) {
    const bool known = std::any_of(a_.responses.begin(), a_.responses.end(),
                                   [&](const auto& r) { return r.status == new_response.status; });
    if (!known) {
      const bool success = is_success(new_response.status);
      out_.emit(success ? "response-success-status-added" : "response-error-status-added",
                "status " + new_response.status + " added to " + id(), old_node(a_.pointer),
                new_node(new_response.pointer));
    }
  }
}

void OperationDiff::compare_response(const core::ResponseSpec& a, const core::ResponseSpec& b) {
  const std::string where = a.status + " of " + id();
  for (const auto& header : a.headers) {
    const auto same = [&](const core::HeaderSpec& h) {
      return to_lower(h.name) == to_lower(header.name);
    };
    if (std::none_of(b.headers.begin(), b.headers.end(), same)) {
      out_.emit("response-header-removed", "header '" + header.name + "' removed from " + where,
                old_node(a.pointer), new_node(b.pointer));
    }
  }
  SchemaScope scope{Side::response, "response-property", "response field", "response body", where};
  compare_media(a.content, b.content, scope, "response-media-type-", a.pointer, b.pointer);
}

std::string base_path_of(const core::Spec& spec) {
  return spec.servers.empty() ? "" : spec.servers.front().base_path;
}

void compare_servers(const core::Spec& a, const core::Spec& b, Emitter& out) {
  if (a.entry == nullptr || b.entry == nullptr) {
    return; // a document only on one side: its operations tell the story
  }
  const std::string old_base = base_path_of(a);
  const std::string new_base = base_path_of(b);
  const auto trim = [](std::string text) {
    while (!text.empty() && text.back() == '/') {
      text.pop_back();
    }
    return text;
  };
  if (trim(old_base) != trim(new_base)) {
    const auto servers = [](const core::Spec& spec) {
      return spec.entry == nullptr ? Node{} : to_node(spec, spec.entry->uri + "#/servers");
    };
    out.set_operation("", "");
    out.emit("server-base-path-changed",
             "server base path changed from '" + old_base + "' to '" + new_base + "'", servers(a),
             servers(b));
  }
}

} // namespace

std::string to_operation_key(std::string_view method, std::string_view path) {
  std::string out(method);
  out += ' ';
  bool inside = false;
  for (const char c : path) {
    if (c == '{') {
      inside = true;
      out += "{}";
    } else if (c == '}') {
      inside = false;
    } else if (!inside) {
      out += c;
    }
  }
  return out;
}

std::vector<Change> diff_specs(const core::Spec& old_spec, const core::Spec& new_spec,
                               const DiffOptions& options) {
  std::vector<Change> changes;
  Emitter out(options, changes);
  compare_servers(old_spec, new_spec, out);
  std::unordered_map<std::string, const core::Operation*> old_ops;
  std::set<std::string> new_keys;
  std::map<std::string, const core::Operation*> new_paths;
  for (const auto& op : old_spec.operations) {
    old_ops.emplace(to_operation_key(op.method, op.path), &op);
  }
  for (const auto& op : new_spec.operations) {
    const auto key = to_operation_key(op.method, op.path);
    new_keys.insert(key);
    new_paths.emplace(to_operation_key("", op.path), &op);
    out.set_operation(op.method + " " + op.path, op.operation_id);
    const auto it = old_ops.find(key);
    if (it == old_ops.end()) {
      out.emit("operation-added", display_id(op) + " (" + op.method + " " + op.path + ") added",
               Node{}, to_node(new_spec, op.pointer));
      continue;
    }
    OperationDiff(*it->second, op, out).run(old_spec, new_spec);
  }
  for (const auto& op : old_spec.operations) {
    if (new_keys.count(to_operation_key(op.method, op.path)) > 0) {
      continue;
    }
    out.set_operation(op.method + " " + op.path, op.operation_id);
    const auto path = new_paths.find(to_operation_key("", op.path));
    const Node old_at = to_node(old_spec, op.pointer);
    const std::string what = display_id(op) + " (" + op.method + " " + op.path + ") removed";
    if (path == new_paths.end()) {
      out.emit("path-removed", what + " with its path", old_at,
               new_spec.entry ? to_node(new_spec, new_spec.entry->uri + "#/paths") : Node{});
    } else {
      out.emit("operation-removed", what, old_at,
               to_node(new_spec, parent_ref(path->second->pointer)));
    }
  }
  return changes;
}

} // namespace concord::diff
