#include "storage/codec.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <string_view>

#include "storage/database.hpp"

namespace ccr::storage::codec {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// Every enumerator of each type, for decoding through encode(). The encode() switches have no
// default, so -Wswitch flags a new enumerator there; add it to these lists as well.
constexpr std::array kRoles = {core::Role::ServerAdmin, core::Role::Admin,
                               core::Role::Supervisor,  core::Role::Agent,
                               core::Role::Telephony,   core::Role::Web};
constexpr std::array kCodeKinds = {core::CodeKind::Idle, core::CodeKind::WrapUp};
constexpr std::array kAgentStates = {core::AgentState::LoggedOut, core::AgentState::Available,
                                     core::AgentState::Idle, core::AgentState::Rona};
constexpr std::array kStateReasons = {
    core::StateReason::Requested, core::StateReason::Rona,         core::StateReason::Login,
    core::StateReason::Logout,    core::StateReason::Disconnected, core::StateReason::Supervisor};

template <typename Enum, std::size_t N>
Enum from_text(const std::array<Enum, N>& values, const std::string& text, std::string_view what) {
  for (const Enum value : values) {
    if (encode(value) == text) return value;
  }
  throw StorageError("storage: unknown " + std::string(what) + " '" + text + "'");
}

// Never throws on invalid UTF-8: such bytes become U+FFFD.
template <typename Json>
std::string dump(const Json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

json parse_object(const std::string& text, std::string_view what) {
  json value = json::parse(text, nullptr, false);
  if (!value.is_object()) {
    throw StorageError("storage: " + std::string(what) + " is not a JSON object: " + text);
  }
  return value;
}

template <typename T>
T get_or(const json& object, const char* key, T fallback, std::string_view what) {
  const auto it = object.find(key);
  if (it == object.end()) return fallback;
  try {
    return it->get<T>();
  } catch (const json::exception& e) {
    throw StorageError("storage: bad " + std::string(what) + "." + key + ": " + e.what());
  }
}

}  // namespace

std::string encode(core::Role role) {
  switch (role) {
    case core::Role::ServerAdmin:
      return "server_admin";
    case core::Role::Admin:
      return "admin";
    case core::Role::Supervisor:
      return "supervisor";
    case core::Role::Agent:
      return "agent";
    case core::Role::Telephony:
      return "telephony";
    case core::Role::Web:
      return "web";
  }
  return "invalid";
}

std::string encode(core::CodeKind kind) {
  switch (kind) {
    case core::CodeKind::Idle:
      return "idle";
    case core::CodeKind::WrapUp:
      return "wrap_up";
  }
  return "invalid";
}

std::string encode(core::AgentState state) {
  switch (state) {
    case core::AgentState::LoggedOut:
      return "logged_out";
    case core::AgentState::Available:
      return "available";
    case core::AgentState::Idle:
      return "idle";
    case core::AgentState::Rona:
      return "rona";
  }
  return "invalid";
}

std::string encode(core::StateReason reason) {
  switch (reason) {
    case core::StateReason::Requested:
      return "requested";
    case core::StateReason::Rona:
      return "rona";
    case core::StateReason::Login:
      return "login";
    case core::StateReason::Logout:
      return "logout";
    case core::StateReason::Disconnected:
      return "disconnected";
    case core::StateReason::Supervisor:
      return "supervisor";
  }
  return "invalid";
}

core::Role decode_role(const std::string& text) { return from_text(kRoles, text, "role"); }
core::CodeKind decode_code_kind(const std::string& text) {
  return from_text(kCodeKinds, text, "code kind");
}
core::AgentState decode_agent_state(const std::string& text) {
  return from_text(kAgentStates, text, "agent state");
}
core::StateReason decode_state_reason(const std::string& text) {
  return from_text(kStateReasons, text, "state reason");
}

std::string encode(const core::TenantSettings& settings) {
  const json value = {
      {"noise_removal", settings.noise_removal},
      {"recording", settings.recording},
      {"privacy_shield",
       {{"enabled", settings.privacy_shield.enabled},
        {"max_pause_ms", settings.privacy_shield.max_pause_ms}}},
      {"max_concurrent_calls", settings.max_concurrent_calls},
      {"requeue_on_transfer_no_answer", settings.requeue_on_transfer_no_answer},
      {"end_call_for_web_callback", settings.end_call_for_web_callback},
  };
  return dump(value);
}

std::string encode(const core::ChannelCapacity& channels) {
  const json value = {{"voice", channels.voice},
                      {"chat", channels.chat},
                      {"email", channels.email},
                      {"social", channels.social}};
  return dump(value);
}

std::string encode(const std::map<std::string, int>& skills) { return dump(json(skills)); }

std::string encode(const std::vector<std::string>& ids) { return dump(json(ids)); }

std::string encode(const Fields& fields) {
  ordered_json value = ordered_json::object();
  for (const auto& [name, text] : fields) value.emplace(name, text);
  return dump(value);
}

core::TenantSettings decode_settings(const std::string& text) {
  const json value = parse_object(text, "settings");
  core::TenantSettings s;
  s.noise_removal = get_or(value, "noise_removal", s.noise_removal, "settings");
  s.recording = get_or(value, "recording", s.recording, "settings");
  const json shield = get_or(value, "privacy_shield", json::object(), "settings");
  s.privacy_shield.enabled =
      get_or(shield, "enabled", s.privacy_shield.enabled, "settings.privacy_shield");
  s.privacy_shield.max_pause_ms =
      get_or(shield, "max_pause_ms", s.privacy_shield.max_pause_ms, "settings.privacy_shield");
  s.max_concurrent_calls =
      get_or(value, "max_concurrent_calls", s.max_concurrent_calls, "settings");
  s.requeue_on_transfer_no_answer =
      get_or(value, "requeue_on_transfer_no_answer", s.requeue_on_transfer_no_answer, "settings");
  s.end_call_for_web_callback =
      get_or(value, "end_call_for_web_callback", s.end_call_for_web_callback, "settings");
  return s;
}

core::ChannelCapacity decode_channels(const std::string& text) {
  const json value = parse_object(text, "channels");
  core::ChannelCapacity c;
  c.voice = get_or(value, "voice", c.voice, "channels");
  c.chat = get_or(value, "chat", c.chat, "channels");
  c.email = get_or(value, "email", c.email, "channels");
  c.social = get_or(value, "social", c.social, "channels");
  return c;
}

std::map<std::string, int> decode_skills(const std::string& text) {
  const json value = parse_object(text, "skills");
  try {
    return value.get<std::map<std::string, int>>();
  } catch (const json::exception& e) {
    throw StorageError(std::string("storage: bad skills: ") + e.what());
  }
}

std::vector<std::string> decode_ids(const std::string& text) {
  const json value = json::parse(text, nullptr, false);
  if (!value.is_array()) throw StorageError("storage: team_ids is not a JSON array: " + text);
  try {
    return value.get<std::vector<std::string>>();
  } catch (const json::exception& e) {
    throw StorageError(std::string("storage: bad team_ids: ") + e.what());
  }
}

std::optional<Fields> decode_fields(const std::string& text) {
  const ordered_json value = ordered_json::parse(text, nullptr, false);
  if (!value.is_object()) return std::nullopt;
  Fields fields;
  fields.reserve(value.size());
  for (const auto& [name, item] : value.items()) {
    fields.emplace_back(name, item.is_string() ? item.get<std::string>() : dump(item));
  }
  return fields;
}

}  // namespace ccr::storage::codec
