// The server side of HTTP/1.1 on the wire (mock/http_wire.*): any bytes as a stream of
// pipelined requests. Byte 0 picks small head limits (so 414 and 431 are reached), byte 1 the
// body limit and the sizes of the pieces in which a chunked body arrives; the rest is the
// stream. Each head is parsed and checked; a complete one's body is skipped (Content-Length) or
// decoded (chunked) piece by piece and again all at once, and the two decodings must agree.
#include "core/http_types.hpp"
#include "fuzz/fuzz_support.hpp"
#include "mock/http_wire.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

namespace mock = concord::mock;

constexpr int k_max_requests = 8;

void fail(const char* what) {
  std::fprintf(stderr, "fuzz_request_head: %s\n", what);
  std::abort();
}

void check(bool ok, const char* what) {
  if (!ok) {
    fail(what);
  }
}

mock::HeadLimits limits_for(std::uint8_t selector) {
  static constexpr std::array<std::size_t, 4> k_head = {64, 128, 512, 4096};
  static constexpr std::array<std::size_t, 4> k_target = {1, 8, 32, 256};
  static constexpr std::array<std::size_t, 4> k_fields = {0, 1, 4, 16};
  if ((selector >> 6U) == 3U) {
    return {}; // the defaults
  }
  mock::HeadLimits limits;
  limits.max_head_bytes = k_head[selector & 3U];
  limits.max_target_bytes = k_target[(selector >> 2U) & 3U];
  limits.max_fields = k_fields[(selector >> 4U) & 3U];
  return limits;
}

std::size_t body_limit_for(std::uint8_t selector) {
  static constexpr std::array<std::size_t, 8> k_limits = {0, 1, 7, 16, 64, 256, 4096, 1 << 20};
  return k_limits[selector >> 5U];
}

// Sizes of the pieces a chunked body arrives in: 1 to 32 bytes, from a small generator.
class Pieces {
public:
  explicit Pieces(std::uint8_t selector)
      : state_(selector * 2654435761U + 1U), max_(1U + (selector & 31U)) {}
  std::size_t next() {
    state_ = state_ * 1103515245U + 12345U;
    return 1U + (state_ >> 16U) % max_;
  }

private:
  std::uint32_t state_;
  std::uint32_t max_;
};

bool is_ctl(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20U || u == 0x7fU;
}

bool is_ows(char c) {
  return c == ' ' || c == '\t';
}

std::size_t leading_empty_bytes(std::string_view bytes) {
  std::size_t n = 0;
  while (n < bytes.size() && (bytes[n] == '\r' || bytes[n] == '\n')) {
    ++n;
  }
  return n;
}

void check_complete(const mock::RequestHead& head, const mock::HeadLimits& limits) {
  check(!head.method.empty(), "a complete head without a method");
  for (const char c : head.method) {
    check(!is_ctl(c) && c != ' ', "a method with white space or a control character");
  }
  check(!head.target.empty(), "a complete head without a target");
  check(head.target.size() <= limits.max_target_bytes, "a target past max_target_bytes");
  for (const char c : head.target) {
    check(!is_ctl(c) && c != ' ', "a target with white space or a control character");
  }
  check(head.minor_version >= 0 && head.minor_version <= 9, "a minor version that is not a digit");
  check(head.headers.size() <= limits.max_fields, "more fields than max_fields");
  check(!(head.chunked && head.content_length), "both chunked and a Content-Length");
  bool connection = false;
  for (const auto& [name, value] : head.headers) {
    check(!name.empty(), "an empty field name");
    for (const char c : name) {
      check(!is_ctl(c) && !is_ows(c) && c != ':', "a field name with ':', white space or a CTL");
    }
    for (const char c : value) {
      check(c != '\r' && c != '\n' && c != '\0', "a field value with CR, LF or NUL");
    }
    check(value.empty() || (!is_ows(value.front()) && !is_ows(value.back())),
          "a field value not trimmed");
    connection = connection || concord::core::iequals(name, "Connection");
  }
  if (!connection) {
    check(head.keep_alive == (head.minor_version >= 1), "keep_alive wrong without Connection");
  }
}

