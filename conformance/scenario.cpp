#include "conformance/scenario.hpp"

#include "core/config_schema.hpp"
#include "core/document.hpp"

#include <algorithm>
#include <cctype>
#include <system_error>

namespace concord::conformance {
namespace {

using nlohmann::json;

std::string scalar_text(const json& value) {
  return value.is_string() ? value.get<std::string>()
                           : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string status_text(const json& value) {
  return value.is_number_integer() ? std::to_string(value.get<int>()) : value.get<std::string>();
}

// Turns a file that passed schemas/scenario.schema.json into scenarios and case fixtures. The
// schema checks every key and type; what is left is mapping, defaults, and the duration range
// (positive, under a day) that a pattern cannot say.
class Parser {
public:
  explicit Parser(const core::Document& doc) : doc_(doc) {}

  core::Result<FixtureFile> parse_file();

private:
  const core::Document& doc_;
  std::optional<core::Error> error_;

  bool fail(const std::string& pointer, const std::string& message) {
    if (!error_) {
      std::string text = pointer;
      text += ": ";
      text += message;
      error_ =
          core::Error{core::ErrorCode::config_invalid, std::move(text), doc_.location_of(pointer)};
    }
    return false;
  }

  static std::vector<ProviderState> read_given(const json& node) {
    std::vector<ProviderState> out;
    for (const auto& item : node.is_array() ? node : json::array()) {
      ProviderState state;
      state.resource = item.value("resource", "");
      state.key = item.value("key", json::object());
      state.state = item.value("state", "");
      state.fields = item.value("fields", json::object());
      state.description = item.value("description", "");
      if (state.description.empty()) {
        state.description = describe_state(state);
      }
      out.push_back(std::move(state));
    }
    return out;
  }

  static StepExpect read_expect(const json& node) {
    StepExpect out;
    if (const auto it = node.find("status"); it != node.end()) {
      out.status = status_text(*it);
    }
    const json body_map = node.value("body", json::object());
    for (const auto& [key, value] : body_map.items()) {
      out.body.emplace_back(key, value);
    }
    const json headers = node.value("headers", json::object());
    for (const auto& [key, value] : headers.items()) {
      out.headers.emplace_back(key, scalar_text(value));
    }
    return out;
  }

  bool read_duration(const json& node, const char* key, const std::string& pointer, int& out) {
    if (!node.contains(key)) {
      return true;
    }
    out = parse_duration_ms(node.at(key));
    return out > 0 ||
           fail(pointer + "/" + key, std::string("'") + key + "' must be a duration under a day");
  }

  bool read_step(const json& node, const std::string& pointer, Step& step) {
    step.location = doc_.location_of(pointer);
    step.name = node.value("name", "");
    step.operation = node.value("operation", "");
    step.params = node.value("params", json::object());
    step.headers = node.value("headers", json::object());
    if (const auto it = node.find("body"); it != node.end()) {
      step.body = *it;
    }
    step.credentials = node.value("credentials", true);
    step.expect = read_expect(node.value("expect", json::object()));
    const json capture = node.value("capture", json::object());
    for (const auto& [key, value] : capture.items()) {
      step.capture.emplace_back(key, value.get<std::string>());
    }
    if (const auto it = node.find("until"); it != node.end()) {
      StepPoll poll;
      poll.pointer = it->value("pointer", "");
      poll.equals = it->at("equals");
      if (!read_duration(*it, "every", pointer + "/until", poll.every_ms) ||
          !read_duration(*it, "within", pointer + "/until", poll.within_ms)) {
        return false;
      }
      step.until = std::move(poll);
    }
    return true;
  }

  bool read_steps(const json& node, const char* key, const std::string& pointer,
                  std::vector<Step>& out) {
    const auto list = node.value(key, json::array());
    for (std::size_t i = 0; i < list.size(); ++i) {
      Step step;
      if (!read_step(list[i], pointer + "/" + key + "/" + std::to_string(i), step)) {
        return false;
      }
      out.push_back(std::move(step));
    }
    return true;
  }

  bool read_scenario(const json& node, const std::string& pointer, Scenario& out) {
    out.name = node.value("name", "");
    out.spec = node.value("spec", "");
    out.location = doc_.location_of(pointer);
    out.given = read_given(node.value("given", json()));
    return read_steps(node, "setup", pointer, out.setup) &&
           read_steps(node, "steps", pointer, out.steps) &&
           read_steps(node, "teardown", pointer, out.teardown);
  }

  CaseFixture read_case_fixture(const json& node, const std::string& pointer) const {
    CaseFixture out;
    out.operation = node.value("operation", "");
    out.example = node.value("example", "");
    out.spec = node.value("spec", "");
    out.params = node.value("params", json::object());
    out.location = doc_.location_of(pointer);
    if (const auto it = node.find("status"); it != node.end()) {
      out.status = status_text(*it);
    }
    if (const auto it = node.find("expect"); it != node.end()) {
      out.expect = it->get<int>();
    }
    if (const auto it = node.find("body"); it != node.end()) {
      out.body = *it;
    }
    out.given = read_given(node.value("given", json()));
    out.ignore = node.value("ignore", std::vector<std::string>());
    return out;
  }

  bool read_lists(const json& root, FixtureFile& out) {
    out.spec = root.value("spec", "");
    const json ignore = root.value("ignore", json::object());
    for (const auto& [key, value] : ignore.items()) {
      out.ignore[key] = value.get<std::vector<std::string>>();
    }
    const auto cases = root.value("cases", json::array());
    for (std::size_t i = 0; i < cases.size(); ++i) {
      out.cases.push_back(read_case_fixture(cases[i], "/cases/" + std::to_string(i)));
    }
    const auto scenarios = root.value("scenarios", json::array());
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
      Scenario scenario;
      if (!read_scenario(scenarios[i], "/scenarios/" + std::to_string(i), scenario)) {
        return false;
      }
      out.scenarios.push_back(std::move(scenario));
    }
    return true;
  }
};

// The document has passed the schema.
core::Result<FixtureFile> Parser::parse_file() {
  FixtureFile out;
  out.file = doc_.uri;
  const json& root = doc_.root;
  bool ok = true;
  if (root.contains("steps")) { // a file that is one scenario
    Scenario scenario;
    ok = read_scenario(root, "", scenario);
    out.scenarios.push_back(std::move(scenario));
  } else {
    ok = read_lists(root, out);
  }
  if (!ok) {
    return tl::unexpected(*error_);
  }
  for (auto& scenario : out.scenarios) {
    scenario.file = out.file;
    if (scenario.spec.empty()) {
      scenario.spec = out.spec;
    }
  }
  for (auto& fixture : out.cases) {
    if (fixture.spec.empty()) {
      fixture.spec = out.spec;
    }
  }
  return out;
}

} // namespace

int parse_duration_ms(const nlohmann::json& value) {
  if (value.is_number_integer()) {
    const auto ms = value.get<long long>();
    return ms > 0 && ms < 86400000 ? static_cast<int>(ms) : -1;
  }
  if (!value.is_string()) {
    return -1;
  }
  const std::string text = value.get<std::string>();
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])) != 0) {
    ++digits;
  }
  if (digits == 0 || digits > 7) {
    return -1;
  }
  const long long number = std::stoll(text.substr(0, digits));
  const std::string unit = text.substr(digits);
  long long ms = -1;
  if (unit == "ms") {
    ms = number;
  } else if (unit == "s") {
    ms = number * 1000;
  } else if (unit == "m") {
    ms = number * 60000;
  }
  return ms > 0 && ms < 86400000 ? static_cast<int>(ms) : -1;
}

