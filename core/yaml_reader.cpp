// YAML reading: yaml-cpp events -> nlohmann::json with the YAML 1.2 core schema.
#include "core/text_readers.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <vector>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace concord::core::detail {

namespace {

constexpr std::string_view k_tag_prefix = "tag:yaml.org,2002:";

bool is_digits(std::string_view s, bool (*pred)(char)) {
  if (s.empty()) {
    return false;
  }
  for (const char c : s) {
    if (!pred(c)) {
      return false;
    }
  }
  return true;
}

bool is_dec(char c) {
  return c >= '0' && c <= '9';
}
bool is_oct(char c) {
  return c >= '0' && c <= '7';
}
bool is_hex(char c) {
  return is_dec(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::optional<nlohmann::json> to_core_int(std::string_view s) {
  int base = 10;
  bool negative = false;
  std::string_view digits = s;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
    base = s[1] == 'x' ? 16 : 8;
    digits = s.substr(2);
    if (!is_digits(digits, base == 16 ? is_hex : is_oct)) {
      return std::nullopt;
    }
  } else {
    if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
      negative = digits[0] == '-';
      digits.remove_prefix(1);
    }
    if (!is_digits(digits, is_dec)) {
      return std::nullopt;
    }
  }
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    double approx = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), approx);
    return nlohmann::json(negative ? -approx : approx);
  }
  if (!negative) {
    return nlohmann::json(value);
  }
  if (value <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1) {
    return nlohmann::json(static_cast<std::int64_t>(0 - value));
  }
  return nlohmann::json(-static_cast<double>(value));
}

// [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
bool is_core_float(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
    ++i;
  }
  std::size_t int_digits = 0;
  while (i < s.size() && is_dec(s[i])) {
    ++i;
    ++int_digits;
  }
  std::size_t frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_dec(s[i])) {
      ++i;
      ++frac_digits;
    }
  }
  if (int_digits == 0 && frac_digits == 0) {
    return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
      ++i;
    }
    if (i >= s.size() || !is_dec(s[i])) {
      return false;
    }
    while (i < s.size() && is_dec(s[i])) {
      ++i;
    }
  }
  return i == s.size();
}

std::optional<nlohmann::json> to_core_float(std::string_view s) {
  std::string_view body = s;
  const bool negative = !body.empty() && body[0] == '-';
  if (!body.empty() && (body[0] == '-' || body[0] == '+')) {
    body.remove_prefix(1);
  }
  if (body == ".inf" || body == ".Inf" || body == ".INF") {
    const double inf = std::numeric_limits<double>::infinity();
    return nlohmann::json(negative ? -inf : inf);
  }
  if (s == ".nan" || s == ".NaN" || s == ".NAN") {
    return nlohmann::json(std::numeric_limits<double>::quiet_NaN());
  }
  if (!is_core_float(s)) {
    return std::nullopt;
  }
  std::string copy(body);
  if (!copy.empty() && copy[0] == '.') {
    copy.insert(copy.begin(), '0');
  }
  double value = 0;
  std::from_chars(copy.data(), copy.data() + copy.size(), value);
  return nlohmann::json(negative ? -value : value);
}

// YAML 1.2 core schema resolution of a plain (unquoted, untagged) scalar.
nlohmann::json resolve_plain_scalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") {
    return nullptr;
  }
  if (s == "true" || s == "True" || s == "TRUE") {
    return true;
  }
  if (s == "false" || s == "False" || s == "FALSE") {
    return false;
  }
  const char first = s[0];
  if (is_dec(first) || first == '-' || first == '+' || first == '.') {
    if (auto i = to_core_int(s)) {
      return std::move(*i);
    }
    if (auto f = to_core_float(s)) {
      return std::move(*f);
    }
  }
  return s;
}

