// JSON reading: a cheap structural scan (depth limit + value positions), then nlohmann.
#include "core/text_readers.hpp"

#include <algorithm>
#include <vector>

namespace concord::core::detail {

namespace {

struct ScanFrame {
  bool is_object = false;
  std::size_t index = 0;
  std::size_t pointer_length = 0; // length of the container's own pointer
};

enum class ScanOutcome { ok, malformed, too_deep };

void append_utf8(std::string& out, unsigned code) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

unsigned parse_hex4(std::string_view text) {
  unsigned value = 0;
  for (const char c : text.substr(0, 4)) {
    value <<= 4U;
    if (c >= '0' && c <= '9') {
      value |= static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      value |= static_cast<unsigned>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      value |= static_cast<unsigned>(c - 'A' + 10);
    }
  }
  return value;
}

// Decodes the body of a JSON string (between the quotes) that contains escapes.
std::string decode_json_string(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 >= body.size()) {
      out.push_back(body[i]);
      continue;
    }
    const char e = body[++i];
    switch (e) {
    case 'n':
      out.push_back('\n');
      break;
    case 't':
      out.push_back('\t');
      break;
    case 'r':
      out.push_back('\r');
      break;
    case 'b':
      out.push_back('\b');
      break;
    case 'f':
      out.push_back('\f');
      break;
    case 'u': {
      unsigned code = parse_hex4(body.substr(i + 1));
      i += 4;
      if (code >= 0xD800 && code < 0xDC00 && i + 6 < body.size() && body[i + 1] == '\\' &&
          body[i + 2] == 'u') {
        const unsigned low = parse_hex4(body.substr(i + 3));
        code = 0x10000 + ((code - 0xD800) << 10U) + (low - 0xDC00);
        i += 6;
      }
      append_utf8(out, code);
      break;
    }
    default:
      out.push_back(e);
      break;
    }
  }
  return out;
}

class JsonScanner {
public:
  JsonScanner(std::string_view text, Document& doc, int max_depth)
      : text_(text), doc_(doc), max_depth_(max_depth) {}

  ScanOutcome run();
  [[nodiscard]] TextPosition error_position() const { return error_pos_; }

private:
  [[nodiscard]] TextPosition here() const {
    return TextPosition{line_, static_cast<int>(pos_ - line_start_) + 1};
  }
  void skip_ws() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        line_start_ = pos_ + 1;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        return;
      }
      ++pos_;
    }
  }
  bool skip_string(std::string_view& body, bool& escaped);
  bool start_value();
  bool after_value(bool& done);
  bool read_key();

  std::string_view text_;
  Document& doc_;
  int max_depth_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::size_t line_start_ = 0;
  std::string pointer_;
  std::vector<ScanFrame> stack_;
  TextPosition error_pos_;
  bool too_deep_ = false;
};

bool JsonScanner::skip_string(std::string_view& body, bool& escaped) {
  const std::size_t begin = ++pos_;
  escaped = false;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == '"') {
      body = text_.substr(begin, pos_ - begin);
      ++pos_;
      return true;
    }
    if (c == '\\') {
      escaped = true;
      ++pos_;
    } else if (c == '\n') {
      return false;
    }
    ++pos_;
  }
  return false;
}

bool JsonScanner::start_value() {
  skip_ws();
  if (pos_ >= text_.size()) {
    return false;
  }
  doc_.positions.emplace(pointer_, here());
  const char c = text_[pos_];
  if (c == '{' || c == '[') {
    if (static_cast<int>(stack_.size()) >= max_depth_) {
      error_pos_ = here();
      too_deep_ = true;
      return false;
    }
    stack_.push_back(ScanFrame{c == '{', 0, pointer_.size()});
    ++pos_;
    return true;
  }
  if (c == '"') {
    std::string_view body;
    bool escaped = false;
    return skip_string(body, escaped);
  }
  const auto end = text_.find_first_of(",}] \t\r\n", pos_);
  pos_ = end == std::string_view::npos ? text_.size() : end;
  return true;
}

bool JsonScanner::read_key() {
  skip_ws();
  if (pos_ >= text_.size() || text_[pos_] != '"') {
    return false;
  }
  std::string_view body;
  bool escaped = false;
  if (!skip_string(body, escaped)) {
    return false;
  }
  skip_ws();
  if (pos_ >= text_.size() || text_[pos_] != ':') {
    return false;
  }
  ++pos_;
  pointer_.resize(stack_.back().pointer_length);
  pointer_.push_back('/');
  if (!escaped && body.find_first_of("~/") == std::string_view::npos) {
    pointer_.append(body);
  } else {
    pointer_ += escape_pointer_token(escaped ? decode_json_string(body) : std::string(body));
  }
  return true;
}

// After a value or an opening bracket: handles ',' '}' ']' and positions the next value.
bool JsonScanner::after_value(bool& done) {
  while (true) {
    skip_ws();
    if (stack_.empty()) {
      done = true;
      return true;
    }
    if (pos_ >= text_.size()) {
      return false;
    }
    ScanFrame& top = stack_.back();
    const char c = text_[pos_];
    if (c != (top.is_object ? '}' : ']')) {
      break;
    }
    ++pos_;
    pointer_.resize(top.pointer_length);
    stack_.pop_back();
  }
  ScanFrame& top = stack_.back();
  if (top.index > 0) {
    if (text_[pos_] != ',') {
      return false;
    }
    ++pos_;
  }
  ++top.index;
  if (top.is_object) {
    return read_key();
  }
  pointer_.resize(top.pointer_length);
  pointer_.push_back('/');
  pointer_ += std::to_string(top.index - 1);
  return true;
}

ScanOutcome JsonScanner::run() {
  bool done = false;
  while (!done) {
    if (!start_value()) {
      return too_deep_ ? ScanOutcome::too_deep : ScanOutcome::malformed;
    }
    // Opening brackets may close immediately ("{}"): after_value handles both cases.
    if (!after_value(done)) {
      return ScanOutcome::malformed;
    }
  }
  return ScanOutcome::ok;
}

} // namespace

TextPosition position_at(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const auto head = text.substr(0, offset);
  const int line = 1 + static_cast<int>(std::count(head.begin(), head.end(), '\n'));
  const auto last_newline = head.rfind('\n');
  const std::size_t line_start = last_newline == std::string_view::npos ? 0 : last_newline + 1;
  return TextPosition{line, static_cast<int>(offset - line_start) + 1};
}

std::string format_location(std::string_view uri, TextPosition pos) {
  return std::string(uri) + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

Result<Document> parse_json_text(std::string_view text, std::string uri,
                                 const ParseLimits& limits) {
  Document doc;
  doc.uri = std::move(uri);
  doc.positions.reserve(text.size() / 48);
  JsonScanner scanner(text, doc, limits.max_depth);
  if (scanner.run() == ScanOutcome::too_deep) {
    return fail(ErrorCode::spec_too_large,
                "nesting deeper than " + std::to_string(limits.max_depth) + " levels",
                format_location(doc.uri, scanner.error_position()));
  }
  try {
    doc.root = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    std::string message = e.what();
    if (const auto colon = message.find(": "); colon != std::string::npos) {
      message = message.substr(colon + 2); // drop "[json.exception.parse_error.101] "
    }
    return fail(ErrorCode::spec_parse, "invalid JSON: " + message,
                format_location(doc.uri, position_at(text, offset)));
  } catch (const std::exception& e) {
    return fail(ErrorCode::spec_parse, std::string("invalid JSON: ") + e.what(), doc.uri);
  }
  return doc;
}

} // namespace concord::core::detail
