#include "core/agent_state.hpp"

#include <array>

namespace ccr::core {
namespace {

struct Transition {
  AgentState from;
  AgentCommand command;
  AgentState to;
};

using S = AgentState;
using C = AgentCommand;

constexpr std::array kTransitions{
    Transition{S::LoggedOut, C::Login, S::Available},
    Transition{S::LoggedOut, C::LoginIdle, S::Idle},

    Transition{S::Available, C::GoAvailable, S::Available},
    Transition{S::Available, C::GoIdle, S::Idle},
    Transition{S::Available, C::RingNoAnswer, S::Rona},
    Transition{S::Available, C::Logout, S::LoggedOut},
    Transition{S::Available, C::DisconnectTimeout, S::LoggedOut},

    Transition{S::Idle, C::GoAvailable, S::Available},
    Transition{S::Idle, C::GoIdle, S::Idle},
    Transition{S::Idle, C::RingNoAnswer, S::Rona},  // a direct consult may ring an Idle agent (CO1)
    Transition{S::Idle, C::Logout, S::LoggedOut},
    Transition{S::Idle, C::DisconnectTimeout, S::LoggedOut},

    Transition{S::Rona, C::GoAvailable, S::Available},
    Transition{S::Rona, C::GoIdle, S::Idle},
    Transition{S::Rona, C::RingNoAnswer, S::Rona},
    Transition{S::Rona, C::Logout, S::LoggedOut},
    Transition{S::Rona, C::DisconnectTimeout, S::LoggedOut},
};

}  // namespace

std::optional<AgentState> next_agent_state(AgentState from, AgentCommand command) {
  for (const auto& t : kTransitions) {
    if (t.from == from && t.command == command) return t.to;
  }
  return std::nullopt;
}

}  // namespace ccr::core
