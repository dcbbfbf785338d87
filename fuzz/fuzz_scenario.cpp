// The conformance scenario/fixture file parser (docs/verify.md) on arbitrary bytes.
#include "conformance/scenario.hpp"
#include "fuzz/fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (concord::fuzz::should_skip(concord::fuzz::as_text(data, size))) {
    return 0;
  }
  auto file = concord::conformance::parse_fixture_text(concord::fuzz::as_text(data, size),
                                                       "/fuzz/scenario.yaml");
  if (!file && file.error().code == concord::core::ErrorCode::internal) {
    std::fprintf(stderr, "fuzz_scenario: internal error: %s\n", file.error().to_string().c_str());
    std::abort();
  }
  if (file) {
    for (const auto& scenario : file->scenarios) {
      for (const auto& state : scenario.given) {
        (void)concord::conformance::describe_state(state);
      }
    }
  }
  return 0;
}
