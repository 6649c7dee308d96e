// The queues and entry points of every tenant: validated admin changes with Persist effects and
// tenant-scoped look-ups. Updates take the whole next value (the REST layer merges a PATCH into
// the current one), so every change passes the same validation. io thread only.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/directory.hpp"
#include "core/effects.hpp"
#include "core/patches.hpp"
#include "core/rejection.hpp"
#include "core/routing_model.hpp"

namespace ccr::core {

class RoutingConfig {
 public:
  explicit RoutingConfig(const Directory& directory) : directory_(directory) {}

  void restore(const Snapshot& snapshot);

  Result<Queue> create_queue(Queue draft, Time now, Effects& fx);
  Result<Queue> replace_queue(Queue next, IfMatch if_match, Effects& fx);
  Status delete_queue(const std::string& tenant_id, const std::string& id, IfMatch if_match,
                      Effects& fx);
  const Queue* queue(const std::string& tenant_id, const std::string& id) const;
  std::vector<const Queue*> queues_after(const std::string& tenant_id, const std::string& cursor,
                                         std::size_t limit, const std::string& name_filter) const;
  // Every queue of the tenant that offers to `team_id` in any distribution group.
  std::vector<const Queue*> queues_of_team(const std::string& tenant_id,
                                           const std::string& team_id) const;

  Result<EntryPoint> create_entry_point(EntryPoint draft, Time now, Effects& fx);
  Result<EntryPoint> replace_entry_point(EntryPoint next, IfMatch if_match, Effects& fx);
  Status delete_entry_point(const std::string& tenant_id, const std::string& id, IfMatch if_match,
                            Effects& fx);
  const EntryPoint* entry_point(const std::string& tenant_id, const std::string& id) const;
  // The entry point one of whose dial numbers (EP-DN, normalised by DN1) is `number` (CO9).
  const EntryPoint* entry_point_by_number(const std::string& tenant_id,
                                          const std::string& number) const;
  std::vector<const EntryPoint*> entry_points_after(const std::string& tenant_id,
                                                    const std::string& cursor, std::size_t limit,
                                                    const std::string& name_filter) const;

  // A team or wrap-up code still used by a queue cannot be deleted.
  bool uses_team(const std::string& tenant_id, const std::string& team_id) const;
  bool uses_wrapup_code(const std::string& tenant_id, const std::string& code_id) const;
  void forget_tenant(const std::string& tenant_id);

 private:
  struct TenantRouting {
    std::map<std::string, Queue> queues;
    std::map<std::string, EntryPoint> entry_points;
  };

  Status check_queue(const Queue& q) const;
  Status check_entry_point(const EntryPoint& e) const;
  const TenantRouting* data(const std::string& tenant_id) const;

  const Directory& directory_;
  std::map<std::string, TenantRouting> tenants_;
};

}  // namespace ccr::core
