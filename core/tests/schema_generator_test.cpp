#include "core/document.hpp"
#include "core/schema_generator.hpp"

#include <gtest/gtest.h>
#include <regex>

namespace concord::core {
namespace {

using nlohmann::json;

json generate(const json& root, const std::string& pointer, std::uint64_t seed = 1,
              bool use_examples = true) {
  const json* node = core::find_pointer(root, pointer);
  EXPECT_NE(node, nullptr);
  GenerateOptions options;
  options.seed = seed;
  options.use_examples = use_examples;
  return generate_value(SchemaRef{node, "mem://test"}, make_local_resolver(root), options);
}

const json k_doc = json::parse(R"({
  "schemas": {
    "Pet": {"type": "object", "required": ["id", "name"],
            "properties": {"id": {"type": "integer", "minimum": 10, "maximum": 20},
                           "name": {"type": "string", "minLength": 8},
                           "tag": {"type": "string", "enum": ["a", "b"]},
                           "when": {"type": "string", "format": "date-time"},
                           "uuid": {"type": "string", "format": "uuid"},
                           "secret": {"type": "string", "writeOnly": true},
                           "owner": {"$ref": "#/schemas/Owner"}}},
    "Owner": {"type": "object", "required": ["pets"],
              "properties": {"pets": {"type": "array", "items": {"$ref": "#/schemas/Pet"}}}},
    "Merged": {"allOf": [{"$ref": "#/schemas/Pet"},
                         {"type": "object", "properties": {"extra": {"type": "boolean"}}}]},
    "Choice": {"oneOf": [{"type": "null"}, {"type": "number", "multipleOf": 0.25, "minimum": 3}]},
    "WithExample": {"type": "string", "example": "hello"},
    "Code": {"type": "string", "pattern": "^[A-Z]{3}-\\d{2,4}$"},
    "Tuple": {"type": "array", "minItems": 3, "maxItems": 3, "uniqueItems": true,
              "items": {"type": "integer", "minimum": 0, "maximum": 100}}
  }
})");

TEST(SchemaGenerator, FillsRequiredAndOptionalProperties) {
  const json value = generate(k_doc, "/schemas/Pet");
  ASSERT_TRUE(value.is_object());
  EXPECT_GE(value["id"].get<int>(), 10);
  EXPECT_LE(value["id"].get<int>(), 20);
  EXPECT_GE(value["name"].get<std::string>().size(), 8U);
  EXPECT_TRUE(value["tag"] == "a" || value["tag"] == "b");
  EXPECT_FALSE(value.contains("secret")) << "writeOnly is not sent in responses";
  EXPECT_TRUE(std::regex_match(value["when"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  EXPECT_TRUE(std::regex_match(
      value["uuid"].get<std::string>(),
      std::regex(R"([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})")));
}

TEST(SchemaGenerator, IsDeterministicForASeed) {
  EXPECT_EQ(generate(k_doc, "/schemas/Pet", 7), generate(k_doc, "/schemas/Pet", 7));
  EXPECT_NE(generate(k_doc, "/schemas/Pet", 7).dump(), generate(k_doc, "/schemas/Pet", 8).dump());
}

TEST(SchemaGenerator, BoundsRecursiveSchemas) {
  const json value = generate(k_doc, "/schemas/Owner");
  EXPECT_TRUE(value["pets"].is_array());
  EXPECT_LT(value.dump().size(), 100000U);
}

TEST(SchemaGenerator, MergesAllOf) {
  const json value = generate(k_doc, "/schemas/Merged");
  EXPECT_TRUE(value.contains("id"));
  EXPECT_TRUE(value["extra"].is_boolean());
}

TEST(SchemaGenerator, TakesFirstNonNullBranch) {
  const json value = generate(k_doc, "/schemas/Choice");
  ASSERT_TRUE(value.is_number());
  EXPECT_GE(value.get<double>(), 3.0);
  EXPECT_DOUBLE_EQ(value.get<double>() * 4, std::floor(value.get<double>() * 4));
}

TEST(SchemaGenerator, UsesSchemaExamplesUnlessTold) {
  EXPECT_EQ(generate(k_doc, "/schemas/WithExample"), "hello");
  EXPECT_NE(generate(k_doc, "/schemas/WithExample", 1, false), "hello");
}

TEST(SchemaGenerator, GeneratesSimplePatterns) {
  const json value = generate(k_doc, "/schemas/Code");
  EXPECT_TRUE(std::regex_match(value.get<std::string>(), std::regex(R"([A-Z]{3}-\d{2,4})")))
      << value;
  EXPECT_FALSE(generate_pattern_string("(?=x)abc", 1).has_value());
}

TEST(SchemaGenerator, RespectsArrayBoundsAndUniqueness) {
  const json value = generate(k_doc, "/schemas/Tuple");
  ASSERT_EQ(value.size(), 3U);
  EXPECT_NE(value[0], value[1]);
  EXPECT_NE(value[1], value[2]);
}

} // namespace
} // namespace concord::core
