// RFC 3339 UTC times with milliseconds ("2026-11-24T06:30:00.123Z"), as the protocol writes them.
// Pure functions; any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace ccr::proto {

std::string format_time(core::Time t);
std::optional<core::Time> parse_time(std::string_view text);

}  // namespace ccr::proto
