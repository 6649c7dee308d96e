// AS1, AS2, AS5: logging in and out and changing state on the AgentBoard, with the effects each
// change emits. The desktop connection (AS7) is in agent_board_desktop_test.cpp.
#include <string>
#include <vector>

#include "core_test_support.hpp"

using namespace ccr::core;
using namespace ccr::core::test;

namespace {

const std::vector<std::string> kStateChange{"AgentSessionPut", "EventAppended:agent_state",
                                            "NotifyAgent"};

}  // namespace

// --- AS5: login ------------------------------------------------------------------------------

TEST_CASE("AS5: login records the team and the dial number and makes the agent Available",
          "[as5][agent_board]") {
  World w;
  Effects fx;
  auto r = w.board().login(w.ana, "sales", "+12015532447", "", w.clock.now(), fx);
  REQUIRE(r.ok());
  CHECK(r.value().state == AgentState::Available);
  CHECK(r.value().reason == StateReason::Login);
  CHECK(r.value().team_id == "sales");
  CHECK(r.value().dial_number == "+12015532447");
  CHECK(r.value().since == w.clock.now());

  const auto s = w.ana_session();
  CHECK(s.state == AgentState::Available);
  CHECK(s.team_id == "sales");
  CHECK(s.dial_number == "+12015532447");
  CHECK(w.board().logged_in("ana"));
  CHECK(kinds(fx) == kStateChange);
}

TEST_CASE("AS5: an agent may log in with any team they belong to", "[as5][agent_board]") {
  World w;
  Effects fx;
  auto r = w.board().login(w.bob, "support", "1001", "", w.clock.now(), fx);
  REQUIRE(r.ok());
  CHECK(r.value().team_id == "support");
}

TEST_CASE("AS5: login with a team the agent does not belong to is refused on team_id",
          "[as5][agent_board]") {
  World w;
  Effects fx;
  SECTION("a team of the tenant the agent is not in") {
    const auto& rej =
        rejection_of(w.board().login(w.ana, "support", "1001", "", w.clock.now(), fx));
    CHECK(rej.reason == Reason::ValidationFailed);
    CHECK(has_field(rej, "team_id"));
  }
  SECTION("an unknown team") {
    const auto& rej = rejection_of(w.board().login(w.ana, "nope", "1001", "", w.clock.now(), fx));
    CHECK(rej.reason == Reason::ValidationFailed);
    CHECK(has_field(rej, "team_id"));
  }
  SECTION("another tenant's team") {
    const auto& rej =
        rejection_of(w.board().login(w.ana, "t2-team", "1001", "", w.clock.now(), fx));
    CHECK(rej.reason == Reason::ValidationFailed);
    CHECK(has_field(rej, "team_id"));
  }
  CHECK(fx.empty());
  CHECK(w.ana_session().state == AgentState::LoggedOut);
  CHECK_FALSE(w.board().logged_in("ana"));
}

TEST_CASE("AS5: an agent unknown in the caller's tenant cannot log in", "[as5][agent_board]") {
  World w;
  Effects fx;
  // zoe exists, but in t2: a principal claiming t1 reads her as unknown.
  const auto& rej = rejection_of(
      w.board().login(World::as_agent("t1", "zoe"), "t2-team", "1001", "", w.clock.now(), fx));
  CHECK(rej.reason == Reason::NotFound);
  CHECK(fx.empty());
}

