#include "storage/interaction_reader.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "samples.hpp"
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
using testing::sample_interaction;
using testing::sample_tenant;
using testing::TempDir;

// A bare interaction of tenant `tenant` created at `created_ms`, in `queue` on `channel`.
core::Interaction made(const std::string& tenant, const std::string& id, std::int64_t created_ms,
                       core::Phase phase, const std::string& queue = "q1",
                       const std::string& agent = "",
                       core::Channel channel = core::Channel::Voice) {
  static std::uint64_t arrival = 1;
  core::Interaction i = bare_interaction(tenant, id, phase, arrival++);
  i.created_at = core::time_from_ms(created_ms);
  i.queue_id = queue;
  i.agent_id = agent;
  i.channel = channel;
  if (phase == core::Phase::Ended) i.ended_at = core::time_from_ms(created_ms + 1);
  return i;
}

std::vector<std::string> ids(const InteractionPage& page) {
  std::vector<std::string> out;
  for (const auto& i : page.items) out.push_back(i.id);
  return out;
}

// Tenant t1: six interactions over three queues, two agents, two channels and every phase but
// Offered; tenant t2: one with the same id as one of t1's.
void seed(const std::string& path) {
  using core::Channel;
  using core::Phase;
  commit_all(path,
             {core::Record{core::TenantPut{sample_tenant("t1")}},
              core::Record{core::TenantPut{sample_tenant("t2")}},
              interaction_put(made("t1", "b", 100, Phase::Ended, "q1", "a1")),
              interaction_put(made("t1", "a", 100, Phase::Queued, "q2")),  // same time: id decides
              interaction_put(made("t1", "c", 200, Phase::Active, "q1", "a2")),
              interaction_put(made("t1", "d", 300, Phase::WrapUp, "q1", "a1", Channel::Chat)),
              interaction_put(made("t1", "e", 400, Phase::Ended, "q3", "a2", Channel::Chat)),
              interaction_put(made("t1", "f", 500, Phase::Ended, "q1", "a1")),
              interaction_put(made("t2", "c", 150, Phase::Ended, "q1", "a1"))});
}

TEST_CASE("read_interaction reads any phase, Ended included, within its tenant only",
          "[storage][interaction_reader]") {
  TempDir dir;
  const auto ended = sample_interaction("t1", "ix-ended", core::Phase::Ended, 7);
  const auto live = sample_interaction("t1", "ix-live", core::Phase::Active, 8);
  commit_all(dir.file(), {core::Record{core::TenantPut{sample_tenant("t1")}},
                          core::Record{core::TenantPut{sample_tenant("t2")}},
                          interaction_put(ended), interaction_put(live)});

  Database reader(dir.file(), OpenMode::ReadOnly);
  const auto found = read_interaction(reader, "t1", "ix-ended");
  REQUIRE(found.ok());
  REQUIRE(found.interaction.has_value());
  check_same(*found.interaction, ended);
  const auto active = read_interaction(reader, "t1", "ix-live");
  REQUIRE(active.ok());
  REQUIRE(active.interaction.has_value());
  check_same(*active.interaction, live);

  const auto other_tenant = read_interaction(reader, "t2", "ix-ended");
  REQUIRE(other_tenant.ok());
  CHECK_FALSE(other_tenant.interaction.has_value());
  const auto unknown = read_interaction(reader, "t1", "nope");
  REQUIRE(unknown.ok());
  CHECK_FALSE(unknown.interaction.has_value());
}

TEST_CASE("list_interactions orders by (created_at, id) and filters",
          "[storage][interaction_reader]") {
  TempDir dir;
  seed(dir.file());
  Database reader(dir.file(), OpenMode::ReadOnly);
  using V = std::vector<std::string>;

  const auto all = list_interactions(reader, "t1", {});
  REQUIRE(all.ok());
  CHECK(ids(all) == V{"a", "b", "c", "d", "e", "f"});
  CHECK(all.next_cursor.empty());
  CHECK(ids(list_interactions(reader, "t2", {})) == V{"c"});
  CHECK(list_interactions(reader, "t3", {}).items.empty());

  InteractionFilter f;
  f.phase = core::Phase::Ended;
  CHECK(ids(list_interactions(reader, "t1", f)) == V{"b", "e", "f"});
  f = {};
  f.queue_id = "q1";
  CHECK(ids(list_interactions(reader, "t1", f)) == V{"b", "c", "d", "f"});
  f = {};
  f.agent_id = "a1";
  CHECK(ids(list_interactions(reader, "t1", f)) == V{"b", "d", "f"});
  f = {};
  f.channel = core::Channel::Chat;
  CHECK(ids(list_interactions(reader, "t1", f)) == V{"d", "e"});
  f = {};
  f.created_from = core::time_from_ms(200);
  f.created_to = core::time_from_ms(400);
  CHECK(ids(list_interactions(reader, "t1", f)) == V{"c", "d"});  // from inclusive, to exclusive
  f = {};
  f.phase = core::Phase::Ended;
  f.queue_id = "q1";
  f.agent_id = "a1";
  f.channel = core::Channel::Voice;
  CHECK(ids(list_interactions(reader, "t1", f)) == V{"b", "f"});
  f.created_from = core::time_from_ms(101);
  CHECK(ids(list_interactions(reader, "t1", f)) == V{"f"});
}

