#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "samples.hpp"
#include "storage/event_reader.hpp"
#include "storage/writer.hpp"
#include "temp_dir.hpp"
#include "writer_probe.hpp"

namespace ccr::storage {
namespace {

using testing::options_for;
using testing::Probe;
using testing::sample_event;
using testing::TempDir;

std::vector<std::uint64_t> seqs(const EventPage& page) {
  std::vector<std::uint64_t> out;
  for (const auto& e : page.events) out.push_back(e.seq);
  return out;
}

TEST_CASE("Events are appended with increasing seq and read back whole", "[storage][events]") {
  TempDir dir;
  Probe probe;
  Writer writer(options_for(dir.file(), probe));
  writer.submit(core::Record{sample_event("t1", "a1", "i1", 10)});
  writer.submit(core::Record{sample_event("t1", "a2", "", 20)});
  writer.submit(core::Record{sample_event("t2", "a1", "i1", 30)});
  writer.submit(core::Record{sample_event("t1", "a1", "i2", 40)});
  REQUIRE(writer.flush());

  Database reader(dir.file(), OpenMode::ReadOnly);
  const EventPage page = read_events(reader, "t1", {});
  REQUIRE(page.ok());
  REQUIRE(page.events.size() == 3);
  CHECK(page.events[0].seq < page.events[1].seq);
  CHECK(page.events[1].seq < page.events[2].seq);
  const StoredEvent& first = page.events[0];
  CHECK(first.tenant_id == "t1");
  CHECK(first.at == core::time_from_ms(10));
  CHECK(first.type == "agent_state");
  CHECK(first.agent_id == "a1");
  CHECK(first.interaction_id == "i1");
  CHECK(first.fields == sample_event("t1", "a1", "i1", 10).fields);
  CHECK(page.events[1].interaction_id.empty());

  writer.submit(core::Record{sample_event("t1", "a3", "", 50)});
  REQUIRE(writer.flush());
  const EventPage later = read_events(reader, "t1", EventFilter{"", "", page.events[2].seq, 100});
  REQUIRE(later.ok());
  REQUIRE(later.events.size() == 1);
  CHECK(later.events[0].agent_id == "a3");
  CHECK(later.events[0].seq > page.events[2].seq);
  CHECK(probe.fatals().empty());
}

TEST_CASE("Event filters select by agent, interaction, seq and limit", "[storage][events]") {
  TempDir dir;
  Probe probe;
  Writer writer(options_for(dir.file(), probe));
  writer.submit(core::Record{sample_event("t1", "a1", "i1", 10)});  // seq 1
  writer.submit(core::Record{sample_event("t1", "a2", "i1", 20)});  // seq 2
  writer.submit(core::Record{sample_event("t1", "a1", "", 30)});    // seq 3
  writer.submit(core::Record{sample_event("t2", "a1", "i1", 40)});  // seq 4
  writer.submit(core::Record{sample_event("t1", "a1", "i2", 50)});  // seq 5
  REQUIRE(writer.flush());
  Database reader(dir.file(), OpenMode::ReadOnly);

  CHECK(seqs(read_events(reader, "t1", {"a1", "", 0, 100})) == std::vector<std::uint64_t>{1, 3, 5});
  CHECK(seqs(read_events(reader, "t1", {"", "i1", 0, 100})) == std::vector<std::uint64_t>{1, 2});
  CHECK(seqs(read_events(reader, "t1", {"a1", "i1", 0, 100})) == std::vector<std::uint64_t>{1});
  CHECK(seqs(read_events(reader, "t1", {"", "", 2, 100})) == std::vector<std::uint64_t>{3, 5});
  CHECK(seqs(read_events(reader, "t1", {"", "", 0, 2})) == std::vector<std::uint64_t>{1, 2});
  CHECK(seqs(read_events(reader, "t2", {})) == std::vector<std::uint64_t>{4});
  CHECK(read_events(reader, "t3", {}).events.empty());
}

TEST_CASE("Event fields keep their order and survive unusual text", "[storage][events]") {
  TempDir dir;
  Probe probe;
  Writer writer(options_for(dir.file(), probe));
  core::EventAppended event{
      "t1",   core::time_from_ms(1),
      "note", "",
      "",     {{"zeta", "1"}, {"alpha", "quote \" and \\ and \n"}, {"mid", ""}}};
  writer.submit(core::Record{event});
  core::EventAppended bad_utf8{"t1", core::time_from_ms(2), "note", "", "", {{"k", "\xff\xfe"}}};
  writer.submit(core::Record{bad_utf8});
  REQUIRE(writer.flush());
  const EventPage page = read_events(dir.file(), "t1", {});
  REQUIRE(page.ok());
  REQUIRE(page.events.size() == 2);
  CHECK(page.events[0].fields == event.fields);
  REQUIRE(page.events[1].fields.size() == 1);
  CHECK(page.events[1].fields[0].first == "k");
  CHECK(probe.fatals().empty());
}

}  // namespace
}  // namespace ccr::storage
