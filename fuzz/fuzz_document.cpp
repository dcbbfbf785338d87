// parse_document on arbitrary bytes: YAML, and JSON when the text starts with '{' or '['.
#include "core/document.hpp"
#include "fuzz/fuzz_support.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (concord::fuzz::should_skip(concord::fuzz::as_text(data, size))) {
    return 0;
  }
  concord::core::ParseLimits limits;
  limits.max_bytes = 1U << 20U;
  auto doc =
      concord::core::parse_document(concord::fuzz::as_text(data, size), "/fuzz/input.yaml", limits);
  if (doc) {
    // Walk a little of what came back: positions and pointer lookups must stay consistent.
    (void)doc->location_of("");
    for (const auto& [pointer, position] : doc->positions) {
      (void)concord::core::find_pointer(doc->root, pointer);
      (void)position;
      break;
    }
    (void)doc->root.dump();
  }
  return 0;
}
