// Router: the read-only question the desktop's target lists ask (CO1, TR1, TR2), answered with the
// very check consult and transfer make. io thread only.
#include "core/router.hpp"

namespace ccr::core {

bool Router::can_take_call_target(const std::string& tenant_id, const std::string& agent_id,
                                  const std::string& asking_agent, bool transfer) const {
  return !agent_target_problem(tenant_id, agent_id, asking_agent, transfer).has_value();
}

}  // namespace ccr::core
