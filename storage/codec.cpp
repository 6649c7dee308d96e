#include "storage/codec.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/json_text.hpp"
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
constexpr std::array kChannels = {core::Channel::Voice, core::Channel::Chat, core::Channel::Email,
                                  core::Channel::Social};
constexpr std::array kStrategies = {core::Strategy::LongestAvailable, core::Strategy::Skills};
constexpr std::array kVariableTypes = {core::VariableType::String, core::VariableType::Integer,
                                       core::VariableType::Boolean, core::VariableType::Datetime,
                                       core::VariableType::Decimal};
constexpr std::array kPhases = {core::Phase::Queued, core::Phase::Offered, core::Phase::Active,
                                core::Phase::WrapUp, core::Phase::Ended};
constexpr std::array kOfferKinds = {core::OfferKind::Inbound, core::OfferKind::Consult,
                                    core::OfferKind::Transfer, core::OfferKind::Callback,
                                    core::OfferKind::Outdial};

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

json parse_array(const std::string& text, std::string_view what) {
  json value = json::parse(text, nullptr, false);
  if (!value.is_array()) {
    throw StorageError("storage: " + std::string(what) + " is not a JSON array: " + text);
  }
  return value;
}

// The object at `item`, for decoding arrays of objects.
const json& as_object(const json& item, std::string_view what) {
  if (!item.is_object()) {
    throw StorageError("storage: " + std::string(what) + " holds a non-object: " + item.dump());
  }
  return item;
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

std::string encode(core::Channel channel) {
  switch (channel) {
    case core::Channel::Voice:
      return "voice";
    case core::Channel::Chat:
      return "chat";
    case core::Channel::Email:
      return "email";
    case core::Channel::Social:
      return "social";
  }
  return "invalid";
}

std::string encode(core::Strategy strategy) {
  switch (strategy) {
    case core::Strategy::LongestAvailable:
      return "longest_available";
    case core::Strategy::Skills:
      return "skills";
  }
  return "invalid";
}

std::string encode(core::VariableType type) {
  switch (type) {
    case core::VariableType::String:
      return "string";
    case core::VariableType::Integer:
      return "integer";
    case core::VariableType::Boolean:
      return "boolean";
    case core::VariableType::Datetime:
      return "datetime";
    case core::VariableType::Decimal:
      return "decimal";
  }
  return "invalid";
}

std::string encode(core::Phase phase) {
  switch (phase) {
    case core::Phase::Queued:
      return "queued";
    case core::Phase::Offered:
      return "offered";
    case core::Phase::Active:
      return "active";
    case core::Phase::WrapUp:
      return "wrap_up";
    case core::Phase::Ended:
      return "ended";
  }
  return "invalid";
}

std::string encode(core::OfferKind kind) {
  switch (kind) {
    case core::OfferKind::Inbound:
      return "inbound";
    case core::OfferKind::Consult:
      return "consult";
    case core::OfferKind::Transfer:
      return "transfer";
    case core::OfferKind::Callback:
      return "callback";
    case core::OfferKind::Outdial:
      return "outdial";
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

core::Channel decode_channel(const std::string& text) {
  return from_text(kChannels, text, "channel");
}
core::Strategy decode_strategy(const std::string& text) {
  return from_text(kStrategies, text, "strategy");
}
core::VariableType decode_variable_type(const std::string& text) {
  return from_text(kVariableTypes, text, "variable type");
}

core::Phase decode_phase(const std::string& text) { return from_text(kPhases, text, "phase"); }
core::OfferKind decode_offer_kind(const std::string& text) {
  return from_text(kOfferKinds, text, "offer kind");
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
  core::JsonText out;
  out.begin_object();
  for (auto field = fields.begin(); field != fields.end(); ++field) {
    const auto first = std::find_if(
        fields.begin(), field, [&](const auto& earlier) { return earlier.first == field->first; });
    if (first == field) out.field(field->first, field->second);  // the first of a name counts
  }
  out.end_object();
  return out.take();
}

std::string encode(const std::vector<core::DistributionGroup>& groups) {
  json value = json::array();
  for (const auto& g : groups)
    value.push_back({{"team_ids", g.team_ids}, {"after_ms", g.after_ms}});
  return dump(value);
}

std::string encode(const core::Overflow& overflow) {
  return dump(json{{"queue_id", overflow.queue_id}, {"after_ms", overflow.after_ms}});
}

std::string encode(const std::vector<core::VariableDef>& variables) {
  json value = json::array();
  for (const auto& v : variables) {
    value.push_back({{"name", v.name},
                     {"label", v.label},
                     {"type", encode(v.type)},
                     {"editable", v.editable},
                     {"secure", v.secure},
                     {"order", v.order},
                     {"in_offer", v.in_offer}});
  }
  return dump(value);
}

std::string encode(const core::BusinessHours& hours) {
  json windows = json::array();
  for (const auto& w : hours.windows) {
    windows.push_back(
        {{"weekday", w.weekday}, {"start_minute", w.start_minute}, {"end_minute", w.end_minute}});
  }
  return dump(json{{"utc_offset_minutes", hours.utc_offset_minutes}, {"windows", windows}});
}

std::string encode(const std::vector<core::VariableValue>& values) {
  core::JsonText out;
  out.begin_array();
  for (const auto& v : values) {
    out.begin_object()
        .field("name", v.name)
        .field("value", v.value)
        .field("version", v.version)
        .end_object();
  }
  out.end_array();
  return out.take();
}

std::string encode(const core::Offer& offer) {
  core::JsonText out;
  out.begin_object()
      .field("id", offer.id)
      .field("agent_id", offer.agent_id)
      .field("kind", encode(offer.kind))
      .field("offered_at_ms", core::ms_since_epoch(offer.offered_at))
      .end_object();
  return out.take();
}

std::string encode(const std::map<std::string, core::Time>& declined_until) {
  core::JsonText out;
  out.begin_object();
  for (const auto& [agent, until] : declined_until) out.field(agent, core::ms_since_epoch(until));
  out.end_object();
  return out.take();
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

std::vector<std::string> decode_ids(const std::string& text, const char* what) {
  const json value = parse_array(text, what);
  try {
    return value.get<std::vector<std::string>>();
  } catch (const json::exception& e) {
    throw StorageError("storage: bad " + std::string(what) + ": " + e.what());
  }
}

std::vector<core::DistributionGroup> decode_groups(const std::string& text) {
  std::vector<core::DistributionGroup> groups;
  for (const json& item : parse_array(text, "groups")) {
    const json& object = as_object(item, "groups");
    core::DistributionGroup g;
    g.team_ids = get_or(object, "team_ids", g.team_ids, "groups");
    g.after_ms = get_or(object, "after_ms", g.after_ms, "groups");
    groups.push_back(std::move(g));
  }
  return groups;
}

core::Overflow decode_overflow(const std::string& text) {
  const json value = parse_object(text, "overflow");
  core::Overflow o;
  o.queue_id = get_or(value, "queue_id", o.queue_id, "overflow");
  o.after_ms = get_or(value, "after_ms", o.after_ms, "overflow");
  return o;
}

std::vector<core::VariableDef> decode_variables(const std::string& text) {
  std::vector<core::VariableDef> variables;
  for (const json& item : parse_array(text, "variables")) {
    const json& object = as_object(item, "variables");
    core::VariableDef v;
    v.name = get_or(object, "name", v.name, "variables");
    v.label = get_or(object, "label", v.label, "variables");
    v.type = decode_variable_type(get_or(object, "type", encode(v.type), "variables"));
    v.editable = get_or(object, "editable", v.editable, "variables");
    v.secure = get_or(object, "secure", v.secure, "variables");
    v.order = get_or(object, "order", v.order, "variables");
    v.in_offer = get_or(object, "in_offer", v.in_offer, "variables");
    variables.push_back(std::move(v));
  }
  return variables;
}

core::BusinessHours decode_hours(const std::string& text) {
  const json value = parse_object(text, "hours");
  core::BusinessHours h;
  h.utc_offset_minutes = get_or(value, "utc_offset_minutes", h.utc_offset_minutes, "hours");
  const json windows = get_or(value, "windows", json::array(), "hours");
  if (!windows.is_array())
    throw StorageError("storage: hours.windows is not a JSON array: " + text);
  for (const json& item : windows) {
    const json& object = as_object(item, "hours.windows");
    core::HoursWindow w;
    w.weekday = get_or(object, "weekday", w.weekday, "hours.windows");
    w.start_minute = get_or(object, "start_minute", w.start_minute, "hours.windows");
    w.end_minute = get_or(object, "end_minute", w.end_minute, "hours.windows");
    h.windows.push_back(w);
  }
  return h;
}

std::vector<core::VariableValue> decode_variable_values(const std::string& text) {
  std::vector<core::VariableValue> values;
  for (const json& item : parse_array(text, "variables")) {
    const json& object = as_object(item, "variables");
    core::VariableValue v;
    v.name = get_or(object, "name", v.name, "variables");
    v.value = get_or(object, "value", v.value, "variables");
    v.version = get_or(object, "version", v.version, "variables");
    values.push_back(std::move(v));
  }
  return values;
}

core::Offer decode_offer(const std::string& text) {
  const json value = parse_object(text, "offer");
  core::Offer o;
  o.id = get_or(value, "id", o.id, "offer");
  o.agent_id = get_or(value, "agent_id", o.agent_id, "offer");
  o.kind = decode_offer_kind(get_or(value, "kind", encode(o.kind), "offer"));
  o.offered_at = core::time_from_ms(
      get_or(value, "offered_at_ms", core::ms_since_epoch(o.offered_at), "offer"));
  return o;
}

std::map<std::string, core::Time> decode_declined_until(const std::string& text) {
  const json value = parse_object(text, "declined_until");
  std::map<std::string, core::Time> declined;
  for (const auto& [agent, until] : value.items()) {
    if (!until.is_number_integer()) {
      throw StorageError("storage: bad declined_until." + agent + ": " + until.dump());
    }
    declined.emplace(agent, core::time_from_ms(until.get<std::int64_t>()));
  }
  return declined;
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