// Parses one head and checks what any answer must satisfy.
mock::HeadParse parse_checked(std::string_view bytes, const mock::HeadLimits& limits,
                              std::size_t seed) {
  mock::HeadParse parsed = mock::parse_request_head(bytes, limits);
  check(parsed.consumed <= bytes.size(), "consumed past the end");
  switch (parsed.state) {
  case mock::ParseState::incomplete:
    check(bytes.size() - leading_empty_bytes(bytes) <= limits.max_head_bytes,
          "incomplete although past max_head_bytes");
    break;
  case mock::ParseState::refused:
    check(parsed.status == 400 || parsed.status == 414 || parsed.status == 431 ||
              parsed.status == 501 || parsed.status == 505,
          "refused with an unexpected status");
    check(!parsed.message.empty(), "refused without a message");
    break;
  case mock::ParseState::complete: {
    check(parsed.consumed > 0, "complete after no bytes");
    check(parsed.consumed - leading_empty_bytes(bytes) <= limits.max_head_bytes + 4,
          "a complete head past max_head_bytes");
    check_complete(parsed.head, limits);
    // The same answer whatever follows the head, and no answer before its last byte.
    const auto exact = mock::parse_request_head(bytes.substr(0, parsed.consumed), limits);
    check(exact.state == mock::ParseState::complete && exact.consumed == parsed.consumed,
          "the head alone parses differently");
    check(exact.head.method == parsed.head.method && exact.head.target == parsed.head.target &&
              exact.head.headers == parsed.head.headers,
          "the head alone gives other fields");
    // Cut before its last byte, before the request line's LF, and somewhere else.
    const std::size_t leading = leading_empty_bytes(bytes);
    const std::size_t line_feed = bytes.find('\n', leading);
    for (const std::size_t cut : {parsed.consumed - 1, std::min(line_feed, parsed.consumed - 1),
                                  leading + seed % (parsed.consumed - leading)}) {
      const auto part = mock::parse_request_head(bytes.substr(0, cut), limits);
      check(part.state == mock::ParseState::incomplete,
            "a head cut before its end is not incomplete");
    }
    break;
  }
  }
  return parsed;
}

enum class Outcome { more, done, failed };

struct Decoding {
  Outcome outcome = Outcome::more;
  std::size_t pos = 0;
  std::string body;
};

Outcome outcome_of(mock::ChunkedDecoder::Step step, const mock::ChunkedDecoder& decoder,
                   const std::string& body, std::size_t limit) {
  switch (step) {
  case mock::ChunkedDecoder::Step::more:
    return Outcome::more;
  case mock::ChunkedDecoder::Step::done:
    return Outcome::done;
  case mock::ChunkedDecoder::Step::refused:
    check(!decoder.message().empty(), "a chunked body refused without a message");
    return Outcome::failed;
  case mock::ChunkedDecoder::Step::too_large:
    check(body.size() <= limit, "too_large after buffering past the limit");
    return Outcome::failed;
  }
  fail("an unknown step");
  return Outcome::failed;
}

// The body as it arrives: the buffer grows piece by piece, decode() is called after each one.
Decoding decode_in_pieces(std::string_view rest, std::size_t limit, Pieces& pieces) {
  mock::ChunkedDecoder decoder;
  Decoding out;
  std::string buffer;
  std::size_t offset = 0;
  while (offset < rest.size()) {
    const std::size_t piece = pieces.next();
    buffer.append(rest.substr(offset, piece));
    offset += piece;
    const std::size_t before = out.pos;
    const std::size_t body_before = out.body.size();
    const auto step = decoder.decode(buffer, out.pos, out.body, limit);
    check(out.pos >= before, "pos moved backwards");
    check(out.pos <= buffer.size(), "pos past the end");
    check(out.body.size() >= body_before, "the body shrank");
    check(out.body.size() <= limit, "a body past the limit");
    out.outcome = outcome_of(step, decoder, out.body, limit);
    if (out.outcome != Outcome::more) {
      break;
    }
  }
  return out;
}

Decoding decode_at_once(std::string_view rest, std::size_t limit) {
  mock::ChunkedDecoder decoder;
  Decoding out;
  const auto step = decoder.decode(rest, out.pos, out.body, limit);
  check(out.pos <= rest.size(), "pos past the end");
  check(out.body.size() <= limit, "a body past the limit");
  out.outcome = outcome_of(step, decoder, out.body, limit);
  return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) {
    return 0;
  }
  const mock::HeadLimits limits = limits_for(data[0]);
  const std::size_t body_limit = body_limit_for(data[1]);
  Pieces pieces(data[1]);
  std::string_view stream = concord::fuzz::as_text(data + 2, size - 2);

  for (int n = 0; n < k_max_requests && !stream.empty(); ++n) {
    const mock::HeadParse parsed =
        parse_checked(stream, limits, pieces.next() * 7919U + stream.size());
    if (parsed.state != mock::ParseState::complete) {
      break;
    }
    stream.remove_prefix(parsed.consumed);
    if (parsed.head.content_length) {
      if (*parsed.head.content_length > stream.size()) {
        break;
      }
      stream.remove_prefix(*parsed.head.content_length);
    } else if (parsed.head.chunked) {
      const Decoding piecewise = decode_in_pieces(stream, body_limit, pieces);
      const Decoding whole = decode_at_once(stream, body_limit);
      check(piecewise.outcome == whole.outcome, "the outcome depends on how the bytes arrive");
      if (whole.outcome != Outcome::done) {
        break;
      }
      check(piecewise.pos == whole.pos && piecewise.body == whole.body,
            "the body depends on how the bytes arrive");
      stream.remove_prefix(whole.pos);
    }
  }
  return 0;
}
