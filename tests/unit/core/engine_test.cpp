// Operations spanning the directory and the agents' presence: deleting agents and tenants, timer
// routing, and the rule that a refused operation emits no effects at all.
#include <cstdio>
#include <string>
#include <vector>

#include "core_test_support.hpp"

using namespace ccr::core;
using namespace ccr::core::test;

TEST_CASE("delete_agent is refused while the agent is logged in", "[engine]") {
  World w;
  w.login_ana();
  Effects fx;
  const auto& rej = rejection_of(w.engine.delete_agent("t1", "ana", {}, fx));
  CHECK(rej.reason == Reason::InvalidState);
  CHECK(fx.empty());
  CHECK(w.dir().agent("t1", "ana") != nullptr);
  CHECK(w.board().logged_in("ana"));
}

TEST_CASE("delete_agent is allowed after logout and forgets the session", "[engine]") {
  World w;
  w.login_ana();
  Effects out;
  REQUIRE(w.board().logout(w.ana, w.clock.now(), out));
  Effects fx;
  REQUIRE(w.engine.delete_agent("t1", "ana", 1, fx));
  CHECK(kinds(fx) == std::vector<std::string>{"AgentDeleted"});
  const auto deleted = persisted<AgentDeleted>(fx);
  CHECK(deleted.at(0).tenant_id == "t1");
  CHECK(deleted.at(0).agent_id == "ana");
  CHECK(w.dir().agent("t1", "ana") == nullptr);
  CHECK_FALSE(w.board().logged_in("ana"));
  // A deleted agent cannot log in again.
  Effects login;
  CHECK(rejection_of(w.board().login(w.ana, "sales", "1001", "", w.clock.now(), login)).reason ==
        Reason::NotFound);
  CHECK(login.empty());
}

TEST_CASE("delete_agent across tenants is NotFound", "[engine][isolation]") {
  World w;
  Effects fx;
  CHECK(rejection_of(w.engine.delete_agent("t1", "zoe", {}, fx)).reason == Reason::NotFound);
  CHECK(rejection_of(w.engine.delete_agent("t1", "ghost", {}, fx)).reason == Reason::NotFound);
  CHECK(fx.empty());
  CHECK(w.dir().agent("t2", "zoe") != nullptr);
}

TEST_CASE("delete_agent with a stale If-Match is PreconditionFailed", "[engine][if_match]") {
  World w;
  Effects fx;
  CHECK(rejection_of(w.engine.delete_agent("t1", "ana", 7, fx)).reason ==
        Reason::PreconditionFailed);
  CHECK(fx.empty());
  CHECK(w.dir().agent("t1", "ana") != nullptr);
}

TEST_CASE("delete_tenant is refused while one of its agents is logged in", "[engine]") {
  World w;
  Effects fx;
  w.board().desktop_connected(w.bob, w.clock.now(), fx);
  REQUIRE(w.board().login(w.bob, "support", "1002", "", w.clock.now(), fx));
  Effects del;
  const auto& rej = rejection_of(w.engine.delete_tenant("t1", {}, del));
  CHECK(rej.reason == Reason::InvalidState);
  CHECK(del.empty());
  CHECK(w.dir().tenant("t1") != nullptr);
  CHECK(w.dir().agent("t1", "bob") != nullptr);

  // Another tenant's logged-in agent does not block it.
  Effects out;
  REQUIRE(w.board().logout(w.bob, w.clock.now(), out));
  Effects zoe;
  REQUIRE(w.board().login(w.zoe, "t2-team", "2001", "", w.clock.now(), zoe));
  REQUIRE(w.engine.delete_tenant("t1", {}, del));
  CHECK(kinds(del) == std::vector<std::string>{"TenantDeleted"});
  CHECK(w.dir().tenant("t1") == nullptr);
  CHECK(w.board().logged_in("zoe"));
  CHECK(w.dir().tenant("t2") != nullptr);
}

TEST_CASE("delete_tenant checks every agent, not only the first page", "[engine]") {
  World w;
  Effects fx;
  for (int i = 0; i < 300; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "agent-%03d", i);
    REQUIRE(w.dir().create_agent(World::agent("t1", id, id, {"sales"}), w.clock.now(), fx));
  }
  const auto last = World::as_agent("t1", "agent-299");
  REQUIRE(w.board().login(last, "sales", "1999", "", w.clock.now(), fx));
  Effects del;
  CHECK(rejection_of(w.engine.delete_tenant("t1", {}, del)).reason == Reason::InvalidState);
  CHECK(del.empty());
}

