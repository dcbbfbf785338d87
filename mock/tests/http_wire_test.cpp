// HTTP/1.1 on the wire, server side (mock/http_wire.hpp): the request head, chunked request
// bodies and the answer's bytes, checked against RFC 9112 without sockets.
#include "core/http_types.hpp"
#include "mock/http_wire.hpp"

#include <cstddef>
#include <gtest/gtest.h>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace concord::mock {

// GoogleTest prints the states and steps by name (found by argument-dependent lookup).
static void PrintTo(ParseState state, std::ostream* out) {
  *out << (state == ParseState::incomplete ? "incomplete"
           : state == ParseState::complete ? "complete"
                                           : "refused");
}

namespace {

using namespace std::string_literals;

// Bytes as a C-escaped string, for failure messages.
std::string escaped(std::string_view bytes) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u >= 0x7f) {
      out += "\\x";
      out += k_hex[u >> 4U];
      out += k_hex[u & 0xfU];
    } else {
      out += c;
    }
  }
  return out;
}

const char* state_name(ParseState state) {
  switch (state) {
  case ParseState::incomplete:
    return "incomplete";
  case ParseState::complete:
    return "complete";
  case ParseState::refused:
    return "refused";
  }
  return "?";
}

const char* step_name(ChunkedDecoder::Step step) {
  switch (step) {
  case ChunkedDecoder::Step::more:
    return "more";
  case ChunkedDecoder::Step::done:
    return "done";
  case ChunkedDecoder::Step::refused:
    return "refused";
  case ChunkedDecoder::Step::too_large:
    return "too_large";
  }
  return "?";
}

// The head parses completely and its length is `consumed`.
::testing::AssertionResult parses_to(std::string_view bytes, std::size_t consumed,
                                     const HeadLimits& limits = {}) {
  const HeadParse parsed = parse_request_head(bytes, limits);
  if (parsed.state != ParseState::complete) {
    return ::testing::AssertionFailure()
           << "\"" << escaped(bytes) << "\": " << state_name(parsed.state) << " " << parsed.status
           << " " << parsed.message;
  }
  if (parsed.consumed != consumed) {
    return ::testing::AssertionFailure() << "\"" << escaped(bytes) << "\": consumed "
                                         << parsed.consumed << ", expected " << consumed;
  }
  return ::testing::AssertionSuccess();
}

