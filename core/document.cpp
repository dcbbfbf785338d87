#include "core/document.hpp"

#include "core/percent.hpp"
#include "core/text_readers.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>

namespace concord::core {

namespace {

bool is_array_index(std::string_view token) {
  if (token.empty() || token.size() > 18) {
    return false;
  }
  if (token.size() > 1 && token[0] == '0') {
    return false;
  }
  return std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool has_uri_scheme(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon < 2) {
    return false; // "C:" style drive letters and plain paths
  }
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = text[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) {
      return false;
    }
  }
  return true;
}

// Resolves a relative reference against a URI base ("https://x/a/b.json" + "c.json").
std::string resolve_uri_reference(std::string_view base, std::string_view rel) {
  if (rel.empty()) {
    return std::string(base);
  }
  if (has_uri_scheme(rel)) {
    return std::string(rel);
  }
  const auto scheme_end = base.find("://");
  const std::size_t authority_end =
      scheme_end == std::string_view::npos ? 0 : base.find('/', scheme_end + 3);
  if (rel.front() == '/') {
    return std::string(base.substr(0, std::min(authority_end, base.size()))) + std::string(rel);
  }
  const auto slash = base.rfind('/');
  std::string dir =
      slash == std::string_view::npos ? std::string() : std::string(base.substr(0, slash + 1));
  std::string_view rest = rel;
  while (rest.substr(0, 2) == "./" || rest.substr(0, 3) == "../") {
    if (rest.substr(0, 2) == "./") {
      rest.remove_prefix(2);
      continue;
    }
    rest.remove_prefix(3);
    if (dir.size() > authority_end + 1) {
      const auto prev = dir.rfind('/', dir.size() - 2);
      if (prev != std::string::npos && prev >= authority_end) {
        dir.resize(prev + 1);
      }
    }
  }
  return dir + std::string(rest);
}

std::string normalize_path(const std::filesystem::path& path) {
  std::error_code ec;
  auto absolute = std::filesystem::absolute(path, ec);
  if (ec) {
    absolute = path;
  }
  auto canonical = std::filesystem::weakly_canonical(absolute, ec);
  if (ec) {
    return absolute.lexically_normal().string();
  }
  return canonical.string();
}

std::string_view strip_bom(std::string_view text) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);
  }
  return text;
}

// Byte offset of the first byte that is not valid UTF-8 (overlongs, surrogates and code
// points above U+10FFFF are invalid) or is NUL; npos when the text is clean.
std::size_t first_bad_utf8_byte(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length = text[i] == '\0' ? 0 : detail::utf8_sequence_length(text, i);
    if (length == 0) {
      return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

// Rejects text that is not UTF-8 (invalid sequences, NUL bytes, UTF-16/32 BOMs or nul patterns).
std::optional<Error> check_utf8(std::string_view text, const std::string& uri) {
  const auto bad = first_bad_utf8_byte(text);
  if (bad == std::string_view::npos) {
    return std::nullopt;
  }
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < bad; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  const bool wide = text.size() >= 2 && (text.substr(0, 2) == std::string_view("\xFE\xFF", 2) ||
                                         text.substr(0, 2) == std::string_view("\xFF\xFE", 2) ||
                                         text[0] == '\0' || text[1] == '\0');
  std::string message = wide                ? "document is not UTF-8 (looks like UTF-16 or UTF-32)"
                        : text[bad] == '\0' ? "document contains a NUL byte"
                                            : "document is not valid UTF-8";
  return Error{ErrorCode::spec_parse, std::move(message),
               uri + ":" + std::to_string(line) + ":" + std::to_string(column)};
}

bool looks_like_json(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && (text[first] == '{' || text[first] == '[');
}

} // namespace

void set_dotted(nlohmann::json& target, const std::string& path, const nlohmann::json& value) {
  nlohmann::json* at = &target;
  std::size_t start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    const auto name =
        path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (dot == std::string::npos) {
      (*at)[name] = value;
      return;
    }
    if (!(*at)[name].is_object()) {
      (*at)[name] = nlohmann::json::object();
    }
    at = &(*at)[name];
    start = dot + 1;
  }
}

std::string escape_pointer_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (const char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string unescape_pointer_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out.push_back(token[i + 1] == '0' ? '~' : '/');
      ++i;
    } else {
      out.push_back(token[i]);
    }
  }
  return out;
}

