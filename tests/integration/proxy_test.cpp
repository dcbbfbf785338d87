// `concord proxy` for real: the proxy (the mock's transport with the proxy's handler) on
// 127.0.0.1, port 0, in front of the real mock and in front of servers that are wrong on
// purpose, spoken to over HTTP.
#include "fault_server.hpp"
#include "mock_test_support.hpp"
#include "proxy/proxy.hpp"
#include "reports/report.hpp"

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <set>
#include <sstream>

namespace concord::proxy {
namespace {

using concord::mock::testing::RawConnection;
using concord::mock::testing::RunningMock;
using concord::mock::testing::source_path;
using concord::testing::describe;
using concord::testing::Fault;
using concord::testing::FaultServer;
using concord::testing::find_failed_checks;
using concord::testing::ServerThread;
using nlohmann::json;

mock::MockOptions proxy_mock_options(const std::vector<std::string>& specs, int threads) {
  mock::MockOptions options;
  options.specs = specs;
  options.stateless = true;
  options.threads = threads;
  return options;
}

// The proxy as `concord proxy` runs it: a MockServer on the plain transport whose answers come
// from a ProxyService, on the event loops of the transport.
class RunningProxy {
public:
  // `threads`: at most this many event loops (and no more than the cores).
  RunningProxy(const std::vector<std::string>& specs, ProxyOptions options, int threads = 16)
      : service_(std::move(options)),
        running_(
            proxy_mock_options(specs, threads), std::nullopt,
            [this](const core::Request& request, const mock::MockEngine& engine) {
              return service_.handle(request, engine);
            },
            mock::MockServer::Transport::plain,
            [this](core::Request&& request, std::shared_ptr<const mock::MockEngine> engine,
                   mock::EventLoop& loop, mock::MockServer::Reply reply) {
              service_.handle_async(std::move(request), std::move(engine), loop, std::move(reply));
            }) {}

