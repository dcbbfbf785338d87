// RFC 3986 reference resolution for $id / $ref.
#include "core/schema_internal.hpp"

#include <string>
#include <string_view>
#include <utility>

namespace concord::core {
namespace {

struct UriParts {
  std::string_view scheme;
  std::string_view authority;
  std::string_view path;
  std::string_view query;
  std::string_view fragment;
  bool has_scheme = false;
  bool has_authority = false;
  bool has_query = false;
  bool has_fragment = false;
};

bool is_scheme_char(char c, bool first) {
  const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (first) {
    return alpha;
  }
  return alpha || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

std::size_t scheme_length(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ':') {
      return i;
    }
    if (!is_scheme_char(text[i], i == 0)) {
      return 0;
    }
  }
  return 0;
}

UriParts parse_uri(std::string_view text) {
  UriParts parts;
  if (const std::size_t hash = text.find('#'); hash != std::string_view::npos) {
    parts.fragment = text.substr(hash + 1);
    parts.has_fragment = true;
    text = text.substr(0, hash);
  }
  if (const std::size_t question = text.find('?'); question != std::string_view::npos) {
    parts.query = text.substr(question + 1);
    parts.has_query = true;
    text = text.substr(0, question);
  }
  if (const std::size_t length = scheme_length(text); length > 0) {
    parts.scheme = text.substr(0, length);
    parts.has_scheme = true;
    text = text.substr(length + 1);
  }
  if (text.substr(0, 2) == "//") {
    text = text.substr(2);
    const std::size_t slash = text.find('/');
    parts.authority = text.substr(0, slash);
    parts.has_authority = true;
    text = slash == std::string_view::npos ? std::string_view() : text.substr(slash);
  }
  parts.path = text;
  return parts;
}

void pop_last_segment(std::string& output) {
  const std::size_t slash = output.rfind('/');
  output.resize(slash == std::string::npos ? 0 : slash);
}

std::string remove_dot_segments(std::string_view input) {
  std::string output;
  while (!input.empty()) {
    if (input.substr(0, 3) == "../") {
      input.remove_prefix(3);
    } else if (input.substr(0, 2) == "./") {
      input.remove_prefix(2);
    } else if (input.substr(0, 3) == "/./") {
      input.remove_prefix(2);
    } else if (input == "/.") {
      input = "/";
    } else if (input.substr(0, 4) == "/../") {
      input.remove_prefix(3);
      pop_last_segment(output);
    } else if (input == "/..") {
      input = "/";
      pop_last_segment(output);
    } else if (input == "." || input == "..") {
      input = {};
    } else {
      const std::size_t next = input.find('/', 1);
      const std::string_view segment = input.substr(0, next);
      output += segment;
      input.remove_prefix(segment.size());
    }
  }
  return output;
}

std::string merge_paths(const UriParts& base, std::string_view reference_path) {
  if (base.has_authority && base.path.empty()) {
    return "/" + std::string(reference_path);
  }
  const std::size_t slash = base.path.rfind('/');
  if (slash == std::string_view::npos) {
    return std::string(reference_path);
  }
  return std::string(base.path.substr(0, slash + 1)) + std::string(reference_path);
}

std::string compose(const UriParts& parts, const std::string& path) {
  std::string out;
  if (parts.has_scheme) {
    out += parts.scheme;
    out += ':';
  }
  if (parts.has_authority) {
    out += "//";
    out += parts.authority;
  }
  out += path;
  if (parts.has_query) {
    out += '?';
    out += parts.query;
  }
  if (parts.has_fragment) {
    out += '#';
    out += parts.fragment;
  }
  return out;
}

} // namespace

std::string resolve_uri(std::string_view base, std::string_view reference) {
  const UriParts ref = parse_uri(reference);
  if (ref.has_scheme) {
    return compose(ref, remove_dot_segments(ref.path));
  }
  UriParts target = parse_uri(base);
  target.fragment = ref.fragment;
  target.has_fragment = ref.has_fragment;
  if (ref.has_authority) {
    target.authority = ref.authority;
    target.has_authority = true;
    target.query = ref.query;
    target.has_query = ref.has_query;
    return compose(target, remove_dot_segments(ref.path));
  }
  if (ref.path.empty()) {
    if (ref.has_query) {
      target.query = ref.query;
      target.has_query = true;
    }
    return compose(target, std::string(target.path));
  }
  target.query = ref.query;
  target.has_query = ref.has_query;
  if (ref.path.front() == '/') {
    return compose(target, remove_dot_segments(ref.path));
  }
  return compose(target, remove_dot_segments(merge_paths(target, ref.path)));
}

std::pair<std::string, std::string> split_fragment(std::string_view uri) {
  const std::size_t hash = uri.find('#');
  if (hash == std::string_view::npos) {
    return {std::string(uri), std::string()};
  }
  return {std::string(uri.substr(0, hash)), std::string(uri.substr(hash + 1))};
}

} // namespace concord::core
