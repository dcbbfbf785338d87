#include "mock/router.hpp"

#include "mock/url_codec.hpp"

#include <algorithm>
#include <map>

namespace concord::mock {

namespace {

// One piece of a template segment: literal text or a {parameter}.
struct Part {
  bool is_param = false;
  std::string text; // literal text (decoded) or parameter name
};

std::vector<Part> parse_segment(std::string_view segment) {
  std::vector<Part> parts;
  std::size_t i = 0;
  while (i < segment.size()) {
    const auto open = segment.find('{', i);
    if (open == std::string_view::npos) {
      parts.push_back({false, std::string(segment.substr(i))});
      break;
    }
    const auto close = segment.find('}', open);
    if (close == std::string_view::npos) {
      parts.push_back({false, std::string(segment.substr(i))});
      break;
    }
    if (open > i) {
      parts.push_back({false, std::string(segment.substr(i, open - i))});
    }
    parts.push_back({true, std::string(segment.substr(open + 1, close - open - 1))});
    i = close + 1;
  }
  for (auto& part : parts) {
    if (!part.is_param) {
      auto decoded = percent_decode(part.text);
      if (decoded) {
        part.text = std::move(*decoded);
      }
    }
  }
  return parts;
}

// Shape of a template segment with parameter names erased, e.g. "{}.json".
std::string shape_of(const std::vector<Part>& parts) {
  std::string shape;
  for (const auto& part : parts) {
    shape += part.is_param ? std::string("{}") : part.text;
  }
  return shape;
}

std::size_t literal_length(const std::vector<Part>& parts) {
  std::size_t total = 0;
  for (const auto& part : parts) {
    total += part.is_param ? 0 : part.text.size();
  }
  return total;
}

// Matches `value` against parts[index...]; parameters take at least one character.
bool match_parts(const std::vector<Part>& parts, std::size_t index, std::string_view value,
                 std::vector<std::string>& captured) {
  if (index == parts.size()) {
    return value.empty();
  }
  const Part& part = parts[index];
  if (!part.is_param) {
    if (value.substr(0, part.text.size()) != part.text) {
      return false;
    }
    return match_parts(parts, index + 1, value.substr(part.text.size()), captured);
  }
  if (index + 1 == parts.size()) {
    if (value.empty()) {
      return false;
    }
    captured.emplace_back(value);
    return true;
  }
  // Shortest capture first that lets the rest match.
  for (std::size_t len = 1; len <= value.size(); ++len) {
    captured.emplace_back(value.substr(0, len));
    if (match_parts(parts, index + 1, value.substr(len), captured)) {
      return true;
    }
    captured.pop_back();
  }
  return false;
}

struct Slot {
  RouteTarget target;
  bool alias = false;
};

} // namespace

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  struct Templated {
    std::vector<Part> parts;
    std::string shape;
    std::unique_ptr<Node> child;
  };
  std::vector<Templated> templates; // sorted: more literal text first
  std::map<std::string, Slot, std::less<>> methods;
  // Parameter names for each template segment on the path to this node (per method slot they
  // are the same shape, but names may differ between documents; stored per slot instead).
  std::map<std::string, std::vector<std::string>, std::less<>> param_names;
};

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

std::size_t Router::size() const {
  return size_;
}

