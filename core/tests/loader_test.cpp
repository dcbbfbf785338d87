#include "core/loader.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <string>

namespace concord::core {
namespace {

const std::filesystem::path k_source(CONCORD_SOURCE_DIR);
const std::filesystem::path k_fixtures = k_source / "fixtures/core";

std::filesystem::path external_dir() {
  if (const char* env = std::getenv("CONCORD_EXTERNAL")) {
    return env;
  }
  const std::filesystem::path shared = k_source / "../shared/external";
  return std::filesystem::exists(shared) ? shared : std::filesystem::path();
}

#define CONCORD_REQUIRE_EXTERNAL(path)                                                             \
  if (external_dir().empty() || !std::filesystem::exists(external_dir() / (path))) {               \
    GTEST_SKIP() << "external data not found; set CONCORD_EXTERNAL";                               \
  }

std::shared_ptr<const Spec> load_ok(const std::filesystem::path& path) {
  auto spec = load_spec(path);
  EXPECT_TRUE(spec) << (spec ? "" : spec.error().to_string());
  return spec ? *spec : nullptr;
}

const Diagnostic* find_diag(const Spec& spec, std::string_view rule) {
  const auto it = std::find_if(spec.diagnostics.begin(), spec.diagnostics.end(),
                               [&](const Diagnostic& d) { return d.rule == rule; });
  return it == spec.diagnostics.end() ? nullptr : &*it;
}

std::size_t count_diags(const Spec& spec, std::string_view rule) {
  return static_cast<std::size_t>(
      std::count_if(spec.diagnostics.begin(), spec.diagnostics.end(),
                    [&](const Diagnostic& d) { return d.rule == rule; }));
}

std::string describe(const Spec& spec) {
  std::string out;
  for (const auto& d : spec.diagnostics) {
    out += d.location + ": " + d.message + " [" + d.rule + "]\n";
  }
  return out;
}

// A location is "file:line:column" with a line number.
bool has_line(const std::string& location) {
  const auto last = location.rfind(':');
  const auto prev = last == std::string::npos ? std::string::npos : location.rfind(':', last - 1);
  return prev != std::string::npos && location.find('#') == std::string::npos;
}

const Parameter* find_param(const Operation& op, std::string_view name) {
  const auto it = std::find_if(op.parameters.begin(), op.parameters.end(),
                               [&](const Parameter& p) { return p.name == name; });
  return it == op.parameters.end() ? nullptr : &*it;
}

const ResponseSpec* find_response(const Operation& op, std::string_view status) {
  const auto it = std::find_if(op.responses.begin(), op.responses.end(),
                               [&](const ResponseSpec& r) { return r.status == status; });
  return it == op.responses.end() ? nullptr : &*it;
}

TEST(Loader, BuildsOperationsServersAndSecurity) {
  const auto spec = load_ok(k_fixtures / "petstore.yaml");
  ASSERT_TRUE(spec);
  EXPECT_FALSE(spec->has_errors()) << describe(*spec);
  EXPECT_EQ(spec->openapi_version, "3.0.3");
  EXPECT_EQ(spec->dialect, Dialect::oas30);
  EXPECT_EQ(spec->title, "Petstore");
  ASSERT_EQ(spec->servers.size(), 2U);
  EXPECT_EQ(spec->servers[0].url, "https://eu.example.com/v1/");
  EXPECT_EQ(spec->servers[0].base_path, "/v1");
  EXPECT_EQ(spec->servers[1].base_path, "/local");
  ASSERT_EQ(spec->operations.size(), 3U);
  EXPECT_EQ(spec->operations[0].method, "GET"); // document order: /pets/{petId} get, delete
  EXPECT_EQ(spec->operations[1].method, "DELETE");
  EXPECT_EQ(spec->operations[2].operation_id, "createPet");
  ASSERT_EQ(spec->security_schemes.size(), 3U);
  EXPECT_EQ(spec->security_schemes.at("basicAuth").scheme, "basic");
  EXPECT_EQ(spec->security_schemes.at("apiKey").parameter_name, "X-API-Key");
  EXPECT_EQ(spec->security_schemes.at("apiKey").in, "header");
}

TEST(Loader, MergesPathAndOperationParameters) {
  const auto spec = load_ok(k_fixtures / "petstore.yaml");
  ASSERT_TRUE(spec);
  const Operation* op = spec->find_operation("getPet");
  ASSERT_NE(op, nullptr);
  ASSERT_EQ(op->parameters.size(), 3U);
  const Parameter* trace = find_param(*op, "trace");
  ASSERT_NE(trace, nullptr);
  EXPECT_TRUE(trace->required); // operation level wins
  const Parameter* pet_id = find_param(*op, "petId");
  ASSERT_NE(pet_id, nullptr);
  EXPECT_EQ(pet_id->in, ParamIn::path);
  EXPECT_EQ(pet_id->style, "simple");
  EXPECT_EQ(pet_id->raw_schema["type"], "integer");
  ASSERT_EQ(pet_id->examples.size(), 1U);
  EXPECT_EQ(pet_id->examples[0].value, 7);
  const Parameter* verbose = find_param(*op, "verbose");
  ASSERT_NE(verbose, nullptr);
  EXPECT_EQ(verbose->style, "form");
  EXPECT_TRUE(verbose->explode);
}

TEST(Loader, KeepsResponsesInDocumentOrderWithHeadersAndExamples) {
  const auto spec = load_ok(k_fixtures / "petstore.yaml");
  ASSERT_TRUE(spec);
  const Operation* op = spec->find_operation("getPet");
  ASSERT_NE(op, nullptr);
  ASSERT_EQ(op->responses.size(), 3U);
  EXPECT_EQ(op->responses[0].status, "200");
  EXPECT_EQ(op->responses[1].status, "4XX");
  EXPECT_EQ(op->responses[2].status, "default");
  const auto& ok = op->responses[0];
  ASSERT_EQ(ok.headers.size(), 1U);
  EXPECT_TRUE(ok.headers[0].required);
  EXPECT_EQ(ok.headers[0].examples.at(0).value, 100);
  ASSERT_EQ(ok.content.size(), 2U);
  EXPECT_EQ(ok.content[0].name, "application/json");
  ASSERT_EQ(ok.content[0].examples.size(), 1U);
  EXPECT_EQ(ok.content[0].examples[0].name, "example");
  EXPECT_EQ(ok.content[0].examples[0].value["name"], "Rex");
  EXPECT_EQ(ok.content[0].examples[0].ignore, std::vector<std::string>{"/name"});
  ASSERT_EQ(ok.content[1].examples.size(), 1U);
  EXPECT_TRUE(ok.content[1].examples[0].external);
  EXPECT_EQ(op->responses[1].description, "Client error");
  EXPECT_EQ(op->responses[1].content.at(0).examples.at(0).value["message"], "bad");
}

TEST(Loader, ParsesResponseLinks) {
  const auto spec = load_ok(k_fixtures / "links.yaml");
  ASSERT_TRUE(spec);
  EXPECT_FALSE(spec->has_errors()) << describe(*spec);
  const Operation* op = spec->find_operation("createThing");
  ASSERT_NE(op, nullptr);
  const auto* created = find_response(*op, "201");
  ASSERT_NE(created, nullptr);
  // Broken (no target) and BadParameters (not a mapping) are left out with a warning.
  ASSERT_EQ(created->links.size(), 4U) << describe(*spec);
  const Link& by_id = created->links[0];
  EXPECT_EQ(by_id.name, "GetThing");
  EXPECT_EQ(by_id.operation_id, "getThing");
  EXPECT_EQ(by_id.operation_ref, "");
  ASSERT_EQ(by_id.parameters.size(), 2U);
  EXPECT_EQ(by_id.parameters[0].first, "thingId");
  EXPECT_EQ(by_id.parameters[0].second, "$response.body#/id");
  EXPECT_EQ(by_id.parameters[1].first, "verbose");
  EXPECT_EQ(by_id.parameters[1].second, true);
  ASSERT_TRUE(by_id.request_body.has_value());
  EXPECT_EQ(*by_id.request_body, "$request.body#/colour");

  const Link& by_ref = created->links[1];
  EXPECT_EQ(by_ref.name, "GetByRef");
  EXPECT_EQ(by_ref.operation_ref, "#/paths/~1things~1{thingId}/get");
  EXPECT_EQ(by_ref.operation_id, "getThing"); // resolved from the reference
  ASSERT_EQ(by_ref.parameters.size(), 1U);
  EXPECT_EQ(by_ref.parameters[0].first, "path.thingId");
  EXPECT_FALSE(by_ref.request_body.has_value());

  const Link& shared = created->links[2]; // $ref to components/links
  EXPECT_EQ(shared.name, "Shared");
  EXPECT_EQ(shared.operation_id, "deleteThing");
  ASSERT_EQ(shared.parameters.size(), 1U);
  EXPECT_EQ(shared.parameters[0].second, "$response.body#/id");
  EXPECT_NE(shared.pointer.find("#/components/links/DeleteThing"), std::string::npos);

  EXPECT_EQ(created->links[3].name, "Nowhere"); // kept, but its target is unknown
  EXPECT_EQ(count_diags(*spec, "link-target-unknown"), 1U) << describe(*spec);
  EXPECT_EQ(count_diags(*spec, "invalid-link"), 2U) << describe(*spec);
  for (const auto& d : spec->diagnostics) {
    if (d.rule == "invalid-link" || d.rule == "link-target-unknown") {
      EXPECT_EQ(d.severity, Severity::warning) << d.message;
    }
  }
}

TEST(Loader, FollowsExampleRefsAndIgnoreLists) {
  const auto spec = load_ok(k_fixtures / "petstore.yaml");
  ASSERT_TRUE(spec);
  const Operation* op = spec->find_operation("createPet");
  ASSERT_NE(op, nullptr);
  ASSERT_TRUE(op->request_body.has_value());
  EXPECT_TRUE(op->request_body->required);
  const auto& examples = op->request_body->content.at(0).examples;
  ASSERT_EQ(examples.size(), 2U);
  EXPECT_EQ(examples[0].name, "cat");
  EXPECT_EQ(examples[0].value["name"], "Tom");
  EXPECT_NE(examples[0].pointer.find("#/components/examples/Cat/value"), std::string::npos);
  EXPECT_EQ(examples[1].name, "dog");
  EXPECT_EQ(examples[1].ignore, std::vector<std::string>{"/id"});
  ASSERT_EQ(spec->component_examples.size(), 1U);
  EXPECT_EQ(spec->component_examples[0].name, "Cat");
}

TEST(Loader, ResolvesEffectiveSecurity) {
  const auto spec = load_ok(k_fixtures / "petstore.yaml");
  ASSERT_TRUE(spec);
  const Operation* get = spec->find_operation("getPet");
  ASSERT_EQ(get->security.size(), 1U);
  EXPECT_EQ(get->security[0][0].first, "apiKey");
  const Operation& del = spec->operations[1];
  EXPECT_TRUE(del.security.empty()); // security: [] means none
  const Operation* create = spec->find_operation("createPet");
  ASSERT_EQ(create->security.size(), 2U);
  EXPECT_EQ(create->security[0].size(), 2U);
  EXPECT_EQ(create->security[1][0].second, std::vector<std::string>{"pets:write"});
}

TEST(Loader, GeneratesStableUniqueOperationIds) {
  const auto spec = load_ok(k_fixtures / "no_operation_ids.json");
  ASSERT_TRUE(spec);
  std::set<std::string> ids;
  for (const auto& op : spec->operations) {
    EXPECT_TRUE(op.operation_id_generated);
    ids.insert(op.operation_id);
  }
  EXPECT_EQ(ids.size(), spec->operations.size());
  EXPECT_EQ(ids.count("get_v1_organizations_organizationId_services"), 1U);
  EXPECT_EQ(ids.count("post_v1_organizations_organizationId_services"), 1U);
  EXPECT_EQ(ids.count("get_v1_organizations_organizationId_services_2"), 1U);
  EXPECT_EQ(ids.count("get_v1_health_check"), 1U);
  const auto again = load_ok(k_fixtures / "no_operation_ids.json");
  for (std::size_t i = 0; i < spec->operations.size(); ++i) {
    EXPECT_EQ(spec->operations[i].operation_id, again->operations[i].operation_id);
  }
}

TEST(Loader, FollowsRefsAcrossFiles) {
  const auto spec = load_ok(k_fixtures / "multi/main.yaml");
  ASSERT_TRUE(spec);
  EXPECT_FALSE(spec->has_errors()) << describe(*spec);
  const Operation* op = spec->find_operation("getPet");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(op->path, "/pets/{petId}");
  const Parameter* pet_id = find_param(*op, "petId");
  ASSERT_NE(pet_id, nullptr);
  EXPECT_TRUE(pet_id->required);
  EXPECT_NE(pet_id->pointer.find("parameters.yaml#/PetId"), std::string::npos);
  const ResponseSpec* ok = find_response(*op, "200");
  ASSERT_NE(ok, nullptr);
  ASSERT_EQ(ok->content.at(0).examples.size(), 1U);
  EXPECT_EQ(ok->content[0].examples[0].value["name"], "Rex");
  EXPECT_NE(ok->content[0].examples[0].pointer.find("examples.json#/rex/value"), std::string::npos);
  const ResponseSpec* not_found = find_response(*op, "404");
  ASSERT_NE(not_found, nullptr);
  EXPECT_EQ(not_found->description, "Not found");
  EXPECT_NE(not_found->pointer.find("responses.yaml#/NotFound"), std::string::npos);
}

TEST(Loader, LoadsRecursiveSchemas) {
  const auto spec = load_ok(k_fixtures / "recursive.yaml");
  ASSERT_TRUE(spec);
  EXPECT_FALSE(spec->has_errors()) << describe(*spec);
  const Operation* op = spec->find_operation("getTree");
  ASSERT_NE(op, nullptr);
  EXPECT_NE(op->responses.at(0).content.at(0).schema, nullptr);
}

TEST(Loader, DanglingRefIsLocatedDiagnostic) {
  const auto spec = load_ok(k_fixtures / "dangling_ref.yaml");
  ASSERT_TRUE(spec);
  const Diagnostic* d = find_diag(*spec, "unresolved-ref");
  ASSERT_NE(d, nullptr) << describe(*spec);
  EXPECT_EQ(d->severity, Severity::error);
  EXPECT_NE(d->location.find("dangling_ref.yaml:9:"), std::string::npos) << d->location;
  ASSERT_EQ(spec->operations.size(), 1U);
  EXPECT_EQ(spec->operations[0].responses.size(), 1U); // the 404 still loads
}

TEST(Loader, SelfReferencingRefChainIsLocatedDiagnostic) {
  const auto spec = load_ok(k_fixtures / "self_ref.yaml");
  ASSERT_TRUE(spec);
  EXPECT_EQ(count_diags(*spec, "cyclic-ref"), 2U) << describe(*spec);
  const Diagnostic* d = find_diag(*spec, "cyclic-ref");
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(has_line(d->location)) << d->location;
  EXPECT_TRUE(spec->operations.at(0).parameters.empty());
}

TEST(Loader, MissingFileRefIsUnresolved) {
  const auto spec = load_ok(k_fixtures / "missing_file_ref.yaml");
  ASSERT_TRUE(spec);
  const Diagnostic* d = find_diag(*spec, "unresolved-ref");
  ASSERT_NE(d, nullptr) << describe(*spec);
  EXPECT_NE(d->location.find("missing_file_ref.yaml:9:"), std::string::npos) << d->location;
}

TEST(Loader, UnreadableInputsFailWithCodes) {
  auto missing = load_spec(k_fixtures / "does-not-exist.yaml");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::io_read);
  auto truncated = load_spec(k_fixtures / "bad/truncated.yaml");
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().code, ErrorCode::spec_parse);
  EXPECT_NE(truncated.error().location.find("truncated.yaml:"), std::string::npos);
  auto invalid = load_spec(k_fixtures / "bad/invalid.json");
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code, ErrorCode::spec_parse);
  EXPECT_NE(invalid.error().location.find("invalid.json:4:"), std::string::npos)
      << invalid.error().location;
}

