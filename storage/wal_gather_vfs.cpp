#include "storage/wal_gather_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <new>
#include <vector>

namespace ccr::storage {
namespace {

constexpr int kFrameHeaderBytes = 24;  // a WAL frame's header; bytes 4-7 are non-zero on a commit

struct GatherFile {
  sqlite3_file base;  // first: SQLite sees a GatherFile as a sqlite3_file
  sqlite3_file* real;
  std::vector<unsigned char>* held;  // nullptr: this WAL is written through, ungathered
  sqlite3_int64 held_at;
  sqlite3_int64 appended_to;  // the end of the furthest append: a write below it rewrites
  int failed;                 // the error of a write of held bytes: every later call returns it
  bool commit_page_next;      // the last append was a commit frame's header
};

// The default VFS's file object lives right after ours, in the memory SQLite allocates.
constexpr std::size_t kRealOffset = (sizeof(GatherFile) + 15) / 16 * 16;

sqlite3_vfs* default_vfs = nullptr;

GatherFile* gather(sqlite3_file* file) { return reinterpret_cast<GatherFile*>(file); }
sqlite3_file* real(sqlite3_file* file) { return gather(file)->real; }

bool is_commit_header(const void* data, int amount) {
  if (amount != kFrameHeaderBytes) return false;
  const auto* bytes = static_cast<const unsigned char*>(data);
  return (bytes[4] | bytes[5] | bytes[6] | bytes[7]) != 0;
}

// The default VFS writes at most 128 KiB - 1 per call correctly (it masks larger sizes).
constexpr std::size_t kMaxWriteBytes = 124 * 1024;

int write_through(GatherFile* f, const unsigned char* data, std::size_t amount,
                  sqlite3_int64 offset) {
  for (std::size_t at = 0; at < amount; at += kMaxWriteBytes) {
    const auto piece = std::min(kMaxWriteBytes, amount - at);
    const int rc = f->real->pMethods->xWrite(f->real, data + at, static_cast<int>(piece),
                                             offset + static_cast<sqlite3_int64>(at));
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

// Writes what is held. A failure sticks: SQLite may already count on frames that were lost (a
// spilled page it reads back later), so this file fails every call until it is closed, and the
// writer's connection fails with it (the server then exits and recovers from disk).
int flush(GatherFile* f) {
  if (f->failed != SQLITE_OK) return f->failed;
  if (f->held == nullptr || f->held->empty()) return SQLITE_OK;
  const int rc = write_through(f, f->held->data(), f->held->size(), f->held_at);
  f->held->clear();
  f->failed = rc;
  return rc;
}

// What is still held at close belongs to no commit (a commit's frames leave at its commit frame):
// the frames of a transaction that was rolled back. They are dropped, not written.
int gather_close(sqlite3_file* file) {
  auto* f = gather(file);
  const int closed = f->real->pMethods->xClose(f->real);
  delete f->held;
  f->held = nullptr;
  return closed;
}

int gather_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  if (const int rc = flush(gather(file)); rc != SQLITE_OK) return rc;
  return real(file)->pMethods->xRead(real(file), out, amount, offset);
}

int gather_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  auto* f = gather(file);
  if (f->held == nullptr) return f->real->pMethods->xWrite(f->real, data, amount, offset);
  if (f->failed != SQLITE_OK) return f->failed;
  const auto* bytes = static_cast<const unsigned char*>(data);
  const auto size = static_cast<std::size_t>(amount);
  if (offset == 0 || offset < f->appended_to) {
    // The WAL's header (the WAL starts over), or a rewrite of what was appended: a page written
    // again in the same transaction, or a frame header whose checksum SQLite rewrites after the
    // commit frame. What is held goes first, this goes straight after, nothing waits.
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
    f->commit_page_next = false;
    if (offset == 0) f->appended_to = offset + amount;
    return write_through(f, bytes, size, offset);
  }
  auto& held = *f->held;
  if (!held.empty() && (offset != f->held_at + static_cast<sqlite3_int64>(held.size()) ||
                        held.size() + size > kMaxHeldWalBytes)) {
    if (const int rc = flush(f); rc != SQLITE_OK) return rc;
  }
  const bool ends_commit = f->commit_page_next;
  f->commit_page_next = is_commit_header(data, amount);
  f->appended_to = offset + amount;
  if (size > kMaxHeldWalBytes) return write_through(f, bytes, size, offset);
  if (held.empty()) f->held_at = offset;
  held.insert(held.end(), bytes, bytes + size);  // capacity reserved at open: never allocates
  return ends_commit ? flush(f) : SQLITE_OK;
}

int gather_truncate(sqlite3_file* file, sqlite3_int64 size) {
  auto* f = gather(file);
  if (const int rc = flush(f); rc != SQLITE_OK) return rc;
  f->appended_to = std::min(f->appended_to, size);
  return f->real->pMethods->xTruncate(f->real, size);
}

int gather_sync(sqlite3_file* file, int flags) {
  if (const int rc = flush(gather(file)); rc != SQLITE_OK) return rc;
  return real(file)->pMethods->xSync(real(file), flags);
}

int gather_file_size(sqlite3_file* file, sqlite3_int64* size) {
  if (const int rc = flush(gather(file)); rc != SQLITE_OK) return rc;
  return real(file)->pMethods->xFileSize(real(file), size);
}

int gather_lock(sqlite3_file* file, int level) {
  return real(file)->pMethods->xLock(real(file), level);
}

int gather_unlock(sqlite3_file* file, int level) {
  return real(file)->pMethods->xUnlock(real(file), level);
}

int gather_check_reserved_lock(sqlite3_file* file, int* out) {
  return real(file)->pMethods->xCheckReservedLock(real(file), out);
}

int gather_file_control(sqlite3_file* file, int op, void* arg) {
  if (const int rc = flush(gather(file)); rc != SQLITE_OK) return rc;
  return real(file)->pMethods->xFileControl(real(file), op, arg);
}

int gather_sector_size(sqlite3_file* file) { return real(file)->pMethods->xSectorSize(real(file)); }

int gather_device_characteristics(sqlite3_file* file) {
  return real(file)->pMethods->xDeviceCharacteristics(real(file));
}

bool has_version(sqlite3_file* file, int version) {
  return real(file)->pMethods->iVersion >= version;
}

int gather_shm_map(sqlite3_file* file, int region, int size, int extend, void volatile** out) {
  if (!has_version(file, 2)) return SQLITE_IOERR_SHMMAP;
  return real(file)->pMethods->xShmMap(real(file), region, size, extend, out);
}

int gather_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
  if (!has_version(file, 2)) return SQLITE_IOERR_SHMLOCK;
  return real(file)->pMethods->xShmLock(real(file), offset, n, flags);
}

void gather_shm_barrier(sqlite3_file* file) {
  if (has_version(file, 2)) real(file)->pMethods->xShmBarrier(real(file));
}

int gather_shm_unmap(sqlite3_file* file, int delete_flag) {
  if (!has_version(file, 2)) return SQLITE_OK;
  return real(file)->pMethods->xShmUnmap(real(file), delete_flag);
}

int gather_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  *out = nullptr;
  if (const int rc = flush(gather(file)); rc != SQLITE_OK) return rc;
  if (!has_version(file, 3)) return SQLITE_OK;
  return real(file)->pMethods->xFetch(real(file), offset, amount, out);
}