core::Result<void> Router::add(std::string_view prefix, const core::Operation& operation,
                               std::size_t document, std::string_view document_name, bool alias) {
  std::string full_path(prefix);
  if (!full_path.empty() && full_path.back() == '/') {
    full_path.pop_back();
  }
  full_path += operation.path;
  Node* node = root_.get();
  std::vector<std::string> names;
  for (const auto segment : split_path(full_path)) {
    auto parts = parse_segment(segment);
    const bool templated =
        std::any_of(parts.begin(), parts.end(), [](const Part& p) { return p.is_param; });
    if (!templated) {
      const std::string literal = parts.empty() ? std::string() : parts.front().text;
      auto& child = node->literals[literal];
      if (!child) {
        child = std::make_unique<Node>();
      }
      node = child.get();
      continue;
    }
    for (const auto& part : parts) {
      if (part.is_param) {
        names.push_back(part.text);
      }
    }
    const std::string shape = shape_of(parts);
    auto found = std::find_if(node->templates.begin(), node->templates.end(),
                              [&](const Node::Templated& t) { return t.shape == shape; });
    if (found == node->templates.end()) {
      node->templates.push_back({std::move(parts), shape, std::make_unique<Node>()});
      std::stable_sort(node->templates.begin(), node->templates.end(),
                       [](const Node::Templated& a, const Node::Templated& b) {
                         return literal_length(a.parts) > literal_length(b.parts);
                       });
      found = std::find_if(node->templates.begin(), node->templates.end(),
                           [&](const Node::Templated& t) { return t.shape == shape; });
    }
    node = found->child.get();
  }
  RouteTarget target{&operation, document, std::string(document_name), full_path};
  auto existing = node->methods.find(operation.method);
  if (existing != node->methods.end()) {
    if (alias) {
      return {};
    }
    if (!existing->second.alias) {
      const auto& other = existing->second.target;
      return core::fail(core::ErrorCode::spec_invalid,
                        "route conflict: " + operation.method + " " + full_path +
                            " is claimed by " + other.document_name + " (" +
                            other.operation->operation_id + ", " + other.full_path + ") and " +
                            std::string(document_name) + " (" + operation.operation_id + ")",
                        operation.pointer);
    }
  } else {
    ++size_;
  }
  node->methods[operation.method] = Slot{std::move(target), alias};
  node->param_names[operation.method] = std::move(names);
  return {};
}

namespace {

struct Walk {
  std::string_view method;
  std::vector<std::string> decoded;
  RouteMatch* result = nullptr;
  std::vector<std::string> captured;
};

} // namespace

// Depth-first: literal child, then templates in priority order. The first leaf that has the
// method wins; the first leaf reached at all provides the Allow list.
static bool walk_node(const Router::Node& node, std::size_t depth, Walk& walk);

RouteMatch Router::match(std::string_view method, std::string_view raw_path) const {
  RouteMatch result;
  Walk walk;
  walk.method = method;
  walk.result = &result;
  for (const auto segment : split_path(raw_path)) {
    auto decoded = percent_decode(segment);
    walk.decoded.push_back(decoded ? std::move(*decoded) : std::string(segment));
  }
  walk_node(*root_, 0, walk);
  return result;
}

static bool walk_node(const Router::Node& node, std::size_t depth, Walk& walk) {
  if (depth == walk.decoded.size()) {
    if (node.methods.empty()) {
      return false;
    }
    auto slot = node.methods.find(walk.method);
    if (slot == node.methods.end() && walk.method == "HEAD") {
      slot = node.methods.find("GET");
    }
    if (slot == node.methods.end()) {
      if (!walk.result->path_found) {
        walk.result->path_found = true;
        for (const auto& [name, unused] : node.methods) {
          walk.result->allowed.push_back(name);
        }
      }
      return false;
    }
    walk.result->path_found = true;
    walk.result->target = &slot->second.target;
    const auto& names = node.param_names.at(slot->first);
    walk.result->params.clear();
    for (std::size_t i = 0; i < names.size() && i < walk.captured.size(); ++i) {
      walk.result->params.emplace_back(names[i], walk.captured[i]);
    }
    walk.result->allowed.clear();
    return true;
  }
  const std::string& segment = walk.decoded[depth];
  if (auto literal = node.literals.find(segment); literal != node.literals.end()) {
    if (walk_node(*literal->second, depth + 1, walk)) {
      return true;
    }
  }
  for (const auto& templated : node.templates) {
    const std::size_t mark = walk.captured.size();
    if (match_parts(templated.parts, 0, segment, walk.captured)) {
      if (walk_node(*templated.child, depth + 1, walk)) {
        return true;
      }
    }
    walk.captured.resize(mark);
  }
  return false;
}

} // namespace concord::mock
