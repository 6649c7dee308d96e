#include "server/config_settings.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

namespace ccr::server::config_detail {
namespace {

using nlohmann::json;
using Problem = std::optional<std::string>;

constexpr std::int64_t kKiB = 1024;
constexpr std::int64_t kMiB = 1024 * kKiB;
constexpr std::int64_t kGiB = 1024 * kMiB;
constexpr std::int64_t kHourMs = std::int64_t{3600} * 1000;
constexpr std::int64_t kDayMs = 24 * kHourMs;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

template <typename Access>
Setting text(std::string key, Access access, std::function<Problem(const std::string&)> check) {
  return Setting{std::move(key), SettingKind::String,
                 [access, check = std::move(check)](Config& config, const json& value) -> Problem {
                   if (!value.is_string()) {
                     return "must be a string";
                   }
                   const auto& s = value.get_ref<const std::string&>();
                   if (auto problem = check(s)) {
                     return problem;
                   }
                   access(config) = s;
                   return std::nullopt;
                 },
                 [access](const Config& config) { return json(access(config)); }};
}

template <typename Access>
Setting integer(std::string key, std::int64_t lo, std::int64_t hi, Access access) {
  return Setting{std::move(key), SettingKind::Integer,
                 [access, lo, hi](Config& config, const json& value) -> Problem {
                   const std::string range = "must be an integer from " + std::to_string(lo) +
                                             " to " + std::to_string(hi);
                   if (!value.is_number_integer()) {
                     return range;
                   }
                   if (value.is_number_unsigned() &&
                       value.get<std::uint64_t>() >
                           static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                     return range;
                   }
                   const auto n = value.get<std::int64_t>();
                   if (n < lo || n > hi) {
                     return range;
                   }
                   auto& field = access(config);
                   using Field = std::remove_reference_t<decltype(field)>;
                   if constexpr (std::is_same_v<Field, std::chrono::milliseconds>) {
                     field = std::chrono::milliseconds{n};
                   } else {
                     field = static_cast<Field>(n);
                   }
                   return std::nullopt;
                 },
                 [access](const Config& config) -> json {
                   const auto& field = access(config);
                   if constexpr (std::is_same_v<std::remove_cvref_t<decltype(field)>,
                                                std::chrono::milliseconds>) {
                     return field.count();
                   } else {
                     return field;
                   }
                 }};
}

template <typename Access>
Setting boolean(std::string key, Access access) {
  return Setting{std::move(key), SettingKind::Boolean,
                 [access](Config& config, const json& value) -> Problem {
                   if (!value.is_boolean()) {
                     return "must be true or false";
                   }
                   access(config) = value.get<bool>();
                   return std::nullopt;
                 },
                 [access](const Config& config) { return json(access(config)); }};
}

template <typename Enum, typename Access>
Setting choice(std::string key, std::vector<std::pair<std::string, Enum>> options, Access access) {
  std::string names;
  for (const auto& [name, value] : options) {
    names += (names.empty() ? "" : ", ") + name;
  }
  return Setting{std::move(key), SettingKind::String,
                 [access, options, names](Config& config, const json& value) -> Problem {
                   if (value.is_string()) {
                     for (const auto& [name, option] : options) {
                       if (iequals(name, value.get_ref<const std::string&>())) {
                         access(config) = option;
                         return std::nullopt;
                       }
                     }
                   }
                   return "must be one of " + names;
                 },
                 [access, options](const Config& config) {
                   const auto current = access(config);
                   for (const auto& [name, option] : options) {
                     if (option == current) {
                       return json(name);
                     }
                   }
                   return json();
                 }};
}

bool is_host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_';
}

bool is_ipv6_char(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
}

std::optional<ListenAddress> parse_listen(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  const bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
  if (bracketed) {
    host = host.substr(1, host.size() - 2);
  }
  const auto valid_char = bracketed ? is_ipv6_char : is_host_char;
  if (host.empty() || !std::all_of(host.begin(), host.end(), valid_char)) {
    return std::nullopt;
  }
  unsigned port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || port_text.size() > 5 || ec != std::errc{} ||
      end != port_text.data() + port_text.size() || port > 65535) {
    return std::nullopt;
  }
  return ListenAddress{std::string(host), static_cast<std::uint16_t>(port)};
}

Setting listen_setting() {
  return Setting{"listen", SettingKind::String,
                 [](Config& config, const json& value) -> Problem {
                   const auto address = value.is_string()
                                            ? parse_listen(value.get_ref<const std::string&>())
                                            : std::nullopt;
                   if (!address) {
                     return "must be HOST:PORT with a port from 0 to 65535, e.g. 0.0.0.0:8080 "
                            "or [::1]:8080";
                   }
                   config.listen = *address;
                   return std::nullopt;
                 },
                 [](const Config& config) { return json(to_string(config.listen)); }};
}

Problem non_empty(const std::string& s) {
  return s.empty() ? Problem("must not be empty") : std::nullopt;
}