nlohmann::json resolve_tagged_scalar(std::string_view tag, const std::string& s) {
  if (tag == "?") {
    return resolve_plain_scalar(s);
  }
  if (tag.substr(0, k_tag_prefix.size()) != k_tag_prefix) {
    return s; // "!" (quoted) and unknown local tags stay strings
  }
  const auto kind = tag.substr(k_tag_prefix.size());
  if (kind == "str" || kind == "binary" || kind == "timestamp") {
    return s;
  }
  nlohmann::json resolved = resolve_plain_scalar(s);
  const bool fits =
      (kind == "null" && resolved.is_null()) || (kind == "bool" && resolved.is_boolean()) ||
      (kind == "int" && resolved.is_number_integer()) || (kind == "float" && resolved.is_number());
  if (kind == "float" && resolved.is_number_integer()) {
    return resolved.get<double>();
  }
  return fits ? resolved : nlohmann::json(s);
}

void append_pointer_token(std::string& pointer, std::string_view token) {
  if (token.find_first_of("~/") == std::string_view::npos) {
    pointer.append(token);
    return;
  }
  pointer += escape_pointer_token(token);
}

struct DepthExceeded {
  YAML::Mark mark;
};

struct BuildFrame {
  nlohmann::json value;
  YAML::anchor_t anchor = 0;
  std::size_t pointer_length = 0;
  bool is_map = false;
  bool have_key = false;
  bool key_is_merge = false;
  std::string key;
};

class JsonBuilder final : public YAML::EventHandler {
public:
  JsonBuilder(Document& doc, int max_depth) : doc_(doc), max_depth_(max_depth) {}

  void OnDocumentStart(const YAML::Mark& /*mark*/) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    add_value(mark, nullptr, anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = anchors_.find(anchor);
    add_value(mark, it == anchors_.end() ? nlohmann::json() : it->second, 0);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override;
  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value /*style*/) override {
    open(mark, anchor, false);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value /*style*/) override {
    open(mark, anchor, true);
  }
  void OnMapEnd() override { close(); }

  [[nodiscard]] bool has_root() const { return have_root_; }

private:
  void open(const YAML::Mark& mark, YAML::anchor_t anchor, bool is_map);
  void close();
  bool take_key(const YAML::Mark& mark, const nlohmann::json& value);
  void add_value(const YAML::Mark& mark, nlohmann::json value, YAML::anchor_t anchor);
  void place(nlohmann::json value, YAML::anchor_t anchor);
  void record(const YAML::Mark& mark);

  Document& doc_;
  int max_depth_;
  std::vector<BuildFrame> stack_;
  std::map<YAML::anchor_t, nlohmann::json> anchors_;
  std::string pointer_;
  bool have_root_ = false;
};

void JsonBuilder::OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                           const std::string& text) {
  // The bytes yaml-cpp gets wrong (see repair_escaped_bytes) are 0x85 and 0xA0; most scalars
  // have neither and skip the repair.
  const bool suspect = text.find_first_of("\x85\xA0") != std::string::npos;
  const std::string repaired = suspect ? detail::repair_escaped_bytes(text) : std::string();
  const std::string& value = suspect ? repaired : text;
  if (!stack_.empty() && stack_.back().is_map && !stack_.back().have_key) {
    take_key(mark, nlohmann::json(value));
    stack_.back().key_is_merge = tag == "?" && value == "<<";
    return;
  }
  add_value(mark, resolve_tagged_scalar(tag, value), anchor);
}

// Map keys: scalars by their text; collections as compact JSON text.
bool JsonBuilder::take_key(const YAML::Mark& /*mark*/, const nlohmann::json& value) {
  BuildFrame& top = stack_.back();
  top.key = value.is_string() ? value.get<std::string>() : value.dump();
  top.have_key = true;
  top.key_is_merge = false;
  return true;
}

void JsonBuilder::record(const YAML::Mark& mark) {
  pointer_.resize(stack_.empty() ? 0 : stack_.back().pointer_length);
  if (!stack_.empty()) {
    pointer_.push_back('/');
    const BuildFrame& top = stack_.back();
    if (top.is_map) {
      append_pointer_token(pointer_, top.key);
    } else {
      pointer_ += std::to_string(top.value.size());
    }
  }
  doc_.positions.emplace(pointer_, TextPosition{mark.line + 1, mark.column + 1});
}

