#include "storage/checkpointer.hpp"

#include <spdlog/spdlog.h>

#include <utility>

namespace ccr::storage {

std::optional<CheckpointPass> passive_checkpoint(Database& db, CheckpointKind kind,
                                                 const CheckpointReport& report,
                                                 std::chrono::steady_clock::time_point started) {
  CheckpointPass pass;
  pass.kind = kind;
  const int rc = sqlite3_wal_checkpoint_v2(db.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                           &pass.wal_frames, &pass.copied_frames);
  pass.time = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
    spdlog::warn("storage: passive checkpoint failed: {}", db.last_error());
    return std::nullopt;
  }
  if (report) report(pass);
  return pass;
}

namespace {

// Syncs one of the connection's files (`op` is SQLITE_FCNTL_FILE_POINTER for the database file,
// SQLITE_FCNTL_JOURNAL_POINTER for the WAL) through SQLite's VFS, as its checkpoints do.
void sync_file(Database& db, int op) {
  sqlite3_file* file = nullptr;
  if (sqlite3_file_control(db.handle(), "main", op, &file) != SQLITE_OK || file == nullptr ||
      file->pMethods == nullptr) {
    return;
  }
  if (file->pMethods->xSync(file, SQLITE_SYNC_NORMAL) != SQLITE_OK) {
    spdlog::warn("storage: syncing before the last checkpoint pass failed");
  }
}

}  // namespace

Checkpointer::Checkpointer(const std::string& path, std::string_view synchronous,
                           int restart_frames, Report report)
    : db_(path, OpenMode::ReadWrite, synchronous),
      report_(std::move(report)),
      syncs_(synchronous != "OFF"),
      restart_frames_(restart_frames) {
  thread_ = std::thread([this] { run(); });
}

Checkpointer::~Checkpointer() { stop(); }

void Checkpointer::request() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    requested_ = true;
  }
  wake_.notify_one();
}

void Checkpointer::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return (!requested_ && !running_) || stopping_; });
}

void Checkpointer::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  idle_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Checkpointer::run() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return requested_ || stopping_; });
      if (stopping_) return;
      requested_ = false;
      running_ = true;
    }
    copy_all();
    {
      std::lock_guard lock(mutex_);
      running_ = false;
    }
    idle_.notify_all();
  }
}

// Frames committed after a pass are counted from the writer's latest WAL size; a size below what
// the pass copied means the WAL already started over.
void Checkpointer::copy_all() {
  auto pass = passive_checkpoint(db_, CheckpointKind::Background, report_);
  const auto left = [this](const CheckpointPass& p) {
    return wal_frames_.load(std::memory_order_relaxed) - p.copied_frames;
  };
  for (int passes = 1; pass && left(*pass) > kFinishFrames && passes < kMaxPasses; ++passes) {
    pass = passive_checkpoint(db_, CheckpointKind::Background, report_);
  }
  if (!pass || left(*pass) <= 0 || left(*pass) > kFinishFrames) return;
  if (wal_frames_.load(std::memory_order_relaxed) < restart_frames_) return;
  if (syncs_) {
    sync_file(db_, SQLITE_FCNTL_FILE_POINTER);
    sync_file(db_, SQLITE_FCNTL_JOURNAL_POINTER);
  }
  std::lock_guard hold(commit_mutex_);
  passive_checkpoint(db_, CheckpointKind::Held, report_);
}

}  // namespace ccr::storage
