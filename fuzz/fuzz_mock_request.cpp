// Raw HTTP/1.1 request bytes through the mock's whole pipeline, without sockets:
// bytes -> core::Request (parsed here the way the transport would hand it over)
//       -> MockEngine::handle (route, validate, negotiate, build; admin API included).
// The engine serves the seed specs in stateless mode, so no state carries over between
// inputs and every crash replays from its input alone.
#include "core/http_types.hpp"
#include "fuzz/fuzz_support.hpp"
#include "mock/clock.hpp"
#include "mock/engine.hpp"
#include "mock/journal.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

namespace {

namespace core = concord::core;
namespace mock = concord::mock;

struct Fixture {
  mock::Clock clock;
  mock::Journal journal{64};
  std::unique_ptr<mock::MockEngine> engine;
};

Fixture& fixture() {
  static Fixture* instance = [] {
    auto* made = new Fixture();
    made->clock.freeze();
    mock::MockOptions options;
    options.specs = {concord::fuzz::spec_dir()};
    options.stateless = true;
    auto engine =
        mock::MockEngine::create(options, mock::MockServices{&made->clock, &made->journal});
    if (!engine) {
      std::fprintf(stderr, "fuzz_mock_request: %s\n", engine.error().to_string().c_str());
      std::abort();
    }
    made->engine = std::move(*engine);
    return made;
  }();
  return *instance;
}

std::string_view take_line(std::string_view& text) {
  const auto end = text.find('\n');
  std::string_view line = text.substr(0, end);
  text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  return line;
}

// "METHOD TARGET HTTP/1.1", header lines, a blank line, then the body (the rest).
bool parse_request(std::string_view text, core::Request& request) {
  const std::string_view start = take_line(text);
  const auto first_space = start.find(' ');
  if (first_space == std::string_view::npos || first_space == 0) {
    return false;
  }
  const auto second_space = start.find(' ', first_space + 1);
  request.method = std::string(start.substr(0, first_space));
  const std::string_view target = start.substr(first_space + 1, second_space - first_space - 1);
  const auto question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) {
    request.query = std::string(target.substr(question + 1));
  }
  while (!text.empty()) {
    const std::string_view line = take_line(text);
    if (line.empty()) {
      break;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      continue;
    }
    request.headers.emplace_back(std::string(core::trim_ows(line.substr(0, colon))),
                                 std::string(core::trim_ows(line.substr(colon + 1))));
  }
  request.body = std::string(text);
  request.remote_addr = "127.0.0.1";
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  core::Request request;
  if (!parse_request(concord::fuzz::as_text(data, size), request)) {
    return 0;
  }
  const auto result = fixture().engine->handle(request);
  if (result.response.status < 100 || result.response.status > 599) {
    std::fprintf(stderr, "fuzz_mock_request: status %d out of range\n", result.response.status);
    std::abort();
  }
  return 0;
}