void JsonBuilder::add_value(const YAML::Mark& mark, nlohmann::json value, YAML::anchor_t anchor) {
  if (!stack_.empty() && stack_.back().is_map && !stack_.back().have_key) {
    take_key(mark, value); // null or alias used as a key
    return;
  }
  record(mark);
  place(std::move(value), anchor);
}

void JsonBuilder::place(nlohmann::json value, YAML::anchor_t anchor) {
  if (anchor != 0) {
    anchors_[anchor] = value;
  }
  if (stack_.empty()) {
    doc_.root = std::move(value);
    have_root_ = true;
    return;
  }
  BuildFrame& top = stack_.back();
  if (!top.is_map) {
    top.value.push_back(std::move(value));
    return;
  }
  top.have_key = false;
  if (top.key_is_merge && (value.is_object() || value.is_array())) {
    const auto merge_one = [&top](const nlohmann::json& source) {
      if (!source.is_object()) {
        return;
      }
      for (const auto& [k, v] : source.items()) {
        top.value.emplace(k, v); // existing keys win
      }
    };
    if (value.is_object()) {
      merge_one(value);
    } else {
      for (const auto& item : value) {
        merge_one(item);
      }
    }
    return;
  }
  top.value[top.key] = std::move(value);
}

void JsonBuilder::open(const YAML::Mark& mark, YAML::anchor_t anchor, bool is_map) {
  if (static_cast<int>(stack_.size()) >= max_depth_) {
    throw DepthExceeded{mark};
  }
  const bool as_key = !stack_.empty() && stack_.back().is_map && !stack_.back().have_key;
  if (!as_key) {
    record(mark); // a collection used as a key becomes the key's text on close
  }
  BuildFrame frame;
  frame.value = is_map ? nlohmann::json::object() : nlohmann::json::array();
  frame.anchor = anchor;
  frame.pointer_length = pointer_.size();
  frame.is_map = is_map;
  stack_.push_back(std::move(frame));
}

void JsonBuilder::close() {
  BuildFrame frame = std::move(stack_.back());
  stack_.pop_back();
  if (!stack_.empty() && stack_.back().is_map && !stack_.back().have_key) {
    take_key(YAML::Mark(), frame.value);
    return;
  }
  place(std::move(frame.value), frame.anchor);
}

std::string yaml_error_message(const YAML::Exception& e) {
  return e.msg.empty() ? std::string("invalid YAML") : "invalid YAML: " + e.msg;
}

} // namespace

Result<Document> parse_yaml_text(std::string_view text, std::string uri,
                                 const ParseLimits& limits) {
  Document doc;
  doc.uri = std::move(uri);
  doc.positions.reserve(text.size() / 32);
  std::istringstream stream{std::string(text)};
  JsonBuilder builder(doc, limits.max_depth);
  try {
    YAML::Parser parser(stream);
    parser.HandleNextDocument(builder);
  } catch (const DepthExceeded& e) {
    return fail(ErrorCode::spec_too_large,
                "nesting deeper than " + std::to_string(limits.max_depth) + " levels",
                format_location(doc.uri, TextPosition{e.mark.line + 1, e.mark.column + 1}));
  } catch (const YAML::Exception& e) {
    const bool deep = dynamic_cast<const YAML::DeepRecursion*>(&e) != nullptr;
    return fail(deep ? ErrorCode::spec_too_large : ErrorCode::spec_parse, yaml_error_message(e),
                e.mark.is_null()
                    ? doc.uri
                    : format_location(doc.uri, TextPosition{e.mark.line + 1, e.mark.column + 1}));
  } catch (const std::exception& e) {
    return fail(ErrorCode::spec_parse, std::string("invalid YAML: ") + e.what(), doc.uri);
  }
  if (!builder.has_root()) {
    doc.root = nullptr;
  }
  return doc;
}

} // namespace concord::core::detail
