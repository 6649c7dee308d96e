// Server configuration: every setting with its built-in default, loaded once at start-up by
// main() from defaults < config file < CCROUTER_* environment < command-line flags. Start-up only
// (main thread, before any other thread exists); throws ConfigError, which main reports and exits.
// The loaded Config is immutable afterwards and may be read from any thread.
#pragma once

#include <spdlog/common.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ccr::server {

// A refused configuration: the message names the offending key, variable or flag.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown after --help or --version printed their text: main exits with status 0.
class ConfigExit : public std::exception {
 public:
  [[nodiscard]] const char* what() const noexcept override { return "help or version printed"; }
};

enum class Synchronous { Off, Normal, Full };
enum class TelephonyMode { Simulated, Gateway };
enum class LogFormat { Text, Json };

struct ListenAddress {
  std::string host = "0.0.0.0";  // IPv4, host name, or IPv6 without the brackets
  std::uint16_t port = 8080;     // 0 = ephemeral, the server logs the bound port
  bool operator==(const ListenAddress&) const = default;
};

struct Limits {
  std::size_t ws_max_frame_bytes = 65536;
  int json_max_depth = 32;
  std::size_t ws_outbox_max_messages = 1024;
  std::size_t ws_outbox_max_bytes = 4194304;
  std::size_t http_max_body_bytes = 1048576;
  std::size_t http_max_header_bytes = 16384;
  std::size_t max_connections = 20000;
  std::size_t page_size_max = 200;
  std::size_t max_concurrent_calls = 10000;  // LI1: the whole server ("data center")
  bool operator==(const Limits&) const = default;
};

struct Timeouts {
  std::chrono::milliseconds ws_auth_ms{5000};
  std::chrono::milliseconds ws_idle_ms{30000};
  std::chrono::milliseconds http_request_ms{30000};
  std::chrono::milliseconds disconnect_grace_ms{60000};
  std::chrono::milliseconds drain_ms{10000};
  std::chrono::milliseconds idempotency_ttl_ms{86400000};
  bool operator==(const Timeouts&) const = default;
};

struct Config {
  ListenAddress listen;
  std::string db = "./data/ccrouter.db";
  Synchronous synchronous = Synchronous::Normal;
  // Group commit under load: the most a change waits for others to share its commit
  // (storage::Writer::Options::commit_window). 0: commit each change as soon as it can.
  std::int64_t commit_window_us = 500;
  std::string admin_token;  // empty: use the stored hash, or generate one on first start
  TelephonyMode telephony = TelephonyMode::Simulated;
  spdlog::level::level_enum log_level = spdlog::level::info;
  LogFormat log_format = LogFormat::Text;
  bool demo = false;
  Limits limits;
  Timeouts timeouts;
  bool operator==(const Config&) const = default;
};

// Loads the configuration. `getenv` is injectable for tests; --help/--version text goes to `out`
// and is followed by ConfigExit.
Config load_config(int argc, const char* const* argv,
                   const std::function<const char*(const char*)>& getenv = ::getenv,
                   std::ostream& out = std::cout);

// One line for the start-up log. Never contains the admin token.
std::string describe(const Config& config);

// "host:port", with brackets around an IPv6 host.
std::string to_string(const ListenAddress& address);

// Every setting's dotted key ("limits.ws_max_frame_bytes"), in documentation order.
std::vector<std::string> config_keys();

// The environment variable for a dotted key: CCROUTER_LIMITS_WS_MAX_FRAME_BYTES.
std::string env_var_name(const std::string& key);

}  // namespace ccr::server
