#include "conformance/scenario.hpp"

#include "core/document.hpp"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <system_error>

namespace concord::conformance {
namespace {

using nlohmann::json;

class Parser {
public:
  explicit Parser(const core::Document& doc) : doc_(doc) {}

  core::Result<FixtureFile> parse_file();

private:
  const core::Document& doc_;
  std::optional<core::Error> error_;

  bool fail(const std::string& pointer, std::string message) {
    if (!error_) {
      error_ = core::Error{core::ErrorCode::config_invalid, std::move(message),
                           doc_.location_of(pointer)};
    }
    return false;
  }

  bool check_keys(const json& node, const std::string& pointer,
                  std::initializer_list<const char*> allowed) {
    if (!node.is_object()) {
      return fail(pointer, "expected a mapping");
    }
    for (const auto& [key, value] : node.items()) {
      const bool known = std::any_of(allowed.begin(), allowed.end(),
                                     [&k = key](const char* name) { return k == name; });
      if (!known) {
        std::string list;
        for (const char* name : allowed) {
          list += (list.empty() ? "" : ", ") + std::string(name);
        }
        return fail(pointer + "/" + core::escape_pointer_token(key),
                    "unknown key '" + key + "' (expected one of: " + list + ")");
      }
    }
    return true;
  }

  bool read_string(const json& node, const char* key, const std::string& pointer, std::string& out,
                   bool required) {
    const auto it = node.find(key);
    if (it == node.end()) {
      return required ? fail(pointer, std::string("missing '") + key + "'") : true;
    }
    if (!it->is_string()) {
      return fail(pointer + "/" + key, std::string("'") + key + "' must be a string");
    }
    out = it->get<std::string>();
    return true;
  }

  bool read_object(const json& node, const char* key, const std::string& pointer, json& out) {
    const auto it = node.find(key);
    if (it == node.end()) {
      return true;
    }
    if (!it->is_object()) {
      return fail(pointer + "/" + key, std::string("'") + key + "' must be a mapping");
    }
    out = *it;
    return true;
  }

  bool parse_status(const json& value, const std::string& pointer, std::string& out) {
    if (value.is_number_integer()) {
      out = std::to_string(value.get<int>());
    } else if (value.is_string()) {
      out = value.get<std::string>();
    } else {
      return fail(pointer, "status must be a number like 409 or a range like 4XX");
    }
    const bool ok = out.size() == 3 && out[0] >= '1' && out[0] <= '5';
    return ok ? true : fail(pointer, "status must be a number like 409 or a range like 4XX");
  }

  bool parse_given(const json& node, const std::string& pointer, std::vector<ProviderState>& out) {
    if (!node.is_array()) {
      return fail(pointer, "'given' must be a list of provider states");
    }
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string here = pointer + "/" + std::to_string(i);
      const auto& item = node[i];
      if (!check_keys(item, here, {"resource", "key", "state", "fields", "description"})) {
        return false;
      }
      ProviderState state;
      if (!read_string(item, "resource", here, state.resource, true) ||
          !read_object(item, "key", here, state.key) ||
          !read_string(item, "state", here, state.state, false) ||
          !read_object(item, "fields", here, state.fields) ||
          !read_string(item, "description", here, state.description, false)) {
        return false;
      }
      if (state.description.empty()) {
        state.description = describe_state(state);
      }
      out.push_back(std::move(state));
    }
    return true;
  }

