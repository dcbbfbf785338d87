#include "core/document.hpp"
#include "core/schema.hpp"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <gtest/gtest.h>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace concord::core {
namespace {

using nlohmann::json;

const std::string k_pets = std::string(CONCORD_SOURCE_DIR) + "/fixtures/schema/pets.yaml";

class SchemaTest : public ::testing::Test {
protected:
  SchemaHandle compile(const json& schema, Dialect dialect = Dialect::draft2020_12) {
    auto compiled =
        set_.compile_value(schema, "mem://test/" + std::to_string(next_++) + ".json", dialect);
    EXPECT_TRUE(compiled.has_value()) << (compiled ? "" : compiled.error().to_string());
    return compiled ? *compiled : nullptr;
  }
  Result<SchemaHandle> try_compile(const json& schema, Dialect dialect) {
    return set_.compile_value(schema, "mem://test/" + std::to_string(next_++) + ".json", dialect);
  }
  SchemaHandle compile_pets(const std::string& name) {
    auto compiled = set_.compile(pets_uri(), "/components/schemas/" + name, Dialect::oas30);
    EXPECT_TRUE(compiled.has_value()) << (compiled ? "" : compiled.error().to_string());
    return compiled ? *compiled : nullptr;
  }
  std::string pets_uri() {
    auto loaded = store_.load(k_pets);
    EXPECT_TRUE(loaded.has_value());
    return loaded ? (*loaded)->uri : std::string();
  }
  std::vector<Finding> check(SchemaHandle schema, const json& instance,
                             const ValidateOptions& options = {}) {
    auto findings = set_.validate(schema, instance, options);
    EXPECT_EQ(findings.empty(), set_.is_valid(schema, instance, options))
        << "validate() and is_valid() disagree on " << instance.dump();
    return findings;
  }

  DocumentStore store_;
  SchemaSet set_{store_};
  int next_ = 0;
};

ValidateOptions with_direction(Direction direction) {
  ValidateOptions options;
  options.direction = direction;
  return options;
}

ValidateOptions strict() {
  ValidateOptions options;
  options.closed_objects = true;
  return options;
}

// --- findings -------------------------------------------------------------------------------

TEST_F(SchemaTest, FindingCarriesPointerLocationKeywordAndMessage) {
  SchemaHandle pet = compile_pets("Pet");
  const auto findings = check(pet, json{{"id", 3}, {"name", 5}, {"petType", "cat"}});
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].instance_pointer, "/name");
  EXPECT_EQ(findings[0].schema_location, pets_uri() + "#/components/schemas/Pet/properties/name");
  EXPECT_EQ(findings[0].keyword, "type");
  EXPECT_EQ(findings[0].message, "expected string, got integer");
}

TEST_F(SchemaTest, FindingThroughRefPointsAtTargetFile) {
  SchemaHandle pet = compile_pets("Pet");
  const auto findings = check(pet, json{{"id", 0}, {"name", "rex"}, {"petType", "dog"}});
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].instance_pointer, "/id");
  EXPECT_NE(findings[0].schema_location.find("common.yaml#/Id"), std::string::npos);
  EXPECT_EQ(findings[0].keyword, "minimum");
}

TEST_F(SchemaTest, PlainMessagesForRequiredEnumAndPattern) {
  SchemaHandle schema = compile(json::parse(R"({
    "type": "object", "required": ["name"],
    "properties": {"kind": {"enum": ["a", "b"]}, "code": {"pattern": "^[a-z]+$"}}
  })"));
  const auto findings = check(schema, json{{"kind", "x"}, {"code", "ABC"}});
  ASSERT_EQ(findings.size(), 3U);
  EXPECT_EQ(findings[0].keyword, "required");
  EXPECT_EQ(findings[0].message, "missing required property \"name\"");
  EXPECT_EQ(findings[1].instance_pointer, "/code");
  EXPECT_EQ(findings[1].message, "string does not match pattern ^[a-z]+$");
  EXPECT_EQ(findings[2].instance_pointer, "/kind");
  EXPECT_EQ(findings[2].message, "\"x\" is not one of [\"a\", \"b\"]");
}

TEST_F(SchemaTest, MaxFindingsCapsTheList) {
  SchemaHandle schema = compile(json::parse(R"({"items": {"type": "string"}})"));
  ValidateOptions options;
  options.max_findings = 5;
  EXPECT_EQ(check(schema, json(std::vector<int>(100, 1)), options).size(), 5U);
}

