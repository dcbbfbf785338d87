// Finds $id / $anchor / $dynamicAnchor in documents and resolves references to places.
#include "core/percent.hpp"
#include "core/schema_internal.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>

namespace concord::core {
namespace {

constexpr int k_max_index_depth = 512;

// Keywords whose values are data, not schemas: an "$id" inside them is not an identifier.
bool is_data_keyword(std::string_view key) {
  static constexpr std::array<std::string_view, 6> k_data = {"enum",    "const",   "examples",
                                                             "example", "default", "x-examples"};
  return std::find(k_data.begin(), k_data.end(), key) != k_data.end();
}

// Keywords whose values map names to schemas (their keys are not keywords).
bool is_schema_map_keyword(std::string_view key) {
  static constexpr std::array<std::string_view, 7> k_maps = {
      "properties",       "patternProperties", "$defs",  "definitions",
      "dependentSchemas", "dependencies",      "schemas"};
  return std::find(k_maps.begin(), k_maps.end(), key) != k_maps.end();
}

std::string without_fragment(const std::string& uri) {
  return split_fragment(uri).first;
}

struct IndexWalker {
  SchemaSetData& impl;
  const Document& document;

  void register_anchor(const std::string& key, const SchemaPlace& place) {
    impl.anchors.try_emplace(key, place);
  }

  // Applies the node's own identifier; returns the base URI for its subschemas.
  std::string apply_identifiers(const nlohmann::json& node, const SchemaPlace& place) {
    std::string base = place.parent_base;
    if (const std::string* id = find_schema_id(node, place.dialect)) {
      auto [uri, fragment] = split_fragment(resolve_uri(base, *id));
      if (!fragment.empty()) {
        register_anchor(uri + "#" + fragment, place); // draft-04 "id": "#name"
      } else {
        impl.resources.try_emplace(uri, place);
      }
      base = uri;
    }
    if (place.dialect != Dialect::draft2020_12) {
      return base;
    }
    if (const auto it = node.find("$anchor"); it != node.end() && it->is_string()) {
      register_anchor(base + "#" + it->get<std::string>(), place);
    }
    if (const auto it = node.find("$dynamicAnchor"); it != node.end() && it->is_string()) {
      const std::string name = it->get<std::string>();
      register_anchor(base + "#" + name, place);
      impl.dynamic_anchors[base].emplace_back(name, place);
    }
    return base;
  }

  void walk(const nlohmann::json& node, const SchemaPlace& place, bool is_map, int depth) {
    if (depth > k_max_index_depth) {
      return;
    }
    if (node.is_array()) {
      std::size_t index = 0;
      for (const auto& element : node) {
        walk_child(element, place, std::to_string(index++), place.parent_base, false, depth);
      }
      return;
    }
    if (!node.is_object()) {
      return;
    }
    SchemaPlace self = place;
    if (!is_map) {
      if (const auto it = node.find("$schema"); it != node.end() && it->is_string()) {
        self.dialect = dialect_from_meta_schema(it->get<std::string>(), self.dialect);
      }
    }
    const std::string base = is_map ? place.parent_base : apply_identifiers(node, self);
    for (const auto& [key, value] : node.items()) {
      if (!is_map && is_data_keyword(key)) {
        continue;
      }
      walk_child(value, self, key, base, !is_map && is_schema_map_keyword(key), depth);
    }
  }

