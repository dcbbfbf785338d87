#include "core/lint.hpp"
#include "core/loader.hpp"

#include <algorithm>
#include <filesystem>
#include <gtest/gtest.h>
#include <string>

namespace concord::core {
namespace {

const std::filesystem::path k_fixtures =
    std::filesystem::path(CONCORD_SOURCE_DIR) / "fixtures/core";

std::vector<Diagnostic> lint_file(const std::string& name) {
  auto spec = load_spec(k_fixtures / name);
  EXPECT_TRUE(spec) << (spec ? "" : spec.error().to_string());
  return spec ? lint_spec(**spec) : std::vector<Diagnostic>{};
}

std::vector<const Diagnostic*> with_rule(const std::vector<Diagnostic>& all,
                                         std::string_view rule) {
  std::vector<const Diagnostic*> out;
  for (const auto& d : all) {
    if (d.rule == rule) {
      out.push_back(&d);
    }
  }
  return out;
}

bool mentions(const std::vector<const Diagnostic*>& found, std::string_view text) {
  return std::any_of(found.begin(), found.end(), [&](const Diagnostic* d) {
    return d->message.find(text) != std::string::npos;
  });
}

std::string describe(const std::vector<Diagnostic>& all) {
  std::string out;
  for (const auto& d : all) {
    out += d.location + ": " + d.message + " [" + d.rule + "]\n";
  }
  return out;
}

TEST(Lint, ReportsEveryInvalidExample) {
  const auto all = lint_file("examples_invalid.yaml");
  const auto invalid = with_rule(all, "example-invalid");
  EXPECT_TRUE(mentions(invalid, "'word'")) << describe(all);         // parameter example
  EXPECT_TRUE(mentions(invalid, "header X-Count")) << describe(all); // header example
  EXPECT_TRUE(mentions(invalid, "'wrongType'")) << describe(all);    // response example
  EXPECT_TRUE(mentions(invalid, "request > application/json")) << describe(all);
  for (const auto* d : invalid) {
    EXPECT_EQ(d->severity, Severity::error);
  }
}

TEST(Lint, AcceptsValidAndIgnoredExamples) {
  const auto all = lint_file("examples_invalid.yaml");
  const auto invalid = with_rule(all, "example-invalid");
  EXPECT_FALSE(mentions(invalid, "'good'")) << describe(all);
  EXPECT_FALSE(mentions(invalid, "'ignored'")) << describe(all);
  EXPECT_FALSE(mentions(invalid, "'ignoredField'")) << describe(all);
}

TEST(Lint, ChecksReadOnlyByDirection) {
  const auto all = lint_file("examples_invalid.yaml");
  const auto invalid = with_rule(all, "example-invalid");
  EXPECT_TRUE(mentions(invalid, "'sendsReadOnly'")) << describe(all);
  EXPECT_FALSE(mentions(invalid, "'returnsReadOnly'")) << describe(all);
}

TEST(Lint, LocatesExampleProblemsInTheSource) {
  const auto all = lint_file("examples_invalid.yaml");
  const auto invalid = with_rule(all, "example-invalid");
  const auto word = std::find_if(invalid.begin(), invalid.end(), [](const Diagnostic* d) {
    return d->message.find("'word'") != std::string::npos;
  });
  ASSERT_NE(word, invalid.end());
  EXPECT_NE((*word)->location.find("examples_invalid.yaml:13:"), std::string::npos)
      << (*word)->location;
}

TEST(Lint, CleanSpecsHaveNoErrors) {
  for (const char* name : {"petstore.yaml", "multi/main.yaml", "recursive.yaml", "swagger2.yaml"}) {
    const auto all = lint_file(name);
    const bool has_error = std::any_of(
        all.begin(), all.end(), [](const Diagnostic& d) { return d.severity == Severity::error; });
    EXPECT_FALSE(has_error) << name << "\n" << describe(all);
  }
}

TEST(Lint, IncludesLoaderDiagnostics) {
  const auto all = lint_file("dangling_ref.yaml");
  EXPECT_FALSE(with_rule(all, "unresolved-ref").empty()) << describe(all);
}

TEST(Lint, ValidatesExamplesInOtherFiles) {
  const auto all = lint_file("multi_bad_example.yaml");
  const auto invalid = with_rule(all, "example-invalid");
  ASSERT_EQ(invalid.size(), 1U) << describe(all);
  EXPECT_TRUE(mentions(invalid, "'longTag'"));
  // The finding points into the example file, at the failing property.
  EXPECT_NE(invalid[0]->location.find("multi/examples.json:7:"), std::string::npos)
      << invalid[0]->location;
}

} // namespace
} // namespace concord::core
