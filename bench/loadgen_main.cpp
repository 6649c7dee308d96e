// ccr_loadgen: the benchmark load generator. Each subcommand runs one scenario against a running
// server (ccrouter, or the baseline with --baseline) and prints its result as one JSON line;
// `table` turns the lines of a run into the report. bench/run drives it; see
// docs/performance.md.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "result_table.hpp"
#include "scenarios.hpp"

using namespace ccr::bench;

namespace {

void add_world_options(CLI::App& command, WorldOptions& world) {
  command.add_option("--agents", world.agents, "agent desktops");
  command.add_option("--channel", world.channel, "channel of the contacts")
      ->check(CLI::IsMember({"chat", "email", "social", "voice"}));
  command.add_option("--capacity", world.capacity, "agent capacity on the channel (OF10)")
      ->check(CLI::Range(1, 50));
  command.add_option("--rona-ms", world.rona_timeout_ms, "the queue's ring timeout")
      ->check(CLI::Range(1000, 600000));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ccr_loadgen: ccrouter benchmark load generator"};
  app.require_subcommand(1);
  Target target;
  std::string label;
  if (const char* token = std::getenv("CCROUTER_ADMIN_TOKEN")) target.admin_token = token;
  app.add_option("--port", target.port, "the server's port on 127.0.0.1");
  app.add_option("--pid", target.pid, "the server's process id (for memory and CPU figures)");
  app.add_flag("--baseline", target.baseline, "the server is ccr_baseline");
  app.add_option("--label", label, "the result's name in the report");

  OfferOptions offers;
  offers.world.agents = 1000;
  auto* offers_cmd = app.add_subcommand("offers", "offer throughput and latency");
  add_world_options(*offers_cmd, offers.world);
  offers_cmd->add_flag("--accept", offers.accept, "agents accept, hold, end and wrap up");
  offers_cmd->add_option("--hold-ms", offers.hold_ms, "from accept to end")
      ->check(CLI::NonNegativeNumber);
  offers_cmd->add_option("--contacts", offers.contacts, "closed loop: contacts to post");
  offers_cmd->add_option("--rate", offers.rate, "open loop: contacts per second");
  offers_cmd->add_option("--seconds", offers.seconds, "open loop: how long");
  offers_cmd->add_option("--connections", offers.connections, "HTTP connections posting");

  std::size_t memory_agents = 10000;
  auto* memory_cmd = app.add_subcommand("memory", "memory per idle connected agent");
  memory_cmd->add_option("--agents", memory_agents, "agent desktops");

  RingOptions ring;
  ring.world.agents = 200;
  ring.world.rona_timeout_ms = 1000;
  auto* ring_cmd = app.add_subcommand("ring", "ring-timeout accuracy");
  add_world_options(*ring_cmd, ring.world);
  ring_cmd->add_option("--rate", ring.rate, "contacts per second");
  ring_cmd->add_option("--seconds", ring.seconds, "how long contacts arrive");

  std::size_t echo_agents = 100;
  double echo_seconds = 5;
  auto* echo_cmd = app.add_subcommand("echo", "WebSocket ping round trips");
  echo_cmd->add_option("--agents", echo_agents, "agent desktops");
  echo_cmd->add_option("--seconds", echo_seconds, "how long");

  RestartOptions restart;
  auto* restart_cmd = app.add_subcommand("restart", "restart-to-ready with open interactions");
  restart_cmd->add_option("--server", restart.server_binary, "the server binary")->required();
  restart_cmd->add_option("--db", restart.db_path, "its database file")->required();
  restart_cmd->add_option("--log", restart.log_path, "where its output goes")->required();
  restart_cmd->add_option("--contacts", restart.contacts, "open interactions to restart with");
  restart_cmd->add_option("--rounds", restart.rounds, "restarts of each kind")
      ->check(CLI::Range(1, 100));

  auto* ready_cmd = app.add_subcommand("ready", "exit status 0 when GET /readyz answers 200");

  std::string results_path;
  auto* table_cmd = app.add_subcommand("table", "print the report table of a run's results");
  table_cmd->add_option("results", results_path, "file of result lines")->required();

  CLI11_PARSE(app, argc, argv);
  try {
    if (table_cmd->parsed()) {
      std::ifstream in(results_path);
      if (!in) throw std::runtime_error("cannot read " + results_path);
      return print_table(in, std::cout) ? 0 : 3;
    }
    if (target.port == 0) throw std::runtime_error("--port is required");
    if (ready_cmd->parsed()) return is_ready(target.port) ? 0 : 1;
    if (!target.baseline && target.admin_token.empty()) {
      throw std::runtime_error("set CCROUTER_ADMIN_TOKEN to the server's admin token");
    }
    nlohmann::json out;
    if (offers_cmd->parsed()) {
      if ((offers.rate > 0) == (offers.contacts > 0)) {
        throw std::runtime_error("give either --contacts (closed loop) or --rate (open loop)");
      }
      out = run_offers(target, offers);
    } else if (memory_cmd->parsed()) {
      out = run_memory(target, memory_agents);
    } else if (ring_cmd->parsed()) {
      out = run_ring_timeout(target, ring);
    } else if (echo_cmd->parsed()) {
      out = run_echo(target, echo_agents, echo_seconds);
    } else {
      out = run_restart(target, restart);
    }
    out["label"] = label.empty() ? out["scenario"] : nlohmann::json(label);
    std::cout << out.dump() << std::endl;
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ccr_loadgen: %s\n", e.what());
    return 1;
  }
}
