#pragma once

#include "core/model.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace concord::conformance {

// "404" matches 404, "4XX" matches 400..499, "default" matches anything.
[[nodiscard]] bool is_status_match(std::string_view documented, int actual) noexcept;
[[nodiscard]] bool is_concrete_status(std::string_view documented) noexcept;
[[nodiscard]] bool is_success_status(std::string_view documented) noexcept; // 2xx or 2XX

// The documented response an actual status falls under: exact code first, then its range,
// then "default". nullptr when none documents it.
[[nodiscard]] const core::ResponseSpec* find_response(const core::Operation& operation, int status);

// The status a plain request is expected to produce: the lowest documented 2xx code
// ("" when the operation documents no concrete 2xx).
[[nodiscard]] std::string default_status(const core::Operation& operation);

// True when `actual` satisfies one of `accepted` (documented keys, see is_status_match).
[[nodiscard]] bool is_accepted_status(const std::vector<std::string>& accepted, int actual);

} // namespace concord::conformance
