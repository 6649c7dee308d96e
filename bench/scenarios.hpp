// The benchmark scenarios. Each runs against one server (ccrouter or the baseline), drives it on
// the load generator's own io thread, and returns its figures as one JSON object:
//   {"scenario", "label", "target", "figures": {name: value, ...}, "notes": [...]}
// which loadgen_main prints as one line and result_table turns into the report. Main thread.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "bench_world.hpp"

namespace ccr::bench {

struct Target {
  bool baseline = false;  // the baseline server: no REST setup, every command is acknowledged
  unsigned short port = 0;
  pid_t pid = 0;            // for /proc figures; 0: not read
  std::string admin_token;  // ccrouter's server admin token
};

struct OfferOptions {
  WorldOptions world;
  bool accept = false;  // false: offer-only (offers stay pending)
  int hold_ms = 0;
  std::size_t contacts = 0;  // closed loop: this many contacts, `connections` in flight
  double rate = 0;           // open loop: contacts per second for `seconds` (when > 0)
  double seconds = 0;
  std::size_t connections = 32;
};

struct RingOptions {
  WorldOptions world;  // rona_timeout_ms is the ring timeout
  double rate = 100;
  double seconds = 10;
};

struct RestartOptions {
  std::string server_binary;
  std::string db_path;
  std::string log_path;
  std::size_t contacts = 100000;
  int rounds = 3;
};

// Whether the server answers GET /readyz with 200 (bench/run waits for it).
bool is_ready(unsigned short port);
nlohmann::json run_offers(const Target& target, const OfferOptions& options);
nlohmann::json run_memory(const Target& target, std::size_t agents);
nlohmann::json run_ring_timeout(const Target& target, const RingOptions& options);
nlohmann::json run_echo(const Target& target, std::size_t agents, double seconds);
// Starts and stops the server itself (`target.port` is the port it is told to listen on).
nlohmann::json run_restart(const Target& target, const RestartOptions& options);

}  // namespace ccr::bench