TEST_F(SchemaTest, OneOfFailureIsOneSummaryFinding) {
  SchemaHandle schema =
      compile(json::parse(R"({"oneOf": [{"type": "string"}, {"type": "integer"}]})"));
  const auto findings = check(schema, json(true));
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "oneOf");
  EXPECT_EQ(findings[0].instance_pointer, "");
  EXPECT_NE(findings[0].message.find("[0] expected string, got boolean"), std::string::npos);
  EXPECT_NE(findings[0].message.find("[1] expected integer, got boolean"), std::string::npos);
  const auto both = check(
      compile(json::parse(R"({"oneOf": [{"type": "number"}, {"type": "integer"}]})")), json(1));
  ASSERT_EQ(both.size(), 1U);
  EXPECT_EQ(both[0].message, "value matches more than one schema in oneOf (0 and 1)");
}

// --- OpenAPI 3.0 specifics ------------------------------------------------------------------

TEST_F(SchemaTest, NullableAllowsNullInOas30Only) {
  const json schema = json::parse(R"({"type": "string", "nullable": true})");
  EXPECT_TRUE(check(compile(schema, Dialect::oas30), json(nullptr)).empty());
  const auto findings = check(compile(schema, Dialect::draft4), json(nullptr));
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].message, "expected string, got null");
}

TEST_F(SchemaTest, NullableWrapsAllOfRef) {
  SchemaHandle schema = compile(json::parse(R"({
    "definitions": {"Name": {"type": "string"}},
    "nullable": true, "allOf": [{"$ref": "#/definitions/Name"}]
  })"),
                                Dialect::oas30);
  EXPECT_TRUE(check(schema, json(nullptr)).empty());
  EXPECT_TRUE(check(schema, json("x")).empty());
  EXPECT_EQ(check(schema, json(1)).size(), 1U);
}

TEST_F(SchemaTest, BooleanExclusiveMinimumInOas30) {
  SchemaHandle schema =
      compile(json::parse(R"({"minimum": 5, "exclusiveMinimum": true})"), Dialect::oas30);
  const auto findings = check(schema, json(5));
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "minimum");
  EXPECT_EQ(findings[0].message, "5 must be greater than 5");
  EXPECT_TRUE(check(schema, json(5.5)).empty());
  SchemaHandle modern = compile(json::parse(R"({"exclusiveMaximum": 5})"));
  ASSERT_EQ(check(modern, json(5)).size(), 1U);
  EXPECT_EQ(check(modern, json(5))[0].keyword, "exclusiveMaximum");
}

TEST_F(SchemaTest, RefSiblingsAreIgnoredInOas30) {
  SchemaHandle schema = compile(json::parse(R"({
    "definitions": {"S": {"type": "string"}},
    "properties": {"a": {"$ref": "#/definitions/S", "maxLength": 1}}
  })"),
                                Dialect::oas30);
  EXPECT_TRUE(check(schema, json{{"a", "long"}}).empty());
  SchemaHandle modern = compile(json::parse(R"({
    "$defs": {"S": {"type": "string"}},
    "properties": {"a": {"$ref": "#/$defs/S", "maxLength": 1}}
  })"));
  EXPECT_EQ(check(modern, json{{"a", "long"}}).size(), 1U);
}

TEST_F(SchemaTest, ReadOnlyPropertyInRequestIsFinding) {
  SchemaHandle pet = compile_pets("Pet");
  const json body{{"id", 7}, {"name", "rex"}, {"petType", "dog"}};
  const auto findings = check(pet, body, with_direction(Direction::request));
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].instance_pointer, "/id");
  EXPECT_EQ(findings[0].keyword, "readOnly");
  EXPECT_TRUE(check(pet, body, with_direction(Direction::response)).empty());
  EXPECT_TRUE(check(pet, body).empty());
}

TEST_F(SchemaTest, ReadOnlyRequiredPropertyIsNotRequiredInRequest) {
  SchemaHandle pet = compile_pets("Pet");
  const json body{{"name", "rex"}, {"petType", "dog"}};
  EXPECT_TRUE(check(pet, body, with_direction(Direction::request)).empty());
  const auto findings = check(pet, body, with_direction(Direction::response));
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].message, "missing required property \"id\"");
}

