#include "storage/writer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <utility>

#include "storage/batch_plan.hpp"
#include "storage/migrations.hpp"

namespace ccr::storage {
namespace {

Database open_migrated(const Writer::Options& options) {
  Database db(options.path, OpenMode::ReadWrite, options.synchronous);
  apply_migrations(db);
  return db;
}

}  // namespace

Writer::Writer(Options options)
    : options_(std::move(options)), db_(open_migrated(options_)), records_(db_) {
  sqlite3_wal_hook(db_.handle(), &Writer::on_wal, this);
  if (options_.checkpoint_pages > 0) {
    const auto restart_frames = std::min<std::size_t>(kRestartFactor * options_.checkpoint_pages,
                                                      std::numeric_limits<int>::max());
    checkpointer_ =
        std::make_unique<Checkpointer>(options_.path, options_.synchronous,
                                       static_cast<int>(restart_frames), options_.on_checkpoint);
  }
  thread_ = std::thread([this] { run(); });
}

Writer::~Writer() { stop(); }

std::uint64_t Writer::submit(Op op) {
  std::uint64_t seq = 0;
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || done_) return 0;
    queue_.emplace_back().push_back(std::move(op));
    ++queued_ops_;
    seq = ++submitted_seq_;
    wake = wake_needed();
  }
  if (wake) queued_.notify_one();
  return seq;
}

std::uint64_t Writer::submit(std::vector<Op> ops) {
  std::uint64_t seq = 0;
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || done_) return 0;
    submitted_seq_ += ops.size();
    queued_ops_ += ops.size();
    if (!ops.empty()) queue_.push_back(std::move(ops));
    seq = submitted_seq_;
    wake = wake_needed();
  }
  if (wake) queued_.notify_one();
  return seq;
}

bool Writer::wake_needed() const { return !gathering_ || queued_ops_ >= kGatherOps; }

bool Writer::flush() {
  std::unique_lock lock(mutex_);
  const std::uint64_t target = submitted_seq_;
  committed_.wait(lock, [&] { return committed_seq_ >= target || done_; });
  return committed_seq_ >= target;
}

void Writer::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t Writer::committed_seq() const {
  std::lock_guard lock(mutex_);
  return committed_seq_;
}

void Writer::run() {
  std::vector<std::vector<Op>> batch;
  for (;;) {
    std::uint64_t last_seq = 0;
    {
      std::unique_lock lock(mutex_);
      queued_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) break;
      gather(lock);
      batch.swap(queue_);
      queued_ops_ = 0;
      last_seq = submitted_seq_;
    }
    const bool ok = commit(batch, last_seq);
    batch.clear();
    if (!ok) return;
    checkpoint_if_needed();
  }
  if (checkpointer_) checkpointer_->stop();
  checkpoint_truncate();
  {
    std::lock_guard lock(mutex_);
    done_ = true;
  }
  committed_.notify_all();
}

void Writer::gather(std::unique_lock<std::mutex>& lock) {
  if (options_.commit_window.count() <= 0) return;
  const auto until = last_commit_end_ + options_.commit_window;
  if (std::chrono::steady_clock::now() >= until) return;  // idle for a window: commit at once
  gathering_ = true;
  queued_.wait_until(lock, until, [this] { return queued_ops_ >= kGatherOps || stopping_; });
  gathering_ = false;
}

bool Writer::commit(const std::vector<std::vector<Op>>& batch, std::uint64_t last_seq) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<const Op*> ops;
  for (const auto& list : batch) {
    for (const auto& op : list) ops.push_back(&op);
  }
  const auto write = ops_to_write(ops);
  std::unique_lock<std::mutex> held;  // the checkpointer's last pass of a request waits for it
  if (checkpointer_) held = std::unique_lock(checkpointer_->commit_mutex());
  if (db_.exec("BEGIN IMMEDIATE") != SQLITE_OK) {
    fail("BEGIN IMMEDIATE failed: " + db_.last_error());
    return false;
  }
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (!write[i]) continue;
    const auto& op = *ops[i];
    if (records_.apply(op) != SQLITE_OK) {
      const std::string what =
          "cannot apply " + RecordWriter::describe(op) + ": " + db_.last_error();
      db_.exec("ROLLBACK");
      fail(what);
      return false;
    }
  }
  if (options_.before_commit) options_.before_commit();
  if (db_.exec("COMMIT") != SQLITE_OK) {
    const std::string what = "COMMIT failed: " + db_.last_error();
    db_.exec("ROLLBACK");
    fail(what);
    return false;
  }
  if (held.owns_lock()) held.unlock();
  last_commit_end_ = std::chrono::steady_clock::now();
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::microseconds>(last_commit_end_ - start);
  if (options_.on_commit) options_.on_commit({last_seq, ops.size(), elapsed, wal_frames_});
  {
    std::lock_guard lock(mutex_);
    committed_seq_ = last_seq;
  }
  committed_.notify_all();
  return true;
}

void Writer::fail(const std::string& what) {
  const std::string message = "storage writer: " + what;
  if (options_.on_fatal) {
    options_.on_fatal(message);
  } else {
    spdlog::critical("{}", message);
    std::abort();
  }
  {
    std::lock_guard lock(mutex_);
    done_ = true;
    queue_.clear();
    queued_ops_ = 0;
  }
  committed_.notify_all();
}

void Writer::checkpoint_if_needed() {
  if (!checkpointer_) return;
  const auto threshold = options_.checkpoint_pages;
  const auto frames = static_cast<std::size_t>(wal_frames_);
  if (frames < checkpoint_asked_at_) checkpoint_asked_at_ = 0;  // the WAL started over
  if (frames - checkpoint_asked_at_ < threshold) return;
  checkpoint_asked_at_ = frames;
  if (frames < kCatchUpFactor * threshold) {
    checkpointer_->request();
    return;
  }
  // Commits outran the background checkpoints. With no commit in between, this one copies every
  // frame (unless a report reader still needs some), and the next commit starts the WAL over.
  // Its reported time is the whole stop of the commits, the wait for the checkpointer included.
  const auto stopped = std::chrono::steady_clock::now();
  checkpointer_->wait_idle();
  passive_checkpoint(db_, CheckpointKind::CatchUp, options_.on_checkpoint, stopped);
}

void Writer::checkpoint_truncate() {
  const int rc = sqlite3_wal_checkpoint_v2(db_.handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE,
                                           nullptr, nullptr);
  if (rc != SQLITE_OK) {
    spdlog::warn("storage writer: truncate checkpoint at stop failed: {}", db_.last_error());
  }
}

int Writer::on_wal(void* self, sqlite3* /*db*/, const char* /*name*/, int frames) {
  auto* writer = static_cast<Writer*>(self);
  writer->wal_frames_ = frames;
  if (writer->checkpointer_) writer->checkpointer_->note_wal_frames(frames);
  return SQLITE_OK;
}

}  // namespace ccr::storage
