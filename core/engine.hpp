// The domain core behind the server: the tenants' configuration (Directory) and the agents'
// presence (AgentBoard), with the operations that span both. Deterministic: time comes in as
// `now`, ids come in from the caller, results come out as values plus ordered Effects.
// io thread only.
#pragma once

#include "core/agent_board.hpp"
#include "core/directory.hpp"
#include "core/effects.hpp"

namespace ccr::core {

struct EngineOptions {
  Duration disconnect_grace{60'000};  // AS7
};

class Engine {
 public:
  explicit Engine(EngineOptions options);
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Rebuilds everything from what storage loaded; arms the deadlines it holds.
  void restore(const Snapshot& snapshot, Time now, Effects& fx);

  Directory& directory() { return directory_; }
  const Directory& directory() const { return directory_; }
  AgentBoard& agents() { return agents_; }
  const AgentBoard& agents() const { return agents_; }

  // An agent is deleted only while logged out; its tokens go with it.
  Status delete_agent(const std::string& tenant_id, const std::string& agent_id, IfMatch if_match,
                      Effects& fx);
  // A tenant is deleted with everything it owns, once none of its agents is logged in.
  Status delete_tenant(const std::string& tenant_id, IfMatch if_match, Effects& fx);

  // An idle code is deleted only while no agent is idle with it.
  Status delete_code(const std::string& tenant_id, CodeKind kind, const std::string& code_id,
                     IfMatch if_match, Effects& fx);
  // A logged-in agent keeps the team they logged in with.
  Result<Agent> update_agent(const std::string& tenant_id, const std::string& agent_id,
                             const AgentPatch& patch, IfMatch if_match, Effects& fx);

  void timer_fired(const TimerKey& key, Time now, Effects& fx);

 private:
  Directory directory_;
  AgentBoard agents_;
};

}  // namespace ccr::core
