#include "server/pending_notices.hpp"

#include <variant>

namespace ccr::server {

bool PendingNotices::is_notice(const core::AgentEvent& event) {
  return std::holds_alternative<core::ConsultFailed>(event) ||
         std::holds_alternative<core::CommandFailed>(event);
}

void PendingNotices::keep(const std::string& agent_id, nlohmann::json event) {
  auto& kept = by_agent_[agent_id];
  if (kept.size() == kPerAgent) kept.pop_front();
  kept.push_back(std::move(event));
}

std::vector<nlohmann::json> PendingNotices::take(const std::string& agent_id) {
  auto found = by_agent_.find(agent_id);
  if (found == by_agent_.end()) return {};
  std::vector<nlohmann::json> out(std::make_move_iterator(found->second.begin()),
                                  std::make_move_iterator(found->second.end()));
  by_agent_.erase(found);
  return out;
}

}  // namespace ccr::server
