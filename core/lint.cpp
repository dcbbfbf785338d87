#include "core/lint.hpp"

#include <set>
#include <string>
#include <utility>

namespace concord::core {

namespace {

constexpr std::size_t k_max_findings_per_example = 10;

struct ExampleSite {
  SchemaHandle schema = nullptr;
  Direction direction = Direction::none;
  std::string what; // "GET /pets > 200 > application/json"
};

class ExampleLinter {
public:
  explicit ExampleLinter(const Spec& spec) : spec_(spec) {}

  void check_all(const std::vector<NamedExample>& examples, const ExampleSite& site);
  std::vector<Diagnostic> take() { return std::move(out_); }

private:
  void check(const NamedExample& example, const ExampleSite& site);
  [[nodiscard]] std::string locate(const std::string& pointer, const std::string& inner) const;

  const Spec& spec_;
  std::set<std::pair<std::string, SchemaHandle>> done_;
  std::vector<Diagnostic> out_;
};

bool is_ignored(const std::vector<std::string>& ignore, const std::string& instance_pointer) {
  for (const auto& prefix : ignore) {
    if (instance_pointer == prefix ||
        (instance_pointer.size() > prefix.size() &&
         instance_pointer.compare(0, prefix.size(), prefix) == 0 &&
         instance_pointer[prefix.size()] == '/') ||
        prefix.empty()) {
      return true;
    }
  }
  return false;
}

// "file#/ptr" + inner instance pointer -> "file:line:col" when known.
std::string ExampleLinter::locate(const std::string& pointer, const std::string& inner) const {
  const auto hash = pointer.find('#');
  if (hash == std::string::npos || spec_.store == nullptr) {
    return pointer + inner;
  }
  const Document* doc = spec_.store->find(std::string_view(pointer).substr(0, hash));
  const std::string in_doc = pointer.substr(hash + 1);
  if (doc == nullptr) {
    return pointer + inner;
  }
  if (!inner.empty() && doc->position_of(in_doc + inner)) {
    return doc->location_of(in_doc + inner);
  }
  return doc->location_of(in_doc);
}

void ExampleLinter::check(const NamedExample& example, const ExampleSite& site) {
  if (example.external || site.schema == nullptr || spec_.schemas == nullptr) {
    return;
  }
  if (!done_.emplace(example.pointer, site.schema).second) {
    return;
  }
  ValidateOptions options;
  options.direction = site.direction;
  options.max_findings = k_max_findings_per_example;
  const auto findings = spec_.schemas->validate(site.schema, example.value, options);
  for (const auto& finding : findings) {
    if (is_ignored(example.ignore, finding.instance_pointer)) {
      continue;
    }
    std::string message = "example '" + example.name + "' (" + site.what + ")";
    if (!finding.instance_pointer.empty()) {
      message += " at " + finding.instance_pointer;
    }
    message += ": " + finding.message;
    out_.push_back(Diagnostic{Severity::error, "example-invalid", std::move(message),
                              locate(example.pointer, finding.instance_pointer)});
  }
}

void ExampleLinter::check_all(const std::vector<NamedExample>& examples, const ExampleSite& site) {
  for (const auto& example : examples) {
    check(example, site);
  }
}

void lint_operation(const Operation& op, ExampleLinter& linter) {
  const std::string name = op.method + " " + op.path;
  for (const auto& param : op.parameters) {
    linter.check_all(param.examples, {param.schema, Direction::request,
                                      name + " > " + std::string(to_string(param.in)) +
                                          " parameter " + param.name});
  }
  if (op.request_body) {
    for (const auto& media : op.request_body->content) {
      linter.check_all(media.examples,
                       {media.schema, Direction::request, name + " > request > " + media.name});
    }
  }
  for (const auto& response : op.responses) {
    const std::string prefix = name + " > " + response.status;
    for (const auto& header : response.headers) {
      linter.check_all(header.examples,
                       {header.schema, Direction::response, prefix + " > header " + header.name});
    }
    for (const auto& media : response.content) {
      linter.check_all(media.examples,
                       {media.schema, Direction::response, prefix + " > " + media.name});
    }
  }
}

} // namespace

std::vector<Diagnostic> lint_spec(const Spec& spec) {
  std::vector<Diagnostic> out = spec.diagnostics;
  ExampleLinter linter(spec);
  for (const auto& op : spec.operations) {
    lint_operation(op, linter);
  }
  auto found = linter.take();
  out.insert(out.end(), std::make_move_iterator(found.begin()),
             std::make_move_iterator(found.end()));
  return out;
}

} // namespace concord::core
