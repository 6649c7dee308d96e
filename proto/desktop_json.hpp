// The agent-desktop WebSocket protocol's JSON (spec/protocol.md): the command envelope, the
// commands' fields, the reply frames (ack, error) and the event bodies (hello, agent_state).
// Events are built without epoch/seq; the connection stamps those when it sends.
// Pure functions; any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/agent_session.hpp"
#include "core/interaction.hpp"
#include "core/model.hpp"
#include "core/rejection.hpp"
#include "proto/json_input.hpp"

namespace ccr::proto {

// The envelope every command frame shares.
struct CommandEnvelope {
  std::string type;
  std::string id;  // the client's request id, echoed as `re`
};
std::optional<CommandEnvelope> parse_envelope(const nlohmann::json& frame, FieldErrors& errors);

struct LoginCommand {
  std::string team_id;
  std::string dial_number;  // as typed; normalised by the dial-number validator
  std::string idle_code_id;
};
std::optional<LoginCommand> parse_login(const nlohmann::json& frame, FieldErrors& errors);

struct SetStateCommand {
  core::AgentState state = core::AgentState::Available;
  std::string idle_code_id;
};
std::optional<SetStateCommand> parse_set_state(const nlohmann::json& frame, FieldErrors& errors);

// accept / decline: {"offer_id"}.
std::optional<std::string> parse_offer_id(const nlohmann::json& frame, FieldErrors& errors);
// end and the other interaction commands: {"interaction_id"}.
std::optional<std::string> parse_interaction_id(const nlohmann::json& frame, FieldErrors& errors);

struct WrapupCommand {
  std::string interaction_id;
  std::string wrapup_code_id;
};
std::optional<WrapupCommand> parse_wrapup(const nlohmann::json& frame, FieldErrors& errors);

std::optional<std::string> parse_authenticate(const nlohmann::json& frame, FieldErrors& errors);

nlohmann::json ack_frame(const std::string& re, nlohmann::json result = nlohmann::json::object());
nlohmann::json error_frame(const std::string& re, const core::Rejection& rejection);

// What the desktop shows as the agent's state (AS1): Engaged while `voice_work` is Active,
// WrapUp while it awaits wrap-up, else the state itself.
std::string_view agent_display(const core::AgentSession& s, std::optional<core::Phase> voice_work);

// The agent_state event body (type, state, display, idle_code_id, reason, since, team_id,
// dial_number).
// `voice_work` is the phase of the agent's voice interaction, if any: `display` then reads
// Engaged (Active) or WrapUp instead of the state (AS1).
nlohmann::json agent_state_event(const core::AgentSession& s,
                                 std::optional<core::Phase> voice_work = std::nullopt);

// Everything the hello snapshot is made of.
struct HelloContent {
  std::string session_id;
  const core::Agent* agent = nullptr;
  const core::Tenant* tenant = nullptr;
  std::vector<const core::Team*> teams;  // the agent's teams, to log in with
  std::vector<const core::Code*> idle_codes;
  std::vector<const core::Code*> wrapup_codes;
  core::AgentSession session;
  std::optional<core::Phase> voice_work;
  std::vector<nlohmann::json> offers;        // offer events, top of the stack first
  std::vector<nlohmann::json> interactions;  // interaction views of the agent's work
  std::vector<nlohmann::json> notices;       // events the agent missed while disconnected
};
nlohmann::json hello_event(const HelloContent& content);

}  // namespace ccr::proto
