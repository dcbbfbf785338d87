#include "mock/mock_config.hpp"

#include "core/document.hpp"

#include <nlohmann/json.hpp>

namespace concord::mock {

namespace {

using nlohmann::json;

class ConfigReader {
public:
  explicit ConfigReader(const core::Document& doc) : doc_(doc) {}

  core::Result<MockConfig> read() {
    MockConfig config;
    const json& root = doc_.root;
    if (root.is_null()) {
      return config;
    }
    if (!root.is_object()) {
      return invalid("", "the config must be a mapping");
    }
    static const std::vector<std::string> k_known = {
        "latency", "errors",  "faults",  "validation", "credentials", "operations",
        "cors",    "admin",   "limits",  "seed",       "stateless",   "port",
        "host",    "threads", "journal", "behaviours", "behaviour",   "mounts"};
    for (const auto& [key, unused] : root.items()) {
      if (std::find(k_known.begin(), k_known.end(), key) == k_known.end()) {
        return invalid("/" + core::escape_pointer_token(key), "unknown key '" + key + "'");
      }
    }
    if (auto r = read_settings(root, "", config.global); !r) {
      return tl::unexpected(r.error());
    }
    if (auto r = read_operations(root, config); !r) {
      return tl::unexpected(r.error());
    }
    if (auto r = read_cors(root, config.cors); !r) {
      return tl::unexpected(r.error());
    }
    if (auto r = read_misc(root, config); !r) {
      return tl::unexpected(r.error());
    }
    return config;
  }

private:
  const core::Document& doc_;

  [[nodiscard]] tl::unexpected<core::Error> invalid(const std::string& pointer,
                                                    const std::string& message) const {
    return core::fail(core::ErrorCode::config_invalid, message, doc_.location_of(pointer));
  }

  core::Result<int> read_int(const json& node, const std::string& pointer, int low,
                             int high) const {
    if (!node.is_number_integer() || node.get<std::int64_t>() < low ||
        node.get<std::int64_t>() > high) {
      return invalid(pointer, "expected an integer in [" + std::to_string(low) + ", " +
                                  std::to_string(high) + "]");
    }
    return static_cast<int>(node.get<std::int64_t>());
  }

  core::Result<bool> read_bool(const json& node, const std::string& pointer) const {
    if (!node.is_boolean()) {
      return invalid(pointer, "expected true or false");
    }
    return node.get<bool>();
  }

