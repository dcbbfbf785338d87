#include "init/yaml_text.hpp"

#include "init/lifecycle.hpp"

#include <algorithm>
#include <cctype>

namespace concord::init {

std::string to_yaml_scalar(std::string_view text) {
  static constexpr std::string_view k_words[] = {"true", "false", "null", "yes", "no",
                                                 "on",   "off",   "y",    "n",   "~"};
  const auto lower = to_lower(text);
  const bool keyword =
      std::find(std::begin(k_words), std::end(k_words), lower) != std::end(k_words);
  const bool plain = !text.empty() && !keyword &&
                     (std::isalpha(static_cast<unsigned char>(text.front())) != 0 ||
                      text.front() == '_' || text.front() == '/') &&
                     std::all_of(text.begin(), text.end(), [](char c) {
                       return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
                              std::string_view("_-./{}~").find(c) != std::string_view::npos;
                     });
  return plain ? std::string(text) : nlohmann::json(std::string(text)).dump();
}

std::string to_yaml_flow(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string to_yaml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += (i == 0 ? "" : ", ") + to_yaml_scalar(items[i]);
  }
  return out + "]";
}

} // namespace concord::init