TEST_CASE("delete_tenant of an unknown tenant or with a stale If-Match changes nothing",
          "[engine][if_match]") {
  World w;
  Effects fx;
  CHECK(rejection_of(w.engine.delete_tenant("ghost", {}, fx)).reason == Reason::NotFound);
  CHECK(rejection_of(w.engine.delete_tenant("t1", 9, fx)).reason == Reason::PreconditionFailed);
  CHECK(fx.empty());
  CHECK(w.dir().tenant("t1") != nullptr);
}

TEST_CASE("AS7: timer_fired routes DisconnectGrace to the agent board", "[as7][engine]") {
  World w;
  w.login_ana();
  Effects drop;
  w.board().desktop_disconnected(w.ana, w.clock.now(), drop);
  const auto arm = effects_of<ArmTimer>(drop).at(0);

  Effects early;
  w.engine.timer_fired(arm.key, w.clock.advance(30s), early);
  CHECK(early.empty());
  CHECK(w.ana_session().state == AgentState::Available);

  Effects fx;
  w.engine.timer_fired(arm.key, w.clock.advance(30s), fx);
  CHECK(w.ana_session().state == AgentState::LoggedOut);
  CHECK(w.ana_session().reason == StateReason::Disconnected);
  CHECK(kinds(fx) == std::vector<std::string>{"CancelTimer", "AgentSessionPut",
                                              "EventAppended:agent_state", "NotifyAgent"});
}

TEST_CASE("A refused operation emits no effects and leaves the state as it was", "[engine]") {
  World w;
  w.login_ana();
  Effects idle;
  REQUIRE(w.board().set_state(w.ana, AgentState::Idle, "lunch", w.clock.now(), idle));
  const auto before = w.ana_session();

  // One Effects shared by a string of refused commands: it must stay empty.
  Effects fx;
  const auto later = w.clock.advance(1min);
  CHECK_FALSE(w.board().login(w.ana, "sales", "9", "", later, fx).ok());
  CHECK_FALSE(w.board().set_state(w.ana, AgentState::Idle, "nope", later, fx).ok());
  CHECK_FALSE(w.board().set_state(w.ana, AgentState::Idle, "", later, fx).ok());
  CHECK_FALSE(w.board().set_state(w.ana, AgentState::Rona, "", later, fx).ok());
  CHECK_FALSE(w.board().logout(w.bob, later, fx).ok());
  CHECK_FALSE(w.board().set_state(w.bob, AgentState::Available, "", later, fx).ok());
  CHECK_FALSE(w.engine.delete_agent("t1", "ana", {}, fx).ok());
  CHECK_FALSE(w.engine.delete_tenant("t1", {}, fx).ok());
  CHECK_FALSE(w.dir().delete_team("t1", "sales", {}, fx).ok());
  CHECK_FALSE(w.dir().create_team("t1", "dup", "sales", later, fx).ok());
  AgentPatch p;
  p.name = "Ana Renamed";                    // valid on its own ...
  p.channels = ChannelCapacity{2, 0, 0, 0};  // ... but voice 2 makes the whole patch fail
  CHECK_FALSE(w.dir().update_agent("t1", "ana", p, {}, fx).ok());
  SettingsPatch s;
  s.noise_removal = false;
  CHECK_FALSE(w.dir().update_settings(w.ana, "t1", s, {}, fx).ok());
  CHECK(fx.empty());

  const auto after = w.ana_session();
  CHECK(after.state == before.state);
  CHECK(after.idle_code_id == before.idle_code_id);
  CHECK(after.since == before.since);
  CHECK(after.dial_number == before.dial_number);
  CHECK(w.dir().agent("t1", "ana")->name == "Ana Pop");
  CHECK(w.dir().agent("t1", "ana")->version == 1);
  CHECK(w.dir().team("t1", "dup") == nullptr);
  CHECK(w.dir().tenant("t1")->settings.noise_removal);
}
