#include "core/loader.hpp"

#include "core/load_context.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <system_error>
#include <utility>

namespace concord::core {

namespace detail {

Located Located::child(std::string_view key) const {
  Located out{doc, pointer + "/" + escape_pointer_token(key), nullptr};
  if (node != nullptr && node->is_object()) {
    const auto it = node->find(key);
    if (it != node->end()) {
      out.node = &*it;
    }
  }
  return out;
}

Located Located::item(std::size_t index) const {
  Located out{doc, pointer + "/" + std::to_string(index), nullptr};
  if (node != nullptr && node->is_array() && index < node->size()) {
    out.node = &(*node)[index];
  }
  return out;
}

void LoadContext::add(Severity severity, std::string rule, std::string message,
                      std::string location) {
  spec.diagnostics.push_back(
      Diagnostic{severity, std::move(rule), std::move(message), std::move(location)});
}

std::optional<Located> LoadContext::follow_refs(const Located& start) {
  Located current = start;
  std::vector<Located> chain;
  while (current.is_object()) {
    const auto it = current.node->find("$ref");
    if (it == current.node->end() || !it->is_string()) {
      return current;
    }
    const auto again = std::find_if(chain.begin(), chain.end(), [&](const Located& seen) {
      return seen.doc == current.doc && seen.pointer == current.pointer;
    });
    if (again != chain.end()) {
      report_cycle(std::vector<Located>(again, chain.end()));
      return std::nullopt;
    }
    chain.push_back(current);
    auto resolved = store.resolve(current.doc->uri, it->get<std::string>());
    if (!resolved) {
      report_broken_ref(current, resolved.error());
      return std::nullopt;
    }
    current = Located{resolved->document, resolved->pointer, resolved->node};
  }
  return current;
}

// One diagnostic per cycle, at the $ref of its first member in document order.
void LoadContext::report_cycle(const std::vector<Located>& cycle) {
  const auto first = std::min_element(
      cycle.begin(), cycle.end(), [](const auto& a, const auto& b) { return a.ref() < b.ref(); });
  if (!visited.insert("cycle:" + first->ref()).second) {
    return;
  }
  const std::string target = first->node->find("$ref")->get<std::string>();
  error("cyclic-ref",
        "$ref '" + target + "' is part of a chain of $refs that never reaches a value",
        first->child("$ref"));
}

void LoadContext::report_broken_ref(const Located& at, const Error& failure) {
  const Located ref = at.child("$ref");
  if (!visited.insert("ref:" + ref.ref()).second) {
    return;
  }
  const std::string target = at.node->find("$ref")->get<std::string>();
  if (target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0) {
    warning("remote-ref", "$ref '" + target + "' points to the network, which is not read", ref);
    return;
  }
  const bool broken_file =
      failure.code == ErrorCode::spec_parse || failure.code == ErrorCode::spec_too_large;
  error(broken_file ? "unreadable-ref" : "unresolved-ref", failure.message, ref);
}

SchemaHandle LoadContext::compile_schema(const Located& at) {
  if (at.node == nullptr || spec.schemas == nullptr) {
    return nullptr;
  }
  auto handle = spec.schemas->compile(at.doc->uri, at.pointer, spec.dialect);
  if (handle) {
    return *handle;
  }
  const Error& e = handle.error();
  std::string rule = "schema-invalid";
  if (e.code == ErrorCode::spec_unresolved_ref) {
    rule = "unresolved-ref";
  } else if (e.code == ErrorCode::spec_cyclic_ref) {
    rule = "cyclic-ref";
  }
  add(Severity::error, rule, e.message, e.location.empty() ? at.location() : e.location);
  return nullptr;
}

std::vector<std::string> ordered_keys(const Located& at) {
  std::vector<std::string> keys;
  if (at.node == nullptr || !at.node->is_object()) {
    return keys;
  }
  std::vector<std::pair<TextPosition, std::string>> keyed;
  keyed.reserve(at.node->size());
  for (const auto& [key, value] : at.node->items()) {
    const auto pos = at.doc->position_of(at.pointer + "/" + escape_pointer_token(key));
    keyed.emplace_back(pos.value_or(TextPosition{}), key);
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    return a.first.line != b.first.line ? a.first.line < b.first.line
                                        : a.first.column < b.first.column;
  });
  keys.reserve(keyed.size());
  for (auto& entry : keyed) {
    keys.push_back(std::move(entry.second));
  }
  return keys;
}

bool is_extension(std::string_view key) {
  return key.size() > 2 && key.substr(0, 2) == "x-";
}

std::string string_or(const nlohmann::json& object, std::string_view key, std::string fallback) {
  if (!object.is_object()) {
    return fallback;
  }
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

bool bool_or(const nlohmann::json& object, std::string_view key, bool fallback) {
  if (!object.is_object()) {
    return fallback;
  }
  const auto it = object.find(key);
  return it != object.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

} // namespace detail

namespace {

using detail::LoadContext;
using detail::Located;

// Reads openapi/swagger, sets version and dialect. Returns false when the version is unusable.
bool detect_version(const Located& root, LoadContext& ctx) {
  const auto& node = *root.node;
  if (node.contains("swagger")) {
    ctx.spec.openapi_version =
        node["swagger"].is_string() ? node["swagger"].get<std::string>() : "";
    if (ctx.spec.openapi_version != "2.0") {
      ctx.error("unsupported-version", "swagger must be the string \"2.0\"", root.child("swagger"));
      return false;
    }
    ctx.is_swagger = true;
    ctx.is_v30 = true;
    ctx.spec.dialect = Dialect::draft4;
    return true;
  }
  const auto it = node.find("openapi");
  if (it == node.end()) {
    ctx.error("missing-field", "the document has neither `openapi` nor `swagger`", root);
    return false;
  }
  if (!it->is_string()) {
    ctx.error("invalid-type", "`openapi` must be a string such as \"3.1.0\"",
              root.child("openapi"));
    return false;
  }
  ctx.spec.openapi_version = it->get<std::string>();
  if (ctx.spec.openapi_version.rfind("3.0.", 0) == 0 || ctx.spec.openapi_version == "3.0") {
    ctx.is_v30 = true;
    ctx.spec.dialect = Dialect::oas30;
    return true;
  }
  if (ctx.spec.openapi_version.rfind("3.1", 0) == 0 ||
      ctx.spec.openapi_version.rfind("3.2", 0) == 0) {
    ctx.spec.dialect = Dialect::draft2020_12;
    return true;
  }
  ctx.error("unsupported-version", "unsupported OpenAPI version '" + ctx.spec.openapi_version + "'",
            root.child("openapi"));
  return false;
}

void check_dialect(const Located& root, LoadContext& ctx) {
  const Located dialect = root.child("jsonSchemaDialect");
  if (dialect.node == nullptr || ctx.is_v30) {
    return;
  }
  if (!dialect.node->is_string()) {
    ctx.error("invalid-type", "`jsonSchemaDialect` must be a URI string", dialect);
    return;
  }
  const auto uri = dialect.node->get<std::string>();
  const bool known = uri.rfind("https://spec.openapis.org/oas/3.1/dialect/", 0) == 0 ||
                     uri.rfind("https://json-schema.org/draft/2020-12/schema", 0) == 0;
  if (!known) {
    ctx.warning("unsupported-dialect",
                "jsonSchemaDialect '" + uri + "' is not supported; using JSON Schema 2020-12",
                dialect);
  }
}

void build_spec(const Document& entry_doc, LoadContext& ctx) {
  Located root{&entry_doc, "", &entry_doc.root};
  if (!root.node->is_object()) {
    ctx.error("invalid-type", "an OpenAPI document must be a mapping at the top level", root);
    return;
  }
  if (!detect_version(root, ctx)) {
    return;
  }
  const Document* entry = &entry_doc;
  if (ctx.is_swagger) {
    Document converted = detail::convert_swagger2(entry_doc, ctx);
    entry = ctx.store.add(std::move(converted)); // replaces the Swagger text (same uri)
    root = Located{entry, "", &entry->root};
  }
  ctx.spec.entry = entry;
  check_dialect(root, ctx);
  detail::check_structure(root, ctx);
  detail::build_model(root, ctx);
}

} // namespace

Result<std::shared_ptr<const Spec>> load_spec(const std::filesystem::path& path,
                                              const LoadOptions& options) {
  auto spec = std::make_shared<Spec>();
  spec->file = path.string();
  spec->store = std::make_unique<DocumentStore>(options.limits);
  std::vector<std::string> overlay_warnings;
  auto entry = spec->store->load(path, [&](Document& doc) {
    for (const auto& overlay : options.overlays) {
      auto warnings = apply_overlay(doc.root, *overlay);
      overlay_warnings.insert(overlay_warnings.end(), warnings.begin(), warnings.end());
    }
  });
  if (!entry) {
    return tl::unexpected(std::move(entry.error()));
  }
  spec->schemas = std::make_unique<SchemaSet>(*spec->store);
  LoadContext ctx{*spec, *spec->store};
  for (auto& warning : overlay_warnings) {
    spec->diagnostics.push_back(
        Diagnostic{Severity::warning, "overlay-target", std::move(warning), spec->file});
  }
  try {
    build_spec(**entry, ctx);
  } catch (const std::exception& e) { // a bug in the loader must not escape the API
    return fail(ErrorCode::internal, std::string("loader failed: ") + e.what(), spec->file);
  }
  return std::shared_ptr<const Spec>(std::move(spec));
}

namespace {

bool has_spec_extension(const std::filesystem::path& path) {
  const auto ext = path.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

// Cheap check without a full parse: a top-level `openapi`/`swagger` key.
bool is_openapi_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  if (path.extension() == ".json") {
    return head.find("\"openapi\"") != std::string::npos ||
           head.find("\"swagger\"") != std::string::npos;
  }
  std::size_t line_start = 0;
  while (line_start < head.size()) {
    const std::string_view line(head.data() + line_start, head.size() - line_start);
    if (line.rfind("openapi:", 0) == 0 || line.rfind("swagger:", 0) == 0 ||
        line.rfind("\"openapi\":", 0) == 0 || line.rfind("'openapi':", 0) == 0) {
      return true;
    }
    const auto next = line.find('\n');
    if (next == std::string_view::npos) {
      break;
    }
    line_start += next + 1;
  }
  return false;
}

} // namespace

Result<std::vector<std::filesystem::path>> find_spec_files(const std::vector<std::string>& args) {
  std::vector<std::filesystem::path> out;
  for (const auto& arg : args) {
    std::error_code ec;
    const std::filesystem::path path(arg);
    if (!std::filesystem::is_directory(path, ec)) {
      if (!std::filesystem::exists(path, ec)) {
        return fail(ErrorCode::io_read, "no such file or directory", arg);
      }
      out.push_back(path);
      continue;
    }
    std::vector<std::filesystem::path> found;
    for (auto it = std::filesystem::recursive_directory_iterator(path, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec) && has_spec_extension(it->path()) &&
          is_openapi_file(it->path())) {
        found.push_back(it->path());
      }
    }
    if (ec) {
      return fail(ErrorCode::io_read, "cannot list directory: " + ec.message(), arg);
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

} // namespace concord::core
