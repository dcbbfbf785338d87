#include "bench/bench_support.hpp"

#include "core/document.hpp"
#include "core/loader.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

namespace concord::bench {

namespace {

void add_media_examples(const std::vector<core::MediaType>& content, core::Direction direction,
                        std::vector<ExampleCheck>& out) {
  for (const auto& media : content) {
    if (media.schema == nullptr) {
      continue;
    }
    for (const auto& example : media.examples) {
      if (!example.external) {
        out.push_back({media.schema, &example.value, direction});
      }
    }
  }
}

} // namespace

std::vector<std::filesystem::path> find_seed_specs() {
  std::vector<std::filesystem::path> files;
  const std::filesystem::path dir = std::filesystem::path(CONCORD_SOURCE_DIR) / "specs";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".yaml") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::filesystem::path find_openai_document(const std::string& extension) {
  const char* external = std::getenv("CONCORD_EXTERNAL");
  if (external == nullptr || *external == '\0') {
    return {};
  }
  auto path = std::filesystem::path(external) / "large" / "openai" / ("openapi." + extension);
  std::error_code ec;
  return std::filesystem::exists(path, ec) ? path : std::filesystem::path();
}

std::shared_ptr<const core::Spec> load_or_exit(const std::filesystem::path& path) {
  auto spec = core::load_spec(path);
  if (!spec) {
    std::cerr << "concord_bench: cannot load " << path << ": " << spec.error().to_string() << '\n';
    std::exit(2);
  }
  return *spec;
}

std::vector<ExampleCheck> collect_examples(const core::Spec& spec) {
  std::vector<ExampleCheck> out;
  for (const auto& operation : spec.operations) {
    if (operation.request_body) {
      add_media_examples(operation.request_body->content, core::Direction::request, out);
    }
    for (const auto& response : operation.responses) {
      add_media_examples(response.content, core::Direction::response, out);
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> make_request_paths(const core::Spec& spec,
                                                                    const std::string& prefix) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& operation : spec.operations) {
    std::string path = prefix;
    bool in_template = false;
    for (const char c : operation.path) {
      if (c == '{') {
        in_template = true;
        path += "x1";
      } else if (c == '}') {
        in_template = false;
      } else if (!in_template) {
        path += c;
      }
    }
    out.emplace_back(operation.method, std::move(path));
  }
  return out;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::filesystem::path write_json_copy(const std::filesystem::path& yaml_path) {
  auto doc = core::load_document(yaml_path);
  if (!doc) {
    std::cerr << "concord_bench: cannot parse " << yaml_path << ": " << doc.error().to_string()
              << '\n';
    std::exit(2);
  }
  const auto dir = std::filesystem::temp_directory_path() / "concord-bench";
  std::filesystem::create_directories(dir);
  auto out = dir / (yaml_path.stem().string() + ".json");
  std::ofstream(out, std::ios::binary) << doc->root.dump();
  return out;
}

} // namespace concord::bench
