#pragma once
// HTTP/1.1 on the wire, server side (RFC 9112): the request head, chunked request bodies and
// the answer's bytes. Pure functions over buffers, so that the plain transport
// (mock/plain_server.hpp) does only socket work, and so that a fuzzer can reach every parser.

#include "core/http_types.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace concord::mock {

struct HeadLimits {
  std::size_t max_head_bytes = std::size_t{64} * 1024; // request line and fields: else 431
  std::size_t max_target_bytes = 8192;                 // else 414
  std::size_t max_fields = 100;                        // else 431
};

// A parsed request line and header section.
struct RequestHead {
  std::string method;
  std::string target; // as sent: path and query
  int minor_version = 1;
  core::Headers headers;
  std::optional<std::size_t> content_length;
  bool chunked = false;         // Transfer-Encoding: chunked
  bool keep_alive = true;       // HTTP/1.1 unless "Connection: close"; HTTP/1.0 only if asked
  bool expect_continue = false; // Expect: 100-continue
};

enum class ParseState { incomplete, complete, refused };

struct HeadParse {
  ParseState state = ParseState::incomplete;
  std::size_t consumed = 0; // bytes of the head, the empty line included (when complete)
  RequestHead head;
  int status = 0;      // when refused: 400, 414, 431, 501 or 505
  std::string message; // when refused: what was wrong, for the problem's detail
};

// Parses the head at the start of `bytes` (empty lines before it are skipped, RFC 9112 2.2).
// incomplete: more bytes are needed (and `bytes` is still within the limits). Lines end in
// CRLF or a bare LF. Refused: a malformed line, a field name with white space before the
// colon, obsolete line folding, control characters in a value, an invalid or conflicting
// Content-Length, Transfer-Encoding together with Content-Length (a smuggling attempt,
// RFC 9112 6.3), a transfer coding other than chunked.
[[nodiscard]] HeadParse parse_request_head(std::string_view bytes, const HeadLimits& limits = {});

// Decodes a chunked body (RFC 9112 7.1) as its bytes arrive. Trailer fields are read and
// dropped; chunk extensions are ignored.
class ChunkedDecoder {
public:
  enum class Step { more, done, refused, too_large };

  // Decodes from `bytes` starting at `pos`, appending data to `body`; advances `pos` past what
  // it used. more: call again with more bytes. too_large: the body would pass `limit`, or its
  // framing (sizes, extensions, trailers) would pass twice the limit plus 64 KiB.
  [[nodiscard]] Step decode(std::string_view bytes, std::size_t& pos, std::string& body,
                            std::size_t limit);
  [[nodiscard]] const std::string& message() const { return message_; }

private:
  enum class Phase { size_line, data, data_end, trailer };
  Phase phase_ = Phase::size_line;
  std::size_t left_ = 0; // bytes of the current chunk still to come
  std::size_t wire_ = 0; // bytes used so far, framing included
  std::string message_;
};

// The standard reason phrase of `status`, or "" (a reason phrase may be empty).
[[nodiscard]] std::string_view reason_phrase(int status);

// Appends the answer's bytes to `out`. Content-Length is computed (a HEAD answer gets the
// length of the body it does not carry); Content-Length, Transfer-Encoding and Connection
// fields from `response` are replaced by the transport's own; a field whose name or value
// holds CR, LF or NUL is dropped (no response splitting). With `body` false, the body is left
// out (HEAD; the caller may also send it separately).
void serialize_response(const core::Response& response, bool keep_alive, bool http10_keep_alive,
                        bool body, std::string& out);

} // namespace concord::mock
