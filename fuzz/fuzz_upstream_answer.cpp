// The proxy's upstream client (proxy/upstream.*) reading whatever an upstream sends back. The
// first byte picks the request (even: GET, odd: HEAD); the rest is the upstream's answer,
// written whole into one end of a socketpair whose writing side is then shut, so every read
// finds bytes or the end and no input can make the client wait.
#include "fuzz/fuzz_support.hpp"
#include "proxy/upstream.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sys/socket.h>
#include <unistd.h>

namespace {

constexpr std::size_t k_cap = 8192;

void fail(const char* what) {
  std::fprintf(stderr, "fuzz_upstream_answer: %s\n", what);
  std::abort();
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
  ::close(ends[1]);
  return 0;
}
