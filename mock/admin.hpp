#pragma once
// The admin API under /__concord/ (docs/mock.md): health, routes, journal, state, provider
// states, clock. Kept out of MockEngine: it reads the engine's public view and acts on the
// behaviours, the journal and the clock the engine was given.

#include "core/http_types.hpp"

#include <string_view>

namespace concord::mock {

class MockEngine;

inline constexpr std::string_view k_admin_prefix = "/__concord";

// True for /__concord and everything under /__concord/.
[[nodiscard]] bool is_admin_path(std::string_view path);

// Answers one admin request (the caller checked is_admin_path). Loopback clients only,
// unless the config allows remote ones.
[[nodiscard]] core::Response handle_admin(const MockEngine& engine, const core::Request& request);

} // namespace concord::mock