// The head is refused with one of `statuses`, and says why.
::testing::AssertionResult refused_with(std::string_view bytes, std::vector<int> statuses,
                                        const HeadLimits& limits = {}) {
  const HeadParse parsed = parse_request_head(bytes, limits);
  if (parsed.state != ParseState::refused) {
    return ::testing::AssertionFailure()
           << "\"" << escaped(bytes) << "\": " << state_name(parsed.state) << ", not refused";
  }
  bool expected_status = false;
  for (const int status : statuses) {
    expected_status = expected_status || parsed.status == status;
  }
  if (!expected_status) {
    return ::testing::AssertionFailure() << "\"" << escaped(bytes) << "\": refused with "
                                         << parsed.status << " (" << parsed.message << ")";
  }
  if (parsed.message.empty()) {
    return ::testing::AssertionFailure()
           << "\"" << escaped(bytes) << "\": refused without a message";
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult refused_with(std::string_view bytes, int status,
                                        const HeadLimits& limits = {}) {
  return refused_with(bytes, std::vector<int>{status}, limits);
}

// A request head with the given fields (each "Name: value"), ending in CRLF CRLF.
std::string request(std::string_view start, const std::vector<std::string>& fields) {
  std::string out(start);
  out += "\r\n";
  for (const auto& field : fields) {
    out += field;
    out += "\r\n";
  }
  out += "\r\n";
  return out;
}

std::string get11(const std::vector<std::string>& fields) {
  return request("GET /items HTTP/1.1", fields);
}

HeadParse parse(std::string_view bytes, const HeadLimits& limits = {}) {
  return parse_request_head(bytes, limits);
}

// --- the request head ---------------------------------------------------------------------

TEST(HttpWireHead, ParsesASimpleGet) {
  const std::string bytes = "GET /pets?limit=2&q=a%20b HTTP/1.1\r\n"
                            "Host: example.test\r\n"
                            "Accept: application/json\r\n"
                            "X-Trace: 1\r\n"
                            "Accept: text/plain\r\n"
                            "\r\n";
  const HeadParse parsed = parse(bytes);
  ASSERT_EQ(parsed.state, ParseState::complete) << parsed.status << " " << parsed.message;
  EXPECT_EQ(parsed.consumed, bytes.size());
  EXPECT_EQ(parsed.head.method, "GET");
  EXPECT_EQ(parsed.head.target, "/pets?limit=2&q=a%20b");
  EXPECT_EQ(parsed.head.minor_version, 1);
  const std::vector<std::pair<std::string, std::string>> expected = {{"Host", "example.test"},
                                                                     {"Accept", "application/json"},
                                                                     {"X-Trace", "1"},
                                                                     {"Accept", "text/plain"}};
  ASSERT_EQ(parsed.head.headers.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_TRUE(core::iequals(parsed.head.headers[i].first, expected[i].first))
        << i << ": " << parsed.head.headers[i].first;
    EXPECT_EQ(parsed.head.headers[i].second, expected[i].second) << i;
  }
  EXPECT_TRUE(parsed.head.keep_alive);
  EXPECT_FALSE(parsed.head.chunked);
  EXPECT_FALSE(parsed.head.content_length.has_value());
  EXPECT_FALSE(parsed.head.expect_continue);
}

TEST(HttpWireHead, ParsesOtherMethodsAndTargets) {
  const std::string post = request("POST /v1/pets HTTP/1.1", {"Host: a", "Content-Length: 0"});
  const HeadParse parsed = parse(post);
  ASSERT_EQ(parsed.state, ParseState::complete) << parsed.message;
  EXPECT_EQ(parsed.head.method, "POST");
  EXPECT_EQ(parsed.head.target, "/v1/pets");
  EXPECT_EQ(parsed.head.content_length, std::optional<std::size_t>(0));

  const HeadParse options = parse(request("OPTIONS * HTTP/1.1", {"Host: a"}));
  ASSERT_EQ(options.state, ParseState::complete) << options.message;
  EXPECT_EQ(options.head.method, "OPTIONS");
  EXPECT_EQ(options.head.target, "*");

  const HeadParse extension = parse(request("PURGE /cache HTTP/1.1", {"Host: a"}));
  ASSERT_EQ(extension.state, ParseState::complete) << extension.message;
  EXPECT_EQ(extension.head.method, "PURGE");
}

TEST(HttpWireHead, TakesAnAbsoluteUriAsThePathItNames) {
  // RFC 9112 3.2.2: a server must accept absolute-form (what a client sends to a proxy).
  for (const auto& [target, origin] :
       std::vector<std::pair<std::string, std::string>>{{"http://example.com/a/b?c=1", "/a/b?c=1"},
                                                        {"HTTPS://example.com:8443/x", "/x"},
                                                        {"http://example.com", "/"},
                                                        {"http://example.com?q", "/?q"}}) {
    const HeadParse parsed = parse(request("GET " + target + " HTTP/1.1", {"Host: a"}));
    ASSERT_EQ(parsed.state, ParseState::complete) << target << ": " << parsed.message;
    EXPECT_EQ(parsed.head.target, origin) << target;
  }
}

TEST(HttpWireHead, RefusesATargetThatIsNotAPath) {
  // Found by fuzz_plain_server: "?x" reached the handler as an empty path.
  for (const char* line : {"GET ?x=1 HTTP/1.1", "GET pets HTTP/1.1", "GET * HTTP/1.1",
                           "GET http:///no-authority HTTP/1.1", "GET ftp://host/x HTTP/1.1"}) {
    EXPECT_TRUE(refused_with(request(line, {"Host: a"}), 400)) << line;
  }
}

TEST(HttpWireHead, LeavesTheBodyAndAPipelinedRequestUnconsumed) {
  const std::string head = request("POST /items HTTP/1.1", {"Host: a", "Content-Length: 5"});
  EXPECT_TRUE(parses_to(head + "hello", head.size()));
  // The body may even look like a head: it is not the parser's business.
  EXPECT_TRUE(parses_to(head + "GET / HTTP/1.1\r\n\r\n", head.size()));

  const std::string first = get11({"Host: a"});
  const std::string second = request("GET /second HTTP/1.1", {"Host: a"});
  const std::string both = first + second;
  const HeadParse parsed = parse(both);
  ASSERT_EQ(parsed.state, ParseState::complete);
  EXPECT_EQ(parsed.consumed, first.size());
  EXPECT_EQ(parsed.head.target, "/items");
  const HeadParse next = parse(std::string_view(both).substr(parsed.consumed));
  ASSERT_EQ(next.state, ParseState::complete);
  EXPECT_EQ(next.head.target, "/second");
  EXPECT_EQ(next.consumed, second.size());
}

TEST(HttpWireHead, EveryCutOfAHeadIsIncomplete) {
  const std::vector<std::string> heads = {
      request("POST /items/42?x=1 HTTP/1.1",
              {"Host: example.test", "Content-Type: application/json", "Content-Length: 2",
               "Expect: 100-continue", "X-Empty:"}),
      "GET /a HTTP/1.1\nHost: b\nAccept: */*\n\n",
      "\r\nGET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
  };
  for (const auto& head : heads) {
    for (std::size_t cut = 0; cut < head.size(); ++cut) {
      const std::string_view part = std::string_view(head).substr(0, cut);
      const HeadParse parsed = parse(part);
      EXPECT_EQ(parsed.state, ParseState::incomplete)
          << "\"" << escaped(part) << "\": " << state_name(parsed.state) << " " << parsed.status
          << " " << parsed.message;
    }
    EXPECT_TRUE(parses_to(head, head.size()));
  }
}

TEST(HttpWireHead, AcceptsBareLfLineEndings) {
  const std::string head = "GET /lf HTTP/1.1\nHost: a\nX-A: b\n\n";
  const HeadParse parsed = parse(head + "body");
  ASSERT_EQ(parsed.state, ParseState::complete) << parsed.message;
  EXPECT_EQ(parsed.consumed, head.size());
  EXPECT_EQ(parsed.head.target, "/lf");
  EXPECT_EQ(parsed.head.minor_version, 1);
  ASSERT_EQ(parsed.head.headers.size(), 2U);
  EXPECT_EQ(parsed.head.headers[0].second, "a");
  EXPECT_EQ(parsed.head.headers[1].second, "b");

  // Mixed line endings, and a bare LF ending the head after CRLF fields.
  const std::string mixed = "GET /mixed HTTP/1.1\r\nHost: a\nX-A: b\r\n\n";
  EXPECT_TRUE(parses_to(mixed + "rest", mixed.size()));
  const HeadParse mixed_parsed = parse(mixed);
  ASSERT_EQ(mixed_parsed.state, ParseState::complete);
  ASSERT_EQ(mixed_parsed.head.headers.size(), 2U);
  EXPECT_EQ(mixed_parsed.head.headers[0].second, "a");
  EXPECT_EQ(mixed_parsed.head.headers[1].second, "b");
}

TEST(HttpWireHead, SkipsEmptyLinesBeforeTheRequestLine) {
  // RFC 9112 2.2: a server SHOULD ignore at least one empty line before the request line
  // (left over after a previous body). The skipped lines count as consumed.
  const std::string head = get11({"Host: a"});
  for (const char* lead_text : {"\r\n", "\r\n\r\n", "\n", "\r\n\n"}) {
    const std::string lead = lead_text;
    const HeadParse parsed = parse(lead + head + "tail");
    ASSERT_EQ(parsed.state, ParseState::complete) << escaped(lead) << ": " << parsed.message;
    EXPECT_EQ(parsed.consumed, lead.size() + head.size()) << escaped(lead);
    EXPECT_EQ(parsed.head.method, "GET");
    EXPECT_EQ(parsed.head.target, "/items");
  }
  EXPECT_EQ(parse("\r\n").state, ParseState::incomplete);
  EXPECT_EQ(parse("\r\n\r\n").state, ParseState::incomplete);
}

TEST(HttpWireHead, Http10ClosesUnlessAskedToKeepAlive) {
  const HeadParse plain = parse("GET / HTTP/1.0\r\n\r\n");
  ASSERT_EQ(plain.state, ParseState::complete) << plain.message;
  EXPECT_EQ(plain.head.minor_version, 0);
  EXPECT_FALSE(plain.head.keep_alive);

  for (const char* field : {"Connection: keep-alive", "Connection: Keep-Alive"}) {
    const HeadParse asked = parse(request("GET / HTTP/1.0", {field}));
    ASSERT_EQ(asked.state, ParseState::complete) << field << ": " << asked.message;
    EXPECT_EQ(asked.head.minor_version, 0);
    EXPECT_TRUE(asked.head.keep_alive) << field;
  }
  const HeadParse other = parse(request("GET / HTTP/1.0", {"Connection: x-custom"}));
  ASSERT_EQ(other.state, ParseState::complete);
  EXPECT_FALSE(other.head.keep_alive);
}

TEST(HttpWireHead, Http11KeepsAliveUnlessClose) {
  const HeadParse kept = parse(get11({"Host: a", "Connection: keep-alive"}));
  ASSERT_EQ(kept.state, ParseState::complete);
  EXPECT_TRUE(kept.head.keep_alive);

  // Connection is a list of case-insensitive options (RFC 9110 7.6.1, RFC 9112 9.6).
  for (const char* field : {"Connection: close", "Connection: Close", "Connection: CLOSE",
                            "Connection: x-custom, close", "Connection:close "}) {
    const HeadParse closed = parse(get11({"Host: a", field}));
    ASSERT_EQ(closed.state, ParseState::complete) << field << ": " << closed.message;
    EXPECT_FALSE(closed.head.keep_alive) << field;
  }
}

TEST(HttpWireHead, ReadsExpectContinueCaseInsensitively) {
  for (const char* field :
       {"Expect: 100-continue", "Expect: 100-Continue", "expect: 100-CONTINUE"}) {
    const HeadParse parsed =
        parse(request("POST /items HTTP/1.1", {"Host: a", "Content-Length: 3", field}));
    ASSERT_EQ(parsed.state, ParseState::complete) << field << ": " << parsed.message;
    EXPECT_TRUE(parsed.head.expect_continue) << field;
  }
  const HeadParse none = parse(request("POST /items HTTP/1.1", {"Host: a", "Content-Length: 3"}));
  ASSERT_EQ(none.state, ParseState::complete);
  EXPECT_FALSE(none.head.expect_continue);
}

TEST(HttpWireHead, IgnoresExpectContinueFromHttp10) {
  // RFC 9110 10.1.1: a server that receives 100-continue in an HTTP/1.0 request MUST ignore it
  // (an HTTP/1.0 client does not understand a 100 answer).
  const HeadParse parsed =
      parse(request("POST /items HTTP/1.0", {"Content-Length: 3", "Expect: 100-continue"}));
  ASSERT_EQ(parsed.state, ParseState::complete) << parsed.message;
  EXPECT_FALSE(parsed.head.expect_continue);
}

TEST(HttpWireHead, NeverKeepsAnHttp10ConnectionWithTransferEncoding) {
  // RFC 9112 6.1: an HTTP/1.0 message with Transfer-Encoding MUST be treated as if its framing
  // were faulty, and the connection closed after it, even when it asks to be kept alive.
  const HeadParse parsed = parse(
      request("POST /items HTTP/1.0", {"Connection: keep-alive", "Transfer-Encoding: chunked"}));
  ASSERT_NE(parsed.state, ParseState::incomplete);
  if (parsed.state == ParseState::refused) {
    EXPECT_EQ(parsed.status, 400);
  } else {
    EXPECT_FALSE(parsed.head.keep_alive);
  }
}

TEST(HttpWireHead, ParsesContentLength) {
  const std::vector<std::pair<std::string, std::size_t>> cases = {
      {"Content-Length: 42", 42},   {"Content-Length: 0", 0},
      {"content-length: 7", 7},     {"Content-Length:  \t12 \t", 12},
      {"Content-Length: 0042", 42}, {"Content-Length: 4294967296", std::size_t{4294967296}}};
  for (const auto& [field, length] : cases) {
    const HeadParse parsed = parse(request("POST /items HTTP/1.1", {"Host: a", field}));
    ASSERT_EQ(parsed.state, ParseState::complete) << field << ": " << parsed.message;
    EXPECT_EQ(parsed.head.content_length, std::optional<std::size_t>(length)) << field;
    EXPECT_FALSE(parsed.head.chunked);
  }
  // The same value twice is one length (RFC 9110 8.6).
  const HeadParse twice =
      parse(request("POST /items HTTP/1.1", {"Host: a", "Content-Length: 5", "Content-Length: 5"}));
  ASSERT_EQ(twice.state, ParseState::complete) << twice.message;
  EXPECT_EQ(twice.head.content_length, std::optional<std::size_t>(5));
}

TEST(HttpWireHead, RefusesAnInvalidContentLength) {
  for (const char* value : {"12a", "-1", "+5", "", "1 2", "0x10", "5.0", "99999999999999999999999",
                            "18446744073709551616"}) {
    const std::string field = "Content-Length: "s + value;
    EXPECT_TRUE(refused_with(request("POST /items HTTP/1.1", {"Host: a", field}), 400));
  }
}

TEST(HttpWireHead, RefusesConflictingContentLengths) {
  EXPECT_TRUE(refused_with(
      request("POST /items HTTP/1.1", {"Host: a", "Content-Length: 5", "Content-Length: 6"}), 400));
  EXPECT_TRUE(refused_with(
      request("POST /items HTTP/1.1", {"Content-Length: 0", "Host: a", "Content-Length: 10"}),
      400));
}

TEST(HttpWireHead, RecognisesChunked) {
  for (const char* field : {"Transfer-Encoding: chunked", "Transfer-Encoding: Chunked",
                            "transfer-encoding:  chunked  "}) {
    const HeadParse parsed = parse(request("POST /items HTTP/1.1", {"Host: a", field}));
    ASSERT_EQ(parsed.state, ParseState::complete) << field << ": " << parsed.message;
    EXPECT_TRUE(parsed.head.chunked) << field;
    EXPECT_FALSE(parsed.head.content_length.has_value());
  }
}

TEST(HttpWireHead, RefusesTransferEncodingWithContentLength) {
  // RFC 9112 6.3: both together may be a request-smuggling attempt.
  EXPECT_TRUE(refused_with(request("POST /items HTTP/1.1",
                                   {"Host: a", "Content-Length: 5", "Transfer-Encoding: chunked"}),
                           400));
  EXPECT_TRUE(refused_with(request("POST /items HTTP/1.1",
                                   {"Host: a", "Transfer-Encoding: chunked", "Content-Length: 0"}),
                           400));
}

TEST(HttpWireHead, RefusesTransferCodingsOtherThanChunked) {
  // RFC 9112 6.1: a coding the server does not understand SHOULD get 501.
  EXPECT_TRUE(refused_with(
      request("POST /items HTTP/1.1", {"Host: a", "Transfer-Encoding: gzip, chunked"}), 501));
  // Chunked not last: the length cannot be known. RFC 9112 6.3 asks for 400, 6.1 for 501 as
  // the coding is not understood; either refuses the request.
  EXPECT_TRUE(refused_with(request("POST /items HTTP/1.1", {"Host: a", "Transfer-Encoding: gzip"}),
                           {400, 501}));
  EXPECT_TRUE(
      refused_with(request("POST /items HTTP/1.1", {"Host: a", "Transfer-Encoding: chunked, gzip"}),
                   {400, 501}));
}

TEST(HttpWireHead, RefusesASecondTransferEncodingField) {
  // chunked twice (RFC 9112 7: MUST NOT be applied more than once), or a coding after it.
  EXPECT_TRUE(refused_with(request("POST /items HTTP/1.1", {"Host: a", "Transfer-Encoding: chunked",
                                                            "Transfer-Encoding: chunked"}),
                           400));
  EXPECT_TRUE(refused_with(request("POST /items HTTP/1.1", {"Host: a", "Transfer-Encoding: chunked",
                                                            "Transfer-Encoding: gzip"}),
                           {400, 501}));
}

TEST(HttpWireHead, RefusesWhiteSpaceBeforeTheColon) {
  // RFC 9112 5.1: MUST be answered with 400.
  EXPECT_TRUE(refused_with(get11({"Host : a"}), 400));
  EXPECT_TRUE(refused_with(get11({"Host: a", "Content-Length\t: 0"}), 400));
}

TEST(HttpWireHead, RefusesObsoleteLineFolding) {
  EXPECT_TRUE(refused_with(get11({"Host: a", "X-A: one", " two"}), 400));
  EXPECT_TRUE(refused_with(get11({"Host: a", "X-A: one", "\ttwo"}), 400));
  EXPECT_TRUE(refused_with("GET / HTTP/1.1\nHost: a\nX-A: one\n two\n\n", 400));
}

TEST(HttpWireHead, RefusesControlCharactersInValues) {
  for (const std::string& value : {"a\x01"s, "a\0b"s, "\x1f"s, "x\x0b"s, "x\x0c y"s}) {
    EXPECT_TRUE(refused_with(get11({"Host: a", "X-A: " + value}), 400));
  }
}

TEST(HttpWireHead, RefusesDelInValues) {
  // DEL (0x7f) is a control character too (RFC 5234 CTL): not a field-vchar (RFC 9110 5.5).
  EXPECT_TRUE(refused_with(get11({"Host: a", "X-A: a\x7f"}), 400));
}

TEST(HttpWireHead, NeverKeepsABareCarriageReturnInAValue) {
  // RFC 9112 2.2: a bare CR is invalid, or replaced by SP, never passed on.
  const HeadParse parsed = parse(get11({"Host: a", "X-A: one\rtwo"}));
  ASSERT_NE(parsed.state, ParseState::incomplete);
  if (parsed.state == ParseState::refused) {
    EXPECT_EQ(parsed.status, 400);
  } else {
    for (const auto& [name, value] : parsed.head.headers) {
      EXPECT_EQ(value.find('\r'), std::string::npos) << name;
    }
  }
}

TEST(HttpWireHead, KeepsTabsAndNonAsciiInValues) {
  const HeadParse parsed = parse(get11({"Host: a", "X-Tab: a\tb", "X-Utf8: caf\xc3\xa9"}));
  ASSERT_EQ(parsed.state, ParseState::complete) << parsed.message;
  ASSERT_EQ(parsed.head.headers.size(), 3U);
  EXPECT_EQ(parsed.head.headers[1].second, "a\tb");
  EXPECT_EQ(parsed.head.headers[2].second, "caf\xc3\xa9");
}

TEST(HttpWireHead, RefusesMalformedFieldLines) {
  EXPECT_TRUE(refused_with(get11({"Host: a", "NoColonHere"}), 400));
  EXPECT_TRUE(refused_with(get11({"Host: a", ": empty name"}), 400));
  EXPECT_TRUE(refused_with(get11({"Host: a", "Two Words: x"}), 400));
  EXPECT_TRUE(refused_with(get11({"Host: a", "X(a): b"}), 400));
  EXPECT_TRUE(refused_with(get11({"Host: a", "X\x01: b"}), 400));
}

TEST(HttpWireHead, RefusesMalformedRequestLines) {
  // (White space before or after the line may be ignored, RFC 9112 3, so it is not here.)
  for (const char* line :
       {"GET /", "GET", "GET / HTTP/1.1 extra", "GET / http/1.1", "GET / HTTP/1.x", "GET / HTTP/11",
        "GET / HTTP/1.", "GET  HTTP/1.1", "/ HTTP/1.1"}) {
    EXPECT_TRUE(refused_with(request(line, {"Host: a"}), 400));
  }
}

TEST(HttpWireHead, AnswersOtherMajorVersionsWith505) {
  EXPECT_TRUE(refused_with(request("GET / HTTP/2.0", {"Host: a"}), 505));
  EXPECT_TRUE(refused_with(request("GET / HTTP/3.0", {"Host: a"}), 505));
}

TEST(HttpWireHead, RefusesIllegalMethodCharacters) {
  // A method is a token (RFC 9110 9.1, 5.6.2).
  for (const std::string& method : {"GE(T"s, "G\x01T"s, "GET/"s, "G:T"s, "G\"T"s, "GE\0T"s}) {
    EXPECT_TRUE(refused_with(request(method + " / HTTP/1.1", {"Host: a"}), 400)) << escaped(method);
  }
}

TEST(HttpWireHead, NeverServesALowercaseMethodAsGet) {
  // Methods are case-sensitive (RFC 9110 9.1): "get" is not GET. Refusing it (400, or 501 for
  // an unknown method) or passing it on unchanged are both right; upper-casing it is not.
  const HeadParse parsed = parse(request("get / HTTP/1.1", {"Host: a"}));
  ASSERT_NE(parsed.state, ParseState::incomplete);
  if (parsed.state == ParseState::refused) {
    EXPECT_TRUE(parsed.status == 400 || parsed.status == 501) << parsed.status;
  } else {
    EXPECT_EQ(parsed.head.method, "get");
  }
}

TEST(HttpWireHead, RefusesATooLongTargetWith414) {
  HeadLimits limits;
  limits.max_target_bytes = 16;
  const std::string fits = "/" + std::string(15, 'a');
  const HeadParse parsed = parse(request("GET " + fits + " HTTP/1.1", {"Host: a"}), limits);
  ASSERT_EQ(parsed.state, ParseState::complete) << parsed.message;
  EXPECT_EQ(parsed.head.target, fits);

  EXPECT_TRUE(refused_with(request("GET " + fits + "b HTTP/1.1", {"Host: a"}), 414, limits));
  // Known too long before the request line ends: no need to wait for the rest.
  EXPECT_TRUE(refused_with("GET /" + std::string(200, 'a'), 414, limits));
  EXPECT_TRUE(refused_with("GET /" + std::string(200, 'a') + " HTTP/1.1\r\n", 414, limits));
}

TEST(HttpWireHead, EveryCutOfAHeadWithALongestTargetIsIncomplete) {
  // A target of exactly max_target_bytes is accepted, so no cut of its head may be refused:
  // where the bytes happen to be split by the network must not change the answer.
  HeadLimits limits;
  limits.max_target_bytes = 16;
  const std::string head = request("GET /" + std::string(15, 'a') + " HTTP/1.1", {"Host: a"});
  ASSERT_TRUE(parses_to(head, head.size(), limits));
  for (std::size_t cut = 0; cut < head.size(); ++cut) {
    const std::string_view part = std::string_view(head).substr(0, cut);
    const HeadParse parsed = parse(part, limits);
    EXPECT_EQ(parsed.state, ParseState::incomplete)
        << "\"" << escaped(part) << "\": " << state_name(parsed.state) << " " << parsed.status
        << " " << parsed.message;
  }
}

TEST(HttpWireHead, RefusesMoreFieldsThanTheLimitWith431) {
  HeadLimits limits;
  limits.max_fields = 3;
  EXPECT_TRUE(parses_to(get11({"Host: a", "A: 1", "B: 2"}),
                        get11({"Host: a", "A: 1", "B: 2"}).size(), limits));
  EXPECT_TRUE(refused_with(get11({"Host: a", "A: 1", "B: 2", "C: 3"}), 431, limits));
  // Refused before the head ends, too.
  const std::string many = "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\nF: 6\r\n";
  EXPECT_TRUE(refused_with(many, 431, limits));
}

TEST(HttpWireHead, RefusesAnOversizedHeadWith431) {
  HeadLimits limits;
  limits.max_head_bytes = 256;
  std::string start = "GET / HTTP/1.1\r\nHost: a\r\n";
  std::string endless = start;
  while (endless.size() < 400) {
    endless += "X-Filler: 0123456789abcdef\r\n";
  }
  EXPECT_TRUE(refused_with(endless, 431, limits));
  // One long field without an end, too.
  EXPECT_TRUE(refused_with(start + "X-Long: " + std::string(400, 'v'), 431, limits));
  // Bigger than the limit once complete.
  EXPECT_TRUE(refused_with(endless + "\r\n", 431, limits));

  // Below the limit and without an end: wait for more.
  EXPECT_EQ(parse(start + "X-A: 1\r\n", limits).state, ParseState::incomplete);
  // A small head followed by a big body (or more pipelined requests) is fine.
  const std::string head = request("POST / HTTP/1.1", {"Host: a", "Content-Length: 1000"});
  EXPECT_TRUE(parses_to(head + std::string(1000, 'b'), head.size(), limits));
}

TEST(HttpWireHead, TrimsOptionalWhiteSpaceAroundValues) {
  const HeadParse parsed = parse(
      get11({"Host:a", "X-A: \t value with  inner \t spaces \t ", "X-Empty:", "X-Blank:   "}));
  ASSERT_EQ(parsed.state, ParseState::complete) << parsed.message;
  ASSERT_EQ(parsed.head.headers.size(), 4U);
  EXPECT_EQ(parsed.head.headers[0].second, "a");
  EXPECT_EQ(parsed.head.headers[1].second, "value with  inner \t spaces");
  EXPECT_EQ(parsed.head.headers[2].second, "");
  EXPECT_EQ(parsed.head.headers[3].second, "");
}

// --- chunked bodies -----------------------------------------------------------------------

struct Decoded {
  ChunkedDecoder::Step step = ChunkedDecoder::Step::more;
  std::size_t pos = 0;
  std::string body;
  std::string message;
};

Decoded decode_all(std::string_view bytes, std::size_t limit = 1 << 20, std::size_t pos = 0) {
  ChunkedDecoder decoder;
  Decoded out;
  out.pos = pos;
  out.step = decoder.decode(bytes, out.pos, out.body, limit);
  out.message = decoder.message();
  return out;
}

TEST(HttpWireChunked, DecodesAWholeBody) {
  const std::string bytes = "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
  const Decoded decoded = decode_all(bytes);
  EXPECT_EQ(decoded.step, ChunkedDecoder::Step::done) << decoded.message;
  EXPECT_EQ(decoded.body, "hello world");
  EXPECT_EQ(decoded.pos, bytes.size());

  const Decoded empty = decode_all("0\r\n\r\n");
  EXPECT_EQ(empty.step, ChunkedDecoder::Step::done);
  EXPECT_EQ(empty.body, "");
  EXPECT_EQ(empty.pos, 5U);
}

TEST(HttpWireChunked, DecodesABodyFedByteByByte) {
  const std::string bytes = "5;x=1\r\nhello\r\n1\r\n,\r\nA\r\n0123456789\r\n0\r\nT: v\r\n\r\n";
  ChunkedDecoder decoder;
  std::string buffer;
  std::size_t pos = 0;
  std::string body;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    buffer += bytes[i];
    const std::size_t before = pos;
    const auto step = decoder.decode(buffer, pos, body, 1024);
    ASSERT_GE(pos, before) << i;
    ASSERT_LE(pos, buffer.size()) << i;
    if (i + 1 < bytes.size()) {
      ASSERT_EQ(step, ChunkedDecoder::Step::more)
          << "after \"" << escaped(buffer) << "\": " << step_name(step) << " " << decoder.message();
    } else {
      ASSERT_EQ(step, ChunkedDecoder::Step::done) << decoder.message();
    }
  }
  EXPECT_EQ(body, "hello,0123456789");
  EXPECT_EQ(pos, bytes.size());
}

TEST(HttpWireChunked, DecodesWhenTheCallerDropsUsedBytes) {
  // A transport may erase what the decoder used before reading more.
  const std::string bytes = "3\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n";
  ChunkedDecoder decoder;
  std::string buffer;
  std::string body;
  ChunkedDecoder::Step step = ChunkedDecoder::Step::more;
  for (std::size_t i = 0; i < bytes.size(); i += 2) {
    buffer += bytes.substr(i, 2);
    std::size_t pos = 0;
    step = decoder.decode(buffer, pos, body, 1024);
    ASSERT_LE(pos, buffer.size());
    buffer.erase(0, pos);
    if (step != ChunkedDecoder::Step::more) {
      break;
    }
  }
  EXPECT_EQ(step, ChunkedDecoder::Step::done) << decoder.message();
  EXPECT_EQ(body, "abc0123456789abcdef");
  EXPECT_TRUE(buffer.empty()) << escaped(buffer);
}

TEST(HttpWireChunked, DecodesTheSameWhateverThePieces) {
  // Long lines (a chunk extension, a trailer field) may be refused or accepted, but the same
  // way whether they arrive at once or a byte at a time.
  const std::vector<std::string> bodies = {
      "5;ext=" + std::string(2000, 'x') + "\r\nhello\r\n0\r\n\r\n",
      "5\r\nhello\r\n0\r\nX-Trailer: " + std::string(2000, 't') + "\r\n\r\n",
      "5;e=1\r\nhello\r\n0\r\nX-T: 1\r\n\r\n"};
  for (const auto& bytes : bodies) {
    const Decoded at_once = decode_all(bytes);
    ChunkedDecoder decoder;
    std::string buffer;
    std::size_t pos = 0;
    std::string body;
    ChunkedDecoder::Step step = ChunkedDecoder::Step::more;
    for (std::size_t i = 0; i < bytes.size() && step == ChunkedDecoder::Step::more; ++i) {
      buffer += bytes[i];
      step = decoder.decode(buffer, pos, body, 1 << 20);
    }
    EXPECT_EQ(std::string(step_name(step)), step_name(at_once.step))
        << bytes.substr(0, 40) << "...: " << decoder.message() << " / " << at_once.message;
    if (step == ChunkedDecoder::Step::done && at_once.step == ChunkedDecoder::Step::done) {
      EXPECT_EQ(body, at_once.body);
      EXPECT_EQ(pos, at_once.pos);
    }
  }
}

TEST(HttpWireChunked, IgnoresChunkExtensions) {
  const std::string bytes = "5;name=value\r\nhello\r\n3;a;b=\"q;r\"\r\nabc\r\n0;last\r\n\r\n";
  const Decoded decoded = decode_all(bytes);
  EXPECT_EQ(decoded.step, ChunkedDecoder::Step::done) << decoded.message;
  EXPECT_EQ(decoded.body, "helloabc");
  EXPECT_EQ(decoded.pos, bytes.size());
}

TEST(HttpWireChunked, DropsTrailerFields) {
  const std::string bytes = "4\r\nbody\r\n0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n";
  const Decoded decoded = decode_all(bytes + "GET");
  EXPECT_EQ(decoded.step, ChunkedDecoder::Step::done) << decoded.message;
  EXPECT_EQ(decoded.body, "body");
  EXPECT_EQ(decoded.pos, bytes.size());
}

TEST(HttpWireChunked, ReadsHexSizesInEitherCase) {
  const std::string ten(10, 'x');
  const std::string thirty_one(31, 'y');
  for (const char* size : {"A", "a", "00a", "0A"}) {
    const Decoded decoded = decode_all(std::string(size) + "\r\n" + ten + "\r\n0\r\n\r\n");
    EXPECT_EQ(decoded.step, ChunkedDecoder::Step::done) << size << ": " << decoded.message;
    EXPECT_EQ(decoded.body, ten) << size;
  }
  for (const char* size : {"1F", "1f"}) {
    const Decoded decoded = decode_all(std::string(size) + "\r\n" + thirty_one + "\r\n0\r\n\r\n");
    EXPECT_EQ(decoded.step, ChunkedDecoder::Step::done) << size << ": " << decoded.message;
    EXPECT_EQ(decoded.body, thirty_one) << size;
  }
}

TEST(HttpWireChunked, RefusesABadSizeLine) {
  for (const char* line : {"zz", "", "-1", "0x5", "g", "5 5", ";ext"}) {
    const Decoded decoded = decode_all(std::string(line) + "\r\nhello\r\n0\r\n\r\n");
    EXPECT_EQ(decoded.step, ChunkedDecoder::Step::refused)
        << "\"" << line << "\": " << step_name(decoded.step);
    EXPECT_FALSE(decoded.message.empty()) << line;
  }
  // A size that overflows is refused, or too large for any limit; never wrapped round.
  for (const char* line : {"ffffffffffffffffffff", "10000000000000000"}) {
    const Decoded decoded = decode_all(std::string(line) + "\r\nhello\r\n0\r\n\r\n");
    EXPECT_TRUE(decoded.step == ChunkedDecoder::Step::refused ||
                decoded.step == ChunkedDecoder::Step::too_large)
        << line << ": " << step_name(decoded.step);
    EXPECT_LE(decoded.body.size(), std::size_t{1} << 20);
  }
}

TEST(HttpWireChunked, RefusesDataNotFollowedByCrlf) {
  for (const char* bytes :
       {"5\r\nhelloX\r\n0\r\n\r\n", "5\r\nhello world\r\n0\r\n\r\n", "3\r\nabc\r\r\n0\r\n\r\n"}) {
    const Decoded decoded = decode_all(bytes);
    EXPECT_EQ(decoded.step, ChunkedDecoder::Step::refused)
        << escaped(bytes) << ": " << step_name(decoded.step);
    EXPECT_FALSE(decoded.message.empty());
  }
}

TEST(HttpWireChunked, StopsAtTheLimit) {
  // One chunk announced bigger than the limit: refused without buffering past the limit.
  const Decoded big = decode_all("14\r\n" + std::string(15, 'x'), 10);
  EXPECT_EQ(big.step, ChunkedDecoder::Step::too_large) << step_name(big.step);
  EXPECT_LE(big.body.size(), 10U);

  // Several chunks adding up past the limit.
  const std::string chunks = "6\r\nabcdef\r\n6\r\nghijkl\r\n0\r\n\r\n";
  const Decoded over = decode_all(chunks, 10);
  EXPECT_EQ(over.step, ChunkedDecoder::Step::too_large) << step_name(over.step);
  EXPECT_LE(over.body.size(), 10U);

  // Exactly the limit is fine.
  const Decoded exact = decode_all(chunks, 12);
  EXPECT_EQ(exact.step, ChunkedDecoder::Step::done) << exact.message;
  EXPECT_EQ(exact.body, "abcdefghijkl");
}

TEST(HttpWireChunked, FramingThatCostsFarMoreThanItsDataIsTooLarge) {
  // Endless trailer lines never reach the body limit; their bytes still end the request once
  // they pass twice the limit plus 64 KiB, fed here as a client would send them.
  ChunkedDecoder decoder;
  std::string body;
  std::string bytes = "1\r\nx\r\n0\r\n";
  std::size_t pos = 0;
  ChunkedDecoder::Step step = ChunkedDecoder::Step::more;
  for (int i = 0; i < 200 && step == ChunkedDecoder::Step::more; ++i) {
    bytes += std::string(1000, 'T') + ": t\r\n";
    step = decoder.decode(bytes, pos, body, 100);
  }
  EXPECT_EQ(step, ChunkedDecoder::Step::too_large) << step_name(step);
  EXPECT_LT(pos, std::size_t{200} * 1000) << "the decoder read every trailer line";
}

TEST(HttpWireChunked, AsksForMoreUntilTheFinalCrlf) {
  for (const char* part : {"5", "5\r", "5\r\nhel", "5\r\nhello", "5\r\nhello\r", "5\r\nhello\r\n0",
                           "5\r\nhello\r\n0\r\n", "5\r\nhello\r\n0\r\n\r",
                           "5\r\nhello\r\n0\r\nX-T: 1\r\n", "5\r\nhello\r\n0\r\nX-T: 1\r\n\r"}) {
    const Decoded decoded = decode_all(part);
    EXPECT_EQ(decoded.step, ChunkedDecoder::Step::more)
        << escaped(part) << ": " << step_name(decoded.step) << " " << decoded.message;
    EXPECT_LE(decoded.pos, std::string_view(part).size());
  }
}

TEST(HttpWireChunked, LeavesAPipelinedRequestAfterTheBody) {
  const std::string head =
      request("POST /items HTTP/1.1", {"Host: a", "Transfer-Encoding: chunked"});
  const std::string body = "4\r\nWiki\r\n5;x\r\npedia\r\n0\r\nT: 1\r\n\r\n";
  const std::string next = get11({"Host: a"});
  const std::string bytes = head + body + next;

  const HeadParse parsed = parse(bytes);
  ASSERT_EQ(parsed.state, ParseState::complete) << parsed.message;
  ASSERT_TRUE(parsed.head.chunked);
  ASSERT_EQ(parsed.consumed, head.size());

  const Decoded decoded = decode_all(bytes, 1024, parsed.consumed);
  ASSERT_EQ(decoded.step, ChunkedDecoder::Step::done) << decoded.message;
  EXPECT_EQ(decoded.body, "Wikipedia");
  EXPECT_EQ(decoded.pos, head.size() + body.size());

  const HeadParse second = parse(std::string_view(bytes).substr(decoded.pos));
  ASSERT_EQ(second.state, ParseState::complete) << second.message;
  EXPECT_EQ(second.head.target, "/items");
  EXPECT_EQ(second.consumed, next.size());
}

// --- the answer ---------------------------------------------------------------------------

struct Answer {
  std::string status_line;
  core::Headers headers;
  std::string body;
};

// Splits serialized bytes into status line, fields and body; fails the test on bad framing.
Answer split_answer(std::string_view bytes) {
  Answer answer;
  const auto end = bytes.find("\r\n\r\n");
  EXPECT_NE(end, std::string_view::npos) << escaped(bytes);
  if (end == std::string_view::npos) {
    return answer;
  }
  std::string_view head = bytes.substr(0, end + 2);
  answer.body = std::string(bytes.substr(end + 4));
  bool first = true;
  while (!head.empty()) {
    const auto eol = head.find("\r\n");
    const std::string_view line = head.substr(0, eol);
    head.remove_prefix(eol + 2);
    EXPECT_EQ(line.find('\n'), std::string_view::npos) << escaped(line);
    EXPECT_EQ(line.find('\r'), std::string_view::npos) << escaped(line);
    if (first) {
      answer.status_line = std::string(line);
      first = false;
      continue;
    }
    const auto colon = line.find(':');
    EXPECT_NE(colon, std::string_view::npos) << escaped(line);
    if (colon == std::string_view::npos) {
      continue;
    }
    answer.headers.emplace_back(std::string(line.substr(0, colon)),
                                std::string(core::trim_ows(line.substr(colon + 1))));
  }
  return answer;
}

std::vector<std::string> values_of(const Answer& answer, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [field, value] : answer.headers) {
    if (core::iequals(field, name)) {
      out.push_back(value);
    }
  }
  return out;
}

