// Generated requests (concord verify --generate) from fixtures/conformance/generate.yaml: what
// the generator makes must be what it says (valid ones pass the schema, invalid ones break
// it), be the same for a seed, respect the safety defaults, and shrink within its class.
#include "conformance/generation.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <set>

namespace concord::conformance {
namespace {

using nlohmann::json;
using testing::load_fixture_spec;

const core::Operation& find(const core::Spec& spec, const std::string& id) {
  const auto* operation = spec.find_operation(id);
  EXPECT_NE(operation, nullptr) << id;
  return *operation;
}

core::SchemaHandle body_schema(const core::Operation& operation) {
  return operation.request_body->content.front().schema;
}

bool is_valid_body(const core::Spec& spec, const core::Operation& operation, const json& body) {
  core::ValidateOptions options;
  options.direction = core::Direction::request;
  return spec.schemas->is_valid(body_schema(operation), body, options);
}

TEST(Generation, ValidCasesSatisfyTheSchemaAndInvalidOnesBreakIt) {
  const auto spec = load_fixture_spec("generate.yaml");
  ASSERT_TRUE(spec);
  const auto& create = find(*spec, "createWidget");
  const auto out = generate_operation_cases(*spec, create, {40, 7, false});
  std::size_t valid = 0;
  std::size_t invalid_bodies = 0;
  std::set<std::string> variants;
  for (const auto& c : out.cases) {
    ASSERT_TRUE(c.generated) << c.id;
    ASSERT_TRUE(c.skip_reason.empty()) << c.id << ": " << c.skip_reason;
    variants.insert(c.generated->variant);
    if (c.kind == CaseKind::generated_valid) {
      ++valid;
      ASSERT_TRUE(c.generated->body) << c.id;
      EXPECT_TRUE(is_valid_body(*spec, create, *c.generated->body))
          << c.id << ": " << c.generated->body->dump();
    } else if (c.generated->violated_body && c.generated->body) {
      ++invalid_bodies;
      EXPECT_FALSE(is_valid_body(*spec, create, *c.generated->body))
          << c.id << ": " << c.generated->body->dump();
    }
  }
  EXPECT_LE(out.cases.size(), 40U);
  EXPECT_EQ(valid, 20U);
  EXPECT_GE(invalid_bodies, 10U);
  // The kinds of violation the issue names, and the credential cases of a secured operation.
  for (const char* expected : {"no credentials", "a wrong credential", "malformed JSON body"}) {
    EXPECT_EQ(variants.count(expected), 1U) << expected;
  }
  const auto has_prefix = [&](const std::string& prefix) {
    return std::any_of(variants.begin(), variants.end(),
                       [&](const std::string& v) { return v.rfind(prefix, 0) == 0; });
  };
  EXPECT_TRUE(has_prefix("required property 'name' missing") ||
              has_prefix("required property 'size' missing"));
  EXPECT_TRUE(has_prefix("boundary: "));
}

TEST(Generation, EveryKindOfViolationIsMadeSomewhere) {
  const auto spec = load_fixture_spec("generate.yaml");
  ASSERT_TRUE(spec);
  const auto out = generate_operation_cases(*spec, find(*spec, "createWidget"), {400, 1, false});
  std::string all;
  for (const auto& c : out.cases) {
    all += c.generated->variant + "\n";
  }
  for (const char* kind : {"wrong type", "above maximum", "below minimum", "longer than maxLength",
                           "pattern broken", "not in enum", "more than maxItems",
                           "additional property where none is allowed", "missing"}) {
    EXPECT_NE(all.find(kind), std::string::npos) << kind << " not in:\n" << all;
  }
}

TEST(Generation, IsTheSameForASeedAndDiffersAcrossSeeds) {
  const auto spec = load_fixture_spec("generate.yaml");
  ASSERT_TRUE(spec);
  const auto& create = find(*spec, "createWidget");
  const auto text = [&](std::uint64_t seed) {
    std::string out;
    for (const auto& c : generate_operation_cases(*spec, create, {12, seed, false}).cases) {
      out += c.id + " " + c.request.body.value_or("") + "\n";
    }
    return out;
  };
  EXPECT_EQ(text(5), text(5));
  EXPECT_NE(text(5), text(6));
}

TEST(Generation, ParametersAreGeneratedAndBrokenToo) {
  const auto spec = load_fixture_spec("generate.yaml");
  ASSERT_TRUE(spec);
  const auto& get = find(*spec, "getWidget");
  const auto out = generate_operation_cases(*spec, get, {30, 3, false});
  bool broke_limit = false;
  bool sent_limit = false;
  for (const auto& c : out.cases) {
    if (c.kind == CaseKind::generated_invalid && c.generated->violated_param == "limit") {
      broke_limit = true;
    }
    if (c.kind == CaseKind::generated_valid && c.generated->params.contains("limit")) {
      sent_limit = true;
      const auto& limit = c.generated->params["limit"];
      ASSERT_TRUE(limit.is_number_integer()) << c.id;
      EXPECT_GE(limit.get<int>(), 1);
      EXPECT_LE(limit.get<int>(), 50);
    }
    // getWidget has no security: no credential cases.
    EXPECT_FALSE(c.generated->omit_credentials || c.generated->wrong_credentials) << c.id;
  }
  EXPECT_TRUE(broke_limit);
  EXPECT_TRUE(sent_limit);
}

TEST(Generation, DeleteAndUnsafeOperationsOnlyWithUnsafe) {
  const auto spec = load_fixture_spec("generate.yaml");
  ASSERT_TRUE(spec);
  for (const char* id : {"deleteWidget", "polishWidget"}) {
    const auto& operation = find(*spec, id);
    const auto safe = generate_operation_cases(*spec, operation, {10, 1, false});
    ASSERT_EQ(safe.cases.size(), 1U) << id;
    EXPECT_NE(safe.cases.front().skip_reason.find("--generate-unsafe"), std::string::npos);
    const auto unsafe = generate_operation_cases(*spec, operation, {10, 1, true});
    EXPECT_GT(unsafe.cases.size(), 1U) << id;
    for (const auto& c : unsafe.cases) {
      EXPECT_TRUE(c.skip_reason.empty()) << c.id;
    }
  }
  EXPECT_TRUE(is_marked_unsafe(*spec, find(*spec, "polishWidget")));
  EXPECT_FALSE(is_marked_unsafe(*spec, find(*spec, "createWidget")));
}

TEST(Generation, ShrinkCandidatesStayInTheirClassAndGetSmaller) {
  const auto spec = load_fixture_spec("generate.yaml");
  ASSERT_TRUE(spec);
  const auto& create = find(*spec, "createWidget");
  GeneratedRequest valid;
  valid.body = json{{"name", "abcdefgh"}, {"size", 8}, {"color", "red"}, {"tags", {"a", "b"}}};
  const auto smaller = shrink_candidates(*spec, create, valid, true);
  ASSERT_FALSE(smaller.empty());
  bool dropped_optional = false;
  for (const auto& candidate : smaller) {
    ASSERT_TRUE(candidate.body);
    EXPECT_TRUE(is_valid_body(*spec, create, *candidate.body)) << candidate.body->dump();
    EXPECT_NE(*candidate.body, *valid.body);
    EXPECT_LE(candidate.body->dump().size(), valid.body->dump().size()) << candidate.body->dump();
    dropped_optional = dropped_optional || !candidate.body->contains("color");
  }
  EXPECT_TRUE(dropped_optional);
  // Removals come first: the most reduced candidates are tried before smaller values.
  EXPECT_LT(smaller.front().body->size(), valid.body->size());
  GeneratedRequest invalid = valid;
  invalid.body->erase("size"); // breaks `required`
  invalid.violated_body = true;
  const auto still_broken = shrink_candidates(*spec, create, invalid, false);
  ASSERT_FALSE(still_broken.empty());
  for (const auto& candidate : still_broken) {
    EXPECT_FALSE(is_valid_body(*spec, create, *candidate.body)) << candidate.body->dump();
  }
}

TEST(Generation, MalformedBodyIsSentAsJsonText) {
  const auto spec = load_fixture_spec("generate.yaml");
  ASSERT_TRUE(spec);
  const auto& create = find(*spec, "createWidget");
  GeneratedRequest request;
  request.raw_body = "{\"name\": ";
  const auto plan = build_generated_plan(*spec, create, request);
  EXPECT_EQ(plan.body, "{\"name\": ");
  const auto* type = core::find_header(plan.headers, "Content-Type");
  ASSERT_NE(type, nullptr);
  EXPECT_EQ(*type, "application/json");
}

} // namespace
} // namespace concord::conformance
