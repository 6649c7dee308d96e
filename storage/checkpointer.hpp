// Copies the WAL back into the database file (passive checkpoints) on a thread and connection of
// its own, so the writer keeps committing while pages are copied and synced: a checkpoint on the
// writer thread stalled every commit behind it for milliseconds. The writer asks for one with
// request(); requests made while one runs fold into one.
//
// The WAL can only start over (instead of growing) when a checkpoint has copied every frame
// before the writer's next commit, which never happens while commits keep coming during the
// copy. So each request copies in passes, each one copying what was committed during the one
// before, and when what is left is small and the WAL holds at least restart_frames frames, it
// holds commits (commit_mutex(), which the writer holds from BEGIN to COMMIT) for one last short
// pass: the writer's next commit starts the WAL over. The commits that land in that pass wait
// for it (milliseconds, most of it syncs), so it runs only every few requests, while the WAL
// is large enough to be worth starting over; the requests before it copy without holding any.
// SQLite syncs the database file only in a pass that copied every frame, so before holding
// commits it syncs the database file and the WAL itself: commits wait only for the syncs of what
// the last pass copies.
//
// Any thread may call request(), note_wal_frames() and wait_idle(); stop() joins and must not
// race with itself.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "storage/database.hpp"

namespace ccr::storage {

// What a checkpoint cost the commits: nothing (a pass of the checkpointer beside them), a wait
// for its duration (the checkpointer's last pass, holding commits so that the WAL starts over),
// or a stop for its duration (the writer's own, between two batches, when commits outran the
// checkpointer).
enum class CheckpointKind { Background, Held, CatchUp };

struct CheckpointPass {
  CheckpointKind kind = CheckpointKind::Background;
  int wal_frames = 0;     // frames in the WAL when the pass began
  int copied_frames = 0;  // of those, how many are now in the database file
  // The checkpoint's run; for a catch-up, the whole stop of the commits.
  std::chrono::microseconds time{};
};

// Called after each checkpoint that ran (for metrics).
using CheckpointReport = std::function<void(const CheckpointPass&)>;

// One passive checkpoint on `db`, on the calling thread; reports it, or logs why it failed
// (another connection's checkpoint running is not a failure: it reports what that one left).
// Its time counts from `started` (a caller that waited before it passes when the wait began).
// Empty when it failed.
std::optional<CheckpointPass> passive_checkpoint(
    Database& db, CheckpointKind kind, const CheckpointReport& report,
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now());

class Checkpointer {
 public:
  using Report = CheckpointReport;
  // The last pass, with commits held, runs when at most this many frames are left to copy.
  static constexpr int kFinishFrames = 128;
  // Passes without holding commits, at most, per request.
  static constexpr int kMaxPasses = 4;

  // Opens its own connection to the (already created and migrated) database at `path`. The last
  // pass, holding commits, runs only while the WAL holds at least `restart_frames` frames.
  Checkpointer(const std::string& path, std::string_view synchronous, int restart_frames,
               Report report);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  void request();
  // The WAL's size after the writer's latest commit (the writer's WAL hook).
  void note_wal_frames(int frames) { wal_frames_.store(frames, std::memory_order_relaxed); }
  // Held by the writer around each transaction, and by the last pass of a request.
  std::mutex& commit_mutex() { return commit_mutex_; }
  // Blocks until no checkpoint runs or is asked for.
  void wait_idle();
  void stop();

 private:
  void run();
  void copy_all();

  Database db_;
  Report report_;
  bool syncs_;  // synchronous is not OFF: checkpoints sync the WAL and the database file
  int restart_frames_;
  std::atomic<int> wal_frames_{0};
  std::mutex commit_mutex_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  bool requested_ = false;
  bool running_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ccr::storage
