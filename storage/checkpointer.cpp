#include "storage/checkpointer.hpp"

#include <spdlog/spdlog.h>

#include <utility>

namespace ccr::storage {

void passive_checkpoint(Database& db, const CheckpointReport& report) {
  int wal_frames = 0;
  int checkpointed = 0;
  const int rc = sqlite3_wal_checkpoint_v2(db.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                           &wal_frames, &checkpointed);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
    spdlog::warn("storage: passive checkpoint failed: {}", db.last_error());
  } else if (report) {
    report(wal_frames, checkpointed);
  }
}

Checkpointer::Checkpointer(const std::string& path, std::string_view synchronous, Report report)
    : db_(path, OpenMode::ReadWrite, synchronous), report_(std::move(report)) {
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
    passive_checkpoint(db_, report_);
    {
      std::lock_guard lock(mutex_);
      running_ = false;
    }
    idle_.notify_all();
  }
}

}  // namespace ccr::storage
