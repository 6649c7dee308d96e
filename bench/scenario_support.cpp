#include "scenario_support.hpp"

#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <stdexcept>

namespace ccr::bench {

bool run_until(boost::asio::io_context& io, const std::function<bool()>& done,
               std::chrono::milliseconds limit) {
  const auto until = SteadyClock::now() + limit;
  while (!done()) {
    const auto now = SteadyClock::now();
    if (now >= until) return false;
    io.run_one_for(std::min<SteadyClock::duration>(until - now, std::chrono::milliseconds(50)));
  }
  return true;
}

void run_for(boost::asio::io_context& io, std::chrono::milliseconds period) {
  const auto until = SteadyClock::now() + period;
  run_until(
      io, [&] { return SteadyClock::now() >= until; }, period + std::chrono::seconds(1));
}

BenchWorld make_world(boost::asio::io_context& io, HttpPool& pool, const Target& target,
                      const WorldOptions& options) {
  if (target.baseline) return baseline_world(options);
  return create_world(io, pool, target.admin_token, options);
}

void connect_agents(boost::asio::io_context& io, AgentFleet& fleet, const BenchWorld& world) {
  bool connected = false;
  fleet.connect(world.agents, 128, [&] { connected = true; });
  if (!run_until(
          io, [&] { return connected; }, std::chrono::minutes(5))) {
    throw std::runtime_error("agents did not connect within 5 minutes");
  }
  if (fleet.ready() != world.agents.size()) {
    throw std::runtime_error(
        std::to_string(world.agents.size() - fleet.ready()) +
        " agents failed to log in; first error: " + fleet.counters().first_error);
  }
}

bool server_ready(boost::asio::io_context& io, unsigned short port) {
  HttpPool probe(io, port, 1);
  return call(io, probe, "GET", "/readyz", "", "").status == 200;
}

bool is_ready(unsigned short port) {
  BenchIo bench;
  return server_ready(bench.io, port);
}

nlohmann::json result(const std::string& scenario, const Target& target) {
  return {{"scenario", scenario},
          {"target", target.baseline ? "baseline" : "ccrouter"},
          {"figures", nlohmann::json::object()},
          {"notes", nlohmann::json::array()}};
}

double seconds_between(SteadyClock::time_point from, SteadyClock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace ccr::bench
