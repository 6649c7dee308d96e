#include "storage/writer.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "samples.hpp"
#include "storage/event_reader.hpp"
#include "storage/loader.hpp"
#include "temp_dir.hpp"
#include "writer_probe.hpp"

namespace ccr::storage {
namespace {

using testing::Gate;
using testing::options_for;
using testing::Probe;
using testing::sample_event;
using testing::TempDir;

Op event_op(int n) { return core::Record{sample_event("t1", "a1", "", n)}; }

std::size_t event_count(const std::string& path) {
  EventFilter all;
  all.limit = 1'000'000;
  const EventPage page = read_events(path, "t1", all);
  REQUIRE(page.ok());
  return page.events.size();
}

TEST_CASE("Writer numbers ops 1, 2, 3 and reports the last seq of each submit",
          "[storage][writer]") {
  TempDir dir;
  Probe probe;
  Writer writer(options_for(dir.file(), probe));
  CHECK(writer.submit(event_op(1)) == 1);
  CHECK(writer.submit(std::vector<Op>{event_op(2), event_op(3), event_op(4)}) == 4);
  CHECK(writer.submit(std::vector<Op>{}) == 4);
  CHECK(writer.submit(event_op(5)) == 5);
  REQUIRE(writer.flush());
  CHECK(writer.committed_seq() == 5);
  CHECK(probe.batches().back().seq == 5);
  CHECK(event_count(dir.file()) == 5);
}

TEST_CASE("Ops queued during a commit are taken together as one batch", "[storage][writer]") {
  TempDir dir;
  Probe probe;
  Gate gate;
  Writer::Options options = options_for(dir.file(), probe);
  options.before_commit = [&gate] { gate.hold(); };
  Writer writer(std::move(options));

  REQUIRE(writer.submit(event_op(0)) == 1);
  REQUIRE(gate.wait_entered());
  constexpr int kOps = 200;
  std::uint64_t last = 0;
  std::thread producer([&] {
    for (int i = 1; i <= kOps; ++i) last = writer.submit(event_op(i));
  });
  producer.join();
  gate.open();
  REQUIRE(writer.flush());
  REQUIRE(probe.wait_for_seq(last));

  CHECK(last == kOps + 1);
  const auto batches = probe.batches();
  REQUIRE(batches.size() >= 2);
  CHECK(batches.front().seq == 1);
  CHECK(batches.front().ops == 1);
  std::uint64_t previous = 0;
  std::size_t total = 0;
  std::size_t largest = 0;
  for (const auto& batch : batches) {
    CHECK(batch.seq > previous);
    CHECK(batch.seq - previous == batch.ops);
    previous = batch.seq;
    total += batch.ops;
    largest = std::max(largest, batch.ops);
  }
  CHECK(batches.back().seq == last);
  CHECK(total == last);
  CHECK(largest > 1);
  CHECK(event_count(dir.file()) == kOps + 1);
  CHECK(probe.fatals().empty());
}

TEST_CASE("Under load, changes that arrive within the commit window share one commit",
          "[storage][writer]") {
  TempDir dir;
  Probe probe;
  Writer::Options options = options_for(dir.file(), probe);
  options.commit_window = std::chrono::hours(1);  // only a full gather ends it in this test
  Writer writer(std::move(options));

  REQUIRE(writer.submit(event_op(0)) == 1);  // the writer was idle: it commits at once
  REQUIRE(probe.wait_for_seq(1));
  std::uint64_t last = 0;
  for (std::size_t i = 1; i <= Writer::kGatherOps; ++i) last = writer.submit(event_op(int(i)));
  REQUIRE(probe.wait_for_seq(last));

  const auto batches = probe.batches();
  REQUIRE(batches.size() == 2);
  CHECK(batches[0].ops == 1);
  CHECK(batches[1].ops == Writer::kGatherOps);
  CHECK(event_count(dir.file()) == Writer::kGatherOps + 1);
}

TEST_CASE("stop() commits what a commit window is gathering without waiting it out",
          "[storage][writer]") {
  TempDir dir;
  Probe probe;
  Writer::Options options = options_for(dir.file(), probe);
  options.commit_window = std::chrono::hours(1);
  Writer writer(std::move(options));

  REQUIRE(writer.submit(event_op(0)) == 1);
  REQUIRE(probe.wait_for_seq(1));
  for (int i = 1; i <= 9; ++i) writer.submit(event_op(i));  // gathered, far from kGatherOps
  writer.stop();
  CHECK(writer.committed_seq() == 10);
  CHECK(event_count(dir.file()) == 10);
}

TEST_CASE("flush returns only after the commit", "[storage][writer]") {
  TempDir dir;
  Probe probe;
  Gate gate;
  Writer::Options options = options_for(dir.file(), probe);
  options.before_commit = [&gate] { gate.hold(); };
  Writer writer(std::move(options));
  Database reader(dir.file(), OpenMode::ReadOnly);

  writer.submit(event_op(1));
  REQUIRE(gate.wait_entered());
  std::atomic<bool> flushed{false};
  std::thread flusher([&] {
    const bool ok = writer.flush();
    flushed = ok;
  });
  // The writer is held before COMMIT: nothing is visible and flush cannot have returned.
  CHECK_FALSE(flushed.load());
  CHECK(writer.committed_seq() == 0);
  CHECK(read_events(reader, "t1", {}).events.empty());
  gate.open();
  flusher.join();
  CHECK(flushed.load());
  CHECK(writer.committed_seq() == 1);
  CHECK(read_events(reader, "t1", {}).events.size() == 1);
}

TEST_CASE("A restarted writer and loader see everything committed before", "[storage][writer]") {
  TempDir dir;
  std::uint64_t first_seq = 0;
  {
    Probe probe;
    Writer writer(options_for(dir.file(), probe));
    writer.submit(core::Record{core::TenantPut{testing::sample_tenant("t1")}});
    writer.submit(core::Record{core::AgentPut{testing::sample_agent("t1", "a1")}});
    writer.submit(core::Record{core::AgentSessionPut{testing::sample_session("t1", "a1")}});
    writer.submit(event_op(1));
    writer.submit(MetaPut{"boot", "1"});
  }
  {
    const auto events = read_events(dir.file(), "t1", {});
    REQUIRE(events.events.size() == 1);
    first_seq = events.events[0].seq;
    const auto snap = load_snapshot(dir.file());
    CHECK(snap.tenants.size() == 1);
    CHECK(snap.agents.size() == 1);
    REQUIRE(snap.sessions.size() == 1);
    testing::check_same(snap.sessions[0], testing::sample_session("t1", "a1"));
  }
  Probe probe;
  Writer writer(options_for(dir.file(), probe));
  CHECK(writer.submit(event_op(2)) == 1);
  REQUIRE(writer.flush());
  const auto events = read_events(dir.file(), "t1", {});
  REQUIRE(events.events.size() == 2);
  CHECK(events.events[1].seq > first_seq);
  CHECK(read_meta(dir.file(), "boot") == "1");
  CHECK(probe.fatals().empty());
}

TEST_CASE("A failed statement is fatal and rolls back its whole batch", "[storage][writer]") {
  TempDir dir;
  Probe probe;
  Writer writer(options_for(dir.file(), probe));
  writer.submit(core::Record{core::TenantPut{testing::sample_tenant("t1")}});
  REQUIRE(writer.flush());

  // A session for an agent that does not exist violates the foreign key.
  writer.submit(std::vector<Op>{
      event_op(1), core::Record{core::AgentSessionPut{testing::sample_session("t1", "ghost")}}});
  CHECK_FALSE(writer.flush());
  const auto fatals = probe.fatals();
  REQUIRE(fatals.size() == 1);
  CHECK_THAT(fatals[0], Catch::Contains("AgentSessionPut t1/ghost"));
  CHECK_THAT(fatals[0], Catch::Contains("FOREIGN KEY"));
  CHECK(writer.committed_seq() == 1);
  CHECK(writer.submit(event_op(2)) == 0);
  writer.stop();

  CHECK(event_count(dir.file()) == 0);
  CHECK(load_snapshot(dir.file()).tenants.size() == 1);
}

TEST_CASE("Writer start-up failures throw", "[storage][writer]") {
  TempDir dir;
  Probe probe;
  CHECK_THROWS_AS(Writer(options_for(dir.file("no/such/dir/ccr.db"), probe)), StorageError);
  Writer::Options options = options_for(dir.file(), probe);
  options.synchronous = "SOMETIMES";
  CHECK_THROWS_AS(Writer(std::move(options)), StorageError);
  CHECK(probe.fatals().empty());
}

TEST_CASE(
    "Writer checkpoints: beside the commits past the threshold, the WAL stays bounded, "
    "truncate at stop",
    "[storage][writer]") {
  TempDir dir;
  Probe probe;
  std::atomic<int> checkpoints{0};
  std::atomic<int> catch_ups{0};
  std::atomic<int> last_commit_wal_frames{0};
  Writer::Options options = options_for(dir.file(), probe);
  options.checkpoint_pages = 1;
  options.on_commit = [&](const CommitReport& commit) {
    last_commit_wal_frames = commit.wal_frames;
    probe.commit(commit.seq, commit.ops);
  };
  options.on_checkpoint = [&](const CheckpointPass& pass) {
    if (pass.wal_frames > 0) ++checkpoints;
    // The writer's own checkpoint between two batches, reported as stopping commits (metrics).
    if (pass.kind == CheckpointKind::CatchUp) ++catch_ups;
  };
  Writer writer(std::move(options));
  const std::filesystem::path wal = dir.file() + "-wal";
  const auto after_migrations = std::filesystem::file_size(wal);  // the schema's pages
  for (int i = 0; i < 200; ++i) {
    writer.submit(event_op(i));
    REQUIRE(writer.flush());
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (checkpoints.load() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  CHECK(checkpoints.load() >= 1);
  // The migrations left the schema's pages (more than kCatchUpFactor frames) in the WAL and no
  // checkpoint ran before the first commit, so that commit's checkpoint is a catch-up.
  CHECK(catch_ups.load() >= 1);
  CHECK(last_commit_wal_frames.load() > 0);
  // The WAL starts over after every checkpoint that copied it all: 200 commits of several pages
  // each (over 800 frames) grow it by no more than the catch-up point and one more commit.
  constexpr std::uintmax_t kFrameBytes = 4096 + 24;
  const std::uintmax_t bound = 32 + (Writer::kCatchUpFactor + 8) * kFrameBytes;
  CHECK(std::filesystem::file_size(wal) <= after_migrations + bound);
  writer.stop();
  if (std::filesystem::exists(wal)) CHECK(std::filesystem::file_size(wal) == 0);
  CHECK(writer.submit(event_op(999)) == 0);
  CHECK(writer.flush());
  writer.stop();
  CHECK(event_count(dir.file()) == 200);
  CHECK(probe.fatals().empty());
}

}  // namespace
}  // namespace ccr::storage
