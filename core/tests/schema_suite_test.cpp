// Runs the official JSON-Schema-Test-Suite (draft4 and draft2020-12, required tests only).
// Known failures live in fixtures/schema/known_failures.txt; the list and the results must agree.
#include "core/document.hpp"
#include "core/schema.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace concord::core {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path suite_root() {
  if (const char* external = std::getenv("CONCORD_EXTERNAL")) {
    return fs::path(external) / "json-schema-test-suite";
  }
  return "/usr/share/json-schema-test-suite";
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

json read_json(const fs::path& path) {
  return json::parse(read_text(path), nullptr, /*allow_exceptions=*/false);
}

std::vector<std::pair<std::string, json>> load_remotes(const fs::path& root) {
  std::vector<std::pair<std::string, json>> remotes;
  const fs::path dir = root / "remotes";
  if (!fs::is_directory(dir)) {
    return remotes;
  }
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      const std::string relative = fs::relative(entry.path(), dir).generic_string();
      remotes.emplace_back("http://localhost:1234/" + relative, read_json(entry.path()));
    }
  }
  return remotes;
}

// "draft2020-12/file.json | case | test" -> reason
std::map<std::string, std::string> load_known_failures() {
  std::map<std::string, std::string> known;
  std::ifstream in(std::string(CONCORD_SOURCE_DIR) + "/fixtures/schema/known_failures.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') {
      continue;
    }
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
      const std::size_t bar = line.find(" | ", start);
      fields.push_back(
          line.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
      if (bar == std::string::npos) {
        break;
      }
      start = bar + 3;
    }
    if (fields.size() >= 3) {
      known[fields[0] + " | " + fields[1] + " | " + fields[2]] = fields.size() > 3 ? fields[3] : "";
    }
  }
  return known;
}

struct SuiteResult {
  int passed = 0;
  int failed = 0;
  std::map<std::string, std::string> failures; // key -> detail
  std::set<std::string> passes;                // keys that passed
};

void run_case(const std::string& file_key, const json& group,
              const std::vector<std::pair<std::string, json>>& remotes, Dialect dialect,
              SuiteResult& result) {
  DocumentStore store;
  for (const auto& [uri, root] : remotes) {
    Document document;
    document.uri = uri;
    document.root = root;
    (void)store.add(std::move(document));
  }
  SchemaSet set(store);
  auto compiled =
      set.compile_value(group.at("schema"), "http://localhost:1234/suite-case.json", dialect);
  ValidateOptions options;
  options.assert_formats = false;
  const std::string case_key = file_key + " | " + group.value("description", "");
  for (const auto& test : group.at("tests")) {
    const std::string key = case_key + " | " + test.value("description", "");
    const bool expected = test.at("valid").get<bool>();
    std::string detail;
    if (!compiled) {
      detail = "compile error: " + compiled.error().to_string();
    } else {
      const bool valid = set.is_valid(*compiled, test.at("data"), options);
      const auto findings = set.validate(*compiled, test.at("data"), options);
      if (findings.empty() != valid) {
        detail = "is_valid and validate disagree";
      } else if (valid != expected) {
        detail = std::string("expected ") + (expected ? "valid" : "invalid") +
                 (findings.empty() ? "" : ", first finding: " + findings.front().message);
      }
    }
    if (detail.empty()) {
      ++result.passed;
      result.passes.insert(key);
    } else {
      ++result.failed;
      result.failures[key] = detail;
    }
  }
}

void run_draft(const std::string& draft, Dialect dialect) {
  const fs::path root = suite_root();
  const fs::path dir = root / "tests" / draft;
  if (!fs::is_directory(dir)) {
    GTEST_SKIP() << "JSON-Schema-Test-Suite " << draft << " not found under " << root
                 << " (set CONCORD_EXTERNAL)";
  }
  const auto remotes = load_remotes(root);
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  SuiteResult result;
  for (const fs::path& file : files) {
    const std::string file_key = draft + "/" + file.filename().string();
    for (const auto& group : read_json(file)) {
      run_case(file_key, group, remotes, dialect, result);
    }
  }
  std::cout << draft << ": " << result.passed << " passed, " << result.failed << " failed\n";
  const auto known = load_known_failures();
  for (const auto& [key, detail] : result.failures) {
    if (known.find(key) == known.end()) {
      ADD_FAILURE() << "unexpected failure: " << key << " | " << detail;
    }
  }
  for (const auto& [key, reason] : known) {
    if (key.rfind(draft + "/", 0) == 0 && result.failures.find(key) == result.failures.end()) {
      ADD_FAILURE() << "listed as a known failure but "
                    << (result.passes.count(key) != 0 ? "passes" : "does not exist") << ": " << key;
    }
  }
}

TEST(SchemaSuite, Draft4) {
  run_draft("draft4", Dialect::draft4);
}

TEST(SchemaSuite, Draft202012) {
  run_draft("draft2020-12", Dialect::draft2020_12);
}

} // namespace
} // namespace concord::core

namespace concord::core {
namespace {

// Every schema under components/schemas (or definitions) of the vendor specs compiles, and each
// schema's own examples are checked without crashing. Runs only with CONCORD_EXTERNAL set.
struct CorpusSpec {
  const char* path;
  const char* container; // pointer to the schema map
  Dialect dialect;
};

TEST(SchemaCorpus, CompilesEveryVendorSchema) {
  const char* external = std::getenv("CONCORD_EXTERNAL");
  if (external == nullptr) {
    GTEST_SKIP() << "set CONCORD_EXTERNAL to run the corpus tests";
  }
  const std::vector<CorpusSpec> specs = {
      {"feldera/openapi.json", "/components/schemas", Dialect::oas30},
      {"clickhouse-cloud/openapi.json", "/components/schemas", Dialect::oas30},
      {"large/box/openapi.json", "/components/schemas", Dialect::oas30},
      {"large/openai/openapi.json", "/components/schemas", Dialect::draft2020_12},
      {"azure-servicefabric/6.2/servicefabric.json", "/definitions", Dialect::oas30},
  };
  for (const CorpusSpec& spec : specs) {
    DocumentStore store;
    auto document = store.load(fs::path(external) / spec.path);
    if (!document) {
      ADD_FAILURE() << spec.path << ": " << document.error().to_string();
      continue;
    }
    const nlohmann::json* schemas = find_pointer((*document)->root, spec.container);
    ASSERT_NE(schemas, nullptr) << spec.path;
    SchemaSet set(store);
    int compiled = 0;
    for (const auto& [name, schema] : schemas->items()) {
      auto handle =
          set.compile((*document)->uri,
                      std::string(spec.container) + "/" + escape_pointer_token(name), spec.dialect);
      if (!handle) {
        ADD_FAILURE() << spec.path << " " << name << ": " << handle.error().to_string();
        continue;
      }
      ++compiled;
      if (schema.contains("example")) {
        (void)set.validate(*handle, schema.at("example"));
      }
    }
    std::cout << spec.path << ": " << compiled << " schemas compiled\n";
  }
}

} // namespace
} // namespace concord::core
