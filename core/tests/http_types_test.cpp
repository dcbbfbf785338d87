// Header names and list-valued fields, as every part that reads HTTP uses them.
#include "core/http_types.hpp"

#include <gtest/gtest.h>

namespace concord::core {
namespace {

TEST(HttpTypes, FieldNamesCompareWithoutCaseButOtherwiseExactly) {
  EXPECT_TRUE(iequals("Content-Type", "content-TYPE"));
  EXPECT_FALSE(iequals("Content-Type", "Content-Typ"));
  EXPECT_FALSE(iequals("X-A", "X_A"));
  EXPECT_FALSE(iequals("[", "{")); // '[' and '{' differ by 0x20 but are not letters
  const Headers headers = {{"accept", "a/b"}, {"Accept", "c/d"}};
  ASSERT_NE(find_header(headers, "ACCEPT"), nullptr);
  EXPECT_EQ(*find_header(headers, "ACCEPT"), "a/b"); // the first one
  EXPECT_EQ(find_header(headers, "Accept-Encoding"), nullptr);
}

TEST(HttpTypes, ListFieldsSplitOnCommasWithSpaceTrimmedAndEmptyMembersDropped) {
  using List = std::vector<std::string_view>;
  EXPECT_EQ(split_field_list("keep-alive, X-Hop"), (List{"keep-alive", "X-Hop"}));
  EXPECT_EQ(split_field_list(" \tclose\t ,, ,upgrade,"), (List{"close", "upgrade"}));
  EXPECT_EQ(split_field_list("text/html;q=0.9, */*"), (List{"text/html;q=0.9", "*/*"}));
  EXPECT_TRUE(split_field_list("").empty());
  EXPECT_TRUE(split_field_list(" , ,").empty());
}

} // namespace
} // namespace concord::core
