#include "mock/http_wire.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace concord::mock {
namespace {

// A field value may hold visible characters, SP, HTAB and obs-text, nothing else.
bool is_field_value(std::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 32 && c != '\t') || u == 127;
  });
}

// The next line of `bytes` from `pos` (without its CRLF or LF); npos when none is complete.
std::size_t line_end(std::string_view bytes, std::size_t pos, std::string_view& line) {
  const std::size_t lf = bytes.find('\n', pos);
  if (lf == std::string_view::npos) {
    return std::string_view::npos;
  }
  std::size_t end = lf;
  if (end > pos && bytes[end - 1] == '\r') {
    --end;
  }
  line = bytes.substr(pos, end - pos);
  return lf + 1;
}

// RFC 9112 3.2: origin-form ("/path?query") as it is; absolute-form ("http://host/path", which
// a server must accept) as the origin-form it names; "*" for OPTIONS only. Anything else
// (a target such as "?x" or "path") is not a request target.
std::optional<std::string> to_origin_form(std::string_view method, std::string_view target) {
  if (target.front() == '/') {
    return std::string(target);
  }
  if (target == "*") {
    return method == "OPTIONS" ? std::optional<std::string>("*") : std::nullopt;
  }
  for (const std::string_view scheme :
       {std::string_view("http://"), std::string_view("https://")}) {
    if (target.size() > scheme.size() && core::iequals(target.substr(0, scheme.size()), scheme)) {
      const std::string_view rest = target.substr(scheme.size());
      const std::size_t path = rest.find_first_of("/?");
      if (path == 0) {
        return std::nullopt; // no authority
      }
      const std::string_view origin = path == std::string_view::npos ? "" : rest.substr(path);
      return origin.empty() || origin.front() == '?' ? "/" + std::string(origin)
                                                     : std::string(origin);
    }
  }
  return std::nullopt;
}

HeadParse refuse(int status, std::string message) {
  HeadParse out;
  out.state = ParseState::refused;
  out.status = status;
  out.message = std::move(message);
  return out;
}

// The request line: METHOD SP target SP HTTP/1.x.
bool parse_request_line(std::string_view line, const HeadLimits& limits, HeadParse& out) {
  const std::size_t first = line.find(' ');
  const std::size_t last = line.rfind(' ');
  if (first == std::string_view::npos || first == last) {
    out = refuse(400, "the request line is not METHOD TARGET HTTP-VERSION");
    return false;
  }
  const std::string_view method = line.substr(0, first);
  const std::string_view target = line.substr(first + 1, last - first - 1);
  const std::string_view version = line.substr(last + 1);
  if (target.size() > limits.max_target_bytes) {
    out = refuse(414, "the request target is longer than " +
                          std::to_string(limits.max_target_bytes) + " bytes");
    return false;
  }
  if (!core::is_token(method)) {
    out = refuse(400, "the request method is not a token");
    return false;
  }
  if (target.empty() || std::any_of(target.begin(), target.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u <= 32 || u == 127;
      })) {
    out = refuse(400, "the request target is empty or holds white space or control characters");
    return false;
  }
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' ||
      version[5] < '0' || version[5] > '9' || version[7] < '0' || version[7] > '9') {
    out = refuse(400, "the request line does not end in an HTTP version");
    return false;
  }
  if (version[5] != '1') {
    out = refuse(505, "only HTTP/1.x is served here");
    return false;
  }
  auto normal = to_origin_form(method, target);
  if (!normal) {
    out =
        refuse(400, "the request target is not a path, an absolute http(s) URI, or * for OPTIONS");
    return false;
  }
  out.head.method = method;
  out.head.target = std::move(*normal);
  out.head.minor_version = version[7] - '0';
  out.head.keep_alive = out.head.minor_version >= 1;
  return true;
}