  [[nodiscard]] httplib::Client client() const {
    httplib::Client client("127.0.0.1", running_.port());
    client.set_read_timeout(10, 0);
    return client;
  }
  [[nodiscard]] int port() const { return running_.port(); }
  [[nodiscard]] json results() { return service_.results(*running_.server().engine()); }

private:
  ProxyService service_; // declared first: it outlives the server that calls it
  RunningMock running_;
};

ProxyOptions to_upstream(int port) {
  ProxyOptions options;
  options.upstream = "http://127.0.0.1:" + std::to_string(port);
  options.upstream_base = *conformance::parse_base_url(options.upstream);
  options.client.timeout_ms = 1000;
  options.client.max_response_bytes = std::size_t{1024} * 1024;
  options.checks.max_response_ms = 200;
  return options;
}

std::string faults_spec() {
  return source_path("fixtures/conformance/faults.yaml");
}

json parse(const std::string& body) {
  return json::parse(body, nullptr, false);
}

TEST(ProxyInFrontOfMock, TheSeedsRequestsAllConformAndEveryExchangeIsACase) {
  mock::MockOptions mock_options;
  mock_options.specs = {source_path("specs")};
  mock_options.behaviour_dirs = {source_path("fixtures")};
  mock_options.threads = 8;
  RunningMock upstream(mock_options);
  RunningProxy proxy({source_path("specs")}, to_upstream(upstream.port()));
  auto client = proxy.client();
  const httplib::Headers bearer{{"Authorization", "Bearer API-KEY"}};
  // Feldera: curl -X POST .../v0/pipelines/{pipeline_name}/resume (no body)
  auto feldera = client.Post("/v0/pipelines/example-pipeline/resume", bearer, "", "");
  // Northflank: the seed's body; then the same again (409: not paused).
  const std::string body = R"({"instances":1,"disabledCI":false,"disabledCD":false})";
  auto northflank = client.Post("/v1/projects/default-project/services/example-service/resume",
                                bearer, body, "application/json");
  auto again = client.Post("/v1/projects/default-project/services/example-service/resume", bearer,
                           body, "application/json");
  // ClickHouse: HTTP Basic, list the organization's services.
  httplib::Headers basic{{"Authorization", "Basic a2V5OnNlY3JldA=="}};
  auto clickhouse =
      client.Get("/v1/organizations/7d4a8a3e-2f3b-4c55-9e0b-0c1d2e3f4a5b/services", basic);
  for (const auto* answer : {&feldera, &northflank, &again, &clickhouse}) {
    ASSERT_TRUE(*answer);
    EXPECT_EQ((*answer)->get_header_value("X-Concord-Violations"), "0") << (*answer)->body;
  }
  EXPECT_EQ(feldera->status, 202);
  EXPECT_EQ(northflank->status, 200);
  EXPECT_EQ(again->status, 409);
  const json results = proxy.results();
  EXPECT_EQ(results["verdict"], "passed") << describe(results);
  ASSERT_EQ(results["cases"].size(), 4U) << describe(results);
  EXPECT_EQ(results["cases"][0]["kind"], "traffic");
  EXPECT_EQ(results["cases"][0]["id"], "POST /v0/pipelines/{pipeline_name}/resume > 202 > #1");
  EXPECT_EQ(results["cases"][2]["id"],
            "POST /v1/projects/{projectId}/services/{serviceId}/resume > 409 > #1");
  // Coverage counts the statuses real traffic exercised.
  EXPECT_EQ(results["coverage"]["exercised"].get<int>(), 4) << results["coverage"].dump();
}

struct TrafficFault {
  Fault fault;
  const char* name;
  std::set<std::string> expected;
  int client_status; // what the client of the proxy got
};

class ProxyFault : public ::testing::TestWithParam<TrafficFault> {};

TEST_P(ProxyFault, IsFoundByTheSameCheckAsVerifyAndTheClientStillGetsAnAnswer) {
  const auto& param = GetParam();
  FaultServer upstream(param.fault);
  RunningProxy proxy({faults_spec()}, to_upstream(upstream.port()));
  auto answer = proxy.client().Get("/items/item-1");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, param.client_status) << answer->body;
  const json results = proxy.results();
  EXPECT_EQ(find_failed_checks(results), param.expected) << describe(results);
  EXPECT_EQ(results["verdict"], "failed") << describe(results);
  EXPECT_EQ(answer->get_header_value("X-Concord-Violations"),
            std::to_string(results["cases"][0]["failures"].size()));
  // The proxy keeps serving after a broken upstream answer.
  EXPECT_TRUE(proxy.client().Get("/__concord/health"));
}

INSTANTIATE_TEST_SUITE_P(
    Faults, ProxyFault,
    ::testing::Values(
        TrafficFault{Fault::undocumented_status, "UndocumentedStatus", {"status-documented"}, 418},
        TrafficFault{Fault::schema_break, "SchemaBreak", {"schema"}, 200},
        TrafficFault{Fault::wrong_content_type, "WrongContentType", {"content-type"}, 200},
        TrafficFault{Fault::missing_field, "MissingRequiredField", {"schema"}, 200},
        TrafficFault{Fault::slow, "SlowAnswer", {"response-time"}, 200},
        TrafficFault{Fault::hang, "BeyondTimeout", {"network"}, 504},
        TrafficFault{Fault::malformed_json, "MalformedJson", {"json"}, 200},
        TrafficFault{Fault::too_large, "TooLarge", {"size"}, 502},
        TrafficFault{Fault::redirect, "Redirect", {"status-documented"}, 302},
        TrafficFault{Fault::never_answers, "NeverAnswers", {"network"}, 504},
        TrafficFault{Fault::closes_mid_body, "ClosesMidBody", {"network"}, 502},
        TrafficFault{Fault::huge_answer, "HundredMegabyteAnswer", {"size"}, 502},
        TrafficFault{Fault::html_as_json, "HtmlSentAsJson", {"json"}, 200}),
    [](const ::testing::TestParamInfo<TrafficFault>& param_info) {
      return std::string(param_info.param.name);
    });

TEST(ProxyFaults, ACorrectUpstreamPassesAndItsAnswerIsPassedThroughUnchanged) {
  FaultServer upstream(Fault::none);
  RunningProxy proxy({faults_spec()}, to_upstream(upstream.port()));
  auto answer = proxy.client().Get("/items/item-1");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(parse(answer->body), json({{"id", "item-1"}, {"name", "first"}, {"count", 1}}));
  EXPECT_EQ(answer->get_header_value("X-Concord-Violations"), "0");
  EXPECT_EQ(proxy.results()["verdict"], "passed") << describe(proxy.results());
}

TEST(ProxyRequests, AnUndocumentedRouteAndAMissingCredentialAreFindingsButStillForwarded) {
  FaultServer upstream(Fault::none);
  RunningProxy proxy({faults_spec()}, to_upstream(upstream.port()));
  auto client = proxy.client();
  auto nowhere = client.Get("/nothing/here");
  auto no_credentials = client.Post("/items/item-1/resume", "", "");
  ASSERT_TRUE(nowhere);
  ASSERT_TRUE(no_credentials);
  EXPECT_EQ(no_credentials->status, 401); // the upstream's own answer
  EXPECT_EQ(no_credentials->get_header_value("X-Concord-Violations"), "1");
  EXPECT_EQ(upstream.requests(), 1); // /nothing/here is not a route of the fault server
  EXPECT_EQ(find_failed_checks(proxy.results()),
            (std::set<std::string>{"route", "request-security"}))
      << describe(proxy.results());
}

TEST(ProxyErrorsMode, AnInvalidRequestIsRefusedWithoutReachingTheUpstream) {
  FaultServer upstream(Fault::none);
  auto options = to_upstream(upstream.port());
  options.errors = true;
  RunningProxy proxy({faults_spec()}, options);
  auto answer = proxy.client().Post("/items/item-1/resume", "", "");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 401);
  EXPECT_EQ(parse(answer->body)["type"], "urn:concord:security.unauthorized") << answer->body;
  auto nowhere = proxy.client().Get("/nothing/here");
  ASSERT_TRUE(nowhere);
  EXPECT_EQ(nowhere->status, 404);
  EXPECT_EQ(upstream.requests(), 0);
  const json results = proxy.results();
  ASSERT_EQ(results["cases"].size(), 2U);
  EXPECT_EQ(results["cases"][0]["outcome"], "failed");
}

