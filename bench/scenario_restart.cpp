// Restart-to-ready: the server is filled with `contacts` open interactions (waiting in a queue
// with no agents), then restarted `rounds` times after a SIGTERM drain and `rounds` times after
// kill -9. Ready time is from the start of the new process (fork) to the first 200 from /readyz.
#include <signal.h>

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "contact_source.hpp"
#include "proc_probe.hpp"
#include "scenario_support.hpp"
#include "server_child.hpp"

namespace ccr::bench {
namespace {

// Milliseconds until GET /readyz answers 200, polling every millisecond.
double await_ready(boost::asio::io_context& io, ServerChild& server, unsigned short port,
                   SteadyClock::time_point from) {
  const auto limit = from + std::chrono::minutes(2);
  while (SteadyClock::now() < limit) {
    if (server_ready(io, port)) return seconds_between(from, SteadyClock::now()) * 1000;
    if (server.exited()) throw std::runtime_error("the server exited while starting");
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  throw std::runtime_error("the server was not ready within 2 minutes");
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

nlohmann::json run_restart(const Target& target, const RestartOptions& o) {
  BenchIo bench;
  auto& io = bench.io;
  ServerChild server(o.server_binary, o.db_path, o.log_path, target.port, target.admin_token);
  server.start();
  await_ready(io, server, target.port, SteadyClock::now());

  const auto seed_start = SteadyClock::now();
  double seed_s = 0;
  {
    HttpPool pool(io, target.port, 64);
    const auto world = make_world(io, pool, target, {});
    ContactSource source(io, pool, world, o.contacts);
    source.closed_loop(64);
    run_until(
        io, [&] { return source.answered() == source.total(); }, std::chrono::minutes(10));
    if (source.answered() != source.total() || source.refused() > 0) {
      throw std::runtime_error("seeding answered " + std::to_string(source.answered()) + " of " +
                               std::to_string(source.total()) + ", refused " +
                               std::to_string(source.refused()) + ": " + source.first_refusal());
    }
    seed_s = seconds_between(seed_start, SteadyClock::now());
  }
  const auto rss_loaded = resident_kib(server.pid());

  std::vector<double> after_term;
  std::vector<double> after_kill;
  std::int64_t rss_restarted = 0;
  for (int round = 0; round < o.rounds; ++round) {
    for (const int signal : {SIGTERM, SIGKILL}) {
      server.stop(signal);
      const auto start = SteadyClock::now();
      server.start();
      const double ready_ms = await_ready(io, server, target.port, start);
      (signal == SIGTERM ? after_term : after_kill).push_back(ready_ms);
      rss_restarted = resident_kib(server.pid());
    }
  }
  server.stop(SIGTERM);

  auto out = result("restart", target);
  auto& f = out["figures"];
  f["open_interactions"] = o.contacts;
  f["seed_s"] = seed_s;
  f["ready_ms"] = median(after_term);
  f["ready_max_ms"] = *std::max_element(after_term.begin(), after_term.end());
  f["ready_after_kill_ms"] = median(after_kill);
  f["ready_after_kill_max_ms"] = *std::max_element(after_kill.begin(), after_kill.end());
  f["rss_seeded_kib"] = rss_loaded;
  f["rss_restarted_kib"] = rss_restarted;
  return out;
}

}  // namespace ccr::bench