TEST(Loader, ReportsStructuralProblems) {
  const auto spec = load_ok(k_fixtures / "structure_errors.yaml");
  ASSERT_TRUE(spec);
  const std::string all = describe(*spec);
  EXPECT_NE(find_diag(*spec, "missing-field"), nullptr) << all; // info.title, responses
  EXPECT_NE(find_diag(*spec, "invalid-type"), nullptr) << all;  // info.version: 1
  EXPECT_NE(find_diag(*spec, "duplicate-operation-id"), nullptr) << all;
  EXPECT_NE(find_diag(*spec, "path-param-undeclared"), nullptr) << all;   // itemId
  EXPECT_NE(find_diag(*spec, "path-param-unused"), nullptr) << all;       // extra
  EXPECT_NE(find_diag(*spec, "path-param-not-required"), nullptr) << all; // userId
  EXPECT_NE(find_diag(*spec, "unknown-security-scheme"), nullptr) << all;
  EXPECT_NE(find_diag(*spec, "invalid-status"), nullptr) << all;
  EXPECT_EQ(count_diags(*spec, "missing-field"), 2U) << all;
  for (const auto& d : spec->diagnostics) {
    EXPECT_TRUE(has_line(d.location)) << d.location;
  }
  EXPECT_TRUE(spec->has_errors());
}

