// `concord proxy [SPEC|DIR ...] --upstream URL`: a validating, recording proxy (docs/proxy.md).
#include "cli/commands.hpp"
#include "cli/serving.hpp"
#include "conformance/proxy.hpp"
#include "conformance/verify.hpp"
#include "core/results.hpp"
#include "proxy/proxy.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace concord::cli {
namespace {

struct ProxyArgs {
  std::vector<std::string> specs;
  std::string upstream;
  std::string config;
  std::string host;
  int port = -1;
  int threads = 0;
  std::vector<std::string> mounts;
  ServeTlsArgs tls;
  // To the upstream, as `concord verify` reaches its target.
  std::string cacert;
  bool insecure = false;
  std::string cert;
  std::string key;
  std::optional<std::string> proxy;
  int timeout_ms = 5000;
  int max_response_mb = 10;
  // What the proxy does with what it sees.
  bool errors = false;
  bool no_header = false;
  bool strict = false;
  double max_response_ms = 0;
  long long max_exchanges = 0;
  std::string record;
  int record_max = 5;
  std::string json_out;
  std::string junit_out;
  std::string html_out;
};

int usage_error(const std::string& message) {
  std::cerr << "concord proxy: " << message << '\n';
  return k_exit_usage;
}

// The flags -> the service's options; "" on success, else a usage message.
std::string make_options(const ProxyArgs& args, proxy::ProxyOptions& options) {
  auto base = conformance::parse_base_url(args.upstream);
  if (!base) {
    return "--upstream: " + base.error().message;
  }
  options.upstream = args.upstream;
  options.upstream_base = *base;
  options.client.timeout_ms = args.timeout_ms;
  options.client.max_response_bytes = static_cast<std::size_t>(args.max_response_mb) * 1024 * 1024;
  options.client.tls = {args.cacert, args.insecure, args.cert, args.key};
  if (auto checked = conformance::check_tls_files(options.client.tls); !checked) {
    return checked.error().to_string();
  }
  const conformance::EnvLookup env = [](const char* name) -> const char* {
    return std::getenv(name);
  };
  auto via = conformance::resolve_proxy(base->scheme, base->host, args.proxy, env);
  if (!via) {
    return via.error().to_string();
  }
  options.client.proxy = *via;
  if (options.client.proxy && !options.client.proxy->password.empty()) {
    options.secrets.push_back(options.client.proxy->password);
  }
  options.checks.strict = args.strict;
  if (args.max_response_ms > 0) {
    options.checks.max_response_ms = args.max_response_ms;
  }
  options.errors = args.errors;
  options.header = !args.no_header;
  options.max_exchanges = args.max_exchanges > 0 ? static_cast<std::size_t>(args.max_exchanges) : 0;
  options.record_dir = args.record;
  options.max_examples_per_answer = static_cast<std::size_t>(args.record_max);
  return "";
}

// Writes the results where the flags say; returns the files written.
proxy::ResultsWriter make_writer(const ProxyArgs& args) {
  return [args](const nlohmann::json& results) {
    return write_reports(results, args.json_out, args.junit_out, args.html_out);
  };
}

// Without TLS the proxy listens through the project's own HTTP/1.1 server, whose event loops
// also carry the requests to a plain-HTTP upstream (docs/benchmarks.md, docs/proxy.md). An
// https:// or proxied upstream is reached with the blocking client of `verify`, which needs a
// worker per connection: cpp-httplib's server gives it one.
mock::MockServer::Transport transport_for(const proxy::ProxyOptions& options, bool serves_tls) {
  const bool plain_upstream = options.upstream_base.scheme == "http" && !options.client.proxy;
  return serves_tls || !plain_upstream ? mock::MockServer::Transport::cpp_httplib
                                       : mock::MockServer::Transport::plain;
}

// The server's answers come from the service, on either transport; --max-exchanges stops it.
void answer_through(proxy::ProxyService& service, mock::MockServer& running) {
  service.on_done([&running] { running.stop(); });
  running.set_handler([&service](const core::Request& request, const mock::MockEngine& engine) {
    return service.handle(request, engine);
  });
  running.set_async_handler([&service](core::Request&& request,
                                       std::shared_ptr<const mock::MockEngine> engine,
                                       mock::EventLoop& loop, mock::MockServer::Reply reply) {
    service.handle_async(std::move(request), std::move(engine), loop, std::move(reply));
  });
}

int run_proxy(const ProxyArgs& args) {
  proxy::ProxyOptions options;
  if (auto message = make_options(args, options); !message.empty()) {
    return usage_error(message);
  }
  mock::MockOptions mock_options;
  mock_options.specs = resolve_specs(args.specs);
  mock_options.config_file = args.config;
  mock_options.stateless = true; // the upstream holds the state
  if (!args.host.empty()) {
    mock_options.host = args.host;
  }
  if (args.port >= 0) {
    mock_options.port = args.port;
  }
  if (args.threads > 0) {
    mock_options.threads = args.threads;
  }
  for (const auto& mount : args.mounts) {
    if (!split_assignment(mount, mock_options.mounts)) {
      return usage_error("--mount expects SPEC=/prefix, got '" + mount + "'");
    }
  }
  if (args.insecure && options.upstream_base.scheme == "https") {
    std::cerr << "concord proxy: WARNING: " << conformance::k_insecure_warning << '\n';
  }
  block_stop_signals();
  auto tls = prepare_tls(args.tls);
  if (!tls) {
    std::cerr << "concord proxy: " << tls.error().to_string() << '\n';
    return tls.error().code == core::ErrorCode::internal ? k_exit_internal : k_exit_usage;
  }
  auto server =
      mock::MockServer::create(mock_options, *tls, transport_for(options, tls->has_value()));
  if (!server) {
    std::cerr << "concord proxy: " << server.error().to_string() << '\n';
    return server.error().code == core::ErrorCode::internal ? k_exit_internal : k_exit_usage;
  }
  auto port = (*server)->bind();
  if (!port) {
    return usage_error(port.error().to_string());
  }
  proxy::ProxyService service(options);
  service.set_writer(make_writer(args));
  mock::MockServer& running = **server;
  answer_through(service, running);
  std::cerr << "concord proxy: forwarding to " << options.upstream_base.origin()
            << options.upstream_base.path << '\n';
  if (!serve_until_stopped(running, *port, false, "concord proxy")) {
    return k_exit_internal;
  }
  auto flushed = service.flush(*running.engine());
  if (!flushed) {
    return usage_error(flushed.error().to_string());
  }
  const auto results = service.results(*running.engine());
  const core::RunSummary summary = core::summarise(core::read_case_outcomes(results));
  std::cout << "proxy: " << service.exchanges() << " exchange(s): " << summary.passed << " passed, "
            << summary.failed << " failed, " << summary.errored << " errored\n";
  for (const auto& file : flushed->files) {
    std::cout << "wrote " << file << '\n';
  }
  if (summary.verdict != core::Verdict::passed) {
    std::cout << "Result: FAILED (" << summary.reason << ")\n";
    return k_exit_failed;
  }
  std::cout << "Result: PASSED\n";
  return k_exit_ok;
}

} // namespace