  void walk_child(const nlohmann::json& value, const SchemaPlace& parent, const std::string& token,
                  const std::string& base, bool is_map, int depth) {
    if (!value.is_object() && !value.is_array()) {
      return;
    }
    SchemaPlace child{parent.document, &value, parent.pointer + "/" + escape_pointer_token(token),
                      base, parent.dialect};
    walk(value, child, is_map, depth + 1);
  }
};

} // namespace

Dialect dialect_from_meta_schema(std::string_view uri, Dialect fallback) {
  if (uri.find("draft-04") != std::string_view::npos) {
    return Dialect::draft4;
  }
  if (uri.find("2020-12") != std::string_view::npos ||
      uri.find("2019-09") != std::string_view::npos ||
      uri.find("draft-06") != std::string_view::npos ||
      uri.find("draft-07") != std::string_view::npos) {
    return Dialect::draft2020_12;
  }
  return fallback;
}

const std::string* find_schema_id(const nlohmann::json& node, Dialect dialect) {
  if (!node.is_object() || dialect == Dialect::oas30) {
    return nullptr;
  }
  const char* key = dialect == Dialect::draft4 ? "id" : "$id";
  const auto it = node.find(key);
  if (it == node.end() || !it->is_string()) {
    return nullptr;
  }
  if (dialect == Dialect::draft4 && node.contains("$ref")) {
    return nullptr; // siblings of $ref are ignored
  }
  return &it->get_ref<const std::string&>();
}

void index_document(SchemaSetData& impl, const Document& document, Dialect dialect) {
  if (std::find(impl.indexed_documents.begin(), impl.indexed_documents.end(), &document) !=
      impl.indexed_documents.end()) {
    return;
  }
  impl.indexed_documents.push_back(&document);
  const SchemaPlace root{&document, &document.root, "", document.uri, dialect};
  impl.resources.try_emplace(without_fragment(document.uri), root);
  if (dialect == Dialect::oas30) {
    return;
  }
  IndexWalker walker{impl, document};
  walker.walk(document.root, root, false, 0);
}

Result<SchemaPlace> locate_pointer(const SchemaPlace& root, std::string_view pointer) {
  SchemaPlace place = root;
  const nlohmann::json* node = root.node;
  std::size_t start = 1;
  while (start <= pointer.size() && !pointer.empty()) {
    if (const std::string* id = find_schema_id(*node, place.dialect)) {
      place.parent_base = without_fragment(resolve_uri(place.parent_base, *id));
    }
    const std::size_t slash = pointer.find('/', start);
    const std::string_view raw = pointer.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    node = find_pointer(*node, "/" + std::string(raw));
    if (node == nullptr) {
      return fail(ErrorCode::spec_unresolved_ref,
                  "nothing at \"" + std::string(pointer) + "\" in " + root.document->uri,
                  root.document->uri + "#" + root.pointer);
    }
    place.pointer += "/" + std::string(raw);
    if (slash == std::string_view::npos) {
      break;
    }
    start = slash + 1;
  }
  place.node = node;
  return place;
}

namespace {

const SchemaPlace* find_resource(SchemaSetData& impl, DocumentStore& store, const std::string& uri,
                                 Dialect dialect) {
  if (const auto it = impl.resources.find(uri); it != impl.resources.end()) {
    return &it->second;
  }
  const Document* document = store.find(uri);
  if (document == nullptr) {
    document = add_known_meta_schema(store, uri);
  }
  if (document != nullptr) {
    index_document(impl, *document, dialect);
    const auto it = impl.resources.find(uri);
    return it == impl.resources.end() ? nullptr : &it->second;
  }
  return nullptr;
}

Result<const SchemaPlace*> load_resource(SchemaSetData& impl, DocumentStore& store,
                                         std::string_view base, const std::string& uri,
                                         Dialect dialect) {
  if (const SchemaPlace* place = find_resource(impl, store, uri, dialect)) {
    return place;
  }
  auto resolved = store.resolve(base, uri);
  if (!resolved) {
    return tl::unexpected(std::move(resolved.error()));
  }
  index_document(impl, *resolved->document, dialect);
  const SchemaPlace root = impl.resources.at(without_fragment(resolved->document->uri));
  return &impl.resources.try_emplace(uri, root).first->second;
}

} // namespace

Result<SchemaPlace> locate_ref(SchemaSetData& impl, DocumentStore& store, std::string_view base,
                               std::string_view ref, Dialect dialect) {
  const auto [uri, fragment] = split_fragment(resolve_uri(base, ref));
  auto root = load_resource(impl, store, base, uri, dialect);
  if (!root) {
    return tl::unexpected(std::move(root.error()));
  }
  if (fragment.empty()) {
    return **root;
  }
  const std::string decoded = percent_decode_lenient(fragment);
  if (decoded.front() == '/') {
    return locate_pointer(**root, decoded);
  }
  if (const auto it = impl.anchors.find(uri + "#" + decoded); it != impl.anchors.end()) {
    return it->second;
  }
  return fail(ErrorCode::spec_unresolved_ref,
              "$ref \"" + std::string(ref) + "\": no anchor \"" + decoded + "\" in " + uri,
              std::string(base));
}

} // namespace concord::core
