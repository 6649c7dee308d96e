#include "core/agent_board.hpp"

#include <algorithm>
#include <string>

#include "core/names.hpp"

namespace ccr::core {
namespace {

TimerKey grace_key(const std::string& agent_id) { return {TimerKind::DisconnectGrace, agent_id}; }

Rejection invalid_state(AgentState current, std::string message) {
  return {Reason::InvalidState, std::move(message), {}, std::string(name_of(current))};
}

}  // namespace

AgentBoard::AgentBoard(const Directory& directory, Duration disconnect_grace)
    : directory_(directory), grace_(disconnect_grace) {}

void AgentBoard::restore(const std::vector<AgentSession>& sessions, Time now, Effects& fx) {
  sessions_.clear();
  for (auto s : sessions) {
    s.desktop_connected = false;
    if (s.state != AgentState::LoggedOut) {
      if (!s.disconnect_deadline) {
        s.disconnect_deadline = now + grace_;
        fx.persist(AgentSessionPut{s});  // a second restart keeps this deadline
      }
      fx.arm(grace_key(s.agent_id), *s.disconnect_deadline);
    }
    sessions_[s.agent_id] = std::move(s);
  }
}

AgentSession AgentBoard::session(const std::string& tenant_id, const std::string& agent_id) const {
  auto it = sessions_.find(agent_id);
  if (it != sessions_.end() && it->second.tenant_id == tenant_id) return it->second;
  AgentSession s;
  s.agent_id = agent_id;
  s.tenant_id = tenant_id;
  return s;
}

bool AgentBoard::logged_in(const std::string& agent_id) const {
  auto it = sessions_.find(agent_id);
  return it != sessions_.end() && it->second.state != AgentState::LoggedOut;
}

Status AgentBoard::check_idle_code(const std::string& tenant_id,
                                   const std::string& idle_code_id) const {
  if (idle_code_id.empty()) {
    return Rejection::invalid_field("idle_code_id", "Idle needs an idle reason code (AS1)");
  }
  if (directory_.code(tenant_id, CodeKind::Idle, idle_code_id) == nullptr) {
    return Rejection::invalid_field("idle_code_id", "unknown idle code");
  }
  return Done{};
}

Result<AgentSession> AgentBoard::transition(AgentSession& s, AgentCommand command,
                                            StateReason reason, const std::string& idle_code_id,
                                            Time now, Effects& fx) {
  const auto next = next_agent_state(s.state, command);
  if (!next) return invalid_state(s.state, "not allowed in the agent's current state");
  s.state = *next;
  s.idle_code_id = s.state == AgentState::Idle ? idle_code_id : std::string{};
  s.reason = reason;
  s.since = now;
  if (s.state == AgentState::LoggedOut) {
    s.team_id.clear();
    s.dial_number.clear();
    if (s.disconnect_deadline) fx.cancel(grace_key(s.agent_id));
    s.disconnect_deadline.reset();
  }
  fx.persist(AgentSessionPut{s});
  fx.persist(EventAppended{s.tenant_id,
                           now,
                           "agent_state",
                           s.agent_id,
                           {},
                           {{"state", std::string(name_of(s.state))},
                            {"reason", std::string(name_of(s.reason))},
                            {"idle_code_id", s.idle_code_id},
                            {"team_id", s.team_id}}});
  fx.notify(s.agent_id, AgentStateChanged{s});
  return s;
}

Result<AgentSession> AgentBoard::login(const Principal& agent, const std::string& team_id,
                                       const std::string& dial_number,
                                       const std::string& idle_code_id, Time now, Effects& fx) {
  const Agent* profile = directory_.agent(agent.tenant_id, agent.agent_id);
  if (profile == nullptr) return Rejection{Reason::NotFound, "agent not found", {}, {}};
  auto& s = sessions_[agent.agent_id];
  s.agent_id = agent.agent_id;
  s.tenant_id = agent.tenant_id;
  if (s.state != AgentState::LoggedOut) return invalid_state(s.state, "already logged in");
  const auto& teams = profile->team_ids;
  if (std::find(teams.begin(), teams.end(), team_id) == teams.end()) {
    return Rejection::invalid_field("team_id", "the agent is not a member of this team (AS5)");
  }
  if (!idle_code_id.empty()) {
    if (auto ok = check_idle_code(agent.tenant_id, idle_code_id); !ok) return ok.rejection();
  }
  s.team_id = team_id;
  s.dial_number = dial_number;
  const auto command = idle_code_id.empty() ? AgentCommand::Login : AgentCommand::LoginIdle;
  return transition(s, command, StateReason::Login, idle_code_id, now, fx);
}

Result<AgentSession> AgentBoard::logout(const Principal& agent, Time now, Effects& fx) {
  auto it = sessions_.find(agent.agent_id);
  if (it == sessions_.end() || it->second.state == AgentState::LoggedOut) {
    return invalid_state(AgentState::LoggedOut, "not logged in");
  }
  return transition(it->second, AgentCommand::Logout, StateReason::Logout, {}, now, fx);
}

Result<AgentSession> AgentBoard::set_state(const Principal& agent, AgentState target,
                                           const std::string& idle_code_id, Time now, Effects& fx) {
  auto it = sessions_.find(agent.agent_id);
  if (it == sessions_.end() || it->second.state == AgentState::LoggedOut) {
    return invalid_state(AgentState::LoggedOut, "log in first");
  }
  AgentSession& s = it->second;
  if (target == AgentState::Available) {
    if (s.state == AgentState::Available) return s;
    return transition(s, AgentCommand::GoAvailable, StateReason::Requested, {}, now, fx);
  }
  if (target == AgentState::Idle) {
    if (auto ok = check_idle_code(agent.tenant_id, idle_code_id); !ok) return ok.rejection();
    if (s.state == AgentState::Idle && s.idle_code_id == idle_code_id) return s;
    return transition(s, AgentCommand::GoIdle, StateReason::Requested, idle_code_id, now, fx);
  }
  return Rejection::invalid_field("state", "must be Available or Idle (AS2)");
}

void AgentBoard::desktop_connected(const Principal& agent, Time /*now*/, Effects& fx) {
  auto& s = sessions_[agent.agent_id];
  s.agent_id = agent.agent_id;
  s.tenant_id = agent.tenant_id;
  s.desktop_connected = true;
  if (s.disconnect_deadline) {
    s.disconnect_deadline.reset();
    fx.cancel(grace_key(s.agent_id));
    fx.persist(AgentSessionPut{s});
  }
}

void AgentBoard::desktop_disconnected(const Principal& agent, Time now, Effects& fx) {
  auto it = sessions_.find(agent.agent_id);
  if (it == sessions_.end()) return;
  AgentSession& s = it->second;
  s.desktop_connected = false;
  if (s.state == AgentState::LoggedOut) return;
  s.disconnect_deadline = now + grace_;
  fx.arm(grace_key(s.agent_id), *s.disconnect_deadline);
  fx.persist(AgentSessionPut{s});
}

void AgentBoard::grace_expired(const std::string& agent_id, Time now, Effects& fx) {
  auto it = sessions_.find(agent_id);
  if (it == sessions_.end()) return;
  AgentSession& s = it->second;
  if (s.desktop_connected || !s.disconnect_deadline || *s.disconnect_deadline > now) return;
  transition(s, AgentCommand::DisconnectTimeout, StateReason::Disconnected, {}, now, fx);
}

bool AgentBoard::idle_with(const std::string& tenant_id, const std::string& idle_code_id) const {
  return std::any_of(sessions_.begin(), sessions_.end(), [&](const auto& kv) {
    const auto& s = kv.second;
    return s.tenant_id == tenant_id && s.state == AgentState::Idle &&
           s.idle_code_id == idle_code_id;
  });
}

void AgentBoard::ring_no_answer(const std::string& agent_id, Time now, Effects& fx) {
  auto it = sessions_.find(agent_id);
  if (it == sessions_.end() || it->second.state == AgentState::LoggedOut) return;
  transition(it->second, AgentCommand::RingNoAnswer, StateReason::Rona, {}, now, fx);
}

const AgentSession* AgentBoard::find(const std::string& agent_id) const {
  auto it = sessions_.find(agent_id);
  return it == sessions_.end() ? nullptr : &it->second;
}

std::vector<std::string> AgentBoard::agents_at(const std::string& tenant_id,
                                               const std::string& dial_number) const {
  std::vector<std::string> out;
  for (const auto& [id, s] : sessions_) {
    if (s.tenant_id == tenant_id && s.state != AgentState::LoggedOut &&
        s.dial_number == dial_number) {
      out.push_back(id);
    }
  }
  return out;
}

void AgentBoard::forget(const std::string& agent_id) { sessions_.erase(agent_id); }

}  // namespace ccr::core
