// ccr_baseline: the benchmarks' baseline server. It does only what ccrouter's hot path must
// (HTTP and WebSocket with Beast on one io thread, JSON with nlohmann, one SQLite writer with
// group commit, acknowledged means durable), so ccrouter's figures can be given as a ratio to it.
#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <exception>
#include <functional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

#include "baseline_server.hpp"
#include "baseline_store.hpp"

namespace {

// "127.0.0.1:8080" (port 0: any free port); throws std::invalid_argument when malformed.
boost::asio::ip::tcp::endpoint parse_endpoint(const std::string& text) {
  const auto colon = text.rfind(':');
  unsigned short port = 0;
  if (colon == std::string::npos) throw std::invalid_argument("--listen takes HOST:PORT");
  const char* last = text.data() + text.size();
  const auto [end, ec] = std::from_chars(text.data() + colon + 1, last, port);
  if (ec != std::errc{} || end != last) throw std::invalid_argument("bad port in --listen");
  return {boost::asio::ip::make_address(text.substr(0, colon)), port};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"ccr_baseline: the minimal server ccrouter's benchmarks are compared with"};
  std::string listen;
  std::string db;
  std::string synchronous = "NORMAL";
  int ring_timeout_ms = 0;
  cli.add_option("--listen", listen, "HOST:PORT to listen on (port 0: any)")->required();
  cli.add_option("--db", db, "SQLite database file")->required();
  cli.add_option("--synchronous", synchronous, "SQLite synchronous setting")
      ->check(CLI::IsMember({"NORMAL", "FULL", "OFF"}))
      ->capture_default_str();
  cli.add_option("--ring-timeout-ms", ring_timeout_ms,
                 "withdraw every offer with reason rona after this long (0: never)")
      ->check(CLI::Range(0, 600000));
  CLI11_PARSE(cli, argc, argv);

  boost::asio::io_context io{1};
  try {
    const auto endpoint = parse_endpoint(listen);
    ccr::bench::BaselineStore store(
        db, synchronous, [&io](std::function<void()> fn) { boost::asio::post(io, std::move(fn)); });
    ccr::bench::BaselineServer server(io, store, std::chrono::milliseconds(ring_timeout_ms));
    server.listen(endpoint);
    boost::asio::signal_set signals(io, SIGTERM, SIGINT);
    signals.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      server.stop();
      io.stop();
    });
    const auto local = server.local_endpoint();
    std::printf("listening on %s:%u\n", local.address().to_string().c_str(),
                static_cast<unsigned>(local.port()));
    std::fflush(stdout);
    io.run();
    store.stop();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ccr_baseline: %s\n", e.what());
    return 1;
  }
  return 0;
}
