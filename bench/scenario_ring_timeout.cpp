// Ring-timeout accuracy: agents let every offer ring and come back from RONA at once; contacts
// arrive at a steady rate and go round and round. For every offer withdrawn with reason `rona`,
// lateness = when the withdrawal reached the desktop minus the offer's `expires_at` (both on
// this machine's system clock). `expires_at` has millisecond resolution, so a lateness is
// overstated by less than 1 ms.
#include <cstdio>
#include <string>
#include <unordered_map>

#include "contact_source.hpp"
#include "latency_recorder.hpp"
#include "scenario_support.hpp"

namespace ccr::bench {
namespace {

using SystemClock = std::chrono::system_clock;

// "2026-11-24T09:08:22.102Z"
std::optional<SystemClock::time_point> parse_utc(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0;
  const std::string copy(text);
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &y, &mo, &d, &h, &mi, &s, &ms) !=
      7) {
    return std::nullopt;
  }
  using namespace std::chrono;
  const sys_days date = year{y} / month{static_cast<unsigned>(mo)} / day{static_cast<unsigned>(d)};
  return SystemClock::time_point(date) + hours(h) + minutes(mi) + seconds(s) + milliseconds(ms);
}

}  // namespace

nlohmann::json run_ring_timeout(const Target& target, const RingOptions& o) {
  BenchIo bench;
  auto& io = bench.io;
  HttpPool setup(io, target.port, 32);
  const auto world = make_world(io, setup, target, o.world);
  std::unordered_map<std::string, SystemClock::time_point> expires;
  LatencyRecorder lateness;
  std::size_t unmatched = 0;
  AgentCallbacks callbacks;
  callbacks.offer = [&](std::string_view offer_id, std::string_view, std::string_view at) {
    if (auto t = parse_utc(at)) expires[std::string(offer_id)] = *t;
  };
  callbacks.withdrawn = [&](std::string_view offer_id, std::string_view reason) {
    const auto now = SystemClock::now();
    if (reason != "rona") return;
    const auto it = expires.find(std::string(offer_id));
    if (it == expires.end()) {
      ++unmatched;
      return;
    }
    lateness.add(std::chrono::duration<double, std::micro>(now - it->second).count());
    expires.erase(it);
  };
  AgentFleet fleet(io, target.port, {world.team_id, false, {}, world.wrapup_code_id, true},
                   callbacks);
  connect_agents(io, fleet, world);
  HttpPool pool(io, target.port, 16);
  ContactSource source(io, pool, world, static_cast<std::size_t>(o.rate * o.seconds));
  source.open_loop(o.rate);
  run_for(io, std::chrono::milliseconds(static_cast<long>(o.seconds * 1000) +
                                        2 * o.world.rona_timeout_ms));

  auto out = result("ring_timeout", target);
  auto& f = out["figures"];
  const auto l = lateness.summarise();
  f["agents"] = world.agents.size();
  f["rona_timeout_ms"] = o.world.rona_timeout_ms;
  f["rate_per_s"] = o.rate;
  f["timeouts"] = l.count;
  f["lateness_p50_ms"] = l.p50_ms;
  f["lateness_p99_ms"] = l.p99_ms;
  f["lateness_max_ms"] = l.max_ms;
  f["refused"] = source.refused();
  f["errors"] = fleet.counters().errors;
  if (unmatched > 0) out["notes"].push_back(std::to_string(unmatched) + " withdrawals unmatched");
  return out;
}

}  // namespace ccr::bench
