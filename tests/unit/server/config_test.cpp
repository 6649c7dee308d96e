// Configuration loading: defaults < file < environment < flags, and every refusal names its key.
#include "server/config.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using Catch::Matchers::Contains;
using ccr::server::Config;
using ccr::server::ConfigError;
using ccr::server::ConfigExit;
using ccr::server::LogFormat;
using ccr::server::Synchronous;
using ccr::server::TelephonyMode;

namespace {

using Env = std::map<std::string, std::string>;

// A config file in the temp directory, removed when the test ends.
class TempFile {
 public:
  explicit TempFile(const std::string& content)
      : path_(std::filesystem::temp_directory_path() /
              // ctest runs test cases as parallel processes: the pid keeps their files apart.
              ("ccr_config_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter_) +
               ".json")) {
    std::ofstream(path_) << content;
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() { std::filesystem::remove(path_); }
  [[nodiscard]] std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

Config load(std::vector<std::string> args, const Env& env = {}) {
  args.insert(args.begin(), "ccrouter");
  std::vector<const char*> argv;
  for (const auto& a : args) {
    argv.push_back(a.c_str());
  }
  const auto getenv = [&env](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  std::ostringstream out;
  return ccr::server::load_config(static_cast<int>(argv.size()), argv.data(), getenv, out);
}

std::string load_error(std::vector<std::string> args, const Env& env = {}) {
  try {
    load(std::move(args), env);
  } catch (const ConfigError& e) {
    return e.what();
  }
  FAIL("expected a ConfigError");
  return {};
}

void collect_keys(const nlohmann::json& object, const std::string& prefix,
                  std::set<std::string>& keys) {
  for (const auto& [name, value] : object.items()) {
    if (value.is_object()) {
      collect_keys(value, prefix + name + ".", keys);
    } else {
      keys.insert(prefix + name);
    }
  }
}

}  // namespace

TEST_CASE("defaults apply with no file, environment or flags", "[config]") {
  const Config config = load({});
  CHECK(config == Config{});
  CHECK(config.listen.host == "0.0.0.0");
  CHECK(config.listen.port == 8080);
  CHECK(config.db == "./data/ccrouter.db");
  CHECK(config.synchronous == Synchronous::Normal);
  CHECK(config.admin_token.empty());
  CHECK(config.telephony == TelephonyMode::Simulated);
  CHECK(config.log_level == spdlog::level::info);
  CHECK(config.log_format == LogFormat::Text);
  CHECK_FALSE(config.demo);
  CHECK(config.limits.ws_max_frame_bytes == 65536);
  CHECK(config.limits.json_max_depth == 32);
  CHECK(config.limits.ws_outbox_max_messages == 1024);
  CHECK(config.limits.ws_outbox_max_bytes == 4194304);
  CHECK(config.limits.http_max_body_bytes == 1048576);
  CHECK(config.limits.http_max_header_bytes == 16384);
  CHECK(config.limits.max_connections == 20000);
  CHECK(config.limits.page_size_max == 200);
  CHECK(config.limits.max_concurrent_calls == 10000);
  CHECK(config.timeouts.ws_auth_ms.count() == 5000);
  CHECK(config.timeouts.ws_idle_ms.count() == 30000);
  CHECK(config.timeouts.http_request_ms.count() == 30000);
  CHECK(config.timeouts.disconnect_grace_ms.count() == 60000);
  CHECK(config.timeouts.drain_ms.count() == 10000);
  CHECK(config.timeouts.idempotency_ttl_ms.count() == 86400000);
}

TEST_CASE("config/ccrouter.json holds exactly every key with its default", "[config]") {
  const std::string path = std::string(CCR_SOURCE_DIR) + "/config/ccrouter.json";
  CHECK(load({"--config", path}) == Config{});
  std::ifstream in(path);
  std::set<std::string> keys;
  collect_keys(nlohmann::json::parse(in), "", keys);
  const auto expected = ccr::server::config_keys();
  CHECK(keys == std::set<std::string>(expected.begin(), expected.end()));
}

TEST_CASE("the config file overrides defaults", "[config]") {
  const TempFile file(R"({
    // comments are allowed
    "listen": "127.0.0.1:0", "synchronous": "full", "telephony": "gateway",
    "log_level": "debug", "log_format": "json", "demo": true, "admin_token": "from-file",
    "limits": {"ws_max_frame_bytes": 2048, "json_max_depth": 16},
    "timeouts": {"disconnect_grace_ms": 0}
  })");
  const Config config = load({"--config", file.path()});
  CHECK(config.listen.host == "127.0.0.1");
  CHECK(config.listen.port == 0);
  CHECK(config.synchronous == Synchronous::Full);
  CHECK(config.telephony == TelephonyMode::Gateway);
  CHECK(config.log_level == spdlog::level::debug);
  CHECK(config.log_format == LogFormat::Json);
  CHECK(config.demo);
  CHECK(config.admin_token == "from-file");
  CHECK(config.limits.ws_max_frame_bytes == 2048);
  CHECK(config.limits.json_max_depth == 16);
  CHECK(config.limits.ws_outbox_max_messages == 1024);
  CHECK(config.timeouts.disconnect_grace_ms.count() == 0);
  CHECK(config.db == "./data/ccrouter.db");
}

TEST_CASE("environment variables override the file", "[config]") {
  const TempFile file(R"({"listen": "127.0.0.1:9000", "db": "/file.db",
                          "timeouts": {"disconnect_grace_ms": 1000}})");
  const Env env = {{"CCROUTER_LISTEN", "10.0.0.1:9100"},
                   {"CCROUTER_ADMIN_TOKEN", "from-env"},
                   {"CCROUTER_LIMITS_WS_MAX_FRAME_BYTES", " 131072 "},
                   {"CCROUTER_TIMEOUTS_DISCONNECT_GRACE_MS", "2500"},
                   {"CCROUTER_DEMO", "yes"},
                   {"CCROUTER_SYNCHRONOUS", "OFF"},
                   {"CCROUTER_DB", ""}};
  const Config config = load({"--config", file.path()}, env);
  CHECK(ccr::server::to_string(config.listen) == "10.0.0.1:9100");
  CHECK(config.admin_token == "from-env");
  CHECK(config.limits.ws_max_frame_bytes == 131072);
  CHECK(config.timeouts.disconnect_grace_ms.count() == 2500);
  CHECK(config.demo);
  CHECK(config.synchronous == Synchronous::Off);
  CHECK(config.db == "/file.db");  // an empty variable counts as unset
}

TEST_CASE("command-line flags override the environment", "[config]") {
  const TempFile file(R"({"log_level": "error"})");
  const Env env = {{"CCROUTER_LISTEN", "10.0.0.1:9100"},
                   {"CCROUTER_DB", "/env.db"},
                   {"CCROUTER_LOG_LEVEL", "warn"},
                   {"CCROUTER_DEMO", "false"}};
  const Config config = load({"--config", file.path(), "--listen", "[::1]:0", "--db", "/flag.db",
                              "--log-level", "trace", "--demo"},
                             env);
  CHECK(config.listen.host == "::1");
  CHECK(config.listen.port == 0);
  CHECK(ccr::server::to_string(config.listen) == "[::1]:0");
  CHECK(config.db == "/flag.db");
  CHECK(config.log_level == spdlog::level::trace);
  CHECK(config.demo);
}

TEST_CASE("unknown keys in the file are errors naming the key", "[config]") {
  const TempFile top(R"({"listen": "0.0.0.0:1", "colour": "red"})");
  CHECK_THAT(load_error({"--config", top.path()}), Contains("unknown key 'colour'"));
  const TempFile nested(R"({"limits": {"ws_max_frame_byte": 4096}})");
  CHECK_THAT(load_error({"--config", nested.path()}),
             Contains("unknown key 'limits.ws_max_frame_byte'"));
}

TEST_CASE("wrong types and out-of-range numbers are errors naming the key", "[config]") {
  using Row = std::pair<std::string, std::string>;
  const auto row = GENERATE(
      Row{R"({"demo": "true"})", "'demo' must be true or false"},
      Row{R"({"limits": {"ws_max_frame_bytes": "65536"}})",
          "'limits.ws_max_frame_bytes' must be an integer"},
      Row{R"({"limits": {"ws_max_frame_bytes": 1023}})",
          "'limits.ws_max_frame_bytes' must be an integer from 1024"},
      Row{R"({"timeouts": {"ws_auth_ms": -1}})", "'timeouts.ws_auth_ms' must be an integer from 1"},
      Row{R"({"timeouts": {"drain_ms": 1.5}})", "'timeouts.drain_ms' must be an integer"},
      Row{R"({"limits": 5})", "'limits' must be an object"},
      Row{R"({"db": ""})", "'db' must not be empty"},
      Row{R"({"log_level": "loud"})", "'log_level' must be one of trace"},
      Row{R"({"telephony": "sip"})", "'telephony' must be one of simulated, gateway"},
      Row{R"({"admin_token": 42})", "'admin_token' must be a string"},
      Row{R"([1, 2])", "must hold a JSON object"}, Row{R"({"listen": )", "is not valid JSON"});
  CAPTURE(row.first);
  const TempFile file(row.first);
  CHECK_THAT(load_error({"--config", file.path()}), Contains(row.second));
}

TEST_CASE("malformed listen addresses are refused", "[config]") {
  const auto bad = GENERATE(as<std::string>{}, "8080", "0.0.0.0", "0.0.0.0:", ":8080",
                            "0.0.0.0:65536", "0.0.0.0:-1", "0.0.0.0:80x", "::1:8080", "[::1]8080",
                            "[]:80", "bad host:80", "[zz::1]:80");
  CAPTURE(bad);
  CHECK_THAT(load_error({"--listen", bad}), Contains("--listen: key 'listen' must be HOST:PORT"));
  CHECK_THAT(load_error({}, {{"CCROUTER_LISTEN", bad}}),
             Contains("CCROUTER_LISTEN: key 'listen' must be HOST:PORT"));
}

TEST_CASE("a bad synchronous mode is refused and any case of a good one is accepted", "[config]") {
  CHECK_THAT(load_error({}, {{"CCROUTER_SYNCHRONOUS", "EXTRA"}}),
             Contains("must be one of NORMAL, FULL, OFF"));
  CHECK(load({}, {{"CCROUTER_SYNCHRONOUS", "full"}}).synchronous == Synchronous::Full);
}

TEST_CASE("environment values that do not parse name the variable", "[config]") {
  CHECK_THAT(load_error({}, {{"CCROUTER_LIMITS_WS_MAX_FRAME_BYTES", "64k"}}),
             Contains("CCROUTER_LIMITS_WS_MAX_FRAME_BYTES: key 'limits.ws_max_frame_bytes' must be "
                      "an integer, not '64k'"));
  CHECK_THAT(load_error({}, {{"CCROUTER_DEMO", "maybe"}}),
             Contains("CCROUTER_DEMO: key 'demo' must be true or false"));
  CHECK_THAT(
      load_error({}, {{"CCROUTER_TIMEOUTS_WS_IDLE_MS", "0"}}),
      Contains(
          "CCROUTER_TIMEOUTS_WS_IDLE_MS: key 'timeouts.ws_idle_ms' must be an integer from 1"));
}

TEST_CASE("a missing --config file is an error", "[config]") {
  CHECK_THAT(load_error({"--config", "/nonexistent/ccrouter.json"}),
             Contains("'/nonexistent/ccrouter.json' does not exist"));
}

TEST_CASE("unknown flags are errors", "[config]") {
  CHECK_THAT(load_error({"--lisen", "0.0.0.0:1"}), Contains("run with --help"));
}

TEST_CASE("the outbox must hold at least one full-size frame", "[config]") {
  CHECK_THAT(load_error({}, {{"CCROUTER_LIMITS_WS_OUTBOX_MAX_BYTES", "4096"}}),
             Contains("limits.ws_outbox_max_bytes must be at least limits.ws_max_frame_bytes"));
}

TEST_CASE("help and version flags print and ask main to exit 0", "[config]") {
  for (const char* flag : {"--help", "--version"}) {
    const char* argv[] = {"ccrouter", flag};
    std::ostringstream out;
    CHECK_THROWS_AS(ccr::server::load_config(
                        2, argv, [](const char*) { return nullptr; }, out),
                    ConfigExit);
    CHECK_THAT(out.str(), Contains("ccrouter"));
  }
}

TEST_CASE("environment variable names follow the JSON path", "[config]") {
  CHECK(ccr::server::env_var_name("listen") == "CCROUTER_LISTEN");
  CHECK(ccr::server::env_var_name("timeouts.disconnect_grace_ms") ==
        "CCROUTER_TIMEOUTS_DISCONNECT_GRACE_MS");
}

TEST_CASE("describe() shows the settings but never the admin token", "[config]") {
  const std::string secret = "s3cr3t-token-value-0123456789";
  const Config config = load({"--listen", "127.0.0.1:0"}, {{"CCROUTER_ADMIN_TOKEN", secret}});
  const std::string line = ccr::server::describe(config);
  CHECK(line.find(secret) == std::string::npos);
  CHECK_THAT(line, Contains("listen=127.0.0.1:0"));
  CHECK_THAT(line, Contains("synchronous=NORMAL"));
  CHECK_THAT(line, Contains("admin_token=(configured)"));
  CHECK_THAT(line, Contains("timeouts.disconnect_grace_ms=60000"));
  CHECK(line.find('\n') == std::string::npos);
  CHECK_THAT(ccr::server::describe(Config{}), Contains("admin_token=(stored or generated)"));
}
