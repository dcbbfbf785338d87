#pragma once

#include "core/schema.hpp"

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace concord::core {

// A raw schema node and the URI its relative $refs resolve against.
struct SchemaRef {
  const nlohmann::json* node = nullptr;
  std::string base_uri;
};

// Resolves `ref` relative to `base_uri`; nullopt when it does not resolve.
using RefResolver =
    std::function<std::optional<SchemaRef>(std::string_view base_uri, std::string_view ref)>;

enum class GenerateDirection { request, response };

struct GenerateOptions {
  std::uint64_t seed = 0;
  bool use_examples = true; // take schema-level example/examples/default when present
  GenerateDirection direction = GenerateDirection::response;
  int optional_depth = 4;       // below this depth optional properties are filled in too
  int max_depth = 16;           // below this, nothing at all is generated (recursion guard)
  bool random_branches = false; // oneOf/anyOf: a seeded random branch instead of the first
};

// Generates a value that fits the schema: formats, enums, const, ranges, multipleOf, lengths,
// simple patterns, required and optional properties, arrays with minItems/maxItems, allOf
// (values merged), oneOf/anyOf (first non-null branch; discriminator set), $ref (cycles bounded
// by max_depth). Deterministic for a given seed. Never throws.
[[nodiscard]] nlohmann::json generate_value(const SchemaRef& schema, const RefResolver& resolve,
                                            const GenerateOptions& options);

// A string matching a simple ECMA pattern (literals, classes, \d \w \s, ., groups,
// alternation, quantifiers); nullopt for anything else (lookaround, backreferences).
[[nodiscard]] std::optional<std::string> generate_pattern_string(std::string_view pattern,
                                                                 std::uint64_t seed);

// The same for a compiled schema of a loaded document: $refs resolve through the document
// store (across files). Not thread-safe on one SchemaSet: resolution may load documents.
[[nodiscard]] nlohmann::json generate_for_schema(const SchemaSet& schemas, SchemaHandle schema,
                                                 const GenerateOptions& options);

// A resolver for schemas inside one in-memory document (refs "#/..."). For tests.
[[nodiscard]] RefResolver make_local_resolver(const nlohmann::json& root);

} // namespace concord::core
