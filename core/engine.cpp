#include "core/engine.hpp"

#include <algorithm>
#include <utility>

namespace ccr::core {

Engine::Engine(EngineOptions options)
    : agents_(directory_, options.disconnect_grace),
      routing_(directory_),
      router_(directory_, routing_, agents_, RouterOptions{options.server_call_cap}),
      contacts_(directory_),
      grace_(options.disconnect_grace) {}

void Engine::restore(Snapshot snapshot, Time now, Effects& fx) {
  directory_.restore(snapshot);
  routing_.restore(snapshot);
  contacts_.restore(snapshot);
  agents_.restore(snapshot.sessions, now, fx);
  router_.restore(std::move(snapshot.interactions), now, fx);
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
    routing_.forget_tenant(tenant_id);
    contacts_.forget_tenant(tenant_id);
  }
  return done;
}

Status Engine::delete_queue(const std::string& tenant_id, const std::string& queue_id,
                            IfMatch if_match, Effects& fx) {
  if (router_.in_queue(tenant_id, queue_id) > 0) {
    return Rejection{Reason::Conflict, "contacts are waiting in or handled from this queue"};
  }
  return routing_.delete_queue(tenant_id, queue_id, if_match, fx);
}

Status Engine::delete_team(const std::string& tenant_id, const std::string& team_id,
                           IfMatch if_match, Effects& fx) {
  if (directory_.team(tenant_id, team_id) != nullptr && routing_.uses_team(tenant_id, team_id)) {
    return Rejection{Reason::Conflict, "a queue offers to this team", {}, {}};
  }
  return directory_.delete_team(tenant_id, team_id, if_match, fx);
}

Status Engine::delete_code(const std::string& tenant_id, CodeKind kind, const std::string& code_id,
                           IfMatch if_match, Effects& fx) {
  if (kind == CodeKind::Idle && agents_.idle_with(tenant_id, code_id)) {
    return Rejection{Reason::Conflict, "an agent is idle with this code", {}, {}};
  }
  if (kind == CodeKind::WrapUp && routing_.uses_wrapup_code(tenant_id, code_id)) {
    return Rejection{Reason::Conflict, "a queue uses this wrap-up code as its default", {}, {}};
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
  if (key.kind != TimerKind::DisconnectGrace) return router_.timer_fired(key, now, fx);
  if (router_.has_work(key.id)) {
    // AS7: an agent with an active interaction stays; look again after another grace period.
    fx.arm(key, now + grace_);
    return;
  }
  agents_.grace_expired(key.id, now, fx);
  if (const auto* s = agents_.find(key.id)) router_.agent_changed(s->tenant_id, key.id, now, fx);
}

Result<AgentSession> Engine::login(const Principal& agent, const std::string& team_id,
                                   const std::string& dial_number, const std::string& idle_code_id,
                                   Time now, Effects& fx) {
  auto done = agents_.login(agent, team_id, dial_number, idle_code_id, now, fx);
  if (done) router_.agent_changed(agent.tenant_id, agent.agent_id, now, fx);
  return done;
}

Result<AgentSession> Engine::logout(const Principal& agent, Time now, Effects& fx) {
  if (router_.has_offers(agent.agent_id)) {
    return Rejection{Reason::OfferPending, "an offer is pending (AS3)"};
  }
  if (router_.has_work(agent.agent_id)) {
    return Rejection{
        Reason::InvalidState, "active or wrapping-up interactions remain (AS3)", {}, "Engaged"};
  }
  auto done = agents_.logout(agent, now, fx);
  // The router's ready index must forget the agent, or a later contact would be offered to them.
  if (done) router_.agent_changed(agent.tenant_id, agent.agent_id, now, fx);
  return done;
}

Result<AgentSession> Engine::set_state(const Principal& agent, AgentState target,
                                       const std::string& idle_code_id, Time now, Effects& fx) {
  auto done = agents_.set_state(agent, target, idle_code_id, now, fx);
  if (done) router_.agent_changed(agent.tenant_id, agent.agent_id, now, fx);
  return done;
}

void Engine::desktop_connected(const Principal& agent, Time now, Effects& fx) {
  agents_.desktop_connected(agent, now, fx);
  router_.agent_changed(agent.tenant_id, agent.agent_id, now, fx);
}

void Engine::desktop_disconnected(const Principal& agent, Time now, Effects& fx) {
  agents_.desktop_disconnected(agent, now, fx);
  router_.agent_changed(agent.tenant_id, agent.agent_id, now, fx);
}

}  // namespace ccr::core
