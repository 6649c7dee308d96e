// Router: consult (CO1-CO10), consult transfer and conference (CO11-CO13). io thread only.
#include "core/call_legs.hpp"
#include "core/crud_rules.hpp"
#include "core/names.hpp"
#include "core/router.hpp"
#include "core/router_detail.hpp"

namespace ccr::core {
Result<Interaction> Router::consult(const Principal& agent, const std::string& id,
                                    const CallTarget& asked, Time now, Effects& fx) {
  auto found = controlled(agent, id);
  if (!found) return found.rejection();
  Interaction& it = *found.value();
  const CallTarget target = entry_point_for_number(it.tenant_id, asked);  // CO9: EP-DN
  if (it.agent_id != agent.agent_id) {
    return Rejection{Reason::NotConsultInitiator, "only the agent who owns the call may consult"};
  }
  if (it.consult) return wrong_state(it, agent.agent_id, "a consult is already in progress");
  const Queue* queue = nullptr;
  switch (target.kind) {
    case TargetKind::Agent:
      if (auto problem = agent_target_problem(it.tenant_id, target.id, agent.agent_id, false)) {
        return *problem;
      }
      break;
    case TargetKind::DialNumber:
    case TargetKind::Directory:
      if (auto cap = check_caps(it.tenant_id)) return *cap;  // LI1: one more outside leg
      break;
    case TargetKind::Queue:
    case TargetKind::EntryPoint: {
      auto routed = queue_target(it.tenant_id, target, false, now);
      if (!routed) return routed.rejection();
      queue = routed.value();
      break;
    }
  }
  set_leg_state(it, *customer_leg(it), LegState::OnHold, fx);  // CO2
  if (target.kind == TargetKind::DialNumber || target.kind == TargetKind::Directory) {
    Leg& out =
        add_leg(it, LegParty::External, LegState::Connected, LegRole::Consulted, {}, target.number);
    count_outside_leg(it.tenant_id, +1);
    it.consult =
        Consult{agent.agent_id, out.id, target.kind, target.id, std::nullopt, false, {}, now};
    fx.telephony(
        command_for(TelephonyAction::DialOut, it.tenant_id, it.id, {}, {}, out.id, target.number));
    record_for(it, agent.agent_id, "consult_started", now, fx,
               {{"target", std::string(name_of(target.kind))}, {"number", target.number}});
    notify_call(it, fx);
    return it;
  }
  it.consult = Consult{agent.agent_id, {}, target.kind, target.id, std::nullopt, false, {}, now};
  if (queue != nullptr) {  // routed like a contact, never to the initiator
    it.consult->queue_id = queue->id;
    it.consult->by_entry_point_number = asked.kind == TargetKind::DialNumber;
    std::vector<std::pair<std::string, std::string>> fields = {
        {"target", std::string(name_of(target.kind))}, {"target_id", target.id}};
    if (it.consult->by_entry_point_number) fields.emplace_back("number", target.number);
    record_for(it, agent.agent_id, "consult_requested", now, fx, std::move(fields));
    if (!match_consult(it, now, fx)) {
      find_or_add(consults_waiting_, key_view(it.tenant_id, queue->id))->second.emplace(now, it.id);
      notify_call(it, fx);
    }
    return it;
  }
  record_for(it, agent.agent_id, "consult_requested", now, fx,
             {{"target", "agent"}, {"target_id", target.id}});
  offer_consult(it, target.id, now, fx);
  return it;
}

void Router::offer_consult(Interaction& it, const std::string& consulted, Time now, Effects& fx) {
  const auto* q = config_.queue(it.tenant_id,
                                it.consult->queue_id.empty() ? it.queue_id : it.consult->queue_id);
  const Time expires = now + Duration{q != nullptr ? q->rona_timeout_ms : 15000};
  Leg& leg = add_leg(it, LegParty::Agent, LegState::Ringing, LegRole::Consulted, consulted,
                     device_of(consulted));
  const std::string leg_id = leg.id;
  it.consult->leg_id = leg_id;
  it.consult->offer = Offer{it.id + ".o" + std::to_string(++it.offers_made), consulted,
                            OfferKind::Consult, now, expires};
  auto& w = work_for(it.tenant_id, consulted);
  w.offers.insert(stack_entry(it, *it.consult->offer));
  ++w.load[channel_slot(it.channel)];
  w.since = now;  // fairness, as for any offer
  w.seq = ++ready_seq_;
  reindex(consulted);
  fx.arm({TimerKind::ConsultRing, it.id}, expires);
  record_for(it, consulted, "consult_offered", now, fx);
  notify_call(it, fx);
  fx.notify(consulted, OfferConnecting{it.id, it.channel});
  fx.notify(consulted, describe_offer(it, consulted));
  notify_stack(consulted, fx);
  fx.telephony(command_for(TelephonyAction::RingAgent, it.tenant_id, it.id, consulted,
                           device_of(consulted), leg_id));
}

void Router::withdraw_consult(Interaction& it, WithdrawReason reason, Time now, Effects& fx) {
  if (!it.consult) return;
  if (it.consult->offer) {
    const std::string consulted = it.consult->offer->agent_id;
    cancel_consult_offer(it, reason, now, fx);
    match_agent(consulted, now, fx);  // agent 2's freed capacity takes the next waiting work
    return;
  }
  auto waiting = consults_waiting_.find(key_view(it.tenant_id, it.consult->queue_id));
  if (waiting != consults_waiting_.end()) {
    waiting->second.erase({it.consult->requested_at, it.id});
    if (waiting->second.empty()) consults_waiting_.erase(waiting);
  }
  it.consult.reset();
  record_for(it, it.agent_id, "consult_withdrawn", now, fx);
}

void Router::accept_consult(Interaction& it, Time now, Effects& fx) {
  const std::string consulted = it.consult->offer->agent_id;
  auto& w = work_for(it.tenant_id, consulted);
  remove_offer(w, it.id);
  w.work.insert(it.id);  // the offer's load stays: agent 2 is on the call (CO3)
  fx.cancel({TimerKind::ConsultRing, it.id});
  it.consult->offer.reset();
  if (Leg* leg = consulted_leg(it)) leg->state = LegState::Connected;
  record_for(it, consulted, "consult_accepted", now, fx);
  notify_call(it, fx);
  notify_stack(consulted, fx);
  notify_presence(consulted, fx);  // display: Engaged
}

void Router::cancel_consult_offer(Interaction& it, WithdrawReason reason, Time now, Effects& fx) {
  const Offer offer = *it.consult->offer;
  const std::string leg_id = it.consult->leg_id;
  auto& w = work_for(it.tenant_id, offer.agent_id);
  remove_offer(w, it.id);
  --w.load[channel_slot(it.channel)];
  fx.cancel({TimerKind::ConsultRing, it.id});
  fx.telephony(command_for(TelephonyAction::HangupAgentLeg, it.tenant_id, it.id, offer.agent_id,
                           device_of(offer.agent_id), leg_id));
  drop_leg(it, leg_id);
  it.consult.reset();
  record_for(it, offer.agent_id, "consult_offer_withdrawn", now, fx);
  fx.notify(offer.agent_id, OfferWithdrawn{offer.id, it.id, reason});
  notify_stack(offer.agent_id, fx);
  reindex(offer.agent_id);
}

void Router::consult_failed(Interaction& it, ConsultFailure reason, Time now, Effects& fx) {
  record_for(it, it.agent_id, "consult_failed", now, fx,
             {{"reason", std::string(name_of(reason))}});
  fx.notify(it.agent_id, ConsultFailed{it.id, reason});
  notify_call(it, fx);  // the customer stays on hold: agent 1 resumes (CO5, CO6)
}

void Router::release_consulted(Interaction& it, const std::string& reason, Time now, Effects& fx) {
  if (!it.consult) return;
  if (consult_pending(it)) {
    withdraw_consult(it, WithdrawReason::Cancelled, now, fx);
    return;
  }
  Leg* leg = consulted_leg(it);
  it.consult.reset();
  if (leg == nullptr) return;
  const Leg gone = *leg;
  drop_leg(it, gone.id);
  if (gone.party == LegParty::External) {
    fx.telephony(
        command_for(TelephonyAction::HangupLeg, it.tenant_id, it.id, {}, {}, gone.id, gone.number));
    count_outside_leg(it.tenant_id, -1);
    return;
  }
  // CO7, CO8, CO12: agent 2 leaves without a wrap-up.
  fx.telephony(command_for(TelephonyAction::HangupAgentLeg, it.tenant_id, it.id, gone.agent_id,
                           device_of(gone.agent_id), gone.id));
  drop_work(it, gone.agent_id);
  record_for(it, gone.agent_id, reason, now, fx);
  fx.notify(gone.agent_id, InteractionEnded{it.id, reason});
  notify_presence(gone.agent_id, fx);
  auto& w = work_for(it.tenant_id, gone.agent_id);
  w.since = std::max(w.since, now);
  reindex(gone.agent_id);
  match_agent(gone.agent_id, now, fx);
}

Result<Interaction> Router::consult_end(const Principal& agent, const std::string& id, Time now,
                                        Effects& fx) {
  auto found = controlled(agent, id);
  if (!found) return found.rejection();
  Interaction& it = *found.value();
  if (it.agent_id != agent.agent_id) {
    return Rejection{Reason::NotConsultInitiator, "only the initiator ends a consult (CO7, CO8)"};
  }
  if (!it.consult || it.consult->conference) {
    return wrong_state(it, agent.agent_id, "no consult is in progress");
  }
  if (consult_pending(it)) {  // CO8: before agent 2 accepts, agent 1 stays with the customer
    withdraw_consult(it, WithdrawReason::Cancelled, now, fx);
    set_leg_state(it, *customer_leg(it), LegState::Connected, fx);
    record_for(it, agent.agent_id, "consult_cancelled", now, fx);
    notify_call(it, fx);
    return it;
  }
  // CO8: the customer and agent 2 leave; agent 1 wraps up, agent 2 does not.
  release_consulted(it, "consult_ended", now, fx);
  fx.telephony(command_for(TelephonyAction::HangupCustomer, it.tenant_id, it.id, it.agent_id,
                           device_of(it.agent_id)));
  to_wrapup(it, "consult_ended", now, fx);
  return it;
}

Result<Interaction> Router::consult_exit(const Principal& agent, const std::string& id, Time now,
                                         Effects& fx) {
  auto found = controlled(agent, id);
  if (!found) return found.rejection();
  Interaction& it = *found.value();
  if (!it.consult || it.agent_id == agent.agent_id) {
    return wrong_state(it, agent.agent_id, "only the consulted agent exits a consult (CO7)");
  }
  if (consult_pending(it)) {
    return wrong_state(it, agent.agent_id, "the consult is not accepted: decline the offer (CO6)");
  }
  if (it.consult->conference) {
    return wrong_state(it, agent.agent_id, "in a conference, use conference_exit (CO13)");
  }
  release_consulted(it, "consult_exited", now, fx);  // CO7: no wrap-up for agent 2
  record_for(it, it.agent_id, "consult_exited", now, fx);
  notify_call(it, fx);
  return it;
}

void Router::hand_over(Interaction& it, Time now, Effects& fx) {
  const std::string from = it.agent_id;
  Leg* to = consulted_leg(it);
  Leg* customer = customer_leg(it);
  fx.telephony(command_for(TelephonyAction::Bridge, it.tenant_id, it.id, to->agent_id,
                           to->party == LegParty::Agent ? device_of(to->agent_id) : std::string{},
                           to->id, to->number));
  if (to->party == LegParty::External) {  // the call leaves the center: agent 1 wraps up
    if (const Leg* mine = agent_leg(it, from)) {
      fx.telephony(command_for(TelephonyAction::HangupAgentLeg, it.tenant_id, it.id, from,
                               device_of(from), mine->id));
    }
    it.consult.reset();
    count_outside_leg(it.tenant_id, -1);
    customer->state = LegState::Connected;
    to_wrapup(it, "transferred_out", now, fx);
    return;
  }
  if (const Leg* mine = agent_leg(it, from)) {
    fx.telephony(command_for(TelephonyAction::HangupAgentLeg, it.tenant_id, it.id, from,
                             device_of(from), mine->id));
    drop_leg(it, mine->id);
  }
  to = consulted_leg(it);
  to->role = LegRole::Owner;
  to->state = LegState::Connected;
  customer_leg(it)->state = LegState::Connected;
  it.agent_id = to->agent_id;  // CO13: the call is agent 2's at once
  it.consult.reset();
  leave_with_wrapup(it, from, "transferred", it.queue_id, now, fx);  // CO11: agent 1 wraps up
}

Result<Interaction> Router::consult_transfer(const Principal& agent, const std::string& id,
                                             Time now, Effects& fx) {
  auto found = controlled(agent, id);
  if (!found) return found.rejection();
  Interaction& it = *found.value();
  if (it.agent_id != agent.agent_id) {
    return Rejection{Reason::NotConsultInitiator, "only the initiator transfers (CO11)"};
  }
  if (!it.consult || it.consult->conference) {
    return wrong_state(it, agent.agent_id, "no consult is in progress");
  }
  if (consult_pending(it)) {
    return Rejection{Reason::ConsultNotAccepted, "the consulted agent has not accepted (CO4)"};
  }
  hand_over(it, now, fx);
  return it;
}

Result<Interaction> Router::conference(const Principal& agent, const std::string& id, Time now,
                                       Effects& fx) {
  auto found = controlled(agent, id);
  if (!found) return found.rejection();
  Interaction& it = *found.value();
  if (it.agent_id != agent.agent_id) {
    return Rejection{Reason::NotConsultInitiator, "only the initiator starts a conference (CO11)"};
  }
  if (!it.consult || it.consult->conference) {
    return wrong_state(it, agent.agent_id, "no consult is in progress");
  }
  if (consult_pending(it)) {
    return Rejection{Reason::ConsultNotAccepted, "the consulted agent has not accepted (CO4)"};
  }
  it.consult->conference = true;
  Leg* customer = customer_leg(it);
  Leg* consulted = consulted_leg(it);
  // The command names the leg that was held, so that a failure can hold it again.
  const std::string held = customer->state == LegState::OnHold ? customer->id : consulted->id;
  customer->state = LegState::Connected;
  consulted->state = LegState::Connected;
  consulted->role = LegRole::Conference;
  fx.telephony(command_for(TelephonyAction::Conference, it.tenant_id, it.id, agent.agent_id,
                           device_of(agent.agent_id), held));
  record_for(it, agent.agent_id, "conference_started", now, fx);
  notify_call(it, fx);
  return it;
}

Result<Interaction> Router::conference_exit(const Principal& agent, const std::string& id, Time now,
                                            Effects& fx) {
  auto found = controlled(agent, id);
  if (!found) return found.rejection();
  Interaction& it = *found.value();
  if (!it.consult || !it.consult->conference) {
    return wrong_state(it, agent.agent_id, "no conference is in progress");
  }
  if (it.agent_id == agent.agent_id) {  // CO13: agent 1 leaves and wraps up
    hand_over(it, now, fx);
    return it;
  }
  release_consulted(it, "conference_exited", now, fx);  // CO13: agent 2 leaves
  record_for(it, it.agent_id, "conference_exited", now, fx);
  notify_call(it, fx);
  return it;
}

}  // namespace ccr::core
