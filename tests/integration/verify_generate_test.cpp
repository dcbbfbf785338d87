// `concord verify --generate` against small servers of fixtures/conformance/generate.yaml that
// are wrong on purpose, one fault each: every fault must be found by exactly its check, the
// failing request shrunk, and the correct server must pass every generated case.
#include "conformance/verify.hpp"
#include "fault_server.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <optional>
#include <set>
#include <string>
#include <thread>

namespace concord::conformance {
namespace {

using nlohmann::json;
using testing::describe;
using testing::find_failed_checks;

enum class Bug {
  none,
  empty_string_500,  // 500 when a string field is empty
  missing_required,  // accepts a body without `size`
  auth_ignored,      // never looks at the credentials
  extra_field,       // answers with a field the closed schema does not have
  rejects_valid_tags // 400 for a valid body that has tags
};

constexpr const char* k_token = "good-token";

bool is_lower_word(const std::string& text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// The schema of NewWidget, written out by hand: what a correct server checks.
std::string find_body_problem(const json& body, Bug bug) {
  static const std::set<std::string> k_known{"name", "size", "color", "tags", "note"};
  if (!body.is_object()) {
    return "the body is not an object";
  }
  for (const auto& [key, value] : body.items()) {
    if (k_known.count(key) == 0) {
      return "unknown field " + key;
    }
  }
  const auto name = body.find("name");
  if (name == body.end() || !name->is_string() || name->get<std::string>().size() > 20 ||
      (!is_lower_word(name->get<std::string>()) &&
       !(bug == Bug::empty_string_500 && name->get<std::string>().empty()))) {
    return "name";
  }
  const auto size = body.find("size");
  if (size == body.end()) {
    if (bug != Bug::missing_required) {
      return "size is required";
    }
  } else if (!size->is_number_integer() || *size < 1 || *size > 10) {
    return "size";
  }
  if (const auto color = body.find("color");
      color != body.end() && *color != "red" && *color != "blue") {
    return "color";
  }
  if (const auto tags = body.find("tags"); tags != body.end()) {
    if (!tags->is_array() || tags->size() > 3) {
      return "tags";
    }
    for (const auto& tag : *tags) {
      if (!tag.is_string() || tag.get<std::string>().size() > 8) {
        return "tags";
      }
    }
  }
  if (const auto note = body.find("note"); note != body.end()) {
    if (!note->is_null() && (!note->is_string() || note->get<std::string>().size() > 40)) {
      return "note";
    }
  }
  return "";
}

bool has_empty_string(const json& value) {
  if (value.is_string()) {
    return value.get<std::string>().empty();
  }
  if (value.is_structured()) {
    return std::any_of(value.begin(), value.end(), has_empty_string);
  }
  return false;
}

void problem(httplib::Response& res, int status, const std::string& title) {
  res.status = status;
  res.set_content(json{{"title", title}, {"status", status}}.dump(), "application/problem+json");
}

class WidgetServer {
public:
  explicit WidgetServer(Bug bug) : bug_(bug) {
    server_.Post("/v1/widgets",
                 [this](const httplib::Request& req, httplib::Response& res) { create(req, res); });
    server_.Get(R"(/v1/widgets/([^/]+))",
                [](const httplib::Request& req, httplib::Response& res) { get(req, res); });
    running_.emplace(server_);
  }
  WidgetServer(const WidgetServer&) = delete;
  WidgetServer& operator=(const WidgetServer&) = delete;

  [[nodiscard]] int port() const { return running_->port(); }

private:
  Bug bug_;
  httplib::Server server_;

  void create(const httplib::Request& req, httplib::Response& res) const {
    if (bug_ != Bug::auth_ignored &&
        req.get_header_value("Authorization") != std::string("Bearer ") + k_token) {
      problem(res, 401, "no or wrong credentials");
      return;
    }
    const json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded()) {
      problem(res, 400, "the body is not JSON");
      return;
    }
    if (const auto what = find_body_problem(body, bug_); !what.empty()) {
      problem(res, 400, what);
      return;
    }
    if (bug_ == Bug::empty_string_500 && has_empty_string(body)) {
      problem(res, 500, "internal error");
      return;
    }
    if (bug_ == Bug::rejects_valid_tags && body.contains("tags")) {
      problem(res, 400, "tags are not supported");
      return;
    }
    json widget = body;
    widget["id"] = "w1";
    if (!widget.contains("size")) {
      widget["size"] = 1; // the missing-required bug stores a default: only the request is wrong
    }
    if (bug_ == Bug::extra_field) {
      widget["internalShard"] = 7;
    }
    res.status = 201;
    res.set_content(widget.dump(), "application/json");
  }

  static void get(const httplib::Request& req, httplib::Response& res) {
    const std::string id = req.matches[1];
    const bool id_ok =
        id.size() > 1 && id[0] == 'w' &&
        std::all_of(id.begin() + 1, id.end(), [](char c) { return c >= '0' && c <= '9'; });
    const std::string verbose = req.get_param_value("verbose");
    const std::string limit = req.get_param_value("limit");
    bool limit_ok = true;
    if (req.has_param("limit")) {
      limit_ok =
          !limit.empty() && limit.size() < 4 &&
          std::all_of(limit.begin(), limit.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
          std::stoi(limit) >= 1 && std::stoi(limit) <= 50;
    }
    if (!id_ok || (req.has_param("verbose") && verbose != "true" && verbose != "false") ||
        !limit_ok) {
      problem(res, 400, "bad parameter");
      return;
    }
    if (id != "w1") {
      problem(res, 404, "no such widget");
      return;
    }
    res.set_content(R"({"id":"w1","name":"gear","size":3})", "application/json");
  }
  std::optional<testing::ServerThread> running_; // last: stops first
};

VerifyConfig make_config(int port, int count) {
  VerifyConfig config;
  config.specs = {std::string(CONCORD_SOURCE_DIR) + "/fixtures/conformance/generate.yaml"};
  config.target = "http://127.0.0.1:" + std::to_string(port) + "/v1";
  config.token = k_token;
  config.jobs = 2;
  config.timeout_ms = 2000;
  config.case_globs = {"*generated*"};
  config.generate_count = count;
  config.seed = 11;
  return config;
}

json run(Bug bug, int count = 200, RejectedValid rejected = RejectedValid::warn) {
  WidgetServer server(bug);
  auto config = make_config(server.port(), count);
  config.rejected_valid = rejected;
  auto results = run_conformance(config);
  EXPECT_TRUE(results) << results.error().to_string();
  return results ? *results : json::object();
}

TEST(VerifyGenerate, CorrectServerPassesEveryGeneratedCase) {
  const auto results = run(Bug::none);
  EXPECT_EQ(results["verdict"], "passed") << describe(results);
  EXPECT_TRUE(find_failed_checks(results).empty()) << describe(results);
  std::set<std::string> kinds;
  for (const auto& item : results["cases"]) {
    kinds.insert(item["kind"].get<std::string>());
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"generated-valid", "generated-invalid"}));
  // The seed is in the results, so that the run can be replayed.
  EXPECT_EQ(results["options"]["generate"]["seed"], "11");
  EXPECT_EQ(results.dump().find(k_token), std::string::npos);
}

struct BugCase {
  Bug bug;
  const char* name;
  std::set<std::string> expected;
};

class VerifyGenerateBug : public ::testing::TestWithParam<BugCase> {};

TEST_P(VerifyGenerateBug, IsFoundByExactlyItsCheck) {
  const auto& param = GetParam();
  const auto results = run(param.bug);
  EXPECT_EQ(results["verdict"], "failed") << describe(results);
  EXPECT_EQ(find_failed_checks(results), param.expected) << describe(results);
}

INSTANTIATE_TEST_SUITE_P(
    Bugs, VerifyGenerateBug,
    ::testing::Values(BugCase{Bug::empty_string_500, "EmptyString500", {"server-error"}},
                      BugCase{Bug::missing_required, "MissingRequired", {"accepted-invalid"}},
                      BugCase{Bug::auth_ignored, "AuthIgnored", {"auth-ignored"}},
                      BugCase{Bug::extra_field, "ExtraField", {"schema"}}),
    [](const ::testing::TestParamInfo<BugCase>& info) { return std::string(info.param.name); });

const json* find_failed_case(const json& results, const std::string& check) {
  for (const auto& item : results["cases"]) {
    for (const auto& failure : item["failures"]) {
      if (failure["check"] == check) {
        return &item;
      }
    }
  }
  return nullptr;
}

TEST(VerifyGenerate, AFailingRequestIsShrunkToTheSmallestThatStillFails) {
  const auto results = run(Bug::empty_string_500);
  const json* failed = find_failed_case(results, "server-error");
  ASSERT_NE(failed, nullptr) << describe(results);
  ASSERT_TRUE(failed->contains("shrunk")) << failed->dump(2);
  const auto& shrunk = (*failed)["shrunk"];
  EXPECT_GE(shrunk["steps"].get<int>(), 1);
  const json small = json::parse((*failed)["request"]["body"].get<std::string>());
  const json original = json::parse(shrunk["originalRequest"]["body"].get<std::string>());
  // The empty string that causes the 500 is kept; everything optional around it is gone.
  EXPECT_TRUE(has_empty_string(small)) << small.dump();
  EXPECT_LT(small.dump().size(), original.dump().size());
  for (const char* optional : {"color", "tags"}) {
    EXPECT_FALSE(small.contains(optional)) << small.dump();
  }
  EXPECT_EQ((*failed)["response"]["status"], 500);
}

TEST(VerifyGenerate, RejectedValidIsAWarningUnlessAskedToFail) {
  const auto warned = run(Bug::rejects_valid_tags);
  EXPECT_EQ(warned["verdict"], "passed") << describe(warned);
  bool noted = false;
  for (const auto& item : warned["cases"]) {
    for (const auto& note : item["notes"]) {
      noted = noted || note.get<std::string>().find("rejected-valid") != std::string::npos;
    }
  }
  EXPECT_TRUE(noted);
  const auto failed = run(Bug::rejects_valid_tags, 200, RejectedValid::fail);
  EXPECT_EQ(find_failed_checks(failed), std::set<std::string>{"rejected-valid"})
      << describe(failed);
}

TEST(VerifyGenerate, TheSameSeedSendsTheSameRequests) {
  const auto requests = [] {
    std::vector<std::string> out;
    const json results = run(Bug::none, 10); // kept: a loop over a temporary's member dangles
    for (const auto& item : results["cases"]) {
      json request = item["request"];
      if (request.is_object()) {
        // Each run has its own server, so its own port: compare what follows the origin.
        const auto url = request["url"].get<std::string>();
        request["url"] = url.substr(url.find('/', url.find("//") + 2));
      }
      out.push_back(item["id"].get<std::string>() + " " + request.dump());
    }
    return out;
  };
  const auto first = requests();
  EXPECT_EQ(first.size(), 22U); // 10 per generated operation, 1 skipped each for DELETE, PATCH
  EXPECT_EQ(first, requests());
}

} // namespace
} // namespace concord::conformance
