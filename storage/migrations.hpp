// Numbered schema migrations, tracked in PRAGMA user_version. Each pending migration runs in its
// own transaction at start-up, on the writer's connection before the writer thread starts.
// Start-up only: failures throw StorageError.
#pragma once

#include "storage/database.hpp"

namespace ccr::storage {

// The schema version this build reads and writes.
inline constexpr int kSchemaVersion = 5;

// The file's current schema version (0 for a new file).
int schema_version(Database& db);

// Applies every migration above the file's version; a no-op when already current. Throws
// StorageError when a migration fails (rolled back) or the file is newer than this build.
// Returns the resulting version.
int apply_migrations(Database& db);

// Applies migrations up to and including `up_to` only (at most kSchemaVersion, else throws): lets
// tests build a file as an older release left it, to check that upgrading it works.
int apply_migrations(Database& db, int up_to);

}  // namespace ccr::storage
