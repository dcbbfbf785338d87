#pragma once

#include "core/result.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace concord::core {

// Limits applied to every untrusted document (specs, behaviour files, scenarios, bodies).
struct ParseLimits {
  std::size_t max_bytes = std::size_t{16} * 1024 * 1024; // the OpenAI document is 3.4 MB
  int max_depth = 256;
};

struct TextPosition {
  int line = 0;   // 1-based; 0 = unknown
  int column = 0; // 1-based; 0 = unknown
};

// One parsed source file (YAML or JSON) as a JSON value, plus where each value came from.
// YAML is read with the YAML 1.2 core schema: a plain scalar becomes null/bool/int/float only
// when it is spelled like one; quoted scalars and things like unquoted dates stay strings.
class Document {
public:
  std::string uri; // absolute file path, or an absolute URI for in-memory documents
  nlohmann::json root;

  // Position of the value at `pointer` (RFC 6901), when known.
  [[nodiscard]] std::optional<TextPosition> position_of(std::string_view pointer) const;
  // "file:line:column" when the position is known, else "file#pointer".
  [[nodiscard]] std::string location_of(std::string_view pointer) const;

  // Filled by the parser. Key: JSON pointer.
  std::unordered_map<std::string, TextPosition> positions;
};

// Parses YAML or JSON text (JSON is tried first when the text starts with '{' or '[').
// Errors carry "uri:line:column". Never throws.
[[nodiscard]] Result<Document> parse_document(std::string_view text, std::string uri,
                                              const ParseLimits& limits = {});
[[nodiscard]] Result<Document> load_document(const std::filesystem::path& path,
                                             const ParseLimits& limits = {});

struct ResolvedRef {
  const Document* document = nullptr;
  std::string pointer; // pointer inside document (may be "")
  const nlohmann::json* node = nullptr;
};

// All documents reachable from one entry document. Filled at load time, then read-only
// (safe to share across threads once loading is done).
class DocumentStore {
public:
  explicit DocumentStore(ParseLimits limits = {});

  // Loads the file once (keyed by its canonical absolute path) and returns it. `edit`, when
  // given, changes the document once, when it is first read (overlays).
  [[nodiscard]] Result<const Document*> load(const std::filesystem::path& path,
                                             const std::function<void(Document&)>& edit = nullptr);
  // Adds an in-memory document under its uri (tests, remote schemas). Replaces any previous.
  const Document* add(Document doc);
  [[nodiscard]] const Document* find(std::string_view uri) const;

  // Resolves `ref` ("#/a/b", "other.yaml#/c", "other.yaml") relative to base_uri.
  // Loads a referenced file on first use. Errors: spec.unresolved_ref with a location.
  [[nodiscard]] Result<ResolvedRef> resolve(std::string_view base_uri, std::string_view ref);

  [[nodiscard]] const ParseLimits& limits() const { return limits_; }

private:
  ParseLimits limits_;
  std::map<std::string, std::unique_ptr<Document>, std::less<>> docs_;
};

// True when the two paths name the same file: compared after std::filesystem::weakly_canonical,
// or as written when either cannot be resolved.
[[nodiscard]] bool is_same_file(const std::filesystem::path& a, const std::filesystem::path& b);

// RFC 6901 helpers.
[[nodiscard]] std::string escape_pointer_token(std::string_view token);
// Sets `value` at a dotted path ("a.b") of an object, making the objects on the way.
void set_dotted(nlohmann::json& target, const std::string& path, const nlohmann::json& value);
[[nodiscard]] std::string unescape_pointer_token(std::string_view token);
// Returns nullptr when the pointer does not resolve. Never throws.
[[nodiscard]] const nlohmann::json* find_pointer(const nlohmann::json& root,
                                                 std::string_view pointer);

} // namespace concord::core