TEST_CASE("AS1: login straight into Idle needs an existing idle code", "[as1][as5][agent_board]") {
  World w;
  Effects fx;
  SECTION("a known code") {
    auto r = w.board().login(w.ana, "sales", "1001", "lunch", w.clock.now(), fx);
    REQUIRE(r.ok());
    CHECK(r.value().state == AgentState::Idle);
    CHECK(r.value().idle_code_id == "lunch");
    CHECK(kinds(fx) == kStateChange);
  }
  SECTION("an unknown code") {
    const auto& rej =
        rejection_of(w.board().login(w.ana, "sales", "1001", "nap", w.clock.now(), fx));
    CHECK(rej.reason == Reason::ValidationFailed);
    CHECK(has_field(rej, "idle_code_id"));
    CHECK(fx.empty());
    CHECK(w.ana_session().state == AgentState::LoggedOut);
  }
  SECTION("a wrap-up code is not an idle code") {
    const auto& rej =
        rejection_of(w.board().login(w.ana, "sales", "1001", "done", w.clock.now(), fx));
    CHECK(has_field(rej, "idle_code_id"));
    CHECK(fx.empty());
  }
  SECTION("another tenant's idle code") {
    const auto& rej =
        rejection_of(w.board().login(w.ana, "sales", "1001", "t2-lunch", w.clock.now(), fx));
    CHECK(has_field(rej, "idle_code_id"));
    CHECK(fx.empty());
  }
}

TEST_CASE("AS1: logging in twice is refused with invalid_state and the current state",
          "[as1][agent_board]") {
  World w;
  w.login_ana();
  Effects idle;
  REQUIRE(w.board().set_state(w.ana, AgentState::Idle, "lunch", w.clock.now(), idle));

  Effects fx;
  const auto& rej = rejection_of(w.board().login(w.ana, "sales", "2002", "", w.clock.now(), fx));
  CHECK(rej.reason == Reason::InvalidState);
  CHECK(rej.current_state == "Idle");
  CHECK(fx.empty());
  const auto s = w.ana_session();
  CHECK(s.state == AgentState::Idle);
  CHECK(s.dial_number == "+12015532447");
}

// --- logout ----------------------------------------------------------------------------------

TEST_CASE("AS1: logout returns the agent to LoggedOut and clears the login details",
          "[as1][agent_board]") {
  World w;
  w.login_ana();
  w.clock.advance(5min);
  Effects fx;
  auto r = w.board().logout(w.ana, w.clock.now(), fx);
  REQUIRE(r.ok());
  CHECK(r.value().state == AgentState::LoggedOut);
  CHECK(r.value().reason == StateReason::Logout);
  CHECK(r.value().team_id.empty());
  CHECK(r.value().dial_number.empty());
  CHECK(r.value().since == w.clock.now());
  CHECK_FALSE(w.board().logged_in("ana"));
  CHECK(kinds(fx) == kStateChange);
}

TEST_CASE("AS1: logout when logged out is refused with invalid_state", "[as1][agent_board]") {
  World w;
  Effects fx;
  SECTION("never logged in") {
    const auto& rej = rejection_of(w.board().logout(w.ana, w.clock.now(), fx));
    CHECK(rej.reason == Reason::InvalidState);
    CHECK(rej.current_state == "LoggedOut");
  }
  SECTION("already logged out") {
    w.login_ana();
    Effects first;
    REQUIRE(w.board().logout(w.ana, w.clock.now(), first));
    const auto& rej = rejection_of(w.board().logout(w.ana, w.clock.now(), fx));
    CHECK(rej.reason == Reason::InvalidState);
    CHECK(rej.current_state == "LoggedOut");
  }
  CHECK(fx.empty());
}

TEST_CASE("AS1: an agent can log in again after logging out", "[as1][agent_board]") {
  World w;
  w.login_ana();
  Effects fx;
  REQUIRE(w.board().logout(w.ana, w.clock.now(), fx));
  auto r = w.board().login(w.ana, "sales", "3003", "break", w.clock.advance(1min), fx);
  REQUIRE(r.ok());
  CHECK(r.value().state == AgentState::Idle);
  CHECK(r.value().dial_number == "3003");
}

// --- set_state -------------------------------------------------------------------------------

