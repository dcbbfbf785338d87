#include "core/document.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <string>

namespace concord::core {
namespace {

const std::filesystem::path k_fixtures =
    std::filesystem::path(CONCORD_SOURCE_DIR) / "fixtures/core";

std::filesystem::path make_temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("concord_doc_" + name + "_" +
              std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(Pointer, EscapesAndUnescapesTokens) {
  EXPECT_EQ(escape_pointer_token("a/b~c"), "a~1b~0c");
  EXPECT_EQ(unescape_pointer_token("a~1b~0c"), "a/b~c");
  EXPECT_EQ(unescape_pointer_token("~01"), "~1");
  EXPECT_EQ(escape_pointer_token("/pets/{id}"), "~1pets~1{id}");
}

TEST(Pointer, FindsObjectMembersAndArrayItems) {
  const auto root = nlohmann::json::parse(R"({"a":{"b/c":[10,20,{"~x":true}]},"":5})");
  ASSERT_NE(find_pointer(root, ""), nullptr);
  EXPECT_EQ(*find_pointer(root, "/a/b~1c/1"), 20);
  EXPECT_EQ(*find_pointer(root, "/a/b~1c/2/~0x"), true);
  EXPECT_EQ(*find_pointer(root, "/"), 5);
  EXPECT_EQ(find_pointer(root, "/a/b~1c/01"), nullptr);
  EXPECT_EQ(find_pointer(root, "/a/b~1c/-"), nullptr);
  EXPECT_EQ(find_pointer(root, "/a/b~1c/3"), nullptr);
  EXPECT_EQ(find_pointer(root, "/missing"), nullptr);
  EXPECT_EQ(find_pointer(root, "a"), nullptr);
  EXPECT_EQ(find_pointer(root, "/a/b~1c/0/deeper"), nullptr);
}

TEST(YamlReader, TypesPlainScalarsWithCoreSchema) {
  auto doc = load_document(k_fixtures / "scalars.yaml");
  ASSERT_TRUE(doc) << doc.error().to_string();
  const auto& r = doc->root;
  EXPECT_TRUE(r["null_word"].is_null());
  EXPECT_TRUE(r["tilde"].is_null());
  EXPECT_TRUE(r["empty"].is_null());
  EXPECT_EQ(r["bool_true"], true);
  EXPECT_EQ(r["bool_title"], true);
  EXPECT_EQ(r["yes_word"], "yes");
  EXPECT_EQ(r["off_word"], "off");
  EXPECT_EQ(r["int_dec"], 42);
  EXPECT_TRUE(r["int_dec"].is_number_integer());
  EXPECT_EQ(r["int_neg"], -17);
  EXPECT_EQ(r["int_hex"], 31);
  EXPECT_EQ(r["int_oct"], 15);
  EXPECT_TRUE(r["float_dec"].is_number_float());
  EXPECT_DOUBLE_EQ(r["float_dec"].get<double>(), 3.5);
  EXPECT_DOUBLE_EQ(r["float_exp"].get<double>(), 1000.0);
  EXPECT_TRUE(std::isinf(r["float_inf"].get<double>()));
  EXPECT_LT(r["float_neg_inf"].get<double>(), 0.0);
  EXPECT_EQ(r["leading_plus"], 5);
}

TEST(YamlReader, KeepsDatesQuotedAndTaggedScalarsAsStrings) {
  auto doc = load_document(k_fixtures / "scalars.yaml");
  ASSERT_TRUE(doc) << doc.error().to_string();
  const auto& r = doc->root;
  EXPECT_EQ(r["date_like"], "2024-01-15");
  EXPECT_EQ(r["version_like"], "1.2.3");
  EXPECT_EQ(r["quoted_int"], "42");
  EXPECT_EQ(r["single_quoted_bool"], "true");
  EXPECT_EQ(r["tagged_str"], "123");
  EXPECT_EQ(r["tagged_int"], 7);
  EXPECT_EQ(r["time_like"], "12:30");
}

TEST(YamlReader, ParsesToSameValueAsEquivalentJson) {
  const std::string yaml = "a: [1, 2.5, 'x']\nb:\n  c: null\n  d: {e: true}\n";
  const std::string json = R"({"a":[1,2.5,"x"],"b":{"c":null,"d":{"e":true}}})";
  auto from_yaml = parse_document(yaml, "mem://a.yaml");
  auto from_json = parse_document(json, "mem://a.json");
  ASSERT_TRUE(from_yaml && from_json);
  EXPECT_EQ(from_yaml->root, from_json->root);
}

TEST(YamlReader, ResolvesAnchorsAliasesAndMergeKeys) {
  const std::string yaml = "base: &b {x: 1, y: 2}\ncopy: *b\nmerged:\n  <<: *b\n  y: 3\n";
  auto doc = parse_document(yaml, "mem://anchors.yaml");
  ASSERT_TRUE(doc) << doc.error().to_string();
  EXPECT_EQ(doc->root["copy"], doc->root["base"]);
  EXPECT_EQ(doc->root["merged"]["x"], 1);
  EXPECT_EQ(doc->root["merged"]["y"], 3);
}

TEST(YamlReader, RecordsOneBasedPositions) {
  const std::string yaml = "info:\n  title: Pets\nlist:\n  - a\n  - b\n";
  auto doc = parse_document(yaml, "/tmp/x.yaml");
  ASSERT_TRUE(doc);
  const auto title = doc->position_of("/info/title");
  ASSERT_TRUE(title.has_value());
  EXPECT_EQ(title->line, 2);
  EXPECT_EQ(title->column, 10);
  const auto second = doc->position_of("/list/1");
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->line, 5);
  EXPECT_EQ(second->column, 5);
  EXPECT_EQ(doc->location_of("/info/title"), "/tmp/x.yaml:2:10");
  EXPECT_EQ(doc->location_of("/nope"), "/tmp/x.yaml#/nope");
}

TEST(JsonReader, RecordsOneBasedPositions) {
  const std::string json = "{\n  \"a\": {\"b/c\": [1,\n  {\"d\": \"x\"}]},\n  \"e\\u0041\": 2\n}";
  auto doc = parse_document(json, "/tmp/x.json");
  ASSERT_TRUE(doc) << doc.error().to_string();
  EXPECT_EQ(doc->root["a"]["b/c"][1]["d"], "x");
  const auto d = doc->position_of("/a/b~1c/1/d");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->line, 3);
  EXPECT_EQ(d->column, 9);
  const auto e = doc->position_of("/eA");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->line, 4);
  EXPECT_EQ(doc->position_of("")->line, 1);
}

