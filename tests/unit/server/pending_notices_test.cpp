// Notices that reach an agent with no desktop wait for the agent's next hello (protocol.md,
// "Snapshot, not replay"): told once, oldest first, at most PendingNotices::kPerAgent per agent.
#include "server/pending_notices.hpp"

#include <catch2/catch.hpp>
#include <string>

using ccr::server::PendingNotices;
namespace core = ccr::core;

TEST_CASE("Missed consult and command failures are kept, states are not", "[notices]") {
  CHECK(PendingNotices::is_notice(
      core::AgentEvent{core::ConsultFailed{"i1", core::ConsultFailure::Interrupted}}));
  CHECK(PendingNotices::is_notice(core::AgentEvent{core::CommandFailed{}}));
  CHECK_FALSE(PendingNotices::is_notice(core::AgentEvent{core::AgentStateChanged{}}));
  CHECK_FALSE(PendingNotices::is_notice(core::AgentEvent{core::InteractionEnded{}}));
}

TEST_CASE("A hello takes an agent's notices once, oldest first", "[notices]") {
  PendingNotices notices;
  notices.keep("a1", {{"n", 1}});
  notices.keep("a2", {{"n", 9}});
  notices.keep("a1", {{"n", 2}});
  const auto first = notices.take("a1");
  REQUIRE(first.size() == 2);
  CHECK(first[0]["n"] == 1);
  CHECK(first[1]["n"] == 2);
  CHECK(notices.take("a1").empty());
  CHECK(notices.take("a2").size() == 1);
}

TEST_CASE("An agent away for long keeps only the latest notices", "[notices]") {
  PendingNotices notices;
  const int kept = static_cast<int>(PendingNotices::kPerAgent);
  for (int n = 0; n < kept + 5; ++n) notices.keep("a1", {{"n", n}});
  const auto taken = notices.take("a1");
  REQUIRE(taken.size() == PendingNotices::kPerAgent);
  CHECK(taken.front()["n"] == 5);
  CHECK(taken.back()["n"] == kept + 4);
}