TEST_CASE("AS1: set_state before login is refused with invalid_state", "[as1][agent_board]") {
  World w;
  Effects fx;
  const auto target = GENERATE(AgentState::Available, AgentState::Idle);
  CAPTURE(target);
  const auto& rej = rejection_of(w.board().set_state(w.ana, target, "lunch", w.clock.now(), fx));
  CHECK(rej.reason == Reason::InvalidState);
  CHECK(rej.current_state == "LoggedOut");
  CHECK(fx.empty());
  CHECK(w.ana_session().state == AgentState::LoggedOut);
}

TEST_CASE("AS1: Idle always carries an existing idle code", "[as1][agent_board]") {
  World w;
  w.login_ana();
  Effects fx;
  SECTION("no code") {
    const auto& rej =
        rejection_of(w.board().set_state(w.ana, AgentState::Idle, "", w.clock.now(), fx));
    CHECK(rej.reason == Reason::ValidationFailed);
    CHECK(has_field(rej, "idle_code_id"));
  }
  SECTION("an unknown code") {
    const auto& rej =
        rejection_of(w.board().set_state(w.ana, AgentState::Idle, "nap", w.clock.now(), fx));
    CHECK(rej.reason == Reason::ValidationFailed);
    CHECK(has_field(rej, "idle_code_id"));
  }
  SECTION("another tenant's code") {
    const auto& rej =
        rejection_of(w.board().set_state(w.ana, AgentState::Idle, "t2-lunch", w.clock.now(), fx));
    CHECK(has_field(rej, "idle_code_id"));
  }
  SECTION("a code deleted since") {
    Effects del;
    REQUIRE(w.dir().delete_code("t1", CodeKind::Idle, "lunch", {}, del));
    const auto& rej =
        rejection_of(w.board().set_state(w.ana, AgentState::Idle, "lunch", w.clock.now(), fx));
    CHECK(has_field(rej, "idle_code_id"));
  }
  CHECK(fx.empty());
  CHECK(w.ana_session().state == AgentState::Available);
  CHECK(w.ana_session().idle_code_id.empty());
}

TEST_CASE("AS1: going Idle with a code, switching codes, and back to Available",
          "[as1][agent_board]") {
  World w;
  w.login_ana();

  Effects fx;
  auto idle = w.board().set_state(w.ana, AgentState::Idle, "lunch", w.clock.advance(1min), fx);
  REQUIRE(idle.ok());
  CHECK(idle.value().state == AgentState::Idle);
  CHECK(idle.value().idle_code_id == "lunch");
  CHECK(idle.value().reason == StateReason::Requested);
  CHECK(kinds(fx) == kStateChange);

  Effects fx2;
  auto other = w.board().set_state(w.ana, AgentState::Idle, "break", w.clock.advance(1min), fx2);
  REQUIRE(other.ok());
  CHECK(other.value().state == AgentState::Idle);
  CHECK(other.value().idle_code_id == "break");
  CHECK(other.value().since == w.clock.now());
  CHECK(kinds(fx2) == kStateChange);

  Effects fx3;
  auto back = w.board().set_state(w.ana, AgentState::Available, "", w.clock.advance(1min), fx3);
  REQUIRE(back.ok());
  CHECK(back.value().state == AgentState::Available);
  CHECK(back.value().idle_code_id.empty());
  CHECK(kinds(fx3) == kStateChange);
  CHECK(w.ana_session().state == AgentState::Available);
}

TEST_CASE("AS1: set_state to the state the agent is already in emits nothing",
          "[as1][agent_board]") {
  World w;
  w.login_ana();
  const auto since = w.ana_session().since;
  Effects fx;
  SECTION("Available to Available") {
    auto r = w.board().set_state(w.ana, AgentState::Available, "", w.clock.advance(1min), fx);
    REQUIRE(r.ok());
    CHECK(r.value().state == AgentState::Available);
    CHECK(fx.empty());
    CHECK(w.ana_session().since == since);
  }
  SECTION("Idle to Idle with the same code") {
    Effects first;
    REQUIRE(w.board().set_state(w.ana, AgentState::Idle, "lunch", w.clock.now(), first));
    const auto idle_since = w.ana_session().since;
    auto r = w.board().set_state(w.ana, AgentState::Idle, "lunch", w.clock.advance(1min), fx);
    REQUIRE(r.ok());
    CHECK(r.value().idle_code_id == "lunch");
    CHECK(fx.empty());
    CHECK(w.ana_session().since == idle_since);
  }
}

