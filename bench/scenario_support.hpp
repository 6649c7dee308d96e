// What every scenario needs: its world, its agents connected and logged in, and an io loop that
// runs until a condition holds or a deadline passes. Main thread (the load generator's io thread).
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>

#include "scenarios.hpp"

namespace ccr::bench {

using SteadyClock = std::chrono::steady_clock;

// The load generator's io_context, kept from running out of work between phases (an io_context
// with no work left stops, and would return at once from every later run). A scenario declares
// it first, so it is destroyed last and never run again after the pools and fleets whose
// handlers refer to them are gone: their pending handlers are then destroyed, not run.
struct BenchIo {
  boost::asio::io_context io{1};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard =
      boost::asio::make_work_guard(io);
};

// Runs `io` until `done()` holds (true) or `limit` passes (false).
bool run_until(boost::asio::io_context& io, const std::function<bool()>& done,
               std::chrono::milliseconds limit);
// Runs `io` for `period`, whatever happens.
void run_for(boost::asio::io_context& io, std::chrono::milliseconds period);

BenchWorld make_world(boost::asio::io_context& io, HttpPool& pool, const Target& target,
                      const WorldOptions& options);
// Connects and logs in every agent of `world`; throws when any of them fails.
void connect_agents(boost::asio::io_context& io, AgentFleet& fleet, const BenchWorld& world);

// One GET /readyz on a new connection: true when it answers 200.
bool server_ready(boost::asio::io_context& io, unsigned short port);

nlohmann::json result(const std::string& scenario, const Target& target);
double seconds_between(SteadyClock::time_point from, SteadyClock::time_point to);

}  // namespace ccr::bench
