// The protocol's names for core enumerations (spec/protocol.md), used by the audit log and the
// wire mapping alike, and the reverse look-ups for parsing. Pure functions; any thread.
#pragma once

#include <optional>
#include <string_view>

#include "core/agent_session.hpp"
#include "core/interaction.hpp"
#include "core/model.hpp"
#include "core/rejection.hpp"
#include "core/routing_model.hpp"

namespace ccr::core {

std::string_view name_of(AgentState s);
std::string_view name_of(StateReason r);
std::string_view name_of(Role r);
std::string_view name_of(Channel c);
std::string_view name_of(Phase p);   // Queued, Offered, Active, WrapUp, Ended
std::string_view name_of(Reason r);  // the machine-readable error code

std::optional<AgentState> agent_state_named(std::string_view name);
std::optional<Role> role_named(std::string_view name);
std::optional<Channel> channel_named(std::string_view name);

// Queues and entry points (routing_model.hpp).
std::string_view name_of(Strategy s);
std::string_view name_of(VariableType t);
std::optional<Strategy> strategy_named(std::string_view name);
std::optional<VariableType> variable_type_named(std::string_view name);

}  // namespace ccr::core
