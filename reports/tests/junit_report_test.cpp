#include "reports/report.hpp"
#include "reports/tests/report_test_support.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

using concord::report::testing::load_fixture;
using nlohmann::json;
namespace fs = std::filesystem;

std::string write_xml(const json& results, const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / "concord_reports_junit";
  fs::create_directories(dir);
  const auto written = concord::report::write_junit(results, dir / name);
  EXPECT_TRUE(written.has_value());
  std::ifstream in(dir / name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct Element {
  std::string name;
  std::map<std::string, std::string> attributes;
};

// A small well-formedness checker: balanced tags, quoted attributes, known entities only,
// no raw '<' or '&' in text, no control characters. Returns the elements in document order.
bool check_well_formed(const std::string& xml, std::vector<Element>& elements, std::string& why) {
  std::vector<std::string> open;
  std::size_t at = xml.rfind("<?xml", 0) == 0 ? xml.find("?>") + 2 : 0;
  const auto check_text = [&](std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        why = "control character";
        return false;
      }
      if (c == '&') {
        const auto end = text.find(';', i);
        const std::string entity(text.substr(i, end == std::string_view::npos ? 0 : end - i + 1));
        if (entity != "&amp;" && entity != "&lt;" && entity != "&gt;" && entity != "&quot;" &&
            entity != "&apos;" && entity.rfind("&#", 0) != 0) {
          why = "bad entity";
          return false;
        }
      }
      if (c == '<') {
        why = "raw <";
        return false;
      }
    }
    return true;
  };
  while (at < xml.size()) {
    const auto lt = xml.find('<', at);
    if (lt == std::string::npos) {
      return check_text(std::string_view(xml).substr(at)) && open.empty();
    }
    if (!check_text(std::string_view(xml).substr(at, lt - at))) {
      return false;
    }
    const auto gt = xml.find('>', lt);
    if (gt == std::string::npos) {
      why = "unclosed tag";
      return false;
    }
    std::string tag = xml.substr(lt + 1, gt - lt - 1);
    at = gt + 1;
    if (tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1)) {
        why = "mismatched </" + tag.substr(1) + ">";
        return false;
      }
      open.pop_back();
      continue;
    }
    const bool self_closing = tag.back() == '/';
    if (self_closing) {
      tag.pop_back();
    }
    Element element;
    std::size_t pos = tag.find(' ');
    element.name = tag.substr(0, pos);
    while (pos != std::string::npos && pos < tag.size()) {
      const auto eq = tag.find("=\"", pos);
      if (eq == std::string::npos) {
        break;
      }
      const auto close = tag.find('"', eq + 2);
      if (close == std::string::npos) {
        why = "unquoted attribute";
        return false;
      }
      const std::string value = tag.substr(eq + 2, close - eq - 2);
      if (!check_text(value) || value.find('>') != std::string::npos) {
        return false;
      }
      const auto name_begin = tag.find_first_not_of(' ', pos);
      element.attributes[tag.substr(name_begin, eq - name_begin)] = value;
      pos = close + 1;
    }
    elements.push_back(element);
    if (!self_closing) {
      open.push_back(element.name);
    }
  }
  if (!open.empty()) {
    why = "unclosed <" + open.back() + ">";
  }
  return open.empty();
}

std::vector<Element> parse(const std::string& xml) {
  std::vector<Element> elements;
  std::string why;
  EXPECT_TRUE(check_well_formed(xml, elements, why)) << why;
  return elements;
}

TEST(JunitReport, IsWellFormedWithCounts) {
  const auto elements = parse(write_xml(load_fixture("sample.json"), "sample.xml"));
  ASSERT_FALSE(elements.empty());
  const Element& root = elements.front();
  EXPECT_EQ(root.name, "testsuites");
  EXPECT_EQ(root.attributes.at("tests"), "6");
  EXPECT_EQ(root.attributes.at("failures"), "2");
  EXPECT_EQ(root.attributes.at("errors"), "1");
  EXPECT_EQ(root.attributes.at("skipped"), "2"); // one skipped, one waived
  std::map<std::string, std::string> suites;
  int testcases = 0;
  int skipped_waived = 0;
  for (const auto& e : elements) {
    if (e.name == "testsuite") {
      suites[e.attributes.at("name")] =
          e.attributes.at("tests") + "/" + e.attributes.at("failures");
    }
    testcases += e.name == "testcase" ? 1 : 0;
    if (e.name == "skipped" && e.attributes.at("message").rfind("waived: ", 0) == 0) {
      ++skipped_waived;
    }
  }
  EXPECT_EQ(testcases, 6);
  EXPECT_EQ(skipped_waived, 1);
  EXPECT_EQ(suites.at("GET /pets/{petId}"), "2/2");
  EXPECT_EQ(suites.at("POST /pets"), "1/0");
  EXPECT_EQ(suites.size(), 5U);
}

TEST(JunitReport, FailureCarriesCheckExpectedActualPointer) {
  const std::string xml = write_xml(load_fixture("sample.json"), "failure.xml");
  EXPECT_NE(xml.find("<failure message=\"expected status 404, got 200\" type=\"status\">"),
            std::string::npos);
  EXPECT_NE(xml.find("expected: 404"), std::string::npos);
  EXPECT_NE(xml.find("pointer: /id"), std::string::npos);
  EXPECT_NE(xml.find("classname=\"specs/petstore.yaml/getPet\""), std::string::npos);
}

TEST(JunitReport, HostileTextIsEscapedAndControlCharsDropped) {
  const std::string xml = write_xml(load_fixture("hostile.json"), "hostile.xml");
  parse(xml);
  EXPECT_EQ(xml.find("<script"), std::string::npos);
  EXPECT_EQ(xml.find('\0'), std::string::npos);
  EXPECT_NE(xml.find("&lt;/script&gt;"), std::string::npos);
  for (const char* secret : {"SHOULD_NOT_LEAK_TOKEN", "SHOULD_NOT_LEAK_2", "SHOULD_NOT_LEAK_3"}) {
    EXPECT_EQ(xml.find(secret), std::string::npos) << secret;
  }
}

TEST(JunitReport, MalformedUtf8AndControlCharactersAreRepaired) {
  json results = load_fixture("sample.json");
  results["cases"][1]["failures"][0]["message"] = std::string("bad \x01\x1b byte \xff end");
  const std::string xml = write_xml(results, "utf8.xml");
  parse(xml);
  EXPECT_NE(xml.find("bad  byte \xEF\xBF\xBD end"), std::string::npos);
}

} // namespace
