// AS1/AS2: the agent availability transition table, row by row and as a whole.
#include <array>
#include <optional>
#include <string>

#include "core/agent_state.hpp"
#include "core_test_support.hpp"

using ccr::core::AgentCommand;
using ccr::core::AgentState;
using ccr::core::next_agent_state;

namespace {

using S = AgentState;
using C = AgentCommand;

struct Row {
  S from;
  C command;
  std::optional<S> to;  // nothing: the table refuses the command in `from`
};

const char* command_name(C c) {
  switch (c) {
    case C::Login:
      return "Login";
    case C::LoginIdle:
      return "LoginIdle";
    case C::GoAvailable:
      return "GoAvailable";
    case C::GoIdle:
      return "GoIdle";
    case C::RingNoAnswer:
      return "RingNoAnswer";
    case C::Logout:
      return "Logout";
    case C::DisconnectTimeout:
      return "DisconnectTimeout";
  }
  return "?";
}

constexpr std::array kAllStates{S::LoggedOut, S::Available, S::Idle, S::Rona};
constexpr std::array kAllCommands{C::Login,        C::LoginIdle, C::GoAvailable,      C::GoIdle,
                                  C::RingNoAnswer, C::Logout,    C::DisconnectTimeout};

// The whole table, written out from AS1, AS2, AS7, OF2 and CO1: 4 states x 7 commands.
const Row kExpected[] = {
    {S::LoggedOut, C::Login, S::Available},
    {S::LoggedOut, C::LoginIdle, S::Idle},
    {S::LoggedOut, C::GoAvailable, std::nullopt},
    {S::LoggedOut, C::GoIdle, std::nullopt},
    {S::LoggedOut, C::RingNoAnswer, std::nullopt},
    {S::LoggedOut, C::Logout, std::nullopt},
    {S::LoggedOut, C::DisconnectTimeout, std::nullopt},

    {S::Available, C::Login, std::nullopt},
    {S::Available, C::LoginIdle, std::nullopt},
    {S::Available, C::GoAvailable, S::Available},
    {S::Available, C::GoIdle, S::Idle},
    {S::Available, C::RingNoAnswer, S::Rona},
    {S::Available, C::Logout, S::LoggedOut},
    {S::Available, C::DisconnectTimeout, S::LoggedOut},

    {S::Idle, C::Login, std::nullopt},
    {S::Idle, C::LoginIdle, std::nullopt},
    {S::Idle, C::GoAvailable, S::Available},
    {S::Idle, C::GoIdle, S::Idle},
    {S::Idle, C::RingNoAnswer, S::Rona},
    {S::Idle, C::Logout, S::LoggedOut},
    {S::Idle, C::DisconnectTimeout, S::LoggedOut},

    {S::Rona, C::Login, std::nullopt},
    {S::Rona, C::LoginIdle, std::nullopt},
    {S::Rona, C::GoAvailable, S::Available},
    {S::Rona, C::GoIdle, S::Idle},
    {S::Rona, C::RingNoAnswer, S::Rona},
    {S::Rona, C::Logout, S::LoggedOut},
    {S::Rona, C::DisconnectTimeout, S::LoggedOut},
};

}  // namespace

TEST_CASE("AS1: every row of the agent transition table", "[as1][agent_state]") {
  const auto& row = GENERATE(from_range(std::begin(kExpected), std::end(kExpected)));
  CAPTURE(row.from, command_name(row.command));
  CHECK(next_agent_state(row.from, row.command) == row.to);
}

TEST_CASE("AS1: the expected table covers every state and command", "[as1][agent_state]") {
  for (auto from : kAllStates) {
    for (auto command : kAllCommands) {
      CAPTURE(from, command_name(command));
      int rows = 0;
      for (const auto& row : kExpected) {
        if (row.from == from && row.command == command) ++rows;
      }
      CHECK(rows == 1);
    }
  }
}

TEST_CASE("AS1: LoggedOut refuses everything but login", "[as1][agent_state]") {
  CHECK(next_agent_state(S::LoggedOut, C::Login) == S::Available);
  CHECK(next_agent_state(S::LoggedOut, C::LoginIdle) == S::Idle);
  for (auto command :
       {C::GoAvailable, C::GoIdle, C::RingNoAnswer, C::Logout, C::DisconnectTimeout}) {
    CAPTURE(command_name(command));
    CHECK_FALSE(next_agent_state(S::LoggedOut, command).has_value());
  }
}

TEST_CASE("AS1: logging in again is refused in every logged-in state", "[as1][agent_state]") {
  for (auto from : {S::Available, S::Idle, S::Rona}) {
    CAPTURE(from);
    CHECK_FALSE(next_agent_state(from, C::Login).has_value());
    CHECK_FALSE(next_agent_state(from, C::LoginIdle).has_value());
  }
}

TEST_CASE("OF2: an unanswered offer leads to RONA from Available and from Idle",
          "[of2][as1][agent_state]") {
  CHECK(next_agent_state(S::Available, C::RingNoAnswer) == S::Rona);
  CHECK(next_agent_state(S::Idle, C::RingNoAnswer) == S::Rona);
}

TEST_CASE("AS2: only GoAvailable, GoIdle, Logout and DisconnectTimeout leave RONA",
          "[as2][agent_state]") {
  for (auto command : kAllCommands) {
    CAPTURE(command_name(command));
    const auto next = next_agent_state(S::Rona, command);
    const bool leaves = next.has_value() && *next != S::Rona;
    const bool by_hand_or_logout = command == C::GoAvailable || command == C::GoIdle ||
                                   command == C::Logout || command == C::DisconnectTimeout;
    CHECK(leaves == by_hand_or_logout);
  }
  CHECK(next_agent_state(S::Rona, C::GoAvailable) == S::Available);
  CHECK(next_agent_state(S::Rona, C::GoIdle) == S::Idle);
}

TEST_CASE("AS2: another unanswered offer keeps the agent in RONA", "[as2][agent_state]") {
  CHECK(next_agent_state(S::Rona, C::RingNoAnswer) == S::Rona);
}
