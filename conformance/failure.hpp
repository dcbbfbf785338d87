#pragma once

#include <string>

namespace concord::conformance {

// One failed check (docs/results.md: cases[].failures[]). `check` is a stable name.
struct Failure {
  std::string check;   // status, status-documented, content-type, header, json, schema, ...
  std::string message; // plain English
  std::string pointer; // JSON pointer into the response body ("" = root or not a body)
  std::string expected;
  std::string actual;
};

} // namespace concord::conformance
