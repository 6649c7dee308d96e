#include "storage/migrations.hpp"

#include <array>
#include <string>

namespace ccr::storage {
namespace {

// Migration N is kMigrations[N - 1]. Never edit a released entry: append a new one.
constexpr const char* kMigration1 = R"sql(
CREATE TABLE server_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE tenants (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  settings TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL
);

CREATE TABLE teams (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE agents (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  team_ids TEXT NOT NULL,
  channels TEXT NOT NULL,
  skills TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE codes (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('idle', 'wrap_up')),
  name TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

-- tenant_id is '' for the server admin token, so it carries no foreign key.
CREATE TABLE tokens (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  role TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  hash TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX tokens_by_agent ON tokens (tenant_id, agent_id) WHERE agent_id <> '';

CREATE TABLE agent_sessions (
  tenant_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  state TEXT NOT NULL,
  idle_code_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  since_ms INTEGER NOT NULL,
  team_id TEXT NOT NULL,
  dial_number TEXT NOT NULL,
  desktop_connected INTEGER NOT NULL,
  disconnect_deadline_ms INTEGER,
  PRIMARY KEY (tenant_id, agent_id),
  FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id)
);

-- The audit log: rows are only ever inserted; tenant deletion keeps them.
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  type TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  interaction_id TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX events_by_tenant ON events (tenant_id, seq);
CREATE INDEX events_by_agent ON events (tenant_id, agent_id, seq) WHERE agent_id <> '';
CREATE INDEX events_by_interaction ON events (tenant_id, interaction_id, seq)
  WHERE interaction_id <> '';
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TABLE idempotency_keys (
  tenant_id TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  content_type TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_by_age ON idempotency_keys (created_at_ms);
)sql";

// Routing configuration: queues and entry points. Nested values are JSON text (see codec.hpp);
// overflow and hours are NULL when absent. Enum columns carry no CHECK (the loader's decoders
// reject unknown text), so a new channel or strategy needs no table rebuild.
constexpr const char* kMigration2 = R"sql(
CREATE TABLE queues (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  channel TEXT NOT NULL,
  strategy TEXT NOT NULL,
  groups TEXT NOT NULL,
  required_skills TEXT NOT NULL,
  rona_timeout_ms INTEGER NOT NULL,
  wrapup_timeout_ms INTEGER NOT NULL,
  default_wrapup_code_id TEXT NOT NULL,
  priority INTEGER NOT NULL,
  max_length INTEGER NOT NULL,
  service_level_ms INTEGER NOT NULL,
  overflow TEXT,
  created_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE entry_points (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  channel TEXT NOT NULL,
  queue_id TEXT NOT NULL,
  dial_numbers TEXT NOT NULL,
  variables TEXT NOT NULL,
  hours TEXT,
  created_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
)sql";

// Interactions, current state only (their history is in `events`). An ended interaction stays,
// for reporting; the loader reads the others. Every column that is queried, ordered or a deadline
// is plain; times are absolute UTC milliseconds, NULL when unset. The pending offer is JSON
// (NULL when there is none) except its ring deadline, `offer_expires_at_ms`, NULL exactly when
// `offer` is. Variables (with their versions) and declined_until are JSON.
constexpr const char* kMigration3 = R"sql(
CREATE TABLE interactions (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  entry_point_id TEXT NOT NULL,
  queue_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  ani TEXT NOT NULL,
  dnis TEXT NOT NULL,
  external_id TEXT NOT NULL,
  variables TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  enqueued_at_ms INTEGER NOT NULL,
  queue_entered_at_ms INTEGER NOT NULL,
  arrival INTEGER NOT NULL,
  priority INTEGER NOT NULL,
  phase TEXT NOT NULL,
  offer TEXT,
  offer_expires_at_ms INTEGER,
  offers_made INTEGER NOT NULL,
  agent_id TEXT NOT NULL,
  connected INTEGER NOT NULL,
  wrapup_deadline_ms INTEGER,
  wrapup_code_id TEXT NOT NULL,
  end_reason TEXT NOT NULL,
  ended_at_ms INTEGER,
  declined_until TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  CHECK ((offer IS NULL) = (offer_expires_at_ms IS NULL))
);
CREATE INDEX interactions_by_phase ON interactions (tenant_id, phase);
CREATE INDEX interactions_by_created ON interactions (tenant_id, created_at_ms);
)sql";

// Call control: the legs of each interaction, the consult in progress, wrap-ups owed by agents
// who left, and the transferring agent, as one JSON object (storage/call_codec.hpp). '{}' is a
// row written before: the loader derives its legs from the phase.
constexpr const char* kMigration4 = R"sql(
ALTER TABLE interactions ADD COLUMN call TEXT NOT NULL DEFAULT '{}';
)sql";

// Contact book (CO1, TR1): the address book and the organisation directory, and whether each
// queue and entry point is listed as a consult or a transfer target (both 1 for existing rows).
// An empty role, department, company number or email is '' (not NULL), as core keeps it.
constexpr const char* kMigration5 = R"sql(
ALTER TABLE queues ADD COLUMN consult_allowed INTEGER NOT NULL DEFAULT 1;
ALTER TABLE queues ADD COLUMN transfer_allowed INTEGER NOT NULL DEFAULT 1;
ALTER TABLE entry_points ADD COLUMN consult_allowed INTEGER NOT NULL DEFAULT 1;
ALTER TABLE entry_points ADD COLUMN transfer_allowed INTEGER NOT NULL DEFAULT 1;

CREATE TABLE address_book (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  number TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE directory_entries (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  department TEXT NOT NULL,
  company_number TEXT NOT NULL,
  email TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
)sql";

constexpr std::array<const char*, 5> kMigrations = {kMigration1, kMigration2, kMigration3,
                                                    kMigration4, kMigration5};
static_assert(kMigrations.size() == kSchemaVersion, "one migration per schema version");

}  // namespace

int schema_version(Database& db) {
  Statement st(db, "PRAGMA user_version");
  if (st.step() != SQLITE_ROW) {
    throw StorageError("storage: cannot read schema version of '" + db.path() +
                       "': " + db.last_error());
  }
  return static_cast<int>(st.column_int64(0));
}

int apply_migrations(Database& db) { return apply_migrations(db, kSchemaVersion); }

int apply_migrations(Database& db, int up_to) {
  if (up_to < 0 || up_to > kSchemaVersion) {
    throw StorageError("storage: no schema version " + std::to_string(up_to));
  }
  int version = schema_version(db);
  if (version > kSchemaVersion) {
    throw StorageError("storage: '" + db.path() + "' has schema version " +
                       std::to_string(version) + ", newer than this build's " +
                       std::to_string(kSchemaVersion));
  }
  for (; version < up_to; ++version) {
    const int next = version + 1;
    db.exec_or_throw("BEGIN IMMEDIATE", "begin migration");
    const std::string sql = std::string(kMigrations[static_cast<std::size_t>(version)]) +
                            "\nPRAGMA user_version = " + std::to_string(next) + ";";
    if (db.exec(sql) != SQLITE_OK || db.exec("COMMIT") != SQLITE_OK) {
      const std::string error = db.last_error();
      db.exec("ROLLBACK");
      throw StorageError("storage: migration " + std::to_string(next) + " failed on '" + db.path() +
                         "': " + error);
    }
  }
  return version;
}

}  // namespace ccr::storage
