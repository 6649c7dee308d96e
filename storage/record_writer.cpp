#include "storage/record_writer.hpp"

#include <cstdint>

#include "storage/codec.hpp"

namespace ccr::storage {
namespace {

using core::ms_since_epoch;

std::int64_t as_int64(std::uint64_t value) { return static_cast<std::int64_t>(value); }

std::optional<std::int64_t> optional_ms(const std::optional<core::Time>& t) {
  if (!t) return std::nullopt;
  return ms_since_epoch(*t);
}

std::vector<Statement> prepare_all(Database& db, std::initializer_list<const char*> sqls) {
  std::vector<Statement> statements;
  statements.reserve(sqls.size());
  for (const char* sql : sqls) statements.emplace_back(db, sql);
  return statements;
}

template <typename... Values>
int run_all(std::vector<Statement>& statements, const Values&... values) {
  for (auto& st : statements) {
    const int rc = st.run(values...);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

}  // namespace

RecordWriter::RecordWriter(Database& db)
    : tenant_put_(db,
                  "INSERT INTO tenants (id, name, settings, created_at_ms, version) "
                  "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO UPDATE SET "
                  "name = excluded.name, settings = excluded.settings, "
                  "created_at_ms = excluded.created_at_ms, version = excluded.version"),
      tenant_delete_(prepare_all(
          db, {"DELETE FROM agent_sessions WHERE tenant_id = ?1",
               "DELETE FROM tokens WHERE tenant_id = ?1", "DELETE FROM agents WHERE tenant_id = ?1",
               "DELETE FROM teams WHERE tenant_id = ?1", "DELETE FROM codes WHERE tenant_id = ?1",
               "DELETE FROM idempotency_keys WHERE tenant_id = ?1",
               "DELETE FROM tenants WHERE id = ?1"})),
      team_put_(db,
                "INSERT INTO teams (tenant_id, id, name, created_at_ms, version) "
                "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (tenant_id, id) DO UPDATE SET "
                "name = excluded.name, created_at_ms = excluded.created_at_ms, "
                "version = excluded.version"),
      team_delete_(db, "DELETE FROM teams WHERE tenant_id = ?1 AND id = ?2"),
      agent_put_(db,
                 "INSERT INTO agents (tenant_id, id, name, team_ids, channels, skills, "
                 "created_at_ms, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                 "ON CONFLICT (tenant_id, id) DO UPDATE SET name = excluded.name, "
                 "team_ids = excluded.team_ids, channels = excluded.channels, "
                 "skills = excluded.skills, created_at_ms = excluded.created_at_ms, "
                 "version = excluded.version"),
      agent_delete_(prepare_all(
          db, {"DELETE FROM agent_sessions WHERE tenant_id = ?1 AND agent_id = ?2",
               "DELETE FROM tokens WHERE tenant_id = ?1 AND agent_id = ?2 AND agent_id <> ''",
               "DELETE FROM agents WHERE tenant_id = ?1 AND id = ?2"})),
      code_put_(db,
                "INSERT INTO codes (tenant_id, id, kind, name, created_at_ms, version) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (tenant_id, id) DO UPDATE SET "
                "kind = excluded.kind, name = excluded.name, "
                "created_at_ms = excluded.created_at_ms, version = excluded.version"),
      code_delete_(db, "DELETE FROM codes WHERE tenant_id = ?1 AND id = ?2"),
      token_put_(db,
                 "INSERT INTO tokens (tenant_id, id, role, agent_id, hash, created_at_ms) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (tenant_id, id) DO UPDATE SET "
                 "role = excluded.role, agent_id = excluded.agent_id, hash = excluded.hash, "
                 "created_at_ms = excluded.created_at_ms"),
      token_delete_(db, "DELETE FROM tokens WHERE tenant_id = ?1 AND id = ?2"),
      session_put_(db,
                   "INSERT INTO agent_sessions (tenant_id, agent_id, state, idle_code_id, "
                   "reason, since_ms, team_id, dial_number, desktop_connected, "
                   "disconnect_deadline_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                   "ON CONFLICT (tenant_id, agent_id) DO UPDATE SET state = excluded.state, "
                   "idle_code_id = excluded.idle_code_id, reason = excluded.reason, "
                   "since_ms = excluded.since_ms, team_id = excluded.team_id, "
                   "dial_number = excluded.dial_number, "
                   "desktop_connected = excluded.desktop_connected, "
                   "disconnect_deadline_ms = excluded.disconnect_deadline_ms"),
      event_insert_(db,
                    "INSERT INTO events (tenant_id, at_ms, type, agent_id, interaction_id, "
                    "body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
      idempotency_put_(db,
                       "INSERT INTO idempotency_keys (tenant_id, key, fingerprint, status, "
                       "body, content_type, created_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                       "ON CONFLICT (tenant_id, key) DO UPDATE SET "
                       "fingerprint = excluded.fingerprint, status = excluded.status, "
                       "body = excluded.body, content_type = excluded.content_type, "
                       "created_at_ms = excluded.created_at_ms"),
      idempotency_prune_(db, "DELETE FROM idempotency_keys WHERE created_at_ms < ?1"),
      meta_put_(db,
                "INSERT INTO server_meta (key, value) VALUES (?1, ?2) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value") {}

int RecordWriter::apply(const Op& op) {
  return std::visit([this](const auto& value) { return write(value); }, op);
}

int RecordWriter::write(const core::Record& record) {
  return std::visit([this](const auto& value) { return write(value); }, record);
}

int RecordWriter::write(const core::TenantPut& r) {
  const auto& t = r.tenant;
  return tenant_put_.run(t.id, t.name, codec::encode(t.settings), ms_since_epoch(t.created_at),
                         as_int64(t.version));
}

int RecordWriter::write(const core::TenantDeleted& r) {
  return run_all(tenant_delete_, r.tenant_id);
}

int RecordWriter::write(const core::TeamPut& r) {
  const auto& t = r.team;
  return team_put_.run(t.tenant_id, t.id, t.name, ms_since_epoch(t.created_at),
                       as_int64(t.version));
}

int RecordWriter::write(const core::TeamDeleted& r) {
  return team_delete_.run(r.tenant_id, r.team_id);
}

int RecordWriter::write(const core::AgentPut& r) {
  const auto& a = r.agent;
  return agent_put_.run(a.tenant_id, a.id, a.name, codec::encode(a.team_ids),
                        codec::encode(a.channels), codec::encode(a.skills),
                        ms_since_epoch(a.created_at), as_int64(a.version));
}

int RecordWriter::write(const core::AgentDeleted& r) {
  return run_all(agent_delete_, r.tenant_id, r.agent_id);
}

int RecordWriter::write(const core::CodePut& r) {
  const auto& c = r.code;
  return code_put_.run(c.tenant_id, c.id, codec::encode(c.kind), c.name,
                       ms_since_epoch(c.created_at), as_int64(c.version));
}

int RecordWriter::write(const core::CodeDeleted& r) {
  return code_delete_.run(r.tenant_id, r.code_id);
}

int RecordWriter::write(const core::TokenPut& r) {
  const auto& t = r.token;
  return token_put_.run(t.tenant_id, t.id, codec::encode(t.role), t.agent_id, t.hash,
                        ms_since_epoch(t.created_at));
}

int RecordWriter::write(const core::TokenDeleted& r) {
  return token_delete_.run(r.tenant_id, r.token_id);
}

int RecordWriter::write(const core::AgentSessionPut& r) {
  const auto& s = r.session;
  return session_put_.run(s.tenant_id, s.agent_id, codec::encode(s.state), s.idle_code_id,
                          codec::encode(s.reason), ms_since_epoch(s.since), s.team_id,
                          s.dial_number, std::int64_t{s.desktop_connected ? 1 : 0},
                          optional_ms(s.disconnect_deadline));
}

int RecordWriter::write(const core::EventAppended& r) {
  return event_insert_.run(r.tenant_id, ms_since_epoch(r.at), r.type, r.agent_id, r.interaction_id,
                           codec::encode(r.fields));
}

int RecordWriter::write(const IdempotencyPut& op) {
  return idempotency_put_.run(op.tenant_id, op.key, op.fingerprint, std::int64_t{op.status},
                              op.body, op.content_type, ms_since_epoch(op.created_at));
}

int RecordWriter::write(const IdempotencyPrune& op) {
  return idempotency_prune_.run(ms_since_epoch(op.before));
}

int RecordWriter::write(const MetaPut& op) { return meta_put_.run(op.key, op.value); }

std::string RecordWriter::describe(const Op& op) {
  struct Describe {
    std::string operator()(const core::TenantPut& r) const { return "TenantPut " + r.tenant.id; }
    std::string operator()(const core::TenantDeleted& r) const {
      return "TenantDeleted " + r.tenant_id;
    }
    std::string operator()(const core::TeamPut& r) const {
      return "TeamPut " + r.team.tenant_id + "/" + r.team.id;
    }
    std::string operator()(const core::TeamDeleted& r) const {
      return "TeamDeleted " + r.tenant_id + "/" + r.team_id;
    }
    std::string operator()(const core::AgentPut& r) const {
      return "AgentPut " + r.agent.tenant_id + "/" + r.agent.id;
    }
    std::string operator()(const core::AgentDeleted& r) const {
      return "AgentDeleted " + r.tenant_id + "/" + r.agent_id;
    }
    std::string operator()(const core::CodePut& r) const {
      return "CodePut " + r.code.tenant_id + "/" + r.code.id;
    }
    std::string operator()(const core::CodeDeleted& r) const {
      return "CodeDeleted " + r.tenant_id + "/" + r.code_id;
    }
    std::string operator()(const core::TokenPut& r) const {
      return "TokenPut " + r.token.tenant_id + "/" + r.token.id;
    }
    std::string operator()(const core::TokenDeleted& r) const {
      return "TokenDeleted " + r.tenant_id + "/" + r.token_id;
    }
    std::string operator()(const core::AgentSessionPut& r) const {
      return "AgentSessionPut " + r.session.tenant_id + "/" + r.session.agent_id;
    }
    std::string operator()(const core::EventAppended& r) const {
      return "EventAppended " + r.tenant_id + " " + r.type;
    }
    std::string operator()(const core::Record& r) const { return std::visit(*this, r); }
    std::string operator()(const IdempotencyPut& op) const {
      return "IdempotencyPut " + op.tenant_id + "/" + op.key;
    }
    std::string operator()(const IdempotencyPrune&) const { return "IdempotencyPrune"; }
    std::string operator()(const MetaPut& op) const { return "MetaPut " + op.key; }
  };
  return std::visit(Describe{}, op);
}

}  // namespace ccr::storage