TEST(JsonReader, InvalidJsonGivesLocatedParseError) {
  auto doc = parse_document("{\n  \"a\": 1,\n  \"b\": tru\n}", "/tmp/bad.json");
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().code, ErrorCode::spec_parse);
  EXPECT_EQ(doc.error().location.rfind("/tmp/bad.json:3:", 0), 0U) << doc.error().location;
}

TEST(YamlReader, TruncatedYamlGivesLocatedParseError) {
  auto doc = parse_document("openapi: 3.1.0\npaths:\n  /a: {get: [1, 2\n", "/tmp/t.yaml");
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().code, ErrorCode::spec_parse);
  EXPECT_EQ(doc.error().location.rfind("/tmp/t.yaml:", 0), 0U) << doc.error().location;
}

TEST(YamlReader, BadIndentationGivesLocatedParseError) {
  auto doc = parse_document("a:\n  b: 1\n c: 2\n", "/tmp/i.yaml");
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().code, ErrorCode::spec_parse);
  EXPECT_NE(doc.error().location.find(":3:"), std::string::npos) << doc.error().location;
}

TEST(Limits, DeepJsonNestingIsRefusedWithLocation) {
  const std::string text = std::string(10000, '[') + std::string(10000, ']');
  auto doc = parse_document(text, "/tmp/deep.json");
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().code, ErrorCode::spec_too_large);
  EXPECT_EQ(doc.error().location, "/tmp/deep.json:1:257");
}

TEST(Limits, DeepYamlFlowNestingIsRefusedWithLocation) {
  const std::string text = "a: " + std::string(10000, '[') + std::string(10000, ']') + "\n";
  auto doc = parse_document(text, "/tmp/deep.yaml");
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().code, ErrorCode::spec_too_large);
  EXPECT_EQ(doc.error().location.rfind("/tmp/deep.yaml:1:", 0), 0U) << doc.error().location;
}

