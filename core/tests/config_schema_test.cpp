// The schemas of Concord's own file formats (schemas/*.schema.json): embedded copies match
// the shipped files, every shipped config file follows its schema, and every file that breaks
// its schema on purpose fails with a located error (file:line:column and a JSON pointer).

#include "core/config_schema.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <regex>
#include <sstream>

namespace concord::core {
namespace {

const std::filesystem::path k_source(CONCORD_SOURCE_DIR);

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<void> check_file(const std::string& rel, std::string_view schema) {
  auto doc = load_document(k_source / rel);
  if (!doc) {
    return tl::unexpected(doc.error());
  }
  return check_config_document(*doc, schema);
}

TEST(ConfigSchema, EmbeddedSchemasAreTheShippedFiles) {
  const auto schemas = embedded_config_schemas();
  ASSERT_EQ(schemas.size(), 4U);
  for (const auto& schema : schemas) {
    const auto file = k_source / "schemas" / (std::string(schema.name) + ".schema.json");
    EXPECT_EQ(read_text(file), schema.text) << file;
    auto doc = parse_document(schema.text, file.string());
    ASSERT_TRUE(doc) << doc.error().to_string();
    EXPECT_EQ(doc->root.value("$schema", ""), "https://json-schema.org/draft/2020-12/schema");
    EXPECT_NE(doc->root.value("$id", "").find(std::string(schema.name)), std::string::npos);
    EXPECT_FALSE(doc->root.value("title", "").empty());
    EXPECT_FALSE(doc->root.value("description", "").empty());
  }
}

struct Shipped {
  const char* file;
  const char* schema;
};

TEST(ConfigSchema, EveryShippedConfigFileFollowsItsSchema) {
  const Shipped files[] = {
      {"fixtures/northflank/behaviour.yaml", "behaviour"},
      {"fixtures/feldera/behaviour.yaml", "behaviour"},
      {"fixtures/clickhouse/behaviour.yaml", "behaviour"},
      {"fixtures/servicefabric/behaviour.yaml", "behaviour"},
      {"fixtures/behaviour/widgets.behaviour.yaml", "behaviour"},
      // These break rules of the spec (names, statuses), not the file's shape.
      {"fixtures/behaviour/bad/bad_template.yaml", "behaviour"},
      {"fixtures/behaviour/bad/unknown_operation.yaml", "behaviour"},
      {"fixtures/behaviour/bad/unknown_state.yaml", "behaviour"},
      {"fixtures/mock/config.yaml", "mock-config"},
      {"fixtures/scenarios/northflank.yaml", "scenario"},
      {"fixtures/scenarios/feldera.yaml", "scenario"},
      {"fixtures/scenarios/clickhouse.yaml", "scenario"},
      {"fixtures/scenarios/servicefabric.yaml", "scenario"},
      {"fixtures/conformance/good_scenario.yaml", "scenario"},
      {"fixtures/conformance/faults_scenarios/items.yaml", "scenario"},
      {"fixtures/reports/waivers.yaml", "waivers"},
      {"fixtures/reports/waivers.json", "waivers"},
  };
  for (const auto& [file, schema] : files) {
    const auto checked = check_file(file, schema);
    EXPECT_TRUE(checked) << file << ": " << checked.error().to_string();
  }
}

// The first ```yaml block after `heading` in a doc page.
std::string doc_example(const std::string& page, const std::string& heading) {
  const auto text = read_text(k_source / "docs" / page);
  const auto at = text.find(heading);
  const auto open = text.find("```yaml\n", at == std::string::npos ? text.size() : at);
  const auto close = text.find("```", open + 8);
  return open == std::string::npos || close == std::string::npos
             ? std::string()
             : text.substr(open + 8, close - open - 8);
}

TEST(ConfigSchema, TheDocsExamplesFollowTheSchemas) {
  const Shipped examples[] = {
      {"behaviour.md:## A full example", "behaviour"},
      {"mock.md:## Config file", "mock-config"},
      {"reports.md:## Waivers", "waivers"},
  };
  for (const auto& [where, schema] : examples) {
    const std::string place(where);
    const auto colon = place.find(':');
    const auto text = doc_example(place.substr(0, colon), place.substr(colon + 1));
    ASSERT_FALSE(text.empty()) << place;
    auto doc = parse_document(text, place);
    ASSERT_TRUE(doc) << doc.error().to_string();
    const auto checked = check_config_document(*doc, schema);
    EXPECT_TRUE(checked) << place << ": " << checked.error().to_string();
  }
}

struct Broken {
  const char* file;
  const char* schema;
  const char* location; // "file:line:" the error must start with
  const char* pointer;  // the JSON pointer the message must start with
};

TEST(ConfigSchema, EveryBrokenConfigFileFailsWithALocatedError) {
  const Broken files[] = {
      {"fixtures/behaviour/bad/unknown_key.yaml", "behaviour",
       "unknown_key.yaml:4:", "/resources/service/trnasitions: unknown key `trnasitions`"},
      {"fixtures/conformance/bad_scenario.yaml", "scenario",
       "bad_scenario.yaml:12:", "/scenarios/0/steps/1/expect/bodyy: unknown key `bodyy`"},
      {"fixtures/mock/petstore.yaml", "mock-config", "petstore.yaml:1:", "/openapi: unknown key"},
      {"fixtures/reports/waivers_bad.yaml", "waivers", "waivers_bad.yaml:6:", "/1/expires: "},
      {"fixtures/reports/waivers_unknown_field.yaml", "waivers", "waivers_unknown_field.yaml:3:",
       "/0/expire: unknown key `expire` (expected case, expires, reason)"},
  };
  const std::regex line_column(":[0-9]+:[0-9]+$");
  for (const auto& broken : files) {
    const auto checked = check_file(broken.file, broken.schema);
    ASSERT_FALSE(checked) << broken.file << " passed its schema";
    const auto& error = checked.error();
    EXPECT_EQ(error.code, ErrorCode::config_invalid) << broken.file;
    EXPECT_NE(error.location.find(broken.location), std::string::npos) << error.location;
    EXPECT_TRUE(std::regex_search(error.location, line_column)) << error.location;
    EXPECT_EQ(error.message.rfind(broken.pointer, 0), 0U) << error.message;
  }
}

Result<void> check_text(std::string_view text, std::string_view schema) {
  auto doc = parse_document(text, "inline.yaml");
  if (!doc) {
    return tl::unexpected(doc.error());
  }
  return check_config_document(*doc, schema);
}

TEST(ConfigSchema, WrongTypesAndValuesNameWhatAndWhere) {
  auto seed = check_text("resources:\n  a:\n    item: /a/{id}\nseed: -1\n", "behaviour");
  ASSERT_FALSE(seed);
  EXPECT_EQ(seed.error().location, "inline.yaml:4:7");
  EXPECT_EQ(seed.error().message.rfind("/seed: ", 0), 0U) << seed.error().message;
  EXPECT_NE(seed.error().message.find("Seed for generated ids"), std::string::npos)
      << "the schema's description explains the key: " << seed.error().message;

  auto status =
      check_text("resources:\n  a:\n    item: /a/{id}\n    missing: {status: 700}\n", "behaviour");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().location, "inline.yaml:4:23");
  EXPECT_EQ(status.error().message.rfind("/resources/a/missing/status: ", 0), 0U);

