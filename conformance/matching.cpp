#include "conformance/matching.hpp"

#include "core/document.hpp"

#include <algorithm>
#include <cmath>

namespace concord::conformance {
namespace {

std::vector<std::string_view> split_pointer(std::string_view pointer) {
  std::vector<std::string_view> tokens;
  if (pointer.empty()) {
    return tokens;
  }
  std::size_t pos = 1;
  while (true) {
    const auto next = pointer.find('/', pos);
    tokens.push_back(pointer.substr(pos, next == std::string_view::npos ? next : next - pos));
    if (next == std::string_view::npos) {
      break;
    }
    pos = next + 1;
  }
  return tokens;
}

struct Matcher {
  const std::vector<std::string>& ignore;
  std::vector<Failure>& out;
  std::size_t limit;
  bool exact;

  bool is_full() const { return out.size() >= limit; }

  void add(const std::string& pointer, std::string message, std::string expected,
           std::string actual) {
    if (!is_full()) {
      out.push_back(
          {"example", std::move(message), pointer, std::move(expected), std::move(actual)});
    }
  }

  void match(const nlohmann::json& expected, const nlohmann::json& actual,
             const std::string& pointer) {
    if (is_full() || is_ignored_pointer(pointer, ignore)) {
      return;
    }
    if (!exact && expected.is_null()) {
      return; // null in an example stands for "any value" in shape mode
    }
    const std::string expected_kind = to_json_kind(expected);
    const std::string actual_kind = to_json_kind(actual);
    if (expected_kind != actual_kind) {
      add(pointer, "type differs from the example", expected_kind, actual_kind);
      return;
    }
    if (expected.is_object()) {
      match_object(expected, actual, pointer);
    } else if (expected.is_array()) {
      match_array(expected, actual, pointer);
    } else if (exact && !is_equal_scalar(expected, actual)) {
      add(pointer, "value differs from the example", to_short_text(expected),
          to_short_text(actual));
    }
  }

  static bool is_equal_scalar(const nlohmann::json& a, const nlohmann::json& b) {
    if (a.is_number() && b.is_number()) {
      if (a.is_number_float() || b.is_number_float()) {
        return a.get<double>() == b.get<double>();
      }
      if (a.is_number_unsigned() || b.is_number_unsigned()) {
        return a.dump() == b.dump();
      }
      return a.get<std::int64_t>() == b.get<std::int64_t>();
    }
    return a == b;
  }

  void match_object(const nlohmann::json& expected, const nlohmann::json& actual,
                    const std::string& pointer) {
    for (const auto& [key, value] : expected.items()) {
      const std::string child = pointer + "/" + core::escape_pointer_token(key);
      if (is_ignored_pointer(child, ignore)) {
        continue;
      }
      const auto it = actual.find(key);
      if (it == actual.end()) {
        if (!exact && value.is_null()) {
          continue;
        }
        add(child, "field of the example is missing", "present", "absent");
        continue;
      }
      match(value, *it, child);
    }
    if (!exact) {
      return;
    }
    for (const auto& [key, value] : actual.items()) {
      const std::string child = pointer + "/" + core::escape_pointer_token(key);
      if (!expected.contains(key) && !is_ignored_pointer(child, ignore)) {
        add(child, "field is not in the example", "absent", to_short_text(value));
      }
    }
  }

  void match_array(const nlohmann::json& expected, const nlohmann::json& actual,
                   const std::string& pointer) {
    if (exact) {
      if (expected.size() != actual.size()) {
        add(pointer, "array length differs from the example", std::to_string(expected.size()),
            std::to_string(actual.size()));
        return;
      }
      for (std::size_t i = 0; i < expected.size(); ++i) {
        match(expected[i], actual[i], pointer + "/" + std::to_string(i));
      }
      return;
    }
    if (expected.empty()) {
      return;
    }
    for (std::size_t i = 0; i < actual.size() && !is_full(); ++i) {
      match_any_item(expected, actual[i], pointer + "/" + std::to_string(i));
    }
  }

  // Shape mode: an item fits when it has the shape of any item of the example array.
  void match_any_item(const nlohmann::json& expected, const nlohmann::json& item,
                      const std::string& pointer) {
    for (const auto& candidate : expected) {
      std::vector<Failure> scratch;
      Matcher probe{ignore, scratch, 1, false};
      probe.match(candidate, item, pointer);
      if (scratch.empty()) {
        return;
      }
    }
    match(expected.front(), item, pointer);
  }
};

} // namespace

const char* to_string(MatchMode mode) noexcept {
  switch (mode) {
  case MatchMode::schema:
    return "schema";
  case MatchMode::shape:
    return "shape";
  case MatchMode::exact:
    return "exact";
  }
  return "shape";
}

bool parse_match_mode(std::string_view text, MatchMode& out) noexcept {
  if (text == "schema") {
    out = MatchMode::schema;
  } else if (text == "shape") {
    out = MatchMode::shape;
  } else if (text == "exact") {
    out = MatchMode::exact;
  } else {
    return false;
  }
  return true;
}

bool is_ignored_pointer(std::string_view pointer, const std::vector<std::string>& ignore) {
  if (ignore.empty()) {
    return false;
  }
  const auto tokens = split_pointer(pointer);
  for (const auto& pattern : ignore) {
    const auto want = split_pointer(pattern);
    if (want.size() > tokens.size()) {
      continue; // a pattern ignores its own subtree, never its parents
    }
    bool same = true;
    for (std::size_t i = 0; i < want.size() && same; ++i) {
      same = want[i] == "*" || want[i] == tokens[i];
    }
    if (same) {
      return true;
    }
  }
  return false;
}

void match_shape(const nlohmann::json& expected, const nlohmann::json& actual,
                 const std::vector<std::string>& ignore, std::vector<Failure>& out,
                 std::size_t limit) {
  Matcher matcher{ignore, out, out.size() + limit, false};
  matcher.match(expected, actual, "");
}

void match_exact(const nlohmann::json& expected, const nlohmann::json& actual,
                 const std::vector<std::string>& ignore, std::vector<Failure>& out,
                 std::size_t limit) {
  Matcher matcher{ignore, out, out.size() + limit, true};
  matcher.match(expected, actual, "");
}

const char* to_json_kind(const nlohmann::json& value) noexcept {
  switch (value.type()) {
  case nlohmann::json::value_t::object:
    return "object";
  case nlohmann::json::value_t::array:
    return "array";
  case nlohmann::json::value_t::string:
    return "string";
  case nlohmann::json::value_t::boolean:
    return "boolean";
  case nlohmann::json::value_t::number_integer:
  case nlohmann::json::value_t::number_unsigned:
  case nlohmann::json::value_t::number_float:
    return "number";
  case nlohmann::json::value_t::null:
  case nlohmann::json::value_t::discarded:
  case nlohmann::json::value_t::binary:
    return "null";
  }
  return "null";
}

std::string to_short_text(const nlohmann::json& value, std::size_t max) {
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > max) {
    text.resize(max);
    text += "...";
  }
  return text;
}

} // namespace concord::conformance
