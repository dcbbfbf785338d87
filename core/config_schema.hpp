#pragma once
// Concord's own file formats (behaviour, mock config, scenario and waiver files) are described
// by JSON Schemas (2020-12) in schemas/. They are embedded at build time
// (cmake/embed_schemas.cmake), so the program checks a file's shape without knowing where the
// repository is, and editors use the same files for completion (docs/behaviour.md).

#include "core/document.hpp"
#include "core/result.hpp"

#include <filesystem>
#include <string_view>
#include <vector>

namespace concord::core {

struct EmbeddedSchema {
  std::string_view name; // file name without ".schema.json": "behaviour", "mock-config", ...
  std::string_view text; // the schema's JSON text, as shipped
};

// Every embedded schema (generated at build time).
[[nodiscard]] std::vector<EmbeddedSchema> embedded_config_schemas();

// Checks a parsed config file against the embedded schema `schema_name`. The first violation
// (the most specific one) is config.invalid, located at the offending value as
// "file:line:column", with its JSON pointer at the start of the message:
//   "/resources/service/trnasitions: unknown key `trnasitions` (expected item, ...)".
// An unknown schema name is internal.
[[nodiscard]] Result<void> check_config_document(const Document& doc, std::string_view schema_name);

// Reads a config file (YAML or JSON, with positions and limits) and checks it against the
// embedded schema `schema_name`. Errors: io.read when the file cannot be read, config.invalid
// (located) for a syntax error, a document over the limits or a schema violation.
[[nodiscard]] Result<Document> load_config_document(const std::filesystem::path& path,
                                                    std::string_view schema_name);

} // namespace concord::core
