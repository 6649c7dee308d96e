#include "storage/loader.hpp"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <string>
#include <system_error>
#include <thread>
#include <tuple>
#include <vector>

#include "storage/call_codec.hpp"
#include "storage/codec.hpp"
#include "storage/interaction_reader.hpp"
#include "storage/migrations.hpp"

namespace ccr::storage {
namespace {

using core::time_from_ms;

void require_current_schema(Database& db) {
  const int version = schema_version(db);
  if (version != kSchemaVersion) {
    throw StorageError("storage: '" + db.path() + "' has schema version " +
                       std::to_string(version) + ", expected " + std::to_string(kSchemaVersion));
  }
}

Database open_for_reading(const std::string& path) {
  Database db(path, OpenMode::ReadOnly);
  require_current_schema(db);
  return db;
}

// Binds `values`, calls `row(st)` for each result row, throws on any SQLite error.
template <typename Row, typename... Values>
void for_each_row(Database& db, const char* sql, Row&& row, const Values&... values) {
  Statement st(db, sql);
  int rc = st.bind_all(values...);
  while (rc == SQLITE_OK || rc == SQLITE_ROW) {
    rc = st.step();
    if (rc == SQLITE_ROW) row(st);
  }
  if (rc != SQLITE_DONE) {
    throw StorageError("storage: reading '" + db.path() + "' failed: " + db.last_error());
  }
}

// A read transaction, so the tables read agree with each other; ends even when a read throws.
class ReadTransaction {
 public:
  explicit ReadTransaction(Database& db) : db_(db) { db_.exec_or_throw("BEGIN", "begin a read"); }
  ~ReadTransaction() { db_.exec("ROLLBACK"); }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Database& db_;
};

std::uint64_t as_version(std::int64_t value) { return static_cast<std::uint64_t>(value); }

// Queues and entry points into `snap`, each ordered by (created_at, tenant_id, id).
void load_routing(Database& db, core::Snapshot& snap) {
  for_each_row(db,
               "SELECT tenant_id, id, name, channel, strategy, groups, required_skills, "
               "rona_timeout_ms, wrapup_timeout_ms, default_wrapup_code_id, priority, "
               "max_length, service_level_ms, overflow, created_at_ms, version, "
               "consult_allowed, transfer_allowed FROM queues "
               "ORDER BY created_at_ms, tenant_id, id",
               [&](const Statement& st) {
                 core::Queue q;
                 q.tenant_id = st.column_text(0);
                 q.id = st.column_text(1);
                 q.name = st.column_text(2);
                 q.channel = codec::decode_channel(st.column_text(3));
                 q.strategy = codec::decode_strategy(st.column_text(4));
                 q.groups = codec::decode_groups(st.column_text(5));
                 q.required_skills = codec::decode_skills(st.column_text(6));
                 q.rona_timeout_ms = st.column_int64(7);
                 q.wrapup_timeout_ms = st.column_int64(8);
                 q.default_wrapup_code_id = st.column_text(9);
                 q.priority = static_cast<int>(st.column_int64(10));
                 q.max_length = st.column_int64(11);
                 q.service_level_ms = st.column_int64(12);
                 if (!st.column_is_null(13))
                   q.overflow = codec::decode_overflow(st.column_text(13));
                 q.created_at = time_from_ms(st.column_int64(14));
                 q.version = as_version(st.column_int64(15));
                 q.consult_allowed = st.column_int64(16) != 0;
                 q.transfer_allowed = st.column_int64(17) != 0;
                 snap.queues.push_back(std::move(q));
               });
  for_each_row(db,
               "SELECT tenant_id, id, name, channel, queue_id, dial_numbers, variables, hours, "
               "created_at_ms, version, consult_allowed, transfer_allowed FROM entry_points "
               "ORDER BY created_at_ms, tenant_id, id",
               [&](const Statement& st) {
                 core::EntryPoint e;
                 e.tenant_id = st.column_text(0);
                 e.id = st.column_text(1);
                 e.name = st.column_text(2);
                 e.channel = codec::decode_channel(st.column_text(3));
                 e.queue_id = st.column_text(4);
                 e.dial_numbers = codec::decode_ids(st.column_text(5), "dial_numbers");
                 e.variables = codec::decode_variables(st.column_text(6));
                 if (!st.column_is_null(7)) e.hours = codec::decode_hours(st.column_text(7));
                 e.created_at = time_from_ms(st.column_int64(8));
                 e.version = as_version(st.column_int64(9));
                 e.consult_allowed = st.column_int64(10) != 0;
                 e.transfer_allowed = st.column_int64(11) != 0;
                 snap.entry_points.push_back(std::move(e));
               });
}

// Address-book and directory entries into `snap`, each ordered by (created_at, tenant_id, id).
void load_contact_book(Database& db, core::Snapshot& snap) {
  for_each_row(db,
               "SELECT tenant_id, id, name, number, created_at_ms, version FROM address_book "
               "ORDER BY created_at_ms, tenant_id, id",
               [&](const Statement& st) {
                 core::AddressEntry e;
                 e.tenant_id = st.column_text(0);
                 e.id = st.column_text(1);
                 e.name = st.column_text(2);
                 e.number = st.column_text(3);
                 e.created_at = time_from_ms(st.column_int64(4));
                 e.version = as_version(st.column_int64(5));
                 snap.address_entries.push_back(std::move(e));
               });
  for_each_row(db,
               "SELECT tenant_id, id, name, role, department, company_number, email, "
               "created_at_ms, version FROM directory_entries "
               "ORDER BY created_at_ms, tenant_id, id",
               [&](const Statement& st) {
                 core::DirectoryEntry e;
                 e.tenant_id = st.column_text(0);
                 e.id = st.column_text(1);
                 e.name = st.column_text(2);
                 e.role = st.column_text(3);
                 e.department = st.column_text(4);
                 e.company_number = st.column_text(5);
                 e.email = st.column_text(6);
                 e.created_at = time_from_ms(st.column_int64(7));
                 e.version = as_version(st.column_int64(8));
                 snap.directory_entries.push_back(std::move(e));
               });
}

// Decodes calls[i] into interactions[first + i], the first half on a second thread when there
// are enough: the call's JSON is most of what loading costs, and nothing else runs while the
// server loads. Without a second thread (none to be had) it decodes them all itself.
void decode_calls(std::vector<core::Interaction>& interactions, std::size_t first,
                  const std::vector<std::string>& calls) {
  constexpr std::size_t kWorthAThread = 1024;
  const auto decode = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) codec::decode_call(calls[i], interactions[first + i]);
  };
  std::size_t half = calls.size() >= kWorthAThread ? calls.size() / 2 : 0;
  std::exception_ptr failure;
  std::thread helper;
  if (half > 0) {
    try {
      helper = std::thread([&] {
        try {
          decode(0, half);
        } catch (...) {
          failure = std::current_exception();
        }
      });
    } catch (const std::system_error&) {
      half = 0;
    }
  }
  try {
    decode(half, calls.size());
  } catch (...) {
    if (helper.joinable()) helper.join();
    throw;
  }
  if (helper.joinable()) helper.join();
  if (failure) std::rethrow_exception(failure);
}

