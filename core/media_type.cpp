#include "core/media_type.hpp"

#include <algorithm>
#include <cctype>

namespace concord::core {

std::string to_media_type_essence(std::string_view media_type) {
  std::string_view essence = media_type.substr(0, media_type.find(';'));
  while (!essence.empty() && std::isspace(static_cast<unsigned char>(essence.back())) != 0) {
    essence.remove_suffix(1);
  }
  while (!essence.empty() && std::isspace(static_cast<unsigned char>(essence.front())) != 0) {
    essence.remove_prefix(1);
  }
  std::string out(essence);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_json_media_type(std::string_view media_type) {
  const std::string essence = to_media_type_essence(media_type);
  if (essence == "application/json" || essence == "text/json") {
    return true;
  }
  const auto slash = essence.find('/');
  if (slash == std::string::npos || slash == 0 || essence.find('*') != std::string::npos) {
    return false;
  }
  constexpr std::string_view k_suffix = "+json";
  const std::string_view subtype = std::string_view(essence).substr(slash + 1);
  return subtype.size() > k_suffix.size() &&
         subtype.compare(subtype.size() - k_suffix.size(), k_suffix.size(), k_suffix) == 0;
}

bool is_media_range(std::string_view media_type) {
  return to_media_type_essence(media_type).find('*') != std::string::npos;
}

bool is_media_type_match(std::string_view documented, std::string_view actual) {
  const std::string doc = to_media_type_essence(documented);
  const std::string act = to_media_type_essence(actual);
  if (doc == "*/*" || doc == act) {
    return true;
  }
  if (doc.size() > 2 && doc.compare(doc.size() - 2, 2, "/*") == 0) {
    const std::string type = doc.substr(0, doc.size() - 1); // "application/"
    return act.compare(0, type.size(), type) == 0;
  }
  return false;
}

} // namespace concord::core