  bool parse_expect(const json& node, const std::string& pointer, StepExpect& out) {
    if (!check_keys(node, pointer, {"status", "body", "headers"})) {
      return false;
    }
    if (const auto it = node.find("status"); it != node.end()) {
      std::string status;
      if (!parse_status(*it, pointer + "/status", status)) {
        return false;
      }
      out.status = status;
    }
    if (const auto it = node.find("body"); it != node.end()) {
      if (!it->is_object()) {
        return fail(pointer + "/body", "'body' must map JSON pointers to values");
      }
      for (const auto& [key, value] : it->items()) {
        if (!key.empty() && key.front() != '/') {
          return fail(pointer + "/body/" + core::escape_pointer_token(key),
                      "'" + key + "' is not a JSON pointer (it must start with '/')");
        }
        out.body.emplace_back(key, value);
      }
    }
    if (const auto it = node.find("headers"); it != node.end()) {
      if (!it->is_object()) {
        return fail(pointer + "/headers", "'headers' must be a mapping");
      }
      for (const auto& [key, value] : it->items()) {
        out.headers.emplace_back(
            key, value.is_string()
                     ? value.get<std::string>()
                     : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      }
    }
    return true;
  }

  bool parse_capture(const json& node, const std::string& pointer,
                     std::vector<std::pair<std::string, std::string>>& out) {
    if (!node.is_object()) {
      return fail(pointer, "'capture' must map names to JSON pointers");
    }
    for (const auto& [key, value] : node.items()) {
      if (!value.is_string() ||
          (!value.get<std::string>().empty() && value.get<std::string>().front() != '/')) {
        return fail(pointer + "/" + core::escape_pointer_token(key),
                    "capture '" + key + "' must be a JSON pointer like /result/id");
      }
      out.emplace_back(key, value.get<std::string>());
    }
    return true;
  }

  bool parse_until(const json& node, const std::string& pointer, StepPoll& out) {
    if (!check_keys(node, pointer, {"pointer", "equals", "every", "within"}) ||
        !read_string(node, "pointer", pointer, out.pointer, true)) {
      return false;
    }
    if (!node.contains("equals")) {
      return fail(pointer, "missing 'equals'");
    }
    out.equals = node.at("equals");
    if (node.contains("every")) {
      out.every_ms = parse_duration_ms(node.at("every"));
      if (out.every_ms <= 0) {
        return fail(pointer + "/every", "'every' must be a duration like 200ms or 1s");
      }
    }
    if (node.contains("within")) {
      out.within_ms = parse_duration_ms(node.at("within"));
      if (out.within_ms <= 0) {
        return fail(pointer + "/within", "'within' must be a duration like 10s");
      }
    }
    return true;
  }

  bool parse_step(const json& node, const std::string& pointer, Step& step) {
    if (!check_keys(node, pointer,
                    {"name", "operation", "params", "headers", "body", "credentials", "expect",
                     "capture", "until"})) {
      return false;
    }
    step.location = doc_.location_of(pointer);
    if (!read_string(node, "name", pointer, step.name, false) ||
        !read_string(node, "operation", pointer, step.operation, true) ||
        !read_object(node, "params", pointer, step.params) ||
        !read_object(node, "headers", pointer, step.headers)) {
      return false;
    }
    if (const auto it = node.find("body"); it != node.end()) {
      step.body = *it;
    }
    if (const auto it = node.find("credentials"); it != node.end()) {
      if (!it->is_boolean()) {
        return fail(pointer + "/credentials", "'credentials' must be true or false");
      }
      step.credentials = it->get<bool>();
    }
    if (const auto it = node.find("expect");
        it != node.end() && !parse_expect(*it, pointer + "/expect", step.expect)) {
      return false;
    }
    if (const auto it = node.find("capture");
        it != node.end() && !parse_capture(*it, pointer + "/capture", step.capture)) {
      return false;
    }
    if (const auto it = node.find("until"); it != node.end()) {
      StepPoll poll;
      if (!parse_until(*it, pointer + "/until", poll)) {
        return false;
      }
      step.until = std::move(poll);
    }
    return true;
  }

  bool parse_steps(const json& node, const char* key, const std::string& pointer,
                   std::vector<Step>& out) {
    const auto it = node.find(key);
    if (it == node.end()) {
      return true;
    }
    const std::string here = pointer + "/" + key;
    if (!it->is_array()) {
      return fail(here, std::string("'") + key + "' must be a list of steps");
    }
    for (std::size_t i = 0; i < it->size(); ++i) {
      Step step;
      if (!parse_step((*it)[i], here + "/" + std::to_string(i), step)) {
        return false;
      }
      out.push_back(std::move(step));
    }
    return true;
  }

  bool parse_scenario(const json& node, const std::string& pointer, Scenario& out) {
    if (!check_keys(node, pointer,
                    {"name", "spec", "description", "given", "setup", "steps", "teardown"}) ||
        !read_string(node, "name", pointer, out.name, true) ||
        !read_string(node, "spec", pointer, out.spec, false)) {
      return false;
    }
    out.location = doc_.location_of(pointer);
    if (const auto it = node.find("given");
        it != node.end() && !parse_given(*it, pointer + "/given", out.given)) {
      return false;
    }
    if (!parse_steps(node, "setup", pointer, out.setup) ||
        !parse_steps(node, "steps", pointer, out.steps) ||
        !parse_steps(node, "teardown", pointer, out.teardown)) {
      return false;
    }
    if (out.steps.empty()) {
      return fail(pointer, "scenario '" + out.name + "' has no steps");
    }
    return true;
  }

  bool parse_case_fixture(const json& node, const std::string& pointer, CaseFixture& out) {
    if (!check_keys(node, pointer,
                    {"operation", "status", "expect", "example", "given", "params", "body",
                     "ignore", "spec", "description"}) ||
        !read_string(node, "operation", pointer, out.operation, true) ||
        !read_string(node, "example", pointer, out.example, false) ||
        !read_string(node, "spec", pointer, out.spec, false) ||
        !read_object(node, "params", pointer, out.params)) {
      return false;
    }
    out.location = doc_.location_of(pointer);
    if (const auto it = node.find("status"); it != node.end()) {
      if (it->is_string() && it->get<std::string>() == "default") {
        out.status = "default";
      } else if (!parse_status(*it, pointer + "/status", out.status)) {
        return false;
      }
    }
    if (const auto it = node.find("expect"); it != node.end()) {
      if (!it->is_number_integer() || it->get<int>() < 100 || it->get<int>() > 599) {
        return fail(pointer + "/expect", "'expect' must be a concrete status like 400");
      }
      out.expect = it->get<int>();
    }
    if (const auto it = node.find("body"); it != node.end()) {
      out.body = *it;
    }
    if (const auto it = node.find("given");
        it != node.end() && !parse_given(*it, pointer + "/given", out.given)) {
      return false;
    }
    if (const auto it = node.find("ignore");
        it != node.end() && !parse_pointer_list(*it, pointer + "/ignore", out.ignore)) {
      return false;
    }
    return true;
  }

  bool parse_pointer_list(const json& node, const std::string& pointer,
                          std::vector<std::string>& out) {
    if (!node.is_array()) {
      return fail(pointer, "expected a list of JSON pointers");
    }
    for (std::size_t i = 0; i < node.size(); ++i) {
      if (!node[i].is_string()) {
        return fail(pointer + "/" + std::to_string(i), "expected a JSON pointer");
      }
      out.push_back(node[i].get<std::string>());
    }
    return true;
  }

  bool parse_list(const json& root, const char* key, FixtureFile& out) {
    const auto it = root.find(key);
    if (it == root.end()) {
      return true;
    }
    const std::string here = std::string("/") + key;
    if (!it->is_array()) {
      return fail(here, std::string("'") + key + "' must be a list");
    }
    for (std::size_t i = 0; i < it->size(); ++i) {
      const std::string item = here + "/" + std::to_string(i);
      if (std::string(key) == "scenarios") {
        Scenario scenario;
        if (!parse_scenario((*it)[i], item, scenario)) {
          return false;
        }
        out.scenarios.push_back(std::move(scenario));
      } else {
        CaseFixture fixture;
        if (!parse_case_fixture((*it)[i], item, fixture)) {
          return false;
        }
        out.cases.push_back(std::move(fixture));
      }
    }
    return true;
  }

  bool parse_ignore(const json& root, FixtureFile& out) {
    const auto it = root.find("ignore");
    if (it == root.end()) {
      return true;
    }
    if (!it->is_object()) {
      return fail("/ignore", "'ignore' must map operations to lists of JSON pointers");
    }
    for (const auto& [key, value] : it->items()) {
      if (!parse_pointer_list(value, "/ignore/" + core::escape_pointer_token(key),
                              out.ignore[key])) {
        return false;
      }
    }
    return true;
  }
};

core::Result<FixtureFile> Parser::parse_file() {
  FixtureFile out;
  out.file = doc_.uri;
  const json& root = doc_.root;
  if (!root.is_object()) {
    fail("", "a scenario file must be a mapping");
    return tl::unexpected(*error_);
  }
  bool ok = true;
  if (root.contains("steps")) { // a file that is one scenario
    Scenario scenario;
    ok = parse_scenario(root, "", scenario);
    if (ok) {
      out.scenarios.push_back(std::move(scenario));
    }
  } else {
    ok = check_keys(root, "", {"spec", "description", "ignore", "cases", "scenarios"}) &&
         read_string(root, "spec", "", out.spec, false) && parse_ignore(root, out) &&
         parse_list(root, "cases", out) && parse_list(root, "scenarios", out);
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
  return Parser(*doc).parse_file();
}

core::Result<FixtureFile> load_fixture_file(const std::filesystem::path& path) {
  auto doc = core::load_document(path);
  if (!doc) {
    auto error = doc.error();
    if (error.code != core::ErrorCode::io_read) {
      error.code = core::ErrorCode::config_invalid;
    }
    return tl::unexpected(error);
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
