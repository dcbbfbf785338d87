#include "core/config_schema.hpp"

#include "core/schema.hpp"

#include <algorithm>
#include <tuple>

namespace concord::core {
namespace {

using nlohmann::json;

// The schema node a finding's schema_location ("uri#/pointer") names, or nullptr.
const json* schema_node(const DocumentStore& store, const Finding& finding) {
  const auto hash = finding.schema_location.find('#');
  const auto uri = finding.schema_location.substr(0, hash);
  const Document* doc = store.find(uri);
  if (doc == nullptr) {
    return nullptr;
  }
  return find_pointer(doc->root, hash == std::string::npos
                                     ? std::string_view()
                                     : std::string_view(finding.schema_location).substr(hash + 1));
}

std::string join_keys(const json& properties) {
  std::string out;
  for (const auto& [key, value] : properties.items()) {
    if (key != "$schema") {
      out += (out.empty() ? "" : ", ") + key;
    }
  }
  return out;
}

// "unknown key `trnasitions` (expected item, collection, ...)".
std::string unknown_key_message(const std::string& key, const json& schema) {
  std::string message = "unknown key `";
  message += key;
  message += '`';
  if (schema.contains("properties")) {
    message += " (expected ";
    message += join_keys(schema["properties"]);
    message += ')';
  }
  return message;
}

struct Located {
  std::string pointer;
  std::string message;
};

// An unknown key (the finding already points at it) names the keys that are allowed there;
// any other message gets the description of the schema that failed, when it has one.
Located describe(const DocumentStore& store, const Finding& finding) {
  Located out{finding.instance_pointer, finding.message};
  const json* schema = schema_node(store, finding);
  if (schema == nullptr || !schema->is_object()) {
    return out;
  }
  const bool unknown_key =
      finding.keyword == "additionalProperties" || finding.keyword == "unevaluatedProperties";
  const auto slash = out.pointer.rfind('/');
  if (unknown_key && slash != std::string::npos) {
    out.message = unknown_key_message(
        unescape_pointer_token(std::string_view(out.pointer).substr(slash + 1)), *schema);
    return out;
  }
  if (const auto it = schema->find("description"); it != schema->end() && it->is_string()) {
    out.message += " (";
    out.message += it->get_ref<const std::string&>();
    out.message += ')';
  }
  return out;
}

// The closest pointer at or above `pointer` that the reader recorded a position for.
std::string positioned(const Document& doc, std::string pointer) {
  while (!pointer.empty() && !doc.position_of(pointer)) {
    pointer = pointer.substr(0, pointer.rfind('/'));
  }
  return pointer;
}

// The first finding in reading order (line, then column), the deepest among equals: what a
// person fixing the file top to bottom meets first.
const Finding& pick_finding(const Document& doc, const std::vector<Finding>& findings) {
  const auto order = [&](const Finding& f) {
    const auto position = doc.position_of(positioned(doc, f.instance_pointer));
    const auto depth = std::count(f.instance_pointer.begin(), f.instance_pointer.end(), '/');
    return std::tuple(position ? position->line : 0, position ? position->column : 0, -depth);
  };
  return *std::min_element(findings.begin(), findings.end(),
                           [&](const Finding& a, const Finding& b) { return order(a) < order(b); });
}

} // namespace

Result<void> check_config_document(const Document& doc, std::string_view schema_name) {
  const auto schemas = embedded_config_schemas();
  const auto it = std::find_if(schemas.begin(), schemas.end(),
                               [&](const EmbeddedSchema& s) { return s.name == schema_name; });
  if (it == schemas.end()) {
    return fail(ErrorCode::internal, "no embedded schema named " + std::string(schema_name));
  }
  auto schema_doc = parse_document(it->text, std::string(schema_name) + ".schema.json");
  if (!schema_doc) {
    return fail(ErrorCode::internal,
                "embedded schema does not parse: " + schema_doc.error().message,
                schema_doc.error().location);
  }
  // Registered under its $id, so the locations in findings name a document of the store.
  const std::string uri = schema_doc->root.value("$id", schema_doc->uri);
  schema_doc->uri = uri;
  DocumentStore store;
  store.add(std::move(*schema_doc));
  SchemaSet set(store);
  auto handle = set.compile(uri, "", Dialect::draft2020_12);
  if (!handle) {
    return fail(ErrorCode::internal, "embedded schema does not compile: " + handle.error().message,
                handle.error().location);
  }
  ValidateOptions options;
  options.max_findings = 32;
  const auto findings = set.validate(*handle, doc.root, options);
  if (findings.empty()) {
    return {};
  }
  const auto located = describe(store, pick_finding(doc, findings));
  std::string message = located.pointer.empty() ? "/" : located.pointer;
  message += ": ";
  message += located.message;
  return fail(ErrorCode::config_invalid, std::move(message),
              doc.location_of(positioned(doc, located.pointer)));
}

Result<Document> load_config_document(const std::filesystem::path& path,
                                      std::string_view schema_name) {
  auto doc = load_document(path);
  if (!doc) {
    auto error = doc.error();
    if (error.code != ErrorCode::io_read) {
      error.code = ErrorCode::config_invalid;
    }
    return tl::unexpected(std::move(error));
  }
  if (auto checked = check_config_document(*doc, schema_name); !checked) {
    return tl::unexpected(checked.error());
  }
  return doc;
}

} // namespace concord::core
