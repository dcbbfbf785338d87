#include "proxy/recorder.hpp"

#include "core/document.hpp"
#include "core/media_type.hpp"
#include "core/redaction.hpp"

#include <filesystem>
#include <fstream>
#include <system_error>
#include <utility>

namespace concord::proxy {
namespace {

// True when `uri` (a Document uri, absolute) names the same file as `spec_file`.
std::string quote_name(const std::string& name) {
  std::string out = "['";
  for (const char c : name) {
    if (c == '\'' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "']";
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

std::string to_json_path(const std::string& pointer) {
  std::string path = "$";
  std::size_t start = pointer.find('/');
  while (start != std::string::npos) {
    const std::size_t end = pointer.find('/', start + 1);
    const std::string token =
        pointer.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
    path += quote_name(core::unescape_pointer_token(token));
    start = end;
  }
  return path;
}

Recorder::Recorder(std::string dir, std::size_t max_per_answer, std::vector<std::string> secrets)
    : dir_(std::move(dir)), max_per_answer_(max_per_answer), secrets_(std::move(secrets)) {}

void Recorder::add(const core::Spec& spec, const core::Operation& operation, int status,
                   const core::MediaType& media, const core::Response& response) {
  const auto hash = media.pointer.find('#');
  if (hash == std::string::npos || !core::is_same_file(media.pointer.substr(0, hash), spec.file)) {
    return; // the media type lives in another file: an overlay of this one cannot reach it
  }
  const std::string pointer = media.pointer.substr(hash + 1);
  std::string redacted = core::redact_body(response.body, secrets_);
  nlohmann::json value = nlohmann::json::parse(redacted, nullptr, false);
  if (value.is_discarded()) {
    value = std::move(redacted);
  }
  Kept kept{operation.method + " " + operation.path + " answered " + std::to_string(status) +
                " (recorded by concord proxy)",
            value, value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
  for (const auto& documented : media.examples) {
    if (documented.value == value) {
      return; // the document has it already
    }
  }
  const std::lock_guard<std::mutex> lock(mutex_);
  auto& slot = media_[spec.file][pointer];
  if (slot.path.empty()) {
    slot.path = to_json_path(pointer);
    if (media.examples.size() == 1 && media.examples.front().name == "example" &&
        ends_with(media.examples.front().pointer, "/example")) {
      slot.has_singular = true;
      slot.singular_example = media.examples.front().value;
    }
  }
  if (slot.kept.size() >= max_per_answer_) {
    return;
  }
  for (const auto& existing : slot.kept) {
    if (existing.key == kept.key) {
      return;
    }
  }
  slot.kept.push_back(std::move(kept));
}

nlohmann::json Recorder::to_overlay(const std::string& spec_file) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  nlohmann::json actions = nlohmann::json::array();
  const auto found = media_.find(spec_file);
  if (found != media_.end()) {
    for (const auto& [pointer, media] : found->second) {
      nlohmann::json examples = nlohmann::json::object();
      if (media.has_singular) {
        // `example` and `examples` may not both be present: the documented one moves over.
        examples["documented"] = {{"value", media.singular_example}};
        actions.push_back({{"target", media.path + "['example']"}, {"remove", true}});
      }
      for (std::size_t i = 0; i < media.kept.size(); ++i) {
        examples["recorded-" + std::to_string(i + 1)] = {{"summary", media.kept[i].summary},
                                                         {"value", media.kept[i].value}};
      }
      actions.push_back({{"target", media.path}, {"update", {{"examples", examples}}}});
    }
  }
  return {{"overlay", "1.0.0"},
          {"info", {{"title", "Answers recorded by concord proxy"}, {"version", "1"}}},
          {"extends", std::filesystem::path(spec_file).filename().string()},
          {"actions", std::move(actions)}};
}

core::Result<std::vector<std::string>> Recorder::write() const {
  std::vector<std::string> files;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [spec_file, media] : media_) {
      files.push_back(spec_file);
    }
  }
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) {
    return core::fail(core::ErrorCode::usage,
                      "--record: cannot create " + dir_ + ": " + ec.message());
  }
  std::vector<std::string> written;
  for (const auto& spec_file : files) {
    const auto out = std::filesystem::path(dir_) /
                     (std::filesystem::path(spec_file).stem().string() + ".examples.yaml");
    std::ofstream stream(out, std::ios::binary | std::ios::trunc);
    // JSON is YAML: the overlay is written as indented JSON, which YAML readers accept.
    stream << "# Recorded by concord proxy; apply with: concord mock SPEC --overlay "
           << out.filename().string() << "\n"
           << to_overlay(spec_file).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
           << '\n';
    if (!stream) {
      return core::fail(core::ErrorCode::usage, "--record: cannot write " + out.string());
    }
    written.push_back(out.string());
  }
  return written;
}

} // namespace concord::proxy
