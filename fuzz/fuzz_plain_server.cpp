// The proxy's HTTP/1.1 server (mock/plain_server.*) serving one connection whose client sends
// any bytes: the first byte picks the body limit, the rest is written whole into one end of a
// socketpair whose writing side is then shut, so every read finds bytes or the end. The
// handler checks what reached it; the answers must all be HTTP/1.1 status lines.
#include "fuzz/fuzz_support.hpp"
#include "mock/plain_server.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace {

void fail(const char* what) {
  std::fprintf(stderr, "fuzz_plain_server: %s\n", what);
  std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::size_t limit = std::size_t{data[0]} * 16;
  int ends[2];
  if (!concord::fuzz::socketpair_holding(concord::fuzz::as_text(data + 1, size - 1), ends)) {
    return 0;
  }

  concord::mock::PlainServerOptions options;
  options.read_timeout_ms = 1000;
  options.keep_alive_timeout_ms = 1000;
  int handled = 0;
  concord::mock::PlainServer server(
      options, concord::mock::PlainServer::answer_at_once([&](concord::core::Request&& got) {
        ++handled;
        if (got.body.size() > limit) {
          fail("a body past the limit reached the handler");
        }
        if (got.method.empty() || got.path.empty()) {
          fail("a request without a method or a target reached the handler");
        }
        concord::mock::HandleResult result;
        result.response.status = got.path.size() % 2 == 0 ? 204 : 200;
        return result; // small answers: the socketpair's buffer holds them all
      }),
      [limit] { return limit; });
  server.serve_connection(ends[0], "127.0.0.1");
  ::shutdown(ends[0], SHUT_WR);

  std::string answers;
  char buffer[4096];
  for (;;) {
    const ssize_t got = ::read(ends[1], buffer, sizeof buffer);
    if (got <= 0) {
      break;
    }
    answers.append(buffer, static_cast<std::size_t>(got));
  }
  if (!answers.empty() && answers.rfind("HTTP/1.1 ", 0) != 0) {
    fail("the first bytes written are not a status line");
  }
  if (handled > 0 && answers.empty()) {
    fail("a request was handled and nothing was answered");
  }
  ::close(ends[0]);
  ::close(ends[1]);
  return 0;
}
