// Copies the WAL back into the database file (passive checkpoints) on a thread and connection of
// its own, so the writer keeps committing while pages are copied and synced: a checkpoint on the
// writer thread stalled every commit behind it for milliseconds. The writer asks for one with
// request(); requests made while one runs fold into one. Any thread may call request() and
// wait_idle(); stop() joins and must not race with itself.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "storage/database.hpp"

namespace ccr::storage {

// Called after each checkpoint that ran: WAL frames, frames copied.
using CheckpointReport = std::function<void(int wal_frames, int checkpointed_frames)>;

// One passive checkpoint on `db`, on the calling thread; reports it, or logs why it failed
// (another connection's checkpoint running is not a failure: it reports what that one left).
void passive_checkpoint(Database& db, const CheckpointReport& report);

class Checkpointer {
 public:
  using Report = CheckpointReport;

  // Opens its own connection to the (already created and migrated) database at `path`.
  Checkpointer(const std::string& path, std::string_view synchronous, Report report);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  void request();
  // Blocks until no checkpoint runs or is asked for.
  void wait_idle();
  void stop();

 private:
  void run();

  Database db_;
  Report report_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  bool requested_ = false;
  bool running_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ccr::storage
