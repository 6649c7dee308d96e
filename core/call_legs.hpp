// Finding, adding and changing the legs of an interaction, and what each agent sees of it: the
// state label, their role and the commands allowed right now (HO1-HO2, CO1-CO13, TR1-TR5), all
// derived from the legs. Pure functions; io thread (they touch the router's interactions).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/effects.hpp"
#include "core/interaction.hpp"

namespace ccr::core {

Leg* find_leg(Interaction& it, std::string_view leg_id);
const Leg* find_leg(const Interaction& it, std::string_view leg_id);
Leg* customer_leg(Interaction& it);
const Leg* customer_leg(const Interaction& it);
// The agent's leg on the call, if they are on it.
Leg* agent_leg(Interaction& it, std::string_view agent_id);
const Leg* agent_leg(const Interaction& it, std::string_view agent_id);
Leg& add_leg(Interaction& it, LegParty party, LegState state, LegRole role, std::string agent_id,
             std::string number);
void drop_leg(Interaction& it, std::string_view leg_id);
// The consulted party's leg while a consult lasts.
Leg* consulted_leg(Interaction& it);
const Leg* consulted_leg(const Interaction& it);
const OwedWrapup* owed_wrapup(const Interaction& it, std::string_view agent_id);
// A consult not accepted yet: waiting in a queue for an agent, or ringing agent 2 (CO4).
bool consult_pending(const Interaction& it);

// What `agent_id` sees: the phase (WrapUp while they owe one), the desktop's state label, their
// role, and the commands allowed right now. An empty agent id means the owner's view.
Phase phase_for(const Interaction& it, std::string_view agent_id);
std::string_view state_label(const Interaction& it, std::string_view agent_id);
LegRole role_of(const Interaction& it, std::string_view agent_id);
std::vector<std::string_view> controls_for(const Interaction& it, std::string_view agent_id);
// The commands allowed on one leg for `agent_id` (hold or resume).
std::vector<std::string_view> leg_controls(const Interaction& it, const Leg& leg,
                                           std::string_view agent_id);

std::string_view name_of(LegParty p);
std::string_view name_of(LegState s);
std::string_view name_of(LegRole r);  // owner, consulted, conference
std::string_view name_of(TargetKind k);
std::string_view name_of(TelephonyAction a);  // hold_leg, dial_out, ...
std::string_view name_of(ConsultFailure f);   // rona, declined, ...

}  // namespace ccr::core