void add_proxy_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ProxyArgs>();
  auto* cmd = app.add_subcommand(
      "proxy", "forward traffic to a live implementation and check every exchange");
  cmd->add_option("specs", args->specs,
                  "OpenAPI documents or directories (default: every document in specs/)");
  cmd->add_option("--upstream,-u", args->upstream, "base URL of the implementation (http or https)")
      ->required();
  cmd->add_option("--port,-p", args->port, "port to listen on (default 4010; 0: any free port)");
  cmd->add_option("--host", args->host, "address to listen on (default 127.0.0.1)");
  cmd->add_option("--config,-c", args->config, "mock config file: limits, CORS, admin");
  cmd->add_option("--mount", args->mounts, "serve SPEC under /prefix: SPEC=/prefix (repeatable)");
  cmd->add_option("--threads", args->threads, "worker threads (default 256)");
  add_serve_tls_options(*cmd, args->tls);
  cmd->add_option("--cacert", args->cacert, "trust this PEM CA bundle for an https upstream");
  cmd->add_flag("--insecure,-k", args->insecure,
                "do not verify the upstream's certificate (loud warning in every report)");
  cmd->add_option("--cert", args->cert, "client certificate (PEM) for mutual TLS upstream");
  cmd->add_option("--key", args->key, "private key (PEM) of --cert");
  cmd->add_option("--proxy", args->proxy,
                  "reach the upstream through this HTTP proxy (default: *_proxy variables)");
  cmd->add_option("--timeout-ms", args->timeout_ms, "upstream deadline per exchange (default 5000)")
      ->check(CLI::Range(1, 600000));
  cmd->add_option("--max-response-mb", args->max_response_mb,
                  "largest upstream answer read, in MiB (default 10)")
      ->check(CLI::Range(1, 1024));
  cmd->add_flag("--errors", args->errors,
                "refuse invalid requests (422) and replace invalid answers (502)");
  cmd->add_flag("--no-header", args->no_header, "do not add X-Concord-Violations to answers");
  cmd->add_flag("--strict", args->strict, "treat objects as closed (additionalProperties: false)");
  cmd->add_option("--max-response-ms", args->max_response_ms,
                  "fail exchanges slower than this (milliseconds)");
  cmd->add_option("--max-exchanges", args->max_exchanges,
                  "stop and write the reports after this many exchanges")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--record", args->record,
                  "write conforming answers as examples: DIR/<spec>.examples.yaml overlays");
  cmd->add_option("--record-max", args->record_max,
                  "examples kept per operation, status and media type (default 5)")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--json", args->json_out, "write the results document here");
  cmd->add_option("--junit", args->junit_out, "write JUnit XML here");
  cmd->add_option("--html", args->html_out, "write the HTML report here");
  cmd->callback([args, &exit_code] { exit_code = run_proxy(*args); });
}

} // namespace concord::cli
