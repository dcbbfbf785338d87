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

TEST(HttpTypes, ListMembersAreFoundWholeAndInAnyCase) {
  EXPECT_TRUE(has_list_member("keep-alive, Close", "close"));
  EXPECT_TRUE(has_list_member(" close ", "close"));
  EXPECT_FALSE(has_list_member("closed, x-close", "close")); // a member, not a substring
  EXPECT_FALSE(has_list_member("", "close"));
}

TEST(HttpTypes, TokensLengthsAndChunkSizes) {
  EXPECT_TRUE(is_token("PURGE"));
  EXPECT_FALSE(is_token("X Y"));
  EXPECT_FALSE(is_token("a:b"));
  EXPECT_FALSE(is_token(""));
  EXPECT_EQ(parse_decimal("1024"), std::optional<std::size_t>(1024));
  EXPECT_FALSE(parse_decimal("-1"));
  EXPECT_FALSE(parse_decimal("1234567890123456789")); // 19 digits could overflow
  EXPECT_EQ(parse_chunk_size(" 1aF ;ext=1"), std::optional<std::size_t>(0x1af));
  EXPECT_FALSE(parse_chunk_size("g"));
  EXPECT_FALSE(parse_chunk_size(""));
}

} // namespace
} // namespace concord::core
