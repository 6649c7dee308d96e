#include "storage/event_reader.hpp"

#include <limits>

#include "storage/codec.hpp"

namespace ccr::storage {
namespace {

EventPage failure(Database& db, int rc) {
  EventPage page;
  page.rc = rc;
  page.error = db.last_error();
  return page;
}

std::int64_t clamp_to_int64(std::uint64_t value) {
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(value > kMax ? kMax : value);
}

}  // namespace

EventPage read_events(Database& db, const std::string& tenant_id, const EventFilter& filter) {
  // The `<> ''` terms let SQLite use the partial indexes on agent_id and interaction_id.
  std::string sql =
      "SELECT seq, tenant_id, at_ms, type, agent_id, interaction_id, body FROM events "
      "WHERE tenant_id = ?1 AND seq > ?2";
  if (!filter.agent_id.empty()) sql += " AND agent_id = ?3 AND agent_id <> ''";
  if (!filter.interaction_id.empty()) sql += " AND interaction_id = ?4 AND interaction_id <> ''";
  sql += " ORDER BY seq LIMIT ?5";

  Statement st;
  int rc = Statement::prepare(db, sql, st);
  if (rc != SQLITE_OK) return failure(db, rc);
  rc = st.bind_all(tenant_id, clamp_to_int64(filter.after_seq));
  if (rc == SQLITE_OK && !filter.agent_id.empty()) rc = st.bind(3, filter.agent_id);
  if (rc == SQLITE_OK && !filter.interaction_id.empty()) rc = st.bind(4, filter.interaction_id);
  if (rc == SQLITE_OK) rc = st.bind(5, clamp_to_int64(filter.limit));
  if (rc != SQLITE_OK) return failure(db, rc);

  EventPage page;
  while ((rc = st.step()) == SQLITE_ROW) {
    StoredEvent e;
    e.seq = static_cast<std::uint64_t>(st.column_int64(0));
    e.tenant_id = st.column_text(1);
    e.at = core::time_from_ms(st.column_int64(2));
    e.type = st.column_text(3);
    e.agent_id = st.column_text(4);
    e.interaction_id = st.column_text(5);
    auto fields = codec::decode_fields(st.column_text(6));
    if (!fields) {
      page.rc = SQLITE_MISMATCH;
      page.error = "event " + std::to_string(e.seq) + " has a malformed body";
      page.events.clear();
      return page;
    }
    e.fields = std::move(*fields);
    page.events.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE) return failure(db, rc);
  return page;
}

EventPage read_events(const std::string& path, const std::string& tenant_id,
                      const EventFilter& filter) {
  Database db(path, OpenMode::ReadOnly);
  return read_events(db, tenant_id, filter);
}

}  // namespace ccr::storage
