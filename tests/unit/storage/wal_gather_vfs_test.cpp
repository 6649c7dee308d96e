#include "storage/wal_gather_vfs.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <cstdint>
#include <fstream>
#include <string>

#include "storage/database.hpp"
#include "temp_dir.hpp"

namespace ccr::storage::wal_gather_test {
namespace {

using testing::TempDir;

// Write system calls this process has made so far (Linux: /proc/self/io).
std::int64_t write_calls() {
  std::ifstream io("/proc/self/io");
  std::string key;
  std::int64_t value = 0;
  while (io >> key >> value) {
    if (key == "syscw:") return value;
  }
  FAIL("no syscw in /proc/self/io");
  return 0;
}

std::int64_t query_int(Database& db, const std::string& sql) {
  Statement st(db, sql);
  REQUIRE(st.step() == SQLITE_ROW);
  return st.column_int64(0);
}

// A text whose bytes depend on its row and position, so a lost or misplaced write shows.
std::string pattern(int row, std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) {
    bytes[i] = static_cast<char>('a' + (i * 31 + static_cast<std::size_t>(row) * 7) % 26);
  }
  return bytes;
}

void insert_rows(Database& db, int first, int count, std::size_t size) {
  Statement insert(db, "INSERT INTO blobs (id, body) VALUES (?1, ?2)");
  for (int row = first; row < first + count; ++row) {
    REQUIRE(insert.run(std::int64_t{row}, pattern(row, size)) == SQLITE_OK);
  }
}

// Every row of `blobs` read through a fresh read-only connection, checked byte for byte.
int verified_rows(const std::string& path, std::size_t size) {
  Database reader(path, OpenMode::ReadOnly);
  Statement rows(reader, "SELECT id, body FROM blobs ORDER BY id");
  int count = 0;
  while (rows.step() == SQLITE_ROW) {
    const int row = static_cast<int>(rows.column_int64(0));
    REQUIRE(rows.column_text(1) == pattern(row, size));
    ++count;
  }
  return count;
}

// Runs `body` in a child process that ends with _exit(body()): no destructors, no close, no
// checkpoint, as a killed server. Returns the child's exit status (-1 when it did not exit).
// The body must not use REQUIRE or CHECK (a failure would throw in the child).
template <typename Body>
int exit_status_in_child(Body&& body) {
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) _exit(body());
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Rows `first` to `first + count - 1` inserted one statement each; 0 when all went in.
int insert_in_child(Database& db, int first, int count, std::size_t size) {
  Statement insert(db, "INSERT INTO blobs (id, body) VALUES (?1, ?2)");
  for (int row = first; row < first + count; ++row) {
    if (insert.run(std::int64_t{row}, pattern(row, size)) != SQLITE_OK) return 1;
  }
  return 0;
}

std::int64_t integrity_problems(Database& db) {
  return query_int(db, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'");
}

Database open_with_table(const std::string& path) {
  Database db(path, OpenMode::ReadWrite);
  db.exec_or_throw("CREATE TABLE IF NOT EXISTS blobs (id INTEGER PRIMARY KEY, body TEXT)",
                   "create table");
  return db;
}

TEST_CASE(
    "A writable connection writes each commit's WAL frames in a few calls, and a reader "
    "sees the whole commit at once",
    "[storage][wal]") {
  TempDir dir;
  auto db = open_with_table(dir.file());
  REQUIRE(db.exec("BEGIN") == SQLITE_OK);
  insert_rows(db, 0, 40, 3000);  // about one page each: 40 frames, 80 writes without gathering
  const auto before = write_calls();
  REQUIRE(db.exec("COMMIT") == SQLITE_OK);
  CHECK(write_calls() - before <= 4);
  CHECK(verified_rows(dir.file(), 3000) == 40);
}

TEST_CASE("A commit larger than one write of the default VFS commits whole", "[storage][wal]") {
  TempDir dir;
  auto db = open_with_table(dir.file());
  REQUIRE(db.exec("BEGIN") == SQLITE_OK);
  insert_rows(db, 0, 3, 3 * 1024 * 1024 + 17);  // past 128 KiB per write and past what is held
  REQUIRE(db.exec("COMMIT") == SQLITE_OK);
  CHECK(verified_rows(dir.file(), 3 * 1024 * 1024 + 17) == 3);
  CHECK(integrity_problems(db) == 0);
}

TEST_CASE(
    "A transaction that spilled frames and rolled back leaves nothing, the next commits "
    "whole and checkpoints clean",
    "[storage][wal]") {
  TempDir dir;
  auto db = open_with_table(dir.file());
  REQUIRE(db.exec("PRAGMA cache_size=8") == SQLITE_OK);  // forces frames out mid-transaction
  REQUIRE(db.exec("BEGIN") == SQLITE_OK);
  insert_rows(db, 0, 200, 3000);
  REQUIRE(db.exec("ROLLBACK") == SQLITE_OK);
  REQUIRE(db.exec("BEGIN") == SQLITE_OK);
  insert_rows(db, 1000, 120, 3000);
  REQUIRE(db.exec("COMMIT") == SQLITE_OK);
  CHECK(verified_rows(dir.file(), 3000) == 120);

  // The WAL starts over after a full checkpoint: its header is written again at offset 0.
  REQUIRE(db.exec("PRAGMA wal_checkpoint(RESTART)") == SQLITE_OK);
  insert_rows(db, 2000, 5, 3000);
  CHECK(verified_rows(dir.file(), 3000) == 125);
  CHECK(integrity_problems(db) == 0);
}

TEST_CASE("What a process committed is on disk when it dies without closing", "[storage][wal]") {
  TempDir dir;
  const auto path = dir.file();
  open_with_table(path);
  CHECK(exit_status_in_child([&] {
          Database db(path, OpenMode::ReadWrite);
          return insert_in_child(db, 0, 10, 5000);  // ten commits, one per row
        }) == 0);
  CHECK(verified_rows(path, 5000) == 10);
}

TEST_CASE(
    "A commit whose checksums SQLite rewrites after the commit frame is on disk when the "
    "process dies without closing",
    "[storage][wal]") {
  TempDir dir;
  const auto path = dir.file();
  open_with_table(path);
  CHECK(exit_status_in_child([&] {
          Database db(path, OpenMode::ReadWrite);
          // A small cache spills frames mid-transaction; index pages changed again after the
          // spill are rewritten in place, and SQLite then rewrites the checksums up to the
          // commit frame.
          if (db.exec("CREATE INDEX blobs_by_start ON blobs (substr(body, 1, 40))") != SQLITE_OK ||
              db.exec("PRAGMA cache_size=8") != SQLITE_OK || db.exec("BEGIN") != SQLITE_OK ||
              insert_in_child(db, 0, 400, 3000) != 0) {
            return 1;
          }
          return db.exec("COMMIT") == SQLITE_OK ? 0 : 1;
        }) == 0);
  CHECK(verified_rows(path, 3000) == 400);
}

TEST_CASE("A commit whose write fails is refused and leaves what was committed before intact",
          "[storage][wal]") {
  TempDir dir;
  const auto path = dir.file();
  {
    auto db = open_with_table(path);
    insert_rows(db, 0, 5, 3000);
  }
  CHECK(exit_status_in_child([&] {
          // Files may not grow past 256 KiB: the commit's frames (about 2 MiB) cannot all be
          // written.
          signal(SIGXFSZ, SIG_IGN);
          const rlimit limit{256 * 1024, 256 * 1024};
          if (setrlimit(RLIMIT_FSIZE, &limit) != 0) return 2;
          Database db(path, OpenMode::ReadWrite);
          if (db.exec("BEGIN") != SQLITE_OK || insert_in_child(db, 100, 700, 3000) != 0) return 0;
          return db.exec("COMMIT") != SQLITE_OK ? 0 : 1;  // 0: refused
        }) == 0);
  CHECK(verified_rows(path, 3000) == 5);
  Database db(path, OpenMode::ReadWrite);
  CHECK(integrity_problems(db) == 0);
}

TEST_CASE("The gathering VFS is registered once under one name", "[storage][wal]") {
  const char* name = wal_gather_vfs_name();
  REQUIRE(name != nullptr);
  CHECK(std::string(name) == wal_gather_vfs_name());
  CHECK(sqlite3_vfs_find(name) != nullptr);
}

}  // namespace
}  // namespace ccr::storage::wal_gather_test