// Every interaction not ended into `snap`, ordered by (arrival, tenant_id, id). The rows come
// in the table's order, which is nearly always that order already: sorting them here, when
// needed, costs a fraction of what SQLite's ORDER BY did (it copied every whole row into a
// temporary b-tree, about a fifth of loading 100,000 interactions).
void load_interactions(Database& db, core::Snapshot& snap) {
  const std::string sql = std::string("SELECT ") + kInteractionColumns +
                          " FROM interactions WHERE phase <> ?1 "
                          // an ended call some agent still owes a wrap-up for (TR5, CO11)
                          "OR json_array_length(call, '$.owed_wrapups') > 0";
  const std::size_t first = snap.interactions.size();
  // Room for all of them first: growing the vector row by row moved every interaction about
  // and touched twice the memory, most of a restart with 100,000 open interactions.
  std::size_t open = 0;
  for_each_row(
      db, "SELECT count(*) FROM interactions WHERE phase <> ?1",
      [&](const Statement& st) { open = static_cast<std::size_t>(st.column_int64(0)); },
      codec::encode(core::Phase::Ended));
  const std::size_t expected = open + open / 16 + 16;  // and ended calls owing a wrap-up
  snap.interactions.reserve(first + expected);
  std::vector<std::string> calls;
  calls.reserve(expected);
  for_each_row(
      db, sql.c_str(),
      [&](const Statement& st) {
        snap.interactions.push_back(interaction_from_row(st, calls.emplace_back()));
      },
      codec::encode(core::Phase::Ended));
  decode_calls(snap.interactions, first, calls);
  const auto loaded = snap.interactions.begin() + static_cast<std::ptrdiff_t>(first);
  const auto by_arrival = [](const core::Interaction& a, const core::Interaction& b) {
    return std::tie(a.arrival, a.tenant_id, a.id) < std::tie(b.arrival, b.tenant_id, b.id);
  };
  if (!std::is_sorted(loaded, snap.interactions.end(), by_arrival)) {
    std::sort(loaded, snap.interactions.end(), by_arrival);
  }
}

}  // namespace

core::Snapshot load_snapshot(const std::string& path) {
  Database db = open_for_reading(path);
  return load_snapshot(db);
}

