// Micro-benchmarks over the libraries, without sockets (docs/benchmarks.md).
//   ValidateExamples/<spec>   every documented request/response body example vs its schema
//   ParseDocument/<fmt>/<doc> parse_document on YAML text and on the same document as JSON
//   LoadSpec/<fmt>/<doc>      load_spec: parse, resolve $refs, compile every schema
//   Route/<doc>               Router::match over one concrete path per operation
//   MockHandle/<request>      MockEngine::handle: the whole mock pipeline for one request
//   Generate/clickhouse/<op>  verify --generate: 50 requests of one ClickHouse operation
//                             (generated, checked against their schemas, built), items/s =
//                             generated requests per second
// The OpenAI document (about 300 operations) is used when CONCORD_EXTERNAL is set.
#include "bench/bench_support.hpp"
#include "conformance/generation.hpp"
#include "core/document.hpp"
#include "core/loader.hpp"
#include "mock/engine.hpp"
#include "mock/router.hpp"

#include <algorithm>
#include <benchmark/benchmark.h>
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace {

using concord::bench::ExampleCheck;
namespace core = concord::core;
namespace mock = concord::mock;

void register_validation(const std::filesystem::path& file) {
  auto spec = concord::bench::load_or_exit(file);
  auto checks =
      std::make_shared<std::vector<ExampleCheck>>(concord::bench::collect_examples(*spec));
  benchmark::RegisterBenchmark(
      ("ValidateExamples/" + file.stem().string()).c_str(),
      [spec, checks](benchmark::State& state) {
        core::ValidateOptions options;
        std::size_t findings = 0;
        for (auto _ : state) {
          for (const auto& check : *checks) {
            options.direction = check.direction;
            auto result = spec->schemas->validate(check.schema, *check.value, options);
            findings += result.size();
            benchmark::DoNotOptimize(result);
          }
        }
        state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(checks->size()));
        state.counters["examples"] = static_cast<double>(checks->size());
        state.counters["findings"] = static_cast<double>(findings);
      });
}

void register_parse(const std::string& name, std::shared_ptr<const std::string> text,
                    const std::string& uri) {
  benchmark::RegisterBenchmark(("ParseDocument/" + name).c_str(), [text,
                                                                   uri](benchmark::State& state) {
    for (auto _ : state) {
      auto doc = core::parse_document(*text, uri);
      if (!doc) {
        state.SkipWithError(doc.error().to_string().c_str());
        break;
      }
      benchmark::DoNotOptimize(doc);
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text->size()));
  })->Unit(benchmark::kMicrosecond);
}

void register_load(const std::string& name, const std::filesystem::path& file) {
  benchmark::RegisterBenchmark(("LoadSpec/" + name).c_str(), [file](benchmark::State& state) {
    for (auto _ : state) {
      auto spec = core::load_spec(file);
      if (!spec) {
        state.SkipWithError(spec.error().to_string().c_str());
        break;
      }
      state.counters["operations"] = static_cast<double>((*spec)->operations.size());
      benchmark::DoNotOptimize(spec);
    }
  })->Unit(benchmark::kMillisecond);
}

void register_parse_and_load(const std::filesystem::path& yaml) {
  const std::string stem = yaml.stem().string();
  const auto json = concord::bench::write_json_copy(yaml);
  register_parse("yaml/" + stem,
                 std::make_shared<const std::string>(concord::bench::read_file(yaml)),
                 yaml.string());
  register_parse("json/" + stem,
                 std::make_shared<const std::string>(concord::bench::read_file(json)),
                 json.string());
  register_load("yaml/" + stem, yaml);
  register_load("json/" + stem, json);
}

struct RouteSet {
  std::vector<std::shared_ptr<const core::Spec>> specs;
  mock::Router router;
  std::vector<std::pair<std::string, std::string>> requests; // method, path
};

void add_to_routes(RouteSet& set, const std::filesystem::path& file) {
  auto spec = concord::bench::load_or_exit(file);
  const std::string prefix = spec->servers.empty() ? "" : spec->servers.front().base_path;
  const std::size_t index = set.specs.size();
  for (const auto& operation : spec->operations) {
    if (auto r = set.router.add(prefix, operation, index, file.stem().string()); !r) {
      std::cerr << "concord_bench: route " << operation.method << ' ' << operation.path << ": "
                << r.error().to_string() << '\n';
    }
  }
  auto requests = concord::bench::make_request_paths(*spec, prefix);
  set.requests.insert(set.requests.end(), requests.begin(), requests.end());
  set.specs.push_back(std::move(spec));
}

