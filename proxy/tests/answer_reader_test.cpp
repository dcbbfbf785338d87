// The upstream answer's grammar, fed at once and byte by byte: both must read the same answer,
// and a broken answer must be refused with the same words either way.
#include "proxy/answer_reader.hpp"

#include <gtest/gtest.h>
#include <string>

namespace concord::proxy {
namespace {

struct Outcome {
  AnswerReader::Step step = AnswerReader::Step::more;
  int status = 0;
  std::string body;
  bool keep_alive = false;
  bool too_large = false;
  std::string problem;
  std::size_t used = 0;
};

// Feeds `wire` in pieces of `piece` bytes (0: at once); `closed`: the connection ends after it.
Outcome feed(const std::string& wire, std::size_t piece, bool closed = false,
             std::size_t limit = 1024, bool head_only = false) {
  AnswerReader reader(limit, head_only);
  std::string buffer;
  std::size_t pos = 0;
  Outcome out;
  for (std::size_t at = 0; at < wire.size() && out.step == AnswerReader::Step::more;) {
    const std::size_t take = piece == 0 ? wire.size() : std::min(piece, wire.size() - at);
    buffer.append(wire, at, take);
    at += take;
    out.step = reader.read(buffer, pos);
  }
  if (out.step == AnswerReader::Step::more && closed) {
    out.step = reader.end_of_input();
  }
  out.status = reader.response().status;
  out.body = reader.response().body;
  out.keep_alive = reader.keep_alive();
  out.too_large = reader.too_large();
  out.problem = reader.problem();
  out.used = pos;
  return out;
}

void expect_same_in_pieces(const std::string& wire, bool closed = false, std::size_t limit = 1024) {
  const Outcome whole = feed(wire, 0, closed, limit);
  for (const std::size_t piece : {1U, 2U, 7U}) {
    const Outcome split = feed(wire, piece, closed, limit);
    EXPECT_EQ(split.step, whole.step) << "piece " << piece;
    EXPECT_EQ(split.status, whole.status) << "piece " << piece;
    if (whole.step == AnswerReader::Step::done) { // a failed answer's body is not used
      EXPECT_EQ(split.body, whole.body) << "piece " << piece;
    }
    EXPECT_EQ(split.problem, whole.problem) << "piece " << piece;
    EXPECT_EQ(split.too_large, whole.too_large) << "piece " << piece;
  }
}

TEST(AnswerReader, ContentLengthBodyEndsWhereItSaysAndLeavesTheNextBytes) {
  const std::string wire = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1";
  const Outcome out = feed(wire, 0);
  EXPECT_EQ(out.step, AnswerReader::Step::done);
  EXPECT_EQ(out.status, 200);
  EXPECT_EQ(out.body, "hello");
  EXPECT_TRUE(out.keep_alive);
  EXPECT_EQ(out.used, wire.size() - 8); // the caller sees bytes past the answer
  expect_same_in_pieces(wire);
}

TEST(AnswerReader, ChunkedBodyWithTrailersAndInterimAnswers) {
  const std::string wire = "HTTP/1.1 100 Continue\r\n\r\n"
                           "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: t\r\n\r\n";
  const Outcome out = feed(wire, 0);
  EXPECT_EQ(out.step, AnswerReader::Step::done);
  EXPECT_EQ(out.status, 201);
  EXPECT_EQ(out.body, "Wikipedia");
  EXPECT_EQ(out.used, wire.size());
  expect_same_in_pieces(wire);
}

TEST(AnswerReader, BodyWithoutLengthEndsWithTheConnection) {
  const std::string wire = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nto the end";
  const Outcome open = feed(wire, 0, false);
  EXPECT_EQ(open.step, AnswerReader::Step::more);
  const Outcome out = feed(wire, 3, true);
  EXPECT_EQ(out.step, AnswerReader::Step::done);
  EXPECT_EQ(out.body, "to the end");
  EXPECT_FALSE(out.keep_alive);
}

TEST(AnswerReader, AnswerToHeadAndNoContentHaveNoBody) {
  const Outcome head = feed("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", 0, false, 1024, true);
  EXPECT_EQ(head.step, AnswerReader::Step::done);
  EXPECT_EQ(head.body, "");
  const Outcome none = feed("HTTP/1.1 204 No Content\r\n\r\n", 1);
  EXPECT_EQ(none.step, AnswerReader::Step::done);
}

TEST(AnswerReader, AnEarlyEndIsAFailureWithTheAnnouncedLength) {
  AnswerReader reader(1024, false);
  std::size_t pos = 0;
  const std::string wire = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf";
  EXPECT_EQ(reader.read(wire, pos), AnswerReader::Step::more);
  EXPECT_EQ(reader.end_of_input(), AnswerReader::Step::failed);
  EXPECT_EQ(reader.body_expected(), 10U);
}

TEST(AnswerReader, BrokenAnswersAreRefusedInTheSameWordsWholeOrInPieces) {
  const std::string cases[] = {
      "SMTP ready\r\n\r\n",
      "HTTP/1.1 200 OK\r\nBad Header\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabc",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n",
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
  };
  for (const auto& wire : cases) {
    const Outcome out = feed(wire, 0);
    EXPECT_EQ(out.step, AnswerReader::Step::failed) << wire;
    EXPECT_FALSE(out.problem.empty()) << wire;
    expect_same_in_pieces(wire);
  }
}

TEST(AnswerReader, BodiesPastTheLimitAreTooLargeWhateverTheFraming) {
  const std::string framed[] = {
      "HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n",
      "HTTP/1.1 200 OK\r\n\r\n" + std::string(1500, 'x'),
  };
  for (const auto& wire : framed) {
    const Outcome out = feed(wire, 0);
    EXPECT_EQ(out.step, AnswerReader::Step::failed) << wire.substr(0, 60);
    EXPECT_TRUE(out.too_large) << wire.substr(0, 60);
    expect_same_in_pieces(wire);
  }
}

TEST(AnswerReader, AHeadOrTrailersPast64KiBAreRefused) {
  const Outcome head = feed("HTTP/1.1 200 OK\r\nX: " + std::string(70 * 1024, 'a'), 0);
  EXPECT_EQ(head.step, AnswerReader::Step::failed);
  EXPECT_NE(head.problem.find("64 KiB"), std::string::npos) << head.problem;
  const Outcome trailers = feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" +
                                    std::string(70 * 1024, 'a'),
                                4096);
  EXPECT_EQ(trailers.step, AnswerReader::Step::failed);
  EXPECT_NE(trailers.problem.find("trailers"), std::string::npos) << trailers.problem;
}

TEST(AnswerReader, ItsLimitsAreTheSameWholeOrInPieces) {
  const std::string big_field = "X: " + std::string(70 * 1024, 'a') + "\r\n";
  const std::string long_size = std::string(1030, '0') + "1";
  std::string trailers; // exactly 64 KiB of trailer lines, then the closing empty line
  while (trailers.size() + 12 <= 64 * 1024) {
    trailers += "T: 12345\r\n"; // 10 bytes
  }
  trailers += std::string(64 * 1024 - trailers.size() - 2, 'b') + "\r\n";
  const std::string cases[] = {
      "HTTP/1.1 200 OK\r\n" + big_field + "Content-Length: 0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + long_size + "\r\nx\r\n0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n" + trailers + "\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n" + trailers +
          "U: 1\r\n\r\n",
  };
  for (const auto& wire : cases) {
    expect_same_in_pieces(wire, false, 1024 * 1024);
  }
  EXPECT_EQ(feed(cases[0], 0).step, AnswerReader::Step::failed); // a 70 KiB head, even whole
  EXPECT_EQ(feed(cases[1], 0).step, AnswerReader::Step::failed); // a 1 KiB chunk-size line
  EXPECT_EQ(feed(cases[2], 0).step, AnswerReader::Step::done);   // 64 KiB of trailers: allowed
  EXPECT_EQ(feed(cases[3], 0).step, AnswerReader::Step::failed); // one more line: refused
}

} // namespace
} // namespace concord::proxy