TEST(Limits, DeepYamlBlockNestingIsRefused) {
  std::string text;
  for (int depth = 0; depth < 2000; ++depth) {
    text += std::string(static_cast<std::size_t>(depth), ' ') + "k:\n";
  }
  auto doc = parse_document(text, "/tmp/deep_block.yaml");
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().code, ErrorCode::spec_too_large);
}

TEST(Limits, NestingWithinLimitIsAccepted) {
  const std::string text = std::string(200, '[') + std::string(200, ']');
  EXPECT_TRUE(parse_document(text, "/tmp/ok.json"));
}

TEST(Limits, FiftyMegabyteDocumentIsRefusedOverAnExplicitLimit) {
  const auto dir = make_temp_dir("large");
  const auto file = dir / "huge.json";
  {
    std::ofstream out(file, std::ios::binary);
    out << "{\"items\":[";
    const std::string item = "\"" + std::string(1000, 'x') + "\",";
    for (int i = 0; i < 50 * 1024; ++i) {
      out << item;
    }
    out << "1]}";
  }
  ParseLimits limits;
  limits.max_bytes = std::size_t{32} * 1024 * 1024;
  auto doc = load_document(file, limits);
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().code, ErrorCode::spec_too_large);
}

TEST(Limits, FiftyMegabyteDocumentIsRefusedUnderDefaultLimits) {
  const auto dir = make_temp_dir("large_default");
  const auto file = dir / "huge.json";
  {
    std::ofstream out(file, std::ios::binary);
    out << "{\"items\":[";
    const std::string item = "\"" + std::string(1000, 'y') + "\",";
    for (int i = 0; i < 50 * 1024; ++i) {
      out << item;
    }
    out << "1]}";
  }
  auto doc = load_document(file); // default limit: 16 MiB, checked before reading
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().code, ErrorCode::spec_too_large);
  EXPECT_NE(doc.error().location.find("huge.json"), std::string::npos);
}

TEST(Limits, DefaultLimitRefusesOversizedText) {
  ParseLimits limits;
  limits.max_bytes = 10;
  auto doc = parse_document("{\"a\": 12345678}", "mem://x.json", limits);
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().code, ErrorCode::spec_too_large);
}

TEST(DocumentStore, ResolvesLocalAndRelativeFileRefs) {
  DocumentStore store;
  auto main = store.load(k_fixtures / "multi/main.yaml");
  ASSERT_TRUE(main) << main.error().to_string();
  const std::string base = (*main)->uri;
  auto local = store.resolve(base, "#/info/title");
  ASSERT_TRUE(local) << local.error().to_string();
  EXPECT_EQ(*local->node, "Multi-file pets");
  auto other = store.resolve(base, "schemas/pet.yaml#/Pet/properties/name");
  ASSERT_TRUE(other) << other.error().to_string();
  EXPECT_EQ((*other->node)["type"], "string");
  EXPECT_EQ(other->pointer, "/Pet/properties/name");
  auto whole = store.resolve(other->document->uri, "tag.yaml");
  ASSERT_TRUE(whole) << whole.error().to_string();
  EXPECT_EQ((*whole->node)["maxLength"], 10);
  auto up = store.resolve(whole->document->uri, "../parameters.yaml#/PetId/name");
  ASSERT_TRUE(up);
  EXPECT_EQ(*up->node, "petId");
  EXPECT_EQ(store.find(whole->document->uri), whole->document);
}

TEST(DocumentStore, ResolvesAbsolutePathsAndInMemoryUris) {
  DocumentStore store;
  Document doc;
  doc.uri = "https://example.com/schemas/a.json";
  doc.root = nlohmann::json::parse(R"({"defs":{"x":{"type":"string"}}})");
  store.add(std::move(doc));
  Document sibling;
  sibling.uri = "https://example.com/schemas/b.json";
  sibling.root = nlohmann::json::parse(R"({"type":"integer"})");
  store.add(std::move(sibling));
  auto in_memory = store.resolve("https://example.com/schemas/a.json", "#/defs/x");
  ASSERT_TRUE(in_memory);
  EXPECT_EQ((*in_memory->node)["type"], "string");
  auto relative = store.resolve("https://example.com/schemas/a.json", "b.json");
  ASSERT_TRUE(relative) << relative.error().to_string();
  EXPECT_EQ((*relative->node)["type"], "integer");
  const auto absolute = std::filesystem::absolute(k_fixtures / "multi/schemas/tag.yaml");
  auto by_path = store.resolve("https://example.com/schemas/a.json", absolute.string());
  ASSERT_TRUE(by_path) << by_path.error().to_string();
  EXPECT_EQ((*by_path->node)["type"], "string");
}

