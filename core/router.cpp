// Router: contacts arriving (caps, variables), offers and their stack, accept, accept_all,
// decline and ring timeouts. io thread only.
#include "core/router.hpp"

#include <algorithm>

#include "core/call_legs.hpp"
#include "core/crud_rules.hpp"
#include "core/names.hpp"
#include "core/router_detail.hpp"
#include "core/variable_rules.hpp"

namespace ccr::core {

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
  fx.put_interaction(it);
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

Result<const Interaction*> Router::add_contact(NewContact c, Time now, Effects& fx) {
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
  match_contact(stored, now, fx);
  return &stored;
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
  w.offers.insert(stack_entry(it, *it.offer));
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
    const bool by_number = it.consult && it.consult->by_entry_point_number;  // 7, not 9
    if (!by_number) {
      const Agent* initiator = directory_.agent(it.tenant_id, it.agent_id);
      made.variables.push_back(
          {"initiator_name", "Consulting agent", initiator != nullptr ? initiator->name : ""});
    }
    made.variables.push_back(
        {"initiator_dial_number", "Consulting agent's DN", s != nullptr ? s->dial_number : ""});
    if (!by_number) {
      const Team* team = s != nullptr ? directory_.team(it.tenant_id, s->team_id) : nullptr;
      made.variables.push_back(
          {"initiator_team", "Consulting agent's team", team != nullptr ? team->name : ""});
    }
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
  if (auto w = work_.find(agent_id); w != work_.end()) {
    stack.offer_ids.reserve(w->second.offers.size());
    for (const auto& entry : w->second.offers) stack.offer_ids.push_back(std::get<2>(entry.key));
  }
  fx.notify(agent_id, std::move(stack));
}

void Router::withdraw(Interaction& it, WithdrawReason reason, Time now, Effects& fx) {
  if (it.phase != Phase::Offered || !it.offer) return;
  const Offer offer = *it.offer;
  auto& w = work_for(it.tenant_id, offer.agent_id);
  remove_offer(w, it.id);
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
  remove_offer(w, it.id);
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

}  // namespace ccr::core