TEST_F(SchemaTest, WriteOnlyPropertyInResponseIsFinding) {
  SchemaHandle pet = compile_pets("Pet");
  const json body{{"id", 7}, {"name", "rex"}, {"petType", "dog"}, {"password", "x"}};
  const auto findings = check(pet, body, with_direction(Direction::response));
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].instance_pointer, "/password");
  EXPECT_EQ(findings[0].keyword, "writeOnly");
  const json request{{"name", "rex"}, {"petType", "dog"}, {"password", "x"}};
  EXPECT_TRUE(check(pet, request, with_direction(Direction::request)).empty());
}

TEST_F(SchemaTest, WriteOnlyRequiredPropertyIsNotRequiredInResponse) {
  SchemaHandle schema = compile(json::parse(R"({
    "type": "object", "required": ["secret"],
    "properties": {"secret": {"type": "string", "writeOnly": true}}
  })"),
                                Dialect::oas30);
  EXPECT_TRUE(check(schema, json::object(), with_direction(Direction::response)).empty());
  EXPECT_EQ(check(schema, json::object(), with_direction(Direction::request)).size(), 1U);
}

TEST_F(SchemaTest, DiscriminatorPicksBranchForMessages) {
  SchemaHandle any_pet = compile_pets("AnyPet");
  const json dog{{"id", 1}, {"name", "rex"}, {"petType", "dog"}, {"bark", "loud"}};
  const auto findings = check(any_pet, dog);
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].instance_pointer, "/bark");
  EXPECT_EQ(findings[0].keyword, "type");
  EXPECT_EQ(findings[0].message, "expected boolean, got string");

  const json fish{{"id", 1}, {"name", "nemo"}, {"petType", "fish"}};
  const auto unknown = check(any_pet, fish);
  ASSERT_EQ(unknown.size(), 1U);
  EXPECT_EQ(unknown[0].keyword, "discriminator");
  const json cat{{"id", 1}, {"name", "tom"}, {"petType", "cat"}, {"purrs", true}};
  EXPECT_TRUE(check(any_pet, cat).empty());
}

TEST_F(SchemaTest, DiscriminatorWithoutMappingUsesTheBranchThatPinsTheValue) {
  SchemaHandle schema = compile(json::parse(R"({
    "$defs": {
      "A": {"type": "object", "required": ["x"], "properties": {"kind": {"enum": ["a"]}}},
      "B": {"type": "object", "required": ["y"], "properties": {"kind": {"const": "b"}}}
    },
    "oneOf": [{"$ref": "#/$defs/A"}, {"$ref": "#/$defs/B"}],
    "discriminator": {"propertyName": "kind"}
  })"));
  const auto findings = check(schema, json{{"kind", "b"}});
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].message, "missing required property \"y\"");
}

TEST_F(SchemaTest, NullableArrayInOas30File) {
  SchemaHandle pet = compile_pets("Pet");
  const json body{{"id", 7}, {"name", "rex"}, {"petType", "dog"}, {"tags", nullptr}};
  EXPECT_TRUE(check(pet, body).empty());
}

// --- strict mode ----------------------------------------------------------------------------

TEST_F(SchemaTest, StrictModeFlagsUndeclaredProperty) {
  SchemaHandle schema =
      compile(json::parse(R"({"type": "object", "properties": {"a": {}}})"), Dialect::oas30);
  const json body{{"a", 1}, {"b", 2}};
  EXPECT_TRUE(check(schema, body).empty());
  const auto findings = check(schema, body, strict());
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].instance_pointer, "/b");
  EXPECT_EQ(findings[0].keyword, "additionalProperties");
}

TEST_F(SchemaTest, StrictModeAcceptsPropertiesFromAnyAllOfBranch) {
  SchemaHandle dog = compile_pets("Dog");
  const json body{{"id", 1}, {"name", "rex"}, {"petType", "dog"}, {"bark", true}};
  EXPECT_TRUE(check(dog, body, strict()).empty());
  json extra = body;
  extra["color"] = "brown";
  const auto findings = check(dog, extra, strict());
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].instance_pointer, "/color");
}

TEST_F(SchemaTest, StrictModeRespectsDeclaredAdditionalProperties) {
  SchemaHandle schema = compile(json::parse(R"({
    "properties": {"a": {}}, "additionalProperties": {"type": "integer"}
  })"),
                                Dialect::oas30);
  EXPECT_TRUE(check(schema, json{{"a", 1}, {"b", 2}}, strict()).empty());
  EXPECT_EQ(check(schema, json{{"a", 1}, {"b", "x"}}, strict()).size(), 1U);
}