  auto kind = check_text("faults: {rate: 0.1, kind: explode}\n", "mock-config");
  ASSERT_FALSE(kind);
  EXPECT_EQ(kind.error().message.rfind("/faults/kind: ", 0), 0U) << kind.error().message;

  auto no_resources = check_text("operations: {}\n", "behaviour");
  ASSERT_FALSE(no_resources);
  EXPECT_NE(no_resources.error().message.find("resources"), std::string::npos);
}

TEST(ConfigSchema, EmptyFilesAreFineWhereTheFormatAllowsThem) {
  EXPECT_TRUE(check_text("", "mock-config"));
  EXPECT_TRUE(check_text("", "waivers"));
  EXPECT_TRUE(check_text("waivers:\n", "waivers"));
  EXPECT_FALSE(check_text("", "behaviour"));
}

TEST(ConfigSchema, LoadingSaysWhetherTheFileIsMissingOrWrong) {
  auto missing = load_config_document(k_source / "fixtures/reports/none.yaml", "waivers");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::io_read);
  auto syntax = load_config_document(k_source / "fixtures/reports/waivers_syntax.yaml", "waivers");
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().code, ErrorCode::config_invalid);
  EXPECT_NE(syntax.error().location.find("waivers_syntax.yaml:"), std::string::npos);
  auto shape = load_config_document(k_source / "fixtures/reports/waivers_bad.yaml", "waivers");
  ASSERT_FALSE(shape);
  EXPECT_EQ(shape.error().code, ErrorCode::config_invalid);
  auto good = load_config_document(k_source / "fixtures/reports/waivers.yaml", "waivers");
  ASSERT_TRUE(good) << good.error().to_string();
  EXPECT_TRUE(good->root.contains("waivers"));
}

TEST(ConfigSchema, UnknownSchemaNameIsInternal) {
  auto doc = parse_document("{}", "x.json");
  ASSERT_TRUE(doc);
  const auto checked = check_config_document(*doc, "nope");
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().code, ErrorCode::internal);
}

} // namespace
} // namespace concord::core
