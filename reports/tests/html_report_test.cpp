#include "reports/report.hpp"
#include "reports/tests/report_test_support.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>

namespace {

using concord::report::testing::load_fixture;
using nlohmann::json;
namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

fs::path out_path(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / "concord_reports_html";
  fs::create_directories(dir);
  return dir / name;
}

std::string write_page(const json& results, const std::string& name) {
  const fs::path path = out_path(name);
  const auto written = concord::report::write_html(results, path);
  EXPECT_TRUE(written.has_value()) << (written ? "" : written.error().to_string());
  return read_text(path);
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

// The embedded data block, between its opening tag and the next "</script".
std::string data_block(const std::string& page) {
  const std::string open = "<script type=\"application/json\" id=\"concord-data\">";
  const auto begin = page.find(open);
  EXPECT_NE(begin, std::string::npos);
  const auto end = page.find("</script", begin);
  return page.substr(begin + open.size(), end - begin - open.size());
}

// The page without its data block: the template the writer controls.
std::string page_outside_data(const std::string& page) {
  const std::string data = data_block(page);
  std::string copy = page;
  copy.erase(copy.find(data), data.size());
  return copy;
}

// A large run: 10,000 cases, 10% failing with bodies up to 8 KB.
json make_large_run(std::size_t n) {
  json cases = json::array();
  const std::string big(6000, 'x');
  for (std::size_t i = 0; i < n; ++i) {
    const std::string id =
        "GET /v1/things/{id} > 200 > application/json > example-" + std::to_string(i);
    const char* outcome = i % 10 == 3   ? "failed"
                          : i % 50 == 7 ? "skipped"
                          : i % 97 == 5 ? "errored"
                                        : "passed";
    const bool failing = std::string(outcome) == "failed";
    json body = {{"id", i},
                 {"name", "thing " + std::to_string(i)},
                 {"blob", big.substr(0, failing ? 100 + (i % 7) * 1000 : 200)}};
    cases.push_back(
        {{"id", id},
         {"kind", "example"},
         {"spec", "specs/things.yaml"},
         {"operationId", "getThing" + std::to_string(i % 120)},
         {"method", "GET"},
         {"path", "/v1/things/{id}/" + std::to_string(i % 120)},
         {"tags", {"things"}},
         {"expectedStatus", "200"},
         {"outcome", outcome},
         {"durationMs", 1.5},
         {"request",
          {{"method", "GET"},
           {"url", "http://127.0.0.1:4010/v1/things/" + std::to_string(i)},
           {"headers",
            {{"Accept", "application/json"}, {"Authorization", "Bearer s3cr3t-token-value"}}}}},
         {"response",
          {{"status", 200},
           {"headers", {{"content-type", "application/json"}}},
           {"body", body.dump()}}},
         {"failures", std::string(outcome) == "failed"
                          ? json::array({{{"check", "schema"},
                                          {"message", "/id: expected string"},
                                          {"pointer", "/id"},
                                          {"expected", big.substr(0, 2000)},
                                          {"actual", big}}})
                          : json::array()},
         {"reason", std::string(outcome) == "skipped" ? json("no example") : json()},
         {"baseline", nullptr},
         {"waiver", nullptr}});
  }
  json results = {
      {"tool", "concord"},
      {"version", "0.1.0"},
      {"format", 1},
      {"target", "http://127.0.0.1:4010"},
      {"startedAt", "2026-11-27T10:00:00Z"},
      {"durationMs", 81234},
      {"specs", {{{"file", "specs/things.yaml"}, {"title", "Things"}, {"version", "1"}}}},
      {"cases", cases}};
  concord::report::recompute_summary(results);
  return results;
}

TEST(HtmlReport, WritesOneSelfContainedPage) {
  const std::string page = write_page(load_fixture("sample.json"), "sample.html");
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0U);
  EXPECT_EQ(count(page, "<script type=\"application/json\" id=\"concord-data\">"), 1U);
  EXPECT_EQ(count(page, "<style>"), 1U);
  // No external resource: no src/href attributes and no URL outside the embedded data.
  const std::string outside = page_outside_data(page);
  EXPECT_EQ(outside.find(" src="), std::string::npos);
  EXPECT_EQ(outside.find(" href="), std::string::npos);
  EXPECT_EQ(outside.find("://"), std::string::npos);
  EXPECT_EQ(outside.find("@import"), std::string::npos);
  EXPECT_NE(outside.find("Content-Security-Policy"), std::string::npos);
  EXPECT_NE(outside.find("default-src 'none'"), std::string::npos);
}

TEST(HtmlReport, EmbeddedDataParsesBackToTheResults) {
  const json results = load_fixture("sample.json");
  const json embedded = json::parse(data_block(write_page(results, "roundtrip.html")));
  EXPECT_EQ(embedded["summary"], results["summary"]);
  EXPECT_EQ(embedded["cases"].size(), results["cases"].size());
  EXPECT_EQ(embedded["cases"][1]["id"], results["cases"][1]["id"]);
}

TEST(HtmlReport, ScriptCloseInDataCannotAppearRaw) {
  const std::string page = write_page(load_fixture("hostile.json"), "hostile.html");
  EXPECT_EQ(page.find("</script><script>"), std::string::npos);
  EXPECT_EQ(page.find("<img src=x"), std::string::npos);
  EXPECT_EQ(page.find("<b>x</b>"), std::string::npos);
  // Exactly the page's own two script blocks close.
  EXPECT_EQ(count(page, "</script"), 2U);
  const std::string data = data_block(page);
  for (const char* raw : {"<", ">", "&", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAE"}) {
    EXPECT_EQ(data.find(raw), std::string::npos) << raw;
  }
  EXPECT_NE(data.find("\\u003c/script\\u003e"), std::string::npos);
  EXPECT_NE(data.find("\\u202e"), std::string::npos);
  // And the escaped text still means the same.
  const json embedded = json::parse(data);
  EXPECT_NE(embedded["cases"][0]["id"].get<std::string>().find("</script><script>"),
            std::string::npos);
}

TEST(HtmlReport, LineSeparatorsAreEscaped) {
  json results = load_fixture("sample.json");
  results["cases"][0]["id"] = "a\xE2\x80\xA8"
                              "b\xE2\x80\xA9"
                              "c";
  const std::string data = data_block(write_page(results, "separators.html"));
  EXPECT_NE(data.find("a\\u2028b\\u2029c"), std::string::npos);
}

TEST(HtmlReport, NoSecretReachesThePage) {
  for (const char* name : {"sample.json", "hostile.json"}) {
    const std::string page =
        write_page(load_fixture(name), std::string("secrets-") + name + ".html");
    for (const char* secret : {"sk_live_SHOULD_NOT_LEAK", "hunter2", "abc123secret",
                               "SHOULD_NOT_LEAK_TOKEN", "SHOULD_NOT_LEAK_2", "SHOULD_NOT_LEAK_3"}) {
      EXPECT_EQ(page.find(secret), std::string::npos) << name << ": " << secret;
    }
  }
}

TEST(HtmlReport, RedactsSecretsInBodiesAndUrlsAtWriteTime) {
  json results = load_fixture("sample.json");
  auto& request = results["cases"][0]["request"];
  request["url"] = "http://h/x?access_token=URLSECRET&page=2";
  request["body"] =
      R"({"user":{"name":"a","Password":"PWSECRET","nested":[{"client_secret":"CSECRET"}]}})";
  results["cases"][0]["response"]["body"] =
      "grant_type=password&password=FORMSECRET&api_key=KEYSECRET";
  results["cases"][0]["response"]["headers"]["Proxy-Authorization"] = "Basic PROXYSECRET";
  const std::string page = write_page(results, "redact.html");
  for (const char* secret :
       {"URLSECRET", "PWSECRET", "CSECRET", "FORMSECRET", "KEYSECRET", "PROXYSECRET"}) {
    EXPECT_EQ(page.find(secret), std::string::npos) << secret;
  }
  EXPECT_NE(page.find("page=2"), std::string::npos);
}

TEST(HtmlReport, LongBodiesAreCutAndMarked) {
  json results = load_fixture("sample.json");
  results["cases"][1]["response"]["body"] = std::string(10000, 'y');
  const json embedded = json::parse(data_block(write_page(results, "long.html")));
  const json& response = embedded["cases"][1]["response"];
  EXPECT_EQ(response["bodyTruncated"], 10000);
  EXPECT_EQ(response["body"].get<std::string>().size(), 4096U);
  EXPECT_EQ(embedded["cases"][1]["failures"][1].value("actualTruncated", 0), 0);
}

TEST(HtmlReport, PassedCasesCarryNoBodies) {
  const json embedded =
      json::parse(data_block(write_page(load_fixture("sample.json"), "passed.html")));
  const json& passed = embedded["cases"][0];
  ASSERT_EQ(passed["outcome"], "passed");
  EXPECT_FALSE(passed["response"].contains("body"));
  EXPECT_FALSE(passed["request"].contains("headers"));
}

TEST(HtmlReport, TenThousandCasesStayUnderFiveMegabytes) {
  const json results = make_large_run(10000);
  const fs::path path = out_path("large.html");
  ASSERT_TRUE(concord::report::write_html(results, path).has_value());
  const auto size = fs::file_size(path);
  std::cout << "10,000-case report: " << size << " bytes (results JSON " << results.dump().size()
            << " bytes)\n";
  EXPECT_LE(size, 5U * 1000U * 1000U);
  const std::string page = read_text(path);
  EXPECT_EQ(page.find("s3cr3t-token-value"), std::string::npos);
  const json embedded = json::parse(data_block(page));
  EXPECT_EQ(embedded["cases"].size(), 10000U);
}

TEST(HtmlReport, UnwritablePathIsAnError) {
  const auto written =
      concord::report::write_html(load_fixture("sample.json"), "/nonexistent-dir/x/report.html");
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().code, concord::core::ErrorCode::usage);
}

} // namespace
