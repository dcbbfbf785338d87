#pragma once

// Internal representation shared by the schema compiler and validator (not a public header).

#include "core/formats.hpp"
#include "core/regex.hpp"
#include "core/schema.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace concord::core {

namespace type_bits {
constexpr std::uint8_t null = 1U << 0U;
constexpr std::uint8_t boolean = 1U << 1U;
constexpr std::uint8_t object = 1U << 2U;
constexpr std::uint8_t array = 1U << 3U;
constexpr std::uint8_t number = 1U << 4U;
constexpr std::uint8_t string = 1U << 5U;
constexpr std::uint8_t integer = 1U << 6U;
} // namespace type_bits

// A schema resource (an $id scope, or a document root): the unit of the dynamic scope.
struct SchemaResource {
  std::string uri;
  std::vector<std::pair<std::string, SchemaHandle>> dynamic_anchors;
};

struct NamedChild {
  std::string name;
  SchemaHandle schema = nullptr;
};

struct PatternChild {
  std::unique_ptr<Regex> regex;
  SchemaHandle schema = nullptr;
};

struct DependentRequired {
  std::string name;
  std::vector<std::string> required;
};

struct NumberLimit {
  nlohmann::json value; // a number
  bool exclusive = false;
};

class CompiledSchema {
public:
  SchemaSource source;
  std::string location; // "document-uri#pointer"
  const SchemaResource* resource = nullptr;

  // Boolean schemas.
  bool is_boolean = false;
  bool boolean_value = true;

  std::uint8_t types = 0; // 0 = any
  bool nullable = false;  // oas30

  std::optional<NumberLimit> minimum;
  std::optional<NumberLimit> maximum;
  std::optional<NumberLimit> exclusive_minimum; // 2020-12 numeric form
  std::optional<NumberLimit> exclusive_maximum;
  std::optional<nlohmann::json> multiple_of;

  std::optional<std::size_t> min_length;
  std::optional<std::size_t> max_length;
  std::unique_ptr<Regex> pattern;
  FormatKind format = FormatKind::unknown;
  std::string format_name;

  std::vector<SchemaHandle> prefix_items;
  SchemaHandle items = nullptr; // applies after prefix_items
  SchemaHandle contains = nullptr;
  std::size_t min_contains = 1;
  std::optional<std::size_t> max_contains;
  std::optional<std::size_t> min_items;
  std::optional<std::size_t> max_items;
  bool unique_items = false;
  SchemaHandle unevaluated_items = nullptr;

  std::vector<NamedChild> properties; // sorted by name
  std::vector<PatternChild> pattern_properties;
  SchemaHandle additional_properties = nullptr;
  SchemaHandle unevaluated_properties = nullptr;
  SchemaHandle property_names = nullptr;
  std::vector<std::string> required;
  std::optional<std::size_t> min_properties;
  std::optional<std::size_t> max_properties;
  std::vector<DependentRequired> dependent_required;
  std::vector<NamedChild> dependent_schemas;

  std::vector<SchemaHandle> all_of;
  std::vector<SchemaHandle> any_of;
  std::vector<SchemaHandle> one_of;
  SchemaHandle not_schema = nullptr;
  SchemaHandle if_schema = nullptr;
  SchemaHandle then_schema = nullptr;
  SchemaHandle else_schema = nullptr;
  SchemaHandle ref = nullptr;
  SchemaHandle dynamic_ref = nullptr; // static target of $dynamicRef
  std::string dynamic_anchor_name;    // set when the $dynamicRef is really dynamic

  std::optional<nlohmann::json> const_value;
  std::optional<std::vector<nlohmann::json>> enum_values;

  bool read_only = false;
  bool write_only = false;
  bool effective_read_only = false; // including through $ref / allOf
  bool effective_write_only = false;

  std::string discriminator_property;
  std::vector<NamedChild> discriminator_mapping;

  // Fast guards: which groups of keywords are present.
  bool has_object_keywords = false;
  bool has_array_keywords = false;
  bool has_string_keywords = false;
  bool has_number_keywords = false;
  bool has_in_place = false;
  bool declares_open_object = false; // additionalProperties/patternProperties/unevaluatedProperties
  bool is_type_only = false;         // nothing but "type": validated inline

  [[nodiscard]] const NamedChild* find_property(std::string_view name) const;
};

// RFC 3986 helpers (schema_uri.cpp).
[[nodiscard]] std::string resolve_uri(std::string_view base, std::string_view reference);
[[nodiscard]] std::pair<std::string, std::string> split_fragment(std::string_view uri);

// Where a subschema sits, as the compiler needs it.
struct SchemaPlace {
  const Document* document = nullptr;
  const nlohmann::json* node = nullptr;
  std::string pointer;     // inside the document
  std::string parent_base; // base URI in effect where the node sits (before its own $id)
  Dialect dialect = Dialect::draft2020_12;
  bool validation_vocabulary = true; // false under a meta-schema whose $vocabulary omits it
};

struct SchemaSetData {
  std::vector<std::unique_ptr<CompiledSchema>> nodes;
  std::map<std::pair<const nlohmann::json*, Dialect>, CompiledSchema*> memo;
  std::unordered_map<std::string, SchemaPlace> resources; // $id / document uri -> place
  std::unordered_map<std::string, SchemaPlace> anchors;   // "uri#name" -> place
  std::unordered_map<std::string, std::vector<std::pair<std::string, SchemaPlace>>>
      dynamic_anchors; // resource uri -> (name, place)
  std::unordered_map<std::string, std::unique_ptr<SchemaResource>> runtime_resources;
  std::vector<const Document*> indexed_documents;
  bool has_dynamic_refs = false;
};

// Document indexing and reference lookup (schema_index.cpp).
[[nodiscard]] Dialect dialect_from_meta_schema(std::string_view uri, Dialect fallback);
// The $id (or draft-04 "id") a schema object declares, or nullptr.
[[nodiscard]] const std::string* find_schema_id(const nlohmann::json& node, Dialect dialect);
void index_document(SchemaSetData& impl, const Document& document, Dialect dialect);
// Follows a JSON pointer from `root`, tracking base-URI changes on the way.
[[nodiscard]] Result<SchemaPlace> locate_pointer(const SchemaPlace& root, std::string_view pointer);
// Resolves a $ref / $dynamicRef value found in a schema whose base URI is `base`.
[[nodiscard]] Result<SchemaPlace> locate_ref(SchemaSetData& impl, DocumentStore& store,
                                             std::string_view base, std::string_view ref,
                                             Dialect dialect);

// Adds the embedded draft-04 / 2020-12 meta-schema with this uri to the store (nullptr if unknown).
const Document* add_known_meta_schema(DocumentStore& store, std::string_view uri);

[[nodiscard]] std::vector<Finding> run_validation(const SchemaSetData& impl,
                                                  const CompiledSchema& schema,
                                                  const nlohmann::json& instance,
                                                  const ValidateOptions& options);
[[nodiscard]] bool run_is_valid(const SchemaSetData& impl, const CompiledSchema& schema,
                                const nlohmann::json& instance, const ValidateOptions& options);

} // namespace concord::core
