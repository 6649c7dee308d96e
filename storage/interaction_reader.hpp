// Read-only queries of the `interactions` table (current state, any phase, Ended included) for
// REST reporting, and the row decoding the start-up loader shares. Runs on a reporting thread with
// its own read-only Database (never the io thread, never the writer's connection). Query and
// decoding failures are returned as SQLite result codes, never thrown.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/interaction.hpp"
#include "core/model.hpp"
#include "core/time.hpp"
#include "storage/database.hpp"

namespace ccr::storage {

// Unset members match any value. Interactions come ordered by (created_at, id), those after the
// position `after_cursor` names only (empty: from the start).
struct InteractionFilter {
  std::optional<core::Phase> phase;
  std::string queue_id;
  std::string agent_id;  // the owning agent (set from the accept on)
  std::optional<core::Channel> channel;
  std::optional<core::Time> created_from;  // inclusive
  std::optional<core::Time> created_to;    // exclusive
  std::string after_cursor;
  std::size_t limit = 50;
};

struct InteractionPage {
  std::vector<core::Interaction> items;
  std::string next_cursor;  // empty when no interaction follows the last item
  int rc = SQLITE_OK;       // SQLITE_OK, or why the query failed (details in `error`)
  std::string error;
  bool ok() const { return rc == SQLITE_OK; }
};

struct InteractionLookup {
  std::optional<core::Interaction> interaction;  // nullopt: no such interaction in the tenant
  int rc = SQLITE_OK;
  std::string error;
  bool ok() const { return rc == SQLITE_OK; }
};

// A position in the (created_at, id) order. Cursors are opaque to clients.
struct InteractionCursor {
  std::int64_t created_at_ms = 0;
  std::string id;
};
std::string encode_interaction_cursor(const InteractionCursor& cursor);
// nullopt when `text` is no cursor this server made.
std::optional<InteractionCursor> decode_interaction_cursor(std::string_view text);

// One interaction of one tenant; another tenant's id reads as no interaction.
InteractionLookup read_interaction(Database& db, const std::string& tenant_id,
                                   const std::string& id);
// One tenant's interactions matching `filter`, at most `filter.limit` of them. A malformed
// cursor answers SQLITE_MISUSE.
InteractionPage list_interactions(Database& db, const std::string& tenant_id,
                                  const InteractionFilter& filter);

// The columns of `interactions` in the order interaction_from_row() reads them, for a SELECT list.
extern const char* const kInteractionColumns;
// Decodes a row selected with kInteractionColumns first. Throws StorageError on a malformed value
// (the loader lets it propagate; the readers above turn it into SQLITE_MISMATCH).
core::Interaction interaction_from_row(const Statement& st);
// The same without the call (legs, consult, owed wrap-ups): the text of the `call` column is
// left in `call`, for codec::decode_call.
core::Interaction interaction_from_row(const Statement& st, std::string& call);

}  // namespace ccr::storage
