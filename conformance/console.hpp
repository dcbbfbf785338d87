#pragma once

#include "conformance/runner.hpp"

#include <iosfwd>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

namespace concord::conformance {

struct ConsoleOptions {
  bool verbose = false; // list passed cases too
};

// Plain lines, made from the (redacted) results document: failed, errored, skipped and
// waived cases with their details, coverage per operation, warnings, then the summary.
void print_results(std::ostream& out, const nlohmann::json& results,
                   const ConsoleOptions& options = {});

// "done/total, N failed" rewritten in place on a terminal (stderr); silent otherwise.
class ProgressLine {
public:
  ProgressLine(std::ostream& out, bool enabled) : out_(out), enabled_(enabled) {}
  void update(const RunProgress& progress);
  void clear();

private:
  std::ostream& out_;
  bool enabled_;
  bool shown_ = false;
  std::size_t last_done_ = 0;
};

} // namespace concord::conformance
