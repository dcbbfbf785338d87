#pragma once

#include "core/model.hpp"
#include "core/result.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace concord::mock {

using PathParams = std::vector<std::pair<std::string, std::string>>; // decoded, template order

// One operation reachable at one URL template.
struct RouteTarget {
  const core::Operation* operation = nullptr;
  std::size_t document = 0;  // index of the document in the mock's list
  std::string document_name; // for conflict messages
  std::string full_path;     // prefix + template, e.g. /v1/pets/{id}
};

struct RouteMatch {
  const RouteTarget* target = nullptr; // null: no route (see allowed)
  PathParams params;
  bool path_found = false;          // some template matched the path
  std::vector<std::string> allowed; // methods of the best path when the method missed
};

// A per-method-agnostic segment trie built once at load. Literal segments (including `$`, `~`,
// `:` and percent-encoded characters) beat template segments; among templates, ones with more
// literal text beat ones with less. Request segments are percent-decoded before comparing, so
// `%24` matches `$`, and an encoded `/` (%2F) stays inside one parameter value.
class Router {
public:
  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // prefix: "" or "/v1" (mount + server base path). Two primary routes with the same method
  // and the same path shape fail with route.conflict (ErrorCode::spec_invalid) naming both.
  // An alias route (the same operation without the base path) never fails: it is dropped when
  // the slot is taken, and primary routes replace aliases.
  [[nodiscard]] core::Result<void> add(std::string_view prefix, const core::Operation& operation,
                                       std::size_t document, std::string_view document_name,
                                       bool alias = false);

  // raw_path: as received (percent-encoded, no query).
  [[nodiscard]] RouteMatch match(std::string_view method, std::string_view raw_path) const;

  [[nodiscard]] std::size_t size() const;

  struct Node; // opaque trie node (public only so the matcher helpers can see it)

private:
  std::unique_ptr<Node> root_;
  std::size_t size_ = 0;
};

} // namespace concord::mock