core::Snapshot load_snapshot(Database& db) {
  core::Snapshot snap;
  const ReadTransaction transaction(db);
  for_each_row(db,
               "SELECT id, name, settings, created_at_ms, version FROM tenants "
               "ORDER BY created_at_ms, id",
               [&](const Statement& st) {
                 core::Tenant t;
                 t.id = st.column_text(0);
                 t.name = st.column_text(1);
                 t.settings = codec::decode_settings(st.column_text(2));
                 t.created_at = time_from_ms(st.column_int64(3));
                 t.version = as_version(st.column_int64(4));
                 snap.tenants.push_back(std::move(t));
               });
  for_each_row(db,
               "SELECT tenant_id, id, name, created_at_ms, version FROM teams "
               "ORDER BY created_at_ms, tenant_id, id",
               [&](const Statement& st) {
                 core::Team t;
                 t.tenant_id = st.column_text(0);
                 t.id = st.column_text(1);
                 t.name = st.column_text(2);
                 t.created_at = time_from_ms(st.column_int64(3));
                 t.version = as_version(st.column_int64(4));
                 snap.teams.push_back(std::move(t));
               });
  for_each_row(db,
               "SELECT tenant_id, id, name, team_ids, channels, skills, created_at_ms, version "
               "FROM agents ORDER BY created_at_ms, tenant_id, id",
               [&](const Statement& st) {
                 core::Agent a;
                 a.tenant_id = st.column_text(0);
                 a.id = st.column_text(1);
                 a.name = st.column_text(2);
                 a.team_ids = codec::decode_ids(st.column_text(3));
                 a.channels = codec::decode_channels(st.column_text(4));
                 a.skills = codec::decode_skills(st.column_text(5));
                 a.created_at = time_from_ms(st.column_int64(6));
                 a.version = as_version(st.column_int64(7));
                 snap.agents.push_back(std::move(a));
               });
  for_each_row(db,
               "SELECT tenant_id, id, kind, name, created_at_ms, version FROM codes "
               "ORDER BY created_at_ms, tenant_id, id",
               [&](const Statement& st) {
                 core::Code c;
                 c.tenant_id = st.column_text(0);
                 c.id = st.column_text(1);
                 c.kind = codec::decode_code_kind(st.column_text(2));
                 c.name = st.column_text(3);
                 c.created_at = time_from_ms(st.column_int64(4));
                 c.version = as_version(st.column_int64(5));
                 snap.codes.push_back(std::move(c));
               });
  for_each_row(db,
               "SELECT tenant_id, id, role, agent_id, hash, created_at_ms FROM tokens "
               "ORDER BY created_at_ms, tenant_id, id",
               [&](const Statement& st) {
                 core::Token t;
                 t.tenant_id = st.column_text(0);
                 t.id = st.column_text(1);
                 t.role = codec::decode_role(st.column_text(2));
                 t.agent_id = st.column_text(3);
                 t.hash = st.column_text(4);
                 t.created_at = time_from_ms(st.column_int64(5));
                 snap.tokens.push_back(std::move(t));
               });
  for_each_row(db,
               "SELECT tenant_id, agent_id, state, idle_code_id, reason, since_ms, team_id, "
               "dial_number, desktop_connected, disconnect_deadline_ms FROM agent_sessions "
               "ORDER BY tenant_id, agent_id",
               [&](const Statement& st) {
                 core::AgentSession s;
                 s.tenant_id = st.column_text(0);
                 s.agent_id = st.column_text(1);
                 s.state = codec::decode_agent_state(st.column_text(2));
                 s.idle_code_id = st.column_text(3);
                 s.reason = codec::decode_state_reason(st.column_text(4));
                 s.since = time_from_ms(st.column_int64(5));
                 s.team_id = st.column_text(6);
                 s.dial_number = st.column_text(7);
                 s.desktop_connected = st.column_int64(8) != 0;
                 if (const auto deadline = st.column_optional_int64(9)) {
                   s.disconnect_deadline = time_from_ms(*deadline);
                 }
                 snap.sessions.push_back(std::move(s));
               });
  load_routing(db, snap);
  load_contact_book(db, snap);
  load_interactions(db, snap);
  return snap;
}

std::optional<std::string> read_meta(const std::string& path, const std::string& key) {
  Database db = open_for_reading(path);
  return read_meta(db, key);
}

std::optional<std::string> read_meta(Database& db, const std::string& key) {
  std::optional<std::string> value;
  for_each_row(
      db, "SELECT value FROM server_meta WHERE key = ?1",
      [&](const Statement& st) { value = st.column_text(0); }, key);
  return value;
}

std::vector<IdempotencyPut> load_idempotency(const std::string& path, core::Time not_before) {
  Database db = open_for_reading(path);
  return load_idempotency(db, not_before);
}

std::vector<IdempotencyPut> load_idempotency(Database& db, core::Time not_before) {
  std::vector<IdempotencyPut> replies;
  for_each_row(
      db,
      "SELECT tenant_id, key, fingerprint, status, body, content_type, created_at_ms "
      "FROM idempotency_keys WHERE created_at_ms >= ?1 ORDER BY created_at_ms, tenant_id, key",
      [&](const Statement& st) {
        IdempotencyPut r;
        r.tenant_id = st.column_text(0);
        r.key = st.column_text(1);
        r.fingerprint = st.column_text(2);
        r.status = static_cast<int>(st.column_int64(3));
        r.body = st.column_text(4);
        r.content_type = st.column_text(5);
        r.created_at = time_from_ms(st.column_int64(6));
        replies.push_back(std::move(r));
      },
      core::ms_since_epoch(not_before));
  return replies;
}

}  // namespace ccr::storage
