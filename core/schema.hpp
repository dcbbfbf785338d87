#pragma once

#include "core/document.hpp"
#include "core/result.hpp"

#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace concord::core {

enum class Dialect {
  oas30,        // OpenAPI 3.0 schema object (draft-04/05 subset + nullable, boolean exclusive*)
  draft4,       // JSON Schema draft-04 (Swagger 2.0 and the test suite)
  draft2020_12, // JSON Schema 2020-12 (OpenAPI 3.1 default)
};

enum class Direction {
  none,     // readOnly/writeOnly ignored
  request,  // readOnly properties must not be sent
  response, // writeOnly properties must not be returned
};

// One way an instance does not fit a schema. Validation never throws.
struct Finding {
  std::string instance_pointer; // JSON pointer into the instance, "" = root
  std::string schema_location;  // "file#/pointer" of the failing keyword's schema
  std::string keyword;          // "type", "required", "pattern", ...
  std::string message;          // plain English
};

struct ValidateOptions {
  Direction direction = Direction::none;
  bool closed_objects = false; // --strict: objects behave as if additionalProperties: false
  std::size_t max_findings = 64;
  bool assert_formats = true; // false: "format" is an annotation only (JSON-Schema-Test-Suite)
};

class CompiledSchema; // opaque; owned by its SchemaSet
using SchemaHandle = const CompiledSchema*;

// What a compiled schema was made from (for generators and messages).
struct SchemaSource {
  const nlohmann::json* node = nullptr; // raw schema value (true/false/object)
  std::string base_uri;                 // document uri the schema lives in
  std::string pointer;                  // pointer inside that document
  Dialect dialect = Dialect::draft2020_12;
};

// Compiles schemas once (at load) into a form that validates without re-walking the JSON.
// compile() is not thread-safe; validate() is, once compiling is done.
class SchemaSet {
public:
  explicit SchemaSet(DocumentStore& store);
  ~SchemaSet();
  SchemaSet(const SchemaSet&) = delete;
  SchemaSet& operator=(const SchemaSet&) = delete;

  // Compiles the schema at uri#pointer. The same node compiled twice yields the same handle.
  // Recursive schemas are fine; a $ref chain that never reaches a schema is spec.cyclic_ref.
  [[nodiscard]] Result<SchemaHandle> compile(std::string_view uri, std::string_view pointer,
                                             Dialect dialect);
  // Compiles an in-memory schema (registered in the store under base_uri).
  [[nodiscard]] Result<SchemaHandle> compile_value(const nlohmann::json& schema,
                                                   std::string base_uri, Dialect dialect);

  [[nodiscard]] std::vector<Finding> validate(SchemaHandle schema, const nlohmann::json& instance,
                                              const ValidateOptions& options = {}) const;
  [[nodiscard]] bool is_valid(SchemaHandle schema, const nlohmann::json& instance,
                              const ValidateOptions& options = {}) const;

  [[nodiscard]] SchemaSource source(SchemaHandle schema) const;
  [[nodiscard]] DocumentStore& store() const { return store_; }

private:
  struct Impl;
  DocumentStore& store_;
  std::unique_ptr<Impl> impl_;
};

// Format checks shared by the validator and the mock's parameter parsing.
// Returns true for unknown formats (formats are open-ended).
[[nodiscard]] bool is_valid_format(std::string_view format, const nlohmann::json& value);

} // namespace concord::core
