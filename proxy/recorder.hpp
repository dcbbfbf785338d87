#pragma once
// `concord proxy --record DIR`: what the upstream answered, kept as named examples of the
// documented responses and written as one OpenAPI Overlay per document
// (DIR/<spec-stem>.examples.yaml) that `concord mock --overlay` applies.

#include "core/http_types.hpp"
#include "core/model.hpp"
#include "core/result.hpp"

#include <cstddef>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace concord::proxy {

class Recorder {
public:
  Recorder(std::string dir, std::size_t max_per_answer, std::vector<std::string> secrets);

  // Keeps `response` as an example of `media` (the documented media type it matched), when
  // the media type lives in the document's own file. Bodies are redacted; an answer equal to
  // a documented example or to one already kept is not kept again; at most max_per_answer
  // per media type.
  void add(const core::Spec& spec, const core::Operation& operation, int status,
           const core::MediaType& media, const core::Response& response);

  // Writes DIR/<stem>.examples.yaml for every document that has recordings; returns the
  // files written.
  [[nodiscard]] core::Result<std::vector<std::string>> write() const;

  // The overlay document for one spec file (as written by write()).
  [[nodiscard]] nlohmann::json to_overlay(const std::string& spec_file) const;

private:
  struct Kept {
    std::string summary;
    nlohmann::json value;
    std::string key; // dumped value: identical answers are kept once
  };
  struct Media {
    std::string path;                // JSONPath of the media type object
    nlohmann::json singular_example; // a documented `example` to keep under `examples`
    bool has_singular = false;
    std::vector<Kept> kept;
  };
  std::string dir_;
  std::size_t max_per_answer_;
  std::vector<std::string> secrets_;
  mutable std::mutex mutex_;
  std::map<std::string, std::map<std::string, Media>> media_; // spec file -> pointer -> kept
};

// "#/paths/~1items/get" -> "$['paths']['/items']['get']".
[[nodiscard]] std::string to_json_path(const std::string& pointer);

} // namespace concord::proxy
