#include "server/agent_hub.hpp"

namespace ccr::server {

std::shared_ptr<DesktopLink> AgentHub::attach(const std::string& agent_id,
                                              const std::shared_ptr<DesktopLink>& link) {
  auto& slot = links_[agent_id];
  auto previous = slot.lock();
  slot = link;
  return previous;
}

bool AgentHub::detach(const std::string& agent_id, const DesktopLink* link) {
  auto it = links_.find(agent_id);
  if (it == links_.end()) return false;
  auto current = it->second.lock();
  if (current && current.get() != link) return false;
  links_.erase(it);
  return current != nullptr;
}

std::shared_ptr<DesktopLink> AgentHub::find(const std::string& agent_id) const {
  auto it = links_.find(agent_id);
  return it == links_.end() ? nullptr : it->second.lock();
}

void AgentHub::for_each(
    const std::function<void(const std::string&, const std::shared_ptr<DesktopLink>&)>& fn) const {
  for (const auto& [agent_id, weak] : links_) {
    if (auto link = weak.lock()) fn(agent_id, link);
  }
}

}  // namespace ccr::server
