#include "core/formats.hpp"

#include "core/schema.hpp"

#include <array>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

namespace concord::core {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Parses exactly `count` digits at text[pos]; -1 when they are not all digits.
int parse_digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) {
    return -1;
  }
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!is_digit(text[i])) {
      return -1;
    }
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  constexpr std::array<int, 12> k_days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) {
    return 29;
  }
  return k_days[static_cast<std::size_t>(month - 1)];
}

// "Z" or "+hh:mm"/"-hh:mm"; returns the offset in minutes east of UTC, or nullopt-like flag.
bool parse_offset(std::string_view text, int& minutes) {
  if (text.size() == 1 && (text[0] == 'Z' || text[0] == 'z')) {
    minutes = 0;
    return true;
  }
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') {
    return false;
  }
  const int hours = parse_digits(text, 1, 2);
  const int mins = parse_digits(text, 4, 2);
  if (hours < 0 || hours > 23 || mins < 0 || mins > 59) {
    return false;
  }
  minutes = (hours * 60 + mins) * (text[0] == '-' ? -1 : 1);
  return true;
}

// A leap second is only valid at 23:59:60 UTC.
bool is_valid_leap_second(int hour, int minute, int offset_minutes) {
  int utc = hour * 60 + minute - offset_minutes;
  utc = ((utc % 1440) + 1440) % 1440;
  return utc == 23 * 60 + 59;
}

bool is_label(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
    return false;
  }
  for (const char c : label) {
    if (!is_alpha(c) && !is_digit(c) && c != '-') {
      return false;
    }
  }
  return true;
}

bool is_atext(char c) {
  static constexpr std::string_view k_specials = "!#$%&'*+-/=?^_`{|}~";
  return is_alpha(c) || is_digit(c) || k_specials.find(c) != std::string_view::npos ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool is_email_local(std::string_view local) {
  if (local.size() >= 2 && local.front() == '"' && local.back() == '"') {
    return true;
  }
  if (local.empty() || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos) {
    return false;
  }
  for (const char c : local) {
    if (c != '.' && !is_atext(c)) {
      return false;
    }
  }
  return true;
}

bool is_email_domain(std::string_view domain) {
  if (domain.size() >= 2 && domain.front() == '[' && domain.back() == ']') {
    const std::string_view literal = domain.substr(1, domain.size() - 2);
    if (literal.substr(0, 5) == "IPv6:") {
      return is_ipv6(literal.substr(5));
    }
    return is_ipv4(literal);
  }
  return is_hostname(domain);
}

bool is_uri_char(char c) {
  static constexpr std::string_view k_allowed = "-._~:/?#[]@!$&'()*+,;=";
  return is_alpha(c) || is_digit(c) || k_allowed.find(c) != std::string_view::npos ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool has_valid_percent_escapes(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%') {
      if (i + 2 >= text.size() || !is_hex(text[i + 1]) || !is_hex(text[i + 2])) {
        return false;
      }
      i += 2;
    } else if (!is_uri_char(text[i])) {
      return false;
    }
  }
  return true;
}

bool is_uri_authority(std::string_view authority) {
  const std::size_t at = authority.rfind('@');
  std::string_view host_port = at == std::string_view::npos ? authority : authority.substr(at + 1);
  if (!host_port.empty() && host_port.front() == '[') {
    const std::size_t close = host_port.find(']');
    if (close == std::string_view::npos) {
      return false;
    }
    host_port = host_port.substr(close + 1);
    if (host_port.empty()) {
      return true;
    }
    if (host_port.front() != ':') {
      return false;
    }
    host_port = host_port.substr(1);
  } else {
    const std::size_t colon = host_port.rfind(':');
    if (colon == std::string_view::npos) {
      return host_port.find_first_of("[]") == std::string_view::npos;
    }
    host_port = host_port.substr(colon + 1);
  }
  for (const char c : host_port) {
    if (!is_digit(c)) {
      return false;
    }
  }
  return true;
}

