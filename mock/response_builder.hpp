#pragma once

#include "core/http_types.hpp"
#include "core/model.hpp"
#include "core/result.hpp"
#include "core/schema_generator.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace concord::mock {

using core::GenerateDirection;
using core::GenerateOptions;

// What to put in one response body.
struct BodyChoice {
  std::optional<std::string> example; // Prefer: example=NAME
  bool dynamic = false;               // Prefer: dynamic=true (generate, ignore examples)
  std::uint64_t seed = 0;             // for dynamic generation
};

// A body ready to send.
struct BuiltBody {
  std::string content_type; // empty: no body
  std::string bytes;
};

// How a default body was chosen (for reports and tests).
enum class BodySource { none, example, generated, generated_without_examples, unvalidated };

// Builds response bodies and headers for one document. Default bodies (first example that is
// valid against its schema, else data generated from the schema with the server's seed) are
// prepared once at construction, so answering costs a map lookup. Examples that violate their
// own schema are never sent by default: generated data is sent instead. Thread-safe.
class ResponseBuilder {
public:
  ResponseBuilder(std::shared_ptr<const core::Spec> spec, std::uint64_t seed);

  // The media type's body for `choice`. Fails with mock.no_response when the named example
  // does not exist (the message lists the names that do).
  [[nodiscard]] core::Result<BuiltBody> build_body(const core::MediaType& media,
                                                   const BodyChoice& choice) const;
  // The default body only (prepared at load).
  [[nodiscard]] const BuiltBody& default_body(const core::MediaType& media) const;
  [[nodiscard]] BodySource default_source(const core::MediaType& media) const;
  // Documented required headers with example or generated values (prepared at load).
  [[nodiscard]] const core::Headers& headers(const core::ResponseSpec& response) const;

  // Generates a value for a schema handle (thread-safe; serialised by a mutex since $ref
  // resolution may touch the document store).
  [[nodiscard]] nlohmann::json generate(core::SchemaHandle schema,
                                        const GenerateOptions& options) const;
  [[nodiscard]] bool is_valid(core::SchemaHandle schema, const nlohmann::json& value) const;
  [[nodiscard]] const core::Spec& spec() const { return *spec_; }

private:
  struct Prepared {
    BuiltBody body;
    BodySource source = BodySource::none;
  };
  std::shared_ptr<const core::Spec> spec_;
  std::uint64_t seed_;
  std::map<const core::MediaType*, Prepared> bodies_;
  std::map<const core::ResponseSpec*, core::Headers> headers_;
  mutable std::mutex generate_mutex_;

  void prepare(const core::MediaType& media);
  void prepare_headers(const core::ResponseSpec& response);
  [[nodiscard]] nlohmann::json generate_unlocked(core::SchemaHandle schema,
                                                 const GenerateOptions& options) const;
};

// Succeeds when `media` has an example named `name`; else mock.no_response, listing the names
// it has.
[[nodiscard]] core::Result<void> check_example(const core::MediaType& media,
                                               const std::string& name);
// The Content-Type to send for a documented media type ("*/*" and "application/*" become
// application/json).
[[nodiscard]] std::string to_content_type(const std::string& media_name);
// JSON media: compact JSON text. Other media: strings as they are, anything else as JSON.
[[nodiscard]] std::string serialize_body(const std::string& media_name,
                                         const nlohmann::json& value);

} // namespace concord::mock
