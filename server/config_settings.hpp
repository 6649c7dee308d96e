// The table of configuration settings behind load_config: each dotted key with its type, how to
// validate and store a JSON value into Config, and how to read it back for describe(). Internal to
// ccr_config; start-up only (main thread).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "server/config.hpp"

namespace ccr::server::config_detail {

enum class SettingKind { String, Integer, Boolean };

struct Setting {
  std::string key;  // dotted path, e.g. "timeouts.ws_auth_ms"
  SettingKind kind;
  // Validates `value` and stores it; returns the problem (without the key) when it is refused.
  std::function<std::optional<std::string>(Config&, const nlohmann::json&)> apply;
  std::function<nlohmann::json(const Config&)> read;
};

// Every setting, in documentation order.
const std::vector<Setting>& settings();

// nullptr when `key` names no setting.
const Setting* find_setting(const std::string& key);

// True when `key` is a group of settings ("limits", "timeouts").
bool is_group(const std::string& key);

}  // namespace ccr::server::config_detail