TEST_CASE("list_interactions pages with an opaque cursor", "[storage][interaction_reader]") {
  TempDir dir;
  seed(dir.file());
  Database reader(dir.file(), OpenMode::ReadOnly);
  using V = std::vector<std::string>;

  InteractionFilter f;
  f.limit = 2;
  std::vector<V> pages;
  for (int guard = 0; guard < 10; ++guard) {
    const auto page = list_interactions(reader, "t1", f);
    REQUIRE(page.ok());
    pages.push_back(ids(page));
    if (page.next_cursor.empty()) break;
    f.after_cursor = page.next_cursor;
  }
  // Six items in pages of two: the third page is full, yet nothing follows it.
  CHECK(pages == std::vector<V>{{"a", "b"}, {"c", "d"}, {"e", "f"}});

  // Filters and cursor together; the cursor of another filter still names a position.
  f = {};
  f.queue_id = "q1";
  f.limit = 3;
  const auto first = list_interactions(reader, "t1", f);
  REQUIRE(first.ok());
  CHECK(ids(first) == V{"b", "c", "d"});
  REQUIRE_FALSE(first.next_cursor.empty());
  f.after_cursor = first.next_cursor;
  const auto second = list_interactions(reader, "t1", f);
  CHECK(ids(second) == V{"f"});
  CHECK(second.next_cursor.empty());
}

TEST_CASE("Cursors round-trip and malformed ones are refused", "[storage][interaction_reader]") {
  const InteractionCursor cursor{1'700'000'000'123, "ix-42:odd id"};
  const auto text = encode_interaction_cursor(cursor);
  const auto back = decode_interaction_cursor(text);
  REQUIRE(back.has_value());
  CHECK(back->created_at_ms == cursor.created_at_ms);
  CHECK(back->id == cursor.id);
  const auto negative = decode_interaction_cursor(encode_interaction_cursor({-5, "x"}));
  REQUIRE(negative.has_value());
  CHECK(negative->created_at_ms == -5);

  for (const std::string& bad : std::vector<std::string>{
           "", "abc", "zz", "3a78", "31323a", "3a", "31323a00", "2d3a78", std::string(2000, 'a')}) {
    INFO(bad);
    CHECK_FALSE(decode_interaction_cursor(bad).has_value());
  }

  TempDir dir;
  seed(dir.file());
  Database reader(dir.file(), OpenMode::ReadOnly);
  InteractionFilter f;
  f.after_cursor = "not-a-cursor";
  const auto page = list_interactions(reader, "t1", f);
  CHECK(page.rc == SQLITE_MISUSE);
  CHECK(page.items.empty());
}

TEST_CASE("A malformed row is a returned error, not an exception",
          "[storage][interaction_reader]") {
  TempDir dir;
  seed(dir.file());
  {
    Database db(dir.file(), OpenMode::ReadWrite);
    REQUIRE(
        db.exec("UPDATE interactions SET phase = 'bogus' WHERE tenant_id = 't1' AND id = 'c'") ==
        SQLITE_OK);
  }
  Database reader(dir.file(), OpenMode::ReadOnly);
  InteractionLookup one;
  REQUIRE_NOTHROW(one = read_interaction(reader, "t1", "c"));
  CHECK(one.rc == SQLITE_MISMATCH);
  CHECK_FALSE(one.interaction.has_value());
  CHECK(one.error.find("phase") != std::string::npos);
  InteractionPage page;
  REQUIRE_NOTHROW(page = list_interactions(reader, "t1", {}));
  CHECK(page.rc == SQLITE_MISMATCH);
  CHECK(page.items.empty());
  // Rows that decode still read.
  const auto fine = read_interaction(reader, "t1", "d");
  REQUIRE(fine.ok());
  CHECK(fine.interaction.has_value());
}

}  // namespace
}  // namespace ccr::storage
