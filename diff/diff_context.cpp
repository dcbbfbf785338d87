#include "diff/diff_context.hpp"

#include "core/document.hpp"

namespace concord::diff::detail {

std::string Node::location() const {
  return doc == nullptr ? "" : doc->location_of(pointer);
}

std::string Node::ref() const {
  return doc == nullptr ? "" : doc->uri + "#" + pointer;
}

Node Node::child(std::string_view key) const {
  if (value == nullptr || !value->is_object()) {
    return {};
  }
  const auto it = value->find(key);
  if (it == value->end()) {
    return {};
  }
  return {spec, doc, &*it, pointer + "/" + core::escape_pointer_token(key)};
}

Node Node::item(std::size_t index) const {
  if (value == nullptr || !value->is_array() || index >= value->size()) {
    return {};
  }
  return {spec, doc, &(*value)[index], pointer + "/" + std::to_string(index)};
}

Node to_node(const core::Spec& spec, std::string_view ref) {
  const auto hash = ref.find('#');
  const std::string uri(ref.substr(0, hash));
  const std::string pointer(hash == std::string_view::npos ? "" : ref.substr(hash + 1));
  const core::Document* doc = spec.store ? spec.store->find(uri) : nullptr;
  if (doc == nullptr) {
    return {};
  }
  const auto* value = core::find_pointer(doc->root, pointer);
  return value == nullptr ? Node{} : Node{&spec, doc, value, pointer};
}

Node to_node(const core::Spec& spec, core::SchemaHandle schema) {
  if (schema == nullptr || !spec.schemas) {
    return {};
  }
  const auto source = spec.schemas->source(schema);
  const core::Document* doc = spec.store ? spec.store->find(source.base_uri) : nullptr;
  if (doc == nullptr || source.node == nullptr) {
    return {};
  }
  return {&spec, doc, source.node, source.pointer};
}

Node resolve_refs(const Node& node) {
  Node at = node;
  for (int hop = 0; hop < 32 && at.is_valid() && at.value->is_object(); ++hop) {
    const auto ref = at.value->find("$ref");
    if (ref == at.value->end() || !ref->is_string() || !at.spec->store) {
      break;
    }
    auto resolved = at.spec->store->resolve(at.doc->uri, ref->get<std::string>());
    if (!resolved || resolved->node == nullptr) {
      break;
    }
    at = Node{at.spec, resolved->document, resolved->node, resolved->pointer};
  }
  return at;
}

void Emitter::set_operation(std::string key, std::string operation_id) {
  operation_ = std::move(key);
  operation_id_ = std::move(operation_id);
}

void Emitter::emit(std::string_view rule, std::string message, const Node& old_at,
                   const Node& new_at) {
  emit_at(rule, std::move(message), old_at.location(), new_at.location());
}

void Emitter::emit_at(std::string_view rule, std::string message, std::string old_location,
                      std::string new_location) {
  const Rule* known = find_rule(rule);
  if (known == nullptr) {
    return; // a combination the table does not list (e.g. a bound on the response side)
  }
  // One change once: a shared schema reached through two media types reads the same.
  if (!seen_
           .insert(std::string(rule) + '\n' + message + '\n' + operation_ + '\n' + old_location +
                   '\n' + new_location)
           .second) {
    return;
  }
  Change change;
  change.rule = std::string(rule);
  change.level = rule == "response-property-enum-value-added" ? options_.response_enum_value_added
                                                              : known->level;
  change.message = std::move(message);
  change.operation = operation_;
  change.operation_id = operation_id_;
  change.old_location = std::move(old_location);
  change.new_location = std::move(new_location);
  out_.push_back(std::move(change));
}

} // namespace concord::diff::detail
