// Every agent's presence: login and logout (AS3, AS5), availability state (AS1, AS2) and the
// desktop connection with its grace period (AS7). Applies the transition table of agent_state.hpp
// and emits Persist, NotifyAgent and timer effects. io thread only.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/agent_session.hpp"
#include "core/agent_state.hpp"
#include "core/directory.hpp"
#include "core/effects.hpp"
#include "core/rejection.hpp"

namespace ccr::core {

class AgentBoard {
 public:
  AgentBoard(const Directory& directory, Duration disconnect_grace);

  // Rebuilds presence after a restart: no desktop is connected yet, so every logged-in agent gets
  // a grace deadline (the stored one, or now + grace); one that passed fires at once.
  void restore(const std::vector<AgentSession>& sessions, Time now, Effects& fx);

  // The agent's session; LoggedOut when the agent never logged in.
  AgentSession session(const std::string& tenant_id, const std::string& agent_id) const;

  Result<AgentSession> login(const Principal& agent, const std::string& team_id,
                             const std::string& dial_number, const std::string& idle_code_id,
                             Time now, Effects& fx);
  Result<AgentSession> logout(const Principal& agent, Time now, Effects& fx);
  Result<AgentSession> set_state(const Principal& agent, AgentState target,
                                 const std::string& idle_code_id, Time now, Effects& fx);

  void desktop_connected(const Principal& agent, Time now, Effects& fx);
  void desktop_disconnected(const Principal& agent, Time now, Effects& fx);
  void grace_expired(const std::string& agent_id, Time now, Effects& fx);

  // OF2, AN2, CO5: an offer to the agent went unanswered.
  void ring_no_answer(const std::string& agent_id, Time now, Effects& fx);
  // The agent's session, or nullptr when they never logged in.
  const AgentSession* find(const std::string& agent_id) const;
  // AN3: logged-in agents of the tenant whose device has this dial number.
  std::vector<std::string> agents_at(const std::string& tenant_id,
                                     const std::string& dial_number) const;

  // Drops what is kept about an agent that was deleted.
  void forget(const std::string& agent_id);
  bool logged_in(const std::string& agent_id) const;
  // True when an agent of the tenant is Idle with this idle code.
  bool idle_with(const std::string& tenant_id, const std::string& idle_code_id) const;

 private:
  Result<AgentSession> transition(AgentSession& s, AgentCommand command, StateReason reason,
                                  const std::string& idle_code_id, Time now, Effects& fx);
  Status check_idle_code(const std::string& tenant_id, const std::string& idle_code_id) const;

  const Directory& directory_;
  Duration grace_;
  std::unordered_map<std::string, AgentSession> sessions_;  // by agent id
};

}  // namespace ccr::core
