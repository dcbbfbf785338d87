#include "mock/behaviour_template.hpp"

#include <array>
#include <cstdio>
#include <ctime>
#include <vector>

namespace concord::mock::detail {
namespace {

constexpr std::string_view k_open = "${";

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto dot = path.find('.', start);
    const auto end = dot == std::string_view::npos ? path.size() : dot;
    parts.emplace_back(path.substr(start, end - start));
    if (dot == std::string_view::npos) {
      break;
    }
    start = dot + 1;
  }
  return parts;
}

bool is_index(const std::string& text) {
  return !text.empty() && text.size() < 10 &&
         text.find_first_not_of("0123456789") == std::string::npos;
}

// Follows a dotted path (`a.b.0.c`) from value.
std::optional<nlohmann::json> descend(const nlohmann::json& value,
                                      const std::vector<std::string>& parts, std::size_t from) {
  const nlohmann::json* node = &value;
  for (std::size_t i = from; i < parts.size(); ++i) {
    if (node->is_object()) {
      const auto it = node->find(parts[i]);
      if (it == node->end()) {
        return std::nullopt;
      }
      node = &*it;
    } else if (node->is_array() && is_index(parts[i])) {
      const auto index = std::stoul(parts[i]);
      if (index >= node->size()) {
        return std::nullopt;
      }
      node = &(*node)[index];
    } else {
      return std::nullopt;
    }
  }
  return *node;
}

// descend() for `item.a.b.0` without splitting the path into strings: `path` is what follows
// "item." (segments split at every '.', empty ones included, as split_path does).
std::optional<nlohmann::json> descend_path(const nlohmann::json& value, std::string_view path) {
  const nlohmann::json* node = &value;
  std::size_t start = 0;
  for (;;) {
    const auto dot = path.find('.', start);
    const auto part =
        path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (node->is_object()) {
      const auto it = node->find(part);
      if (it == node->end()) {
        return std::nullopt;
      }
      node = &*it;
    } else if (node->is_array() && !part.empty() && part.size() < 10 &&
               part.find_first_not_of("0123456789") == std::string_view::npos) {
      std::size_t index = 0;
      for (const char digit : part) {
        index = index * 10 + static_cast<std::size_t>(digit - '0');
      }
      if (index >= node->size()) {
        return std::nullopt;
      }
      node = &(*node)[index];
    } else {
      return std::nullopt;
    }
    if (dot == std::string_view::npos) {
      return *node;
    }
    start = dot + 1;
  }
}

std::optional<nlohmann::json> from_map(const std::map<std::string, std::string>& map,
                                       const std::vector<std::string>& parts) {
  if (parts.size() != 2) {
    return std::nullopt;
  }
  const auto it = map.find(parts[1]);
  if (it == map.end()) {
    return std::nullopt;
  }
  return nlohmann::json(it->second);
}

std::optional<nlohmann::json> evaluate_request(const std::vector<std::string>& parts,
                                               const BehaviourRequest* request) {
  if (request == nullptr) {
    return std::nullopt;
  }
  if (parts[0] == "params") {
    return from_map(request->path_params, parts);
  }
  if (parts[0] == "query") {
    return from_map(request->query_params, parts);
  }
  if (parts.size() < 2 || parts[1] != "body" || request->body.is_null()) {
    return std::nullopt;
  }
  return descend(request->body, parts, 2);
}

// Every root name an expression may start with, and whether it takes a path after it.
struct Root {
  std::string_view name;
  bool takes_path;
};
constexpr std::array<Root, 11> k_roots{{{"item", true},
                                        {"items", false},
                                        {"state", false},
                                        {"request", true},
                                        {"params", true},
                                        {"query", true},
                                        {"uuid", false},
                                        {"password", false},
                                        {"now", false},
                                        {"now_ms", false},
                                        {"id", false}}};

std::optional<std::string> check_expression(std::string_view expr) {
  const auto parts = split_path(expr);
  for (const auto& part : parts) {
    if (part.empty()) {
      return "empty name in expression '" + std::string(expr) + "'";
    }
  }
  for (const auto& root : k_roots) {
    if (parts[0] != root.name) {
      continue;
    }
    if (!root.takes_path && parts.size() > 1) {
      return "'" + std::string(root.name) + "' takes no path";
    }
    if (root.name == "request" && (parts.size() < 2 || parts[1] != "body")) {
      return "expected request.body[.path]";
    }
    if ((root.name == "params" || root.name == "query") && parts.size() != 2) {
      return "expected " + std::string(root.name) + ".NAME";
    }
    return std::nullopt;
  }
  return "unknown expression '" + std::string(expr) +
         "' (expected item, items, state, request.body, params.X, query.X, uuid, password, "
         "now, now_ms or id)";
}

std::string to_text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>()
                           : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A string template: "${x}" alone, or text with expressions inside.
std::optional<nlohmann::json> render_string(const std::string& text, TemplateScope& scope) {
  const auto first = text.find(k_open);
  if (first == std::string::npos) {
    return nlohmann::json(text);
  }
  if (first == 0 && text.back() == '}' && text.find('}') == text.size() - 1) {
    return evaluate_expression(std::string_view(text).substr(2, text.size() - 3), scope);
  }
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto open = text.find(k_open, pos);
    const auto close = open == std::string::npos ? open : text.find('}', open);
    if (close == std::string::npos) {
      out += text.substr(pos);
      break;
    }
    out += text.substr(pos, open - pos);
    const auto value =
        evaluate_expression(std::string_view(text).substr(open + 2, close - open - 2), scope);
    if (value) {
      out += to_text(*value);
    }
    pos = close + 1;
  }
  return nlohmann::json(out);
}

