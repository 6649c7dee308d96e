#include "storage/interaction_reader.hpp"

#include <charconv>
#include <exception>
#include <limits>

#include "storage/call_codec.hpp"
#include "storage/codec.hpp"

namespace ccr::storage {
namespace {

using core::time_from_ms;

// Longest id a cursor may carry; ids the server makes are far shorter.
constexpr std::size_t kMaxCursorId = 256;
constexpr char kHex[] = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::optional<core::Time> optional_time(const Statement& st, int column) {
  if (const auto ms = st.column_optional_int64(column)) return time_from_ms(*ms);
  return std::nullopt;
}

std::int64_t clamp_to_int64(std::size_t value) {
  constexpr auto kMax = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::int64_t>(value >= kMax ? kMax - 1 : value);  // room for the +1 below
}

// Steps `st` and decodes each row into `out`; SQLITE_DONE when all went well, SQLITE_MISMATCH
// (with `error` set) when a row does not decode, else SQLite's code.
int collect(Statement& st, std::vector<core::Interaction>& out, std::string& error) {
  int rc = SQLITE_OK;
  while ((rc = st.step()) == SQLITE_ROW) {
    try {
      out.push_back(interaction_from_row(st));
    } catch (const std::exception& e) {
      error = std::string("malformed interaction row: ") + e.what();
      return SQLITE_MISMATCH;
    }
  }
  return rc;
}

}  // namespace

const char* const kInteractionColumns =
    "tenant_id, id, entry_point_id, queue_id, channel, ani, dnis, external_id, variables, "
    "created_at_ms, enqueued_at_ms, queue_entered_at_ms, arrival, priority, phase, offer, "
    "offer_expires_at_ms, offers_made, agent_id, connected, wrapup_deadline_ms, wrapup_code_id, "
    "end_reason, ended_at_ms, declined_until, call";

core::Interaction interaction_from_row(const Statement& st) {
  std::string call;
  core::Interaction i = interaction_from_row(st, call);
  codec::decode_call(call, i);
  return i;
}

core::Interaction interaction_from_row(const Statement& st, std::string& call) {
  core::Interaction i;
  i.tenant_id = st.column_text(0);
  i.id = st.column_text(1);
  i.entry_point_id = st.column_text(2);
  i.queue_id = st.column_text(3);
  i.channel = codec::decode_channel(st.column_text(4));
  i.ani = st.column_text(5);
  i.dnis = st.column_text(6);
  i.external_id = st.column_text(7);
  i.variables = codec::decode_variable_values(st.column_text(8));
  i.created_at = time_from_ms(st.column_int64(9));
  i.enqueued_at = time_from_ms(st.column_int64(10));
  i.queue_entered_at = time_from_ms(st.column_int64(11));
  i.arrival = static_cast<std::uint64_t>(st.column_int64(12));
  i.priority = static_cast<int>(st.column_int64(13));
  i.phase = codec::decode_phase(st.column_text(14));
  if (!st.column_is_null(15)) {
    i.offer = codec::decode_offer(st.column_text(15));
    i.offer->expires_at = time_from_ms(st.column_int64(16));
  }
  i.offers_made = static_cast<std::uint32_t>(st.column_int64(17));
  i.agent_id = st.column_text(18);
  i.wrapup_deadline = optional_time(st, 20);
  i.wrapup_code_id = st.column_text(21);
  i.end_reason = st.column_text(22);
  i.ended_at = optional_time(st, 23);
  i.declined_until = codec::decode_declined_until(st.column_text(24));
  call = st.column_text(25);
  return i;
}

std::string encode_interaction_cursor(const InteractionCursor& cursor) {
  const std::string plain = std::to_string(cursor.created_at_ms) + ":" + cursor.id;
  std::string out;
  out.reserve(plain.size() * 2);
  for (const char c : plain) {
    const auto byte = static_cast<unsigned char>(c);
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0x0f]);
  }
  return out;
}

std::optional<InteractionCursor> decode_interaction_cursor(std::string_view text) {
  constexpr std::size_t kMaxPlain = 21 + kMaxCursorId;  // "-9223372036854775808:" + id
  if (text.empty() || text.size() % 2 != 0 || text.size() > 2 * kMaxPlain) return std::nullopt;
  std::string plain;
  plain.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = hex_value(text[i]);
    const int lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    plain.push_back(static_cast<char>(hi * 16 + lo));
  }
  const auto colon = plain.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == plain.size()) return std::nullopt;
  InteractionCursor cursor;
  const char* first = plain.data();
  const char* last = plain.data() + colon;
  const auto [end, ec] = std::from_chars(first, last, cursor.created_at_ms);
  if (ec != std::errc{} || end != last) return std::nullopt;
  cursor.id = plain.substr(colon + 1);
  if (cursor.id.find('\0') != std::string::npos) return std::nullopt;
  return cursor;
}

