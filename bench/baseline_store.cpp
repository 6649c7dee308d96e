#include "baseline_store.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <utility>

namespace ccr::bench {

BaselineStore::BaselineStore(const std::string& path, const std::string& synchronous, Post post)
    : post_(std::move(post)) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    const std::string what = "cannot open '" + path + "': " + sqlite3_errmsg(db_);
    sqlite3_close_v2(db_);
    throw std::runtime_error(what);
  }
  const std::string pragma = "PRAGMA synchronous=" + synchronous;
  for (const char* sql :
       {"PRAGMA journal_mode=WAL", pragma.c_str(),
        "CREATE TABLE IF NOT EXISTS contacts(id INTEGER PRIMARY KEY, body TEXT NOT NULL)"}) {
    if (!exec(sql)) {
      const std::string what = std::string(sql) + " failed: " + sqlite3_errmsg(db_);
      sqlite3_close_v2(db_);
      throw std::runtime_error(what);
    }
  }
  if (sqlite3_prepare_v3(db_, "INSERT INTO contacts(body) VALUES(?)", -1, SQLITE_PREPARE_PERSISTENT,
                         &insert_, nullptr) != SQLITE_OK) {
    const std::string what = std::string("cannot prepare the insert: ") + sqlite3_errmsg(db_);
    sqlite3_close_v2(db_);
    throw std::runtime_error(what);
  }
  thread_ = std::thread([this] { run(); });
}

BaselineStore::~BaselineStore() {
  stop();
  sqlite3_finalize(insert_);
  sqlite3_close_v2(db_);
}

void BaselineStore::submit(std::string body, Done done) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({std::move(body), std::move(done)});
  }
  queued_.notify_one();
}

void BaselineStore::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void BaselineStore::run() {
  std::vector<Item> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      queued_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;
      batch.swap(queue_);
    }
    commit(batch);
    batch.clear();
  }
}

void BaselineStore::commit(std::vector<Item>& batch) {
  if (!exec("BEGIN IMMEDIATE")) fatal("BEGIN");
  std::vector<std::pair<Done, std::int64_t>> acks;
  acks.reserve(batch.size());
  for (auto& item : batch) {
    sqlite3_bind_text(insert_, 1, item.body.data(), static_cast<int>(item.body.size()),
                      SQLITE_STATIC);
    if (sqlite3_step(insert_) != SQLITE_DONE) fatal("INSERT");
    sqlite3_reset(insert_);
    acks.emplace_back(std::move(item.done), sqlite3_last_insert_rowid(db_));
  }
  if (!exec("COMMIT")) fatal("COMMIT");
  post_([acks = std::move(acks)] {
    for (const auto& [done, id] : acks) done(id);
  });
}

bool BaselineStore::exec(const char* sql) {
  return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

// Memory is ahead of the disk and nothing acknowledged may be lost, so (like ccrouter) exit.
void BaselineStore::fatal(const std::string& what) {
  std::fprintf(stderr, "ccr_baseline: %s failed: %s\n", what.c_str(), sqlite3_errmsg(db_));
  std::_Exit(70);
}

}  // namespace ccr::bench
