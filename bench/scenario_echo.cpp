// WebSocket round trip: every agent keeps one `ping` in flight for `seconds`; the server answers
// each with an ack. Against the baseline this is the bare WebSocket push/echo.

#include "latency_recorder.hpp"
#include "proc_probe.hpp"
#include "scenario_support.hpp"

namespace ccr::bench {

nlohmann::json run_echo(const Target& target, std::size_t agents, double seconds) {
  BenchIo bench;
  auto& io = bench.io;
  HttpPool setup(io, target.port, 32);
  const auto world = make_world(io, setup, target, {.agents = agents});
  LatencyRecorder round_trips;
  AgentCallbacks callbacks;
  callbacks.pong = [&](double us) { round_trips.add(us); };
  AgentFleet fleet(io, target.port, {world.team_id, false, {}, world.wrapup_code_id, false},
                   callbacks);
  connect_agents(io, fleet, world);
  const double cpu_before = target.pid ? cpu_seconds(target.pid) : 0;
  fleet.start_pings();
  run_for(io, std::chrono::milliseconds(static_cast<long>(seconds * 1000)));
  fleet.stop_pings();
  const double cpu = target.pid ? cpu_seconds(target.pid) - cpu_before : 0;

  auto out = result("echo", target);
  auto& f = out["figures"];
  const auto count = round_trips.count();
  const auto l = round_trips.summarise();
  f["agents"] = agents;
  f["round_trips_per_s"] = static_cast<double>(count) / seconds;
  f["round_trip_p50_ms"] = l.p50_ms;
  f["round_trip_p99_ms"] = l.p99_ms;
  f["server_cpu_s"] = cpu;
  f["errors"] = fleet.counters().errors;
  return out;
}

}  // namespace ccr::bench