bool is_ipv6_group(std::string_view group) {
  if (group.empty() || group.size() > 4) {
    return false;
  }
  for (const char c : group) {
    if (!is_hex(c)) {
      return false;
    }
  }
  return true;
}

// Counts the 16-bit groups in a "::"-free run like "1:2:3" or "1:2:1.2.3.4"; -1 if invalid.
int count_ipv6_groups(std::string_view run, bool allow_ipv4_tail) {
  if (run.empty()) {
    return 0;
  }
  int groups = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t colon = run.find(':', start);
    const std::string_view group =
        run.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
    if (colon == std::string_view::npos) {
      if (allow_ipv4_tail && group.find('.') != std::string_view::npos) {
        return is_ipv4(group) ? groups + 2 : -1;
      }
      return is_ipv6_group(group) ? groups + 1 : -1;
    }
    if (!is_ipv6_group(group)) {
      return -1;
    }
    ++groups;
    start = colon + 1;
  }
}

bool is_integral_number(const nlohmann::json& value, double& as_double) {
  as_double = value.get<double>();
  return value.is_number_integer() || std::floor(as_double) == as_double;
}

bool is_valid_integer_format(const nlohmann::json& value, bool is_32) {
  if (!value.is_number()) {
    return true;
  }
  if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    return is_32 ? u <= static_cast<std::uint64_t>(std::numeric_limits<std::int32_t>::max())
                 : u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  }
  if (value.is_number_integer()) {
    const auto i = value.get<std::int64_t>();
    return !is_32 || (i >= std::numeric_limits<std::int32_t>::min() &&
                      i <= std::numeric_limits<std::int32_t>::max());
  }
  double d = 0;
  if (!is_integral_number(value, d)) {
    return false;
  }
  return is_32 ? (d >= -2147483648.0 && d <= 2147483647.0)
               : (d >= -9223372036854775808.0 && d < 9223372036854775808.0);
}

bool is_valid_string_format(FormatKind kind, std::string_view text) {
  switch (kind) {
  case FormatKind::date_time:
    return is_date_time(text);
  case FormatKind::date:
    return is_date(text);
  case FormatKind::time:
    return is_time(text);
  case FormatKind::email:
    return is_email(text);
  case FormatKind::uuid:
    return is_uuid(text);
  case FormatKind::uri:
    return is_uri(text);
  case FormatKind::ipv4:
    return is_ipv4(text);
  case FormatKind::ipv6:
    return is_ipv6(text);
  case FormatKind::hostname:
    return is_hostname(text);
  case FormatKind::byte:
    return is_base64(text);
  default:
    return true;
  }
}

} // namespace

FormatKind to_format_kind(std::string_view format) noexcept {
  static constexpr std::array<std::pair<std::string_view, FormatKind>, 14> k_formats = {{
      {"date-time", FormatKind::date_time},
      {"date", FormatKind::date},
      {"time", FormatKind::time},
      {"email", FormatKind::email},
      {"uuid", FormatKind::uuid},
      {"uri", FormatKind::uri},
      {"ipv4", FormatKind::ipv4},
      {"ipv6", FormatKind::ipv6},
      {"hostname", FormatKind::hostname},
      {"byte", FormatKind::byte},
      {"int32", FormatKind::int32},
      {"int64", FormatKind::int64},
      {"float", FormatKind::float_},
      {"double", FormatKind::double_},
  }};
  for (const auto& [name, kind] : k_formats) {
    if (name == format) {
      return kind;
    }
  }
  return FormatKind::unknown;
}

bool is_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return false;
  }
  const int year = parse_digits(text, 0, 4);
  const int month = parse_digits(text, 5, 2);
  const int day = parse_digits(text, 8, 2);
  return year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

