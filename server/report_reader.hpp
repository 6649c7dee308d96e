// Runs REST reporting reads off the io thread: one background thread owns a read-only SQLite
// connection (opened lazily, on the first task, after the writer created and migrated the file)
// and works through a FIFO of tasks; each task's completion is handed to `post`, which runs it on
// the io thread. submit(), in_flight() and stop() are io-thread calls; no Beast, no Asio here.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>

#include "storage/database.hpp"

namespace ccr::server {

class ReportReader {
 public:
  using Completion = std::function<void()>;
  // Runs a completion on the io thread (from the reader thread); must be thread-safe.
  using Post = std::function<void(Completion)>;
  // Why a task could not run (no connection, or it threw); io thread.
  using Failure = std::function<void(const std::string& reason)>;
  // Reads on the reader thread and returns what the io thread then runs.
  using Task = std::function<Completion(storage::Database&)>;

  ReportReader(std::string db_path, Post post);
  ~ReportReader();
  ReportReader(const ReportReader&) = delete;
  ReportReader& operator=(const ReportReader&) = delete;

  // Starts the thread. Call once, after the database file exists at its current schema.
  void start();
  // Finishes the task running now, drops those queued, joins the thread; completions not yet run
  // on the io thread are dropped too. Idempotent; the destructor calls it.
  void stop();

  // Queues `task`; later exactly one of its completion or `failed` runs on the io thread, unless
  // the reader stops first. False (and nothing runs) when the reader is not running.
  bool submit(Task task, Failure failed);

  // Typed form: `read` (reader thread) returns a Result by value, `done` (io thread) takes it.
  template <typename Read, typename Done>
  bool submit(Read read, Done done, Failure failed) {
    using Result = std::invoke_result_t<Read&, storage::Database&>;
    return submit(
        Task([read = std::move(read), done = std::move(done)](storage::Database& db) mutable {
          auto result = std::make_shared<Result>(read(db));
          return Completion([done, result] { done(std::move(*result)); });
        }),
        std::move(failed));
  }

  // Tasks submitted whose completion or failure has not run yet; io thread.
  std::size_t in_flight() const { return in_flight_; }
  bool running() const { return started_ && !stopped_; }

 private:
  struct Job {
    Task task;
    Failure failed;
  };
  void run();
  // Runs one job on the reader thread; returns what the io thread is to run.
  Completion execute(Job& job);
  // Drops the connection and makes the completion that reports `reason` to the job's Failure.
  Completion fail(Job& job, const std::string& reason);
  // Hands `completion` to the io thread, guarded so that nothing runs after stop().
  void deliver(Completion completion);

  std::string path_;
  Post post_;
  std::optional<storage::Database> db_;  // reader thread only
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;  // guarded by mutex_
  bool stopping_ = false;  // guarded by mutex_
  // io thread only.
  bool started_ = false;
  bool stopped_ = false;
  std::size_t in_flight_ = 0;
  // Alive until stop(); completions posted earlier check it before they run.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
  const std::weak_ptr<int> alive_weak_ = alive_;
};

}  // namespace ccr::server
