// The times on the wire (every event's `at`, offers' deadlines): RFC 3339 UTC with milliseconds,
// and parse_time reads back exactly what format_time wrote.
#include "proto/time_format.hpp"

#include <catch2/catch.hpp>
#include <cstdint>

#include "core/time.hpp"

using ccr::core::time_from_ms;
using ccr::proto::format_time;
using ccr::proto::parse_time;

TEST_CASE("format_time writes UTC with milliseconds, zero-padded") {
  CHECK(format_time(time_from_ms(0)) == "1970-01-01T00:00:00.000Z");
  CHECK(format_time(time_from_ms(1'796'199'306'007)) == "2026-12-02T08:15:06.007Z");
  CHECK(format_time(time_from_ms(1'709'251'199'999)) == "2024-02-29T23:59:59.999Z");
  CHECK(format_time(time_from_ms(-1)) == "1969-12-31T23:59:59.999Z");
  CHECK(format_time(time_from_ms(253'402'300'800'000)) == "10000-01-01T00:00:00.000Z");
}

TEST_CASE("parse_time reads back what format_time wrote") {
  for (std::int64_t ms : {std::int64_t{0}, std::int64_t{1'796'199'306'007},
                          std::int64_t{1'709'251'199'999}, std::int64_t{4'102'444'800'000}}) {
    INFO(ms);
    const auto parsed = parse_time(format_time(time_from_ms(ms)));
    REQUIRE(parsed);
    CHECK(*parsed == time_from_ms(ms));
  }
}
