// The agent availability state machine (AS1, AS2) as an explicit transition table. Which command
// may move an agent from which state to which; guards (idle codes, AS3) live with the callers.
// Pure functions; any thread.
#pragma once

#include <optional>

#include "core/agent_session.hpp"

namespace ccr::core {

enum class AgentCommand {
  Login,              // into Available
  LoginIdle,          // into Idle (an idle code is given at login)
  GoAvailable,        // set_state Available (the only ways out of RONA are this and GoIdle, AS2)
  GoIdle,             // set_state Idle with a code (also switches between idle codes)
  RingNoAnswer,       // an offer expired unanswered (OF2, AN2, CO5)
  Logout,             // the agent logs out
  DisconnectTimeout,  // AS7: no desktop for the grace period
};

// The state the command leads to from `from`, or nothing when the table has no such transition.
std::optional<AgentState> next_agent_state(AgentState from, AgentCommand command);

}  // namespace ccr::core
