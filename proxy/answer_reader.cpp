#include "proxy/answer_reader.hpp"

#include "conformance/matching.hpp"

#include <algorithm>
#include <optional>

namespace concord::proxy {
namespace {

constexpr std::size_t k_max_head_bytes = std::size_t{64} * 1024;
constexpr std::size_t k_max_chunk_line = 1024;

bool has_control_break(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

// The start of bytes that may be anything, quoted and escaped, for a message.
std::string excerpt(std::string_view text) {
  return conformance::to_short_text(std::string(text.substr(0, 40)), 60);
}

} // namespace

AnswerReader::AnswerReader(std::size_t max_body_bytes, bool head_only)
    : max_body_(max_body_bytes), head_only_(head_only) {}

AnswerReader::Step AnswerReader::fail(std::string problem) {
  problem_ = std::move(problem);
  phase_ = Phase::failed;
  return Step::failed;
}

AnswerReader::Step AnswerReader::read(std::string_view bytes, std::size_t& pos) {
  for (;;) {
    switch (phase_) {
    case Phase::head: {
      const Step step = read_head(bytes, pos);
      if (step != Step::done) {
        return step;
      }
      if (phase_ == Phase::head) {
        continue; // a 1xx answer: the final one follows
      }
      if (const Step body = begin_body(); body != Step::more) {
        return body;
      }
      continue;
    }
    case Phase::length: {
      const std::size_t take = std::min(left_, bytes.size() - pos);
      response_.body.append(bytes.substr(pos, take));
      pos += take;
      left_ -= take;
      if (left_ > 0) {
        return Step::more;
      }
      phase_ = Phase::done;
      return Step::done;
    }
    case Phase::chunk_size:
    case Phase::chunk_data:
      if (const Step step = read_chunks(bytes, pos); step != Step::done) {
        return step;
      }
      continue;
    case Phase::trailer:
      return read_trailer(bytes, pos);
    case Phase::until_end:
      if (response_.body.size() + (bytes.size() - pos) > max_body_) {
        too_large_ = true;
        phase_ = Phase::failed;
        return Step::failed;
      }
      response_.body.append(bytes.substr(pos));
      pos = bytes.size();
      return Step::more;
    case Phase::done:
      return Step::done;
    case Phase::failed:
      return Step::failed;
    }
  }
}

AnswerReader::Step AnswerReader::end_of_input() {
  if (phase_ == Phase::until_end) {
    phase_ = Phase::done;
    return Step::done;
  }
  return phase_ == Phase::done ? Step::done : Step::failed;
}

// The status line and the fields; done with phase_ still head after a 1xx answer.
AnswerReader::Step AnswerReader::read_head(std::string_view bytes, std::size_t& pos) {
  // The head's size is decided alike whether it came whole or in pieces: without its empty
  // line yet, it is refused only once it cannot end within the limit.
  const std::size_t end = bytes.find("\r\n\r\n", pos);
  if (end == std::string_view::npos ? bytes.size() - pos > k_max_head_bytes + 3
                                    : end - pos > k_max_head_bytes) {
    return fail("the upstream's answer has a header larger than 64 KiB");
  }
  if (end == std::string_view::npos) {
    return Step::more;
  }
  const std::string_view head = bytes.substr(pos, end - pos);
  const std::string_view status_line = head.substr(0, head.find("\r\n"));
  const bool http10 = status_line.rfind("HTTP/1.0 ", 0) == 0;
  const auto status = status_line.size() >= 12 && (http10 || status_line.rfind("HTTP/1.1 ", 0) == 0)
                          ? core::parse_decimal(status_line.substr(9, 3))
                          : std::nullopt;
  if (!status || *status < 100 || *status > 599 ||
      (status_line.size() > 12 && status_line[12] != ' ')) {
    return fail("the upstream's answer is not HTTP/1.1 (it starts with " + excerpt(status_line) +
                ")");
  }
  response_.status = static_cast<int>(*status);
  response_.headers.clear();
  std::size_t start = status_line.size() + 2;
  while (start < head.size()) {
    const std::size_t stop = std::min(head.find("\r\n", start), head.size());
    const std::string_view line = head.substr(start, stop - start);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || !core::is_token(line.substr(0, colon)) ||
        has_control_break(line)) {
      return fail("the upstream's answer has a malformed header line " + excerpt(line));
    }
    response_.headers.emplace_back(line.substr(0, colon), core::trim_ows(line.substr(colon + 1)));
    start = stop + 2;
  }
  pos = end + 4;
  if (response_.status == 101) {
    return fail("the upstream switched protocols (101), which the proxy does not forward");
  }
  const std::string* connection = core::find_header(response_.headers, "Connection");
  keep_alive_ = connection != nullptr
                    ? (!core::has_list_member(*connection, "close") &&
                       (!http10 || core::has_list_member(*connection, "keep-alive")))
                    : !http10;
  if (response_.status >= 200) {
    phase_ = Phase::length; // framed by begin_body()
  }
  return Step::done;
}

// After the head: how the body is framed. more: read it.
AnswerReader::Step AnswerReader::begin_body() {
  const int status = response_.status;
  if (head_only_ || status == 204 || status == 304) {
    phase_ = Phase::done;
    return Step::done;
  }
  const auto& headers = response_.headers;
  if (const std::string* coding = core::find_header(headers, "Transfer-Encoding")) {
    const std::string_view last =
        core::trim_ows(std::string_view(*coding).substr(coding->rfind(',') + 1));
    if (core::iequals(last, "chunked")) {
      phase_ = Phase::chunk_size;
      return Step::more;
    }
  } else {
    std::optional<std::size_t> length;
    for (const auto& [name, value] : headers) {
      if (!core::iequals(name, "Content-Length")) {
        continue;
      }
      const auto parsed = core::parse_decimal(core::trim_ows(value));
      if (!parsed || (length && *length != *parsed)) {
        return fail("the upstream's answer has an invalid Content-Length '" + value + "'");
      }
      length = parsed;
    }
    if (length) {
      body_expected_ = *length;
      if (*length > max_body_) {
        too_large_ = true;
        phase_ = Phase::failed;
        return Step::failed;
      }
      response_.body.reserve(*length);
      left_ = *length;
      phase_ = Phase::length;
      return Step::more;
    }
  }
  keep_alive_ = false; // no length: the body ends with the connection
  phase_ = Phase::until_end;
  return Step::more;
}

// Chunks up to the last (size 0): done when the trailer section begins.
AnswerReader::Step AnswerReader::read_chunks(std::string_view bytes, std::size_t& pos) {
  for (;;) {
    if (phase_ == Phase::chunk_data) {
      const std::size_t take = std::min(left_, bytes.size() - pos);
      response_.body.append(bytes.substr(pos, take));
      pos += take;
      left_ -= take;
      if (left_ > 0 || bytes.size() - pos < 2) {
        return Step::more;
      }
      if (bytes.substr(pos, 2) != "\r\n") {
        return fail("a chunk of the upstream's answer is not followed by CRLF");
      }
      pos += 2;
      phase_ = Phase::chunk_size;
    }
    const std::size_t eol = bytes.find("\r\n", pos);
    if (eol == std::string_view::npos ? bytes.size() - pos > k_max_chunk_line + 1
                                      : eol - pos > k_max_chunk_line) {
      return fail("the upstream's chunked answer has a chunk-size line longer than 1 KiB");
    }
    if (eol == std::string_view::npos) {
      return Step::more;
    }
    const auto size = core::parse_chunk_size(bytes.substr(pos, eol - pos));
    if (!size) {
      return fail("the upstream's chunked answer has an invalid chunk size " +
                  excerpt(bytes.substr(pos, eol - pos)));
    }
    pos = eol + 2;
    if (*size == 0) {
      phase_ = Phase::trailer;
      return Step::done;
    }
    if (response_.body.size() + *size > max_body_) {
      too_large_ = true;
      phase_ = Phase::failed;
      return Step::failed;
    }
    left_ = *size;
    phase_ = Phase::chunk_data;
  }
}

// Trailer fields, up to the empty line; none of them is kept.
AnswerReader::Step AnswerReader::read_trailer(std::string_view bytes, std::size_t& pos) {
  for (;;) {
    const std::size_t eol = bytes.find("\r\n", pos);
    if (eol == std::string_view::npos) {
      // A partial line that cannot become the closing empty line is refused once it cannot
      // end within the limit, as it would be when whole.
      // (A CR at its end may be the start of its CRLF, counted with the +2.)
      std::size_t partial = bytes.size() - pos;
      if (partial > 0 && bytes.back() == '\r') {
        --partial;
      }
      if (partial > 0 && skipped_ + partial + 2 > k_max_head_bytes) {
        return fail("the upstream's chunked answer has trailers larger than 64 KiB");
      }
      return Step::more;
    }
    skipped_ += eol - pos + 2;
    const bool last = eol == pos;
    pos = eol + 2;
    if (last) {
      phase_ = Phase::done;
      return Step::done;
    }
    if (skipped_ > k_max_head_bytes) {
      return fail("the upstream's chunked answer has trailers larger than 64 KiB");
    }
  }
}

} // namespace concord::proxy
