// AS7: the desktop connection and its grace period, and rebuilding presence after a restart.
#include <string>
#include <vector>

#include "core_test_support.hpp"

using namespace ccr::core;
using namespace ccr::core::test;

namespace {

const TimerKey kAnaGrace{TimerKind::DisconnectGrace, "ana"};

AgentSession stored_session(std::string agent_id, AgentState state, std::string idle_code = {}) {
  AgentSession s;
  s.agent_id = std::move(agent_id);
  s.tenant_id = "t1";
  s.state = state;
  s.idle_code_id = std::move(idle_code);
  s.reason = state == AgentState::Rona ? StateReason::Rona : StateReason::Login;
  s.team_id = "sales";
  s.dial_number = "1001";
  s.desktop_connected = true;
  return s;
}

}  // namespace

TEST_CASE("AS7: a dropped desktop arms the grace timer at now + grace and persists the deadline",
          "[as7][agent_board]") {
  World w(90s);
  w.login_ana();
  const auto dropped_at = w.clock.advance(10s);
  Effects fx;
  w.board().desktop_disconnected(w.ana, dropped_at, fx);

  CHECK(kinds(fx) == std::vector<std::string>{"ArmTimer", "AgentSessionPut"});
  const auto arms = effects_of<ArmTimer>(fx);
  REQUIRE(arms.size() == 1);
  CHECK(arms[0].key == kAnaGrace);
  CHECK(arms[0].deadline == dropped_at + 90s);
  const auto puts = persisted<AgentSessionPut>(fx);
  REQUIRE(puts.size() == 1);
  CHECK_FALSE(puts[0].session.desktop_connected);
  CHECK(puts[0].session.disconnect_deadline == dropped_at + 90s);
  CHECK(puts[0].session.state == AgentState::Available);

  const auto s = w.ana_session();
  CHECK(s.state == AgentState::Available);
  CHECK_FALSE(s.desktop_connected);
  CHECK(s.disconnect_deadline == dropped_at + 90s);
}

TEST_CASE("AS7: the default grace period is 60 seconds", "[as7][agent_board]") {
  CHECK(EngineOptions{}.disconnect_grace == 60s);
  World w;  // default grace
  w.login_ana();
  Effects fx;
  w.board().desktop_disconnected(w.ana, w.clock.now(), fx);
  const auto arms = effects_of<ArmTimer>(fx);
  REQUIRE(arms.size() == 1);
  CHECK(arms[0].deadline == w.clock.now() + 60s);
}

TEST_CASE("AS7: reconnecting within the grace period cancels the timer", "[as7][agent_board]") {
  World w;
  w.login_ana();
  Effects drop;
  w.board().desktop_disconnected(w.ana, w.clock.now(), drop);

  Effects fx;
  w.board().desktop_connected(w.ana, w.clock.advance(20s), fx);
  CHECK(kinds(fx) == std::vector<std::string>{"CancelTimer", "AgentSessionPut"});
  const auto cancels = effects_of<CancelTimer>(fx);
  REQUIRE(cancels.size() == 1);
  CHECK(cancels[0].key == kAnaGrace);
  const auto puts = persisted<AgentSessionPut>(fx);
  REQUIRE(puts.size() == 1);
  CHECK(puts[0].session.desktop_connected);
  CHECK_FALSE(puts[0].session.disconnect_deadline.has_value());

  // A stale expiry arriving after the reconnect changes nothing.
  Effects late;
  w.board().grace_expired("ana", w.clock.advance(5min), late);
  CHECK(late.empty());
  CHECK(w.ana_session().state == AgentState::Available);
  CHECK(w.ana_session().desktop_connected);
}

TEST_CASE("AS7: connecting a desktop without a pending grace period emits nothing",
          "[as7][agent_board]") {
  World w;
  Effects fx;
  w.board().desktop_connected(w.ana, w.clock.now(), fx);
  CHECK(fx.empty());
  w.login_ana();
  Effects again;
  w.board().desktop_connected(w.ana, w.clock.now(), again);
  CHECK(again.empty());
}

TEST_CASE("AS7: a logged-out agent's desktop dropping arms nothing", "[as7][agent_board]") {
  World w;
  Effects connect;
  w.board().desktop_connected(w.ana, w.clock.now(), connect);
  Effects fx;
  w.board().desktop_disconnected(w.ana, w.clock.now(), fx);
  CHECK(fx.empty());
  Effects never;
  w.board().desktop_disconnected(w.bob, w.clock.now(), never);
  CHECK(never.empty());
}

