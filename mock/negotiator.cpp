#include "mock/negotiator.hpp"

#include "core/http_types.hpp"
#include "core/media_type.hpp"
#include "mock/response_builder.hpp"
#include "mock/url_codec.hpp"

#include <algorithm>
#include <charconv>

namespace concord::mock {

namespace {

std::optional<std::uint64_t> parse_u64(std::string_view text) {
  std::uint64_t value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) {
    return std::nullopt;
  }
  return value;
}

std::optional<int> parse_status(std::string_view text) {
  const auto value = parse_u64(text);
  if (!value || *value < 100 || *value > 599) {
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

std::string unquote(std::string text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    return text.substr(1, text.size() - 2);
  }
  return text;
}

bool media_matches(const MediaRange& range, std::string_view type, std::string_view subtype) {
  if (range.type != "*" && range.type != type) {
    return false;
  }
  return range.subtype == "*" || range.subtype == subtype;
}

} // namespace

Preferences parse_prefer(std::string_view header) {
  Preferences prefs;
  std::size_t start = 0;
  while (start <= header.size()) {
    const auto end = header.find_first_of(",;", start);
    const std::string item =
        trim(header.substr(start, end == std::string_view::npos ? header.npos : end - start));
    if (const auto eq = item.find('='); eq != std::string::npos) {
      const std::string key = to_lower(trim(std::string_view(item).substr(0, eq)));
      const std::string value = unquote(trim(std::string_view(item).substr(eq + 1)));
      if (key == "code") {
        prefs.code = parse_status(value);
        if (!prefs.code) {
          prefs.code = 0; // asked for, but not a status: reported as unknown
        }
      } else if (key == "example") {
        prefs.example = value;
      } else if (key == "dynamic") {
        prefs.dynamic = to_lower(value) == "true";
      } else if (key == "seed") {
        prefs.seed = parse_u64(value);
      }
    }
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return prefs;
}

bool is_served_as_json(std::string_view media_type) {
  return core::is_json_media_type(to_content_type(std::string(media_type)));
}

std::vector<MediaRange> parse_accept(std::string_view header) {
  std::vector<MediaRange> ranges;
  for (const std::string_view item : core::split_field_list(header)) {
    const std::string essence = core::to_media_type_essence(item);
    const auto slash = essence.find('/');
    if (essence.empty()) {
      continue;
    }
    MediaRange range;
    range.type = essence.substr(0, slash);
    range.subtype = slash == std::string::npos ? std::string("*") : essence.substr(slash + 1);
    // q parameter
    const auto q = item.find("q=");
    if (q != std::string_view::npos) {
      try {
        range.quality = std::stod(std::string(item.substr(q + 2)));
      } catch (...) {
        range.quality = 1.0;
      }
    }
    ranges.push_back(std::move(range));
  }
  return ranges;
}

std::optional<std::size_t> negotiate_media_type(const std::vector<core::MediaType>& offered,
                                                std::string_view accept) {
  if (offered.empty()) {
    return std::nullopt;
  }
  const auto ranges = parse_accept(accept);
  if (ranges.empty()) {
    for (std::size_t i = 0; i < offered.size(); ++i) {
      if (is_json_media_type(offered[i].name)) {
        return i;
      }
    }
    return 0;
  }
  std::optional<std::size_t> best;
  double best_quality = 0.0;
  for (std::size_t i = 0; i < offered.size(); ++i) {
    const std::string essence = core::to_media_type_essence(offered[i].name);
    const auto slash = essence.find('/');
    const std::string type = essence.substr(0, slash);
    const std::string subtype = slash == std::string::npos ? "*" : essence.substr(slash + 1);
    for (const auto& range : ranges) {
      // An offered wildcard (e.g. "*/*") can serve any concrete request.
      const bool offered_wild = type == "*" || subtype == "*";
      if ((media_matches(range, type, subtype) || offered_wild) && range.quality > best_quality) {
        best = i;
        best_quality = range.quality;
      }
    }
  }
  return best;
}

DefaultResponse negotiate_default_response(const core::Operation& operation) {
  DefaultResponse best{0, nullptr};
  for (const auto& response : operation.responses) {
    const auto code = core::to_status_code(response.status);
    if (code && *code >= 200 && *code < 300 && (best.response == nullptr || *code < best.status)) {
      best = {*code, &response};
    }
  }
  if (best.response != nullptr) {
    return best;
  }
  for (const auto& response : operation.responses) {
    if (core::is_status_range(response.status) && response.status[0] == '2') {
      return {200, &response};
    }
  }
  for (const auto& response : operation.responses) {
    if (core::is_default_status(response.status)) {
      return {200, &response};
    }
  }
  for (const auto& response : operation.responses) {
    const auto code = core::to_status_code(response.status);
    if (code && (best.response == nullptr || *code < best.status)) {
      best = {*code, &response};
    }
  }
  if (best.response == nullptr) {
    best.status = 200;
  }
  return best;
}

std::vector<std::string> list_statuses(const core::Operation& operation) {
  std::vector<std::string> statuses;
  statuses.reserve(operation.responses.size());
  for (const auto& response : operation.responses) {
    statuses.push_back(response.status);
  }
  return statuses;
}

const core::MediaType* find_request_media(const core::RequestBodySpec& body,
                                          std::string_view content_type) {
  const std::string essence = core::to_media_type_essence(content_type);
  const auto slash = essence.find('/');
  const std::string type_wild = essence.substr(0, slash) + "/*";
  for (const auto& media : body.content) {
    if (core::to_media_type_essence(media.name) == essence) {
      return &media;
    }
  }
  for (const auto& media : body.content) {
    if (core::to_media_type_essence(media.name) == type_wild) {
      return &media;
    }
  }
  for (const auto& media : body.content) {
    if (core::to_media_type_essence(media.name) == "*/*") {
      return &media;
    }
  }
  return nullptr;
}

} // namespace concord::mock
