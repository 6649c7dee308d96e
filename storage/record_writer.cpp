#include "storage/record_writer.hpp"

#include <cstdint>
#include <type_traits>

#include "core/call_legs.hpp"
#include "storage/call_codec.hpp"
#include "storage/codec.hpp"

namespace ccr::storage {
namespace {

using core::ms_since_epoch;

std::int64_t as_int64(std::uint64_t value) { return static_cast<std::int64_t>(value); }

// The legacy `connected` column: the owner's leg has answered.
bool owner_connected(const core::Interaction& i) {
  const core::Leg* leg = core::agent_leg(i, i.agent_id);
  return leg != nullptr && leg->state != core::LegState::Ringing;
}

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
               "DELETE FROM interactions WHERE tenant_id = ?1",
               "DELETE FROM entry_points WHERE tenant_id = ?1",
               "DELETE FROM queues WHERE tenant_id = ?1",
               "DELETE FROM address_book WHERE tenant_id = ?1",
               "DELETE FROM directory_entries WHERE tenant_id = ?1",
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
      // Whole-row upsert: every column is set, so batch_plan may skip an earlier put of the row.
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
      // An absent overflow or hours binds as '' and is stored as NULL.
      queue_put_(db,
                 "INSERT INTO queues (tenant_id, id, name, channel, strategy, groups, "
                 "required_skills, rona_timeout_ms, wrapup_timeout_ms, default_wrapup_code_id, "
                 "priority, max_length, service_level_ms, overflow, created_at_ms, version, "
                 "consult_allowed, transfer_allowed) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, NULLIF(?14, ''), "
                 "?15, ?16, ?17, ?18) ON CONFLICT (tenant_id, id) DO UPDATE SET "
                 "name = excluded.name, "
                 "channel = excluded.channel, strategy = excluded.strategy, "
                 "groups = excluded.groups, required_skills = excluded.required_skills, "
                 "rona_timeout_ms = excluded.rona_timeout_ms, "
                 "wrapup_timeout_ms = excluded.wrapup_timeout_ms, "
                 "default_wrapup_code_id = excluded.default_wrapup_code_id, "
                 "priority = excluded.priority, max_length = excluded.max_length, "
                 "service_level_ms = excluded.service_level_ms, overflow = excluded.overflow, "
                 "created_at_ms = excluded.created_at_ms, version = excluded.version, "
                 "consult_allowed = excluded.consult_allowed, "
                 "transfer_allowed = excluded.transfer_allowed"),
      queue_delete_(db, "DELETE FROM queues WHERE tenant_id = ?1 AND id = ?2"),
      entry_point_put_(db,
                       "INSERT INTO entry_points (tenant_id, id, name, channel, queue_id, "
                       "dial_numbers, variables, hours, created_at_ms, version, "
                       "consult_allowed, transfer_allowed) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULLIF(?8, ''), ?9, ?10, ?11, ?12) "
                       "ON CONFLICT (tenant_id, id) DO UPDATE SET name = excluded.name, "
                       "channel = excluded.channel, queue_id = excluded.queue_id, "
                       "dial_numbers = excluded.dial_numbers, variables = excluded.variables, "
                       "hours = excluded.hours, created_at_ms = excluded.created_at_ms, "
                       "version = excluded.version, consult_allowed = excluded.consult_allowed, "
                       "transfer_allowed = excluded.transfer_allowed"),
      entry_point_delete_(db, "DELETE FROM entry_points WHERE tenant_id = ?1 AND id = ?2"),
      address_put_(db,
                   "INSERT INTO address_book (tenant_id, id, name, number, created_at_ms, "
                   "version) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (tenant_id, id) DO "
                   "UPDATE SET name = excluded.name, number = excluded.number, "
                   "created_at_ms = excluded.created_at_ms, version = excluded.version"),
      address_delete_(db, "DELETE FROM address_book WHERE tenant_id = ?1 AND id = ?2"),
      directory_put_(db,
                     "INSERT INTO directory_entries (tenant_id, id, name, role, department, "
                     "company_number, email, created_at_ms, version) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (tenant_id, id) DO "
                     "UPDATE SET name = excluded.name, role = excluded.role, "
                     "department = excluded.department, company_number = excluded.company_number, "
                     "email = excluded.email, created_at_ms = excluded.created_at_ms, "
                     "version = excluded.version"),
      directory_delete_(db, "DELETE FROM directory_entries WHERE tenant_id = ?1 AND id = ?2"),
      // An absent offer binds as '' and is stored as NULL, with a NULL offer_expires_at_ms.
      // Whole-row upsert: every column is set, so batch_plan may skip an earlier put of the row.
      // All but created_at_ms, which the core never changes: an update that names no column of
      // interactions_by_created leaves that index's pages alone.
      interaction_put_(db,
                       "INSERT INTO interactions (tenant_id, id, entry_point_id, queue_id, "
                       "channel, ani, dnis, external_id, variables, created_at_ms, "
                       "enqueued_at_ms, queue_entered_at_ms, arrival, priority, phase, offer, "
                       "offer_expires_at_ms, offers_made, agent_id, connected, "
                       "wrapup_deadline_ms, wrapup_code_id, end_reason, ended_at_ms, "
                       "declined_until, call) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                       "?11, ?12, ?13, ?14, ?15, NULLIF(?16, ''), ?17, ?18, ?19, ?20, ?21, ?22, "
                       "?23, ?24, ?25, ?26) ON CONFLICT (tenant_id, id) DO UPDATE SET "
                       "entry_point_id = excluded.entry_point_id, queue_id = excluded.queue_id, "
                       "channel = excluded.channel, ani = excluded.ani, dnis = excluded.dnis, "
                       "external_id = excluded.external_id, variables = excluded.variables, "
                       "enqueued_at_ms = excluded.enqueued_at_ms, "
                       "queue_entered_at_ms = excluded.queue_entered_at_ms, "
                       "arrival = excluded.arrival, priority = excluded.priority, "
                       "phase = excluded.phase, offer = excluded.offer, "
                       "offer_expires_at_ms = excluded.offer_expires_at_ms, "
                       "offers_made = excluded.offers_made, agent_id = excluded.agent_id, "
                       "connected = excluded.connected, "
                       "wrapup_deadline_ms = excluded.wrapup_deadline_ms, "
                       "wrapup_code_id = excluded.wrapup_code_id, "
                       "end_reason = excluded.end_reason, ended_at_ms = excluded.ended_at_ms, "
                       "declined_until = excluded.declined_until, call = excluded.call"),
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
  return std::visit(
      [this](const auto& value) {
        if constexpr (std::is_same_v<std::decay_t<decltype(value)>, core::Record>) {
          return apply_record(value);
        } else {
          return write(value);
        }
      },
      op);
}

int RecordWriter::apply_record(const core::Record& record) {
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

int RecordWriter::write(const core::QueuePut& r) {
  const auto& q = r.queue;
  return queue_put_.run(
      q.tenant_id, q.id, q.name, codec::encode(q.channel), codec::encode(q.strategy),
      codec::encode(q.groups), codec::encode(q.required_skills), q.rona_timeout_ms,
      q.wrapup_timeout_ms, q.default_wrapup_code_id, std::int64_t{q.priority}, q.max_length,
      q.service_level_ms, q.overflow ? codec::encode(*q.overflow) : std::string(),
      ms_since_epoch(q.created_at), as_int64(q.version), std::int64_t{q.consult_allowed ? 1 : 0},
      std::int64_t{q.transfer_allowed ? 1 : 0});
}

int RecordWriter::write(const core::QueueDeleted& r) {
  return queue_delete_.run(r.tenant_id, r.queue_id);
}

int RecordWriter::write(const core::EntryPointPut& r) {
  const auto& e = r.entry_point;
  return entry_point_put_.run(e.tenant_id, e.id, e.name, codec::encode(e.channel), e.queue_id,
                              codec::encode(e.dial_numbers), codec::encode(e.variables),
                              e.hours ? codec::encode(*e.hours) : std::string(),
                              ms_since_epoch(e.created_at), as_int64(e.version),
                              std::int64_t{e.consult_allowed ? 1 : 0},
                              std::int64_t{e.transfer_allowed ? 1 : 0});
}

int RecordWriter::write(const core::EntryPointDeleted& r) {
  return entry_point_delete_.run(r.tenant_id, r.entry_point_id);
}

int RecordWriter::write(const core::AddressEntryPut& r) {
  const auto& e = r.entry;
  return address_put_.run(e.tenant_id, e.id, e.name, e.number, ms_since_epoch(e.created_at),
                          as_int64(e.version));
}

int RecordWriter::write(const core::AddressEntryDeleted& r) {
  return address_delete_.run(r.tenant_id, r.entry_id);
}

int RecordWriter::write(const core::DirectoryEntryPut& r) {
  const auto& e = r.entry;
  return directory_put_.run(e.tenant_id, e.id, e.name, e.role, e.department, e.company_number,
                            e.email, ms_since_epoch(e.created_at), as_int64(e.version));
}

int RecordWriter::write(const core::DirectoryEntryDeleted& r) {
  return directory_delete_.run(r.tenant_id, r.entry_id);
}

int RecordWriter::write(const core::InteractionPut& r) {
  const auto& i = r.interaction();
  const std::optional<std::int64_t> offer_expires_at =
      i.offer ? std::optional<std::int64_t>(ms_since_epoch(i.offer->expires_at)) : std::nullopt;
  return interaction_put_.run(
      i.tenant_id, i.id, i.entry_point_id, i.queue_id, codec::encode(i.channel), i.ani, i.dnis,
      i.external_id, codec::encode(i.variables), ms_since_epoch(i.created_at),
      ms_since_epoch(i.enqueued_at), ms_since_epoch(i.queue_entered_at), as_int64(i.arrival),
      std::int64_t{i.priority}, codec::encode(i.phase),
      i.offer ? codec::encode(*i.offer) : std::string(), offer_expires_at,
      std::int64_t{i.offers_made}, i.agent_id, std::int64_t{owner_connected(i) ? 1 : 0},
      optional_ms(i.wrapup_deadline), i.wrapup_code_id, i.end_reason, optional_ms(i.ended_at),
      codec::encode(i.declined_until), codec::encode_call(i));
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

}  // namespace ccr::storage