TEST(ProxyErrorsMode, AnAnswerThatBreaksTheContractIsReplacedByA502ListingTheFindings) {
  FaultServer upstream(Fault::schema_break);
  auto options = to_upstream(upstream.port());
  options.errors = true;
  RunningProxy proxy({faults_spec()}, options);
  auto answer = proxy.client().Get("/items/item-1");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 502);
  const json problem = parse(answer->body);
  EXPECT_EQ(problem["type"], "urn:concord:proxy.invalid_response") << answer->body;
  ASSERT_TRUE(problem["findings"].is_array()) << answer->body;
  EXPECT_EQ(problem["findings"][0]["check"], "schema");
  EXPECT_EQ(problem["findings"][0]["pointer"], "/count");
}

TEST(ProxyUpstream, DownIsA502ProblemThatSaysSoAndTheProxyKeepsServing) {
  int closed_port = 0;
  { // bind, note the port, close without listening: connections there are refused
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    socklen_t length = sizeof address;
    ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
    closed_port = ntohs(address.sin_port);
    close(fd);
  }
  RunningProxy proxy({faults_spec()}, to_upstream(closed_port));
  for (int i = 0; i < 2; ++i) {
    auto answer = proxy.client().Get("/items/item-1");
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 502);
    const json problem = parse(answer->body);
    EXPECT_EQ(problem["type"], "urn:concord:proxy.bad_gateway");
    EXPECT_NE(problem["detail"].get<std::string>().find("connect"), std::string::npos)
        << answer->body;
  }
  const json results = proxy.results();
  EXPECT_EQ(results["summary"]["errored"], 2) << describe(results);
}

