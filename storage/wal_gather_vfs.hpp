// A SQLite VFS that gathers what a connection appends to its WAL file into one write per commit.
// SQLite writes each WAL frame as two pwrite calls (the 24-byte frame header, then the page), so
// a group commit of 30 pages costs 60 system calls; through this VFS it costs one. Everything else
// is the default VFS's: database files, locks, shared memory and syncs pass straight through.
//
// Appends are held and leave at the end of every commit frame (so the commit's write, and its
// error, are the commit's, before SQLite publishes the frames to readers), before any other call
// on the WAL file (read, sync, size, truncate, file control), when an append is not contiguous
// with what is held, and before more than kMaxHeldWalBytes would be held. A write that is not an
// append (the WAL header when the WAL starts over, a page written twice in one transaction, a
// checksum SQLite rewrites after the commit frame) goes straight through, after what is held. A
// failed write of held bytes fails every later call on the file. What is held at close belongs
// to no commit (a rolled-back transaction's frames) and is dropped. One connection appends frames
// to a database's WAL (the server's writer; the checkpointer only copies). A WAL on storage
// without power-safe overwrite (where SQLite pads and syncs mid-commit) is not gathered.
// Registered once, on first use; any thread may open connections through it.
#pragma once

#include <cstddef>

namespace ccr::storage {

inline constexpr std::size_t kMaxHeldWalBytes = 1 << 20;

// The name to pass to sqlite3_open_v2 (registers the VFS on the first call).
const char* wal_gather_vfs_name();

}  // namespace ccr::storage
