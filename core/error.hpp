#pragma once

#include <string>
#include <string_view>

namespace concord::core {

// Stable, dotted error codes. Each is listed once in ARCHITECTURE.md.
enum class ErrorCode {
  io_read,                  // io.read: a file could not be read
  spec_parse,               // spec.parse: YAML/JSON syntax error
  spec_invalid,             // spec.invalid: structurally wrong OpenAPI document
  spec_unresolved_ref,      // spec.unresolved_ref: $ref to a missing target
  spec_cyclic_ref,          // spec.cyclic_ref: a $ref chain that only points at itself
  spec_too_large,           // spec.too_large: document over the size or depth limit
  schema_invalid,           // schema.invalid: a schema that cannot be compiled
  route_no_path,            // route.no_path: 404
  route_no_method,          // route.no_method: 405
  negotiate_not_acceptable, // negotiate.not_acceptable: 406
  mock_no_response,         // mock.no_response: nothing documented to answer with
  config_invalid,           // config.invalid: behaviour/config/scenario file is wrong
  target_unreachable,       // target.unreachable: the live target could not be reached
  usage,                    // usage: bad command line
  internal,                 // internal: a bug
};

[[nodiscard]] std::string_view to_string(ErrorCode code) noexcept;

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  // "file:line:column", "file#/json/pointer", or empty.
  std::string location;

  // "location: message [code]" or "message [code]".
  [[nodiscard]] std::string to_string() const;
};

} // namespace concord::core
