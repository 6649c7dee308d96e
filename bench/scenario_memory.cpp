// Memory per idle connected agent: the server's resident memory before and after `agents`
// desktops connect and log in (their agents already exist, so only the connection and the
// session are counted), divided by the number of agents.

#include "proc_probe.hpp"
#include "scenario_support.hpp"

namespace ccr::bench {

nlohmann::json run_memory(const Target& target, std::size_t agents) {
  BenchIo bench;
  auto& io = bench.io;
  HttpPool setup(io, target.port, 32);
  const auto world = make_world(io, setup, target, {.agents = agents});
  // Let the server return what setup used before the first reading.
  run_for(io, std::chrono::milliseconds(500));
  const auto before = resident_kib(target.pid);
  AgentFleet fleet(io, target.port, {world.team_id, false, {}, world.wrapup_code_id, false}, {});
  const auto start = SteadyClock::now();
  connect_agents(io, fleet, world);
  const double connect_s = seconds_between(start, SteadyClock::now());
  run_for(io, std::chrono::seconds(1));
  const auto after = resident_kib(target.pid);

  auto out = result("memory", target);
  auto& f = out["figures"];
  f["agents"] = agents;
  f["rss_before_kib"] = before;
  f["rss_after_kib"] = after;
  f["kib_per_agent"] = static_cast<double>(after - before) / static_cast<double>(agents);
  f["connect_s"] = connect_s;
  f["dropped"] = fleet.counters().dropped;
  fleet.close_all();
  return out;
}

}  // namespace ccr::bench
