// Notices that reached an agent with no desktop connected (a consult that failed, a telephony
// command that failed), kept until the agent's next `hello` carries them (spec/protocol.md,
// "Snapshot, not replay"). State is not kept here: the hello's snapshot already shows it. At most
// kPerAgent per agent, the oldest dropped first. In memory only. io thread only.
#pragma once

#include <cstddef>
#include <deque>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/effects.hpp"

namespace ccr::server {

class PendingNotices {
 public:
  static constexpr std::size_t kPerAgent = 20;

  // True for the events that tell of something that happened rather than of a state.
  static bool is_notice(const core::AgentEvent& event);
  void keep(const std::string& agent_id, nlohmann::json event);
  // The agent's notices, oldest first; they are forgotten here.
  std::vector<nlohmann::json> take(const std::string& agent_id);

 private:
  std::unordered_map<std::string, std::deque<nlohmann::json>> by_agent_;
};

}  // namespace ccr::server