// What the fields say about framing and the connection.
bool read_fields(HeadParse& out) {
  RequestHead& head = out.head;
  bool has_transfer_encoding = false;
  bool saw_close = false;
  bool saw_keep_alive = false;
  for (const auto& [name, value] : head.headers) {
    if (core::iequals(name, "Content-Length")) {
      // A list of equal values ("5, 5") is one length (RFC 9110 8.6); anything else is not.
      for (const auto member : core::split_field_list(value)) {
        const auto length = core::parse_decimal(member);
        if (!length || (head.content_length && *head.content_length != *length)) {
          out = refuse(400, "the Content-Length field is not one decimal length");
          return false;
        }
        head.content_length = length;
      }
      if (!head.content_length) {
        out = refuse(400, "the Content-Length field is not one decimal length");
        return false;
      }
    } else if (core::iequals(name, "Transfer-Encoding")) {
      if (has_transfer_encoding) { // chunked twice, or a coding after chunked
        out = refuse(400, "the request has more than one Transfer-Encoding field");
        return false;
      }
      has_transfer_encoding = true;
      const auto codings = core::split_field_list(value);
      head.chunked = !codings.empty() && core::iequals(codings.back(), "chunked");
      const bool only_chunked = codings.size() == 1 && head.chunked;
      if (!only_chunked) {
        out = refuse(501, "the transfer coding " + std::string(value) +
                              " is not supported (chunked only)");
        return false;
      }
    } else if (core::iequals(name, "Connection")) {
      saw_close = saw_close || core::has_list_member(value, "close");
      saw_keep_alive = saw_keep_alive || core::has_list_member(value, "keep-alive");
    } else if (core::iequals(name, "Expect")) {
      // An HTTP/1.0 client does not know 100 Continue (RFC 9110 10.1.1): it is ignored.
      head.expect_continue =
          head.minor_version >= 1 && core::iequals(core::trim_ows(value), "100-continue");
    }
  }
  if (has_transfer_encoding && head.content_length) {
    out = refuse(400, "the request has both Transfer-Encoding and Content-Length");
    return false;
  }
  // HTTP/1.0 with Transfer-Encoding: the framing may be faulty, so the connection closes after
  // the answer (RFC 9112 6.1).
  if (saw_close || (has_transfer_encoding && head.minor_version == 0)) {
    head.keep_alive = false;
  } else if (head.minor_version == 0) {
    head.keep_alive = saw_keep_alive;
  }
  return true;
}

} // namespace

HeadParse parse_request_head(std::string_view bytes, const HeadLimits& limits) {
  HeadParse out;
  std::size_t pos = 0;
  // Empty lines before the request line are skipped (RFC 9112 2.2), within the head's limit.
  while (pos < bytes.size() && pos < limits.max_head_bytes &&
         (bytes[pos] == '\r' || bytes[pos] == '\n')) {
    ++pos;
  }
  const auto too_large = [&limits] {
    return refuse(431, "the request head is larger than " + std::to_string(limits.max_head_bytes) +
                           " bytes");
  };
  std::string_view line;
  std::size_t next = line_end(bytes, pos, line);
  if (next == std::string_view::npos) {
    // The request line alone can already be known too long.
    const std::string_view partial = bytes.substr(pos);
    const std::size_t space = partial.find(' ');
    if (space != std::string_view::npos &&
        partial.size() - space - 1 > limits.max_target_bytes + 10) { // + " HTTP/1.1\r"
      return refuse(414, "the request target is longer than " +
                             std::to_string(limits.max_target_bytes) + " bytes");
    }
    return bytes.size() > limits.max_head_bytes ? too_large() : out;
  }
  if (!parse_request_line(line, limits, out)) {
    return out;
  }
  for (;;) {
    pos = next;
    next = line_end(bytes, pos, line);
    if (next == std::string_view::npos) {
      return bytes.size() > limits.max_head_bytes ? too_large() : HeadParse{};
    }
    if (next > limits.max_head_bytes) {
      return too_large();
    }
    if (line.empty()) {
      break;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      return refuse(400, "obsolete line folding in the header section");
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || !core::is_token(line.substr(0, colon))) {
      return refuse(400, "a header line is not NAME: VALUE");
    }
    const std::string_view value = core::trim_ows(line.substr(colon + 1));
    if (!is_field_value(value)) {
      return refuse(400, "the value of " + std::string(line.substr(0, colon)) +
                             " holds control characters");
    }
    if (out.head.headers.size() >= limits.max_fields) {
      return refuse(431, "the request has more than " + std::to_string(limits.max_fields) +
                             " header fields");
    }
    out.head.headers.emplace_back(line.substr(0, colon), value);
  }
  if (!read_fields(out)) {
    return out;
  }
  out.state = ParseState::complete;
  out.consumed = next;
  return out;
}

