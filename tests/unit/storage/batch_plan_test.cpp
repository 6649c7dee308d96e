// Group commit writes only the last whole-row put of an interaction or agent session in a batch;
// what a restart loads is the same as if every put had been written (durability, DESIGN.md).
#include "storage/batch_plan.hpp"

#include <catch2/catch.hpp>
#include <vector>

#include "samples.hpp"
#include "storage/loader.hpp"
#include "temp_dir.hpp"
#include "writer_probe.hpp"

namespace ccr::storage {
namespace {

using testing::commit_all;
using testing::sample_interaction;
using testing::sample_session;
using testing::sample_tenant;
using testing::TempDir;

Op put(const core::Interaction& i) { return core::Record{core::InteractionPut{i}}; }
Op put(const core::AgentSession& s) { return core::Record{core::AgentSessionPut{s}}; }

TEST_CASE("a batch writes only the last put of each interaction and agent session",
          "[storage][batch]") {
  const auto queued = sample_interaction("t1", "ix1", core::Phase::Queued, 1);
  const auto offered = sample_interaction("t1", "ix1", core::Phase::Offered, 1);
  const auto other_tenant = sample_interaction("t2", "ix1", core::Phase::Queued, 2);
  const auto session = sample_session("t1", "ag1");
  const std::vector<Op> batch = {
      core::Record{core::TenantPut{sample_tenant("t1")}},
      put(queued),
      core::Record{core::EventAppended{"t1", {}, "interaction", "", "ix1", {}}},
      put(other_tenant),
      put(session),
      put(offered),
      put(session),
  };
  std::vector<const Op*> ops;
  for (const auto& op : batch) ops.push_back(&op);
  CHECK(ops_to_write(ops) == std::vector<bool>{true, false, true, true, false, true, true});
  CHECK(ops_to_write({}).empty());
}

TEST_CASE("after a batch that puts one interaction three times, a restart loads the last",
          "[storage][batch]") {
  TempDir dir;
  commit_all(dir.file(), {core::Record{core::TenantPut{sample_tenant("t1")}},
                          put(sample_interaction("t1", "ix1", core::Phase::Queued, 1)),
                          put(sample_interaction("t1", "ix1", core::Phase::Offered, 1)),
                          put(sample_interaction("t1", "ix1", core::Phase::Active, 1))});
  const auto snap = load_snapshot(dir.file());
  REQUIRE(snap.interactions.size() == 1);
  CHECK(snap.interactions[0].phase == core::Phase::Active);
}

}  // namespace
}  // namespace ccr::storage