TEST_CASE("AS2: set_state refuses targets other than Available and Idle", "[as2][agent_board]") {
  World w;
  w.login_ana();
  Effects fx;
  const auto target = GENERATE(AgentState::Rona, AgentState::LoggedOut);
  CAPTURE(target);
  const auto& rej = rejection_of(w.board().set_state(w.ana, target, "", w.clock.now(), fx));
  CHECK(rej.reason == Reason::ValidationFailed);
  CHECK(has_field(rej, "state"));
  CHECK(fx.empty());
  CHECK(w.ana_session().state == AgentState::Available);
}

TEST_CASE("AS1: every state change emits AgentSessionPut, the agent_state event and NotifyAgent",
          "[as1][agent_board]") {
  World w;
  Effects fx;
  const auto t0 = w.clock.now();
  REQUIRE(w.board().login(w.ana, "sales", "1001", "", t0, fx));
  const auto t1 = w.clock.advance(30s);
  REQUIRE(w.board().set_state(w.ana, AgentState::Idle, "lunch", t1, fx));
  const auto t2 = w.clock.advance(30s);
  REQUIRE(w.board().logout(w.ana, t2, fx));

  CHECK(kinds(fx) ==
        std::vector<std::string>{"AgentSessionPut", "EventAppended:agent_state", "NotifyAgent",
                                 "AgentSessionPut", "EventAppended:agent_state", "NotifyAgent",
                                 "AgentSessionPut", "EventAppended:agent_state", "NotifyAgent"});

  const auto puts = persisted<AgentSessionPut>(fx);
  REQUIRE(puts.size() == 3);
  CHECK(puts[0].session.state == AgentState::Available);
  CHECK(puts[1].session.state == AgentState::Idle);
  CHECK(puts[1].session.idle_code_id == "lunch");
  CHECK(puts[2].session.state == AgentState::LoggedOut);

  const auto events = persisted<EventAppended>(fx);
  REQUIRE(events.size() == 3);
  CHECK(events[1].tenant_id == "t1");
  CHECK(events[1].agent_id == "ana");
  CHECK(events[1].at == t1);
  using Field = std::pair<std::string, std::string>;
  const std::vector<Field> idle_fields{
      {"state", "Idle"}, {"reason", "requested"}, {"idle_code_id", "lunch"}, {"team_id", "sales"}};
  CHECK(events[1].fields == idle_fields);
  CHECK(events[0].fields[0] == Field{"state", "Available"});
  CHECK(events[0].fields[1] == Field{"reason", "login"});
  CHECK(events[2].fields[0] == Field{"state", "LoggedOut"});
  CHECK(events[2].fields[1] == Field{"reason", "logout"});

  const auto notes = effects_of<NotifyAgent>(fx);
  REQUIRE(notes.size() == 3);
  for (const auto& n : notes) CHECK(n.agent_id == "ana");
  const auto& changed = std::get<AgentStateChanged>(notes[1].event);
  CHECK(changed.session.state == AgentState::Idle);
  CHECK(changed.session.idle_code_id == "lunch");
  CHECK(changed.session.since == t1);
}

TEST_CASE("AS1: a session read with another tenant's id reads as logged out",
          "[as1][agent_board]") {
  World w;
  w.login_ana();
  const auto s = w.board().session("t2", "ana");
  CHECK(s.state == AgentState::LoggedOut);
  CHECK(s.team_id.empty());
  CHECK(w.board().session("t1", "ana").state == AgentState::Available);
}