Problem any_text(const std::string& /*s*/) { return std::nullopt; }

std::vector<Setting> build_settings() {
  using spdlog::level::level_enum;
  std::vector<Setting> all;
  all.push_back(listen_setting());
  all.push_back(text(
      "db", [](auto& c) -> auto& { return c.db; }, non_empty));
  all.push_back(choice<Synchronous>(
      "synchronous",
      {{"NORMAL", Synchronous::Normal}, {"FULL", Synchronous::Full}, {"OFF", Synchronous::Off}},
      [](auto& c) -> auto& { return c.synchronous; }));
  all.push_back(integer(
      "commit_window_us", 0, 100'000, [](auto& c) -> auto& { return c.commit_window_us; }));
  all.push_back(text(
      "admin_token", [](auto& c) -> auto& { return c.admin_token; }, any_text));
  all.push_back(choice<TelephonyMode>(
      "telephony", {{"simulated", TelephonyMode::Simulated}, {"gateway", TelephonyMode::Gateway}},
      [](auto& c) -> auto& { return c.telephony; }));
  all.push_back(choice<level_enum>(
      "log_level",
      {{"trace", level_enum::trace},
       {"debug", level_enum::debug},
       {"info", level_enum::info},
       {"warn", level_enum::warn},
       {"error", level_enum::err},
       {"critical", level_enum::critical},
       {"off", level_enum::off}},
      [](auto& c) -> auto& { return c.log_level; }));
  all.push_back(choice<LogFormat>(
      "log_format", {{"text", LogFormat::Text}, {"json", LogFormat::Json}},
      [](auto& c) -> auto& { return c.log_format; }));
  all.push_back(boolean(
      "demo", [](auto& c) -> auto& { return c.demo; }));

  const auto limit = [&all](const char* name, std::int64_t lo, std::int64_t hi, auto access) {
    all.push_back(integer(std::string("limits.") + name, lo, hi, access));
  };
  limit(
      "ws_max_frame_bytes", kKiB, 64 * kMiB,
      [](auto& c) -> auto& { return c.limits.ws_max_frame_bytes; });
  limit(
      "json_max_depth", 8, 512, [](auto& c) -> auto& { return c.limits.json_max_depth; });
  limit(
      "ws_outbox_max_messages", 1, 1'000'000,
      [](auto& c) -> auto& { return c.limits.ws_outbox_max_messages; });
  limit(
      "ws_outbox_max_bytes", kKiB, kGiB,
      [](auto& c) -> auto& { return c.limits.ws_outbox_max_bytes; });
  limit(
      "http_max_body_bytes", kKiB, kGiB,
      [](auto& c) -> auto& { return c.limits.http_max_body_bytes; });
  limit(
      "http_max_header_bytes", kKiB, kMiB,
      [](auto& c) -> auto& { return c.limits.http_max_header_bytes; });
  limit(
      "max_connections", 1, 1'000'000, [](auto& c) -> auto& { return c.limits.max_connections; });
  limit(
      "page_size_max", 1, 10'000, [](auto& c) -> auto& { return c.limits.page_size_max; });
  limit(
      "max_concurrent_calls", 0, 10'000'000,
      [](auto& c) -> auto& { return c.limits.max_concurrent_calls; });

  const auto timeout = [&all](const char* name, std::int64_t lo, std::int64_t hi, auto access) {
    all.push_back(integer(std::string("timeouts.") + name, lo, hi, access));
  };
  timeout(
      "ws_auth_ms", 1, kHourMs, [](auto& c) -> auto& { return c.timeouts.ws_auth_ms; });
  timeout(
      "ws_idle_ms", 1, kHourMs, [](auto& c) -> auto& { return c.timeouts.ws_idle_ms; });
  timeout(
      "http_request_ms", 1, kHourMs, [](auto& c) -> auto& { return c.timeouts.http_request_ms; });
  timeout(
      "disconnect_grace_ms", 0, kDayMs,
      [](auto& c) -> auto& { return c.timeouts.disconnect_grace_ms; });
  timeout(
      "drain_ms", 0, kHourMs, [](auto& c) -> auto& { return c.timeouts.drain_ms; });
  timeout(
      "idempotency_ttl_ms", 1, 30 * kDayMs,
      [](auto& c) -> auto& { return c.timeouts.idempotency_ttl_ms; });
  return all;
}

}  // namespace

const std::vector<Setting>& settings() {
  static const std::vector<Setting> all = build_settings();
  return all;
}

const Setting* find_setting(const std::string& key) {
  const auto& all = settings();
  const auto it =
      std::find_if(all.begin(), all.end(), [&key](const Setting& s) { return s.key == key; });
  return it == all.end() ? nullptr : &*it;
}

bool is_group(const std::string& key) {
  const std::string prefix = key + ".";
  return std::any_of(settings().begin(), settings().end(),
                     [&prefix](const Setting& s) { return s.key.starts_with(prefix); });
}

}  // namespace ccr::server::config_detail