bool is_time(std::string_view text) {
  if (text.size() < 9 || text[2] != ':' || text[5] != ':') {
    return false;
  }
  const int hour = parse_digits(text, 0, 2);
  const int minute = parse_digits(text, 3, 2);
  const int second = parse_digits(text, 6, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return false;
  }
  std::size_t pos = 8;
  if (text[pos] == '.') {
    const std::size_t start = ++pos;
    while (pos < text.size() && is_digit(text[pos])) {
      ++pos;
    }
    if (pos == start) {
      return false;
    }
  }
  int offset = 0;
  if (!parse_offset(text.substr(pos), offset)) {
    return false;
  }
  return second != 60 || is_valid_leap_second(hour, minute, offset);
}

bool is_date_time(std::string_view text) {
  if (text.size() < 20 || (text[10] != 'T' && text[10] != 't')) {
    return false;
  }
  return is_date(text.substr(0, 10)) && is_time(text.substr(11));
}

bool is_email(std::string_view text) {
  const std::size_t at = text.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= text.size()) {
    return false;
  }
  return is_email_local(text.substr(0, at)) && is_email_domain(text.substr(at + 1));
}

bool is_uuid(std::string_view text) {
  if (text.size() != 36) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_position ? text[i] != '-' : !is_hex(text[i])) {
      return false;
    }
  }
  return true;
}

bool is_uri(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || !is_alpha(text[0])) {
    return false;
  }
  for (std::size_t i = 1; i < colon; ++i) {
    const char c = text[i];
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  const std::string_view rest = text.substr(colon + 1);
  if (!has_valid_percent_escapes(rest)) {
    return false;
  }
  if (rest.substr(0, 2) == "//") {
    const std::string_view after = rest.substr(2);
    return is_uri_authority(after.substr(0, after.find_first_of("/?#")));
  }
  return true;
}

bool is_ipv4(std::string_view text) {
  int parts = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t dot = text.find('.', start);
    const std::string_view part =
        text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) {
      return false;
    }
    const int value = parse_digits(part, 0, part.size());
    if (value < 0 || value > 255) {
      return false;
    }
    ++parts;
    if (dot == std::string_view::npos) {
      break;
    }
    start = dot + 1;
  }
  return parts == 4;
}

bool is_ipv6(std::string_view text) {
  const std::size_t gap = text.find("::");
  if (gap == std::string_view::npos) {
    return count_ipv6_groups(text, true) == 8;
  }
  if (text.find("::", gap + 1) != std::string_view::npos) {
    return false;
  }
  const std::string_view head = text.substr(0, gap);
  const std::string_view tail = text.substr(gap + 2);
  const int head_groups = count_ipv6_groups(head, false);
  const int tail_groups = count_ipv6_groups(tail, true);
  if (head_groups < 0 || tail_groups < 0) {
    return false;
  }
  return head_groups + tail_groups <= 7;
}

bool is_hostname(std::string_view text) {
  if (text.empty() || text.size() > 253) {
    return false;
  }
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = text.find('.', start);
    const std::string_view label =
        text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!is_label(label)) {
      return false;
    }
    if (dot == std::string_view::npos) {
      return true;
    }
    start = dot + 1;
  }
}

bool is_base64(std::string_view text) {
  if (text.size() % 4 != 0) {
    return false;
  }
  std::size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') {
    ++padding;
  }
  for (std::size_t i = 0; i + padding < text.size(); ++i) {
    const char c = text[i];
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '/') {
      return false;
    }
  }
  return true;
}

bool is_valid_format(FormatKind kind, const nlohmann::json& value) {
  switch (kind) {
  case FormatKind::unknown:
    return true;
  case FormatKind::int32:
    return is_valid_integer_format(value, true);
  case FormatKind::int64:
    return is_valid_integer_format(value, false);
  case FormatKind::float_:
    return !value.is_number() || std::fabs(value.get<double>()) <= FLT_MAX;
  case FormatKind::double_:
    return !value.is_number() || std::isfinite(value.get<double>());
  default:
    break;
  }
  if (!value.is_string()) {
    return true;
  }
  return is_valid_string_format(kind, value.get_ref<const std::string&>());
}

bool is_valid_format(std::string_view format, const nlohmann::json& value) {
  return is_valid_format(to_format_kind(format), value);
}

} // namespace concord::core