  core::Result<std::vector<std::string>> read_strings(const json& node,
                                                      const std::string& pointer) const {
    std::vector<std::string> out;
    if (node.is_string()) {
      out.push_back(node.get<std::string>());
      return out;
    }
    if (!node.is_array()) {
      return invalid(pointer, "expected a string or a list of strings");
    }
    for (const auto& item : node) {
      if (!item.is_string()) {
        return invalid(pointer, "expected a list of strings");
      }
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  core::Result<Latency> read_latency(const json& node, const std::string& pointer) const {
    Latency latency;
    if (node.is_number_integer()) {
      auto ms = read_int(node, pointer, 0, 600000);
      if (!ms) {
        return tl::unexpected(ms.error());
      }
      latency.fixed_ms = *ms;
      return latency;
    }
    if (!node.is_object()) {
      return invalid(pointer, "latency: expected milliseconds or {fixed} or {min, max}");
    }
    for (const auto& [key, value] : node.items()) {
      auto ms = read_int(value, pointer + "/" + key, 0, 600000);
      if (!ms) {
        return tl::unexpected(ms.error());
      }
      if (key == "fixed") {
        latency.fixed_ms = *ms;
      } else if (key == "min") {
        latency.min_ms = *ms;
      } else if (key == "max") {
        latency.max_ms = *ms;
      } else {
        return invalid(pointer + "/" + key, "latency: unknown key '" + key + "'");
      }
    }
    if (latency.max_ms < latency.min_ms) {
      return invalid(pointer, "latency: max is below min");
    }
    return latency;
  }

  core::Result<double> read_rate(const json& node, const std::string& pointer) const {
    if (!node.is_number() || node.get<double>() < 0.0 || node.get<double>() > 1.0) {
      return invalid(pointer, "rate: expected a number in [0, 1]");
    }
    return node.get<double>();
  }

  core::Result<ErrorInjection> read_errors(const json& node, const std::string& pointer) const {
    ErrorInjection errors;
    if (!node.is_object()) {
      return invalid(pointer, "errors: expected {rate, status}");
    }
    for (const auto& [key, value] : node.items()) {
      if (key == "rate") {
        auto rate = read_rate(value, pointer + "/rate");
        if (!rate) {
          return tl::unexpected(rate.error());
        }
        errors.rate = *rate;
      } else if (key == "status") {
        auto status = read_int(value, pointer + "/status", 100, 599);
        if (!status) {
          return tl::unexpected(status.error());
        }
        errors.status = *status;
      } else {
        return invalid(pointer + "/" + key, "errors: unknown key '" + key + "'");
      }
    }
    return errors;
  }

  core::Result<FaultInjection> read_faults(const json& node, const std::string& pointer) const {
    FaultInjection faults;
    if (!node.is_object()) {
      return invalid(pointer, "faults: expected {rate, kind}");
    }
    faults.kind = FaultKind::reset;
    for (const auto& [key, value] : node.items()) {
      if (key == "rate") {
        auto rate = read_rate(value, pointer + "/rate");
        if (!rate) {
          return tl::unexpected(rate.error());
        }
        faults.rate = *rate;
      } else if (key == "kind") {
        const std::string kind = value.is_string() ? value.get<std::string>() : "";
        if (kind == "reset") {
          faults.kind = FaultKind::reset;
        } else if (kind == "empty") {
          faults.kind = FaultKind::empty;
        } else if (kind == "truncate") {
          faults.kind = FaultKind::truncate;
        } else {
          return invalid(pointer + "/kind", "faults: kind must be reset, empty or truncate");
        }
      } else {
        return invalid(pointer + "/" + key, "faults: unknown key '" + key + "'");
      }
    }
    return faults;
  }

  core::Result<Credentials> read_credentials(const json& node, const std::string& pointer) const {
    Credentials credentials;
    if (!node.is_object()) {
      return invalid(pointer, "credentials: expected {bearer, basic, api_key}");
    }
    for (const auto& [key, value] : node.items()) {
      auto list = read_strings(value, pointer + "/" + key);
      if (!list) {
        return tl::unexpected(list.error());
      }
      if (key == "bearer") {
        credentials.bearer = std::move(*list);
      } else if (key == "basic") {
        credentials.basic = std::move(*list);
      } else if (key == "api_key" || key == "apiKey" || key == "api_keys") {
        credentials.api_keys = std::move(*list);
      } else {
        return invalid(pointer + "/" + key, "credentials: unknown key '" + key + "'");
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
      auto errors = read_errors(*it, pointer + "/errors");
      if (!errors) {
        return tl::unexpected(errors.error());
      }
      settings.errors = *errors;
    }
    if (const auto it = node.find("faults"); it != node.end()) {
      auto faults = read_faults(*it, pointer + "/faults");
      if (!faults) {
        return tl::unexpected(faults.error());
      }
      settings.faults = *faults;
    }
    if (const auto it = node.find("validation"); it != node.end()) {
      auto on = read_bool(*it, pointer + "/validation");
      if (!on) {
        return tl::unexpected(on.error());
      }
      settings.validation = *on;
    }
    if (const auto it = node.find("credentials"); it != node.end()) {
      auto credentials = read_credentials(*it, pointer + "/credentials");
      if (!credentials) {
        return tl::unexpected(credentials.error());
      }
      settings.credentials = std::move(*credentials);
    }
    return {};
  }

  core::Result<void> read_operations(const json& root, MockConfig& config) const {
    const auto it = root.find("operations");
    if (it == root.end()) {
      return {};
    }
    if (!it->is_object()) {
      return invalid("/operations", "operations: expected a mapping of operationId to settings");
    }
    for (const auto& [key, value] : it->items()) {
      const std::string pointer = "/operations/" + core::escape_pointer_token(key);
      if (!value.is_object()) {
        return invalid(pointer, "expected a mapping");
      }
      for (const auto& [field, unused] : value.items()) {
        if (field != "latency" && field != "errors" && field != "faults" && field != "validation" &&
            field != "credentials") {
          return invalid(pointer + "/" + field, "unknown key '" + field + "'");
        }
      }
      OperationSettings settings;
      if (auto r = read_settings(value, pointer, settings); !r) {
        return r;
      }
      config.operations.emplace(key, std::move(settings));
    }
    return {};
  }

  core::Result<void> read_cors(const json& root, CorsConfig& cors) const {
    const auto it = root.find("cors");
    if (it == root.end()) {
      return {};
    }
    if (it->is_boolean()) {
      cors.enabled = it->get<bool>();
      return {};
    }
    if (!it->is_object()) {
      return invalid("/cors", "cors: expected true, false or a mapping");
    }
    for (const auto& [key, value] : it->items()) {
      const std::string pointer = "/cors/" + key;
      if (key == "enabled" || key == "allow_credentials") {
        auto on = read_bool(value, pointer);
        if (!on) {
          return tl::unexpected(on.error());
        }
        (key == "enabled" ? cors.enabled : cors.allow_credentials) = *on;
      } else if (key == "allow_origin") {
        if (!value.is_string()) {
          return invalid(pointer, "expected a string");
        }
        cors.allow_origin = value.get<std::string>();
      } else if (key == "allow_headers" || key == "expose_headers") {
        auto list = read_strings(value, pointer);
        if (!list) {
          return tl::unexpected(list.error());
        }
        (key == "allow_headers" ? cors.allow_headers : cors.expose_headers) = std::move(*list);
      } else if (key == "max_age") {
        auto age = read_int(value, pointer, 0, 86400 * 7);
        if (!age) {
          return tl::unexpected(age.error());
        }
        cors.max_age = *age;
      } else {
        return invalid(pointer, "cors: unknown key '" + key + "'");
      }
    }
    return {};
  }

  core::Result<void> read_limits(const json& node, Limits& limits) const {
    if (!node.is_object()) {
      return invalid("/limits", "limits: expected a mapping");
    }
    for (const auto& [key, value] : node.items()) {
      const std::string pointer = "/limits/" + key;
      if (!value.is_number_integer() || value.get<std::int64_t>() <= 0) {
        return invalid(pointer, "expected a positive integer");
      }
      const auto n = value.get<std::uint64_t>();
      if (key == "max_body_bytes") {
        limits.max_body_bytes = n;
      } else if (key == "max_json_depth") {
        limits.max_json_depth = static_cast<int>(std::min<std::uint64_t>(n, 10000));
      } else if (key == "max_headers") {
        limits.max_headers = n;
      } else {
        return invalid(pointer, "limits: unknown key '" + key + "'");
      }
    }
    return {};
  }

  core::Result<void> read_path_map(const json& node, const std::string& pointer,
                                   std::map<std::string, std::string>& out) const {
    if (!node.is_object()) {
      return invalid(pointer, "expected a mapping of spec path to value");
    }
    for (const auto& [key, value] : node.items()) {
      if (!value.is_string()) {
        return invalid(pointer + "/" + core::escape_pointer_token(key), "expected a string");
      }
      out[key] = value.get<std::string>();
    }
    return {};
  }

  core::Result<void> read_misc(const json& root, MockConfig& config) const {
    if (const auto it = root.find("admin"); it != root.end()) {
      if (!it->is_object() || !it->contains("allow_remote") ||
          !(*it)["allow_remote"].is_boolean()) {
        return invalid("/admin", "admin: expected {allow_remote: true|false}");
      }
      config.admin_remote = (*it)["allow_remote"].get<bool>();
    }
    if (const auto it = root.find("limits"); it != root.end()) {
      if (auto r = read_limits(*it, config.limits); !r) {
        return r;
      }
    }
    if (const auto it = root.find("seed"); it != root.end()) {
      if (!it->is_number_unsigned()) {
        return invalid("/seed", "seed: expected a non-negative integer");
      }
      config.seed = it->get<std::uint64_t>();
    }
    if (const auto it = root.find("stateless"); it != root.end()) {
      auto on = read_bool(*it, "/stateless");
      if (!on) {
        return tl::unexpected(on.error());
      }
      config.stateless = *on;
    }
    if (const auto it = root.find("port"); it != root.end()) {
      auto port = read_int(*it, "/port", 0, 65535);
      if (!port) {
        return tl::unexpected(port.error());
      }
      config.port = *port;
    }
    if (const auto it = root.find("host"); it != root.end()) {
      if (!it->is_string()) {
        return invalid("/host", "host: expected a string");
      }
      config.host = it->get<std::string>();
    }
    if (const auto it = root.find("threads"); it != root.end()) {
      auto threads = read_int(*it, "/threads", 1, 4096);
      if (!threads) {
        return tl::unexpected(threads.error());
      }
      config.threads = *threads;
    }
    if (const auto it = root.find("journal"); it != root.end()) {
      auto size = read_int(*it, "/journal", 0, 1000000);
      if (!size) {
        return tl::unexpected(size.error());
      }
      config.journal_size = static_cast<std::size_t>(*size);
    }
    for (const char* key : {"behaviours", "behaviour"}) {
      if (const auto it = root.find(key); it != root.end()) {
        if (auto r = read_path_map(*it, std::string("/") + key, config.behaviours); !r) {
          return r;
        }
      }
    }
    if (const auto it = root.find("mounts"); it != root.end()) {
      if (auto r = read_path_map(*it, "/mounts", config.mounts); !r) {
        return r;
      }
    }
    return {};
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