InteractionLookup read_interaction(Database& db, const std::string& tenant_id,
                                   const std::string& id) {
  InteractionLookup out;
  const std::string sql = std::string("SELECT ") + kInteractionColumns +
                          " FROM interactions WHERE tenant_id = ?1 AND id = ?2";
  Statement st;
  int rc = Statement::prepare(db, sql, st);
  if (rc == SQLITE_OK) rc = st.bind_all(tenant_id, id);
  if (rc != SQLITE_OK) {
    out.rc = rc;
    out.error = db.last_error();
    return out;
  }
  std::vector<core::Interaction> found;
  rc = collect(st, found, out.error);
  if (rc != SQLITE_DONE) {
    out.rc = rc;
    if (out.error.empty()) out.error = db.last_error();
    return out;
  }
  if (!found.empty()) out.interaction = std::move(found.front());
  return out;
}

InteractionPage list_interactions(Database& db, const std::string& tenant_id,
                                  const InteractionFilter& filter) {
  InteractionPage page;
  std::optional<InteractionCursor> after;
  if (!filter.after_cursor.empty()) {
    after = decode_interaction_cursor(filter.after_cursor);
    if (!after) {
      page.rc = SQLITE_MISUSE;
      page.error = "malformed cursor";
      return page;
    }
  }
  if (filter.limit == 0) return page;

  // Parameters keep fixed numbers; only those the SQL names are bound.
  std::string sql =
      std::string("SELECT ") + kInteractionColumns + " FROM interactions WHERE tenant_id = ?1";
  if (filter.phase) sql += " AND phase = ?2";
  if (!filter.queue_id.empty()) sql += " AND queue_id = ?3";
  if (!filter.agent_id.empty()) sql += " AND agent_id = ?4";
  if (filter.channel) sql += " AND channel = ?5";
  if (filter.created_from) sql += " AND created_at_ms >= ?6";
  if (filter.created_to) sql += " AND created_at_ms < ?7";
  if (after) sql += " AND (created_at_ms, id) > (?8, ?9)";
  sql += " ORDER BY created_at_ms, id LIMIT ?10";

  Statement st;
  int rc = Statement::prepare(db, sql, st);
  if (rc == SQLITE_OK) rc = st.bind(1, tenant_id);
  if (rc == SQLITE_OK && filter.phase) rc = st.bind(2, codec::encode(*filter.phase));
  if (rc == SQLITE_OK && !filter.queue_id.empty()) rc = st.bind(3, filter.queue_id);
  if (rc == SQLITE_OK && !filter.agent_id.empty()) rc = st.bind(4, filter.agent_id);
  if (rc == SQLITE_OK && filter.channel) rc = st.bind(5, codec::encode(*filter.channel));
  if (rc == SQLITE_OK && filter.created_from) {
    rc = st.bind(6, core::ms_since_epoch(*filter.created_from));
  }
  if (rc == SQLITE_OK && filter.created_to) {
    rc = st.bind(7, core::ms_since_epoch(*filter.created_to));
  }
  if (rc == SQLITE_OK && after) rc = st.bind(8, after->created_at_ms);
  if (rc == SQLITE_OK && after) rc = st.bind(9, after->id);
  // One row more than asked for tells whether a next page exists.
  if (rc == SQLITE_OK) rc = st.bind(10, clamp_to_int64(filter.limit) + 1);
  if (rc != SQLITE_OK) {
    page.rc = rc;
    page.error = db.last_error();
    return page;
  }
  rc = collect(st, page.items, page.error);
  if (rc != SQLITE_DONE) {
    page.rc = rc;
    if (page.error.empty()) page.error = db.last_error();
    page.items.clear();
    return page;
  }
  if (page.items.size() > filter.limit) {
    page.items.resize(filter.limit);
    const auto& last = page.items.back();
    page.next_cursor = encode_interaction_cursor({core::ms_since_epoch(last.created_at), last.id});
  }
  return page;
}

}  // namespace ccr::storage