TEST(DocumentStore, MissingTargetsAreUnresolvedRefs) {
  DocumentStore store;
  auto main = store.load(k_fixtures / "multi/main.yaml");
  ASSERT_TRUE(main);
  auto missing_file = store.resolve((*main)->uri, "nope.yaml#/x");
  ASSERT_FALSE(missing_file);
  EXPECT_EQ(missing_file.error().code, ErrorCode::spec_unresolved_ref);
  auto missing_pointer = store.resolve((*main)->uri, "#/components/schemas/Nope");
  ASSERT_FALSE(missing_pointer);
  EXPECT_EQ(missing_pointer.error().code, ErrorCode::spec_unresolved_ref);
  auto unknown_uri = store.resolve("https://example.com/a.json", "https://example.com/b.json");
  ASSERT_FALSE(unknown_uri);
  EXPECT_EQ(unknown_uri.error().code, ErrorCode::spec_unresolved_ref);
}

TEST(DocumentStore, DecodesPercentEscapesInFragments) {
  DocumentStore store;
  Document doc;
  doc.uri = "mem://p.json";
  doc.root = nlohmann::json::parse(R"({"paths":{"/pets/{id}":{"get":1}}})");
  store.add(std::move(doc));
  auto ref = store.resolve("mem://p.json", "#/paths/~1pets~1%7Bid%7D/get");
  ASSERT_TRUE(ref) << ref.error().to_string();
  EXPECT_EQ(*ref->node, 1);
}

TEST(DocumentStore, LoadsEachFileOnce) {
  DocumentStore store;
  auto first = store.load(k_fixtures / "multi/main.yaml");
  auto second = store.load(k_fixtures / "multi/../multi/main.yaml");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(*first, *second);
  auto missing = store.load(k_fixtures / "multi/absent.yaml");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::io_read);
}

} // namespace
} // namespace concord::core

