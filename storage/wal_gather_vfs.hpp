// A SQLite VFS that gathers what a connection writes to its WAL file into one write per commit.
// SQLite writes each WAL frame as two pwrite calls (the 24-byte frame header, then the page), so
// a group commit of 30 pages costs 60 system calls; through this VFS it costs one. Everything else
// is the default VFS's: database files, locks, shared memory and syncs pass straight through.
//
// When bytes leave: at the end of every commit frame (so the commit's write, and its error, are
// the commit's, before SQLite publishes the frames to readers), before any other operation on
// the WAL file (read, sync, size, truncate, file control, close), when a write is not contiguous
// with what is held, and before more than kMaxHeldWalBytes would be held. A WAL on storage without
// power-safe overwrite (where SQLite pads and syncs mid-commit) is not gathered. Registered once,
// on first use; any thread may open connections through it.
#pragma once

#include <cstddef>

namespace ccr::storage {

inline constexpr std::size_t kMaxHeldWalBytes = 1 << 20;

// The name to pass to sqlite3_open_v2 (registers the VFS on the first call).
const char* wal_gather_vfs_name();

}  // namespace ccr::storage
