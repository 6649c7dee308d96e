// Router: timers (ring, wrap-up, owed wrap-up, queue steps), read-only queries for the desktop
// and the REST API, and restoring interactions after a restart. io thread only.
#include <algorithm>
#include <tuple>

#include "core/call_legs.hpp"
#include "core/router.hpp"
#include "core/router_detail.hpp"

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

void Router::hang_up_ringing(const Interaction& it, const Leg& leg, Effects& fx) const {
  if (leg.party != LegParty::Agent) return;  // an outside leg is connected at once, never rings
  // The leg's own number: agent sessions may not be restored yet, and an empty device would
  // hang up every agent leg of the call.
  fx.telephony(command_for(TelephonyAction::HangupAgentLeg, it.tenant_id, it.id, leg.agent_id,
                           leg.number, leg.id));
}

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

Router::StackEntry Router::stack_entry(const Interaction& it, const Offer& offer) {
  return {{stack_rank(it.channel), offer.offered_at, offer.id}, it.id};
}

void Router::remove_offer(AgentWork& w, const std::string& interaction_id) {
  std::erase_if(w.offers,
                [&](const StackEntry& entry) { return entry.interaction_id == interaction_id; });
}

std::vector<const Interaction*> Router::offers_for(const std::string& agent_id) const {
  std::vector<const Interaction*> out;
  auto w = work_.find(agent_id);
  if (w == work_.end()) return out;
  out.reserve(w->second.offers.size());
  for (const auto& entry : w->second.offers) out.push_back(&interactions_.at(entry.interaction_id));
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
  auto q = waiting_.find(key_view(tenant_id, queue_id));
  return q == waiting_.end() ? 0 : q->second.size();
}

std::size_t Router::in_queue(const std::string& tenant_id, const std::string& queue_id) const {
  return static_cast<std::size_t>(
      std::count_if(interactions_.begin(), interactions_.end(), [&](const auto& kv) {
        return kv.second.tenant_id == tenant_id && kv.second.queue_id == queue_id &&
               kv.second.phase != Phase::Ended;
      }));
}

void Router::restore(std::vector<Interaction> interactions, Time now, Effects& fx) {
  std::sort(interactions.begin(), interactions.end(),
            [](const auto& a, const auto& b) { return a.arrival < b.arrival; });
  interactions_.reserve(interactions_.size() + interactions.size());
  for (auto& stored : interactions) {
    if (stored.phase == Phase::Ended && stored.owed_wrapups.empty()) continue;
    arrivals_ = std::max(arrivals_, stored.arrival);
    const std::string id = stored.id;
    auto& it = interactions_.insert_or_assign(id, std::move(stored)).first->second;
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
      // A waiting or ringing consult is not carried over: agent 1 finds the customer held and
      // is told in their next hello.
      if (const Leg* leg = find_leg(it, it.consult->leg_id)) hang_up_ringing(it, *leg, fx);
      if (!it.consult->leg_id.empty()) drop_leg(it, it.consult->leg_id);
      it.consult.reset();
      consult_failed(it, ConsultFailure::Interrupted, now, fx);
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
      if (const Leg* leg = agent_leg(it, ringing)) {
        hang_up_ringing(it, *leg, fx);
        drop_leg(it, leg->id);
      }
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