std::string serialize(const core::Response& response, bool keep_alive = true,
                      bool http10_keep_alive = false, bool body = true) {
  std::string out;
  serialize_response(response, keep_alive, http10_keep_alive, body, out);
  return out;
}

TEST(HttpWireAnswer, WritesTheStatusLineFieldsAndContentLength) {
  core::Response response;
  response.status = 200;
  response.headers = {{"Content-Type", "application/json"}, {"X-Request-Id", "r1"}};
  response.body = R"({"ok":true})";
  const Answer answer = split_answer(serialize(response));
  EXPECT_EQ(answer.status_line, "HTTP/1.1 200 OK");
  EXPECT_EQ(values_of(answer, "Content-Length"), std::vector<std::string>{"11"});
  EXPECT_EQ(values_of(answer, "Content-Type"), std::vector<std::string>{"application/json"});
  EXPECT_EQ(values_of(answer, "X-Request-Id"), std::vector<std::string>{"r1"});
  EXPECT_EQ(answer.body, R"({"ok":true})");
  EXPECT_TRUE(values_of(answer, "Transfer-Encoding").empty());

  core::Response empty;
  empty.status = 404;
  const Answer not_found = split_answer(serialize(empty));
  EXPECT_EQ(not_found.status_line, "HTTP/1.1 404 Not Found");
  EXPECT_EQ(values_of(not_found, "Content-Length"), std::vector<std::string>{"0"});
  EXPECT_EQ(not_found.body, "");
}