TEST_CASE("AS7: grace_expired before the deadline does nothing", "[as7][agent_board]") {
  World w;
  w.login_ana();
  Effects drop;
  w.board().desktop_disconnected(w.ana, w.clock.now(), drop);
  Effects fx;
  w.board().grace_expired("ana", w.clock.advance(59'999ms), fx);
  CHECK(fx.empty());
  CHECK(w.ana_session().state == AgentState::Available);
}

TEST_CASE("AS7: grace_expired while the desktop is connected does nothing", "[as7][agent_board]") {
  World w;
  w.login_ana();
  Effects fx;
  w.board().grace_expired("ana", w.clock.advance(10min), fx);
  CHECK(fx.empty());
  CHECK(w.ana_session().state == AgentState::Available);
}

TEST_CASE("AS7: after the grace period the agent is logged out with reason disconnected",
          "[as7][agent_board]") {
  World w;
  w.login_ana();
  Effects idle;
  REQUIRE(w.board().set_state(w.ana, AgentState::Idle, "lunch", w.clock.now(), idle));
  Effects drop;
  w.board().desktop_disconnected(w.ana, w.clock.now(), drop);

  const auto at = GENERATE(0ms, 1ms, 10min);  // exactly at the deadline, or any time after
  CAPTURE(at.count());
  Effects fx;
  const auto fired_at = w.clock.advance(60s + at);
  w.board().grace_expired("ana", fired_at, fx);

  CHECK(kinds(fx) == std::vector<std::string>{"CancelTimer", "AgentSessionPut",
                                              "EventAppended:agent_state", "NotifyAgent"});
  const auto s = w.ana_session();
  CHECK(s.state == AgentState::LoggedOut);
  CHECK(s.reason == StateReason::Disconnected);
  CHECK(s.since == fired_at);
  CHECK(s.idle_code_id.empty());
  CHECK(s.team_id.empty());
  CHECK_FALSE(s.disconnect_deadline.has_value());
  CHECK_FALSE(w.board().logged_in("ana"));

  const auto events = persisted<EventAppended>(fx);
  REQUIRE(events.size() == 1);
  CHECK(events[0].fields[1] == std::pair<std::string, std::string>{"reason", "disconnected"});
  const auto notes = effects_of<NotifyAgent>(fx);
  REQUIRE(notes.size() == 1);
  CHECK(std::get<AgentStateChanged>(notes[0].event).session.reason == StateReason::Disconnected);

  // Firing twice logs out once.
  Effects twice;
  w.board().grace_expired("ana", w.clock.advance(1s), twice);
  CHECK(twice.empty());
}

TEST_CASE("AS7: logging out while disconnected cancels the grace timer", "[as7][agent_board]") {
  World w;
  w.login_ana();
  Effects drop;
  w.board().desktop_disconnected(w.ana, w.clock.now(), drop);
  Effects fx;
  REQUIRE(w.board().logout(w.ana, w.clock.advance(5s), fx));
  CHECK(kinds(fx) == std::vector<std::string>{"CancelTimer", "AgentSessionPut",
                                              "EventAppended:agent_state", "NotifyAgent"});
  CHECK(effects_of<CancelTimer>(fx).at(0).key == kAnaGrace);
  CHECK_FALSE(w.ana_session().disconnect_deadline.has_value());
}

TEST_CASE("AS7: a logout without a pending grace period cancels no timer", "[as7][agent_board]") {
  World w;
  w.login_ana();
  Effects fx;
  REQUIRE(w.board().logout(w.ana, w.clock.now(), fx));
  CHECK(effects_of<CancelTimer>(fx).empty());
}

TEST_CASE("AS7: grace_expired for an unknown agent does nothing", "[as7][agent_board]") {
  World w;
  Effects fx;
  w.board().grace_expired("ghost", w.clock.now(), fx);
  CHECK(fx.empty());
}

// --- restore ---------------------------------------------------------------------------------

TEST_CASE("AS7: restore marks every desktop disconnected, arms and stores now + grace",
          "[as7][restore][agent_board]") {
  World w(45s);
  Effects fx;
  const auto now = w.clock.now();
  w.board().restore(
      {stored_session("ana", AgentState::Available), stored_session("bob", AgentState::LoggedOut)},
      now, fx);

  CHECK(kinds(fx) == std::vector<std::string>{"AgentSessionPut", "ArmTimer"});  // deadline kept
  const auto arms = effects_of<ArmTimer>(fx);
  REQUIRE(arms.size() == 1);
  CHECK(arms[0].key == kAnaGrace);
  CHECK(arms[0].deadline == now + 45s);

  const auto ana = w.ana_session();
  CHECK(ana.state == AgentState::Available);
  CHECK_FALSE(ana.desktop_connected);
  CHECK(ana.disconnect_deadline == now + 45s);
  CHECK(ana.team_id == "sales");
  CHECK(w.board().logged_in("ana"));
  CHECK_FALSE(w.board().session("t1", "bob").desktop_connected);
  CHECK_FALSE(w.board().logged_in("bob"));
}

TEST_CASE("AS7: restore keeps a stored deadline", "[as7][restore][agent_board]") {
  World w;
  auto stored = stored_session("ana", AgentState::Idle, "lunch");
  stored.desktop_connected = false;
  stored.disconnect_deadline = w.clock.now() + 12s;
  Effects fx;
  w.board().restore({stored}, w.clock.now(), fx);
  const auto arms = effects_of<ArmTimer>(fx);
  REQUIRE(arms.size() == 1);
  CHECK(arms[0].deadline == w.clock.now() + 12s);
  CHECK(w.ana_session().state == AgentState::Idle);
  CHECK(w.ana_session().idle_code_id == "lunch");
}

TEST_CASE("AS7: a deadline that passed while the server was down logs out once it fires",
          "[as7][restore][agent_board]") {
  World w;
  auto stored = stored_session("ana", AgentState::Available);
  stored.desktop_connected = false;
  stored.disconnect_deadline = w.clock.now() - 5min;
  Effects fx;
  w.board().restore({stored}, w.clock.now(), fx);
  const auto arms = effects_of<ArmTimer>(fx);
  REQUIRE(arms.size() == 1);
  CHECK(arms[0].deadline == w.clock.now() - 5min);  // the server fires a past deadline at once

  Effects fired;
  w.engine.timer_fired(arms[0].key, w.clock.now(), fired);
  CHECK(w.ana_session().state == AgentState::LoggedOut);
  CHECK(w.ana_session().reason == StateReason::Disconnected);
  CHECK(persisted<AgentSessionPut>(fired).size() == 1);

  Effects again;
  w.engine.timer_fired(arms[0].key, w.clock.now(), again);
  CHECK(again.empty());
}

TEST_CASE("AS7: a desktop reconnecting after restore keeps the agent logged in",
          "[as7][restore][agent_board]") {
  World w;
  Effects fx;
  w.board().restore({stored_session("ana", AgentState::Available)}, w.clock.now(), fx);
  Effects connect;
  w.board().desktop_connected(w.ana, w.clock.advance(10s), connect);
  CHECK(kinds(connect) == std::vector<std::string>{"CancelTimer", "AgentSessionPut"});
  Effects fired;
  w.board().grace_expired("ana", w.clock.advance(2min), fired);
  CHECK(fired.empty());
  CHECK(w.ana_session().state == AgentState::Available);
}

// --- AS2 on the board: RONA is only left by hand ---------------------------------------------

TEST_CASE("AS2: an agent restored in RONA stays there until they choose Available or Idle",
          "[as2][restore][agent_board]") {
  World w;
  Effects fx;
  w.board().restore({stored_session("ana", AgentState::Rona)}, w.clock.now(), fx);
  Effects connect;
  w.board().desktop_connected(w.ana, w.clock.advance(1s), connect);
  CHECK(w.ana_session().state == AgentState::Rona);

  Effects refused;
  const auto& rej =
      rejection_of(w.board().set_state(w.ana, AgentState::Rona, "", w.clock.now(), refused));
  CHECK(has_field(rej, "state"));
  CHECK(refused.empty());
  CHECK(w.ana_session().state == AgentState::Rona);

  const auto target = GENERATE(AgentState::Available, AgentState::Idle);
  CAPTURE(target);
  Effects by_hand;
  auto r = w.board().set_state(w.ana, target, "break", w.clock.advance(1s), by_hand);
  REQUIRE(r.ok());
  CHECK(r.value().state == target);
  CHECK(r.value().reason == StateReason::Requested);
  CHECK(kinds(by_hand) ==
        std::vector<std::string>{"AgentSessionPut", "EventAppended:agent_state", "NotifyAgent"});
}

TEST_CASE("AS2: login is refused for an agent in RONA with current_state RONA",
          "[as2][restore][agent_board]") {
  World w;
  Effects fx;
  w.board().restore({stored_session("ana", AgentState::Rona)}, w.clock.now(), fx);
  Effects login;
  const auto& rej = rejection_of(w.board().login(w.ana, "sales", "1001", "", w.clock.now(), login));
  CHECK(rej.reason == Reason::InvalidState);
  CHECK(rej.current_state == "RONA");
  CHECK(login.empty());
}
