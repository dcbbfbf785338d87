#pragma once

#include "core/error.hpp"

#include <tl/expected.hpp>
#include <utility>

namespace concord::core {

// Switch to std::expected once C++23 is the floor.
template <typename T> using Result = tl::expected<T, Error>;

[[nodiscard]] inline tl::unexpected<Error> fail(ErrorCode code, std::string message,
                                                std::string location = {}) {
  return tl::unexpected<Error>(Error{code, std::move(message), std::move(location)});
}

} // namespace concord::core
