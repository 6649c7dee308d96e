// Read-only queries of the append-only `events` table, for REST reporting. Runs on a reporting
// thread with its own read-only Database (never the io thread, never the writer's connection).
// Query failures are returned, not thrown; only opening a connection by path throws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/time.hpp"
#include "storage/database.hpp"

namespace ccr::storage {

struct StoredEvent {
  std::uint64_t seq = 0;
  std::string tenant_id;
  core::Time at{};
  std::string type;
  std::string agent_id;
  std::string interaction_id;
  std::vector<std::pair<std::string, std::string>> fields;
};

// Empty strings match any value. Events come in seq order, those after `after_seq` only.
struct EventFilter {
  std::string agent_id;
  std::string interaction_id;
  std::uint64_t after_seq = 0;
  std::size_t limit = 100;
};

struct EventPage {
  std::vector<StoredEvent> events;
  int rc = SQLITE_OK;  // SQLITE_OK, or why the query failed (details in `error`)
  std::string error;
  bool ok() const { return rc == SQLITE_OK; }
};

// One tenant's events matching `filter`. `db` is best opened with OpenMode::ReadOnly.
EventPage read_events(Database& db, const std::string& tenant_id, const EventFilter& filter);
// Opens a read-only connection to `path` first (throws StorageError if that fails).
EventPage read_events(const std::string& path, const std::string& tenant_id,
                      const EventFilter& filter);

}  // namespace ccr::storage