TEST(ProxyTransport, ContentLengthWithTransferEncodingIsRefusedAndNotForwarded) {
  FaultServer upstream(Fault::none);
  RunningProxy proxy({faults_spec()}, to_upstream(upstream.port()));
  RawConnection connection(proxy.port());
  ASSERT_TRUE(connection.send_all("POST /items/item-1/resume HTTP/1.1\r\n"
                                  "Host: 127.0.0.1\r\n"
                                  "Authorization: Bearer test-token\r\n"
                                  "Content-Length: 4\r\n"
                                  "Transfer-Encoding: chunked\r\n\r\n"
                                  "0\r\n\r\nGET /items/item-1 HTTP/1.1\r\nHost: x\r\n\r\n"));
  const std::string answer = connection.read_answer();
  EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0U) << answer;
  EXPECT_NE(answer.find("Transfer-Encoding and Content-Length"), std::string::npos) << answer;
  EXPECT_EQ(upstream.requests(), 0); // neither the request nor the smuggled one
}

TEST(ProxyAdmin, TheAdminPathIsAnsweredByTheProxyAndNeverForwarded) {
  FaultServer upstream(Fault::none);
  RunningProxy proxy({faults_spec()}, to_upstream(upstream.port()));
  auto client = proxy.client();
  ASSERT_TRUE(client.Get("/items/item-1"));
  auto health = client.Get("/__concord/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto journal = client.Get("/__concord/requests");
  ASSERT_TRUE(journal);
  const json entries = parse(journal->body);
  ASSERT_EQ(entries["requests"].size(), 1U) << journal->body;
  EXPECT_EQ(entries["requests"][0]["operationId"], "getItem");
  EXPECT_EQ(upstream.requests(), 1);
}

TEST(ProxyUpstream, AnswerBytesThatAreNotUtf8AreAFindingNotACrash) {
  httplib::Server upstream;
  upstream.Get(R"(/items/([^/]+))", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("\xff\xfe{\"id\": \"\xc3\x28\"}", "application/json");
  });
  const ServerThread serving(upstream);
  {
    auto options = to_upstream(serving.port());
    options.record_dir = (std::filesystem::temp_directory_path() /
                          ("concord-proxy-utf8-" + std::to_string(getpid())))
                             .string();
    RunningProxy proxy({faults_spec()}, options);
    auto answer = proxy.client().Get("/items/item-1");
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 200); // passed through as it came
    EXPECT_EQ(answer->get_header_value("X-Concord-Violations"), "1");
    auto journal = proxy.client().Get("/__concord/requests");
    ASSERT_TRUE(journal);
    EXPECT_EQ(journal->status, 200);
    auto flushed = proxy.client().Post("/__concord/flush", "", "application/json");
    ASSERT_TRUE(flushed);
    EXPECT_EQ(flushed->status, 200) << flushed->body;
    const json results = proxy.results();
    EXPECT_EQ(find_failed_checks(results), std::set<std::string>{"json"}) << describe(results);
    EXPECT_NO_THROW((void)results.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    std::filesystem::remove_all(options.record_dir);
  }
}

