#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace concord::core {

// Formats Concord checks. Anything else is `unknown` and always valid.
enum class FormatKind {
  unknown,
  date_time,
  date,
  time,
  email,
  uuid,
  uri,
  ipv4,
  ipv6,
  hostname,
  byte,
  int32,
  int64,
  float_,
  double_,
};

[[nodiscard]] FormatKind to_format_kind(std::string_view format) noexcept;
// True when the value fits the format, or the format does not apply to the value's type.
[[nodiscard]] bool is_valid_format(FormatKind kind, const nlohmann::json& value);

// Single-purpose string checks (exposed for tests and for the mock's parameter parsing).
[[nodiscard]] bool is_date_time(std::string_view text);
[[nodiscard]] bool is_date(std::string_view text);
[[nodiscard]] bool is_time(std::string_view text);
[[nodiscard]] bool is_email(std::string_view text);
[[nodiscard]] bool is_uuid(std::string_view text);
[[nodiscard]] bool is_uri(std::string_view text);
[[nodiscard]] bool is_ipv4(std::string_view text);
[[nodiscard]] bool is_ipv6(std::string_view text);
[[nodiscard]] bool is_hostname(std::string_view text);
[[nodiscard]] bool is_base64(std::string_view text);

} // namespace concord::core
