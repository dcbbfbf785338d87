#pragma once
// Internal to diff/: places in a loaded document, and the collector of changes.

#include "core/model.hpp"
#include "diff/diff.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace concord::diff::detail {

// A value inside one of a spec's documents.
struct Node {
  const core::Spec* spec = nullptr;
  const core::Document* doc = nullptr;
  const nlohmann::json* value = nullptr;
  std::string pointer;

  [[nodiscard]] bool is_valid() const { return value != nullptr; }
  [[nodiscard]] std::string location() const;
  [[nodiscard]] std::string ref() const;
  [[nodiscard]] Node child(std::string_view key) const;
  [[nodiscard]] Node item(std::size_t index) const;
};

// The value at "uri#/pointer" in one of the spec's documents (invalid when not found).
[[nodiscard]] Node to_node(const core::Spec& spec, std::string_view ref);
// The raw schema a compiled handle was made from.
[[nodiscard]] Node to_node(const core::Spec& spec, core::SchemaHandle schema);
// Follows a chain of $ref (at most 32 hops); the node itself when it has none or it breaks.
[[nodiscard]] Node resolve_refs(const Node& node);

// Collects changes for the operation being compared.
class Emitter {
public:
  Emitter(const DiffOptions& options, std::vector<Change>& out) : options_(options), out_(out) {}

  void set_operation(std::string key, std::string operation_id);
  void emit(std::string_view rule, std::string message, const Node& old_at, const Node& new_at);
  void emit_at(std::string_view rule, std::string message, std::string old_location,
               std::string new_location);

private:
  const DiffOptions& options_;
  std::vector<Change>& out_;
  std::string operation_;
  std::string operation_id_;
  std::unordered_set<std::string> seen_;
};

enum class Side { request, response };

// Where a schema sits, for rule ids and messages.
struct SchemaScope {
  Side side = Side::request;
  std::string prefix;     // "request-parameter", "request-property" or "response-property"
  std::string noun;       // "request field", "response field", "parameter field"
  std::string root_label; // "request body", "query parameter 'limit'", "response body"
  std::string where;      // "createPet", "200 of getPet"
};

// Compares two schemas (either may be invalid = absent, then nothing is compared).
void diff_schemas(const Node& old_schema, const Node& new_schema, const SchemaScope& scope,
                  Emitter& out);

} // namespace concord::diff::detail
