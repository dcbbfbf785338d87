// load_spec on arbitrary bytes. The loader reads files only, so each input is written to a
// per-process temporary file first (relative $refs then resolve inside that directory).
#include "core/loader.hpp"
#include "fuzz/fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace {

std::filesystem::path input_path() {
  static const std::filesystem::path path = [] {
    const std::filesystem::path shm = "/dev/shm";
    std::error_code ec;
    const auto base =
        std::filesystem::is_directory(shm, ec) ? shm : std::filesystem::temp_directory_path();
    const auto dir = base / ("concord-fuzz-loader-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir / "spec.yaml";
  }();
  return path;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (concord::fuzz::should_skip(concord::fuzz::as_text(data, size))) {
    return 0;
  }
  const auto path = input_path();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  concord::core::LoadOptions options;
  options.limits.max_bytes = 1U << 20U;
  auto spec = concord::core::load_spec(path, options);
  if (spec) {
    (void)(*spec)->has_errors();
  } else if (spec.error().code == concord::core::ErrorCode::internal) {
    // `internal` means a bug (ARCHITECTURE.md): bad input must give spec.* errors.
    std::fprintf(stderr, "fuzz_loader: internal error: %s\n", spec.error().to_string().c_str());
    std::abort();
  }
  return 0;
}