void check_node(const nlohmann::json& node, const std::string& pointer,
                std::optional<TemplateProblem>& problem) {
  if (problem) {
    return;
  }
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      check_node(value, pointer + "/" + core::escape_pointer_token(key), problem);
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      check_node(node[i], pointer + "/" + std::to_string(i), problem);
    }
  } else if (node.is_string()) {
    const auto& text = node.get_ref<const std::string&>();
    std::size_t pos = 0;
    while ((pos = text.find(k_open, pos)) != std::string::npos) {
      const auto close = text.find('}', pos);
      if (close == std::string::npos) {
        problem = TemplateProblem{pointer, "unclosed '${' in template"};
        return;
      }
      if (auto message =
              check_expression(std::string_view(text).substr(pos + 2, close - pos - 2))) {
        problem = TemplateProblem{pointer, *message};
        return;
      }
      pos = close + 1;
    }
  }
}

} // namespace

std::string Generator::make_uuid() {
  std::array<std::uint64_t, 2> bits{engine_(), engine_()};
  bits[0] = (bits[0] & ~std::uint64_t{0xF000}) | std::uint64_t{0x4000};           // version 4
  bits[1] = (bits[1] & ~(std::uint64_t{0xC} << 60)) | (std::uint64_t{0x8} << 60); // variant
  std::array<char, 40> text{};
  std::snprintf(text.data(), text.size(), "%08x-%04x-%04x-%04x-%012llx",
                static_cast<unsigned>(bits[0] >> 32),
                static_cast<unsigned>((bits[0] >> 16) & 0xFFFF),
                static_cast<unsigned>(bits[0] & 0xFFFF), static_cast<unsigned>(bits[1] >> 48),
                static_cast<unsigned long long>(bits[1] & 0xFFFFFFFFFFFFULL));
  return text.data();
}

std::string Generator::make_password(std::size_t length) {
  constexpr std::string_view k_alphabet =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  std::uniform_int_distribution<std::size_t> pick(0, k_alphabet.size() - 1);
  std::string out;
  out.reserve(length);
  for (std::size_t i = 0; i < length; ++i) {
    out += k_alphabet[pick(engine_)];
  }
  return out;
}

std::optional<TemplateProblem> check_template(const nlohmann::json& tpl) {
  std::optional<TemplateProblem> problem;
  check_node(tpl, "", problem);
  return problem;
}

std::optional<nlohmann::json> evaluate_expression(std::string_view expr, TemplateScope& scope) {
  // The common case, item[.path], without allocating the split path.
  constexpr std::string_view k_item = "item";
  if (expr.substr(0, k_item.size()) == k_item &&
      (expr.size() == k_item.size() || expr[k_item.size()] == '.')) {
    if (scope.item == nullptr) {
      return std::nullopt;
    }
    if (expr.size() == k_item.size()) {
      return *scope.item;
    }
    return descend_path(*scope.item, expr.substr(k_item.size() + 1));
  }
  const auto parts = split_path(expr);
  const auto& root = parts[0];
  if (root == "item") {
    return scope.item == nullptr ? std::nullopt : descend(*scope.item, parts, 1);
  }
  if (root == "items") {
    return scope.items == nullptr ? std::nullopt : std::optional<nlohmann::json>(*scope.items);
  }
  if (root == "request" || root == "params" || root == "query") {
    return evaluate_request(parts, scope.request);
  }
  if (root == "state") {
    return scope.state.empty() ? std::nullopt : std::optional<nlohmann::json>(scope.state);
  }
  if (root == "id") {
    return scope.id.empty() ? std::nullopt : std::optional<nlohmann::json>(scope.id);
  }
  if (root == "now") {
    return nlohmann::json(format_timestamp(scope.now));
  }
  if (root == "now_ms") {
    return nlohmann::json(scope.now);
  }
  if (scope.generator == nullptr) {
    return std::nullopt;
  }
  if (root == "uuid") {
    return nlohmann::json(scope.generator->make_uuid());
  }
  if (root == "password") {
    if (!scope.password) {
      scope.password = scope.generator->make_password(20);
    }
    return nlohmann::json(*scope.password);
  }
  return std::nullopt;
}

std::optional<nlohmann::json> render_template(const nlohmann::json& tpl, TemplateScope& scope) {
  if (tpl.is_string()) {
    return render_string(tpl.get_ref<const std::string&>(), scope);
  }
  if (tpl.is_object()) {
    auto out = nlohmann::json::object();
    for (const auto& [key, value] : tpl.items()) {
      if (auto rendered = render_template(value, scope)) {
        out[key] = std::move(*rendered);
      }
    }
    return out;
  }
  if (tpl.is_array()) {
    auto out = nlohmann::json::array();
    for (const auto& value : tpl) {
      if (auto rendered = render_template(value, scope)) {
        out.push_back(std::move(*rendered));
      }
    }
    return out;
  }
  return tpl;
}

std::string format_timestamp(Clock::Millis millis) {
  const auto seconds = static_cast<std::time_t>(millis / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  std::array<char, 32> text{};
  const auto length = std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%S", &parts);
  std::array<char, 8> fraction{};
  std::snprintf(fraction.data(), fraction.size(), ".%03dZ", static_cast<int>(millis % 1000));
  return std::string(text.data(), length) + fraction.data();
}

} // namespace concord::mock::detail
