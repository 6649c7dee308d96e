// Router: hold and resume (HO1, HO2), blind transfer (TR1-TR5), wrap-ups owed by agents who left
// a call that goes on, and the bookkeeping call control shares. io thread only.
#include <algorithm>

#include "core/call_legs.hpp"
#include "core/crud_rules.hpp"
#include "core/names.hpp"
#include "core/router.hpp"
#include "core/router_detail.hpp"

namespace ccr::core {
namespace {

Rejection not_initiator() {
  return {Reason::NotConsultInitiator, "only the agent who owns the call may do that"};
}

}  // namespace

Result<Interaction*> Router::controlled(const Principal& agent, const std::string& id) {
  Interaction* it = find(agent.tenant_id, id);
  const bool involved = it != nullptr && (it->agent_id == agent.agent_id ||
                                          agent_leg(*it, agent.agent_id) != nullptr ||
                                          owed_wrapup(*it, agent.agent_id) != nullptr);
  if (!involved) return not_found("interaction");
  if (phase_for(*it, agent.agent_id) != Phase::Active) {
    return wrong_state(*it, agent.agent_id, "the call is not connected (HO1, CO1, TR1)");
  }
  if (it->channel != Channel::Voice) {
    return wrong_state(*it, agent.agent_id, "call control is for voice calls");
  }
  return it;
}

void Router::set_leg_state(Interaction& it, Leg& leg, LegState state, Effects& fx) {
  if (leg.state == state) return;
  leg.state = state;
  fx.telephony(command_for(
      state == LegState::OnHold ? TelephonyAction::HoldLeg : TelephonyAction::ResumeLeg,
      it.tenant_id, it.id, leg.agent_id,
      leg.party == LegParty::Agent ? device_of(leg.agent_id) : std::string{}, leg.id, leg.number));
}

void Router::notify_call(const Interaction& it, Effects& fx) {
  std::vector<std::string> told;
  auto tell = [&](const std::string& agent_id) {
    if (agent_id.empty() || std::find(told.begin(), told.end(), agent_id) != told.end()) return;
    told.push_back(agent_id);
    fx.notify(agent_id, InteractionChanged{it});
  };
  tell(it.agent_id);
  for (const auto& leg : it.legs) {
    if (leg.party == LegParty::Agent && leg.state != LegState::Ringing) tell(leg.agent_id);
  }
  for (const auto& owed : it.owed_wrapups) tell(owed.agent_id);
}

void Router::add_work(Interaction& it, const std::string& agent_id) {
  auto& w = work_for(it.tenant_id, agent_id);
  if (w.work.insert(it.id).second) ++w.load[channel_slot(it.channel)];
}

void Router::drop_work(const Interaction& it, const std::string& agent_id) {
  auto& w = work_for(it.tenant_id, agent_id);
  if (w.work.erase(it.id) != 0) --w.load[channel_slot(it.channel)];
}

void Router::count_outside_leg(const std::string& tenant_id, int delta) {
  calls_[tenant_id] += delta;  // LI1: an extra outside leg is one more call
  server_calls_ += delta;
}

std::optional<Rejection> Router::agent_target_problem(const std::string& tenant_id,
                                                      const std::string& agent_id,
                                                      const std::string& asking_agent,
                                                      bool transfer) const {
  const Agent* a = directory_.agent(tenant_id, agent_id);
  if (a == nullptr) return not_found("agent");
  if (agent_id == asking_agent) {
    return Rejection{Reason::TargetUnavailable,
                     "an agent cannot consult or transfer to themselves"};
  }
  const auto* s = agents_.find(agent_id);
  const AgentState state = s != nullptr ? s->state : AgentState::LoggedOut;
  const bool state_ok = state == AgentState::Available || (!transfer && state == AgentState::Idle);
  if (!state_ok) {
    return Rejection{Reason::TargetUnavailable,
                     transfer ? "a transfer goes only to an Available agent (TR2)"
                              : "a consult goes only to an Available or Idle agent (CO1)",
                     {},
                     std::string(name_of(state))};
  }
  auto w = work_.find(agent_id);
  const bool busy = w != work_.end() &&
                    (w->second.load[channel_slot(Channel::Voice)] > 0 || w->second.device_busy);
  if (!s->desktop_connected || busy || a->channels.voice < 1) {
    return Rejection{Reason::TargetUnavailable,
                     "the agent is on another call, awaits its wrap-up or cannot take calls (TR2)",
                     {},
                     std::string(name_of(state))};
  }
  return std::nullopt;
}

CallTarget Router::entry_point_for_number(const std::string& tenant_id,
                                          const CallTarget& target) const {
  if (target.kind != TargetKind::DialNumber) return target;
  const EntryPoint* ep = config_.entry_point_by_number(tenant_id, target.number);
  if (ep == nullptr) return target;
  return CallTarget{TargetKind::EntryPoint, ep->id, target.number};
}

Result<const Queue*> Router::queue_target(const std::string& tenant_id, const CallTarget& target,
                                          bool transfer, Time now) const {
  const Queue* queue = nullptr;
  const EntryPoint* ep = nullptr;
  if (target.kind == TargetKind::EntryPoint) {
    ep = config_.entry_point(tenant_id, target.id);
    if (ep == nullptr) return not_found("entry point");  // CO10
    if (!is_open(*ep, now)) return Rejection{Reason::Closed, "outside business hours"};
    queue = config_.queue(tenant_id, ep->queue_id);
  } else {
    queue = config_.queue(tenant_id, target.id);
  }
  if (queue == nullptr) return not_found("queue");
  if (queue->channel != Channel::Voice) {
    return Rejection::invalid_field("target.id", "the queue does not take calls");
  }
  const bool allowed = ep != nullptr
                           ? (transfer ? ep->transfer_allowed : ep->consult_allowed)
                           : (transfer ? queue->transfer_allowed : queue->consult_allowed);
  if (!allowed) {
    return Rejection{Reason::TargetUnavailable,
                     transfer ? "not open to transfers (TR1)" : "not open to consults (CO1)"};
  }
  return queue;
}

// --- hold and resume -------------------------------------------------------------------------

Result<Interaction> Router::hold(const Principal& agent, const std::string& id,
                                 const std::string& leg_id, Time now, Effects& fx) {
  auto found = controlled(agent, id);
  if (!found) return found.rejection();
  Interaction& it = *found.value();
  if (it.agent_id != agent.agent_id) return not_initiator();
  if (it.consult && it.consult->conference) {
    return wrong_state(it, agent.agent_id, "nobody is held in a conference");
  }
  Leg* leg = leg_id.empty() ? customer_leg(it) : find_leg(it, leg_id);
  if (leg == nullptr) return not_found("leg");
  Leg* customer = customer_leg(it);
  Leg* consulted = consulted_leg(it);
  if (leg != customer && leg != consulted) {
    return Rejection::invalid_field("leg_id", "only the customer's or the consulted party's leg");
  }
  if (leg->state != LegState::Connected) {
    return wrong_state(it, agent.agent_id, "that leg is not connected");
  }
  set_leg_state(it, *leg, LegState::OnHold, fx);
  Leg* other = leg == customer ? consulted : customer;
  if (it.consult && !consult_pending(it) && other != nullptr) {
    set_leg_state(it, *other, LegState::Connected, fx);  // HO2: never both on hold
  }
  record_for(it, agent.agent_id, "held", now, fx, {{"leg_id", leg->id}});
  notify_call(it, fx);
  return it;
}

Result<Interaction> Router::resume(const Principal& agent, const std::string& id,
                                   const std::string& leg_id, Time now, Effects& fx) {
  auto found = controlled(agent, id);
  if (!found) return found.rejection();
  Interaction& it = *found.value();
  if (it.agent_id != agent.agent_id) return not_initiator();  // CO7
  if (it.consult && it.consult->conference) {
    return wrong_state(it, agent.agent_id, "nobody is held in a conference");
  }
  Leg* leg = leg_id.empty() ? customer_leg(it) : find_leg(it, leg_id);
  if (leg == nullptr) return not_found("leg");
  Leg* customer = customer_leg(it);
  Leg* consulted = consulted_leg(it);
  if (leg != customer && leg != consulted) {
    return Rejection::invalid_field("leg_id", "only the customer's or the consulted party's leg");
  }
  if (consult_pending(it)) {
    if (leg != customer) {
      return Rejection{Reason::ConsultNotAccepted, "the consulted agent has not accepted (CO4)"};
    }
    // CO4: going back to the customer abandons the consult request.
    withdraw_consult(it, WithdrawReason::Cancelled, now, fx);
    set_leg_state(it, *customer_leg(it), LegState::Connected, fx);
    record_for(it, agent.agent_id, "consult_cancelled", now, fx);
    notify_call(it, fx);
    return it;
  }
  if (leg->state != LegState::OnHold) {
    return wrong_state(it, agent.agent_id, "that leg is not on hold");
  }
  set_leg_state(it, *leg, LegState::Connected, fx);
  Leg* other = leg == customer ? consulted : customer;
  if (it.consult && other != nullptr) {
    set_leg_state(it, *other, LegState::OnHold, fx);  // HO2: switching legs
  }
  record_for(it, agent.agent_id, "resumed", now, fx, {{"leg_id", leg->id}});
  notify_call(it, fx);
  return it;
}

// --- blind transfer --------------------------------------------------------------------------

Result<Interaction> Router::transfer(const Principal& agent, const std::string& id,
                                     const CallTarget& asked, Time now, Effects& fx) {
  auto found = controlled(agent, id);
  if (!found) return found.rejection();
  Interaction& it = *found.value();
  const CallTarget target = entry_point_for_number(it.tenant_id, asked);  // CO9, TR1
  if (it.agent_id != agent.agent_id) return not_initiator();
  if (it.consult) {
    return wrong_state(it, agent.agent_id,
                       "a consult is in progress: use consult_transfer or end the consult");
  }
  const Queue* queue = nullptr;
  switch (target.kind) {
    case TargetKind::Agent:
      if (auto problem = agent_target_problem(it.tenant_id, target.id, agent.agent_id, true)) {
        return *problem;
      }
      break;
    case TargetKind::Queue:
    case TargetKind::EntryPoint: {
      auto routed = queue_target(it.tenant_id, target, true, now);
      if (!routed) return routed.rejection();
      queue = routed.value();
      break;
    }
    case TargetKind::DialNumber:
    case TargetKind::Directory:
      if (auto cap = check_caps(it.tenant_id)) return *cap;  // LI1: a transfer out
      break;
  }
  if (target.kind == TargetKind::DialNumber || target.kind == TargetKind::Directory) {
    // TR5: the call leaves for the outside number; the agent wraps up. Leg ids, not pointers:
    // add_leg may move the legs.
    const Leg* before = agent_leg(it, agent.agent_id);
    const std::string mine_id = before != nullptr ? before->id : std::string{};
    const std::string out_id =
        add_leg(it, LegParty::External, LegState::Connected, LegRole::Owner, {}, target.number).id;
    fx.telephony(
        command_for(TelephonyAction::DialOut, it.tenant_id, it.id, {}, {}, out_id, target.number));
    fx.telephony(command_for(TelephonyAction::Bridge, it.tenant_id, it.id, agent.agent_id,
                             device_of(agent.agent_id), out_id, target.number));
    if (!mine_id.empty()) {
      fx.telephony(command_for(TelephonyAction::HangupAgentLeg, it.tenant_id, it.id, agent.agent_id,
                               device_of(agent.agent_id), mine_id));
    }
    record_for(it, agent.agent_id, "transferred", now, fx,
               {{"target", std::string(name_of(target.kind))}, {"number", target.number}});
    to_wrapup(it, "transferred_out", now, fx);
    return it;
  }
  // TR5: handed over at once; the transferring agent wraps up while the call goes on.
  if (Leg* mine = agent_leg(it, agent.agent_id); mine != nullptr) {
    fx.telephony(command_for(TelephonyAction::HangupAgentLeg, it.tenant_id, it.id, agent.agent_id,
                             device_of(agent.agent_id), mine->id));
    drop_leg(it, mine->id);
  }
  if (Leg* customer = customer_leg(it); customer != nullptr) {
    set_leg_state(it, *customer, LegState::Connected, fx);
  }
  it.agent_id.clear();
  it.transferred_by = agent.agent_id;
  const std::string from_queue = it.queue_id;  // the wrap-up follows the queue the call came from
  record_for(it, agent.agent_id, "transferred", now, fx,
             {{"target", std::string(name_of(target.kind))}, {"target_id", target.id}});
  if (queue == nullptr) {
    offer(it, target.id, OfferKind::Transfer, now, fx);
    leave_with_wrapup(it, agent.agent_id, "transferred", from_queue, now, fx);
    return it;
  }
  it.queue_id = queue->id;
  it.priority = queue->priority;
  it.phase = Phase::Queued;
  it.enqueued_at = it.queue_entered_at = now;
  it.arrival = ++arrivals_;
  enqueue(it, now, fx);
  leave_with_wrapup(it, agent.agent_id, "transferred", from_queue, now, fx);
  const std::string kept = it.id;
  match_contact(it, now, fx);  // TR4: never back to the transferring agent
  return interactions_.at(kept);
}

void Router::transfer_unanswered(Interaction& it, Time now, Effects& fx) {
  const auto* tenant = directory_.tenant(it.tenant_id);
  if (tenant != nullptr && tenant->settings.requeue_on_transfer_no_answer) {
    record(it, "transfer_requeued", now, fx);
    match_contact(it, now, fx);
    return;
  }
  // TR3: by default the customer is released.
  fx.telephony(command_for(TelephonyAction::HangupCustomer, it.tenant_id, it.id, {}, {}));
  finish(it, "transfer_not_answered", now, fx);
}

// --- wrap-ups owed by agents who left --------------------------------------------------------

void Router::leave_with_wrapup(Interaction& it, const std::string& agent_id,
                               const std::string& reason, const std::string& queue_id, Time now,
                               Effects& fx) {
  const auto* q = config_.queue(it.tenant_id, queue_id);
  OwedWrapup owed{agent_id, std::nullopt, reason};
  if (q != nullptr && q->wrapup_timeout_ms > 0) {
    owed.deadline = now + Duration{q->wrapup_timeout_ms};
    fx.arm({TimerKind::OwedWrapup, it.id + "|" + agent_id}, *owed.deadline);
  }
  it.owed_wrapups.push_back(owed);
  record_for(it, agent_id, reason, now, fx);
  notify_call(it, fx);
  fx.notify(agent_id, WrapupRequired{it.id, owed.deadline});
  notify_presence(agent_id, fx);  // display: WrapUp
}

void Router::settle_owed(Interaction& it, const std::string& agent_id, const std::string& code_id,
                         const std::string& reason, Time now, Effects& fx) {
  std::erase_if(it.owed_wrapups, [&](const OwedWrapup& w) { return w.agent_id == agent_id; });
  fx.cancel({TimerKind::OwedWrapup, it.id + "|" + agent_id});
  record_for(it, agent_id, reason, now, fx, {{"wrapup_code_id", code_id}});
  drop_work(it, agent_id);
  fx.notify(agent_id, InteractionEnded{it.id, reason});
  if (it.channel == Channel::Voice) notify_presence(agent_id, fx);
  const std::string tenant_id = it.tenant_id;
  if (it.phase == Phase::Ended && it.owed_wrapups.empty()) {
    const std::string id = it.id;  // the key must outlive the element it erases
    interactions_.erase(id);
  }
  auto& w = work_for(tenant_id, agent_id);
  w.since = std::max(w.since, now);
  reindex(agent_id);
  match_agent(agent_id, now, fx);
}

}  // namespace ccr::core
