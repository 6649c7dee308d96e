// Offer throughput and latency: contacts posted over HTTP by a ContactSource (closed or open
// loop), offers received by real agent desktops, optionally the whole lifecycle (accept, hold,
// end, wrap-up). Latency is from a contact's due time to its first offer.
#include <vector>

#include "contact_source.hpp"
#include "latency_recorder.hpp"
#include "proc_probe.hpp"
#include "scenario_support.hpp"

namespace ccr::bench {

nlohmann::json run_offers(const Target& target, const OfferOptions& o) {
  BenchIo bench;
  auto& io = bench.io;
  HttpPool setup(io, target.port, 32);
  const auto world = make_world(io, setup, target, o.world);
  const bool open_loop = o.rate > 0;
  HttpPool pool(io, target.port, o.connections);
  ContactSource source(io, pool, world,
                       open_loop ? static_cast<std::size_t>(o.rate * o.seconds) : o.contacts);
  const auto total = source.total();

  std::vector<char> offered(total, 0);
  LatencyRecorder latency;
  std::size_t first_offers = 0;
  std::size_t wrapped = 0;
  SteadyClock::time_point last_offer;
  SteadyClock::time_point last_wrap;
  AgentCallbacks callbacks;
  callbacks.offer = [&](std::string_view, std::string_view ani, std::string_view) {
    const auto seq = contact_sequence(ani);
    if (!seq || *seq >= total || offered[*seq]) return;
    offered[*seq] = 1;
    ++first_offers;
    last_offer = SteadyClock::now();
    latency.add(std::chrono::duration<double, std::micro>(last_offer - source.due(*seq)).count());
  };
  callbacks.wrapped_up = [&] {
    ++wrapped;
    last_wrap = SteadyClock::now();
  };
  AgentFleet fleet(
      io, target.port,
      {world.team_id, o.accept, std::chrono::milliseconds(o.hold_ms), world.wrapup_code_id, false},
      callbacks);
  connect_agents(io, fleet, world);

  const double cpu_before = target.pid ? cpu_seconds(target.pid) : 0;
  const auto start = SteadyClock::now();
  if (open_loop) {
    source.open_loop(o.rate);
  } else {
    source.closed_loop(o.connections);
  }
  const auto finished = [&] {
    return source.answered() == total &&
           (o.accept ? wrapped : first_offers) + source.refused() >= total;
  };
  const auto limit = std::chrono::seconds(60 + static_cast<long>(open_loop ? o.seconds * 3 : 0));
  const bool complete = run_until(io, finished, limit);
  const auto end = SteadyClock::now();
  const double cpu = target.pid ? cpu_seconds(target.pid) - cpu_before : 0;

  auto out = result(o.accept ? "lifecycle" : "offers", target);
  auto& f = out["figures"];
  const auto l = latency.summarise();
  f["agents"] = world.agents.size();
  f["contacts"] = total;
  f["offered"] = first_offers;
  f["offer_p50_ms"] = l.p50_ms;
  f["offer_p99_ms"] = l.p99_ms;
  f["offer_p999_ms"] = l.p999_ms;
  f["offer_max_ms"] = l.max_ms;
  f["offers_per_s"] = first_offers / seconds_between(start, first_offers ? last_offer : end);
  if (o.accept) {
    f["wrapped_up"] = wrapped;
    f["lifecycles_per_s"] = wrapped / seconds_between(start, wrapped ? last_wrap : end);
  }
  if (open_loop) f["rate_per_s"] = o.rate;
  f["server_cpu_s"] = cpu;
  f["refused"] = source.refused();
  f["errors"] = fleet.counters().errors;
  f["dropped"] = fleet.counters().dropped;
  if (!complete) out["notes"].push_back("did not finish within the time limit");
  if (!source.first_refusal().empty()) {
    out["notes"].push_back("first refusal: " + source.first_refusal());
  }
  if (!fleet.counters().first_error.empty()) {
    out["notes"].push_back("first error: " + fleet.counters().first_error);
  }
  return out;
}

}  // namespace ccr::bench
