#pragma once
// The one home of the response-status rules (docs/rules.md, "Rule homes"): which documented
// response key ("404", "4XX", "default") an actual status falls under. The mock, the runner,
// the behaviour loader and coverage all use these functions.

#include "core/model.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace concord::core {

// "200" (three digits, 100-599) -> 200; anything else (a range, "default", "20") -> nullopt.
[[nodiscard]] std::optional<int> to_status_code(std::string_view documented) noexcept;
[[nodiscard]] bool is_concrete_status(std::string_view documented) noexcept;
// "1XX".."5XX"; the `X`s may be lower case ("4xx"): OpenAPI writes them upper case, but
// documents in the wild use both, so both are read (the loader stores them upper case).
[[nodiscard]] bool is_status_range(std::string_view documented) noexcept;
// "default", exactly as OpenAPI spells it (the key is case-sensitive).
[[nodiscard]] bool is_default_status(std::string_view documented) noexcept;
// A key OpenAPI allows under `responses`: a concrete code, a range or "default".
[[nodiscard]] bool is_status_key(std::string_view documented) noexcept;
// A concrete 2xx code or the 2XX range.
[[nodiscard]] bool is_success_status(std::string_view documented) noexcept;

// "404" matches 404, "4XX"/"4xx" matches 400..499, "default" matches anything.
[[nodiscard]] bool is_status_match(std::string_view documented, int actual) noexcept;

// The documented response an actual status falls under: the exact code first, then its
// range, then "default", whatever their order in the document (the first one of each kind
// wins). nullptr when none documents it.
[[nodiscard]] const ResponseSpec* find_response(const Operation& operation, int status);

// The status a plain request is expected to produce: the lowest documented concrete 2xx code
// ("" when the operation documents none).
[[nodiscard]] std::string default_status(const Operation& operation);

// True when `actual` satisfies one of `accepted` (documented keys, see is_status_match).
[[nodiscard]] bool is_accepted_status(const std::vector<std::string>& accepted, int actual);

} // namespace concord::core
