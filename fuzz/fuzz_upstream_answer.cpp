// The proxy's upstream client (proxy/upstream.*) reading whatever an upstream sends back. The
// first byte picks the request (even: GET, odd: HEAD); the rest is the upstream's answer,
// written whole into one end of a socketpair whose writing side is then shut, so every read
// finds bytes or the end and no input can make the client wait. The same bytes then go to the
// answer parser (proxy/answer_reader.*) directly, whole and in pieces whose size the first
// byte's other bits pick: both must read the same answer, and the client must agree with it.
#include "fuzz/fuzz_support.hpp"
#include "proxy/answer_reader.hpp"
#include "proxy/upstream.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <unistd.h>

namespace {

constexpr std::size_t k_cap = 8192;

void fail(const char* what) {
  std::fprintf(stderr, "fuzz_upstream_answer: %s\n", what);
  std::abort();
}

struct Read {
  concord::proxy::AnswerReader::Step step = concord::proxy::AnswerReader::Step::more;
  int status = 0;
  std::string body;
  std::string problem;
};

// The answer parser fed `wire` in pieces of `piece` bytes, then the end of the input.
Read read_in_pieces(std::string_view wire, std::size_t piece, bool head) {
  using Step = concord::proxy::AnswerReader::Step;
  concord::proxy::AnswerReader reader(k_cap, head);
  std::string buffer;
  std::size_t pos = 0;
  Read out;
  for (std::size_t at = 0; at < wire.size() && out.step == Step::more; at += piece) {
    buffer.append(wire.substr(at, piece));
    out.step = reader.read(buffer, pos);
    if (pos > buffer.size()) {
      fail("the parser used more bytes than it was given");
    }
  }
  if (out.step == Step::more) {
    out.step = reader.end_of_input();
  }
  out.status = reader.response().status;
  out.body = reader.response().body;
  out.problem = reader.problem();
  return out;
}

void check_reader(std::string_view wire, std::size_t piece, bool head,
                  const concord::conformance::HttpResult& client) {
  using Step = concord::proxy::AnswerReader::Step;
  const Read whole = read_in_pieces(wire, wire.empty() ? 1 : wire.size(), head);
  const Read split = read_in_pieces(wire, piece, head);
  if (whole.step != split.step || whole.problem != split.problem ||
      (whole.step == Step::done && (whole.status != split.status || whole.body != split.body))) {
    fail("the answer parser read the bytes differently in pieces");
  }
  if ((whole.step == Step::done) != client.response.has_value()) {
    fail("the client and the answer parser disagree on whether there is an answer");
  }
  if (client.response &&
      (client.response->status != whole.status || client.response->body != whole.body)) {
    fail("the client and the answer parser read different answers");
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  int ends[2];
  if (!concord::fuzz::socketpair_holding(concord::fuzz::as_text(data + 1, size - 1), ends)) {
    return 0;
  }

  concord::conformance::BaseUrl base;
  base.host = "127.0.0.1";
  base.port = 1; // a resend after an empty answer finds nothing listening
  concord::conformance::ClientOptions options;
  options.timeout_ms = 1000;
  options.max_response_bytes = k_cap;
  concord::proxy::PlainUpstream client(base, options);
  client.adopt(ends[0]);
  const bool head = (data[0] & 1U) != 0;
  const auto result = client.send({head ? "HEAD" : "GET", "/items/1", {{"Accept", "*/*"}}, {}});
  if (result.response) {
    if (result.response->status < 200 || result.response->status > 599) {
      fail("an answer with a status that is not final");
    }
    if (result.response->body.size() > k_cap || (head && !result.response->body.empty())) {
      fail("a body past the cap, or one for HEAD");
    }
  } else if (result.message.empty()) {
    fail("a failure without a message");
  }
  check_reader(concord::fuzz::as_text(data + 1, size - 1), (data[0] >> 1U) % 13 + 1, head, result);
  ::close(ends[1]);
  return 0;
}