std::string describe_state(const ProviderState& state) {
  std::string out = state.resource;
  for (const auto& [key, value] : state.key.items()) {
    out +=
        " " + key + "=" +
        (value.is_string() ? value.get<std::string>()
                           : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  out += state.state.empty() ? " exists" : " is " + state.state;
  return out;
}

core::Result<FixtureFile> parse_fixture_text(std::string_view text, std::string uri) {
  auto doc = core::parse_document(text, std::move(uri));
  if (!doc) {
    auto error = doc.error();
    error.code = core::ErrorCode::config_invalid;
    return tl::unexpected(error);
  }
  if (auto checked = core::check_config_document(*doc, "scenario"); !checked) {
    return tl::unexpected(checked.error());
  }
  return Parser(*doc).parse_file();
}

core::Result<FixtureFile> load_fixture_file(const std::filesystem::path& path) {
  auto doc = core::load_config_document(path, "scenario");
  if (!doc) {
    return tl::unexpected(doc.error());
  }
  auto out = Parser(*doc).parse_file();
  if (out) {
    out->file = path.string();
    for (auto& scenario : out->scenarios) {
      scenario.file = out->file;
    }
  }
  return out;
}

core::Result<std::vector<FixtureFile>> load_fixture_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    if (std::filesystem::is_regular_file(dir, ec)) {
      auto one = load_fixture_file(dir);
      if (!one) {
        return tl::unexpected(one.error());
      }
      return std::vector<FixtureFile>{std::move(*one)};
    }
    return core::fail(core::ErrorCode::io_read, "fixtures directory not found", dir.string());
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const auto ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml" || ext == ".json")) {
      files.push_back(entry.path());
    }
  }
  if (ec) {
    return core::fail(core::ErrorCode::io_read, "cannot list fixtures: " + ec.message(),
                      dir.string());
  }
  std::sort(files.begin(), files.end());
  std::vector<FixtureFile> out;
  for (const auto& file : files) {
    auto one = load_fixture_file(file);
    if (!one) {
      return tl::unexpected(one.error());
    }
    out.push_back(std::move(*one));
  }
  return out;
}

} // namespace concord::conformance