TEST(HttpWireAnswer, KeepsTheOrderOfTheHandlersFields) {
  core::Response response;
  response.headers = {{"X-B", "2"}, {"X-A", "1"}, {"X-B", "3"}};
  const Answer answer = split_answer(serialize(response));
  std::vector<std::string> order;
  for (const auto& [name, value] : answer.headers) {
    if (name.rfind("X-", 0) == 0) {
      order.push_back(name + "=" + value);
    }
  }
  EXPECT_EQ(order, (std::vector<std::string>{"X-B=2", "X-A=1", "X-B=3"}));
}

TEST(HttpWireAnswer, WritesAStatusWithoutAReasonPhrase) {
  // RFC 9112 4: the space after the status code is there even when the reason is empty.
  core::Response response;
  response.status = 299;
  const std::string out = serialize(response);
  EXPECT_EQ(out.rfind("HTTP/1.1 299 \r\n", 0), 0U) << escaped(out);
}

TEST(HttpWireAnswer, KnowsTheReasonPhrases) {
  EXPECT_EQ(reason_phrase(200), "OK");
  EXPECT_EQ(reason_phrase(201), "Created");
  EXPECT_EQ(reason_phrase(204), "No Content");
  EXPECT_EQ(reason_phrase(400), "Bad Request");
  EXPECT_EQ(reason_phrase(404), "Not Found");
  EXPECT_EQ(reason_phrase(414), "URI Too Long");
  EXPECT_EQ(reason_phrase(431), "Request Header Fields Too Large");
  EXPECT_EQ(reason_phrase(500), "Internal Server Error");
  EXPECT_EQ(reason_phrase(505), "HTTP Version Not Supported");
  EXPECT_EQ(reason_phrase(299), "");
  EXPECT_EQ(reason_phrase(999), "");
}

