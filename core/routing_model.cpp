#include "core/routing_model.hpp"

#include <chrono>

namespace ccr::core {

bool is_open(const EntryPoint& entry_point, Time now) {
  if (!entry_point.hours) return true;
  using namespace std::chrono;
  const auto local = now + minutes(entry_point.hours->utc_offset_minutes);
  const auto day = floor<days>(local);
  const int weekday_index = static_cast<int>(std::chrono::weekday{day}.iso_encoding()) - 1;
  const int minute = static_cast<int>(duration_cast<minutes>(local - day).count());
  for (const auto& w : entry_point.hours->windows) {
    if (w.weekday == weekday_index && minute >= w.start_minute && minute < w.end_minute)
      return true;
  }
  return false;
}

}  // namespace ccr::core