int gather_unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
  if (!has_version(file, 3)) return SQLITE_OK;
  return real(file)->pMethods->xUnfetch(real(file), offset, page);
}

const sqlite3_io_methods kGatherMethods = {
    3,
    gather_close,
    gather_read,
    gather_write,
    gather_truncate,
    gather_sync,
    gather_file_size,
    gather_lock,
    gather_unlock,
    gather_check_reserved_lock,
    gather_file_control,
    gather_sector_size,
    gather_device_characteristics,
    gather_shm_map,
    gather_shm_lock,
    gather_shm_barrier,
    gather_shm_unmap,
    gather_fetch,
    gather_unfetch,
};

// Opens a WAL file wrapped; every other file is the default VFS's own object, unwrapped.
int gather_open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  if ((flags & SQLITE_OPEN_WAL) == 0) {
    return default_vfs->xOpen(default_vfs, name, file, flags, out_flags);
  }
  auto* f = gather(file);
  f->base.pMethods = nullptr;
  f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kRealOffset);
  f->held = nullptr;
  f->held_at = 0;
  f->appended_to = 0;
  f->failed = SQLITE_OK;
  f->commit_page_next = false;
  const int rc = default_vfs->xOpen(default_vfs, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    if (f->real->pMethods != nullptr) f->real->pMethods->xClose(f->real);
    return rc;
  }
  // Without power-safe overwrite SQLite pads a commit and syncs in the middle of a frame: the
  // commit's end is no longer one write, so such a WAL is written through.
  const int device = f->real->pMethods->xDeviceCharacteristics(f->real);
  if ((device & SQLITE_IOCAP_POWERSAFE_OVERWRITE) != 0) {
    f->held = new (std::nothrow) std::vector<unsigned char>;
    if (f->held == nullptr) {
      f->real->pMethods->xClose(f->real);
      return SQLITE_NOMEM;
    }
    try {
      f->held->reserve(kMaxHeldWalBytes);
    } catch (const std::bad_alloc&) {
      delete f->held;
      f->real->pMethods->xClose(f->real);
      return SQLITE_NOMEM;
    }
  }
  f->base.pMethods = &kGatherMethods;
  return SQLITE_OK;
}

sqlite3_vfs* register_vfs() {
  default_vfs = sqlite3_vfs_find(nullptr);
  if (default_vfs == nullptr) return nullptr;
  static sqlite3_vfs vfs = *default_vfs;
  vfs.pNext = nullptr;
  vfs.szOsFile = static_cast<int>(kRealOffset) + default_vfs->szOsFile;
  vfs.zName = "ccr-wal-gather";
  vfs.xOpen = gather_open;
  if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK) return nullptr;
  return &vfs;
}

}  // namespace

const char* wal_gather_vfs_name() {
  static const sqlite3_vfs* vfs = register_vfs();
  return vfs != nullptr ? vfs->zName : nullptr;
}

}  // namespace ccr::storage