TEST(HttpWireAnswer, ReplacesTheHandlersFraming) {
  core::Response response;
  response.headers = {{"Content-Length", "999"},
                      {"Transfer-Encoding", "chunked"},
                      {"Connection", "close"},
                      {"content-length", "1"},
                      {"Content-Type", "text/plain"}};
  response.body = "hello";
  const Answer answer = split_answer(serialize(response, true, false, true));
  EXPECT_EQ(values_of(answer, "Content-Length"), std::vector<std::string>{"5"});
  EXPECT_TRUE(values_of(answer, "Transfer-Encoding").empty());
  for (const auto& value : values_of(answer, "Connection")) {
    EXPECT_FALSE(core::iequals(value, "close")) << value;
  }
  EXPECT_EQ(values_of(answer, "Content-Type"), std::vector<std::string>{"text/plain"});
  EXPECT_EQ(answer.body, "hello");
}

TEST(HttpWireAnswer, SaysCloseWhenNotKeepingAlive) {
  core::Response response;
  response.headers = {{"Connection", "keep-alive"}};
  response.body = "x";
  const Answer answer = split_answer(serialize(response, false, false, true));
  EXPECT_EQ(values_of(answer, "Connection"), std::vector<std::string>{"close"});
  EXPECT_EQ(answer.body, "x");
}