TEST_F(SchemaTest, StrictModeAppliesToNestedObjects) {
  SchemaHandle schema = compile(json::parse(R"({
    "properties": {"child": {"type": "object", "properties": {"x": {}}}},
    "additionalProperties": false
  })"));
  const auto findings = check(schema, json{{"child", {{"x", 1}, {"y", 2}}}}, strict());
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].instance_pointer, "/child/y");
}

TEST_F(SchemaTest, StrictModeOneOfPicksTheBranchThatDeclaresEveryMember) {
  SchemaHandle schema = compile(json::parse(R"({
    "oneOf": [{"type": "object", "properties": {"name": {}, "purrs": {}}},
              {"type": "object", "properties": {"name": {}, "bark": {}}}]
  })"),
                                Dialect::oas30);
  const json dog{{"name", "rex"}, {"bark", true}};
  ASSERT_EQ(check(schema, dog).size(), 1U); // both branches match without strict mode
  EXPECT_TRUE(check(schema, dog, strict()).empty());
  const auto findings =
      check(schema, json{{"name", "rex"}, {"bark", true}, {"purrs", true}}, strict());
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "oneOf");
}

// --- references and recursion ---------------------------------------------------------------

TEST_F(SchemaTest, RecursiveSchemaValidatesNestedTree) {
  SchemaHandle tree = compile_pets("Tree");
  json leaf{{"value", 1}};
  json bad{{"value", "x"}};
  json node{{"value", 2}, {"children", json::array({leaf, bad})}};
  json root{{"value", 3}, {"children", json::array({node})}};
  const auto findings = check(tree, root);
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].instance_pointer, "/children/0/children/1/value");
  json deep{{"value", 0}};
  for (int i = 0; i < 100; ++i) {
    deep = json{{"value", i}, {"children", json::array({deep})}};
  }
  EXPECT_TRUE(check(tree, deep).empty());
}

TEST_F(SchemaTest, DeepInstanceIsCappedNotAStackOverflow) {
  SchemaHandle schema = compile(json::parse(R"({
    "$defs": {"n": {"type": "array", "items": {"$ref": "#/$defs/n"}}}, "$ref": "#/$defs/n"
  })"));
  json nested = json::array();
  const auto wrap = [&nested](int levels) {
    for (int i = 0; i < levels; ++i) {
      json outer = json::array();
      outer.push_back(std::move(nested));
      nested = std::move(outer);
    }
  };
  wrap(200);
  EXPECT_TRUE(check(schema, nested).empty());
  wrap(5000); // far deeper than the parser allows
  const auto findings = check(schema, nested);
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "$ref");
  EXPECT_EQ(findings[0].message.rfind("schema nesting is too deep", 0), 0U);
}

TEST_F(SchemaTest, SameNodeCompiledTwiceYieldsSameHandle) {
  EXPECT_EQ(compile_pets("Tree"), compile_pets("Tree"));
  SchemaHandle tree = compile_pets("Tree");
  EXPECT_EQ(set_.source(tree).pointer, "/components/schemas/Tree");
  EXPECT_EQ(set_.source(tree).dialect, Dialect::oas30);
}

TEST_F(SchemaTest, SelfOnlyRefCycleIsAnErrorNotACrash) {
  for (const char* text :
       {R"({"$ref": "#"})", R"({"allOf": [{"$ref": "#"}]})",
        R"({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"anyOf": [{"$ref": "#/$defs/a"}]}},
                               "$ref": "#/$defs/a"})"}) {
    auto compiled = try_compile(json::parse(text), Dialect::draft2020_12);
    ASSERT_FALSE(compiled.has_value()) << text;
    EXPECT_EQ(compiled.error().code, ErrorCode::spec_cyclic_ref) << text;
  }
  auto oas = try_compile(json::parse(R"({"definitions": {"A": {"$ref": "#/definitions/B"},
                                       "B": {"$ref": "#/definitions/A"}},
                                       "properties": {"x": {"$ref": "#/definitions/A"}}})"),
                         Dialect::oas30);
  ASSERT_FALSE(oas.has_value());
  EXPECT_EQ(oas.error().code, ErrorCode::spec_cyclic_ref);
}

