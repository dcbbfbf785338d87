#include "mock/mock_config.hpp"

#include "core/config_schema.hpp"
#include "core/document.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace concord::mock {

namespace {

using nlohmann::json;

// Turns a config document that passed schemas/mock-config.schema.json into a MockConfig. The
// schema checks every key, type and range; what is left here is mapping, defaults and the one
// rule a schema cannot say (a latency's max is not below its min).
class ConfigReader {
public:
  explicit ConfigReader(const core::Document& doc) : doc_(doc) {}

  core::Result<MockConfig> read() const {
    if (auto checked = core::check_config_document(doc_, "mock-config"); !checked) {
      return tl::unexpected(checked.error());
    }
    MockConfig config;
    const json& root = doc_.root;
    if (root.is_null()) {
      return config;
    }
    if (auto r = read_settings(root, "", config.global); !r) {
      return tl::unexpected(r.error());
    }
    const json operations = root.value("operations", json::object());
    for (const auto& [key, value] : operations.items()) {
      OperationSettings settings;
      if (auto r = read_settings(value, "/operations/" + core::escape_pointer_token(key), settings);
          !r) {
        return tl::unexpected(r.error());
      }
      config.operations.emplace(key, std::move(settings));
    }
    read_cors(root, config.cors);
    read_misc(root, config);
    return config;
  }

private:
  const core::Document& doc_;

  static std::vector<std::string> read_strings(const json& node) {
    return node.is_string() ? std::vector<std::string>{node.get<std::string>()}
                            : node.get<std::vector<std::string>>();
  }

  core::Result<Latency> read_latency(const json& node, const std::string& pointer) const {
    Latency latency;
    if (node.is_number_integer()) {
      latency.fixed_ms = node.get<int>();
      return latency;
    }
    latency.fixed_ms = node.value("fixed", 0);
    latency.min_ms = node.value("min", 0);
    latency.max_ms = node.value("max", 0);
    if (latency.max_ms < latency.min_ms) {
      return core::fail(core::ErrorCode::config_invalid, pointer + ": latency: max is below min",
                        doc_.location_of(pointer));
    }
    return latency;
  }

  static FaultInjection read_faults(const json& node) {
    static const std::map<std::string, FaultKind, std::less<>> k_kinds{
        {"reset", FaultKind::reset},
        {"empty", FaultKind::empty},
        {"truncate", FaultKind::truncate}};
    FaultInjection faults;
    faults.rate = node.value("rate", 0.0);
    faults.kind = k_kinds.at(node.value("kind", std::string("reset")));
    return faults;
  }

  static Credentials read_credentials(const json& node) {
    Credentials credentials;
    for (const auto& [key, value] : node.items()) {
      auto list = read_strings(value);
      if (key == "bearer") {
        credentials.bearer = std::move(list);
      } else if (key == "basic") {
        credentials.basic = std::move(list);
      } else { // api_key, apiKey, api_keys
        credentials.api_keys = std::move(list);
      }
    }
    return credentials;
  }

  core::Result<void> read_settings(const json& node, const std::string& pointer,
                                   OperationSettings& settings) const {
    if (const auto it = node.find("latency"); it != node.end()) {
      auto latency = read_latency(*it, pointer + "/latency");
      if (!latency) {
        return tl::unexpected(latency.error());
      }
      settings.latency = *latency;
    }
    if (const auto it = node.find("errors"); it != node.end()) {
      settings.errors = ErrorInjection{it->value("rate", 0.0), it->value("status", 500)};
    }
    if (const auto it = node.find("faults"); it != node.end()) {
      settings.faults = read_faults(*it);
    }
    if (const auto it = node.find("validation"); it != node.end()) {
      settings.validation = it->get<bool>();
    }
    if (const auto it = node.find("credentials"); it != node.end()) {
      settings.credentials = read_credentials(*it);
    }
    return {};
  }

  static void read_cors(const json& root, CorsConfig& cors) {
    const auto it = root.find("cors");
    if (it == root.end()) {
      return;
    }
    if (it->is_boolean()) {
      cors.enabled = it->get<bool>();
      return;
    }
    cors.enabled = it->value("enabled", cors.enabled);
    cors.allow_credentials = it->value("allow_credentials", cors.allow_credentials);
    cors.allow_origin = it->value("allow_origin", cors.allow_origin);
    cors.max_age = it->value("max_age", cors.max_age);
    if (it->contains("allow_headers")) {
      cors.allow_headers = read_strings((*it)["allow_headers"]);
    }
    if (it->contains("expose_headers")) {
      cors.expose_headers = read_strings((*it)["expose_headers"]);
    }
  }

  static void read_limits(const json& node, Limits& limits) {
    limits.max_body_bytes = node.value("max_body_bytes", limits.max_body_bytes);
    limits.max_json_depth = static_cast<int>(std::min<std::uint64_t>(
        node.value("max_json_depth", static_cast<std::uint64_t>(limits.max_json_depth)), 10000));
    limits.max_headers = node.value("max_headers", limits.max_headers);
  }

  static void read_misc(const json& root, MockConfig& config) {
    if (const auto it = root.find("admin"); it != root.end()) {
      config.admin_remote = (*it)["allow_remote"].get<bool>();
    }
    if (const auto it = root.find("limits"); it != root.end()) {
      read_limits(*it, config.limits);
    }
    if (const auto it = root.find("seed"); it != root.end()) {
      config.seed = it->get<std::uint64_t>();
    }
    if (const auto it = root.find("stateless"); it != root.end()) {
      config.stateless = it->get<bool>();
    }
    if (const auto it = root.find("port"); it != root.end()) {
      config.port = it->get<int>();
    }
    if (const auto it = root.find("host"); it != root.end()) {
      config.host = it->get<std::string>();
    }
    if (const auto it = root.find("threads"); it != root.end()) {
      config.threads = it->get<int>();
    }
    config.journal_size = root.value("journal", config.journal_size);
    for (const char* key : {"behaviours", "behaviour", "mounts"}) {
      auto& out = std::string_view(key) == "mounts" ? config.mounts : config.behaviours;
      const json entries = root.value(key, json::object());
      for (const auto& [spec, value] : entries.items()) {
        out[spec] = value.get<std::string>();
      }
    }
  }
};

} // namespace

core::Result<MockConfig> parse_mock_config(std::string_view text, const std::string& uri) {
  auto doc = core::parse_document(text, uri);
  if (!doc) {
    return tl::unexpected(doc.error());
  }
  return ConfigReader(*doc).read();
}

core::Result<MockConfig> load_mock_config(const std::filesystem::path& path) {
  auto doc = core::load_document(path);
  if (!doc) {
    return tl::unexpected(doc.error());
  }
  return ConfigReader(*doc).read();
}

OperationSettings resolve_settings(const MockConfig& config, std::string_view operation_id,
                                   std::string_view method_and_path) {
  OperationSettings settings = config.global;
  auto it = config.operations.find(std::string(operation_id));
  if (it == config.operations.end()) {
    it = config.operations.find(std::string(method_and_path));
  }
  if (it == config.operations.end()) {
    return settings;
  }
  const OperationSettings& own = it->second;
  if (own.latency) {
    settings.latency = own.latency;
  }
  if (own.errors) {
    settings.errors = own.errors;
  }
  if (own.faults) {
    settings.faults = own.faults;
  }
  if (own.validation) {
    settings.validation = own.validation;
  }
  if (own.credentials) {
    settings.credentials = own.credentials;
  }
  return settings;
}

} // namespace concord::mock