const nlohmann::json* find_pointer(const nlohmann::json& root, std::string_view pointer) {
  if (pointer.empty()) {
    return &root;
  }
  if (pointer.front() != '/') {
    return nullptr;
  }
  const nlohmann::json* node = &root;
  std::size_t start = 1;
  while (true) {
    const auto slash = pointer.find('/', start);
    const auto raw = pointer.substr(start, slash == std::string_view::npos ? std::string_view::npos
                                                                           : slash - start);
    if (node->is_object()) {
      const auto token =
          raw.find('~') == std::string_view::npos ? std::string(raw) : unescape_pointer_token(raw);
      const auto it = node->find(token);
      if (it == node->end()) {
        return nullptr;
      }
      node = &*it;
    } else if (node->is_array()) {
      if (!is_array_index(raw)) {
        return nullptr;
      }
      std::size_t index = 0;
      std::from_chars(raw.data(), raw.data() + raw.size(), index);
      if (index >= node->size()) {
        return nullptr;
      }
      node = &(*node)[index];
    } else {
      return nullptr;
    }
    if (slash == std::string_view::npos) {
      return node;
    }
    start = slash + 1;
  }
}

std::optional<TextPosition> Document::position_of(std::string_view pointer) const {
  const auto it = positions.find(std::string(pointer));
  if (it == positions.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::string Document::location_of(std::string_view pointer) const {
  if (const auto pos = position_of(pointer)) {
    return detail::format_location(uri, *pos);
  }
  return uri + "#" + std::string(pointer);
}

Result<Document> parse_document(std::string_view text, std::string uri, const ParseLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return fail(ErrorCode::spec_too_large,
                "document is " + std::to_string(text.size()) + " bytes, over the limit of " +
                    std::to_string(limits.max_bytes),
                uri);
  }
  text = strip_bom(text);
  if (auto bad = check_utf8(text, uri)) {
    return tl::unexpected(std::move(*bad));
  }
  if (!looks_like_json(text)) {
    return detail::parse_yaml_text(text, std::move(uri), limits);
  }
  auto json = detail::parse_json_text(text, uri, limits);
  const bool json_by_name = uri.size() >= 5 && uri.compare(uri.size() - 5, 5, ".json") == 0;
  if (json || json.error().code != ErrorCode::spec_parse || json_by_name) {
    return json;
  }
  // Flow-style YAML ({a: 1}) also starts with a brace; keep the JSON error if YAML fails too.
  auto yaml = detail::parse_yaml_text(text, std::move(uri), limits);
  if (yaml) {
    return yaml;
  }
  return json;
}

Result<Document> load_document(const std::filesystem::path& path, const ParseLimits& limits) {
  const std::string uri = normalize_path(path);
  std::error_code ec;
  const auto size = std::filesystem::file_size(uri, ec);
  if (ec) {
    return fail(ErrorCode::io_read, "cannot read file: " + ec.message(), path.string());
  }
  if (size > limits.max_bytes) {
    return fail(ErrorCode::spec_too_large,
                "file is " + std::to_string(size) + " bytes, over the limit of " +
                    std::to_string(limits.max_bytes),
                uri);
  }
  std::ifstream in(uri, std::ios::binary);
  if (!in) {
    return fail(ErrorCode::io_read, "cannot open file", path.string());
  }
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return parse_document(text, uri, limits);
}

DocumentStore::DocumentStore(ParseLimits limits) : limits_(limits) {}

Result<const Document*> DocumentStore::load(const std::filesystem::path& path,
                                            const std::function<void(Document&)>& edit) {
  const std::string key = normalize_path(path);
  if (const auto* existing = find(key)) {
    return existing;
  }
  auto doc = load_document(key, limits_);
  if (!doc) {
    return tl::unexpected(std::move(doc.error()));
  }
  doc->uri = key;
  if (edit) {
    edit(*doc);
  }
  return add(std::move(*doc));
}

const Document* DocumentStore::add(Document doc) {
  auto owned = std::make_unique<Document>(std::move(doc));
  const Document* raw = owned.get();
  const std::string key = owned->uri;
  docs_[key] = std::move(owned);
  return raw;
}

const Document* DocumentStore::find(std::string_view uri) const {
  const auto it = docs_.find(uri);
  return it == docs_.end() ? nullptr : it->second.get();
}

namespace {

// Where a ref's document part points, relative to the referring document.
std::string target_uri(std::string_view base_uri, std::string_view file_part) {
  if (file_part.empty()) {
    return std::string(base_uri);
  }
  if (file_part.substr(0, 7) == "file://") {
    return normalize_path(std::string(file_part.substr(7)));
  }
  if (has_uri_scheme(file_part)) {
    return std::string(file_part);
  }
  if (has_uri_scheme(base_uri)) {
    return resolve_uri_reference(base_uri, file_part);
  }
  const std::filesystem::path rel(percent_decode_lenient(file_part));
  if (rel.is_absolute()) {
    return normalize_path(rel);
  }
  return normalize_path(std::filesystem::path(base_uri).parent_path() / rel);
}

} // namespace

Result<ResolvedRef> DocumentStore::resolve(std::string_view base_uri, std::string_view ref) {
  const auto hash = ref.find('#');
  const auto file_part = ref.substr(0, hash);
  const std::string fragment =
      hash == std::string_view::npos ? std::string() : percent_decode_lenient(ref.substr(hash + 1));
  std::string uri = target_uri(base_uri, file_part);
  const Document* doc = find(uri);
  if (doc == nullptr && has_uri_scheme(uri) && !file_part.empty() && file_part.front() == '/') {
    uri = normalize_path(std::string(file_part)); // an absolute file path from a URI base
    doc = find(uri);
  }
  if (doc == nullptr && !has_uri_scheme(uri)) {
    auto loaded = load(uri);
    if (!loaded) {
      Error error = std::move(loaded.error());
      if (error.code == ErrorCode::io_read) {
        error.code = ErrorCode::spec_unresolved_ref;
        error.message = "$ref '" + std::string(ref) + "': " + error.message;
      }
      return tl::unexpected(std::move(error));
    }
    doc = *loaded;
  }
  if (doc == nullptr) {
    return fail(ErrorCode::spec_unresolved_ref,
                "$ref '" + std::string(ref) + "': document '" + uri + "' is not known",
                std::string(base_uri));
  }
  if (!fragment.empty() && fragment.front() != '/') {
    return fail(ErrorCode::spec_unresolved_ref,
                "$ref '" + std::string(ref) + "': plain-name fragments are not supported here",
                std::string(base_uri));
  }
  const nlohmann::json* node = find_pointer(doc->root, fragment);
  if (node == nullptr) {
    return fail(ErrorCode::spec_unresolved_ref,
                "$ref '" + std::string(ref) + "': nothing at '" + fragment + "' in " + doc->uri,
                std::string(base_uri));
  }
  return ResolvedRef{doc, fragment, node};
}

namespace detail {

std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  const unsigned char c = bytes[at];
  if (c < 0x80) {
    return 1;
  }
  std::size_t len = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) {
      lo = 0xA0; // overlong
    } else if (c == 0xED) {
      hi = 0x9F; // surrogates
    }
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) {
      lo = 0x90; // overlong
    } else if (c == 0xF4) {
      hi = 0x8F; // above U+10FFFF
    }
  } else {
    return 0; // stray continuation byte, overlong lead (C0/C1) or F5..FF
  }
  if (at + len > n || bytes[at + 1] < lo || bytes[at + 1] > hi) {
    return 0;
  }
  for (std::size_t k = 2; k < len; ++k) {
    if (bytes[at + k] < 0x80 || bytes[at + k] > 0xBF) {
      return 0;
    }
  }
  return len;
}

std::string repair_escaped_bytes(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      const auto byte = static_cast<unsigned char>(text[i]);
      out.push_back(static_cast<char>(0xC0 | (byte >> 6U)));
      out.push_back(static_cast<char>(0x80 | (byte & 0x3FU)));
      ++i;
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

} // namespace detail

bool is_same_file(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::error_code ec_a;
  std::error_code ec_b;
  const auto canonical_a = std::filesystem::weakly_canonical(a, ec_a);
  const auto canonical_b = std::filesystem::weakly_canonical(b, ec_b);
  return (ec_a || ec_b) ? a == b : canonical_a == canonical_b;
}

} // namespace concord::core
