// Effects: an interaction's state persisted once per list of effects (the list is written in one
// transaction), in the first put's place, without changing copies taken before.
#include <string>
#include <vector>

#include "routing_test_support.hpp"

using namespace ccr::core;
using namespace ccr::core::test;

namespace {

Interaction interaction_in(std::string tenant, std::string id, Phase phase) {
  Interaction it;
  it.tenant_id = std::move(tenant);
  it.id = std::move(id);
  it.phase = phase;
  return it;
}

std::vector<std::string> interaction_whats(const Log& log) {
  std::vector<std::string> out;
  for (const auto& e : persisted_in<EventAppended>(log)) {
    if (e.type != "interaction") continue;
    for (const auto& [key, value] : e.fields) {
      if (key == "what") out.push_back(value);
    }
  }
  return out;
}

}  // namespace

TEST_CASE(
    "A contact created and offered by one request is persisted once, offered, and its "
    "events still tell both steps (OF1)",
    "[effects][of1]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("c1"));
  const auto puts = persisted_in<InteractionPut>(w.last);
  REQUIRE(puts.size() == 1);
  CHECK(puts[0].interaction().phase == Phase::Offered);
  REQUIRE(puts[0].interaction().offer.has_value());
  CHECK(puts[0].interaction().offer->agent_id == "ana");
  CHECK(interaction_whats(w.last) == std::vector<std::string>{"created", "offered"});
  // The put stays where the first state was listed: before the events that follow it.
  CHECK(std::holds_alternative<InteractionPut>(std::get<Persist>(w.last.front()).record));
}

TEST_CASE(
    "A later put of a listed interaction replaces its state in place, copies taken before "
    "keep theirs, other interactions and tenants get their own put",
    "[effects]") {
  Effects fx;
  auto it = interaction_in("t1", "i1", Phase::Queued);
  fx.put_interaction(it);
  const auto before = fx.items();
  it.phase = Phase::Offered;
  fx.put_interaction(it);
  REQUIRE(fx.items().size() == 1);
  CHECK(persisted_in<InteractionPut>(fx.items()).at(0).interaction().phase == Phase::Offered);
  CHECK(persisted_in<InteractionPut>(before).at(0).interaction().phase == Phase::Queued);

  fx.put_interaction(interaction_in("t1", "i2", Phase::Queued));
  fx.put_interaction(interaction_in("t2", "i1", Phase::Queued));
  const auto puts = persisted_in<InteractionPut>(fx.items());
  REQUIRE(puts.size() == 3);
  CHECK(puts[0].interaction().phase == Phase::Offered);
  CHECK(puts[1].interaction().id == "i2");
  CHECK(puts[2].interaction().tenant_id == "t2");
}

TEST_CASE(
    "A put further back than the coalescing window is not searched: the interaction gets "
    "a second put, and a long list stays linear",
    "[effects]") {
  Effects fx;
  auto it = interaction_in("t1", "i1", Phase::Queued);
  fx.put_interaction(it);
  for (std::size_t i = 0; i < Effects::kCoalesceWindow; ++i) {
    fx.cancel({TimerKind::RingTimeout, "other" + std::to_string(i)});
  }
  it.phase = Phase::Offered;
  fx.put_interaction(it);
  const auto puts = persisted_in<InteractionPut>(fx.items());
  REQUIRE(puts.size() == 2);
  CHECK(puts[0].interaction().phase == Phase::Queued);
  CHECK(puts[1].interaction().phase == Phase::Offered);
}