ChunkedDecoder::Step ChunkedDecoder::decode(std::string_view bytes, std::size_t& pos,
                                            std::string& body, std::size_t limit) {
  constexpr std::size_t k_max_line = 1024;
  // Framing may not cost much more than the data it frames: one-byte chunks with long
  // extensions, or endless trailer lines, would hold the connection within the body limit.
  const std::size_t max_wire = limit * 2 + std::size_t{64} * 1024;
  const std::size_t from = pos;
  const auto over_wire = [&] {
    wire_ += pos - from;
    return wire_ > max_wire;
  };
  for (;;) {
    if (phase_ == Phase::data) {
      const std::size_t take = std::min(left_, bytes.size() - pos);
      body.append(bytes.substr(pos, take));
      pos += take;
      left_ -= take;
      if (left_ > 0) {
        return over_wire() ? Step::too_large : Step::more;
      }
      phase_ = Phase::data_end;
      continue;
    }
    std::string_view line;
    const std::size_t next = line_end(bytes, pos, line);
    // A line may not pass k_max_line, whether it is complete or still arriving (its CR may be
    // there already).
    const bool too_long = next == std::string_view::npos ? bytes.size() - pos > k_max_line + 1
                                                         : line.size() > k_max_line;
    if (too_long) {
      message_ = "a chunk size or trailer line is longer than 1024 bytes";
      return Step::refused;
    }
    if (next == std::string_view::npos) {
      return over_wire() ? Step::too_large : Step::more;
    }
    switch (phase_) {
    case Phase::size_line: {
      const auto parsed = core::parse_chunk_size(line);
      if (!parsed) {
        message_ = "a chunk size is not a hexadecimal number";
        return Step::refused;
      }
      const std::size_t size = *parsed;
      pos = next;
      if (size == 0) {
        phase_ = Phase::trailer;
      } else if (size > limit || body.size() > limit - size) {
        return Step::too_large;
      } else {
        left_ = size;
        phase_ = Phase::data;
      }
      break;
    }
    case Phase::data_end:
      if (!line.empty()) {
        message_ = "a chunk's data does not end where its size says";
        return Step::refused;
      }
      pos = next;
      phase_ = Phase::size_line;
      break;
    case Phase::trailer:
      pos = next;
      if (line.empty()) {
        phase_ = Phase::size_line;
        return Step::done;
      }
      break;
    case Phase::data:
      break;
    }
  }
}

std::string_view reason_phrase(int status) {
  switch (status) {
  case 100:
    return "Continue";
  case 200:
    return "OK";
  case 201:
    return "Created";
  case 202:
    return "Accepted";
  case 203:
    return "Non-Authoritative Information";
  case 204:
    return "No Content";
  case 206:
    return "Partial Content";
  case 301:
    return "Moved Permanently";
  case 302:
    return "Found";
  case 303:
    return "See Other";
  case 304:
    return "Not Modified";
  case 307:
    return "Temporary Redirect";
  case 308:
    return "Permanent Redirect";
  case 400:
    return "Bad Request";
  case 401:
    return "Unauthorized";
  case 403:
    return "Forbidden";
  case 404:
    return "Not Found";
  case 405:
    return "Method Not Allowed";
  case 406:
    return "Not Acceptable";
  case 408:
    return "Request Timeout";
  case 409:
    return "Conflict";
  case 410:
    return "Gone";
  case 412:
    return "Precondition Failed";
  case 413:
    return "Content Too Large";
  case 414:
    return "URI Too Long";
  case 415:
    return "Unsupported Media Type";
  case 422:
    return "Unprocessable Content";
  case 428:
    return "Precondition Required";
  case 429:
    return "Too Many Requests";
  case 431:
    return "Request Header Fields Too Large";
  case 500:
    return "Internal Server Error";
  case 501:
    return "Not Implemented";
  case 502:
    return "Bad Gateway";
  case 503:
    return "Service Unavailable";
  case 504:
    return "Gateway Timeout";
  case 505:
    return "HTTP Version Not Supported";
  default:
    return "";
  }
}

void serialize_response(const core::Response& response, bool keep_alive, bool http10_keep_alive,
                        bool body, std::string& out) {
  const int status = response.status;
  const bool bodiless = (status >= 100 && status < 200) || status == 204 || status == 304;
  out.reserve(out.size() + 128 + response.body.size());
  out.append("HTTP/1.1 ").append(std::to_string(status)).append(" ");
  out.append(reason_phrase(status)).append("\r\n");
  for (const auto& [name, value] : response.headers) {
    if (core::iequals(name, "Content-Length") || core::iequals(name, "Transfer-Encoding") ||
        core::iequals(name, "Connection") || !core::is_token(name) ||
        value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      continue;
    }
    out.append(name).append(": ").append(value).append("\r\n");
  }
  if (!bodiless) {
    out.append("Content-Length: ").append(std::to_string(response.body.size())).append("\r\n");
  }
  if (!keep_alive) {
    out.append("Connection: close\r\n");
  } else if (http10_keep_alive) {
    out.append("Connection: keep-alive\r\n");
  }
  out.append("\r\n");
  if (body && !bodiless) {
    out.append(response.body);
  }
}

} // namespace concord::mock
