#pragma once

#include "core/document.hpp"
#include "core/schema.hpp"

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace concord::core {

enum class Severity { error, warning };

// A problem found in a document: by the loader (structure) or by lint (examples).
struct Diagnostic {
  Severity severity = Severity::error;
  std::string rule;     // stable kebab-case rule name, e.g. "unresolved-ref"
  std::string message;  // plain English
  std::string location; // "file:line:column", or "file#/pointer" when no line is known
};

struct NamedExample {
  std::string name; // example key; "example" for a single unnamed `example`
  nlohmann::json value;
  std::string pointer;             // where the example value lives (file#/pointer)
  std::vector<std::string> ignore; // JSON pointers from x-concord-ignore
  bool external = false;           // externalValue (not loaded)
};

enum class ParamIn { path, query, header, cookie };

// "path", "query", "header" or "cookie", as OpenAPI spells `in`.
[[nodiscard]] std::string_view to_string(ParamIn in);

// A value as the text of a simple- or form-style parameter or header: strings as they are,
// arrays joined with ',', null as "", anything else as its JSON.
[[nodiscard]] std::string to_parameter_text(const nlohmann::json& value);

struct Parameter {
  std::string name;
  ParamIn in = ParamIn::query;
  bool required = false;
  bool deprecated = false;
  SchemaHandle schema = nullptr; // may be null (no schema)
  nlohmann::json raw_schema;     // the schema value as written (refs resolved one level)
  std::string style;             // form, simple, label, matrix, ...
  bool explode = false;
  std::vector<NamedExample> examples;
  std::string pointer;
};

struct MediaType {
  std::string name; // "application/json", "application/*", "*/*"
  SchemaHandle schema = nullptr;
  std::vector<NamedExample> examples;
  std::string pointer;
};

struct HeaderSpec {
  std::string name;
  bool required = false;
  SchemaHandle schema = nullptr;
  std::vector<NamedExample> examples;
};

// A Link Object of a response (`responses.<status>.links.<name>`, $refs followed): how a
// value of this answer feeds another operation. Used by `verify --generate` to derive
// sequences (conformance/sequences.hpp).
struct Link {
  std::string name;
  // As written, or (operationRef given) the id of the operation the reference names, filled
  // once the operations are known; "" when the target is not an operation of this document.
  std::string operation_id;
  std::string operation_ref; // as written ("#/paths/~1things~1{id}/get"), "" when not given
  // Parameter name (optionally "path.name", "query.name", ...) -> runtime expression
  // ("$response.body#/id") or constant, in document order.
  std::vector<std::pair<std::string, nlohmann::json>> parameters;
  std::optional<nlohmann::json> request_body;
  std::string pointer; // file#/pointer of the Link Object
};

struct ResponseSpec {
  std::string status; // "200", "4XX", "default"
  std::string description;
  std::vector<HeaderSpec> headers;
  std::vector<MediaType> content;
  std::string pointer;
  std::vector<Link> links; // in document order (last: positional initialisers stay valid)
};

struct RequestBodySpec {
  bool required = false;
  std::vector<MediaType> content;
  std::string pointer;
};

struct SecurityScheme {
  std::string name;           // key in components.securitySchemes
  std::string type;           // http | apiKey | oauth2 | openIdConnect | mutualTLS
  std::string scheme;         // for http: bearer | basic (lower case)
  std::string in;             // for apiKey: header | query | cookie
  std::string parameter_name; // for apiKey
  std::string token_url;      // for oauth2: the clientCredentials flow's tokenUrl ("" = none)
};

// One requirement object: all listed schemes must be satisfied together.
using SecurityRequirement = std::vector<std::pair<std::string, std::vector<std::string>>>;

struct Operation {
  std::string method;       // upper case: GET, POST, ...
  std::string path;         // template as written, without the server base path
  std::string operation_id; // as written, or made up (stable) when missing
  bool operation_id_generated = false;
  std::string summary;
  std::vector<std::string> tags;
  std::vector<Parameter> parameters; // path-level and operation-level merged
  std::optional<RequestBodySpec> request_body;
  std::vector<ResponseSpec> responses; // in document order
  // Effective security: operation-level or else the document's. Empty list = none.
  std::vector<SecurityRequirement> security;
  std::string pointer; // file#/paths/~1x/get
};

struct Server {
  std::string url;       // as written, variables substituted with defaults
  std::string base_path; // "/v1" or "" (path part of url)
};

struct Spec {
  std::string file;            // entry document path as given
  std::string openapi_version; // "3.1.0", "3.0.3", "2.0"
  std::string title;
  std::string version;
  Dialect dialect = Dialect::draft2020_12;
  std::vector<Server> servers;
  std::vector<Operation> operations;
  std::map<std::string, SecurityScheme> security_schemes;
  std::vector<NamedExample> component_examples;
  std::vector<Diagnostic> diagnostics; // structural problems found while loading

  // Own the documents and compiled schemas referenced above.
  std::unique_ptr<DocumentStore> store;
  std::unique_ptr<SchemaSet> schemas;
  const Document* entry = nullptr; // the entry document (converted to OAS 3 for Swagger 2.0)

  [[nodiscard]] const Operation* find_operation(std::string_view operation_id) const;
  [[nodiscard]] bool has_errors() const;
};

} // namespace concord::core