TEST(ProxyUpstream, TheUpstreamIsAskedForUncompressedAnswersSoThatEveryBodyIsChecked) {
  // cpp-httplib's server compresses JSON for any client that accepts gzip or br.
  httplib::Server upstream;
  std::mutex mutex;
  std::string accept_encoding;
  upstream.Get(R"(/items/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
    {
      const std::lock_guard<std::mutex> lock(mutex);
      accept_encoding = req.get_header_value("Accept-Encoding");
    }
    res.set_content(R"({"id": "item-1", "name": "first", "count": 1})", "application/json");
  });
  const ServerThread serving(upstream);
  RunningProxy proxy({faults_spec()}, to_upstream(serving.port()));
  // The client may still get a compressed answer: from the proxy's own server, as from the mock.
  auto answer = proxy.client().Get("/items/item-1", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(parse(answer->body)["name"], "first") << answer->body;
  EXPECT_EQ(answer->get_header_value("X-Concord-Violations"), "0");
  const std::lock_guard<std::mutex> lock(mutex);
  EXPECT_EQ(accept_encoding, "identity");
}

TEST(ProxyUpstream, AnAnswerStillAwaitedDoesNotHoldOtherExchangesOnTheSameLoop) {
  // The upstream answers /items/slow only once /items/fast has reached it. The proxy runs one
  // loop: had it waited for the first exchange before taking the next, /items/fast would never
  // be sent and /items/slow would give up (503).
  httplib::Server upstream;
  std::mutex mutex;
  std::condition_variable changed;
  bool slow_seen = false;
  bool fast_seen = false;
  upstream.Get(R"(/items/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
    std::unique_lock<std::mutex> lock(mutex);
    const bool is_fast = req.matches[1] == "fast";
    (is_fast ? fast_seen : slow_seen) = true;
    changed.notify_all();
    const bool released =
        is_fast || changed.wait_for(lock, std::chrono::seconds(5), [&] { return fast_seen; });
    res.status = released ? 200 : 503;
    res.set_content(R"({"id": "item-1", "name": "first", "count": 1})", "application/json");
  });
  const ServerThread serving(upstream);
  auto options = to_upstream(serving.port());
  options.client.timeout_ms = 8000;
  RunningProxy proxy({faults_spec()}, options, 1);
  auto slow =
      std::async(std::launch::async, [&proxy] { return proxy.client().Get("/items/slow"); });
  {
    std::unique_lock<std::mutex> lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, std::chrono::seconds(5), [&] { return slow_seen; }));
  }
  auto fast = proxy.client().Get("/items/fast");
  ASSERT_TRUE(fast);
  EXPECT_EQ(fast->status, 200);
  auto slow_answer = slow.get();
  ASSERT_TRUE(slow_answer);
  EXPECT_EQ(slow_answer->status, 200)
      << "the upstream never saw /items/fast while /items/slow waited";
}

