// Router: handling and wrap-up (EN1-EN4), telephony events about a contact (AN1-AN3, EN3) and
// agent device state (AN3).
#include <algorithm>

#include "core/call_legs.hpp"
#include "core/crud_rules.hpp"
#include "core/names.hpp"
#include "core/router.hpp"
#include "core/router_detail.hpp"

namespace ccr::core {

// --- handling and wrap-up --------------------------------------------------------------------

Result<Interaction*> Router::owned(const Principal& agent, const std::string& id, Phase phase) {
  Interaction* it = find(agent.tenant_id, id);
  if (it == nullptr || it->agent_id != agent.agent_id ||
      (it->phase != Phase::Active && it->phase != Phase::WrapUp)) {
    return not_found("interaction");
  }
  if (it->phase != phase) {
    return Rejection{
        Reason::InvalidState, "not allowed in this phase", {}, std::string(name_of(it->phase))};
  }
  return it;
}

void Router::to_wrapup(Interaction& it, const std::string& reason, Time now, Effects& fx) {
  const auto* q = config_.queue(it.tenant_id, it.queue_id);
  if (it.channel == Channel::Voice) {  // LI1: no outside party remains during wrap-up
    --calls_[it.tenant_id];
    --server_calls_;
  }
  it.phase = Phase::WrapUp;
  it.end_reason = reason;
  for (auto& leg : it.legs) leg.state = LegState::Ended;
  if (q != nullptr && q->wrapup_timeout_ms > 0) {
    it.wrapup_deadline = now + Duration{q->wrapup_timeout_ms};
    fx.arm({TimerKind::WrapupTimeout, it.id}, *it.wrapup_deadline);
  }
  record(it, reason, now, fx);
  fx.notify(it.agent_id, InteractionChanged{it});
  fx.notify(it.agent_id, WrapupRequired{it.id, it.wrapup_deadline});
  if (it.channel == Channel::Voice) notify_presence(it.agent_id, fx);  // display: WrapUp
}

void Router::finish(Interaction& it, const std::string& reason, Time now, Effects& fx) {
  if (it.phase == Phase::Queued) {
    dequeue(it);
    cancel_waiting_timers(it, fx);
  }
  const bool counted = it.phase != Phase::WrapUp;  // LI1: wrap-up released the call already
  it.phase = Phase::Ended;
  it.ended_at = now;
  for (auto& leg : it.legs) leg.state = LegState::Ended;
  if (it.end_reason.empty()) it.end_reason = reason;
  fx.cancel({TimerKind::WrapupTimeout, it.id});
  record(it, reason, now, fx);
  if (it.channel == Channel::Voice && counted) {
    --calls_[it.tenant_id];
    --server_calls_;
  }
  const std::string agent_id = it.agent_id;
  const std::string id = it.id;
  const std::string tenant_id = it.tenant_id;
  const Channel channel = it.channel;
  if (!agent_id.empty()) {
    auto& w = work_for(tenant_id, agent_id);
    if (w.work.erase(id) != 0) --w.load[channel_slot(channel)];
    fx.notify(agent_id, InteractionEnded{id, reason});
  }
  if (!agent_id.empty() && channel == Channel::Voice) {
    notify_presence(agent_id, fx);  // display: back to the agent's state
  }
  if (it.owed_wrapups.empty()) interactions_.erase(id);  // else kept until they are settled
  if (!agent_id.empty()) {
    auto& w = work_for(tenant_id, agent_id);
    w.since = std::max(w.since, now);
    reindex(agent_id);
    match_agent(agent_id, now, fx);
  }
}

Result<Interaction> Router::end(const Principal& agent, const std::string& id, Time now,
                                Effects& fx) {
  auto found = owned(agent, id, Phase::Active);
  if (!found) return found.rejection();
  Interaction& it = *found.value();
  const Leg* customer = customer_leg(it);
  if (customer != nullptr && customer->state == LegState::OnHold) {
    return Rejection{Reason::CustomerOnHold, "resume the customer before ending the call (HO1)"};
  }
  if (it.consult) {
    return Rejection{Reason::InvalidState,
                     "a consult is in progress: end it or transfer (CO8)",
                     {},
                     std::string(state_label(it, agent.agent_id))};
  }
  if (it.channel == Channel::Voice) {
    fx.telephony(
        command_for(TelephonyAction::HangupCustomer, it.tenant_id, it.id, it.agent_id, {}));
  }
  to_wrapup(it, "agent_ended", now, fx);
  return it;
}

Result<Interaction> Router::wrapup(const Principal& agent, const std::string& id,
                                   const std::string& code_id, Time now, Effects& fx) {
  if (Interaction* left = find(agent.tenant_id, id);
      left != nullptr && owed_wrapup(*left, agent.agent_id) != nullptr) {
    // TR5, CO11, CO13: the wrap-up of an agent who left a call that goes on.
    if (directory_.code(agent.tenant_id, CodeKind::WrapUp, code_id) == nullptr) {
      return Rejection::invalid_field("wrapup_code_id", "unknown wrap-up code (EN2)");
    }
    Interaction done = *left;
    std::erase_if(done.owed_wrapups,
                  [&](const OwedWrapup& w) { return w.agent_id == agent.agent_id; });
    settle_owed(*left, agent.agent_id, code_id, "wrapped_up", now, fx);
    return done;
  }
  auto found = owned(agent, id, Phase::WrapUp);
  if (!found) return found.rejection();
  if (directory_.code(agent.tenant_id, CodeKind::WrapUp, code_id) == nullptr) {
    return Rejection::invalid_field("wrapup_code_id", "unknown wrap-up code (EN2)");
  }
  Interaction& it = *found.value();
  it.wrapup_code_id = code_id;
  Interaction done = it;
  finish(it, "wrapped_up", now, fx);
  done.phase = Phase::Ended;
  done.ended_at = now;
  return done;
}

Result<Interaction> Router::customer_hangup(const std::string& tenant_id, const std::string& id,
                                            Time now, Effects& fx) {
  Interaction* it = find(tenant_id, id);
  if (it == nullptr) return not_found("interaction");
  Interaction copy;
  switch (it->phase) {
    case Phase::Queued:
      copy = *it;
      finish(*it, "abandoned", now, fx);
      copy.phase = Phase::Ended;
      return copy;
    case Phase::Offered: {
      const std::string agent_id = it->offer->agent_id;
      withdraw(*it, WithdrawReason::CustomerLeft, now, fx);
      copy = *it;
      finish(*it, "abandoned", now, fx);
      match_agent(agent_id, now, fx);  // the agent's freed slot takes the next contact
      return copy;
    }
    case Phase::Active:
      release_consulted(*it, "customer_hangup", now, fx);  // CO12: agent 2 without wrap-up
      if (it->channel == Channel::Voice) {  // the call is over: the agent's leg goes too
        fx.telephony(command_for(TelephonyAction::HangupAgentLeg, tenant_id, id, it->agent_id,
                                 dial_number_of(*it)));
      }
      to_wrapup(*it, "customer_hangup", now, fx);
      return *it;
    case Phase::WrapUp:
    case Phase::Ended:
      return *it;  // already gone: repeating the event changes nothing
  }
  return *it;
}

bool Router::other_device(const Interaction& it, const std::string& dial_number) const {
  return !dial_number.empty() && dial_number != dial_number_of(it);
}

bool Router::consulted_device(const Interaction& it, const std::string& dial_number) const {
  const Leg* leg = consulted_leg(it);
  return leg != nullptr && leg->party == LegParty::Agent && !dial_number.empty() &&
         dial_number == device_of(leg->agent_id);
}

Result<Interaction> Router::agent_answered(const std::string& tenant_id, const std::string& id,
                                           const std::string& dial_number, Time now, Effects& fx) {
  Interaction* it = find(tenant_id, id);
  if (it == nullptr) return not_found("interaction");
  if (consulted_device(*it, dial_number)) {
    if (it->consult->offer) accept_consult(*it, now, fx);  // CO3: answered on the phone
    return *it;
  }
  const bool ringing = it->phase == Phase::Offered && it->offer;
  if (!ringing || other_device(*it, dial_number)) {
    if (it->phase == Phase::Active && !other_device(*it, dial_number)) {
      return *it;  // the same answer repeated: no change
    }
    // AN2: an answer after the timeout (or from a device no longer rung) is refused and that
    // late agent leg hung up.
    fx.telephony(command_for(TelephonyAction::HangupAgentLeg, tenant_id, id, {}, dial_number));
    return offer_gone();
  }
  take_offer(*it, now, fx);
  return *it;
}

Result<Interaction> Router::agent_hangup(const std::string& tenant_id, const std::string& id,
                                         const std::string& dial_number, Time now, Effects& fx) {
  Interaction* it = find(tenant_id, id);
  if (it == nullptr) return not_found("interaction");
  if (consulted_device(*it, dial_number)) {  // agent 2 hung up: declined, or left (CO6, CO7)
    if (it->consult->offer) {
      cancel_consult_offer(*it, WithdrawReason::Cancelled, now, fx);
      consult_failed(*it, ConsultFailure::Declined, now, fx);
    } else {
      release_consulted(*it, it->consult->conference ? "conference_exited" : "consult_exited", now,
                        fx);
      notify_call(*it, fx);
    }
    return *it;
  }
  if (other_device(*it, dial_number)) return *it;  // a late leg going away changes nothing
  if (it->phase == Phase::Active && it->consult && !consult_pending(*it)) {
    if (it->consult->conference) {  // CO13: agent 1 leaves the conference
      hand_over(*it, now, fx);
      return *it;
    }
    // CO8: agent 1 hanging up ends the consult: the customer and agent 2 leave.
    release_consulted(*it, "consult_ended", now, fx);
    fx.telephony(command_for(TelephonyAction::HangupCustomer, tenant_id, id, it->agent_id, {}));
    to_wrapup(*it, "consult_ended", now, fx);
    return *it;
  }
  if (it->phase == Phase::Active && it->consult) {
    withdraw_consult(*it, WithdrawReason::Cancelled, now, fx);
  }
  if (it->phase == Phase::Offered) {
    return agent_missed(tenant_id, id, dial_number, false, now, fx);
  }
  if (it->phase != Phase::Active) return *it;
  if (it->channel == Channel::Voice) {  // EN1: the agent hung up, so the call ends
    fx.telephony(command_for(TelephonyAction::HangupCustomer, tenant_id, id, it->agent_id, {}));
  }
  to_wrapup(*it, "agent_hangup", now, fx);
  return *it;
}

Result<Interaction> Router::agent_missed(const std::string& tenant_id, const std::string& id,
                                         const std::string& dial_number, bool device_failed,
                                         Time now, Effects& fx) {
  Interaction* it = find(tenant_id, id);
  if (it == nullptr) return not_found("interaction");
  if (consulted_device(*it, dial_number) && it->consult->offer) {  // CO5
    const std::string consulted = it->consult->offer->agent_id;
    cancel_consult_offer(*it, WithdrawReason::Rona, now, fx);
    agents_.ring_no_answer(consulted, now, fx);
    agent_changed(tenant_id, consulted, now, fx);
    consult_failed(*it, device_failed ? ConsultFailure::DeviceFailure : ConsultFailure::Rona, now,
                   fx);
    return *it;
  }
  if (it->phase != Phase::Offered || other_device(*it, dial_number)) {
    return Rejection{Reason::InvalidState,
                     "no offer is ringing on that device",
                     {},
                     std::string(name_of(it->phase))};
  }
  ring_timeout(*it, now, fx);
  return *it;
}

Status Router::device_state(const std::string& tenant_id, const std::string& dial_number, bool busy,
                            Time now, Effects& fx) {
  for (const auto& agent_id : agents_.agents_at(tenant_id, dial_number)) {
    auto& w = work_for(tenant_id, agent_id);
    if (w.device_busy == busy) continue;
    w.device_busy = busy;
    reindex(agent_id);
    if (!busy) match_agent(agent_id, now, fx);
  }
  return Done{};
}

}  // namespace ccr::core
