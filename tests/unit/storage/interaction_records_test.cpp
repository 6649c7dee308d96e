#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "samples.hpp"
#include "storage/codec.hpp"
#include "storage/loader.hpp"
#include "storage/migrations.hpp"
#include "storage/record_writer.hpp"
#include "storage/writer.hpp"
#include "temp_dir.hpp"
#include "writer_probe.hpp"

namespace ccr::storage {
namespace {

using testing::bare_interaction;
using testing::check_same;
using testing::commit_all;
using testing::interaction_put;
using testing::options_for;
using testing::Probe;
using testing::sample_entry_point;
using testing::sample_interaction;
using testing::sample_queue;
using testing::sample_tenant;
using testing::TempDir;

constexpr core::Phase kLivePhases[] = {core::Phase::Queued, core::Phase::Offered,
                                       core::Phase::Active, core::Phase::WrapUp};

std::int64_t query_int(const std::string& path, const std::string& sql) {
  Database db(path, OpenMode::ReadOnly);
  Statement st(db, sql);
  REQUIRE(st.step() == SQLITE_ROW);
  return st.column_int64(0);
}

std::vector<std::string> loaded_ids(const core::Snapshot& snap) {
  std::vector<std::string> ids;
  for (const auto& i : snap.interactions) ids.push_back(i.tenant_id + "/" + i.id);
  return ids;
}

TEST_CASE("InteractionPut round-trips every field in every phase", "[storage][interactions]") {
  TempDir dir;
  std::vector<Op> ops = {core::Record{core::TenantPut{sample_tenant("t1")}}};
  std::vector<core::Interaction> expected;
  std::uint64_t arrival = 100;
  for (const core::Phase phase : kLivePhases) {
    const std::string name = codec::encode(phase);
    expected.push_back(sample_interaction("t1", "full-" + name, phase, arrival++));
    expected.push_back(bare_interaction("t1", "bare-" + name, phase, arrival++));
  }
  // An offer with nothing set but its presence stays distinct from no offer.
  core::Interaction empty_offer = bare_interaction("t1", "empty-offer", core::Phase::Offered, 999);
  empty_offer.offer = core::Offer{};
  expected.push_back(empty_offer);
  for (const auto& interaction : expected) ops.push_back(interaction_put(interaction));
  commit_all(dir.file(), std::move(ops));

  const core::Snapshot snap = load_snapshot(dir.file());
  REQUIRE(snap.interactions.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO(expected[i].id);
    check_same(snap.interactions[i], expected[i]);
  }
  // The bare ones keep every optional unset and the defaults of the core type.
  const core::Interaction& bare = snap.interactions[1];
  CHECK_FALSE(bare.offer.has_value());
  CHECK_FALSE(bare.wrapup_deadline.has_value());
  CHECK_FALSE(bare.ended_at.has_value());
  CHECK(bare.variables.empty());
  CHECK(bare.declined_until.empty());
  CHECK(bare.channel == core::Channel::Voice);
  CHECK(bare.priority == 5);
  REQUIRE(snap.interactions.back().offer.has_value());
  CHECK(snap.interactions.back().offer->kind == core::OfferKind::Inbound);
}

TEST_CASE("Interaction columns hold absolute times and enum text", "[storage][interactions]") {
  TempDir dir;
  commit_all(dir.file(), {core::Record{core::TenantPut{sample_tenant("t1")}},
                          interaction_put(sample_interaction("t1", "i1", core::Phase::WrapUp)),
                          interaction_put(bare_interaction("t1", "i2", core::Phase::Queued))});
  const std::string i1 = " FROM interactions WHERE id = 'i1'";
  CHECK(query_int(dir.file(), "SELECT phase = 'wrap_up' AND channel = 'chat'" + i1) == 1);
  CHECK(query_int(dir.file(), "SELECT wrapup_deadline_ms" + i1) == 1'700'000'090'999);
  CHECK(query_int(dir.file(), "SELECT offer_expires_at_ms" + i1) == 1'700'000'017'001);
  CHECK(query_int(dir.file(), "SELECT ended_at_ms" + i1) == 1'700'000'120'002);
  CHECK(query_int(dir.file(), "SELECT json_extract(offer, '$.kind') = 'transfer'" + i1) == 1);
  const std::string i2 = " FROM interactions WHERE id = 'i2'";
  CHECK(query_int(dir.file(),
                  "SELECT offer IS NULL AND offer_expires_at_ms IS NULL AND "
                  "wrapup_deadline_ms IS NULL AND ended_at_ms IS NULL" +
                      i2) == 1);
}

TEST_CASE("Ended interactions stay in the table but are not loaded", "[storage][interactions]") {
  TempDir dir;
  core::Interaction done = sample_interaction("t1", "done", core::Phase::Ended, 1);
  done.owed_wrapups.clear();
  commit_all(dir.file(),
             {core::Record{core::TenantPut{sample_tenant("t1")}},
              interaction_put(sample_interaction("t1", "live", core::Phase::Active, 2)),
              interaction_put(done),
              interaction_put(bare_interaction("t1", "bare-done", core::Phase::Ended, 3))});
  CHECK(loaded_ids(load_snapshot(dir.file())) == std::vector<std::string>{"t1/live"});
  CHECK(query_int(dir.file(), "SELECT count(*) FROM interactions WHERE phase = 'ended'") == 2);

  // Ending a live one: the same row, loaded while an agent still owes its wrap-up (TR5, CO11),
  // then left out.
  core::Interaction ended = sample_interaction("t1", "live", core::Phase::Ended, 2);
  ended.offer.reset();
  commit_all(dir.file(), {interaction_put(ended)});
  CHECK(loaded_ids(load_snapshot(dir.file())) == std::vector<std::string>{"t1/live"});
  ended.owed_wrapups.clear();
  commit_all(dir.file(), {interaction_put(ended)});
  CHECK(load_snapshot(dir.file()).interactions.empty());
  CHECK(query_int(dir.file(), "SELECT count(*) FROM interactions") == 3);
  CHECK(query_int(dir.file(),
                  "SELECT count(*) FROM interactions WHERE id = 'live' AND "
                  "phase = 'ended' AND ended_at_ms = 1700000120002") == 1);
}

TEST_CASE("Interactions load ordered by arrival", "[storage][interactions]") {
  TempDir dir;
  commit_all(dir.file(), {core::Record{core::TenantPut{sample_tenant("t1")}},
                          core::Record{core::TenantPut{sample_tenant("t2")}},
                          interaction_put(bare_interaction("t2", "a", core::Phase::Queued, 30)),
                          interaction_put(bare_interaction("t1", "z", core::Phase::Offered, 10)),
                          interaction_put(bare_interaction("t1", "m", core::Phase::Ended, 15)),
                          interaction_put(bare_interaction("t1", "b", core::Phase::WrapUp, 20)),
                          interaction_put(bare_interaction("t2", "c", core::Phase::Active, 20))});
  CHECK(loaded_ids(load_snapshot(dir.file())) ==
        std::vector<std::string>{"t1/z", "t1/b", "t2/c", "t2/a"});
}

TEST_CASE("InteractionPut is an upsert", "[storage][interactions]") {
  TempDir dir;
  commit_all(dir.file(),
             {core::Record{core::TenantPut{sample_tenant("t1")}},
              core::Record{core::TenantPut{sample_tenant("t2")}},
              interaction_put(sample_interaction("t1", "i1", core::Phase::Offered, 1)),
              interaction_put(sample_interaction("t2", "i1", core::Phase::Offered, 2))});

  // Every field changes, every optional is cleared; but the creation time, which the core never
  // changes, stays as first written (the update leaves the interactions_by_created index alone).
  core::Interaction changed = bare_interaction("t1", "i1", core::Phase::Queued, 5);
  const core::Time created = sample_interaction("t1", "i1", core::Phase::Offered, 1).created_at;
  changed.entry_point_id = "ep2";
  changed.queue_id = "q-overflow";
  changed.channel = core::Channel::Email;
  changed.variables = {{"account", "AC-43", 4}};
  changed.queue_entered_at = core::time_from_ms(1'700'000'500'000);
  changed.offers_made = 3;
  changed.declined_until = {{"a7", core::time_from_ms(1'700'000'400'000)}};
  core::Interaction offered = bare_interaction("t2", "i1", core::Phase::Offered, 2);
  offered.offer = core::Offer{"i1.o3", "a9", core::OfferKind::Consult, core::time_from_ms(50),
                              core::time_from_ms(70)};
  commit_all(dir.file(), {interaction_put(changed), interaction_put(offered)});

  const auto snap = load_snapshot(dir.file());
  REQUIRE(snap.interactions.size() == 2);
  CHECK(snap.interactions[0].created_at == created);
  CHECK(snap.interactions[1].created_at == created);
  changed.created_at = offered.created_at = created;
  check_same(snap.interactions[0], offered);
  check_same(snap.interactions[1], changed);
  CHECK(query_int(dir.file(), "SELECT count(*) FROM interactions") == 2);

  // And back: optionals set again.
  const core::Interaction again = sample_interaction("t1", "i1", core::Phase::WrapUp, 5);
  commit_all(dir.file(), {interaction_put(again)});
  const auto after = load_snapshot(dir.file());
  REQUIRE(after.interactions.size() == 2);
  check_same(after.interactions[1], again);
}

TEST_CASE("TenantDeleted removes the tenant's interactions and keeps its events",
          "[storage][interactions]") {
  TempDir dir;
  commit_all(dir.file(),
             {core::Record{core::TenantPut{sample_tenant("t1")}},
              core::Record{core::TenantPut{sample_tenant("t2")}},
              interaction_put(sample_interaction("t1", "i1", core::Phase::Queued, 1)),
              interaction_put(sample_interaction("t1", "i2", core::Phase::Ended, 2)),
              interaction_put(sample_interaction("t2", "i1", core::Phase::Active, 3)),
              core::Record{testing::sample_event("t1", "a7", "i1", 1'700'000'000'500)}});
  commit_all(dir.file(), {core::Record{core::TenantDeleted{"t1"}}});
  CHECK(loaded_ids(load_snapshot(dir.file())) == std::vector<std::string>{"t2/i1"});
  CHECK(query_int(dir.file(), "SELECT count(*) FROM interactions WHERE tenant_id = 't1'") == 0);
  CHECK(query_int(dir.file(), "SELECT count(*) FROM events WHERE tenant_id = 't1'") == 1);
}

TEST_CASE("An interaction of an unknown tenant is refused", "[storage][interactions]") {
  TempDir dir;
  Probe probe;
  {
    Writer writer(options_for(dir.file(), probe));
    writer.submit(interaction_put(sample_interaction("nobody", "i1", core::Phase::Queued)));
    writer.flush();
  }
  REQUIRE(probe.fatals().size() == 1);
  CHECK(probe.fatals()[0].find("InteractionPut nobody/i1") != std::string::npos);
  CHECK(load_snapshot(dir.file()).interactions.empty());
}

TEST_CASE("describe names InteractionPut", "[storage][interactions]") {
  CHECK(RecordWriter::describe(interaction_put(
            bare_interaction("t1", "i9", core::Phase::Queued))) == "InteractionPut t1/i9");
}

TEST_CASE("A version 2 file migrates to interactions and keeps its rows",
          "[storage][interactions][migrations]") {
  TempDir dir;
  {
    // The file as the release before interactions left it.
    Database db(dir.file(), OpenMode::ReadWrite);
    REQUIRE(apply_migrations(db, 2) == 2);
    REQUIRE(schema_version(db) == 2);
    db.exec_or_throw(
        "INSERT INTO tenants (id, name, settings, created_at_ms, version) "
        "VALUES ('t1', 'Old', '{\"recording\":false}', 10, 2);"
        "INSERT INTO queues (tenant_id, id, name, channel, strategy, groups, required_skills, "
        "rona_timeout_ms, wrapup_timeout_ms, default_wrapup_code_id, priority, max_length, "
        "service_level_ms, overflow, created_at_ms, version) VALUES ('t1', 'q1', 'Old queue', "
        "'voice', 'skills', '[]', '{}', 15000, 30000, '', 5, 0, 20000, NULL, 20, 1);",
        "seed a version 2 file");
  }
  CHECK(query_int(dir.file(), "SELECT count(*) FROM sqlite_schema WHERE name = 'interactions'") ==
        0);
  CHECK_THROWS_AS(load_snapshot(dir.file()), StorageError);  // the loader wants the current schema

  const core::Interaction interaction = sample_interaction("t1", "i1", core::Phase::Offered);
  commit_all(dir.file(), {core::Record{core::EntryPointPut{sample_entry_point("t1", "ep1")}},
                          interaction_put(interaction)});
  {
    Database db(dir.file(), OpenMode::ReadWrite);
    CHECK(schema_version(db) == kSchemaVersion);
    CHECK(apply_migrations(db) == kSchemaVersion);  // re-opening is a no-op
  }
  CHECK(query_int(dir.file(),
                  "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name "
                  "IN ('interactions_by_phase', 'interactions_by_created')") == 2);
  const auto snap = load_snapshot(dir.file());
  REQUIRE(snap.tenants.size() == 1);
  CHECK(snap.tenants[0].name == "Old");
  REQUIRE(snap.queues.size() == 1);
  CHECK(snap.queues[0].name == "Old queue");
  CHECK(snap.queues[0].strategy == core::Strategy::Skills);
  REQUIRE(snap.entry_points.size() == 1);
  REQUIRE(snap.interactions.size() == 1);
  check_same(snap.interactions[0], interaction);

  // The upgraded file deletes interactions with the tenant, as a new file does.
  commit_all(dir.file(), {core::Record{core::TenantDeleted{"t1"}}});
  const auto after = load_snapshot(dir.file());
  CHECK(after.tenants.empty());
  CHECK(after.queues.empty());
  CHECK(after.interactions.empty());
  CHECK(query_int(dir.file(), "SELECT count(*) FROM interactions") == 0);
}

}  // namespace
}  // namespace ccr::storage

namespace ccr::storage {
namespace {

TEST_CASE("a restart with thousands of open interactions loads every call, in arrival order",
          "[storage][interactions]") {
  // Past 1024 interactions the calls are decoded on two threads (loader.cpp, decode_calls).
  TempDir dir;
  std::vector<Op> ops = {core::Record{core::TenantPut{testing::sample_tenant("t1")}}};
  std::vector<core::Interaction> expected;
  for (std::uint64_t n = 0; n < 2500; ++n) {
    expected.push_back(
        testing::sample_interaction("t1", "ix" + std::to_string(n), core::Phase::Active, n + 1));
    ops.push_back(core::Record{core::InteractionPut{expected.back()}});
  }
  testing::commit_all(dir.file(), std::move(ops));

  const core::Snapshot snap = load_snapshot(dir.file());
  REQUIRE(snap.interactions.size() == expected.size());
  // Both halves: the helper thread's (first) and the loading thread's (second).
  for (const std::size_t i :
       {std::size_t{0}, std::size_t{1249}, std::size_t{1250}, expected.size() - 1}) {
    INFO(expected[i].id);
    testing::check_same(snap.interactions[i], expected[i]);
  }
}

}  // namespace
}  // namespace ccr::storage
