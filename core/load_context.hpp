#pragma once
// Internal to concord_core: shared state and helpers of the spec loader.

#include "core/document.hpp"
#include "core/model.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace concord::core::detail {

// A value inside one of the store's documents.
struct Located {
  const Document* doc = nullptr;
  std::string pointer;
  const nlohmann::json* node = nullptr;

  [[nodiscard]] Located child(std::string_view key) const;
  [[nodiscard]] Located item(std::size_t index) const;
  [[nodiscard]] std::string ref() const { return doc->uri + "#" + pointer; }
  [[nodiscard]] std::string location() const { return doc->location_of(pointer); }
  [[nodiscard]] bool is_object() const { return node != nullptr && node->is_object(); }
};

// The loader's working state for one load_spec call.
struct LoadContext {
  LoadContext(Spec& spec_in, DocumentStore& store_in) : spec(spec_in), store(store_in) {}

  Spec& spec;
  DocumentStore& store;
  bool is_v30 = false; // OpenAPI 3.0 (or converted Swagger 2.0) rules
  bool is_swagger = false;
  std::vector<SecurityRequirement> document_security;
  std::set<std::string> visited; // values already checked (shared components)

  // True the first time a value is seen (so shared components are checked once).
  bool first_visit(const Located& at) { return visited.insert(at.ref()).second; }

  void add(Severity severity, std::string rule, std::string message, std::string location);
  void error(std::string rule, std::string message, const Located& at) {
    add(Severity::error, std::move(rule), std::move(message), at.location());
  }
  void warning(std::string rule, std::string message, const Located& at) {
    add(Severity::warning, std::move(rule), std::move(message), at.location());
  }

  // Follows a chain of $ref (non-schema objects) to the first value without $ref.
  // Reports unresolved-ref / cyclic-ref and returns nullopt when the chain breaks.
  [[nodiscard]] std::optional<Located> follow_refs(const Located& start);
  void report_cycle(const std::vector<Located>& cycle);
  void report_broken_ref(const Located& at, const Error& failure);
  // Compiles the schema at `at` (may be null on failure; failures become diagnostics).
  [[nodiscard]] SchemaHandle compile_schema(const Located& at);
};

// Object keys of `at` in the order they appear in the source text.
[[nodiscard]] std::vector<std::string> ordered_keys(const Located& at);
[[nodiscard]] bool is_extension(std::string_view key);
[[nodiscard]] std::string string_or(const nlohmann::json& object, std::string_view key,
                                    std::string fallback = {});
[[nodiscard]] bool bool_or(const nlohmann::json& object, std::string_view key, bool fallback);

// Swagger 2.0 -> OpenAPI 3.0 (same uri and, where the pointer survives, same positions).
[[nodiscard]] Document convert_swagger2(const Document& source, LoadContext& ctx);

// Structural checks of the whole (OpenAPI 3.x shaped) entry document.
void check_structure(const Located& root, LoadContext& ctx);

// Checks of single objects, shared by check_structure and the model builder (each value once).
void check_parameter_object(const Located& param, LoadContext& ctx);
void check_header_object(const Located& header, LoadContext& ctx);
void check_example_holder(const Located& holder, LoadContext& ctx);

// Builds servers, security schemes, operations and component examples into ctx.spec.
void build_model(const Located& root, LoadContext& ctx);

// Examples next to a value (parameter, media type, header): `example` and `examples`.
[[nodiscard]] std::vector<NamedExample> collect_examples(const Located& holder, LoadContext& ctx);

} // namespace concord::core::detail
