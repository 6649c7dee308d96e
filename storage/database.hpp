// RAII SQLite connection and prepared statement. A Database opens with the server's pragmas (WAL,
// busy_timeout, foreign keys, no automatic checkpoints); construction throws StorageError, every
// later call returns SQLite result codes. A connection and its statements belong to one thread
// at a time: the writer thread owns the writable one, loaders and report readers their own.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ccr::storage {

// Thrown only at start-up: opening, configuring, migrating, preparing cached statements, loading.
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class OpenMode { ReadWrite, ReadOnly };

class Database {
 public:
  // `synchronous` is "NORMAL", "FULL" or "OFF" (anything else throws); ignored for ReadOnly.
  Database(const std::string& path, OpenMode mode, std::string_view synchronous = "NORMAL");
  ~Database();
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }
  std::string last_error() const;

  // Runs one or more statements; returns the SQLite result code.
  int exec(const std::string& sql);
  // Start-up variant: throws StorageError naming `what` on failure.
  void exec_or_throw(const std::string& sql, std::string_view what);

 private:
  void configure(OpenMode mode, std::string_view synchronous);

  sqlite3* db_ = nullptr;
  std::string path_;
};

// True for "NORMAL", "FULL" and "OFF", the synchronous levels the server accepts.
bool is_valid_synchronous(std::string_view level);

class Statement {
 public:
  Statement() = default;
  // Start-up variant for long-lived statements: throws StorageError when the SQL does not prepare.
  Statement(Database& db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Run-time variant: prepares into `out`, returns the SQLite result code.
  static int prepare(Database& db, std::string_view sql, Statement& out);

  // Parameters are 1-based, as in SQLite. Each returns the SQLite result code.
  int bind(int index, std::string_view value);
  int bind(int index, std::int64_t value);
  int bind(int index, std::optional<std::int64_t> value);
  int bind_null(int index);

  // Binds `values` to parameters 1..N in order; stops at and returns the first failure.
  template <typename... Values>
  int bind_all(const Values&... values) {
    int index = 0;
    int rc = SQLITE_OK;
    ((rc == SQLITE_OK ? (rc = bind(++index, values)) : rc), ...);
    return rc;
  }

  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step();
  // Resets the statement and clears its bindings so it can be reused.
  void reset();
  // Binds `values`, steps once expecting no row, resets. SQLITE_OK on success. Text is bound
  // without a copy: `values` outlive the call, and reset() unbinds them before it returns.
  template <typename... Values>
  int run(const Values&... values) {
    int index = 0;
    int rc = SQLITE_OK;
    ((rc == SQLITE_OK ? (rc = bind_borrowed(++index, values)) : rc), ...);
    if (rc == SQLITE_OK) rc = step();
    reset();
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
  }

  // Columns are 0-based. Text of a NULL column is empty.
  std::string column_text(int index) const;
  std::int64_t column_int64(int index) const;
  bool column_is_null(int index) const;
  std::optional<std::int64_t> column_optional_int64(int index) const;

  bool valid() const { return stmt_ != nullptr; }

 private:
  static int prepare_with(Database& db, std::string_view sql, unsigned int flags, Statement& out);
  // For run() only: text that must stay valid until the parameter is unbound by reset().
  int bind_borrowed(int index, std::string_view value);
  int bind_borrowed(int index, std::int64_t value) { return bind(index, value); }
  int bind_borrowed(int index, std::optional<std::int64_t> value) { return bind(index, value); }

  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace ccr::storage
