// An agent's presence: availability state (AS1), login details (AS5) and desktop connection
// (AS7). Plain value; owned by core::AgentBoard on the io thread.
#pragma once

#include <optional>
#include <string>

#include "core/time.hpp"

namespace ccr::core {

enum class AgentState { LoggedOut, Available, Idle, Rona };

// Why the state last changed (the `reason` of the agent_state event).
enum class StateReason { Requested, Rona, Login, Logout, Disconnected, Supervisor };

struct AgentSession {
  std::string agent_id;
  std::string tenant_id;
  AgentState state = AgentState::LoggedOut;
  std::string idle_code_id;  // set exactly when state == Idle
  StateReason reason = StateReason::Logout;
  Time since{};
  std::string team_id;      // login team (AS5)
  std::string dial_number;  // login dial number, normalised by DN1
  bool desktop_connected = false;
  std::optional<Time> disconnect_deadline;  // AS7 grace expiry while no desktop is connected
};

}  // namespace ccr::core
