// Router: what the media side reports went wrong or went away: a telephony command that failed
// rolls the interaction back to a state that matches the media side (issue "Failures"), and an
// outside consult party that hung up leaves the call. io thread only.
#include "core/call_legs.hpp"
#include "core/crud_rules.hpp"
#include "core/names.hpp"
#include "core/router.hpp"
#include "core/router_detail.hpp"

namespace ccr::core {

Result<Interaction> Router::outside_hangup(const std::string& tenant_id, const std::string& id,
                                           const std::string& number, Time now, Effects& fx) {
  Interaction* it = find(tenant_id, id);
  if (it == nullptr) return not_found("interaction");
  const Leg* leg = consulted_leg(*it);
  if (it->phase != Phase::Active || leg == nullptr || leg->party != LegParty::External ||
      (!number.empty() && number != leg->number)) {
    return *it;  // a late or repeated event
  }
  if (it->consult->conference) {  // the customer and agent 1 stay together
    if (Leg* customer = customer_leg(*it)) customer->state = LegState::Connected;
  }
  const std::string gone = leg->id;
  it->consult.reset();
  drop_leg(*it, gone);
  count_outside_leg(tenant_id, -1);
  record(*it, "outside_hangup", now, fx);
  notify_call(*it, fx);
  return *it;
}

void Router::telephony_failed(const TelephonyCommand& c, const std::string& message, Time now,
                              Effects& fx) {
  Interaction* it = find(c.tenant_id, c.interaction_id);
  if (it == nullptr) return;
  const std::string& asker = c.requested_by;  // empty: no desktop asked (routing, events)
  Leg* leg = c.leg_id.empty() ? nullptr : find_leg(*it, c.leg_id);
  const bool consulted = it->consult && it->consult->leg_id == c.leg_id;
  switch (c.action) {
    case TelephonyAction::HoldLeg:
    case TelephonyAction::ResumeLeg: {
      if (leg == nullptr) break;
      const bool held = c.action == TelephonyAction::HoldLeg;
      if (held && leg->party == LegParty::Customer && it->consult) {
        // The customer could not be held for the consult (CO2) or a switch: the consult goes.
        release_consulted(*it, "consult_failed", now, fx);  // may drop a leg: look again
        if (Leg* customer = find_leg(*it, c.leg_id)) customer->state = LegState::Connected;
        consult_failed(*it, ConsultFailure::DeviceFailure, now, fx);
        break;
      }
      leg->state = held ? LegState::Connected : LegState::OnHold;
      Leg* customer = customer_leg(*it);
      Leg* other = leg == customer ? consulted_leg(*it) : customer;
      if (it->consult && !consult_pending(*it) && other != nullptr) {
        other->state = held ? LegState::OnHold : LegState::Connected;  // HO2 as before
      }
      break;
    }
    case TelephonyAction::RingAgent:
    case TelephonyAction::ConnectAgent:
    case TelephonyAction::DialOut:
      if (consulted && it->consult->offer) {  // CO5: the consulted device failed
        const std::string agent_id = it->consult->offer->agent_id;
        cancel_consult_offer(*it, WithdrawReason::Rona, now, fx);
        agents_.ring_no_answer(agent_id, now, fx);
        agent_changed(it->tenant_id, agent_id, now, fx);
        consult_failed(*it, ConsultFailure::DeviceFailure, now, fx);
      } else if (consulted) {  // agent 2 or the outside number could not be reached
        release_consulted(*it, "consult_failed", now, fx);
        consult_failed(*it, ConsultFailure::DeviceFailure, now, fx);
      } else if (it->phase == Phase::Offered && it->offer && it->offer->agent_id == c.agent_id) {
        ring_timeout(*it, now, fx);  // AN2: the agent's device failed while ringing
        it = find(c.tenant_id, c.interaction_id);
      } else if (c.action == TelephonyAction::DialOut) {  // a transfer out: as a failed bridge
        bridge_failed(*it, c.leg_id, now, fx);
      }
      break;
    case TelephonyAction::Bridge:
      bridge_failed(*it, c.leg_id, now, fx);
      it = find(c.tenant_id, c.interaction_id);
      break;
    case TelephonyAction::Conference:
      if (it->consult && it->consult->conference) {  // back to the consult (CO11), HO2 as before
        it->consult->conference = false;
        Leg* consulted_party = consulted_leg(*it);
        if (consulted_party != nullptr) consulted_party->role = LegRole::Consulted;
        for (Leg* l : {customer_leg(*it), consulted_party}) {
          if (l != nullptr) l->state = l->id == c.leg_id ? LegState::OnHold : LegState::Connected;
        }
      }
      break;
    case TelephonyAction::HangupAgentLeg:
    case TelephonyAction::HangupCustomer:
    case TelephonyAction::HangupLeg:
      // A release: the party has left the interaction whatever the media side says, and a
      // later event about its leg is answered as for any released leg (docs/call-control.md).
      break;
  }
  if (it != nullptr) {
    record_for(*it, asker, "command_failed", now, fx,
               {{"action", std::string(name_of(c.action))}, {"message", message}});
    notify_call(*it, fx);
  }
  if (!asker.empty()) {
    fx.notify(asker,
              CommandFailed{c.request_id, c.command, c.interaction_id, Reason::Internal, message});
  }
}

void Router::bridge_failed(Interaction& it, const std::string& leg_id, Time now, Effects& fx) {
  const Leg* target = find_leg(it, leg_id);
  Leg* customer = customer_leg(it);
  if (target == nullptr || customer == nullptr) return;
  if (target->party == LegParty::Agent) {
    // The call is the new owner's already: they find the customer held and resume them.
    customer->state = LegState::OnHold;
    return;
  }
  // The call was leaving for an outside number that could not be joined: it left the center
  // already (its legs ended, TR5), so the media side is told to release the customer and the
  // outside leg too.
  fx.telephony(command_for(TelephonyAction::HangupLeg, it.tenant_id, it.id, {}, {}, target->id,
                           target->number));
  fx.telephony(command_for(TelephonyAction::HangupCustomer, it.tenant_id, it.id, {}, {}));
  record(it, "transfer_failed", now, fx);
}

}  // namespace ccr::core
