// ccrouter: loads the configuration, runs the server on one io thread, drains on SIGTERM.
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>

#include "server/clock.hpp"
#include "server/config.hpp"
#include "server/logging.hpp"
#include "server/server.hpp"

int main(int argc, char** argv) {
  using namespace ccr::server;
  Config config;
  try {
    config = load_config(argc, argv);
  } catch (const ConfigExit&) {
    return 0;
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "ccrouter: %s\n", e.what());
    return 2;
  }
  setup_logging(config);
  spdlog::info("ccrouter starting: {}", describe(config));

  boost::asio::io_context io{1};
  SystemClock clock;
  AppHooks hooks;
  hooks.on_fatal = [](const std::string& what) {
    spdlog::critical("fatal: {}; exiting so that the next start recovers from disk", what);
    spdlog::shutdown();
    std::_Exit(70);
  };
  Server server(config, clock, io, hooks);
  try {
    server.start();
  } catch (const std::exception& e) {
    spdlog::critical("cannot start: {}", e.what());
    return 1;
  }
  boost::asio::signal_set signals(io, SIGTERM, SIGINT);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("signal {}: draining", signal);
    server.drain([&] { io.stop(); });
  });
  io.run();
  spdlog::info("stopped");
  return 0;
}