TEST(Loader, ConvertsSwagger2) {
  const auto spec = load_ok(k_fixtures / "swagger2.yaml");
  ASSERT_TRUE(spec);
  EXPECT_FALSE(spec->has_errors()) << describe(*spec);
  EXPECT_EQ(spec->openapi_version, "2.0");
  EXPECT_EQ(spec->dialect, Dialect::draft4);
  ASSERT_EQ(spec->servers.size(), 2U);
  EXPECT_EQ(spec->servers[0].url, "https://api.example.com/v2");
  EXPECT_EQ(spec->servers[0].base_path, "/v2");
  EXPECT_EQ(spec->security_schemes.at("basic").type, "http");
  EXPECT_EQ(spec->security_schemes.at("basic").scheme, "basic");
  const Operation* add = spec->find_operation("addPet");
  ASSERT_NE(add, nullptr);
  ASSERT_TRUE(add->request_body.has_value());
  EXPECT_TRUE(add->request_body->required);
  EXPECT_EQ(add->request_body->content.at(0).name, "application/json");
  EXPECT_NE(add->request_body->content[0].schema, nullptr);
  const ResponseSpec* created = find_response(*add, "201");
  ASSERT_NE(created, nullptr);
  EXPECT_EQ(created->headers.at(0).name, "Location");
  EXPECT_EQ(created->content.at(0).examples.at(0).value["name"], "Rex");
  const ResponseSpec* error = find_response(*add, "default");
  ASSERT_NE(error, nullptr);
  EXPECT_NE(error->content.at(0).schema, nullptr);
  EXPECT_EQ(add->security.at(0)[0].first, "key");
}

