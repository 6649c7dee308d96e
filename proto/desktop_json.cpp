#include "proto/desktop_json.hpp"

#include "core/names.hpp"
#include "proto/rest_json.hpp"
#include "proto/time_format.hpp"

namespace ccr::proto {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxRequestId = 128;
constexpr std::size_t kMaxIdLength = 64;

json code_list(const std::vector<const core::Code*>& codes) {
  json out = json::array();
  for (const auto* c : codes) out.push_back({{"id", c->id}, {"name", c->name}});
  return out;
}

}  // namespace

std::optional<CommandEnvelope> parse_envelope(const json& frame, FieldErrors& errors) {
  if (!frame.is_object()) {
    errors.add("frame", "must be a JSON object");
    return std::nullopt;
  }
  FieldReader r(frame, errors);
  auto type = r.string("type", Presence::Required, 64);
  auto id = r.string("id", Presence::Optional, kMaxRequestId);
  if (!type || !errors.empty()) return std::nullopt;
  return CommandEnvelope{*type, id.value_or("")};
}

std::optional<LoginCommand> parse_login(const json& frame, FieldErrors& errors) {
  FieldReader r(frame, errors);
  r.reject_unknown({"type", "id", "team_id", "dial_number", "idle_code_id"});
  LoginCommand c;
  if (auto v = r.string("team_id", Presence::Required, kMaxIdLength)) c.team_id = *v;
  if (auto v = r.string("dial_number", Presence::Required, 256)) c.dial_number = *v;
  if (auto v = r.string("idle_code_id", Presence::Optional, kMaxIdLength)) c.idle_code_id = *v;
  if (!errors.empty()) return std::nullopt;
  return c;
}

std::optional<SetStateCommand> parse_set_state(const json& frame, FieldErrors& errors) {
  FieldReader r(frame, errors);
  r.reject_unknown({"type", "id", "state", "idle_code_id"});
  SetStateCommand c;
  auto state = r.string("state", Presence::Required, 32);
  if (auto v = r.string("idle_code_id", Presence::Optional, kMaxIdLength)) c.idle_code_id = *v;
  if (state) {
    auto parsed = core::agent_state_named(*state);
    if (parsed != core::AgentState::Available && parsed != core::AgentState::Idle) {
      errors.add("state", "must be Available or Idle");
    } else {
      c.state = *parsed;
    }
  }
  if (!errors.empty()) return std::nullopt;
  return c;
}

std::optional<std::string> parse_offer_id(const json& frame, FieldErrors& errors) {
  FieldReader r(frame, errors);
  r.reject_unknown({"type", "id", "offer_id"});
  auto id = r.string("offer_id", Presence::Required, 128);
  if (!errors.empty()) return std::nullopt;
  return id;
}

std::optional<std::string> parse_interaction_id(const json& frame, FieldErrors& errors) {
  FieldReader r(frame, errors);
  r.reject_unknown({"type", "id", "interaction_id"});
  auto id = r.string("interaction_id", Presence::Required, kMaxIdLength);
  if (!errors.empty()) return std::nullopt;
  return id;
}

std::optional<WrapupCommand> parse_wrapup(const json& frame, FieldErrors& errors) {
  FieldReader r(frame, errors);
  r.reject_unknown({"type", "id", "interaction_id", "wrapup_code_id"});
  WrapupCommand c;
  if (auto v = r.string("interaction_id", Presence::Required, kMaxIdLength)) c.interaction_id = *v;
  if (auto v = r.string("wrapup_code_id", Presence::Required, kMaxIdLength)) c.wrapup_code_id = *v;
  if (!errors.empty()) return std::nullopt;
  return c;
}

std::optional<std::string> parse_authenticate(const json& frame, FieldErrors& errors) {
  FieldReader r(frame, errors);
  r.reject_unknown({"type", "id", "token"});
  return r.string("token", Presence::Required, 512);
}

json ack_frame(const std::string& re, json result) {
  if (!result.is_object()) result = json::object();
  result["type"] = "ack";
  result["re"] = re;
  return result;
}

json error_frame(const std::string& re, const core::Rejection& rejection) {
  json out = {{"type", "error"},
              {"re", re},
              {"code", core::name_of(rejection.reason)},
              {"message", rejection.message}};
  if (!rejection.errors.empty()) {
    json errors = json::array();
    for (const auto& e : rejection.errors) {
      errors.push_back({{"field", e.field}, {"message", e.message}});
    }
    out["errors"] = std::move(errors);
  }
  if (!rejection.current_state.empty()) out["state"] = rejection.current_state;
  if (!rejection.scope.empty()) out["scope"] = rejection.scope;
  return out;
}

std::string_view agent_display(const core::AgentSession& s, std::optional<core::Phase> voice_work) {
  if (s.state != core::AgentState::LoggedOut && voice_work == core::Phase::Active) return "Engaged";
  if (s.state != core::AgentState::LoggedOut && voice_work == core::Phase::WrapUp) return "WrapUp";
  return core::name_of(s.state);
}

json agent_state_event(const core::AgentSession& s, std::optional<core::Phase> voice_work) {
  json out = {{"type", "agent_state"},
              {"state", core::name_of(s.state)},
              {"display", agent_display(s, voice_work)},
              {"idle_code_id", s.idle_code_id.empty() ? json(nullptr) : json(s.idle_code_id)},
              {"reason", core::name_of(s.reason)},
              {"since", format_time(s.since)}};
  out["team_id"] = s.team_id.empty() ? json(nullptr) : json(s.team_id);
  out["dial_number"] = s.dial_number.empty() ? json(nullptr) : json(s.dial_number);
  return out;
}

json hello_event(const HelloContent& c) {
  json teams = json::array();
  for (const auto* t : c.teams) teams.push_back({{"id", t->id}, {"name", t->name}});
  json state = agent_state_event(c.session, c.voice_work);
  state.erase("type");
  return {{"type", "hello"},
          {"session_id", c.session_id},
          {"agent",
           {{"id", c.agent->id},
            {"name", c.agent->name},
            {"teams", std::move(teams)},
            {"channels", to_json(c.agent->channels)},
            {"skills", c.agent->skills}}},
          {"settings", to_json(c.tenant->settings)},
          {"idle_codes", code_list(c.idle_codes)},
          {"wrapup_codes", code_list(c.wrapup_codes)},
          {"agent_state", std::move(state)},
          {"offers", c.offers},
          {"total", c.offers.size()},
          {"interactions", c.interactions},
          {"notices", c.notices}};
}

}  // namespace ccr::proto