TEST(HttpWireAnswer, SaysKeepAliveToAnHttp10Client) {
  core::Response response;
  response.body = "x";
  const Answer answer = split_answer(serialize(response, true, true, true));
  EXPECT_EQ(values_of(answer, "Connection"), std::vector<std::string>{"keep-alive"});
  EXPECT_EQ(values_of(answer, "Content-Length"), std::vector<std::string>{"1"});
}

TEST(HttpWireAnswer, DropsFieldsThatWouldSplitTheAnswer) {
  core::Response response;
  response.headers = {{"X-Good", "kept"},
                      {"X-Cr", "a\rSet-Cookie: evil=1"},
                      {"X-Lf", "a\nSet-Cookie: evil=2"},
                      {"X-Crlf", "a\r\n\r\n<html>"},
                      {"X-Nul", "a\0b"s},
                      {"X-Name\r\nSet-Cookie", "evil=3"},
                      {"X-After", "kept too"}};
  response.body = "ok";
  const std::string out = serialize(response);
  EXPECT_EQ(out.find("Set-Cookie"), std::string::npos) << escaped(out);
  EXPECT_EQ(out.find("<html>"), std::string::npos) << escaped(out);
  EXPECT_EQ(out.find('\0'), std::string::npos) << escaped(out);
  const Answer answer = split_answer(out);
  EXPECT_EQ(values_of(answer, "X-Good"), std::vector<std::string>{"kept"});
  EXPECT_EQ(values_of(answer, "X-After"), std::vector<std::string>{"kept too"});
  for (const char* dropped : {"X-Cr", "X-Lf", "X-Crlf", "X-Nul"}) {
    EXPECT_TRUE(values_of(answer, dropped).empty()) << dropped;
  }
  EXPECT_EQ(answer.body, "ok");
}

