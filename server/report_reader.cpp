#include "server/report_reader.hpp"

#include <spdlog/spdlog.h>

#include <exception>

namespace ccr::server {

ReportReader::ReportReader(std::string db_path, Post post)
    : path_(std::move(db_path)), post_(std::move(post)) {}

ReportReader::~ReportReader() { stop(); }

void ReportReader::start() {
  if (started_ || stopped_) return;
  started_ = true;
  thread_ = std::thread([this] { run(); });
}

void ReportReader::stop() {
  if (stopped_) return;
  stopped_ = true;
  alive_.reset();
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  queue_.clear();
}

bool ReportReader::submit(Task task, Failure failed) {
  if (!running()) return false;
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({std::move(task), std::move(failed)});
  }
  ++in_flight_;
  wake_.notify_one();
  return true;
}

void ReportReader::run() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) break;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    deliver(execute(job));
  }
  db_.reset();  // the connection closes on the thread that used it
}

ReportReader::Completion ReportReader::execute(Job& job) {
  // Tasks report their own failures as values; this is the net for anything else.
  try {
    if (!db_) db_.emplace(path_, storage::OpenMode::ReadOnly);
    return job.task(*db_);
  } catch (const std::exception& e) {
    return fail(job, e.what());
  } catch (...) {
    return fail(job, "unknown error");
  }
}

ReportReader::Completion ReportReader::fail(Job& job, const std::string& reason) {
  db_.reset();  // whatever state the connection was left in, the next task opens a fresh one
  spdlog::error("report reader: {}", reason);
  return [failed = std::move(job.failed), reason] {
    if (failed) failed(reason);
  };
}

void ReportReader::deliver(Completion completion) {
  post_([this, alive = alive_weak_, completion = std::move(completion)] {
    if (alive.expired()) return;  // stopped: `this` may be gone
    --in_flight_;
    if (completion) completion();
  });
}

}  // namespace ccr::server
