// Consult and transfer target lists (CO1, CO9, TR1, TR2): which agents, queues and entry points
// an agent may pick, how the search text filters them, and that the agent list agrees with what
// consult and transfer accept.
#include "core/call_targets.hpp"

#include <string>
#include <vector>

#include "routing_test_support.hpp"

using namespace ccr::core;
using namespace ccr::core::test;

namespace {

// t1 agents: ana (asking), bob Available, cid Idle, dan logged out, eve Available on a call.
struct TargetWorld : RoutingWorld {
  TargetWorld() {
    for (const char* id : {"ana", "bob", "cid", "dan", "eve"}) add_agent(id);
    online("eve");
    REQUIRE(add("c1"));
    REQUIRE(accept_top("eve") == "c1");
    for (const char* id : {"ana", "bob", "cid"}) online(id);
    REQUIRE(idle("cid"));
  }

  AgentTargets agents(TargetPurpose purpose, std::string_view query = {}, std::size_t limit = 50) {
    return agent_targets(engine, who("ana"), purpose, query, limit);
  }
  static std::vector<std::string> names(const AgentTargets& found) {
    std::vector<std::string> out;
    for (const auto& t : found.items) out.push_back(t.agent->id);
    return out;
  }
  static const AgentTarget& target(const AgentTargets& found, const std::string& id) {
    for (const auto& t : found.items) {
      if (t.agent->id == id) return t;
    }
    FAIL("no target " << id);
    return found.items.front();
  }
};

}  // namespace

TEST_CASE("CO1: a consult lists Available and Idle agents with their state, never the asker",
          "[call_targets][co1]") {
  TargetWorld w;
  auto found = w.agents(TargetPurpose::Consult);
  CHECK(TargetWorld::names(found) == std::vector<std::string>{"bob", "cid", "eve"});
  CHECK(found.total == 3);
  CHECK(w.target(found, "bob").session.state == AgentState::Available);
  CHECK(w.target(found, "bob").reachable);
  CHECK(w.target(found, "bob").session.team_id == "sales");
  CHECK(w.target(found, "cid").session.state == AgentState::Idle);
  CHECK(w.target(found, "cid").reachable);
  // Available but on a voice call: listed, marked unreachable and shown Engaged.
  CHECK_FALSE(w.target(found, "eve").reachable);
  CHECK(w.target(found, "eve").voice_work == Phase::Active);
}

TEST_CASE("TR1, TR2: a transfer lists Available agents only, wrap-up marked unreachable",
          "[call_targets][tr1]") {
  TargetWorld w;
  auto found = w.agents(TargetPurpose::Transfer);
  CHECK(TargetWorld::names(found) == std::vector<std::string>{"bob", "eve"});
  REQUIRE(w.end("eve", "c1"));
  found = w.agents(TargetPurpose::Transfer);
  CHECK(w.target(found, "eve").voice_work == Phase::WrapUp);
  CHECK_FALSE(w.target(found, "eve").reachable);
}

TEST_CASE("The agent list agrees with what consult and transfer accept", "[call_targets][co1]") {
  TargetWorld w;
  for (auto purpose : {TargetPurpose::Consult, TargetPurpose::Transfer}) {
    const bool transfer = purpose == TargetPurpose::Transfer;
    for (const auto& t : w.agents(purpose).items) {
      INFO(t.agent->id << (transfer ? " transfer" : " consult"));
      CHECK(t.reachable ==
            w.engine.router().can_take_call_target("t1", t.agent->id, "ana", transfer));
    }
    CHECK_FALSE(w.engine.router().can_take_call_target("t1", "ana", "ana", transfer));
    CHECK_FALSE(w.engine.router().can_take_call_target("t1", "dan", "ana", transfer));
    CHECK_FALSE(w.engine.router().can_take_call_target("t1", "zoe", "ana", transfer));
  }
}

TEST_CASE("Agent targets: the query filters names, the limit caps the list",
          "[call_targets][co1]") {
  TargetWorld w;
  CHECK(TargetWorld::names(w.agents(TargetPurpose::Consult, " agent C ")) ==
        std::vector<std::string>{"cid"});
  auto capped = w.agents(TargetPurpose::Consult, "", 2);
  CHECK(TargetWorld::names(capped) == std::vector<std::string>{"bob", "cid"});
  CHECK(capped.total == 3);
  // Another tenant's agents are never listed.
  CHECK(agent_targets(w.engine, RoutingWorld::who("zoe", "t2"), TargetPurpose::Consult, "", 50)
            .total == 0);
}

TEST_CASE("CO1, TR1: queues and entry points are voice ones allowed for the purpose",
          "[call_targets][co1]") {
  TargetWorld w;
  auto q = RoutingWorld::queue("q-escalation", Channel::Voice, {{{"sales"}, 0}});
  q.name = "Escalations";
  q.transfer_allowed = false;
  w.add_queue(q);
  auto e = RoutingWorld::entry_point("ep-billing", Channel::Voice, "q-voice");
  e.name = "Billing line";
  e.dial_numbers = {"+12015532447", "2015550100"};
  e.consult_allowed = false;
  w.add_entry_point(e);

  const auto consult_queues = queue_targets(w.engine, "t1", TargetPurpose::Consult, "", 50);
  CHECK(ids(consult_queues.items) == std::vector<std::string>{"q-escalation", "q-voice"});
  CHECK(ids(queue_targets(w.engine, "t1", TargetPurpose::Transfer, "", 50).items) ==
        std::vector<std::string>{"q-voice"});
  CHECK(ids(queue_targets(w.engine, "t1", TargetPurpose::Consult, "ESCAL", 50).items) ==
        std::vector<std::string>{"q-escalation"});

  CHECK(ids(entry_point_targets(w.engine, "t1", TargetPurpose::Consult, "", 50).items) ==
        std::vector<std::string>{"ep-voice"});
  CHECK(ids(entry_point_targets(w.engine, "t1", TargetPurpose::Transfer, "", 50).items) ==
        std::vector<std::string>{"ep-billing", "ep-voice"});
  CHECK(queue_targets(w.engine, "t2", TargetPurpose::Consult, "", 50).total == 0);
}

TEST_CASE("CO9: entry points are searched by name or by a number without ( ) -",
          "[call_targets][co9]") {
  TargetWorld w;
  auto e = RoutingWorld::entry_point("ep-billing", Channel::Voice, "q-voice");
  e.name = "Billing line";
  e.dial_numbers = {"+12015532447", "2015550100"};
  w.add_entry_point(e);
  const auto search = [&](std::string_view query) {
    return ids(entry_point_targets(w.engine, "t1", TargetPurpose::Transfer, query, 50).items);
  };
  CHECK(search("(201) 553-2447") == std::vector<std::string>{"ep-billing"});
  CHECK(search("555 0100") == std::vector<std::string>{"ep-billing"});
  CHECK(search("billing") == std::vector<std::string>{"ep-billing"});
  CHECK(search("999").empty());
  CHECK(search("Billing 2447").empty());  // letters make it a name
}
