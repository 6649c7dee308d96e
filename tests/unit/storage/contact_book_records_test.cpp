// Storage of the contact book (CO1, TR1): address-book and directory entries round-trip through
// the writer and the loader, deletes stay inside their tenant, a tenant's deletion takes them
// along, and migration 5 upgrades an older file (queues and entry points become consult and
// transfer targets by default).
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
using testing::sample_address_entry;
using testing::sample_directory_entry;
using testing::sample_entry_point;
using testing::sample_queue;
using testing::sample_tenant;
using testing::TempDir;

// A tenant with two address-book entries and two directory entries.
std::vector<Op> tenant_with_book(const std::string& t) {
  return {core::Record{core::TenantPut{sample_tenant(t)}},
          core::Record{core::AddressEntryPut{sample_address_entry(t, "a1")}},
          core::Record{core::AddressEntryPut{sample_address_entry(t, "a2")}},
          core::Record{core::DirectoryEntryPut{sample_directory_entry(t, "d1")}},
          core::Record{core::DirectoryEntryPut{sample_directory_entry(t, "d2")}}};
}

template <typename T>
std::vector<std::string> keys(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item.tenant_id + "/" + item.id);
  return out;
}

TEST_CASE("Address-book and directory entries round-trip every field", "[storage][contact_book]") {
  TempDir dir;
  core::DirectoryEntry bare;  // every optional text empty: no company number (CO1)
  bare.id = "bare";
  bare.tenant_id = "t1";
  bare.name = "Nobody";
  commit_all(dir.file(), {core::Record{core::TenantPut{sample_tenant("t1")}},
                          core::Record{core::AddressEntryPut{sample_address_entry("t1", "a1")}},
                          core::Record{core::DirectoryEntryPut{sample_directory_entry("t1", "d1")}},
                          core::Record{core::DirectoryEntryPut{bare}}});
  const auto snap = load_snapshot(dir.file());
  REQUIRE(snap.address_entries.size() == 1);
  check_same(snap.address_entries[0], sample_address_entry("t1", "a1"));
  REQUIRE(snap.directory_entries.size() == 2);
  check_same(snap.directory_entries[0], bare);
  check_same(snap.directory_entries[1], sample_directory_entry("t1", "d1"));
}

TEST_CASE("Contact book puts are upserts and load by created_at, tenant, id",
          "[storage][contact_book]") {
  TempDir dir;
  std::vector<Op> ops = tenant_with_book("t1");
  ops.push_back(core::Record{core::TenantPut{sample_tenant("t0")}});
  ops.push_back(core::Record{core::AddressEntryPut{sample_address_entry("t0", "z", 10)}});
  commit_all(dir.file(), std::move(ops));

  auto address = sample_address_entry("t1", "a1");
  address.name = "Renamed";
  address.number = "+15550000";
  address.version = 9;
  auto expert = sample_directory_entry("t1", "d2");
  expert.company_number.clear();
  expert.email.clear();
  expert.version = 8;
  commit_all(dir.file(), {core::Record{core::AddressEntryPut{address}},
                          core::Record{core::DirectoryEntryPut{expert}}});
  const auto snap = load_snapshot(dir.file());
  CHECK(keys(snap.address_entries) == std::vector<std::string>{"t0/z", "t1/a1", "t1/a2"});
  check_same(snap.address_entries[1], address);
  REQUIRE(snap.directory_entries.size() == 2);
  check_same(snap.directory_entries[1], expert);
}

TEST_CASE("Deletes remove one entry of one tenant, a tenant's deletion removes them all",
          "[storage][contact_book]") {
  TempDir dir;
  std::vector<Op> ops = tenant_with_book("t1");
  for (auto& op : tenant_with_book("t2")) ops.push_back(std::move(op));
  commit_all(dir.file(), std::move(ops));
  commit_all(dir.file(), {core::Record{core::AddressEntryDeleted{"t1", "a1"}},
                          core::Record{core::DirectoryEntryDeleted{"t2", "d2"}},
                          core::Record{core::AddressEntryDeleted{"t3", "a2"}},
                          core::Record{core::DirectoryEntryDeleted{"t1", "missing"}}});
  auto snap = load_snapshot(dir.file());
  CHECK(keys(snap.address_entries) == std::vector<std::string>{"t1/a2", "t2/a1", "t2/a2"});
  CHECK(keys(snap.directory_entries) == std::vector<std::string>{"t1/d1", "t1/d2", "t2/d1"});

  commit_all(dir.file(), {core::Record{core::TenantDeleted{"t1"}}});
  snap = load_snapshot(dir.file());
  CHECK(keys(snap.address_entries) == std::vector<std::string>{"t2/a1", "t2/a2"});
  CHECK(keys(snap.directory_entries) == std::vector<std::string>{"t2/d1"});
}

