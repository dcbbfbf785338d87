#include "core/formats.hpp"
#include "core/schema.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace concord::core {
namespace {

using nlohmann::json;

struct FormatCase {
  std::string format;
  json value;
  bool valid;
};

void PrintTo(const FormatCase& c, std::ostream* os) {
  *os << c.format << " " << c.value.dump() << " -> " << (c.valid ? "valid" : "invalid");
}

class FormatTable : public ::testing::TestWithParam<FormatCase> {};

TEST_P(FormatTable, MatchesExpectation) {
  const FormatCase& c = GetParam();
  EXPECT_EQ(is_valid_format(c.format, c.value), c.valid);
}

const std::vector<FormatCase> k_cases = {
    {"date-time", "1963-06-19T08:30:06.283185Z", true},
    {"date-time", "1963-06-19t08:30:06z", true},
    {"date-time", "1990-12-31T15:59:50.123-08:00", true},
    {"date-time", "1998-12-31T23:59:60Z", true},
    {"date-time", "1998-12-31T23:58:60Z", false},
    {"date-time", "1963-06-19 08:30:06Z", false},
    {"date-time", "1963-06-19T08:30:06", false},
    {"date-time", "2023-02-29T00:00:00Z", false},
    {"date-time", "2024-02-29T00:00:00+01:00", true},
    {"date-time", "2024-02-29T24:00:00Z", false},
    {"date", "2020-02-29", true},
    {"date", "2021-02-29", false},
    {"date", "2020-1-01", false},
    {"date", "2020-13-01", false},
    {"date", "1900-02-29", false},
    {"date", "2000-02-29", true},
    {"time", "08:30:06Z", true},
    {"time", "08:30:06.5+05:30", true},
    {"time", "08:30:06", false},
    {"time", "08:30:06.Z", false},
    {"time", "25:00:00Z", false},
    {"email", "joe.bloggs@example.com", true},
    {"email", "te~st@example.com", true},
    {"email", "joe@[127.0.0.1]", true},
    {"email", "\"joe bloggs\"@example.com", true},
    {"email", ".joe@example.com", false},
    {"email", "joe..bloggs@example.com", false},
    {"email", "joe@", false},
    {"email", "example.com", false},
    {"uuid", "2eb8aa08-aa98-11ea-b4aa-73b441d16380", true},
    {"uuid", "2EB8AA08-AA98-11EA-B4AA-73B441D16380", true},
    {"uuid", "2eb8aa08-aa98-11ea-b4aa-73b441d1638", false},
    {"uuid", "2eb8aa08aa9811eab4aa73b441d16380", false},
    {"uuid", "2eb8aa08-aa98-11ea-b4aa-73b441d1638g", false},
    {"uri", "http://foo.bar/?baz=qux#quux", true},
    {"uri", "urn:oasis:names:specification:docbook:dtd:xml:4.1.2", true},
    {"uri", "mailto:John.Doe@example.com", true},
    {"uri", "http://[2001:db8::1]:8080/x", true},
    {"uri", "//foo.bar/?baz=qux#quux", false},
    {"uri", "/abc", false},
    {"uri", "http:// shouldfail.com", false},
    {"uri", "http://example.com:port/", false},
    {"uri", "http://example.com/%zz", false},
    {"ipv4", "192.168.0.1", true},
    {"ipv4", "0.0.0.0", true},
    {"ipv4", "256.1.1.1", false},
    {"ipv4", "1.2.3", false},
    {"ipv4", "087.10.0.1", false},
    {"ipv4", "1.2.3.4.5", false},
    {"ipv6", "::1", true},
    {"ipv6", "::", true},
    {"ipv6", "2001:db8::ff00:42:8329", true},
    {"ipv6", "::ffff:192.168.0.1", true},
    {"ipv6", "1:2:3:4:5:6:7:8", true},
    {"ipv6", "1:2:3:4:5:6:7:8:9", false},
    {"ipv6", "12345::", false},
    {"ipv6", "1::2::3", false},
    {"ipv6", "::g", false},
    {"ipv6", "1:2:3:4:5:6:7::8", false},
    {"hostname", "www.example.com", true},
    {"hostname", "-bad.example.com", false},
    {"byte", "aGVsbG8=", true},
    {"byte", "aGVsbG8", false},
    {"int32", 2147483647, true},
    {"int32", -2147483648LL, true},
    {"int32", 2147483648LL, false},
    {"int32", 1.5, false},
    {"int32", 12.0, true},
    {"int64", 9223372036854775807LL, true},
    {"int64", json::parse("9223372036854775808"), false},
    {"int64", json::parse("1e19"), false},
    {"float", 3.4e38, true},
    {"float", 3.5e38, false},
    {"double", 1e308, true},
    // Formats only apply to their own types; unknown formats always pass.
    {"int32", "not a number", true},
    {"date-time", 12, true},
    {"email", json::object(), true},
    {"x-custom", "anything", true},
};

INSTANTIATE_TEST_SUITE_P(Formats, FormatTable, ::testing::ValuesIn(k_cases));

TEST(Formats, UnknownNameIsUnknownKind) {
  EXPECT_EQ(to_format_kind("date-time"), FormatKind::date_time);
  EXPECT_EQ(to_format_kind("password"), FormatKind::unknown);
}

} // namespace
} // namespace concord::core