TEST(Loader, ConvertsSwagger2ParametersAndForms) {
  const auto spec = load_ok(k_fixtures / "swagger2.yaml");
  ASSERT_TRUE(spec);
  const Operation* list = spec->find_operation("listPets");
  ASSERT_NE(list, nullptr);
  const Parameter* limit = find_param(*list, "limit");
  ASSERT_NE(limit, nullptr);
  EXPECT_EQ(limit->raw_schema["maximum"], 100);
  EXPECT_EQ(limit->examples.at(0).value, 20);
  const Parameter* tags = find_param(*list, "tags");
  ASSERT_NE(tags, nullptr);
  EXPECT_TRUE(tags->explode);
  EXPECT_EQ(list->responses.at(0).content.size(), 2U); // produces override
  const Operation* upload = spec->find_operation("uploadPhoto");
  ASSERT_NE(upload, nullptr);
  ASSERT_TRUE(upload->request_body.has_value());
  EXPECT_EQ(upload->request_body->content.at(0).name, "multipart/form-data");
  EXPECT_EQ(upload->security.at(0)[0].first, "basic");
}

TEST(Loader, FindsSpecFilesInDirectories) {
  auto files =
      find_spec_files({(k_fixtures / "multi").string(), (k_fixtures / "petstore.yaml").string()});
  ASSERT_TRUE(files) << files.error().to_string();
  ASSERT_EQ(files->size(), 2U);
  EXPECT_EQ(files->at(0).filename(), "main.yaml");
  EXPECT_EQ(files->at(1).filename(), "petstore.yaml");
  auto missing = find_spec_files({(k_fixtures / "nope").string()});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::io_read);
}

