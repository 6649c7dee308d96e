// The single writer thread: owns the only writable connection and commits queued ops in batches
// (group commit). submit() and flush() may be called from any thread (the io thread in
// production); the callbacks run on the writer thread. Construction (open + migrations) throws
// StorageError; after that every failure is reported through on_fatal.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/checkpointer.hpp"
#include "storage/database.hpp"
#include "storage/ops.hpp"
#include "storage/record_writer.hpp"

namespace ccr::storage {

struct CommitReport {
  std::uint64_t seq = 0;             // the seq of the batch's last op
  std::size_t ops = 0;               // the batch's size
  std::chrono::microseconds time{};  // BEGIN to COMMIT, with the wait for a held checkpoint
  int wal_frames = 0;                // frames in the WAL after this commit
};

class Writer {
 public:
  static constexpr std::size_t kCatchUpFactor = 8;
  // The checkpointer holds commits for the WAL to start over only once the WAL holds this many
  // times checkpoint_pages frames; the request before copies without holding any. With 4, the
  // requests left before the catch-up were too few under full load: a run then caught up once.
  static constexpr std::size_t kRestartFactor = 2;

  struct Options {
    std::string path;
    std::string synchronous = "NORMAL";  // "NORMAL", "FULL" or "OFF"
    // After each COMMIT (for the output gate and metrics).
    std::function<void(const CommitReport&)> on_commit;
    // A statement or COMMIT failed; the batch is rolled back and the writer stops taking work.
    // Unset: log and std::abort().
    std::function<void(const std::string& what)> on_fatal;
    // Test hook: runs before each COMMIT, after the batch's ops were applied. Empty in production.
    std::function<void()> before_commit;
    // After each checkpoint pass (for metrics). Runs on the checkpointer thread, or on the
    // writer thread for a catch-up checkpoint.
    CheckpointReport on_checkpoint;
    // Every this many new WAL frames the checkpointer thread copies the WAL into the database
    // file while commits go on; 0 never. Once the WAL holds kRestartFactor times this, it also
    // holds commits for its last short pass so that the WAL starts over (8,000 frames, 32 MiB
    // with 4 KiB pages: the commits that land in that pass wait milliseconds for its syncs).
    // When commits outrun it and the WAL reaches kCatchUpFactor times this, the writer
    // checkpoints between two batches (the WAL can only start over after a checkpoint that
    // copied every frame). 4000 frames: a checkpoint copies each page once however often
    // commits wrote it since the last one, and the pages at the ends of the tables and indexes
    // are written by nearly every commit.
    std::size_t checkpoint_pages = 4000;
    // Group commit under load: when work arrives less than this long after the previous
    // commit ended, the writer gathers until this long after it (or kGatherOps ops) before it
    // commits, so that commits back to back carry many changes instead of one each. Work that
    // arrives later than this after a commit is committed at once. 0: never wait.
    std::chrono::microseconds commit_window{0};
  };
  // Gathering stops early when this many ops are queued.
  static constexpr std::size_t kGatherOps = 256;

  explicit Writer(Options options);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Queues one op and returns its sequence number (1, 2, 3, ...). Ops commit in seq order.
  // After stop() or a fatal failure the op is dropped and 0 is returned.
  std::uint64_t submit(Op op);
  // Queues several ops (consecutive seqs); returns the last one's seq, the previous last seq
  // when `ops` is empty, 0 when dropped.
  std::uint64_t submit(std::vector<Op> ops);

  // Blocks until every op accepted before the call has committed and its on_commit has run
  // (true), or the writer failed or stopped with some of them uncommitted (false). Must not be
  // called from a writer callback.
  bool flush();
  // Commits what is queued, runs a TRUNCATE checkpoint, joins the thread. Idempotent; ops
  // submitted afterwards are dropped. Must not be called from a writer callback.
  void stop();

  std::uint64_t committed_seq() const;

 private:
  void run();
  // Waits out the commit window (Options::commit_window) with `lock` on mutex_ released.
  void gather(std::unique_lock<std::mutex>& lock);
  // Whether submit() must wake the writer (mutex_ held).
  bool wake_needed() const;
  bool commit(const std::vector<std::vector<Op>>& batch, std::uint64_t last_seq);
  void fail(const std::string& what);
  void checkpoint_if_needed();
  void checkpoint_truncate();
  static int on_wal(void* self, sqlite3* db, const char* name, int frames);

  Options options_;
  Database db_;
  RecordWriter records_;
  int wal_frames_ = 0;  // writer thread only, updated by the WAL hook
  std::chrono::steady_clock::time_point last_commit_end_;  // writer thread only
  std::size_t checkpoint_asked_at_ = 0;  // wal_frames_ when the last checkpoint was asked for
  std::unique_ptr<Checkpointer> checkpointer_;  // null when checkpoint_pages is 0

  mutable std::mutex mutex_;
  std::condition_variable queued_;
  std::condition_variable committed_;
  // The submitted lists in submit order: a list is handed over whole (moving each op into one
  // growing vector cost the io thread 8% under load).
  std::vector<std::vector<Op>> queue_;
  std::size_t queued_ops_ = 0;
  std::uint64_t submitted_seq_ = 0;
  std::uint64_t committed_seq_ = 0;
  bool stopping_ = false;
  bool gathering_ = false;  // the writer waits out a commit window: submit() need not wake it
  bool done_ = false;       // the thread left its loop (stopped or failed)
  std::thread thread_;
};

}  // namespace ccr::storage