namespace concord::core {
namespace {

std::string read_regression(const std::string& rel) {
  std::ifstream in(std::filesystem::path(CONCORD_SOURCE_DIR) / "fixtures/fuzz-regressions" / rel,
                   std::ios::binary);
  EXPECT_TRUE(in) << rel;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void expect_utf8_rejected(std::string_view text, const std::string& uri,
                          const std::string& location) {
  Result<Document> doc = fail(ErrorCode::internal, "not run");
  EXPECT_NO_THROW(doc = parse_document(text, uri));
  ASSERT_FALSE(doc) << uri;
  EXPECT_EQ(doc.error().code, ErrorCode::spec_parse) << doc.error().to_string();
  EXPECT_EQ(doc.error().location, location) << doc.error().to_string();
}

TEST(Utf8, RejectsInvalidUtf8InYamlKeyFromFuzzer) {
  const auto text = read_regression("fuzz_document/yaml-invalid-utf8-key");
  expect_utf8_rejected(text, "/fuzz/doc.yaml", "/fuzz/doc.yaml:2:7");
}

TEST(Utf8, RejectsUtf32LookingInputFromFuzzer) {
  const auto text = read_regression("fuzz_document/utf32-detected-ascii-yields-invalid-utf8");
  expect_utf8_rejected(text, "/fuzz/doc.yaml", "/fuzz/doc.yaml:1:1");
}

TEST(Utf8, RejectsInvalidUtf8SchemaTypeFromFuzzer) {
  const auto text = read_regression("fuzz_loader/schema-type-invalid-utf8.yaml");
  Result<Document> doc = fail(ErrorCode::internal, "not run");
  EXPECT_NO_THROW(doc = parse_document(text, "/fuzz/spec.yaml"));
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().code, ErrorCode::spec_parse);
  EXPECT_EQ(doc.error().location.rfind("/fuzz/spec.yaml:", 0), 0U) << doc.error().location;
}

TEST(Utf8, RejectsInvalidUtf8InJsonSchemaFromFuzzer) {
  // The fuzz_schema harness drops a selector byte and parses the first half as the schema.
  const auto input = read_regression("fuzz_schema/type-name-invalid-utf8");
  ASSERT_GT(input.size(), 1U);
  const std::string_view text = std::string_view(input).substr(1);
  expect_utf8_rejected(text, "/fuzz/schema.json", "/fuzz/schema.json:1:23");
}

TEST(Utf8, ValidatorRejectsOverlongsSurrogatesAndOutOfRange) {
  expect_utf8_rejected("a: \xC0\xAF\n", "x.yaml", "x.yaml:1:4");         // overlong '/'
  expect_utf8_rejected("a: \xE0\x80\xAF\n", "x.yaml", "x.yaml:1:4");     // overlong 3-byte
  expect_utf8_rejected("a: \xF0\x80\x80\xAF\n", "x.yaml", "x.yaml:1:4"); // overlong 4-byte
  expect_utf8_rejected("a: \xED\xA0\x80\n", "x.yaml", "x.yaml:1:4");     // U+D800
  expect_utf8_rejected("a: \xF4\x90\x80\x80\n", "x.yaml", "x.yaml:1:4"); // > U+10FFFF
  expect_utf8_rejected("a: b\n\xFF: 1\n", "x.yaml", "x.yaml:2:1");
  expect_utf8_rejected("a: \xE2\x82", "x.yaml", "x.yaml:1:4"); // truncated
  expect_utf8_rejected(std::string_view("a: b\0", 5), "x.yaml", "x.yaml:1:5");
  expect_utf8_rejected("{\"a\": \"\xFF\"}", "x.json", "x.json:1:8");
  expect_utf8_rejected(std::string_view("\xFF\xFE\x61\0:\0", 6), "x.yaml",
                       "x.yaml:1:1"); // UTF-16LE
}

TEST(Utf8, YamlEscapesNextLineAndNoBreakSpaceBecomeUtf8FromFuzzer) {
  // yaml-cpp decodes "\N" and "\_" to the lone bytes 0x85 and 0xA0; json::dump() then threw.
  const auto text = read_regression("fuzz_document/yaml-escape-N-gives-lone-0x85");
  Result<Document> doc = fail(ErrorCode::internal, "not run");
  EXPECT_NO_THROW(doc = parse_document(text, "/fuzz/doc.yaml"));
  if (doc) {
    EXPECT_NO_THROW((void)doc->root.dump());
  }
  auto escapes = parse_document("\"k\\N\": \"a\\_b\\N\"\nplain: \"\xC3\xA0 \\x85\"\n", "x.yaml");
  ASSERT_TRUE(escapes) << escapes.error().to_string();
  EXPECT_EQ(escapes->root.dump(),
            "{\"k\xC2\x85\":\"a\xC2\xA0\x62\xC2\x85\",\"plain\":\"\xC3\xA0 \xC2\x85\"}");
}

TEST(Utf8, AcceptsValidMultibyteText) {
  auto doc = parse_document("a: \"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF\"\n",
                            "x.yaml");
  ASSERT_TRUE(doc) << doc.error().to_string();
  EXPECT_NO_THROW((void)doc->root.dump());
}

TEST(SameFile, PathsThatNameOneFileAreTheSameWhateverTheirSpelling) {
  const auto dir = std::filesystem::temp_directory_path() / "concord-same-file-test";
  std::filesystem::create_directories(dir / "sub");
  std::ofstream(dir / "spec.yaml") << "openapi: 3.1.0\n";
  EXPECT_TRUE(is_same_file(dir / "spec.yaml", dir / "sub" / ".." / "spec.yaml"));
  EXPECT_FALSE(is_same_file(dir / "spec.yaml", dir / "sub" / "spec.yaml"));
  EXPECT_TRUE(is_same_file("not/there.yaml", "not/./there.yaml")); // resolved lexically
  EXPECT_FALSE(is_same_file("not/there.yaml", "not/here.yaml"));
  std::filesystem::remove_all(dir);
}

} // namespace
} // namespace concord::core
