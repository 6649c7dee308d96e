// Writer test helpers: a Probe recording on_commit/on_fatal calls, a Gate holding the writer in
// before_commit, and commit_all. Their methods are called from the writer thread and the test
// thread; every wait has a deadline, so no test sleeps.
#pragma once

#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "storage/writer.hpp"

namespace ccr::storage::testing {

inline constexpr auto kWaitLimit = std::chrono::seconds(10);

// Records the writer's on_commit and on_fatal calls (made on the writer thread); waits with a
// deadline instead of sleeping. Catch2 assertions stay on the test thread.
class Probe {
 public:
  struct Batch {
    std::uint64_t seq;
    std::size_t ops;
  };

  void commit(std::uint64_t seq, std::size_t ops) {
    {
      std::lock_guard lock(mutex_);
      batches_.push_back({seq, ops});
    }
    changed_.notify_all();
  }
  void fatal(const std::string& what) {
    {
      std::lock_guard lock(mutex_);
      fatals_.push_back(what);
    }
    changed_.notify_all();
  }
  bool wait_for_seq(std::uint64_t seq) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kWaitLimit,
                             [&] { return !batches_.empty() && batches_.back().seq >= seq; });
  }
  std::vector<Batch> batches() const {
    std::lock_guard lock(mutex_);
    return batches_;
  }
  std::vector<std::string> fatals() const {
    std::lock_guard lock(mutex_);
    return fatals_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Batch> batches_;
  std::vector<std::string> fatals_;
};

// Holds the writer thread inside before_commit until released. All waits have deadlines.
class Gate {
 public:
  void hold() {
    std::unique_lock lock(mutex_);
    ++entered_;
    changed_.notify_all();
    changed_.wait_for(lock, kWaitLimit, [&] { return open_; });
  }
  bool wait_entered() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kWaitLimit, [&] { return entered_ > 0; });
  }
  void open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int entered_ = 0;
  bool open_ = false;
};

// Writer options for `path` reporting commits and fatal errors to `probe`.
inline Writer::Options options_for(const std::string& path, Probe& probe) {
  Writer::Options options;
  options.path = path;
  options.on_commit = [&probe](const CommitReport& commit) {
    probe.commit(commit.seq, commit.ops);
  };
  options.on_fatal = [&probe](const std::string& what) { probe.fatal(what); };
  return options;
}

// Commits `ops` through a fresh writer on `path` and stops it; no fatal error allowed.
inline void commit_all(const std::string& path, std::vector<Op> ops) {
  Probe probe;
  {
    Writer writer(options_for(path, probe));
    writer.submit(std::move(ops));
    REQUIRE(writer.flush());
  }
  REQUIRE(probe.fatals().empty());
}

}  // namespace ccr::storage::testing