TEST_F(SchemaTest, UnresolvedRefIsAnError) {
  auto compiled = try_compile(json::parse(R"({"$ref": "#/$defs/missing"})"), Dialect::draft2020_12);
  ASSERT_FALSE(compiled.has_value());
  EXPECT_EQ(compiled.error().code, ErrorCode::spec_unresolved_ref);
}

TEST_F(SchemaTest, InvalidPatternIsSchemaInvalidWithLocation) {
  auto compiled = try_compile(json::parse(R"({"properties": {"a": {"pattern": "(ab"}}})"),
                              Dialect::draft2020_12);
  ASSERT_FALSE(compiled.has_value());
  EXPECT_EQ(compiled.error().code, ErrorCode::schema_invalid);
  EXPECT_NE(compiled.error().location.find("#/properties/a/pattern"), std::string::npos);
}

// --- patterns -------------------------------------------------------------------------------

TEST_F(SchemaTest, CatastrophicPatternHitsTheMatchLimitAndReportsIt) {
  SchemaHandle schema = compile(json::parse(R"({"pattern": "^(a+)+$"})"));
  const std::string subject = std::string(30000, 'a') + "b";
  // The match limit, not a timer, bounds the work: hitting it is the finding.
  const auto findings = check(schema, json(subject));
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "pattern");
  EXPECT_EQ(findings[0].message.rfind("pattern too expensive to evaluate", 0), 0U);
}

TEST_F(SchemaTest, EcmaDigitClassIsAsciiAndUnicodePropertiesWork) {
  SchemaHandle digits = compile(json::parse(R"({"pattern": "^\\d+$"})"));
  EXPECT_TRUE(check(digits, json("123")).empty());
  EXPECT_EQ(check(digits, json("\u0663")).size(), 1U); // ARABIC-INDIC DIGIT THREE
  SchemaHandle letters = compile(json::parse(R"({"pattern": "^\\p{L}+$"})"));
  EXPECT_TRUE(check(letters, json("\u00e9t\u00e9")).empty());
  EXPECT_EQ(check(letters, json("a1")).size(), 1U);
}

// --- numbers and equality -------------------------------------------------------------------

TEST_F(SchemaTest, MultipleOfHandlesDecimalFractionsAndLargeIntegers) {
  SchemaHandle cents = compile(json::parse(R"({"multipleOf": 0.0001})"));
  EXPECT_TRUE(check(cents, json::parse("0.0075")).empty());
  EXPECT_EQ(check(cents, json::parse("0.00751")).size(), 1U);
  SchemaHandle even = compile(json::parse(R"({"multipleOf": 2})"));
  EXPECT_TRUE(check(even, json::parse("9007199254740994")).empty());
  EXPECT_EQ(check(even, json::parse("9007199254740993")).size(), 1U);
  EXPECT_EQ(
      check(compile(json::parse(R"({"multipleOf": 0.123456789})")), json::parse("1e308")).size(),
      1U);
}

TEST_F(SchemaTest, IntegerTypeAcceptsZeroFraction) {
  SchemaHandle schema = compile(json::parse(R"({"type": "integer"})"));
  EXPECT_TRUE(check(schema, json::parse("1.0")).empty());
  const auto findings = check(schema, json::parse("1.5"));
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].message, "expected integer, got number");
}

TEST_F(SchemaTest, BigNumbersCompareExactly) {
  SchemaHandle schema = compile(json::parse(R"({"maximum": 18446744073709551615})"));
  EXPECT_TRUE(check(schema, json::parse("18446744073709551615")).empty());
  EXPECT_EQ(check(schema, json::parse("1e20")).size(), 1U);
  SchemaHandle negative = compile(json::parse(R"({"minimum": -9223372036854775808})"));
  EXPECT_TRUE(check(negative, json::parse("-9223372036854775808")).empty());
}

TEST_F(SchemaTest, UniqueItemsUsesJsonEquality) {
  SchemaHandle schema = compile(json::parse(R"({"uniqueItems": true})"));
  EXPECT_EQ(check(schema, json::parse("[1, 1.0]")).size(), 1U);
  EXPECT_EQ(check(schema, json::parse(R"([{"a": 1, "b": [2]}, {"b": [2.0], "a": 1}])")).size(), 1U);
  EXPECT_TRUE(check(schema, json::parse("[false, 0, null, \"0\"]")).empty());
}

TEST_F(SchemaTest, UniqueItemsOnLargeArraysFindsDuplicates) {
  SchemaHandle schema = compile(json::parse(R"({"uniqueItems": true})"));
  json items = json::array();
  for (int i = 0; i < 5000; ++i) {
    items.push_back(json{{"id", i}});
  }
  EXPECT_TRUE(check(schema, items).empty());
  items.push_back(json{{"id", 17.0}});
  const auto findings = check(schema, items);
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].message, "items 17 and 5000 are equal");
}

// --- formats --------------------------------------------------------------------------------