TEST(HttpWireAnswer, AnswersHeadWithTheLengthButNoBody) {
  core::Response response;
  response.headers = {{"Content-Type", "application/json"}};
  response.body = R"({"a":1})";
  const std::string out = serialize(response, true, false, false);
  ASSERT_GE(out.size(), 4U);
  EXPECT_EQ(out.substr(out.size() - 4), "\r\n\r\n") << escaped(out);
  const Answer answer = split_answer(out);
  EXPECT_EQ(values_of(answer, "Content-Length"), std::vector<std::string>{"7"});
  EXPECT_EQ(answer.body, "");
}

TEST(HttpWireAnswer, NoContentAndNotModifiedCarryNoBody) {
  for (const int status : {204, 304}) {
    core::Response response;
    response.status = status;
    response.headers = {{"Content-Length", "4"}, {"ETag", "\"v1\""}};
    response.body = "oops";
    for (const bool body : {true, false}) {
      const std::string out = serialize(response, true, false, body);
      const Answer answer = split_answer(out);
      EXPECT_EQ(answer.status_line.rfind("HTTP/1.1 " + std::to_string(status) + " ", 0), 0U)
          << answer.status_line;
      EXPECT_TRUE(values_of(answer, "Content-Length").empty()) << status << " " << escaped(out);
      EXPECT_TRUE(values_of(answer, "Transfer-Encoding").empty()) << status;
      EXPECT_EQ(answer.body, "") << status;
      EXPECT_EQ(values_of(answer, "ETag"), std::vector<std::string>{"\"v1\""});
    }
  }
}

TEST(HttpWireAnswer, AppendsToWhatIsAlreadyThere) {
  core::Response first;
  first.body = "one";
  core::Response second;
  second.status = 201;
  second.body = "two";
  std::string out;
  serialize_response(first, true, false, true, out);
  const std::size_t first_size = out.size();
  serialize_response(second, true, false, true, out);
  const Answer a = split_answer(std::string_view(out).substr(0, first_size));
  const Answer b = split_answer(std::string_view(out).substr(first_size));
  EXPECT_EQ(a.status_line, "HTTP/1.1 200 OK");
  EXPECT_EQ(a.body, "one");
  EXPECT_EQ(b.status_line, "HTTP/1.1 201 Created");
  EXPECT_EQ(b.body, "two");
}

} // namespace
} // namespace concord::mock
