// The domain core behind the server: the tenants' configuration (Directory, RoutingConfig,
// ContactBook), the agents' presence (AgentBoard) and the router, with the operations that span
// them. Deterministic: time comes in as `now`, ids come in from the caller, results come out as
// values plus ordered Effects. io thread only.
#pragma once

#include "core/agent_board.hpp"
#include "core/contact_book.hpp"
#include "core/directory.hpp"
#include "core/effects.hpp"
#include "core/router.hpp"
#include "core/routing_config.hpp"

namespace ccr::core {

struct EngineOptions {
  Duration disconnect_grace{60'000};     // AS7
  std::int64_t server_call_cap = 10000;  // LI1
};

class Engine {
 public:
  explicit Engine(EngineOptions options);
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Rebuilds everything from what storage loaded; arms the deadlines it holds.
  void restore(Snapshot snapshot, Time now, Effects& fx);

  Directory& directory() { return directory_; }
  const Directory& directory() const { return directory_; }
  AgentBoard& agents() { return agents_; }
  const AgentBoard& agents() const { return agents_; }
  RoutingConfig& routing() { return routing_; }
  const RoutingConfig& routing() const { return routing_; }
  Router& router() { return router_; }
  const Router& router() const { return router_; }
  ContactBook& contacts() { return contacts_; }
  const ContactBook& contacts() const { return contacts_; }

  // Presence changes that routing must hear about (the board alone does not offer work).
  Result<AgentSession> login(const Principal& agent, const std::string& team_id,
                             const std::string& dial_number, const std::string& idle_code_id,
                             Time now, Effects& fx);
  // AS3: refused while an offer is pending or the agent has active or wrapping-up work.
  Result<AgentSession> logout(const Principal& agent, Time now, Effects& fx);
  Result<AgentSession> set_state(const Principal& agent, AgentState target,
                                 const std::string& idle_code_id, Time now, Effects& fx);
  void desktop_connected(const Principal& agent, Time now, Effects& fx);
  // AS7: pending offers go back to their queues at once; the grace period starts.
  void desktop_disconnected(const Principal& agent, Time now, Effects& fx);

  // An agent is deleted only while logged out; its tokens go with it.
  Status delete_agent(const std::string& tenant_id, const std::string& agent_id, IfMatch if_match,
                      Effects& fx);
  // A tenant is deleted with everything it owns, once none of its agents is logged in.
  Status delete_tenant(const std::string& tenant_id, IfMatch if_match, Effects& fx);

  // A queue is deleted only while no contact is waiting in it or handled from it.
  Status delete_queue(const std::string& tenant_id, const std::string& queue_id, IfMatch if_match,
                      Effects& fx);
  // A team is deleted only while no agent or queue uses it.
  Status delete_team(const std::string& tenant_id, const std::string& team_id, IfMatch if_match,
                     Effects& fx);
  // An idle code is deleted only while no agent is idle with it; a wrap-up code only while no
  // queue uses it as its default.
  Status delete_code(const std::string& tenant_id, CodeKind kind, const std::string& code_id,
                     IfMatch if_match, Effects& fx);
  // A logged-in agent keeps the team they logged in with.
  Result<Agent> update_agent(const std::string& tenant_id, const std::string& agent_id,
                             const AgentPatch& patch, IfMatch if_match, Effects& fx);

  void timer_fired(const TimerKey& key, Time now, Effects& fx);

 private:
  Directory directory_;
  AgentBoard agents_;
  RoutingConfig routing_;
  Router router_;
  ContactBook contacts_;
  Duration grace_;
};

}  // namespace ccr::core
