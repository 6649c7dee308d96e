// The configuration of every tenant held in memory: tenants and settings, teams, agents, idle and
// wrap-up codes, tokens. Validates and applies admin changes, emitting Persist effects; every
// lookup is scoped to a tenant, so another tenant's id reads as unknown. io thread only.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/effects.hpp"
#include "core/model.hpp"
#include "core/patches.hpp"
#include "core/rejection.hpp"

namespace ccr::core {

class Directory {
 public:
  void restore(const Snapshot& snapshot);

  // Tenants (server admin).
  Result<Tenant> create_tenant(std::string id, std::string name, Time now, Effects& fx);
  Result<Tenant> rename_tenant(const std::string& id, std::string name, IfMatch if_match,
                               Effects& fx);
  Status delete_tenant(const std::string& id, IfMatch if_match, Effects& fx);
  const Tenant* tenant(const std::string& id) const;
  std::vector<const Tenant*> tenants_after(const std::string& cursor, std::size_t limit) const;
  Result<Tenant> update_settings(const Principal& by, const std::string& tenant_id,
                                 const SettingsPatch& patch, IfMatch if_match, Effects& fx);

  // Teams.
  Result<Team> create_team(const std::string& tenant_id, std::string id, std::string name, Time now,
                           Effects& fx);
  Result<Team> rename_team(const std::string& tenant_id, const std::string& id, std::string name,
                           IfMatch if_match, Effects& fx);
  Status delete_team(const std::string& tenant_id, const std::string& id, IfMatch if_match,
                     Effects& fx);
  const Team* team(const std::string& tenant_id, const std::string& id) const;
  std::vector<const Team*> teams_after(const std::string& tenant_id, const std::string& cursor,
                                       std::size_t limit, const std::string& name_filter) const;

  // Agents. Deleting one also drops its tokens; callers check the agent is logged out first.
  Result<Agent> create_agent(Agent draft, Time now, Effects& fx);
  Result<Agent> update_agent(const std::string& tenant_id, const std::string& id,
                             const AgentPatch& patch, IfMatch if_match, Effects& fx);
  Status delete_agent(const std::string& tenant_id, const std::string& id, IfMatch if_match,
                      Effects& fx);
  const Agent* agent(const std::string& tenant_id, const std::string& id) const;
  std::vector<const Agent*> agents_after(const std::string& tenant_id, const std::string& cursor,
                                         std::size_t limit, const std::string& name_filter) const;

  // Idle and wrap-up codes (AS4).
  Result<Code> create_code(const std::string& tenant_id, CodeKind kind, std::string id,
                           std::string name, Time now, Effects& fx);
  Result<Code> rename_code(const std::string& tenant_id, CodeKind kind, const std::string& id,
                           std::string name, IfMatch if_match, Effects& fx);
  Status delete_code(const std::string& tenant_id, CodeKind kind, const std::string& id,
                     IfMatch if_match, Effects& fx);
  const Code* code(const std::string& tenant_id, CodeKind kind, const std::string& id) const;
  std::vector<const Code*> codes_after(const std::string& tenant_id, CodeKind kind,
                                       const std::string& cursor, std::size_t limit,
                                       const std::string& name_filter) const;

  // Tokens. The secret never reaches core: only its hash.
  Result<Token> add_token(Token token, Effects& fx);
  Status revoke_token(const std::string& tenant_id, const std::string& id, Effects& fx);
  std::vector<const Token*> tokens_after(const std::string& tenant_id, const std::string& cursor,
                                         std::size_t limit) const;
  std::optional<Principal> authenticate(const std::string& token_hash) const;

 private:
  struct TenantData {
    TenantData() = default;
    // Not copyable: agent_index points into agents (moving a std::map keeps its nodes).
    TenantData(const TenantData&) = delete;
    TenantData& operator=(const TenantData&) = delete;
    TenantData(TenantData&&) = default;
    TenantData& operator=(TenantData&&) = default;

    void put_agent(const Agent& a) {
      const auto& [id, stored] = *agents.insert_or_assign(a.id, a).first;
      agent_index[id] = &stored;
    }
    void erase_agent(std::map<std::string, Agent>::iterator it) {
      agent_index.erase(it->first);
      agents.erase(it);
    }

    Tenant tenant;
    std::map<std::string, Team> teams;
    std::map<std::string, Agent> agents;  // in id order, for pages
    // The same agents by id, for the lookups of every offer (matching asks for each candidate).
    // Its keys view the map's own keys (a map's nodes stay put), so an id is stored once.
    std::unordered_map<std::string_view, const Agent*> agent_index;
    std::map<std::string, Code> idle_codes;
    std::map<std::string, Code> wrapup_codes;
    std::map<std::string, Token> tokens;
  };

  TenantData* data(const std::string& tenant_id);
  const TenantData* data(const std::string& tenant_id) const;
  std::map<std::string, Code>& codes(TenantData& d, CodeKind kind);
  const std::map<std::string, Code>& codes(const TenantData& d, CodeKind kind) const;
  Status check_agent_fields(const TenantData& d, const Agent& a) const;
  void drop_token(TenantData& d, const std::string& token_id);

  std::map<std::string, TenantData> tenants_;
  std::unordered_map<std::string, std::pair<std::string, std::string>>
      by_hash_;  // hash -> tenant, id
};

}  // namespace ccr::core