TEST(Loader, ReadsOpenAiYamlAndJsonToEqualDocuments) {
  CONCORD_REQUIRE_EXTERNAL("large/openai/openapi.yaml");
  const auto from_yaml = load_ok(external_dir() / "large/openai/openapi.yaml");
  const auto from_json = load_ok(external_dir() / "large/openai/openapi.json");
  ASSERT_TRUE(from_yaml && from_json);
  EXPECT_TRUE(from_yaml->entry->root == from_json->entry->root);
  ASSERT_EQ(from_yaml->operations.size(), from_json->operations.size());
  for (std::size_t i = 0; i < from_yaml->operations.size(); ++i) {
    EXPECT_EQ(from_yaml->operations[i].operation_id, from_json->operations[i].operation_id);
    EXPECT_EQ(from_yaml->operations[i].path, from_json->operations[i].path);
  }
}

TEST(Loader, ConvertsServiceFabricSwagger) {
  CONCORD_REQUIRE_EXTERNAL("azure-servicefabric/6.2/servicefabric.json");
  const auto spec = load_ok(external_dir() / "azure-servicefabric/6.2/servicefabric.json");
  ASSERT_TRUE(spec);
  EXPECT_EQ(spec->operations.size(), 195U);
  EXPECT_EQ(spec->servers.at(0).url, "http://localhost:19080");
  EXPECT_EQ(find_diag(*spec, "unresolved-ref"), nullptr) << describe(*spec);
  const Operation* op = spec->find_operation("ResumeServiceBackup");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(op->method, "POST");
  EXPECT_EQ(op->path, "/Services/{serviceId}/$/ResumeBackup");
  const Parameter* version = find_param(*op, "api-version");
  ASSERT_NE(version, nullptr);
  EXPECT_EQ(version->in, ParamIn::query);
  EXPECT_TRUE(version->required);
  EXPECT_EQ(version->raw_schema["enum"], nlohmann::json::array({"6.2-preview"}));
  ASSERT_EQ(op->responses.size(), 2U);
  EXPECT_EQ(op->responses[0].status, "202");
  EXPECT_EQ(op->responses[1].status, "default");
  EXPECT_NE(op->responses[1].content.at(0).schema, nullptr);
  EXPECT_EQ(version->examples.at(0).value, "6.2-preview"); // from ./examples/*.json
}