TEST_F(SchemaTest, FormatsAreAssertedUnlessTurnedOff) {
  SchemaHandle schema = compile(json::parse(R"({"format": "date-time"})"));
  const auto findings = check(schema, json("yesterday"));
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].keyword, "format");
  ValidateOptions annotation_only;
  annotation_only.assert_formats = false;
  EXPECT_TRUE(check(schema, json("yesterday"), annotation_only).empty());
  EXPECT_TRUE(check(schema, json("2024-02-29T12:00:00Z")).empty());
  SchemaHandle int32 =
      compile(json::parse(R"({"type": "integer", "format": "int32"})"), Dialect::oas30);
  EXPECT_EQ(check(int32, json(2147483648LL)).size(), 1U);
  EXPECT_TRUE(check(int32, json(-2147483648LL)).empty());
}

// --- unevaluated / 2020-12 ------------------------------------------------------------------

TEST_F(SchemaTest, UnevaluatedPropertiesSeesThroughAllOfAndRef) {
  SchemaHandle schema = compile(json::parse(R"({
    "$defs": {"base": {"properties": {"a": {}}}},
    "allOf": [{"$ref": "#/$defs/base"}], "properties": {"b": {}},
    "unevaluatedProperties": false
  })"));
  EXPECT_TRUE(check(schema, json{{"a", 1}, {"b", 2}}).empty());
  const auto findings = check(schema, json{{"a", 1}, {"c", 2}});
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_EQ(findings[0].instance_pointer, "/c");
  EXPECT_EQ(findings[0].keyword, "unevaluatedProperties");
}

TEST_F(SchemaTest, ValidateIsThreadSafe) {
  SchemaHandle pet = compile_pets("AnyPet");
  const json good{{"id", 1}, {"name", "tom"}, {"petType", "cat"}, {"purrs", false}};
  const json bad{{"id", 1}, {"name", "rex"}, {"petType", "dog"}, {"bark", "x"}};
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (std::size_t t = 0; t < failures.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const bool ok = set_.validate(pet, good).empty() && set_.validate(pet, bad).size() == 1;
        failures[t] += ok ? 0 : 1;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(failures, std::vector<int>(4, 0));
}

} // namespace
} // namespace concord::core

namespace concord::core {
namespace {

// Prints ns per validation of a ~1 KB body; run with CONCORD_SCHEMA_BENCH=1 on a Release build.
TEST(SchemaBench, ValidatesOneKilobyteBody) {
  if (std::getenv("CONCORD_SCHEMA_BENCH") == nullptr) {
    GTEST_SKIP() << "set CONCORD_SCHEMA_BENCH=1 to measure";
  }
  DocumentStore store;
  SchemaSet set(store);
  auto loaded = store.load(k_pets);
  ASSERT_TRUE(loaded.has_value());
  auto any_pet = set.compile((*loaded)->uri, "/components/schemas/AnyPet", Dialect::oas30);
  auto dog = set.compile((*loaded)->uri, "/components/schemas/Dog", Dialect::oas30);
  ASSERT_TRUE(any_pet.has_value() && dog.has_value());
  json body{{"id", 42}, {"name", "rex"}, {"petType", "dog"}, {"bark", true}};
  for (int i = 0; i < 64; ++i) {
    body["tags"].push_back("tag-number-" + std::to_string(i));
  }
  std::cout << "body size: " << body.dump().size() << " bytes\n";
  constexpr int k_iterations = 100000;
  for (const auto& [name, handle] :
       {std::pair{"AnyPet (oneOf+discriminator)", *any_pet}, std::pair{"Dog (allOf)", *dog}}) {
    for (const bool strict_mode : {false, true}) {
      ValidateOptions options;
      options.closed_objects = strict_mode;
      options.direction = Direction::response;
      std::size_t findings = 0;
      const auto start = std::chrono::steady_clock::now();
      const std::clock_t cpu_start = std::clock();
      for (int i = 0; i < k_iterations; ++i) {
        findings += set.validate(handle, body, options).size();
      }
      const double cpu_ns = static_cast<double>(std::clock() - cpu_start) * 1e9 /
                            static_cast<double>(CLOCKS_PER_SEC) / k_iterations;
      const auto elapsed = std::chrono::steady_clock::now() - start;
      const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count();
      std::cout << name << (strict_mode ? " strict" : "") << ": " << ns / k_iterations
                << " ns wall, " << static_cast<long>(cpu_ns) << " ns CPU per validation ("
                << findings << " findings)\n";
    }
  }
}

} // namespace
} // namespace concord::core
