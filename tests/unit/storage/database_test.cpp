#include "storage/database.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "storage/migrations.hpp"
#include "temp_dir.hpp"

namespace ccr::storage {
namespace {

using testing::TempDir;

// The single integer a query answers.
std::int64_t query_int(Database& db, const std::string& sql) {
  Statement st(db, sql);
  REQUIRE(st.step() == SQLITE_ROW);
  return st.column_int64(0);
}

TEST_CASE("Database opens with the server's pragmas", "[storage][database]") {
  TempDir dir;
  Database db(dir.file(), OpenMode::ReadWrite, "FULL");
  Statement journal(db, "PRAGMA journal_mode");
  REQUIRE(journal.step() == SQLITE_ROW);
  CHECK(journal.column_text(0) == "wal");
  CHECK(query_int(db, "PRAGMA foreign_keys") == 1);
  CHECK(query_int(db, "PRAGMA busy_timeout") == 5000);
  CHECK(query_int(db, "PRAGMA synchronous") == 2);
  CHECK(query_int(db, "PRAGMA wal_autocheckpoint") == 0);
}

TEST_CASE("Database maps each synchronous level and rejects others", "[storage][database]") {
  TempDir dir;
  {
    Database db(dir.file(), OpenMode::ReadWrite, "OFF");
    CHECK(query_int(db, "PRAGMA synchronous") == 0);
  }
  {
    Database db(dir.file(), OpenMode::ReadWrite, "NORMAL");
    CHECK(query_int(db, "PRAGMA synchronous") == 1);
  }
  CHECK_THROWS_AS(Database(dir.file(), OpenMode::ReadWrite, "EXTRA"), StorageError);
  CHECK_THROWS_AS(Database(dir.file(), OpenMode::ReadWrite, "normal"), StorageError);
  CHECK_THROWS_AS(Database(dir.file(), OpenMode::ReadWrite, "FULL; DROP TABLE x"), StorageError);
}

TEST_CASE("Database open failures throw StorageError", "[storage][database]") {
  TempDir dir;
  CHECK_THROWS_AS(Database(dir.file("missing.db"), OpenMode::ReadOnly), StorageError);
  CHECK_THROWS_AS(Database(dir.file("no/such/dir/ccr.db"), OpenMode::ReadWrite), StorageError);
}

TEST_CASE("A read-only connection reads but cannot write", "[storage][database]") {
  TempDir dir;
  Database writer(dir.file(), OpenMode::ReadWrite);
  apply_migrations(writer);
  REQUIRE(writer.exec("INSERT INTO server_meta (key, value) VALUES ('k', 'v')") == SQLITE_OK);

  Database reader(dir.file(), OpenMode::ReadOnly);
  CHECK(query_int(reader, "SELECT count(*) FROM server_meta") == 1);
  CHECK((reader.exec("INSERT INTO server_meta (key, value) VALUES ('x', 'y')") & 0xff) ==
        SQLITE_READONLY);
}

TEST_CASE("Statements report errors as codes at run time", "[storage][database]") {
  TempDir dir;
  Database db(dir.file(), OpenMode::ReadWrite);
  Statement st;
  CHECK(Statement::prepare(db, "SELECT * FROM no_such_table", st) == SQLITE_ERROR);
  CHECK_FALSE(st.valid());
  CHECK_THROWS_AS(Statement(db, "SELEC 1"), StorageError);

  REQUIRE(db.exec("CREATE TABLE t (a INTEGER NOT NULL, b TEXT)") == SQLITE_OK);
  Statement insert(db, "INSERT INTO t (a, b) VALUES (?1, ?2)");
  CHECK(insert.run(std::int64_t{1}, std::string("one")) == SQLITE_OK);
  CHECK(insert.run(std::optional<std::int64_t>{}, std::string("null")) != SQLITE_OK);
  CHECK(insert.run(std::int64_t{2}, std::string("two")) == SQLITE_OK);
  CHECK(query_int(db, "SELECT count(*) FROM t") == 2);

  Statement select(db, "SELECT a, b FROM t WHERE a = ?1");
  REQUIRE(select.bind_all(std::int64_t{2}) == SQLITE_OK);
  REQUIRE(select.step() == SQLITE_ROW);
  CHECK(select.column_int64(0) == 2);
  CHECK(select.column_text(1) == "two");
  CHECK(select.step() == SQLITE_DONE);
}

TEST_CASE("Migrations apply once and re-open cleanly", "[storage][migrations]") {
  TempDir dir;
  {
    Database db(dir.file(), OpenMode::ReadWrite);
    CHECK(schema_version(db) == 0);
    CHECK(apply_migrations(db) == kSchemaVersion);
    CHECK(schema_version(db) == kSchemaVersion);
    REQUIRE(db.exec("INSERT INTO server_meta (key, value) VALUES ('k', 'v')") == SQLITE_OK);
    CHECK(apply_migrations(db) == kSchemaVersion);
  }
  Database db(dir.file(), OpenMode::ReadWrite);
  CHECK(schema_version(db) == kSchemaVersion);
  CHECK(apply_migrations(db) == kSchemaVersion);
  CHECK(query_int(db, "SELECT count(*) FROM server_meta") == 1);
  for (const char* table : {"server_meta", "tenants", "teams", "agents", "codes", "tokens",
                            "agent_sessions", "events", "idempotency_keys", "queues",
                            "entry_points", "interactions", "address_book", "directory_entries"}) {
    INFO(table);
    CHECK(query_int(db, std::string("SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                                    "AND name = '") +
                            table + "'") == 1);
  }
}

TEST_CASE("Migrations refuse a file newer than the build", "[storage][migrations]") {
  TempDir dir;
  Database db(dir.file(), OpenMode::ReadWrite);
  REQUIRE(db.exec("PRAGMA user_version = 99") == SQLITE_OK);
  CHECK_THROWS_AS(apply_migrations(db), StorageError);
}

TEST_CASE("Events cannot be updated or deleted", "[storage][migrations]") {
  TempDir dir;
  Database db(dir.file(), OpenMode::ReadWrite);
  apply_migrations(db);
  REQUIRE(db.exec("INSERT INTO events (tenant_id, at_ms, type, agent_id, interaction_id, body) "
                  "VALUES ('t', 1, 'x', '', '', '{}')") == SQLITE_OK);
  CHECK(db.exec("UPDATE events SET type = 'y'") != SQLITE_OK);
  CHECK(db.exec("DELETE FROM events") != SQLITE_OK);
  CHECK(query_int(db, "SELECT count(*) FROM events WHERE type = 'x'") == 1);
}

}  // namespace
}  // namespace ccr::storage