TEST(Loader, GeneratesClickHouseOperationIds) {
  CONCORD_REQUIRE_EXTERNAL("clickhouse-cloud/openapi.json");
  const auto spec = load_ok(external_dir() / "clickhouse-cloud/openapi.json");
  ASSERT_TRUE(spec);
  EXPECT_EQ(spec->operations.size(), 51U);
  EXPECT_NE(spec->find_operation("get_v1_organizations_organizationId_services"), nullptr);
  EXPECT_NE(spec->find_operation("patch_v1_organizations_organizationId_services_serviceId_state"),
            nullptr);
  EXPECT_EQ(spec->security_schemes.count("basicAuth"), 1U);
}

std::vector<std::filesystem::path> yaml_files_in(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Loader, AcceptsEveryOaiPassDocument) {
  CONCORD_REQUIRE_EXTERNAL("oai-schema-tests/v3.1/pass");
  int clean = 0;
  const auto files = yaml_files_in(external_dir() / "oai-schema-tests/v3.1/pass");
  for (const auto& file : files) {
    const auto spec = load_ok(file);
    ASSERT_TRUE(spec);
    EXPECT_FALSE(spec->has_errors()) << file << "\n" << describe(*spec);
    clean += spec->has_errors() ? 0 : 1;
  }
  EXPECT_EQ(files.size(), 35U);
  EXPECT_EQ(clean, 35);
}