void register_route(const std::string& name, const std::vector<std::filesystem::path>& files) {
  auto set = std::make_shared<RouteSet>();
  for (const auto& file : files) {
    add_to_routes(*set, file);
  }
  set->requests.emplace_back("GET", "/no/such/route/anywhere");
  benchmark::RegisterBenchmark(("Route/" + name).c_str(), [set](benchmark::State& state) {
    std::size_t matched = 0;
    for (auto _ : state) {
      for (const auto& [method, path] : set->requests) {
        auto match = set->router.match(method, path);
        matched += match.target != nullptr ? 1 : 0;
        benchmark::DoNotOptimize(match);
      }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(set->requests.size()));
    state.counters["routes"] = static_cast<double>(set->router.size());
    state.counters["requests"] = static_cast<double>(set->requests.size());
    state.counters["matched"] = static_cast<double>(matched) /
                                static_cast<double>(std::max<std::int64_t>(state.iterations(), 1));
  });
}

core::Request make_list_request() {
  core::Request request;
  request.method = "GET";
  request.path = "/v1/organizations/5ecc4ee0-c8b7-4773-88d9-3ed404055566/services";
  request.headers = {{"Authorization", "Basic a2V5OnNlY3JldA=="}, {"Accept", "application/json"}};
  request.remote_addr = "127.0.0.1";
  return request;
}

core::Request make_resume_request() {
  core::Request request;
  request.method = "POST";
  request.path = "/v1/projects/default-project/services/example-service/resume";
  request.headers = {{"Authorization", "Bearer bench-token"},
                     {"Content-Type", "application/json"},
                     {"Accept", "application/json"}};
  request.body = R"({"instances":1,"disabledCI":false,"disabledCD":false})";
  request.remote_addr = "127.0.0.1";
  return request;
}

void register_mock_handle() {
  mock::MockOptions options;
  options.specs = {std::string(CONCORD_SOURCE_DIR) + "/specs"};
  options.stateless = true;
  auto created = mock::MockEngine::create(options, mock::MockServices{});
  if (!created) {
    std::cerr << "concord_bench: mock engine: " << created.error().to_string() << '\n';
    return;
  }
  std::shared_ptr<const mock::MockEngine> engine = std::move(*created);
  const std::vector<std::pair<std::string, core::Request>> requests = {
      {"clickhouse-list", make_list_request()}, {"northflank-resume", make_resume_request()}};
  for (const auto& [name, request] : requests) {
    benchmark::RegisterBenchmark(("MockHandle/" + name).c_str(), [engine, request](
                                                                     benchmark::State& state) {
      int status = 0;
      for (auto _ : state) {
        auto result = engine->handle(request);
        status = result.response.status;
        benchmark::DoNotOptimize(result);
      }
      state.counters["status"] = status;
    })->Unit(benchmark::kMicrosecond);
  }
}

void register_generate() {
  const auto file = std::filesystem::path(CONCORD_SOURCE_DIR) / "specs" / "clickhouse.yaml";
  std::shared_ptr<const core::Spec> spec = concord::bench::load_or_exit(file);
  for (const auto& operation : spec->operations) {
    benchmark::RegisterBenchmark(("Generate/clickhouse/" + operation.operation_id).c_str(),
                                 [spec, &operation](benchmark::State& state) {
                                   const concord::conformance::GenerateConfig config{50, 1, true};
                                   std::size_t made = 0;
                                   for (auto _ : state) {
                                     auto out = concord::conformance::generate_operation_cases(
                                         *spec, operation, config);
                                     made += out.cases.size();
                                     benchmark::DoNotOptimize(out);
                                   }
                                   state.SetItemsProcessed(static_cast<std::int64_t>(made));
                                 })
        ->Unit(benchmark::kMicrosecond);
  }
}

void register_all() {
  const auto seeds = concord::bench::find_seed_specs();
  for (const auto& file : seeds) {
    register_validation(file);
  }
  for (const auto& file : seeds) {
    register_parse_and_load(file);
  }
  register_route("seeds", seeds);
  register_mock_handle();
  register_generate();
  const auto openai_yaml = concord::bench::find_openai_document("yaml");
  const auto openai_json = concord::bench::find_openai_document("json");
  if (openai_yaml.empty() || openai_json.empty()) {
    std::cerr << "concord_bench: CONCORD_EXTERNAL not set (or no large/openai): "
                 "skipping the OpenAI loading and routing benchmarks\n";
    return;
  }
  register_parse("yaml/openai",
                 std::make_shared<const std::string>(concord::bench::read_file(openai_yaml)),
                 openai_yaml.string());
  register_parse("json/openai",
                 std::make_shared<const std::string>(concord::bench::read_file(openai_json)),
                 openai_json.string());
  register_load("yaml/openai", openai_yaml);
  register_load("json/openai", openai_json);
  register_route("openai", {openai_yaml});
}

} // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
    return 1;
  }
  register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
