#include "core/engine.hpp"

#include <algorithm>

namespace ccr::core {

Engine::Engine(EngineOptions options) : agents_(directory_, options.disconnect_grace) {}

void Engine::restore(const Snapshot& snapshot, Time now, Effects& fx) {
  directory_.restore(snapshot);
  agents_.restore(snapshot.sessions, now, fx);
}

Status Engine::delete_agent(const std::string& tenant_id, const std::string& agent_id,
                            IfMatch if_match, Effects& fx) {
  if (directory_.agent(tenant_id, agent_id) != nullptr && agents_.logged_in(agent_id)) {
    return Rejection{Reason::InvalidState, "the agent is logged in", {}, "logged_in"};
  }
  auto done = directory_.delete_agent(tenant_id, agent_id, if_match, fx);
  if (done) agents_.forget(agent_id);
  return done;
}

Status Engine::delete_tenant(const std::string& tenant_id, IfMatch if_match, Effects& fx) {
  std::vector<std::string> agent_ids;
  for (std::string cursor;;) {
    auto page = directory_.agents_after(tenant_id, cursor, 256, {});
    if (page.empty()) break;
    for (const auto* a : page) {
      if (agents_.logged_in(a->id)) {
        return Rejection{
            Reason::InvalidState, "an agent of the tenant is logged in", {}, "logged_in"};
      }
      agent_ids.push_back(a->id);
    }
    cursor = page.back()->id;
  }
  auto done = directory_.delete_tenant(tenant_id, if_match, fx);
  if (done) {
    for (const auto& id : agent_ids) agents_.forget(id);
  }
  return done;
}

Status Engine::delete_code(const std::string& tenant_id, CodeKind kind, const std::string& code_id,
                           IfMatch if_match, Effects& fx) {
  if (kind == CodeKind::Idle && agents_.idle_with(tenant_id, code_id)) {
    return Rejection{Reason::Conflict, "an agent is idle with this code", {}, {}};
  }
  return directory_.delete_code(tenant_id, kind, code_id, if_match, fx);
}

Result<Agent> Engine::update_agent(const std::string& tenant_id, const std::string& agent_id,
                                   const AgentPatch& patch, IfMatch if_match, Effects& fx) {
  if (patch.team_ids && directory_.agent(tenant_id, agent_id) != nullptr) {
    const auto session = agents_.session(tenant_id, agent_id);
    const auto& ids = *patch.team_ids;
    if (session.state != AgentState::LoggedOut &&
        std::find(ids.begin(), ids.end(), session.team_id) == ids.end()) {
      return Rejection::invalid_field("team_ids",
                                      "the agent is logged in with team " + session.team_id);
    }
  }
  return directory_.update_agent(tenant_id, agent_id, patch, if_match, fx);
}

void Engine::timer_fired(const TimerKey& key, Time now, Effects& fx) {
  switch (key.kind) {
    case TimerKind::DisconnectGrace:
      agents_.grace_expired(key.id, now, fx);
      break;
  }
}

}  // namespace ccr::core
