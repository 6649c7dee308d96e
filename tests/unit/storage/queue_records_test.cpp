#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "samples.hpp"
#include "storage/loader.hpp"
#include "storage/migrations.hpp"
#include "storage/record_writer.hpp"
#include "storage/writer.hpp"
#include "temp_dir.hpp"
#include "writer_probe.hpp"

namespace ccr::storage {
namespace {

using testing::check_same;
using testing::commit_all;
using testing::options_for;
using testing::Probe;
using testing::sample_entry_point;
using testing::sample_queue;
using testing::sample_tenant;
using testing::TempDir;

// A tenant with two queues and two entry points.
std::vector<Op> tenant_with_routing(const std::string& t) {
  return {core::Record{core::TenantPut{sample_tenant(t)}},
          core::Record{core::QueuePut{sample_queue(t, "q1")}},
          core::Record{core::QueuePut{sample_queue(t, "q2")}},
          core::Record{core::EntryPointPut{sample_entry_point(t, "ep1")}},
          core::Record{core::EntryPointPut{sample_entry_point(t, "ep2")}}};
}

std::int64_t query_int(Database& db, const std::string& sql) {
  Statement st(db, sql);
  REQUIRE(st.step() == SQLITE_ROW);
  return st.column_int64(0);
}

TEST_CASE("QueuePut round-trips every field", "[storage][routing]") {
  TempDir dir;
  core::Queue defaults;
  defaults.id = "plain";
  defaults.tenant_id = "t1";
  commit_all(dir.file(), {core::Record{core::TenantPut{sample_tenant("t1")}},
                          core::Record{core::QueuePut{sample_queue("t1", "q1")}},
                          core::Record{core::QueuePut{defaults}}});
  const core::Snapshot snap = load_snapshot(dir.file());
  REQUIRE(snap.queues.size() == 2);
  check_same(snap.queues[0], defaults);
  CHECK_FALSE(snap.queues[0].overflow.has_value());
  CHECK(snap.queues[0].groups.empty());
  check_same(snap.queues[1], sample_queue("t1", "q1"));
  CHECK(snap.queues[1].groups.size() == 3);
}

TEST_CASE("EntryPointPut round-trips every field", "[storage][routing]") {
  TempDir dir;
  core::EntryPoint always_open;
  always_open.id = "plain";
  always_open.tenant_id = "t1";
  core::EntryPoint never_open = sample_entry_point("t1", "closed", 9500);
  never_open.hours = core::BusinessHours{60, {}};
  never_open.variables.clear();
  never_open.dial_numbers.clear();
  never_open.channel = core::Channel::Email;
  commit_all(dir.file(), {core::Record{core::TenantPut{sample_tenant("t1")}},
                          core::Record{core::EntryPointPut{sample_entry_point("t1", "ep1")}},
                          core::Record{core::EntryPointPut{always_open}},
                          core::Record{core::EntryPointPut{never_open}}});
  const core::Snapshot snap = load_snapshot(dir.file());
  REQUIRE(snap.entry_points.size() == 3);
  check_same(snap.entry_points[0], always_open);
  CHECK_FALSE(snap.entry_points[0].hours.has_value());
  check_same(snap.entry_points[1], sample_entry_point("t1", "ep1"));
  // Every VariableType survives, in display order.
  REQUIRE(snap.entry_points[1].variables.size() == 5);
  CHECK(snap.entry_points[1].variables[0].type == core::VariableType::String);
  CHECK(snap.entry_points[1].variables[1].type == core::VariableType::Decimal);
  CHECK(snap.entry_points[1].variables[2].type == core::VariableType::Integer);
  CHECK(snap.entry_points[1].variables[3].type == core::VariableType::Boolean);
  CHECK(snap.entry_points[1].variables[4].type == core::VariableType::Datetime);
  // Hours with no window (always closed) stay distinct from no hours (always open).
  check_same(snap.entry_points[2], never_open);
  REQUIRE(snap.entry_points[2].hours.has_value());
  CHECK(snap.entry_points[2].hours->windows.empty());
}

TEST_CASE("Queue and entry point puts are upserts", "[storage][routing]") {
  TempDir dir;
  commit_all(dir.file(), tenant_with_routing("t1"));

  core::Queue queue = sample_queue("t1", "q1");
  queue.name = "Renamed";
  queue.channel = core::Channel::Voice;
  queue.strategy = core::Strategy::LongestAvailable;
  queue.groups = {{{"team-z"}, 0}};
  queue.required_skills.clear();
  queue.overflow.reset();
  queue.priority = 1;
  queue.version = 7;
  core::EntryPoint entry = sample_entry_point("t1", "ep1");
  entry.queue_id = "q2";
  entry.hours.reset();
  entry.variables.pop_back();
  entry.dial_numbers = {"+15559990000"};
  entry.version = 8;
  commit_all(dir.file(),
             {core::Record{core::QueuePut{queue}}, core::Record{core::EntryPointPut{entry}}});

  const core::Snapshot snap = load_snapshot(dir.file());
  REQUIRE(snap.queues.size() == 2);
  check_same(snap.queues[0], queue);
  check_same(snap.queues[1], sample_queue("t1", "q2"));
  REQUIRE(snap.entry_points.size() == 2);
  check_same(snap.entry_points[0], entry);
  check_same(snap.entry_points[1], sample_entry_point("t1", "ep2"));
}

TEST_CASE("Queues and entry points load ordered by created_at, tenant, id", "[storage][routing]") {
  TempDir dir;
  commit_all(dir.file(), {core::Record{core::TenantPut{sample_tenant("t1")}},
                          core::Record{core::TenantPut{sample_tenant("t2")}},
                          core::Record{core::QueuePut{sample_queue("t2", "a", 30)}},
                          core::Record{core::QueuePut{sample_queue("t1", "c", 30)}},
                          core::Record{core::QueuePut{sample_queue("t1", "b", 30)}},
                          core::Record{core::QueuePut{sample_queue("t2", "z", 10)}},
                          core::Record{core::EntryPointPut{sample_entry_point("t2", "a", 30)}},
                          core::Record{core::EntryPointPut{sample_entry_point("t1", "c", 30)}},
                          core::Record{core::EntryPointPut{sample_entry_point("t1", "b", 30)}},
                          core::Record{core::EntryPointPut{sample_entry_point("t2", "z", 10)}}});
  const auto snap = load_snapshot(dir.file());
  REQUIRE(snap.queues.size() == 4);
  REQUIRE(snap.entry_points.size() == 4);
  const std::vector<std::string> expected = {"t2/z", "t1/b", "t1/c", "t2/a"};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CHECK(snap.queues[i].tenant_id + "/" + snap.queues[i].id == expected[i]);
    CHECK(snap.entry_points[i].tenant_id + "/" + snap.entry_points[i].id == expected[i]);
  }
}

TEST_CASE("QueueDeleted and EntryPointDeleted remove one row of one tenant", "[storage][routing]") {
  TempDir dir;
  std::vector<Op> ops = tenant_with_routing("t1");
  for (auto& op : tenant_with_routing("t2")) ops.push_back(std::move(op));
  commit_all(dir.file(), std::move(ops));
  commit_all(dir.file(), {core::Record{core::QueueDeleted{"t1", "q1"}},
                          core::Record{core::EntryPointDeleted{"t1", "ep2"}},
                          core::Record{core::QueueDeleted{"t1", "missing"}},
                          core::Record{core::EntryPointDeleted{"t3", "ep1"}}});
  const auto snap = load_snapshot(dir.file());
  std::vector<std::string> queues;
  for (const auto& q : snap.queues) queues.push_back(q.tenant_id + "/" + q.id);
  std::vector<std::string> entry_points;
  for (const auto& e : snap.entry_points) entry_points.push_back(e.tenant_id + "/" + e.id);
  CHECK(queues == std::vector<std::string>{"t1/q2", "t2/q1", "t2/q2"});
  CHECK(entry_points == std::vector<std::string>{"t1/ep1", "t2/ep1", "t2/ep2"});
}

TEST_CASE("TenantDeleted removes the tenant's queues and entry points", "[storage][routing]") {
  TempDir dir;
  std::vector<Op> ops = tenant_with_routing("t1");
  for (auto& op : tenant_with_routing("t2")) ops.push_back(std::move(op));
  commit_all(dir.file(), std::move(ops));
  commit_all(dir.file(), {core::Record{core::TenantDeleted{"t1"}}});
  const auto snap = load_snapshot(dir.file());
  REQUIRE(snap.tenants.size() == 1);
  CHECK(snap.tenants[0].id == "t2");
  REQUIRE(snap.queues.size() == 2);
  for (const auto& q : snap.queues) CHECK(q.tenant_id == "t2");
  REQUIRE(snap.entry_points.size() == 2);
  for (const auto& e : snap.entry_points) CHECK(e.tenant_id == "t2");
}

TEST_CASE("A queue or entry point of an unknown tenant is refused", "[storage][routing]") {
  TempDir dir;
  Probe probe;
  {
    Writer writer(options_for(dir.file(), probe));
    writer.submit(core::Record{core::QueuePut{sample_queue("nobody", "q1")}});
    writer.flush();
  }
  REQUIRE(probe.fatals().size() == 1);
  CHECK(probe.fatals()[0].find("QueuePut nobody/q1") != std::string::npos);
  CHECK(load_snapshot(dir.file()).queues.empty());
}

TEST_CASE("describe names the routing records", "[storage][routing]") {
  CHECK(RecordWriter::describe(core::Record{core::QueuePut{sample_queue("t1", "q1")}}) ==
        "QueuePut t1/q1");
  CHECK(RecordWriter::describe(core::Record{core::QueueDeleted{"t1", "q2"}}) ==
        "QueueDeleted t1/q2");
  CHECK(RecordWriter::describe(core::Record{core::EntryPointPut{sample_entry_point("t1", "e")}}) ==
        "EntryPointPut t1/e");
  CHECK(RecordWriter::describe(core::Record{core::EntryPointDeleted{"t1", "e2"}}) ==
        "EntryPointDeleted t1/e2");
  CHECK(RecordWriter::describe(MetaPut{"k", "v"}) == "MetaPut k");
}

TEST_CASE("A version 1 file migrates and keeps its rows", "[storage][routing][migrations]") {
  TempDir dir;
  {
    // The file as the release before queues and entry points left it.
    Database db(dir.file(), OpenMode::ReadWrite);
    REQUIRE(apply_migrations(db, 1) == 1);
    REQUIRE(schema_version(db) == 1);
    CHECK(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'queues'") == 0);
    db.exec_or_throw(
        "INSERT INTO tenants (id, name, settings, created_at_ms, version) "
        "VALUES ('t1', 'Old', '{\"recording\":false}', 10, 2);"
        "INSERT INTO teams (tenant_id, id, name, created_at_ms, version) "
        "VALUES ('t1', 'team-a', 'Team', 20, 1);"
        "INSERT INTO agents (tenant_id, id, name, team_ids, channels, skills, created_at_ms, "
        "version) VALUES ('t1', 'a1', 'Agent', '[\"team-a\"]', '{}', '{\"english\":3}', 30, 1);",
        "seed a version 1 file");
  }
  CHECK_THROWS_AS(load_snapshot(dir.file()), StorageError);  // the loader wants the current schema

  commit_all(dir.file(), {core::Record{core::QueuePut{sample_queue("t1", "q1")}},
                          core::Record{core::EntryPointPut{sample_entry_point("t1", "ep1")}}});
  {
    Database db(dir.file(), OpenMode::ReadWrite);
    CHECK(schema_version(db) == kSchemaVersion);
    CHECK(apply_migrations(db) == kSchemaVersion);  // re-opening is a no-op
  }
  const auto snap = load_snapshot(dir.file());
  REQUIRE(snap.tenants.size() == 1);
  CHECK(snap.tenants[0].name == "Old");
  CHECK_FALSE(snap.tenants[0].settings.recording);
  CHECK(snap.tenants[0].version == 2);
  REQUIRE(snap.teams.size() == 1);
  REQUIRE(snap.agents.size() == 1);
  CHECK(snap.agents[0].team_ids == std::vector<std::string>{"team-a"});
  CHECK(snap.agents[0].skills.at("english") == 3);
  REQUIRE(snap.queues.size() == 1);
  check_same(snap.queues[0], sample_queue("t1", "q1"));
  REQUIRE(snap.entry_points.size() == 1);
  check_same(snap.entry_points[0], sample_entry_point("t1", "ep1"));

  // The upgraded file deletes the new rows with the tenant, as a new file does.
  commit_all(dir.file(), {core::Record{core::TenantDeleted{"t1"}}});
  const auto after = load_snapshot(dir.file());
  CHECK(after.tenants.empty());
  CHECK(after.queues.empty());
  CHECK(after.entry_points.empty());
}

TEST_CASE("apply_migrations refuses a target beyond this build", "[storage][migrations]") {
  TempDir dir;
  Database db(dir.file(), OpenMode::ReadWrite);
  CHECK_THROWS_AS(apply_migrations(db, kSchemaVersion + 1), StorageError);
  CHECK(schema_version(db) == 0);
}

}  // namespace
}  // namespace ccr::storage
