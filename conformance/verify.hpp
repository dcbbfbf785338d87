#pragma once

#include "conformance/case.hpp"
#include "conformance/matching.hpp"
#include "conformance/runner.hpp"
#include "conformance/scenario.hpp"
#include "core/http_types.hpp"
#include "core/lifecycle.hpp"
#include "core/model.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace concord::conformance {

// First warning of every results document (and so of every report) made with --insecure.
inline constexpr const char* k_insecure_warning =
    "INSECURE: TLS certificate and host-name verification were OFF (--insecure); nothing "
    "proves these answers came from the intended server";

// Everything `concord verify` is told (docs/verify.md).
struct VerifyConfig {
  std::vector<std::string> specs;          // files or directories; empty: "specs"
  std::string fixtures;                    // scenario directory or file; "" = none
  std::string target;                      // base URL
  std::string token;                       // --token / CONCORD_TOKEN: fallback for every scheme
  std::map<std::string, std::string> auth; // --auth NAME=VALUE (scheme name -> credential)
  TlsOptions tls;                          // --cacert, --insecure, --cert, --key
  std::optional<std::string> proxy;        // --proxy URL ("" = no proxy); unset: environment
  EnvLookup env;                           // CONCORD_AUTH_*, *_proxy; null: no environment
  core::Headers headers;
  int timeout_ms = 5000;
  int retries = 0;
  int jobs = 1;
  std::vector<std::string> operations; // --operation (operationId)
  std::vector<std::string> tags;       // --tag
  std::vector<std::string> case_globs; // --case
  // --changed-since: only these operations ("METHOD /path" as the spec writes it); none = all.
  std::optional<std::set<std::string>> changed_operations;
  bool strict = false;
  MatchMode match = MatchMode::shape;
  std::optional<double> max_response_ms;
  std::optional<double> require_coverage;
  std::string state_url;
  int shard_index = 1; // 1-based K of --shard K/N
  int shard_count = 1;
  bool prefer = false;
  std::size_t max_response_bytes = std::size_t{10} * 1024 * 1024;
  std::function<void(const RunProgress&)> on_progress;
  // --generate N (docs/verify.md, "Generated cases"): per operation, 0 = off.
  int generate_count = 0;
  std::uint64_t seed = 1;                // --seed: replays a generated run
  bool generate_unsafe = false;          // --generate-unsafe: DELETE and x-concord-unsafe too
  std::optional<double> generate_time_s; // --generate-time: wall-time cap of generated cases
  RejectedValid rejected_valid = RejectedValid::warn; // --rejected-valid
  // Stateful sequences (conformance/sequences.hpp): the lifecycles of the behaviour files
  // (read by the CLI: conformance does not depend on the mock), walked when generation is on
  // (generate_count > 0) or generate_sequences is set. Each belongs to the spec whose file is
  // its spec_file.
  std::vector<core::Lifecycle> lifecycles;
  bool generate_sequences = false;
};

// Loads the specs and fixtures, compiles and selects the cases, runs them and returns the
// results document (docs/results.md), redacted. Errors (exit 2): usage, unreadable or invalid
// specs, unreadable or inconsistent fixtures.
[[nodiscard]] core::Result<nlohmann::json> run_conformance(const VerifyConfig& config);

// --shard "K/N" -> (K, N); false when malformed.
[[nodiscard]] bool parse_shard(std::string_view text, int& index, int& count);

// Deterministic shard of a unit key: FNV-1a 64 modulo count, 1-based.
[[nodiscard]] int to_shard(std::string_view key, int count);

// The secrets redaction replaces: the token and sensitive -H values (the per-scheme
// credentials and fetched tokens are added by run_conformance).
[[nodiscard]] std::vector<std::string> collect_secrets(const VerifyConfig& config);

} // namespace concord::conformance
