#include "storage/database.hpp"

#include <utility>

#include "storage/wal_gather_vfs.hpp"

namespace ccr::storage {
namespace {

constexpr int kBusyTimeoutMs = 5000;

// Runs a pragma that answers with one row and returns that row's first column.
std::string query_pragma(Database& db, const std::string& sql) {
  Statement st(db, sql);
  const int rc = st.step();
  if (rc != SQLITE_ROW) {
    throw StorageError("storage: " + sql + " failed: " + db.last_error());
  }
  return st.column_text(0);
}

}  // namespace

bool is_valid_synchronous(std::string_view level) {
  return level == "NORMAL" || level == "FULL" || level == "OFF";
}

Database::Database(const std::string& path, OpenMode mode, std::string_view synchronous)
    : path_(path) {
  if (mode == OpenMode::ReadWrite && !is_valid_synchronous(synchronous)) {
    throw StorageError("storage: synchronous must be NORMAL, FULL or OFF, not '" +
                       std::string(synchronous) + "'");
  }
  const int flags = (mode == OpenMode::ReadOnly ? SQLITE_OPEN_READONLY
                                                : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  // A writable connection writes its WAL through the gathering VFS (one write per commit).
  const char* vfs = mode == OpenMode::ReadWrite ? wal_gather_vfs_name() : nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, vfs);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw StorageError("storage: cannot open '" + path + "': " + message);
  }
  try {
    configure(mode, synchronous);
  } catch (...) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw;
  }
}

void Database::configure(OpenMode mode, std::string_view synchronous) {
  sqlite3_extended_result_codes(db_, 1);
  if (sqlite3_busy_timeout(db_, kBusyTimeoutMs) != SQLITE_OK) {
    throw StorageError("storage: cannot set busy_timeout on '" + path_ + "': " + last_error());
  }
  exec_or_throw("PRAGMA foreign_keys=ON", "enable foreign keys");
  if (mode == OpenMode::ReadOnly) {
    // The file must already be in WAL mode (the writer sets it); a reader cannot change it.
    if (query_pragma(*this, "PRAGMA journal_mode") != "wal") {
      throw StorageError("storage: '" + path_ + "' is not in WAL mode");
    }
    return;
  }
  const std::string journal = query_pragma(*this, "PRAGMA journal_mode=WAL");
  if (journal != "wal") {
    throw StorageError("storage: cannot switch '" + path_ + "' to WAL (got " + journal + ")");
  }
  exec_or_throw("PRAGMA synchronous=" + std::string(synchronous), "set synchronous");
  exec_or_throw("PRAGMA wal_autocheckpoint=0", "disable automatic checkpoints");
}

Database::~Database() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

std::string Database::last_error() const {
  return db_ != nullptr ? sqlite3_errmsg(db_) : "no connection";
}

int Database::exec(const std::string& sql) {
  return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
}

void Database::exec_or_throw(const std::string& sql, std::string_view what) {
  if (exec(sql) != SQLITE_OK) {
    throw StorageError("storage: cannot " + std::string(what) + " on '" + path_ +
                       "': " + last_error());
  }
}

Statement::Statement(Database& db, std::string_view sql) {
  if (prepare_with(db, sql, SQLITE_PREPARE_PERSISTENT, *this) != SQLITE_OK) {
    throw StorageError("storage: cannot prepare '" + std::string(sql) + "': " + db.last_error());
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement::Statement(Statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

int Statement::prepare(Database& db, std::string_view sql, Statement& out) {
  return prepare_with(db, sql, 0, out);
}

int Statement::prepare_with(Database& db, std::string_view sql, unsigned int flags,
                            Statement& out) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()), flags,
                                    &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return rc;
  }
  sqlite3_finalize(out.stmt_);
  out.stmt_ = stmt;
  return SQLITE_OK;
}

int Statement::bind(int index, std::string_view value) {
  return sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                             SQLITE_UTF8);
}

int Statement::bind_borrowed(int index, std::string_view value) {
  return sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_STATIC, SQLITE_UTF8);
}

int Statement::bind(int index, std::int64_t value) {
  return sqlite3_bind_int64(stmt_, index, value);
}

int Statement::bind(int index, std::optional<std::int64_t> value) {
  return value ? bind(index, *value) : bind_null(index);
}

int Statement::bind_null(int index) { return sqlite3_bind_null(stmt_, index); }

int Statement::step() { return sqlite3_step(stmt_); }

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_, index);
  if (text == nullptr) return {};
  const int size = sqlite3_column_bytes(stmt_, index);
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

std::int64_t Statement::column_int64(int index) const { return sqlite3_column_int64(stmt_, index); }

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

std::optional<std::int64_t> Statement::column_optional_int64(int index) const {
  if (column_is_null(index)) return std::nullopt;
  return column_int64(index);
}

}  // namespace ccr::storage