TEST(ProxyCors, PreflightsAreAnsweredByTheProxyAndAnswersCarryItsCorsHeaders) {
  FaultServer upstream(Fault::none);
  RunningProxy proxy({faults_spec()}, to_upstream(upstream.port()));
  auto client = proxy.client();
  auto preflight = client.Options("/items/item-1", {{"Origin", "http://localhost:3000"},
                                                    {"Access-Control-Request-Method", "GET"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_TRUE(preflight->has_header("Access-Control-Allow-Methods"));
  EXPECT_EQ(upstream.requests(), 0);
  auto answer = client.Get("/items/item-1", {{"Origin", "http://localhost:3000"}});
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->get_header_value("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(answer->get_header_value("X-Concord-Violations"), "0");
}

TEST(ProxyReports, NoCredentialReachesTheResultsOrTheHtmlReport) {
  FaultServer upstream(Fault::none);
  auto options = to_upstream(upstream.port());
  RunningProxy proxy({faults_spec()}, options);
  auto answer = proxy.client().Post(
      "/items/item-1/resume",
      {{"Authorization", "Bearer test-token"}, {"Cookie", "sid=c00kie-value"}}, "", "");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200); // the upstream saw the credential
  const json results = proxy.results();
  const std::string text = results.dump();
  EXPECT_EQ(text.find("test-token"), std::string::npos);
  EXPECT_EQ(text.find("c00kie-value"), std::string::npos);
  const auto html = std::filesystem::temp_directory_path() /
                    ("concord-proxy-report-" + std::to_string(getpid()) + ".html");
  ASSERT_TRUE(report::write_html(results, html.string()));
  std::stringstream page;
  page << std::ifstream(html).rdbuf();
  std::filesystem::remove(html);
  // The page embeds the results as JSON, '>' written as \u003e (the browser test renders it).
  EXPECT_NE(page.str().find(R"(POST /items/{id}/resume \u003e 200 \u003e #1)"), std::string::npos);
  EXPECT_EQ(page.str().find("test-token"), std::string::npos);
}

TEST(ProxyRecording, ARecordedSessionReplaysOfflineWithTheSameBodies) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("concord-proxy-record-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::string recorded_body;
  {
    FaultServer upstream(Fault::none);
    auto options = to_upstream(upstream.port());
    options.record_dir = dir.string();
    RunningProxy proxy({faults_spec()}, options);
    auto answer = proxy.client().Get("/items/item-2"); // not the documented example
    ASSERT_TRUE(answer);
    recorded_body = answer->body;
    ASSERT_TRUE(proxy.client().Get("/items/item-1")); // the documented example: not kept
    auto flushed = proxy.client().Post("/__concord/flush", "", "application/json");
    ASSERT_TRUE(flushed);
    EXPECT_EQ(flushed->status, 200) << flushed->body;
  }
  const auto overlay = dir / "faults.examples.yaml";
  ASSERT_TRUE(std::filesystem::exists(overlay));
  mock::MockOptions offline;
  offline.specs = {faults_spec()};
  offline.overlays = {overlay.string()};
  offline.stateless = true;
  RunningMock mock(offline);
  auto replayed = mock.client().Get("/items/item-2", {{"Prefer", "example=recorded-1"}});
  ASSERT_TRUE(replayed);
  EXPECT_EQ(replayed->status, 200);
  EXPECT_EQ(parse(replayed->body), parse(recorded_body));
  auto missing = mock.client().Get("/items/item-2", {{"Prefer", "example=recorded-2"}});
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 400) << "only one distinct answer was recorded";
  std::filesystem::remove_all(dir);
}

TEST(ProxyMemory, BeyondTheKeptCapExchangesAreCountedButFailuresStillDecide) {
  FaultServer upstream(Fault::none);
  auto options = to_upstream(upstream.port());
  options.max_kept = 2;
  RunningProxy proxy({faults_spec()}, options);
  auto client = proxy.client();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client.Get("/items/item-1"));
  }
  ASSERT_TRUE(client.Get("/nothing/here"));
  const json results = proxy.results();
  EXPECT_EQ(results["summary"]["passed"], 2) << describe(results);
  EXPECT_EQ(results["summary"]["failed"], 1) << describe(results);
  EXPECT_EQ(results["verdict"], "failed");
  EXPECT_NE(results["warnings"].dump().find("4 exchanges were checked; 1 passed"),
            std::string::npos)
      << results["warnings"].dump();
}

TEST(MockOverlay, AnOverlayWhoseTargetIsGoneStopsTheMockSayingWhich) {
  const auto file = std::filesystem::temp_directory_path() /
                    ("concord-stale-overlay-" + std::to_string(getpid()) + ".yaml");
  std::ofstream(file) << "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nextends: faults.yaml\n"
                         "actions:\n  - target: $.paths['/items/{id}/gone'].get\n"
                         "    update: {summary: recorded}\n";
  mock::MockOptions options;
  options.specs = {faults_spec()};
  options.overlays = {file.string()};
  auto server = mock::MockServer::create(options);
  std::filesystem::remove(file);
  ASSERT_FALSE(server);
  EXPECT_EQ(server.error().code, core::ErrorCode::config_invalid);
  EXPECT_NE(server.error().message.find("$.paths['/items/{id}/gone'].get selects nothing"),
            std::string::npos)
      << server.error().to_string();
}

} // namespace
} // namespace concord::proxy
