// Compiles a schema from the first half of the input and validates the second half against it.
// The first byte picks the dialect and the validation direction.
#include "core/document.hpp"
#include "core/schema.hpp"
#include "fuzz/fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (concord::fuzz::should_skip(concord::fuzz::as_text(data, size))) {
    return 0;
  }
  namespace core = concord::core;
  if (size < 2) {
    return 0;
  }
  const std::uint8_t selector = data[0];
  const auto text = concord::fuzz::as_text(data + 1, size - 1);
  const std::size_t half = text.size() / 2;

  core::ParseLimits limits;
  limits.max_bytes = 1U << 20U;
  auto schema_doc = core::parse_document(text.substr(0, half), "/fuzz/schema.yaml", limits);
  if (!schema_doc) {
    return 0;
  }
  auto instance = nlohmann::json::parse(text.substr(half), nullptr, false);
  if (instance.is_discarded()) {
    auto instance_doc = core::parse_document(text.substr(half), "/fuzz/instance.yaml", limits);
    if (!instance_doc) {
      return 0;
    }
    instance = std::move(instance_doc->root);
  }

  static constexpr core::Dialect k_dialects[] = {core::Dialect::draft2020_12, core::Dialect::oas30,
                                                 core::Dialect::draft4};
  static constexpr core::Direction k_directions[] = {
      core::Direction::none, core::Direction::request, core::Direction::response};
  core::DocumentStore store(limits);
  core::SchemaSet schemas(store);
  auto handle = schemas.compile_value(schema_doc->root, "file:///fuzz/schema.json",
                                      k_dialects[selector % 3U]);
  if (!handle) {
    return 0;
  }
  core::ValidateOptions options;
  options.direction = k_directions[(selector / 3U) % 3U];
  options.closed_objects = (selector & 0x80U) != 0;
  (void)schemas.validate(*handle, instance, options);
  return 0;
}
