#pragma once
// An upstream's answer on the wire (RFC 9112), read as its bytes arrive: the status line and
// header fields, 1xx interim answers skipped, then a body framed by Content-Length, chunked
// transfer coding or the end of the connection. Pure: the blocking client (proxy/upstream.hpp)
// and the event-loop client (proxy/async_upstream.hpp) feed it whatever they received.

#include "core/http_types.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace concord::proxy {

class AnswerReader {
public:
  enum class Step { more, done, failed };

  // `head_only`: the answer to HEAD (no body whatever its fields say).
  AnswerReader(std::size_t max_body_bytes, bool head_only);

  // Reads from `bytes` at `pos` and advances `pos` past what it used. more: call again with
  // more bytes (the same buffer, grown, or what follows `pos`).
  [[nodiscard]] Step read(std::string_view bytes, std::size_t& pos);
  // The connection ended: done when the body was delimited by it, failed otherwise.
  [[nodiscard]] Step end_of_input();

  [[nodiscard]] core::Response& response() { return response_; }
  [[nodiscard]] bool keep_alive() const { return keep_alive_; }
  // failed: the body passed the limit.
  [[nodiscard]] bool too_large() const { return too_large_; }
  // failed: why the bytes are not an HTTP answer ("" for too_large or an early end).
  [[nodiscard]] const std::string& problem() const { return problem_; }
  // Content-Length, when the answer had one.
  [[nodiscard]] std::size_t body_expected() const { return body_expected_; }

private:
  enum class Phase { head, length, chunk_size, chunk_data, trailer, until_end, done, failed };
  Step fail(std::string problem);
  Step read_head(std::string_view bytes, std::size_t& pos);
  Step begin_body();
  Step read_chunks(std::string_view bytes, std::size_t& pos);
  Step read_trailer(std::string_view bytes, std::size_t& pos);

  std::size_t max_body_;
  bool head_only_;
  Phase phase_ = Phase::head;
  core::Response response_;
  bool keep_alive_ = true;
  bool too_large_ = false;
  std::string problem_;
  std::size_t body_expected_ = 0;
  std::size_t left_ = 0;    // bytes of the body (length) or chunk still to come
  std::size_t skipped_ = 0; // trailer bytes so far
};

} // namespace concord::proxy
