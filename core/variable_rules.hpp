// Call-associated variable values (VA1, VA3): at most 256 characters, checked by type
// (integer, decimal, boolean, ISO 8601 datetime). Pure functions; any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/routing_model.hpp"

namespace ccr::core {

inline constexpr std::size_t kMaxVariableValue = 256;

// The problem with `value` for a variable of `type`, or nothing when it is valid.
std::optional<std::string> variable_value_problem(VariableType type, std::string_view value);

}  // namespace ccr::core