TEST_CASE("A contact book entry of an unknown tenant is refused", "[storage][contact_book]") {
  TempDir dir;
  Probe probe;
  {
    Writer writer(options_for(dir.file(), probe));
    writer.submit(core::Record{core::DirectoryEntryPut{sample_directory_entry("nobody", "d1")}});
    writer.flush();
  }
  REQUIRE(probe.fatals().size() == 1);
  CHECK(probe.fatals()[0].find("DirectoryEntryPut nobody/d1") != std::string::npos);
  CHECK(load_snapshot(dir.file()).directory_entries.empty());
}

TEST_CASE("describe names the contact book records", "[storage][contact_book]") {
  CHECK(RecordWriter::describe(core::Record{
            core::AddressEntryPut{sample_address_entry("t1", "a1")}}) == "AddressEntryPut t1/a1");
  CHECK(RecordWriter::describe(core::Record{core::AddressEntryDeleted{"t1", "a2"}}) ==
        "AddressEntryDeleted t1/a2");
  CHECK(RecordWriter::describe(core::Record{core::DirectoryEntryPut{
            sample_directory_entry("t1", "d1")}}) == "DirectoryEntryPut t1/d1");
  CHECK(RecordWriter::describe(core::Record{core::DirectoryEntryDeleted{"t1", "d2"}}) ==
        "DirectoryEntryDeleted t1/d2");
}

TEST_CASE(
    "A version 4 file migrates: old queues and entry points are consult and transfer "
    "targets",
    "[storage][contact_book][migrations]") {
  TempDir dir;
  {
    // The file as the release before the contact book left it.
    Database db(dir.file(), OpenMode::ReadWrite);
    REQUIRE(apply_migrations(db, 4) == 4);
    db.exec_or_throw(
        "INSERT INTO tenants (id, name, settings, created_at_ms, version) "
        "VALUES ('t1', 'Old', '{}', 10, 1);"
        "INSERT INTO queues (tenant_id, id, name, channel, strategy, groups, required_skills, "
        "rona_timeout_ms, wrapup_timeout_ms, default_wrapup_code_id, priority, max_length, "
        "service_level_ms, overflow, created_at_ms, version) VALUES ('t1', 'q1', 'Old queue', "
        "'voice', 'longest_available', '[]', '{}', 15000, 30000, '', 5, 10, 20000, NULL, 20, 1);"
        "INSERT INTO entry_points (tenant_id, id, name, channel, queue_id, dial_numbers, "
        "variables, hours, created_at_ms, version) VALUES ('t1', 'ep1', 'Old line', 'voice', "
        "'q1', '[\"2015550100\"]', '[]', NULL, 30, 1);",
        "seed a version 4 file");
  }
  commit_all(dir.file(), {core::Record{core::AddressEntryPut{sample_address_entry("t1", "a1")}},
                          core::Record{core::QueuePut{sample_queue("t1", "q2")}},
                          core::Record{core::EntryPointPut{sample_entry_point("t1", "ep2")}}});
  {
    Database db(dir.file(), OpenMode::ReadWrite);
    CHECK(schema_version(db) == kSchemaVersion);
  }
  const auto snap = load_snapshot(dir.file());
  REQUIRE(snap.queues.size() == 2);
  CHECK(snap.queues[0].id == "q1");
  CHECK(snap.queues[0].consult_allowed);
  CHECK(snap.queues[0].transfer_allowed);
  check_same(snap.queues[1], sample_queue("t1", "q2"));  // consult_allowed false survives
  REQUIRE(snap.entry_points.size() == 2);
  CHECK(snap.entry_points[0].id == "ep1");
  CHECK(snap.entry_points[0].consult_allowed);
  CHECK(snap.entry_points[0].transfer_allowed);
  check_same(snap.entry_points[1], sample_entry_point("t1", "ep2"));  // transfer_allowed false
  REQUIRE(snap.address_entries.size() == 1);
  check_same(snap.address_entries[0], sample_address_entry("t1", "a1"));
}

}  // namespace
}  // namespace ccr::storage
