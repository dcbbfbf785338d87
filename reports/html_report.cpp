#include "core/redaction.hpp"
#include "reports/report.hpp"

#include <array>
#include <fstream>
#include <string>
#include <string_view>

namespace concord::report::detail {
// Defined in the generated report_templates.cpp (reports/templates/embed.cmake).
extern const std::string_view k_template_html;
extern const std::string_view k_template_css;
extern const std::string_view k_template_js;
extern const std::string_view k_template_css_sha256;
extern const std::string_view k_template_js_sha256;
} // namespace concord::report::detail

namespace concord::report {

namespace {

using nlohmann::json;

// The whole page stays under 5 MB: bodies are cut to the first cap that fits.
constexpr std::size_t k_max_page_bytes = std::size_t{5} * 1000 * 1000;
// Each step cuts the bodies of the failing cases after the first `keep` ones to `cap` bytes;
// the steps run in order until the page fits, so the failures shown first keep the most.
struct TrimStep {
  std::size_t keep;
  std::size_t cap;
};
constexpr std::array<TrimStep, 6> k_trim_steps = {
    {{0, 4096}, {200, 1024}, {200, 256}, {100, 64}, {20, 0}, {0, 0}}};
constexpr std::size_t k_max_text_bytes = 4096;

// Cuts `text` to at most `max` bytes without splitting a UTF-8 sequence.
std::string_view cut_utf8(std::string_view text, std::size_t max) {
  if (text.size() <= max) {
    return text;
  }
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) {
    --end;
  }
  return text.substr(0, end);
}

// Cuts a body to `cap` bytes; "bodyTruncated" keeps the size it had in the run. Trimming
// again with a smaller cap keeps the first recorded size.
void trim_body(json& message, std::size_t cap) {
  if (!message.is_object() || !message.contains("body")) {
    return;
  }
  json& body = message["body"];
  if (body.is_null()) {
    message.erase("body");
    return;
  }
  if (!body.is_string()) {
    body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  const auto& text = body.get_ref<const std::string&>();
  if (text.size() <= cap) {
    return;
  }
  if (!message.contains("bodyTruncated")) {
    message["bodyTruncated"] = text.size();
  }
  if (cap == 0) {
    message.erase("body");
  } else {
    body = std::string(cut_utf8(text, cap));
  }
}

// Same for a failure's expected/actual text: "<key>Truncated" keeps the original size.
void trim_text(json& node, const std::string& key, std::size_t cap) {
  if (!node.contains(key)) {
    return;
  }
  json& value = node[key];
  if (value.is_null()) {
    node.erase(key);
    return;
  }
  if (!value.is_string()) {
    value = value.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  const auto& text = value.get_ref<const std::string&>();
  if (text.size() > cap) {
    if (!node.contains(key + "Truncated")) {
      node[key + "Truncated"] = text.size();
    }
    value = std::string(cut_utf8(text, cap));
  }
}

void drop_nulls(json& item) {
  for (auto it = item.begin(); it != item.end();) {
    it = it->is_null() ? item.erase(it) : std::next(it);
  }
}

// A passed, skipped or waived case keeps what its row shows: id, operation, duration,
// reason or waiver, checks, request line, status.
void trim_row_case(json& item) {
  for (const char* key : {"spec", "tags", "kind", "expectedStatus"}) {
    item.erase(key);
  }
  if (item.value("outcome", "") == "passed") {
    item.erase("failures");
  }
  if (item.contains("failures") && item["failures"].is_array()) {
    for (auto& failure : item["failures"]) {
      if (failure.is_object()) {
        failure.erase("expected");
        failure.erase("actual");
      }
    }
  }
  if (item.contains("request") && item["request"].is_object()) {
    const json request = item["request"];
    item["request"] = {{"method", request.value("method", json())},
                       {"url", request.value("url", json())}};
  }
  if (item.contains("response") && item["response"].is_object()) {
    item["response"] = {{"status", item["response"].value("status", json())}};
  }
}

void trim_case(json& item, std::size_t cap) {
  if (!item.is_object()) {
    return;
  }
  drop_nulls(item);
  const std::string outcome = item.value("outcome", "");
  if (outcome == "passed" || outcome == "skipped" || outcome == "waived") {
    trim_row_case(item);
    return;
  }
  trim_body(item["request"], cap);
  trim_body(item["response"], cap);
  if (item.contains("shrunk") && item["shrunk"].is_object()) {
    trim_body(item["shrunk"]["originalRequest"], cap);
  }
  if (item.contains("failures") && item["failures"].is_array()) {
    const std::size_t text_cap = std::max<std::size_t>(cap, 256);
    for (auto& failure : item["failures"]) {
      if (failure.is_object()) {
        trim_text(failure, "expected", text_cap);
        trim_text(failure, "actual", text_cap);
        trim_text(failure, "message", k_max_text_bytes);
        trim_text(failure, "pointer", k_max_text_bytes);
      }
    }
  }
  for (const char* key : {"request", "response"}) {
    if (item.contains(key) && item[key].is_null()) {
      item.erase(key);
    }
  }
}

void trim_results(json& results, TrimStep step) {
  if (!results.contains("cases") || !results["cases"].is_array()) {
    return;
  }
  std::size_t failing = 0;
  for (auto& item : results["cases"]) {
    const bool is_failing = item.is_object() && item.value("outcome", "") != "passed" &&
                            item.value("outcome", "") != "skipped" &&
                            item.value("outcome", "") != "waived";
    if (!is_failing || failing++ >= step.keep) {
      trim_case(item, step.cap);
    }
  }
}

// JSON text safe inside <script>: `<`, `>`, `&`, U+2028/2029 and invisible or
// direction-changing characters become \uXXXX escapes. They only ever occur inside JSON
// strings, where the escape means the same character.
std::string escape_for_script(std::string_view json_text) {
  std::string out;
  out.reserve(json_text.size() + json_text.size() / 16);
  for (std::size_t at = 0; at < json_text.size(); ++at) {
    const std::size_t next = json_text.find_first_of("<>&\xE2", at);
    if (next == std::string_view::npos) {
      out.append(json_text.substr(at));
      break;
    }
    out.append(json_text.substr(at, next - at));
    at = next;
    const char c = json_text[at];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xE2' && at + 2 < json_text.size() && json_text[at + 1] == '\x80') {
      // U+2000..U+203F: escape U+200B..U+200F, U+2028..U+202E.
      const auto third = static_cast<unsigned char>(json_text[at + 2]);
      if ((third >= 0x8B && third <= 0x8F) || (third >= 0xA8 && third <= 0xAE)) {
        static constexpr std::string_view k_hex = "0123456789abcdef";
        const unsigned low = third - 0x80U; // 0x0B..0x2E
        out += "\\u20";
        out += k_hex[low >> 4U];
        out += k_hex[low & 0xFU];
        at += 2;
      } else {
        out += c;
      }
    } else {
      out += c;
    }
  }
  return out;
}

std::string hex_to_base64(std::string_view hex) {
  static constexpr std::string_view k_alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    unsigned chunk = static_cast<unsigned char>(bytes[i]) << 16U;
    if (i + 1 < bytes.size()) {
      chunk |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8U;
    }
    if (i + 2 < bytes.size()) {
      chunk |= static_cast<unsigned char>(bytes[i + 2]);
    }
    out += k_alphabet[(chunk >> 18U) & 0x3FU];
    out += k_alphabet[(chunk >> 12U) & 0x3FU];
    out += i + 1 < bytes.size() ? k_alphabet[(chunk >> 6U) & 0x3FU] : '=';
    out += i + 2 < bytes.size() ? k_alphabet[chunk & 0x3FU] : '=';
  }
  return out;
}

// Replaces each {{name}} in one pass, so nothing substituted is ever scanned again.
std::string fill_template(std::string_view page, const std::string& data) {
  std::string out;
  out.reserve(page.size() + data.size() + detail::k_template_css.size() +
              detail::k_template_js.size());
  std::size_t at = 0;
  while (true) {
    const std::size_t open = page.find("{{", at);
    const std::size_t close = open == std::string_view::npos ? open : page.find("}}", open);
    if (close == std::string_view::npos) {
      out.append(page.substr(at));
      return out;
    }
    out.append(page.substr(at, open - at));
    const std::string_view name = page.substr(open + 2, close - open - 2);
    if (name == "css") {
      out.append(detail::k_template_css);
    } else if (name == "js") {
      out.append(detail::k_template_js);
    } else if (name == "data") {
      out.append(data);
    } else if (name == "script_hash") {
      out += "sha256-" + hex_to_base64(detail::k_template_js_sha256);
    } else if (name == "style_hash") {
      out += "sha256-" + hex_to_base64(detail::k_template_css_sha256);
    } else if (name == "version") {
      out += "0.1.0";
    }
    at = close + 2;
  }
}

std::string build_page(const json& results) {
  json data = results;
  core::redact_results(data);
  std::string page;
  for (const TrimStep step : k_trim_steps) {
    trim_results(data, step);
    if (step.keep != 0 || step.cap != k_trim_steps.front().cap) {
      if (!data.contains("warnings") || !data["warnings"].is_array()) {
        data["warnings"] = json::array();
      }
      if (step.keep != k_trim_steps[1].keep || step.cap != k_trim_steps[1].cap) {
        data["warnings"].erase(data["warnings"].size() - 1); // the previous step's note
      }
      data["warnings"].push_back("report size: bodies of the failing cases after the first " +
                                 std::to_string(step.keep) + " cut to " + std::to_string(step.cap) +
                                 " bytes to keep this page under 5 MB");
    }
    page =
        fill_template(detail::k_template_html,
                      escape_for_script(data.dump(-1, ' ', false, json::error_handler_t::replace)));
    if (page.size() <= k_max_page_bytes) {
      break;
    }
  }
  return page;
}

} // namespace

core::Result<void> write_html(const nlohmann::json& results, const std::filesystem::path& path) {
  const std::string page = build_page(results);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << page;
  out.close();
  if (!out) {
    return core::fail(core::ErrorCode::usage, "cannot write HTML report", path.string());
  }
  return {};
}

} // namespace concord::report
