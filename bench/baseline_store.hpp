// The baseline server's storage: one SQLite connection (WAL) owned by a writer thread that
// commits whatever is queued in one transaction (group commit) and then hands every new row id
// back through `post` (to the io thread). submit() is called from the io thread; construction
// and stop() from the main thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace ccr::bench {

class BaselineStore {
 public:
  // Runs a callable on the io thread.
  using Post = std::function<void(std::function<void()>)>;
  using Done = std::function<void(std::int64_t id)>;

  // Opens (creating) the database with `synchronous` one of NORMAL, FULL, OFF and starts the
  // writer thread; throws std::runtime_error when SQLite refuses.
  BaselineStore(const std::string& path, const std::string& synchronous, Post post);
  ~BaselineStore();
  BaselineStore(const BaselineStore&) = delete;
  BaselineStore& operator=(const BaselineStore&) = delete;

  // Queues one row; once it has committed, `done` runs on the io thread with the row's id.
  void submit(std::string body, Done done);
  // Commits what is queued, then joins the writer thread. Idempotent.
  void stop();

 private:
  struct Item {
    std::string body;
    Done done;
  };

  void run();
  void commit(std::vector<Item>& batch);
  bool exec(const char* sql);
  [[noreturn]] void fatal(const std::string& what);

  Post post_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;

  std::mutex mutex_;
  std::condition_variable queued_;
  std::vector<Item> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ccr::bench
