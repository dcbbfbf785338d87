#pragma once
// `concord proxy` (docs/proxy.md): the mock's transport in front of a live implementation.
// Every exchange is routed to its operation, the request is checked by the mock's validator
// and the answer by the runner's response checks, and the exchange becomes a `traffic` case
// of a results document that the report writers of `verify` turn into JSON, JUnit and HTML.

#include "conformance/case_result.hpp"
#include "conformance/checks.hpp"
#include "conformance/http_client.hpp"
#include "core/http_types.hpp"
#include "core/result.hpp"
#include "mock/engine.hpp"
#include "mock/event_loop.hpp"
#include "proxy/async_upstream.hpp"
#include "proxy/upstream.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace concord::proxy {

class Recorder;

struct ProxyOptions {
  std::string upstream; // as given (for the report), e.g. "https://staging.example.com/api"
  conformance::BaseUrl upstream_base;
  conformance::ClientOptions client; // --timeout-ms, size cap, TLS, proxy
  conformance::CheckOptions checks;  // --strict, --max-response-ms
  bool errors = false;               // --errors: refuse invalid requests, replace invalid answers
  bool header = true;                // X-Concord-Violations on every proxied answer
  std::size_t max_exchanges = 0;     // 0: no limit; the CLI stops once it is reached
  std::string record_dir;            // --record: "" = no recording
  std::size_t max_examples_per_answer = 5; // per operation, status and media type
  std::vector<std::string> secrets;        // literal secrets redacted from the results
  // Exchanges kept as cases, passed and failing ones each (memory stays bounded on a
  // long-running proxy); later ones are checked and counted in a warning only.
  std::size_t max_kept = 10000;
};

// What the proxy wrote on a flush.
struct FlushSummary {
  std::size_t exchanges = 0;
  std::vector<std::string> files;
};

// Writes the results document where the CLI was told to (JSON, JUnit, HTML).
using ResultsWriter = std::function<core::Result<std::vector<std::string>>(const nlohmann::json&)>;

// Thread-safe: handle() runs on the server's worker threads, flush() from any thread.
class ProxyService {
public:
  explicit ProxyService(ProxyOptions options);
  ~ProxyService();
  ProxyService(const ProxyService&) = delete;
  ProxyService& operator=(const ProxyService&) = delete;

  // The answer to one request (a MockServer::Handler). Admin paths are answered by the
  // engine's admin API, never forwarded; POST /__concord/flush writes the results.
  [[nodiscard]] mock::HandleResult handle(const core::Request& request,
                                          const mock::MockEngine& engine);
  // The same on an event loop (a MockServer::AsyncHandler): a plain-HTTP upstream is reached
  // through that loop's own connections and `reply` is called once its answer is checked; a
  // TLS or proxied upstream is called at once, with the blocking client.
  using Reply = std::function<void(mock::HandleResult)>;
  void handle_async(core::Request&& request, std::shared_ptr<const mock::MockEngine> engine,
                    mock::EventLoop& loop, Reply reply);

  void set_writer(ResultsWriter writer);

  // The results document of every exchange so far (format 1, redacted).
  [[nodiscard]] nlohmann::json results(const mock::MockEngine& engine) const;
  // Writes the results (through the writer) and the recording (--record).
  [[nodiscard]] core::Result<FlushSummary> flush(const mock::MockEngine& engine);

  // Exchanges seen (kept as cases or not).
  [[nodiscard]] std::size_t exchanges() const;
  // True once --max-exchanges exchanges were proxied.
  [[nodiscard]] bool is_done() const;
  // Called (once) when the last allowed exchange was answered.
  void on_done(std::function<void()> callback);

private:
  struct Exchange;
  struct Pending;
  ProxyOptions options_;
  std::unique_ptr<Recorder> recorder_;
  mutable std::mutex mutex_; // guards everything below
  std::vector<conformance::CaseResult> results_;
  std::size_t seen_ = 0;
  std::size_t kept_passed_ = 0;
  std::size_t kept_failed_ = 0;
  std::size_t dropped_passed_ = 0;
  std::size_t dropped_failed_ = 0;
  std::map<std::string, int> counters_; // "METHOD /template > status" -> exchanges so far
  std::vector<std::unique_ptr<Upstream>> idle_clients_;
  std::mutex upstreams_mutex_; // guards upstreams_
  std::unordered_map<const mock::EventLoop*, std::unique_ptr<AsyncUpstreams>> upstreams_;
  ResultsWriter writer_;
  std::function<void()> done_callback_;
  std::string started_at_;
  bool done_called_ = false;

  [[nodiscard]] std::unique_ptr<Upstream> acquire_client();
  void release_client(std::unique_ptr<Upstream> client);
  [[nodiscard]] mock::HandleResult handle_admin(const core::Request& request,
                                                const mock::MockEngine& engine);
  [[nodiscard]] std::optional<mock::HandleResult> answer_locally(const core::Request& request,
                                                                 const mock::MockEngine& engine);
  void inspect(Exchange& exchange);
  [[nodiscard]] conformance::HttpRequest to_upstream(Exchange& exchange);
  [[nodiscard]] mock::HandleResult forwarded(Exchange& exchange);
  [[nodiscard]] mock::HandleResult conclude(Exchange& exchange, mock::HandleResult answer);
  [[nodiscard]] bool is_plain_upstream() const;
  [[nodiscard]] AsyncUpstreams& upstreams_of(mock::EventLoop& loop);
  [[nodiscard]] static mock::HandleResult refuse(Exchange& exchange);
  void check_answer(Exchange& exchange);
  void finish(Exchange& exchange, const mock::MockEngine& engine);
};

// The headers passed on, either way: without the RFC 9110 7.6.1 hop-by-hop fields, those
// named in Connection, Host and Content-Length (each hop's transport sets its own).
[[nodiscard]] core::Headers without_hop_by_hop(const core::Headers& headers);

} // namespace concord::proxy
