#include "core/router.hpp"

#include <algorithm>

#include "core/call_legs.hpp"
#include "core/crud_rules.hpp"
#include "core/names.hpp"
#include "core/router_detail.hpp"
#include "core/variable_rules.hpp"

namespace ccr::core {
namespace {

// OF4: emails, social messages, chats, calls; within a channel, earliest first.
int stack_rank(Channel c) {
  switch (c) {
    case Channel::Email:
      return 0;
    case Channel::Social:
      return 1;
    case Channel::Chat:
      return 2;
    case Channel::Voice:
      return 3;
  }
  return 4;
}

}  // namespace

Router::Router(const Directory& directory, const RoutingConfig& config, AgentBoard& agents,
               RouterOptions options)
    : directory_(directory), config_(config), agents_(agents), options_(options) {}

Router::AgentWork& Router::work_for(const std::string& tenant_id, const std::string& agent_id) {
  auto& w = work_[agent_id];
  w.tenant_id = tenant_id;
  return w;
}

Interaction* Router::find(const std::string& tenant_id, const std::string& id) {
  auto it = interactions_.find(id);
  return it == interactions_.end() || it->second.tenant_id != tenant_id ? nullptr : &it->second;
}

const Interaction* Router::interaction(const std::string& tenant_id, const std::string& id) const {
  auto it = interactions_.find(id);
  return it == interactions_.end() || it->second.tenant_id != tenant_id ? nullptr : &it->second;
}

std::string Router::dial_number_of(const Interaction& it) const {
  return device_of(it.offer ? it.offer->agent_id : it.agent_id);
}

std::string Router::device_of(const std::string& agent_id) const {
  const auto* s = agents_.find(agent_id);
  return s == nullptr ? std::string{} : s->dial_number;
}

const Offer* Router::offer_for(const Interaction& it, const std::string& agent_id) const {
  if (it.offer && it.offer->agent_id == agent_id) return &*it.offer;
  if (it.consult && it.consult->offer && it.consult->offer->agent_id == agent_id) {
    return &*it.consult->offer;
  }
  return nullptr;
}

void Router::record(const Interaction& it, const std::string& what, Time now, Effects& fx) {
  record_for(it, it.offer ? it.offer->agent_id : it.agent_id, what, now, fx);
}

void Router::record_for(const Interaction& it, const std::string& agent_id, const std::string& what,
                        Time now, Effects& fx,
                        std::vector<std::pair<std::string, std::string>> extra) {
  fx.persist(InteractionPut{it});
  std::vector<std::pair<std::string, std::string>> fields = {
      {"what", what},
      {"phase", std::string(name_of(it.phase))},
      {"state", std::string(state_label(it, {}))},
      {"queue_id", it.queue_id},
      {"channel", std::string(name_of(it.channel))}};
  for (auto& f : extra) fields.push_back(std::move(f));
  fx.persist(EventAppended{it.tenant_id, now, "interaction", agent_id, it.id, std::move(fields)});
}

std::optional<Rejection> Router::check_caps(const std::string& tenant_id) const {
  const auto* tenant = directory_.tenant(tenant_id);
  auto open = calls_.find(tenant_id);
  const std::int64_t tenant_calls = open == calls_.end() ? 0 : open->second;
  if (tenant != nullptr && tenant_calls >= tenant->settings.max_concurrent_calls) {
    Rejection r{
        Reason::CallCapReached, "the tenant's simultaneous-call cap is reached (LI1)", {}, {}};
    r.scope = "tenant";
    return r;
  }
  if (server_calls_ >= options_.server_call_cap) {
    Rejection r{
        Reason::CallCapReached, "the server's simultaneous-call cap is reached (LI1)", {}, {}};
    r.scope = "server";
    return r;
  }
  return std::nullopt;
}

Result<Interaction> Router::add_contact(NewContact c, Time now, Effects& fx) {
  const auto* ep = config_.entry_point(c.tenant_id, c.entry_point_id);
  if (ep == nullptr) return Rejection::invalid_field("entry_point_id", "unknown entry point");
  if (ep->channel != c.channel) {
    return Rejection::invalid_field("channel", "the entry point serves another channel");
  }
  const auto* q = config_.queue(c.tenant_id, ep->queue_id);
  if (q == nullptr) return Rejection{Reason::Internal, "the entry point has no queue", {}, {}};
  Rejection invalid{Reason::ValidationFailed, "validation failed", {}, {}};
  std::vector<VariableValue> values;
  for (const auto& [name, value] : c.variables) {
    auto def = std::find_if(ep->variables.begin(), ep->variables.end(),
                            [&](const VariableDef& d) { return d.name == name; });
    if (def == ep->variables.end()) {
      invalid.errors.push_back({"variables." + name, "not defined on the entry point"});
    } else if (auto problem = variable_value_problem(def->type, value)) {
      invalid.errors.push_back({"variables." + name, *problem});
    } else {
      values.push_back({name, value, 1});
    }
  }
  if (!invalid.errors.empty()) return invalid;
  if (!is_open(*ep, now)) return Rejection{Reason::Closed, "outside business hours", {}, {}};
  if (c.channel == Channel::Voice) {
    if (auto cap = check_caps(c.tenant_id)) return *cap;
  }
  if (static_cast<std::int64_t>(waiting(c.tenant_id, q->id)) >= q->max_length) {
    return Rejection{Reason::QueueFull, "the queue is full", {}, {}};
  }
  Interaction it;
  it.id = std::move(c.id);
  it.tenant_id = c.tenant_id;
  it.entry_point_id = ep->id;
  it.queue_id = q->id;
  it.channel = c.channel;
  it.ani = std::move(c.ani);
  it.dnis = std::move(c.dnis);
  it.external_id = std::move(c.external_id);
  it.variables = std::move(values);
  it.created_at = it.enqueued_at = it.queue_entered_at = now;
  it.arrival = ++arrivals_;
  it.priority = q->priority;
  add_leg(it, LegParty::Customer, LegState::Connected, LegRole::Owner, {}, it.ani);
  if (it.channel == Channel::Voice) {
    ++calls_[it.tenant_id];
    ++server_calls_;
  }
  auto& stored = interactions_[it.id] = std::move(it);
  enqueue(stored, now, fx);
  record(stored, "created", now, fx);
  const std::string id = stored.id;
  match_contact(stored, now, fx);
  return interactions_.at(id);  // as it stands after matching (Queued or already Offered)
}

// --- offers ----------------------------------------------------------------------------------

void Router::offer(Interaction& it, const std::string& agent_id, OfferKind kind, Time now,
                   Effects& fx) {
  const auto* q = config_.queue(it.tenant_id, it.queue_id);
  dequeue(it);
  cancel_waiting_timers(it, fx);
  it.phase = Phase::Offered;
  const auto rona = Duration{q != nullptr ? q->rona_timeout_ms : 15000};
  it.offer =
      Offer{it.id + ".o" + std::to_string(++it.offers_made), agent_id, kind, now, now + rona};
  add_leg(it, LegParty::Agent, LegState::Ringing, LegRole::Owner, agent_id, device_of(agent_id));
  auto& w = work_for(it.tenant_id, agent_id);
  w.offers.insert(it.id);
  ++w.load[channel_slot(it.channel)];
  w.since = now;  // fairness: the agent goes to the back of the longest-available order
  w.seq = ++ready_seq_;
  reindex(agent_id);
  fx.arm({TimerKind::RingTimeout, it.id}, it.offer->expires_at);
  record(it, "offered", now, fx);

  fx.notify(agent_id, OfferConnecting{it.id, it.channel});
  fx.notify(agent_id, describe_offer(it, agent_id));
  notify_stack(agent_id, fx);
  if (it.channel == Channel::Voice) {
    fx.telephony(command_for(TelephonyAction::RingAgent, it.tenant_id, it.id, agent_id,
                             dial_number_of(it), agent_leg(it, agent_id)->id));
  }
}

OfferMade Router::describe_offer(const Interaction& it, const std::string& agent_id) const {
  const auto* q = config_.queue(it.tenant_id, it.queue_id);
  const auto* ep = config_.entry_point(it.tenant_id, it.entry_point_id);
  const Offer* pending = offer_for(it, agent_id);
  OfferMade made{pending != nullptr ? *pending : Offer{},
                 it.id,
                 it.channel,
                 {},
                 it.queue_id,
                 q ? q->name : "",
                 it.ani,
                 it.dnis};
  std::size_t limit = kMaxOfferVariables;
  if (made.offer.kind == OfferKind::Consult) {  // OF7: who is asking comes first
    const auto* s = agents_.find(it.agent_id);
    const Agent* initiator = directory_.agent(it.tenant_id, it.agent_id);
    const Team* team = s != nullptr ? directory_.team(it.tenant_id, s->team_id) : nullptr;
    made.variables.push_back(
        {"initiator_name", "Consulting agent", initiator != nullptr ? initiator->name : ""});
    made.variables.push_back(
        {"initiator_dial_number", "Consulting agent's DN", s != nullptr ? s->dial_number : ""});
    made.variables.push_back(
        {"initiator_team", "Consulting agent's team", team != nullptr ? team->name : ""});
    limit += made.variables.size();
  }
  if (ep != nullptr) {
    std::vector<const VariableDef*> shown;
    for (const auto& def : ep->variables) {
      if (def.in_offer && !def.secure) shown.push_back(&def);
    }
    std::stable_sort(shown.begin(), shown.end(),
                     [](const auto* a, const auto* b) { return a->order < b->order; });
    for (const auto* def : shown) {
      if (made.variables.size() == limit) break;
      auto v = std::find_if(it.variables.begin(), it.variables.end(),
                            [&](const VariableValue& x) { return x.name == def->name; });
      made.variables.push_back({def->name, def->label, v == it.variables.end() ? "" : v->value});
    }
  }
  const OfferVariable defaults[] = {
      {"ani", "ANI", it.ani}, {"dnis", "DNIS", it.dnis}, {"queue", "Queue", made.queue_name}};
  for (const auto& d : defaults) {  // OF6: fewer than 3 are topped up
    if (made.offer.kind == OfferKind::Consult || made.variables.size() >= kMinOfferVariables) break;
    made.variables.push_back(d);
  }
  return made;
}

void Router::notify_presence(const std::string& agent_id, Effects& fx) {
  if (const auto* s = agents_.find(agent_id)) fx.notify(agent_id, AgentStateChanged{*s});
}

std::optional<Phase> Router::voice_work(const std::string& agent_id) const {
  std::optional<Phase> phase;
  for (const auto* it : work_of(agent_id)) {
    if (it->channel != Channel::Voice) continue;
    const Phase mine = phase_for(*it, agent_id);
    if (mine == Phase::Active) return Phase::Active;
    if (mine == Phase::WrapUp) phase = mine;
  }
  return phase;
}

void Router::notify_stack(const std::string& agent_id, Effects& fx) {
  OfferStackChanged stack;
  for (const auto* it : offers_for(agent_id)) {
    stack.offer_ids.push_back(offer_for(*it, agent_id)->id);
  }
  fx.notify(agent_id, std::move(stack));
}

void Router::withdraw(Interaction& it, WithdrawReason reason, Time now, Effects& fx) {
  if (it.phase != Phase::Offered || !it.offer) return;
  const Offer offer = *it.offer;
  auto& w = work_for(it.tenant_id, offer.agent_id);
  w.offers.erase(it.id);
  --w.load[channel_slot(it.channel)];
  fx.cancel({TimerKind::RingTimeout, it.id});
  if (it.channel == Channel::Voice) {
    const Leg* ringing = agent_leg(it, offer.agent_id);
    fx.telephony(command_for(TelephonyAction::HangupAgentLeg, it.tenant_id, it.id, offer.agent_id,
                             dial_number_of(it), ringing != nullptr ? ringing->id : ""));
  }
  it.offer.reset();
  if (const Leg* ringing = agent_leg(it, offer.agent_id)) drop_leg(it, ringing->id);
  if (reason == WithdrawReason::CustomerLeft) {
    it.phase = Phase::Ended;
  } else {
    enqueue(it, now, fx);  // back in line at its original place (OF2, OF11)
  }
  record(it, "offer_withdrawn", now, fx);
  fx.notify(offer.agent_id, OfferWithdrawn{offer.id, it.id, reason});
  notify_stack(offer.agent_id, fx);
  reindex(offer.agent_id);
}

Result<Interaction*> Router::pending_offer(const Principal& agent, const std::string& offer_id) {
  const auto dot = offer_id.rfind(".o");
  if (dot == std::string::npos) return offer_gone();
  Interaction* it = find(agent.tenant_id, offer_id.substr(0, dot));
  const Offer* pending = it == nullptr ? nullptr : offer_for(*it, agent.agent_id);
  if (pending == nullptr || pending->id != offer_id) return offer_gone();
  return it;
}

void Router::take_offer(Interaction& it, Time now, Effects& fx) {
  const std::string agent_id = it.offer->agent_id;
  auto& w = work_for(it.tenant_id, agent_id);
  w.offers.erase(it.id);
  w.work.insert(it.id);
  fx.cancel({TimerKind::RingTimeout, it.id});
  it.offer.reset();
  it.phase = Phase::Active;
  it.agent_id = agent_id;
  it.transferred_by.clear();
  // AN1 (voice answered), EN4 (digital: connected on accept)
  if (Leg* mine = agent_leg(it, agent_id)) mine->state = LegState::Connected;
  record(it, "accepted", now, fx);
  fx.notify(agent_id, InteractionChanged{it});
  notify_stack(agent_id, fx);
  if (it.channel == Channel::Voice) notify_presence(agent_id, fx);  // display: Engaged
}

Result<Interaction> Router::accept(const Principal& agent, const std::string& offer_id, Time now,
                                   Effects& fx) {
  auto found = pending_offer(agent, offer_id);
  if (!found) return found.rejection();
  Interaction& it = *found.value();
  if (it.channel == Channel::Voice) {
    fx.telephony(command_for(TelephonyAction::ConnectAgent, it.tenant_id, it.id, agent.agent_id,
                             device_of(agent.agent_id), agent_leg(it, agent.agent_id)->id));
  }
  if (it.consult && it.consult->offer && it.consult->offer->id == offer_id) {
    accept_consult(it, now, fx);
  } else {
    take_offer(it, now, fx);
  }
  return it;
}

std::vector<AcceptOutcome> Router::accept_all(const Principal& agent, Time now, Effects& fx) {
  std::vector<AcceptOutcome> out;
  std::vector<std::string> offer_ids;
  for (const auto* it : offers_for(agent.agent_id)) {
    if (it->channel != Channel::Voice) offer_ids.push_back(offer_for(*it, agent.agent_id)->id);
  }
  for (const auto& id : offer_ids) {
    auto done = accept(agent, id, now, fx);
    out.push_back({id, done ? std::nullopt : std::optional<Rejection>(done.rejection())});
  }
  return out;
}

Status Router::decline(const Principal& agent, const std::string& offer_id, Time now, Effects& fx) {
  auto found = pending_offer(agent, offer_id);
  if (!found) return found.rejection();
  Interaction& it = *found.value();
  if (it.consult && it.consult->offer && it.consult->offer->id == offer_id) {
    cancel_consult_offer(it, WithdrawReason::Cancelled, now, fx);  // CO6
    consult_failed(it, ConsultFailure::Declined, now, fx);
    match_agent(agent.agent_id, now, fx);  // the decliner stays Available (OF11)
    return Done{};
  }
  const auto* q = config_.queue(it.tenant_id, it.queue_id);
  it.declined_until[agent.agent_id] = now + Duration{q != nullptr ? q->rona_timeout_ms : 15000};
  if (it.offer->kind == OfferKind::Transfer) {
    withdraw(it, WithdrawReason::Cancelled, now, fx);
    transfer_unanswered(it, now, fx);  // TR3
    match_agent(agent.agent_id, now, fx);
    return Done{};
  }
  withdraw(it, WithdrawReason::Cancelled, now, fx);
  match_contact(it, now, fx);
  match_agent(agent.agent_id, now, fx);
  return Done{};
}

void Router::ring_timeout(Interaction& it, Time now, Effects& fx) {
  if (it.phase != Phase::Offered || !it.offer) return;
  const std::string agent_id = it.offer->agent_id;
  const bool transfer = it.offer->kind == OfferKind::Transfer;
  withdraw(it, WithdrawReason::Rona, now, fx);
  agents_.ring_no_answer(agent_id, now, fx);       // OF2, AS2: only the agent leaves RONA
  agent_changed(it.tenant_id, agent_id, now, fx);  // a RONA agent's other offers go back too
  if (transfer) {
    transfer_unanswered(it, now, fx);  // TR3
  } else {
    match_contact(it, now, fx);
  }
}

// --- timers, queries, recovery ---------------------------------------------------------------

void Router::timer_fired(const TimerKey& key, Time now, Effects& fx) {
  if (key.kind == TimerKind::OwedWrapup) {
    const auto bar = key.id.find('|');
    auto owed = interactions_.find(key.id.substr(0, bar));
    if (bar == std::string::npos || owed == interactions_.end()) return;
    const std::string agent_id = key.id.substr(bar + 1);
    const OwedWrapup* w = owed_wrapup(owed->second, agent_id);
    if (w != nullptr && w->deadline && *w->deadline <= now) {
      const auto* q = config_.queue(owed->second.tenant_id, owed->second.queue_id);
      settle_owed(owed->second, agent_id, q != nullptr ? q->default_wrapup_code_id : "",
                  "wrapped_up_automatically", now, fx);
    }
    return;
  }
  auto found = interactions_.find(key.id);
  if (found == interactions_.end()) return;
  Interaction& it = found->second;
  switch (key.kind) {
    case TimerKind::RingTimeout:
      if (it.offer && it.offer->expires_at <= now) ring_timeout(it, now, fx);
      break;
    case TimerKind::ConsultRing:
      if (it.consult && it.consult->offer && it.consult->offer->expires_at <= now) {
        const std::string consulted = it.consult->offer->agent_id;
        cancel_consult_offer(it, WithdrawReason::Rona, now, fx);  // CO5
        agents_.ring_no_answer(consulted, now, fx);
        agent_changed(it.tenant_id, consulted, now, fx);
        consult_failed(it, ConsultFailure::Rona, now, fx);
      }
      break;
    case TimerKind::WrapupTimeout:
      if (it.phase == Phase::WrapUp && it.wrapup_deadline && *it.wrapup_deadline <= now) {
        const auto* q = config_.queue(it.tenant_id, it.queue_id);
        it.wrapup_code_id = q != nullptr ? q->default_wrapup_code_id : std::string{};
        finish(it, "wrapped_up_automatically", now, fx);
      }
      break;
    case TimerKind::GroupWiden:
    case TimerKind::DeclineCooldown:
      if (it.phase == Phase::Queued && !match_contact(it, now, fx)) {
        arm_waiting_timers(it, now, fx);
      }
      break;
    case TimerKind::Overflow: {
      const auto* q = config_.queue(it.tenant_id, it.queue_id);
      if (it.phase != Phase::Queued || q == nullptr || !q->overflow) break;
      const auto* target = config_.queue(it.tenant_id, q->overflow->queue_id);
      if (target == nullptr ||
          static_cast<std::int64_t>(waiting(it.tenant_id, target->id)) >= target->max_length) {
        break;  // a full target: the contact keeps its place here
      }
      dequeue(it);
      cancel_waiting_timers(it, fx);
      it.queue_id = target->id;
      it.priority = target->priority;  // ordered as the target queue orders its contacts
      it.queue_entered_at = now;
      enqueue(it, now, fx);
      record(it, "overflowed", now, fx);
      match_contact(it, now, fx);
      break;
    }
    case TimerKind::DisconnectGrace:
    case TimerKind::OwedWrapup:
      break;
  }
}

std::vector<const Interaction*> Router::offers_for(const std::string& agent_id) const {
  std::vector<const Interaction*> out;
  auto w = work_.find(agent_id);
  if (w == work_.end()) return out;
  for (const auto& id : w->second.offers) out.push_back(&interactions_.at(id));
  std::sort(out.begin(), out.end(), [&](const Interaction* a, const Interaction* b) {
    const Offer* x = offer_for(*a, agent_id);
    const Offer* y = offer_for(*b, agent_id);
    return std::make_tuple(stack_rank(a->channel), x->offered_at, x->id) <
           std::make_tuple(stack_rank(b->channel), y->offered_at, y->id);
  });
  return out;
}

std::vector<const Interaction*> Router::work_of(const std::string& agent_id) const {
  std::vector<const Interaction*> out;
  auto w = work_.find(agent_id);
  if (w == work_.end()) return out;
  for (const auto& id : w->second.work) out.push_back(&interactions_.at(id));
  return out;
}

bool Router::has_offers(const std::string& agent_id) const {
  auto w = work_.find(agent_id);
  return w != work_.end() && !w->second.offers.empty();
}

bool Router::has_work(const std::string& agent_id) const {
  auto w = work_.find(agent_id);
  return w != work_.end() && !w->second.work.empty();
}

std::size_t Router::waiting(const std::string& tenant_id, const std::string& queue_id) const {
  auto q = waiting_.find({tenant_id, queue_id});
  return q == waiting_.end() ? 0 : q->second.size();
}

std::size_t Router::in_queue(const std::string& tenant_id, const std::string& queue_id) const {
  return static_cast<std::size_t>(
      std::count_if(interactions_.begin(), interactions_.end(), [&](const auto& kv) {
        return kv.second.tenant_id == tenant_id && kv.second.queue_id == queue_id &&
               kv.second.phase != Phase::Ended;
      }));
}

void Router::restore(const std::vector<Interaction>& interactions, Time now, Effects& fx) {
  std::vector<Interaction> sorted = interactions;
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.arrival < b.arrival; });
  for (auto& stored : sorted) {
    if (stored.phase == Phase::Ended && stored.owed_wrapups.empty()) continue;
    arrivals_ = std::max(arrivals_, stored.arrival);
    auto& it = interactions_[stored.id] = stored;
    if (it.legs.empty()) {  // written before legs were kept: the customer, and the agent if any
      add_leg(it, LegParty::Customer, LegState::Connected, LegRole::Owner, {}, it.ani);
      if (it.phase == Phase::Active) {
        add_leg(it, LegParty::Agent, LegState::Connected, LegRole::Owner, it.agent_id,
                device_of(it.agent_id));
      }
    }
    if (it.channel == Channel::Voice && it.phase != Phase::WrapUp && it.phase != Phase::Ended) {
      ++calls_[it.tenant_id];
      ++server_calls_;
    }
    if (consult_pending(it)) {
      // A waiting or ringing consult is not carried over: agent 1 finds the customer held.
      if (!it.consult->leg_id.empty()) drop_leg(it, it.consult->leg_id);
      it.consult.reset();
      record(it, "consult_cancelled_after_restart", now, fx);
    }
    for (const auto& leg : it.legs) {
      if (leg.party == LegParty::External && leg.state != LegState::Ended) {
        count_outside_leg(it.tenant_id, +1);
      }
      if (leg.party == LegParty::Agent && leg.role != LegRole::Owner) add_work(it, leg.agent_id);
    }
    for (const auto& owed : it.owed_wrapups) {
      add_work(it, owed.agent_id);
      if (owed.deadline)
        fx.arm({TimerKind::OwedWrapup, it.id + "|" + owed.agent_id}, *owed.deadline);
    }
    if (it.phase == Phase::Offered) {
      const std::string ringing = it.offer ? it.offer->agent_id : std::string{};
      it.offer.reset();  // a ringing offer goes back to its queue
      if (const Leg* leg = agent_leg(it, ringing)) drop_leg(it, leg->id);
      enqueue(it, now, fx);
      record(it, "requeued_after_restart", now, fx);
    } else if (it.phase == Phase::Queued) {
      enqueue(it, now, fx);
    } else if (it.phase != Phase::Ended) {
      add_work(it, it.agent_id);
      if (it.phase == Phase::WrapUp && it.wrapup_deadline) {
        fx.arm({TimerKind::WrapupTimeout, it.id}, *it.wrapup_deadline);
      }
    }
  }
}

}  // namespace ccr::core
