#pragma once

#include "core/http_types.hpp"
#include "core/model.hpp"
#include "mock/mock_config.hpp"
#include "mock/problem.hpp"
#include "mock/router.hpp"

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace concord::mock {

// One way a request does not fit its operation.
struct RequestFinding {
  std::string in;      // path | query | header | cookie | body
  std::string pointer; // "/limit", "/items/0/name" (body pointers are into the body)
  std::string keyword; // required, type, enum, pattern, ...
  std::string message;
};

[[nodiscard]] nlohmann::json to_json(const RequestFinding& finding);

// What the validator learnt about a request.
struct CheckedRequest {
  std::vector<RequestFinding> findings;            // empty: valid
  std::optional<Problem> rejection;                // 400 (bad JSON), 401, 403, 415: stop here
  core::Headers rejection_headers;                 // e.g. WWW-Authenticate for 401
  std::map<std::string, std::string> path_params;  // decoded
  std::map<std::string, std::string> query_params; // decoded, first value
  nlohmann::json body;                             // parsed JSON body, or null
};

struct CheckOptions {
  bool validate = true;                     // parameters and body against their schemas
  const Credentials* credentials = nullptr; // accepted credentials (null: any well-formed)
  int max_json_depth = 64;
};

// Nesting depth of a JSON text ([ and { outside strings); stops counting past `limit`.
[[nodiscard]] int measure_json_depth(std::string_view text, int limit);

// Checks requests against one document's operations. Built once per document: parameter
// types are resolved at construction, schemas were compiled by the loader. Thread-safe.
class RequestValidator {
public:
  explicit RequestValidator(std::shared_ptr<const core::Spec> spec);

  [[nodiscard]] CheckedRequest check(const core::Operation& operation, const core::Request& request,
                                     const PathParams& params, const CheckOptions& options) const;

  // Coerces a parameter's text to the JSON type its schema declares (for tests).
  [[nodiscard]] nlohmann::json coerce(const core::Parameter& parameter,
                                      const std::vector<std::string>& values) const;

private:
  struct Shape {
    std::string type;      // string, integer, number, boolean, array, object, "" (unknown)
    std::string item_type; // for arrays
  };
  std::shared_ptr<const core::Spec> spec_;
  std::map<const core::Parameter*, Shape> shapes_;

  void check_security(const core::Operation& operation, const core::Request& request,
                      const CheckOptions& options, CheckedRequest& out) const;
  // 403 when some requirement had all its credentials but none was accepted, else 401 with
  // the challenges of the missing ones.
  static void reject_security(bool forbidden, const std::vector<std::string>& challenges,
                              CheckedRequest& out);
  void check_parameters(const core::Operation& operation, const core::Request& request,
                        const PathParams& params, const CheckOptions& options,
                        CheckedRequest& out) const;
  void check_body(const core::Operation& operation, const core::Request& request,
                  const CheckOptions& options, CheckedRequest& out) const;
  void add_schema_findings(core::SchemaHandle schema, const nlohmann::json& value,
                           const std::string& in, const std::string& prefix,
                           CheckedRequest& out) const;
};

} // namespace concord::mock
