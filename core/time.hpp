// Time as core sees it: UTC instants with millisecond resolution, passed in as `now` arguments.
// Pure value types; any thread.
#pragma once

#include <chrono>
#include <cstdint>

namespace ccr::core {

using Duration = std::chrono::milliseconds;
using Time = std::chrono::time_point<std::chrono::system_clock, Duration>;

inline Time time_from_ms(std::int64_t ms_since_epoch) { return Time{Duration{ms_since_epoch}}; }
inline std::int64_t ms_since_epoch(Time t) { return t.time_since_epoch().count(); }

}  // namespace ccr::core
