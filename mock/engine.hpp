#pragma once

#include "core/http_types.hpp"
#include "core/model.hpp"
#include "core/overlay.hpp"
#include "core/result.hpp"
#include "mock/behaviour.hpp"
#include "mock/clock.hpp"
#include "mock/decision.hpp"
#include "mock/journal.hpp"
#include "mock/mock_config.hpp"
#include "mock/problem.hpp"
#include "mock/request_validator.hpp"
#include "mock/response_builder.hpp"
#include "mock/router.hpp"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace concord::mock {

inline constexpr std::uint64_t k_default_seed = 1;

// Everything `concord mock` can be told. Settings apply in this order, later ones winning:
// built-in defaults, the config file, these options, then the per-request Prefer header.
struct MockOptions {
  std::vector<std::string> specs;   // files or directories (the CLI defaults to specs/)
  std::string config_file;          // --config (optional)
  std::optional<MockConfig> config; // in-memory config (tests); used when config_file is empty
  std::optional<std::uint64_t> seed;
  std::optional<bool> stateless;
  std::map<std::string, std::string> mounts;     // spec (path or name) -> prefix
  std::map<std::string, std::string> behaviours; // spec (path or name) -> behaviour file
  // OpenAPI Overlay files (`concord proxy --record` writes them); each applies to the
  // document its `extends` names (file name or stem), or to the only document loaded.
  std::vector<std::string> overlays;
  // Directories searched for <document name>/behaviour.yaml when `behaviours` names no file
  // for a document (the CLI passes fixtures/). Empty: only named files are loaded.
  std::vector<std::filesystem::path> behaviour_dirs;
  std::optional<std::string> host; // default 127.0.0.1
  std::optional<int> port;         // default 4010
  std::optional<int> threads;      // worker threads (default 256)
  bool watch = false;
};

// One loaded document and what the mock built from it.
struct MockDocument {
  std::shared_ptr<const core::Spec> spec;
  std::string name;   // file stem, e.g. "northflank"
  std::string file;   // path as found
  std::string prefix; // mount + server base path
  std::unique_ptr<ResponseBuilder> responses;
  std::unique_ptr<RequestValidator> validator;
  std::unique_ptr<Behaviour> behaviour; // null: stateless
  std::string behaviour_file;
};

// What the transport must do with a handled request.
struct HandleResult {
  core::Response response;
  int delay_ms = 0;
  FaultKind fault = FaultKind::none;
};

// Shared, long-lived services (they survive a --watch reload).
struct MockServices {
  Clock* clock = nullptr;
  Journal* journal = nullptr;
};

// The whole mock, without sockets: request in, response out. Built once (or once per reload),
// then only read; thread-safe.
class MockEngine {
public:
  [[nodiscard]] static core::Result<std::unique_ptr<MockEngine>> create(const MockOptions& options,
                                                                        MockServices services);

  // The whole pipeline: the admin API, or decide() then render(), journaled.
  [[nodiscard]] HandleResult handle(const core::Request& request) const;
  // What to answer, without bytes (no body is serialised, no socket touched). Not journaled.
  [[nodiscard]] Decision decide(const core::Request& request) const;

  [[nodiscard]] const MockConfig& config() const { return config_; }
  [[nodiscard]] const std::vector<std::unique_ptr<MockDocument>>& documents() const {
    return documents_;
  }
  [[nodiscard]] const Router& router() const { return router_; }
  [[nodiscard]] std::uint64_t seed() const { return seed_; }
  [[nodiscard]] bool is_stateless() const { return stateless_; }
  [[nodiscard]] const MockServices& services() const { return services_; }
  // The config's CORS headers for an answer to `request` (none without Origin, or when off).
  void add_cors_headers(const core::Request& request, core::Headers& headers) const;
  // True for a CORS preflight the mock answers itself (CORS on, Origin and
  // Access-Control-Request-Method present).
  [[nodiscard]] bool is_preflight(const core::Request& request) const;
  // Files whose changes should trigger a reload (specs, behaviours, config).
  [[nodiscard]] std::vector<std::filesystem::path> watched_files() const;

  // Resolved listen address and thread count (config, then options).
  std::string host = "127.0.0.1";
  int port = 4010;
  int threads = 256;

private:
  MockEngine() = default;

  MockConfig config_;
  std::uint64_t seed_ = k_default_seed;
  bool stateless_ = false;
  std::vector<std::unique_ptr<MockDocument>> documents_;
  std::vector<std::filesystem::path> watched_;
  Router router_;
  MockServices services_;
  mutable std::atomic<std::uint64_t> counter_{0};

  [[nodiscard]] core::Result<void> load_documents(const MockOptions& options);
  // The overlays of options.overlays for each spec file (index of `files`).
  [[nodiscard]] core::Result<std::vector<std::vector<std::shared_ptr<const core::Overlay>>>>
  match_overlays(const MockOptions& options, const std::vector<std::filesystem::path>& files);
  [[nodiscard]] core::Result<void> build_routes();
  [[nodiscard]] core::Result<void> load_behaviours(const MockOptions& options);

  // One routed request and what applies to it (engine.cpp); read-only once made.
  struct Call;
  [[nodiscard]] Decision decide_route(const core::Request& request) const;
  [[nodiscard]] Decision decide_operation(const Call& call) const;
  [[nodiscard]] Decision decide_answer(const Call& call) const;
  [[nodiscard]] CheckedRequest check_request(const Call& call) const;
  [[nodiscard]] Decision decide_injected_error(const Call& call, int status) const;
  [[nodiscard]] Decision decide_preferred_code(const Call& call, int code, BodyChoice choice) const;
  [[nodiscard]] Decision decide_behaviour(const Call& call, BehaviourOutcome outcome) const;
  [[nodiscard]] Decision decide_preflight(const core::Request& request,
                                          const RouteMatch& match) const;
  [[nodiscard]] Decision decide_validation_failure(const Call& call,
                                                   std::vector<RequestFinding> findings) const;
  // An error the mock produces itself: the operation's documented response for that status
  // (exact, then range, then default; message-like fields set to the detail) when there is
  // one, else application/problem+json.
  [[nodiscard]] Decision decide_error(const Call& call, Problem problem,
                                      core::Headers headers) const;
  [[nodiscard]] BodyChoice
  choose_error_example(const Call& call, const core::ResponseSpec& documented, int status) const;
  [[nodiscard]] Decision decide_documented(const Call& call, int status,
                                           const core::ResponseSpec& documented,
                                           BodyChoice choice) const;
  [[nodiscard]] double next_unit() const; // deterministic sequence in [0, 1)
};

// Matches a --mount/--behaviour key (path as given, canonical path, or file stem) to a file.
[[nodiscard]] bool is_same_spec(const std::string& key, const std::filesystem::path& file);
[[nodiscard]] bool is_loopback(const std::string& address);

} // namespace concord::mock
