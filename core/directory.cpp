#include "core/directory.hpp"

#include <algorithm>

#include "core/crud_rules.hpp"
#include "core/text_rules.hpp"

namespace ccr::core {
namespace {

constexpr int kMaxDigitalCapacity = 50;
constexpr int kMaxSkillLevel = 10;
constexpr std::size_t kMaxTeamsPerAgent = 64;
constexpr std::size_t kMaxSkillsPerAgent = 64;

template <typename T>
bool name_taken(const std::map<std::string, T>& items, const std::string& name,
                const std::string& except_id) {
  return std::any_of(items.begin(), items.end(), [&](const auto& kv) {
    return kv.first != except_id && equal_ignoring_case(kv.second.name, name);
  });
}

Rejection name_conflict(const std::string& what) {
  return {Reason::Conflict, what + " with this name already exists", {}, {}};
}

}  // namespace

void Directory::restore(const Snapshot& s) {
  tenants_.clear();
  by_hash_.clear();
  for (const auto& t : s.tenants) tenants_[t.id].tenant = t;
  for (const auto& t : s.teams) {
    if (auto* d = data(t.tenant_id)) d->teams[t.id] = t;
  }
  for (const auto& a : s.agents) {
    if (auto* d = data(a.tenant_id)) d->put_agent(a);
  }
  for (const auto& c : s.codes) {
    if (auto* d = data(c.tenant_id)) codes(*d, c.kind)[c.id] = c;
  }
  for (const auto& t : s.tokens) {
    if (auto* d = data(t.tenant_id)) {
      d->tokens[t.id] = t;
      by_hash_[t.hash] = {t.tenant_id, t.id};
    }
  }
}

Directory::TenantData* Directory::data(const std::string& tenant_id) {
  auto it = tenants_.find(tenant_id);
  return it == tenants_.end() ? nullptr : &it->second;
}

const Directory::TenantData* Directory::data(const std::string& tenant_id) const {
  auto it = tenants_.find(tenant_id);
  return it == tenants_.end() ? nullptr : &it->second;
}

std::map<std::string, Code>& Directory::codes(TenantData& d, CodeKind kind) {
  return kind == CodeKind::Idle ? d.idle_codes : d.wrapup_codes;
}

const std::map<std::string, Code>& Directory::codes(const TenantData& d, CodeKind kind) const {
  return kind == CodeKind::Idle ? d.idle_codes : d.wrapup_codes;
}

// --- tenants ---------------------------------------------------------------------------------

Result<Tenant> Directory::create_tenant(std::string id, std::string name, Time now, Effects& fx) {
  auto clean = clean_name(name);
  if (!clean) return clean.rejection();
  if (tenants_.count(id) != 0) return Rejection{Reason::Conflict, "tenant id in use", {}, {}};
  Tenant t{std::move(id), std::move(clean.value()), TenantSettings{}, now, 1};
  tenants_[t.id].tenant = t;
  fx.persist(TenantPut{t});
  return t;
}

Result<Tenant> Directory::rename_tenant(const std::string& id, std::string name, IfMatch if_match,
                                        Effects& fx) {
  auto* d = data(id);
  if (d == nullptr) return not_found("tenant");
  if (auto r = stale(d->tenant.version, if_match)) return *r;
  auto clean = clean_name(name);
  if (!clean) return clean.rejection();
  d->tenant.name = std::move(clean.value());
  ++d->tenant.version;
  fx.persist(TenantPut{d->tenant});
  return d->tenant;
}

Status Directory::delete_tenant(const std::string& id, IfMatch if_match, Effects& fx) {
  auto* d = data(id);
  if (d == nullptr) return not_found("tenant");
  if (auto r = stale(d->tenant.version, if_match)) return *r;
  for (const auto& [token_id, token] : d->tokens) by_hash_.erase(token.hash);
  tenants_.erase(id);
  fx.persist(TenantDeleted{id});
  return Done{};
}

const Tenant* Directory::tenant(const std::string& id) const {
  const auto* d = data(id);
  return d == nullptr ? nullptr : &d->tenant;
}

std::vector<const Tenant*> Directory::tenants_after(const std::string& cursor,
                                                    std::size_t limit) const {
  std::vector<const Tenant*> out;
  for (auto it = tenants_.upper_bound(cursor); it != tenants_.end() && out.size() < limit; ++it) {
    out.push_back(&it->second.tenant);
  }
  return out;
}

Result<Tenant> Directory::update_settings(const Principal& by, const std::string& tenant_id,
                                          const SettingsPatch& p, IfMatch if_match, Effects& fx) {
  if (by.role != Role::Admin && by.role != Role::ServerAdmin) {
    return Rejection{
        Reason::Forbidden, "tenant settings are changed by an admin only (AS6)", {}, {}};
  }
  auto* d = data(tenant_id);
  // A tenant admin sees only their own tenant; another tenant reads as unknown.
  if (d == nullptr || (by.role == Role::Admin && by.tenant_id != tenant_id)) {
    return not_found("tenant");
  }
  if (auto r = stale(d->tenant.version, if_match)) return *r;
  if (p.privacy_shield_max_pause_ms &&
      (*p.privacy_shield_max_pause_ms < 1000 || *p.privacy_shield_max_pause_ms > 3'600'000)) {
    return Rejection::invalid_field("privacy_shield.max_pause_ms",
                                    "must be between 1000 and 3600000");
  }
  if (p.max_concurrent_calls &&
      (*p.max_concurrent_calls < 0 || *p.max_concurrent_calls > 1'000'000)) {
    return Rejection::invalid_field("max_concurrent_calls", "must be between 0 and 1000000");
  }
  auto& s = d->tenant.settings;
  if (p.noise_removal) s.noise_removal = *p.noise_removal;
  if (p.recording) s.recording = *p.recording;
  if (p.privacy_shield_enabled) s.privacy_shield.enabled = *p.privacy_shield_enabled;
  if (p.privacy_shield_max_pause_ms) s.privacy_shield.max_pause_ms = *p.privacy_shield_max_pause_ms;
  if (p.max_concurrent_calls) s.max_concurrent_calls = *p.max_concurrent_calls;
  if (p.requeue_on_transfer_no_answer) {
    s.requeue_on_transfer_no_answer = *p.requeue_on_transfer_no_answer;
  }
  if (p.end_call_for_web_callback) s.end_call_for_web_callback = *p.end_call_for_web_callback;
  ++d->tenant.version;
  fx.persist(TenantPut{d->tenant});
  return d->tenant;
}

// --- teams -----------------------------------------------------------------------------------

Result<Team> Directory::create_team(const std::string& tenant_id, std::string id, std::string name,
                                    Time now, Effects& fx) {
  auto* d = data(tenant_id);
  if (d == nullptr) return not_found("tenant");
  auto clean = clean_name(name);
  if (!clean) return clean.rejection();
  if (name_taken(d->teams, clean.value(), {})) return name_conflict("a team");
  Team t{std::move(id), tenant_id, std::move(clean.value()), now, 1};
  d->teams[t.id] = t;
  fx.persist(TeamPut{t});
  return t;
}

Result<Team> Directory::rename_team(const std::string& tenant_id, const std::string& id,
                                    std::string name, IfMatch if_match, Effects& fx) {
  auto* d = data(tenant_id);
  auto it = d == nullptr ? decltype(d->teams.end()){} : d->teams.find(id);
  if (d == nullptr || it == d->teams.end()) return not_found("team");
  if (auto r = stale(it->second.version, if_match)) return *r;
  auto clean = clean_name(name);
  if (!clean) return clean.rejection();
  if (name_taken(d->teams, clean.value(), id)) return name_conflict("a team");
  it->second.name = std::move(clean.value());
  ++it->second.version;
  fx.persist(TeamPut{it->second});
  return it->second;
}

Status Directory::delete_team(const std::string& tenant_id, const std::string& id, IfMatch if_match,
                              Effects& fx) {
  auto* d = data(tenant_id);
  auto it = d == nullptr ? decltype(d->teams.end()){} : d->teams.find(id);
  if (d == nullptr || it == d->teams.end()) return not_found("team");
  if (auto r = stale(it->second.version, if_match)) return *r;
  const bool in_use = std::any_of(d->agents.begin(), d->agents.end(), [&](const auto& kv) {
    const auto& ids = kv.second.team_ids;
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  });
  if (in_use) return Rejection{Reason::Conflict, "the team still has agents", {}, {}};
  d->teams.erase(it);
  fx.persist(TeamDeleted{tenant_id, id});
  return Done{};
}

const Team* Directory::team(const std::string& tenant_id, const std::string& id) const {
  const auto* d = data(tenant_id);
  if (d == nullptr) return nullptr;
  auto it = d->teams.find(id);
  return it == d->teams.end() ? nullptr : &it->second;
}

std::vector<const Team*> Directory::teams_after(const std::string& tenant_id,
                                                const std::string& cursor, std::size_t limit,
                                                const std::string& name_filter) const {
  const auto* d = data(tenant_id);
  if (d == nullptr) return {};
  return page(d->teams, cursor, limit,
              [&](const Team& t) { return contains_ignoring_case(t.name, name_filter); });
}

// --- agents ----------------------------------------------------------------------------------

Status Directory::check_agent_fields(const TenantData& d, const Agent& a) const {
  Rejection r{Reason::ValidationFailed, "validation failed", {}, {}};
  if (a.team_ids.empty()) r.errors.push_back({"team_ids", "an agent belongs to at least one team"});
  if (a.team_ids.size() > kMaxTeamsPerAgent) r.errors.push_back({"team_ids", "too many teams"});
  for (const auto& team_id : a.team_ids) {
    if (d.teams.count(team_id) == 0) r.errors.push_back({"team_ids", "unknown team " + team_id});
  }
  if (a.channels.voice < 0 || a.channels.voice > 1) {
    r.errors.push_back({"channels.voice", "must be 0 or 1 (OF10)"});
  }
  const std::pair<const char*, int> digital[] = {{"channels.chat", a.channels.chat},
                                                 {"channels.email", a.channels.email},
                                                 {"channels.social", a.channels.social}};
  for (const auto& [field, value] : digital) {
    if (value < 0 || value > kMaxDigitalCapacity) {
      r.errors.push_back({field, "must be between 0 and 50"});
    }
  }
  if (a.skills.size() > kMaxSkillsPerAgent) r.errors.push_back({"skills", "too many skills"});
  for (const auto& [skill, level] : a.skills) {
    if (!clean_name(skill)) r.errors.push_back({"skills", "a skill name is empty or invalid"});
    if (level < 0 || level > kMaxSkillLevel) {
      r.errors.push_back({"skills." + skill, "level must be between 0 and 10"});
    }
  }
  if (!r.errors.empty()) return r;
  return Done{};
}

Result<Agent> Directory::create_agent(Agent a, Time now, Effects& fx) {
  auto* d = data(a.tenant_id);
  if (d == nullptr) return not_found("tenant");
  auto clean = clean_name(a.name);
  if (!clean) return clean.rejection();
  a.name = std::move(clean.value());
  if (auto ok = check_agent_fields(*d, a); !ok) return ok.rejection();
  a.created_at = now;
  a.version = 1;
  d->put_agent(a);
  fx.persist(AgentPut{a});
  return a;
}

Result<Agent> Directory::update_agent(const std::string& tenant_id, const std::string& id,
                                      const AgentPatch& p, IfMatch if_match, Effects& fx) {
  auto* d = data(tenant_id);
  auto it = d == nullptr ? decltype(d->agents.end()){} : d->agents.find(id);
  if (d == nullptr || it == d->agents.end()) return not_found("agent");
  if (auto r = stale(it->second.version, if_match)) return *r;
  Agent next = it->second;
  if (p.name) {
    auto clean = clean_name(*p.name);
    if (!clean) return clean.rejection();
    next.name = std::move(clean.value());
  }
  if (p.team_ids) next.team_ids = *p.team_ids;
  if (p.channels) next.channels = *p.channels;
  if (p.skills) next.skills = *p.skills;
  if (auto ok = check_agent_fields(*d, next); !ok) return ok.rejection();
  ++next.version;
  it->second = next;
  fx.persist(AgentPut{next});
  return next;
}

Status Directory::delete_agent(const std::string& tenant_id, const std::string& id,
                               IfMatch if_match, Effects& fx) {
  auto* d = data(tenant_id);
  auto it = d == nullptr ? decltype(d->agents.end()){} : d->agents.find(id);
  if (d == nullptr || it == d->agents.end()) return not_found("agent");
  if (auto r = stale(it->second.version, if_match)) return *r;
  std::vector<std::string> agent_tokens;
  for (const auto& [token_id, token] : d->tokens) {
    if (token.agent_id == id) agent_tokens.push_back(token_id);
  }
  for (const auto& token_id : agent_tokens) drop_token(*d, token_id);
  d->erase_agent(it);
  fx.persist(AgentDeleted{tenant_id, id});
  return Done{};
}

const Agent* Directory::agent(const std::string& tenant_id, const std::string& id) const {
  const auto* d = data(tenant_id);
  if (d == nullptr) return nullptr;
  auto it = d->agent_index.find(id);
  return it == d->agent_index.end() ? nullptr : it->second;
}

std::vector<const Agent*> Directory::agents_after(const std::string& tenant_id,
                                                  const std::string& cursor, std::size_t limit,
                                                  const std::string& name_filter) const {
  const auto* d = data(tenant_id);
  if (d == nullptr) return {};
  return page(d->agents, cursor, limit,
              [&](const Agent& a) { return contains_ignoring_case(a.name, name_filter); });
}

// --- codes -----------------------------------------------------------------------------------

Result<Code> Directory::create_code(const std::string& tenant_id, CodeKind kind, std::string id,
                                    std::string name, Time now, Effects& fx) {
  auto* d = data(tenant_id);
  if (d == nullptr) return not_found("tenant");
  auto clean = clean_name(name);
  if (!clean) return clean.rejection();
  auto& list = codes(*d, kind);
  if (name_taken(list, clean.value(), {})) return name_conflict("a code");
  Code c{std::move(id), tenant_id, kind, std::move(clean.value()), now, 1};
  list[c.id] = c;
  fx.persist(CodePut{c});
  return c;
}

Result<Code> Directory::rename_code(const std::string& tenant_id, CodeKind kind,
                                    const std::string& id, std::string name, IfMatch if_match,
                                    Effects& fx) {
  auto* d = data(tenant_id);
  if (d == nullptr) return not_found("code");
  auto& list = codes(*d, kind);
  auto it = list.find(id);
  if (it == list.end()) return not_found("code");
  if (auto r = stale(it->second.version, if_match)) return *r;
  auto clean = clean_name(name);
  if (!clean) return clean.rejection();
  if (name_taken(list, clean.value(), id)) return name_conflict("a code");
  it->second.name = std::move(clean.value());
  ++it->second.version;
  fx.persist(CodePut{it->second});
  return it->second;
}

Status Directory::delete_code(const std::string& tenant_id, CodeKind kind, const std::string& id,
                              IfMatch if_match, Effects& fx) {
  auto* d = data(tenant_id);
  if (d == nullptr) return not_found("code");
  auto& list = codes(*d, kind);
  auto it = list.find(id);
  if (it == list.end()) return not_found("code");
  if (auto r = stale(it->second.version, if_match)) return *r;
  list.erase(it);
  fx.persist(CodeDeleted{tenant_id, id});
  return Done{};
}

const Code* Directory::code(const std::string& tenant_id, CodeKind kind,
                            const std::string& id) const {
  const auto* d = data(tenant_id);
  if (d == nullptr) return nullptr;
  const auto& list = codes(*d, kind);
  auto it = list.find(id);
  return it == list.end() ? nullptr : &it->second;
}

std::vector<const Code*> Directory::codes_after(const std::string& tenant_id, CodeKind kind,
                                                const std::string& cursor, std::size_t limit,
                                                const std::string& name_filter) const {
  const auto* d = data(tenant_id);
  if (d == nullptr) return {};
  return page(codes(*d, kind), cursor, limit,
              [&](const Code& c) { return contains_ignoring_case(c.name, name_filter); });
}

// --- tokens ----------------------------------------------------------------------------------

Result<Token> Directory::add_token(Token token, Effects& fx) {
  auto* d = data(token.tenant_id);
  if (d == nullptr) return not_found("tenant");
  if (token.role == Role::Agent && d->agents.count(token.agent_id) == 0) return not_found("agent");
  if (token.role == Role::ServerAdmin) {
    return Rejection::invalid_field("role", "must be admin, supervisor, telephony or web");
  }
  if (by_hash_.count(token.hash) != 0) return Rejection{Reason::Conflict, "token exists", {}, {}};
  by_hash_[token.hash] = {token.tenant_id, token.id};
  d->tokens[token.id] = token;
  fx.persist(TokenPut{token});
  return token;
}

void Directory::drop_token(TenantData& d, const std::string& token_id) {
  auto it = d.tokens.find(token_id);
  if (it == d.tokens.end()) return;
  by_hash_.erase(it->second.hash);
  d.tokens.erase(it);
}

Status Directory::revoke_token(const std::string& tenant_id, const std::string& id, Effects& fx) {
  auto* d = data(tenant_id);
  if (d == nullptr || d->tokens.count(id) == 0) return not_found("token");
  drop_token(*d, id);
  fx.persist(TokenDeleted{tenant_id, id});
  return Done{};
}

std::vector<const Token*> Directory::tokens_after(const std::string& tenant_id,
                                                  const std::string& cursor,
                                                  std::size_t limit) const {
  const auto* d = data(tenant_id);
  if (d == nullptr) return {};
  return page(d->tokens, cursor, limit, [](const Token&) { return true; });
}

std::optional<Principal> Directory::authenticate(const std::string& token_hash) const {
  auto it = by_hash_.find(token_hash);
  if (it == by_hash_.end()) return std::nullopt;
  const auto& [tenant_id, token_id] = it->second;
  const auto& token = tenants_.at(tenant_id).tokens.at(token_id);
  return Principal{token.role, token.tenant_id, token.agent_id, token.id};
}

}  // namespace ccr::core
