#pragma once

#include "core/result.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace concord::mock {

// Added delay before answering: `fixed` ms, or uniform in [min, max] ms.
struct Latency {
  int fixed_ms = 0;
  int min_ms = 0;
  int max_ms = 0;
  [[nodiscard]] bool is_set() const { return fixed_ms > 0 || max_ms > 0; }
};

// A share of requests answered with `status` (a documented response when there is one,
// else a problem+json body).
struct ErrorInjection {
  double rate = 0.0;
  int status = 500;
};

enum class FaultKind {
  none,
  reset,    // close the connection without answering
  empty,    // same as reset from the client's view: no bytes at all
  truncate, // send the headers and half the declared body, then close
};

struct FaultInjection {
  double rate = 0.0;
  FaultKind kind = FaultKind::none;
};

// Accepted credentials. An empty list accepts any well-formed credential of that kind.
struct Credentials {
  std::vector<std::string> bearer;   // tokens
  std::vector<std::string> basic;    // "user:password"
  std::vector<std::string> api_keys; // values for any apiKey scheme
};

// Settings that apply globally or to one operation (operation settings win).
struct OperationSettings {
  std::optional<Latency> latency;
  std::optional<ErrorInjection> errors;
  std::optional<FaultInjection> faults;
  std::optional<bool> validation;
  std::optional<Credentials> credentials;
};

struct CorsConfig {
  bool enabled = true;
  std::string allow_origin = "*";         // with allow_credentials, "*" echoes the request's Origin
  std::vector<std::string> allow_headers; // empty: echo Access-Control-Request-Headers
  std::vector<std::string> expose_headers;
  bool allow_credentials = false;
  int max_age = 600;
};

struct Limits {
  std::size_t max_body_bytes = std::size_t{10} * 1024 * 1024;
  int max_json_depth = 64;
  std::size_t max_headers = 100;
};

// The --config file (docs/mock.md). Every field is optional.
struct MockConfig {
  OperationSettings global;
  std::map<std::string, OperationSettings> operations; // key: operationId or "GET /path"
  CorsConfig cors;
  bool admin_remote = false; // admin API from non-loopback addresses
  Limits limits;
  std::optional<std::uint64_t> seed;
  std::optional<bool> stateless;
  std::optional<int> port;
  std::optional<std::string> host;
  std::optional<int> threads;
  std::size_t journal_size = 1000;
  std::map<std::string, std::string> behaviours; // spec path -> behaviour file
  std::map<std::string, std::string> mounts;     // spec path -> prefix
};

// Reads the YAML/JSON config. Errors: io.read, spec.parse, config.invalid (with file:line).
[[nodiscard]] core::Result<MockConfig> load_mock_config(const std::filesystem::path& path);
[[nodiscard]] core::Result<MockConfig> parse_mock_config(std::string_view text,
                                                         const std::string& uri);

// The effective settings for one operation: the operation's own entry (by operationId, then
// by "METHOD /path"), falling back field by field to the global settings.
[[nodiscard]] OperationSettings resolve_settings(const MockConfig& config,
                                                 std::string_view operation_id,
                                                 std::string_view method_and_path);

} // namespace concord::mock
