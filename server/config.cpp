#include "server/config.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "server/config_settings.hpp"

namespace ccr::server {
namespace {

using config_detail::find_setting;
using config_detail::is_group;
using config_detail::Setting;
using config_detail::SettingKind;
using config_detail::settings;
using nlohmann::json;

constexpr const char* kEnvPrefix = "CCROUTER_";

// Options read from the command line; the setting-valued ones are applied last.
struct CommandLine {
  std::string config_file;
  struct Override {
    const Setting* setting;
    json value;
    std::string flag;
  };
  std::vector<Override> overrides;
};

void throw_if_any(const std::vector<std::string>& errors) {
  if (errors.empty()) {
    return;
  }
  std::string message = "invalid configuration:";
  for (const auto& e : errors) {
    message += "\n  " + e;
  }
  throw ConfigError(message);
}

CommandLine parse_command_line(int argc, const char* const* argv, std::ostream& out) {
  CLI::App app{"ccrouter: headless contact-center routing server", "ccrouter"};
  app.footer(
      "Every setting can also be given in the config file or as an environment variable "
      "CCROUTER_<KEY> (see docs/configuration.md). Precedence: flags > environment > file > "
      "defaults.");
  app.set_version_flag("--version", std::string("ccrouter ") + CCR_VERSION);
  std::string config_file;
  std::string listen;
  std::string db;
  std::string log_level;
  bool demo = false;
  app.add_option("--config", config_file, "JSON configuration file (must exist)");
  auto* listen_opt = app.add_option("--listen", listen, "HOST:PORT to listen on; port 0 = any");
  auto* db_opt = app.add_option("--db", db, "SQLite database file");
  auto* demo_opt = app.add_flag("--demo", demo, "seed the demo tenant when the database is empty");
  auto* level_opt =
      app.add_option("--log-level", log_level, "trace, debug, info, warn, error, critical or off");
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& done) {
    app.exit(done, out, out);
    throw ConfigExit();
  } catch (const CLI::ParseError& e) {
    throw ConfigError(std::string("command line: ") + e.what() + " (run with --help)");
  }
  CommandLine result{config_file, {}};
  const auto add = [&result](const CLI::Option* opt, const char* key, json value) {
    if (opt->count() > 0) {
      result.overrides.push_back({find_setting(key), std::move(value), opt->get_name()});
    }
  };
  add(listen_opt, "listen", listen);
  add(db_opt, "db", db);
  add(demo_opt, "demo", demo);
  add(level_opt, "log_level", log_level);
  return result;
}

void apply_object(const json& object, const std::string& prefix, Config& config,
                  const std::string& source, std::vector<std::string>& errors) {
  for (const auto& [name, value] : object.items()) {
    const std::string key = prefix + name;
    if (is_group(key)) {
      if (value.is_object()) {
        apply_object(value, key + ".", config, source, errors);
      } else {
        errors.push_back(source + ": key '" + key + "' must be an object");
      }
    } else if (const Setting* setting = find_setting(key)) {
      if (auto problem = setting->apply(config, value)) {
        errors.push_back(source + ": key '" + key + "' " + *problem);
      }
    } else {
      errors.push_back(source + ": unknown key '" + key + "'");
    }
  }
}

void apply_file(const std::string& path, Config& config) {
  const std::string source = "config file '" + path + "'";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw ConfigError(source + " does not exist or is not a regular file");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) {
    throw ConfigError(source + " cannot be read");
  }
  json document;
  try {
    document = json::parse(text.str(), nullptr, true, /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    throw ConfigError(source + " is not valid JSON: " + e.what());
  }
  if (!document.is_object()) {
    throw ConfigError(source + " must hold a JSON object");
  }
  std::vector<std::string> errors;
  apply_object(document, "", config, source, errors);
  throw_if_any(errors);
}

std::string trim(const std::string& s) {
  const auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  const auto first = std::find_if_not(s.begin(), s.end(), is_space);
  const auto last = std::find_if_not(s.rbegin(), s.rend(), is_space).base();
  return first < last ? std::string(first, last) : std::string();
}

// Converts an environment string to the JSON value the setting expects, or nullopt.
std::optional<json> env_value(SettingKind kind, const std::string& raw) {
  switch (kind) {
    case SettingKind::String:
      return json(raw);
    case SettingKind::Integer: {
      std::int64_t n = 0;
      const auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), n);
      if (ec != std::errc{} || end != raw.data() + raw.size()) {
        return std::nullopt;
      }
      return json(n);
    }
    case SettingKind::Boolean: {
      std::string lower = raw;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (lower == "true" || lower == "1" || lower == "yes" || lower == "on") {
        return json(true);
      }
      if (lower == "false" || lower == "0" || lower == "no" || lower == "off") {
        return json(false);
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

void apply_environment(const std::function<const char*(const char*)>& getenv, Config& config) {
  std::vector<std::string> errors;
  for (const Setting& setting : settings()) {
    const std::string name = env_var_name(setting.key);
    const char* raw = getenv(name.c_str());
    if (raw == nullptr) {
      continue;
    }
    const std::string value = trim(raw);
    if (value.empty()) {
      continue;
    }
    const std::string prefix = "environment variable " + name + ": key '" + setting.key + "' ";
    const auto converted = env_value(setting.kind, value);
    if (!converted) {
      errors.push_back(prefix + "must be " +
                       (setting.kind == SettingKind::Integer ? "an integer" : "true or false") +
                       ", not '" + value + "'");
    } else if (auto problem = setting.apply(config, *converted)) {
      errors.push_back(prefix + *problem);
    }
  }
  throw_if_any(errors);
}

void check_consistency(const Config& config) {
  if (config.limits.ws_outbox_max_bytes < config.limits.ws_max_frame_bytes) {
    throw ConfigError(
        "invalid configuration: limits.ws_outbox_max_bytes must be at least "
        "limits.ws_max_frame_bytes, or no full-size message could ever be queued");
  }
}

}  // namespace

Config load_config(int argc, const char* const* argv,
                   const std::function<const char*(const char*)>& getenv, std::ostream& out) {
  const CommandLine command_line = parse_command_line(argc, argv, out);
  Config config;
  if (!command_line.config_file.empty()) {
    apply_file(command_line.config_file, config);
  }
  apply_environment(getenv, config);
  std::vector<std::string> errors;
  for (const auto& [setting, value, flag] : command_line.overrides) {
    if (auto problem = setting->apply(config, value)) {
      errors.push_back("command line " + flag + ": key '" + setting->key + "' " + *problem);
    }
  }
  throw_if_any(errors);
  check_consistency(config);
  return config;
}

std::string describe(const Config& config) {
  std::string line;
  for (const Setting& setting : settings()) {
    if (!line.empty()) {
      line += ' ';
    }
    line += setting.key + '=';
    if (setting.key == "admin_token") {
      line += config.admin_token.empty() ? "(stored or generated)" : "(configured)";
    } else {
      const json value = setting.read(config);
      line += value.is_string() ? value.get<std::string>() : value.dump();
    }
  }
  return line;
}

std::string to_string(const ListenAddress& address) {
  const bool ipv6 = address.host.find(':') != std::string::npos;
  return (ipv6 ? "[" + address.host + "]" : address.host) + ":" + std::to_string(address.port);
}

std::vector<std::string> config_keys() {
  std::vector<std::string> keys;
  for (const Setting& setting : settings()) {
    keys.push_back(setting.key);
  }
  return keys;
}

std::string env_var_name(const std::string& key) {
  std::string name = kEnvPrefix;
  for (const char c : key) {
    name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

}  // namespace ccr::server