TEST(Loader, RejectsEveryOaiFailDocument) {
  CONCORD_REQUIRE_EXTERNAL("oai-schema-tests/v3.1/fail");
  int rejected = 0;
  const auto files = yaml_files_in(external_dir() / "oai-schema-tests/v3.1/fail");
  for (const auto& file : files) {
    const auto spec = load_ok(file);
    ASSERT_TRUE(spec);
    const auto located =
        std::any_of(spec->diagnostics.begin(), spec->diagnostics.end(), [](const Diagnostic& d) {
          return d.severity == Severity::error && has_line(d.location);
        });
    EXPECT_TRUE(located) << file;
    rejected += located ? 1 : 0;
  }
  EXPECT_EQ(files.size(), 11U);
  EXPECT_EQ(rejected, 11);
}

} // namespace
} // namespace concord::core

namespace concord::core {
namespace {

TEST(Loader, WrongTypesEverywhereGiveDiagnosticsNotCrashes) {
  auto spec = load_spec(k_fixtures / "bad/wrong_types.yaml");
  ASSERT_TRUE(spec) << spec.error().to_string();
  EXPECT_TRUE((*spec)->has_errors());
  EXPECT_GE((*spec)->diagnostics.size(), 8U) << describe(**spec);
}

TEST(Loader, Swagger2MediaTypeListWithAMappingIsNotAnInternalError) {
  // fuzz_loader: `produces: [application/json, appopenapi: 3.0.3lication/xml]` put a mapping
  // in the list, and the converter threw json type_error.302 (exit 3, "internal").
  auto spec =
      load_spec(std::filesystem::path(CONCORD_SOURCE_DIR) /
                "fixtures/fuzz-regressions/fuzz_loader/swagger2-produces-entry-is-a-mapping.yaml");
  ASSERT_TRUE(spec) << spec.error().to_string();
  const Operation* list = (*spec)->find_operation("listPets");
  ASSERT_NE(list, nullptr);
  ASSERT_FALSE(list->responses.empty());
  ASSERT_EQ(list->responses.front().content.size(), 1U); // the string entry only
  EXPECT_EQ(list->responses.front().content.front().name, "application/json");
}

TEST(Loader, ScalarAndEmptyDocumentsAreDiagnosed) {
  const auto dir = std::filesystem::temp_directory_path() / "concord_loader_scalar_docs";
  std::filesystem::create_directories(dir);
  int index = 0;
  for (const char* text : {"42\n", "", "- a\n- b\n", "openapi: 3.1.0\n", "swagger: '1.2'\n",
                           "openapi: 3.0\ninfo: {title: t, version: v}\npaths: {}\n"}) {
    const auto file = dir / ("doc" + std::to_string(index++) + ".yaml");
    std::ofstream(file) << text;
    auto spec = load_spec(file);
    ASSERT_TRUE(spec) << text << ": " << spec.error().to_string();
    EXPECT_TRUE((*spec)->has_errors()) << text;
    for (const auto& d : (*spec)->diagnostics) {
      EXPECT_FALSE(d.location.empty()) << text;
    }
  }
  std::filesystem::remove_all(dir);
}

} // namespace
} // namespace concord::core
