// Router: the waiting sets, the ready-agent index and matching (longest available, skills,
// distribution groups, OF11 decline cool-down).
#include <algorithm>

#include "core/router.hpp"
#include "core/router_detail.hpp"

namespace ccr::core {
namespace {

int capacity(const Agent& a, Channel c) {
  switch (c) {
    case Channel::Voice:
      return a.channels.voice;
    case Channel::Chat:
      return a.channels.chat;
    case Channel::Email:
      return a.channels.email;
    case Channel::Social:
      return a.channels.social;
  }
  return 0;
}

bool has_skills(const Agent& a, const Queue& q) {
  if (q.strategy != Strategy::Skills) return true;
  return std::all_of(q.required_skills.begin(), q.required_skills.end(), [&](const auto& req) {
    auto it = a.skills.find(req.first);
    return it != a.skills.end() && it->second >= req.second;
  });
}

// The wait in its current queue after which a member of `team_id` may be offered a contact.
std::optional<std::int64_t> opens_after(const Queue& q, const std::string& team_id) {
  for (const auto& g : q.groups) {
    if (std::find(g.team_ids.begin(), g.team_ids.end(), team_id) != g.team_ids.end()) {
      return g.after_ms;
    }
  }
  return std::nullopt;
}

constexpr std::array<Channel, 4> kChannels{Channel::Voice, Channel::Chat, Channel::Email,
                                           Channel::Social};

}  // namespace

void Router::enqueue(Interaction& it, Time now, Effects& fx) {
  it.phase = Phase::Queued;
  it.offer.reset();
  find_or_add(waiting_, key_view(it.tenant_id, it.queue_id))
      ->second.emplace(-it.priority, it.enqueued_at, it.arrival, it.id);
  arm_waiting_timers(it, now, fx);
}

void Router::dequeue(const Interaction& it) {
  auto q = waiting_.find(key_view(it.tenant_id, it.queue_id));
  if (q == waiting_.end()) return;
  const std::tuple<int, Time, std::uint64_t, const std::string&> key{-it.priority, it.enqueued_at,
                                                                     it.arrival, it.id};
  if (auto k = q->second.find(key); k != q->second.end()) q->second.erase(k);
  if (q->second.empty()) waiting_.erase(q);
}

void Router::arm_waiting_timers(Interaction& it, Time now, Effects& fx) {
  const auto* q = config_.queue(it.tenant_id, it.queue_id);
  if (q == nullptr) return;
  const auto waited = (now - it.queue_entered_at).count();
  for (const auto& g : q->groups) {
    if (g.after_ms > waited) {
      it.waiting_timers = true;
      fx.arm({TimerKind::GroupWiden, it.id}, it.queue_entered_at + Duration{g.after_ms});
      break;
    }
  }
  if (q->overflow) {
    it.waiting_timers = true;
    fx.arm({TimerKind::Overflow, it.id}, it.queue_entered_at + Duration{q->overflow->after_ms});
  }
  Time next_cooldown = Time::max();
  for (const auto& [agent, until] : it.declined_until) {
    if (until > now) next_cooldown = std::min(next_cooldown, until);
  }
  if (next_cooldown != Time::max()) {
    it.waiting_timers = true;
    fx.arm({TimerKind::DeclineCooldown, it.id}, next_cooldown);
  }
}

// Most contacts are offered as they arrive and never armed one: cancelling keys nobody armed
// would cost the timer service three lookups per offer.
void Router::cancel_waiting_timers(Interaction& it, Effects& fx) {
  if (!it.waiting_timers) return;
  it.waiting_timers = false;
  fx.cancel({TimerKind::GroupWiden, it.id});
  fx.cancel({TimerKind::Overflow, it.id});
  fx.cancel({TimerKind::DeclineCooldown, it.id});
}

bool Router::has_room(const Agent& a, const AgentWork* w, Channel channel) {
  const int load = w == nullptr ? 0 : w->load[channel_slot(channel)];
  if (load >= capacity(a, channel)) return false;
  return channel != Channel::Voice || w == nullptr || !w->device_busy;
}

bool Router::ready_for(const std::string& agent_id, Channel channel) const {
  const auto* s = agents_.find(agent_id);
  if (s == nullptr || s->state != AgentState::Available || !s->desktop_connected) return false;
  const Agent* a = directory_.agent(s->tenant_id, agent_id);
  if (a == nullptr) return false;
  auto w = work_.find(agent_id);
  return has_room(*a, w == work_.end() ? nullptr : &w->second, channel);
}

void Router::reindex(const std::string& agent_id) {
  auto found = work_.find(agent_id);
  if (found != work_.end()) {  // out first, whatever happened to the agent
    for (const auto& [bucket, key] : found->second.indexed) {
      bucket->second.erase(key);
      if (bucket->second.empty()) ready_.erase(bucket);
    }
    found->second.indexed.clear();
  }
  const auto* s = agents_.find(agent_id);
  if (s == nullptr) return;
  auto& w = found != work_.end() ? found->second : work_for(s->tenant_id, agent_id);
  if (s->state != AgentState::Available || !s->desktop_connected) return;
  const Agent* a = directory_.agent(s->tenant_id, agent_id);
  if (a == nullptr) return;
  const Time since = std::max(w.since, s->since);
  for (Channel c : kChannels) {
    if (!has_room(*a, &w, c)) continue;
    auto bucket = find_or_add(ready_, key_view(s->tenant_id, s->team_id, c));
    w.indexed.emplace_back(bucket, bucket->second.emplace(since, w.seq, agent_id).first);
  }
}

bool Router::eligible(const Interaction& it, const Queue& q, const std::string& agent_id,
                      Time now) const {
  if (agent_id == it.transferred_by) return false;  // TR4
  auto d = it.declined_until.find(agent_id);
  if (d != it.declined_until.end() && d->second > now) return false;
  const auto* s = agents_.find(agent_id);
  if (s == nullptr) return false;
  const Agent* a = directory_.agent(s->tenant_id, agent_id);
  return a != nullptr && has_skills(*a, q);
}

bool Router::match_contact(Interaction& it, Time now, Effects& fx) {
  if (it.phase != Phase::Queued) return false;
  const auto* q = config_.queue(it.tenant_id, it.queue_id);
  if (q == nullptr) return false;
  const auto waited = (now - it.queue_entered_at).count();
  const ReadyKey* best = nullptr;
  for (const auto& g : q->groups) {
    if (g.after_ms > waited) break;
    for (const auto& team_id : g.team_ids) {
      auto b = ready_.find(key_view(it.tenant_id, team_id, it.channel));
      if (b == ready_.end()) continue;
      for (const auto& key : b->second) {
        if (best != nullptr && !(key < *best)) break;
        if (eligible(it, *q, std::get<2>(key), now)) {
          best = &key;
          break;
        }
      }
    }
  }
  if (best == nullptr) return false;
  const std::string agent_id = std::get<2>(*best);
  offer(it, agent_id, OfferKind::Inbound, now, fx);
  return true;
}

bool Router::match_consult(Interaction& it, Time now, Effects& fx) {
  const auto* q = config_.queue(it.tenant_id, it.consult->queue_id);
  if (q == nullptr) return false;
  const auto waited = (now - it.consult->requested_at).count();
  const ReadyKey* best = nullptr;
  for (const auto& g : q->groups) {
    if (g.after_ms > waited) break;
    for (const auto& team_id : g.team_ids) {
      auto b = ready_.find(key_view(it.tenant_id, team_id, Channel::Voice));
      if (b == ready_.end()) continue;
      for (const auto& key : b->second) {
        if (best != nullptr && !(key < *best)) break;
        const auto& agent_id = std::get<2>(key);
        if (agent_id != it.consult->initiator_id && eligible(it, *q, agent_id, now)) {
          best = &key;
          break;
        }
      }
    }
  }
  if (best == nullptr) return false;
  const std::string agent_id = std::get<2>(*best);
  offer_consult(it, agent_id, now, fx);
  return true;
}

bool Router::match_waiting_consult(const std::string& agent_id, Time now, Effects& fx) {
  const auto* s = agents_.find(agent_id);
  if (s == nullptr || !ready_for(agent_id, Channel::Voice)) return false;
  for (const auto* q : config_.queues_of_team(s->tenant_id, s->team_id)) {
    auto waiting = consults_waiting_.find(key_view(s->tenant_id, q->id));
    const auto after = opens_after(*q, s->team_id);
    if (waiting == consults_waiting_.end() || !after) continue;
    for (const auto& [requested_at, id] : waiting->second) {
      Interaction& it = interactions_.at(id);
      if ((now - requested_at).count() < *after || it.consult->initiator_id == agent_id ||
          !eligible(it, *q, agent_id, now)) {
        continue;
      }
      const auto key = std::make_pair(requested_at, id);
      waiting->second.erase(key);
      if (waiting->second.empty()) consults_waiting_.erase(waiting);
      offer_consult(it, agent_id, now, fx);
      return true;
    }
  }
  return false;
}

void Router::match_agent(const std::string& agent_id, Time now, Effects& fx) {
  for (;;) {
    const auto* s = agents_.find(agent_id);
    if (s == nullptr || s->state != AgentState::Available) return;
    if (match_waiting_consult(agent_id, now, fx)) continue;
    Interaction* best = nullptr;
    for (Channel c : kChannels) {
      if (!ready_for(agent_id, c)) continue;
      for (const auto* q : config_.queues_of_team(s->tenant_id, s->team_id)) {
        if (q->channel != c) continue;
        const auto after = opens_after(*q, s->team_id);
        auto waiting = waiting_.find(key_view(s->tenant_id, q->id));
        if (!after || waiting == waiting_.end()) continue;
        for (const auto& [neg_priority, enqueued, arrival, id] : waiting->second) {
          Interaction& it = interactions_.at(id);
          if (best != nullptr &&
              std::tie(neg_priority, enqueued, arrival) >=
                  std::make_tuple(-best->priority, best->enqueued_at, best->arrival)) {
            break;
          }
          if ((now - it.queue_entered_at).count() >= *after && eligible(it, *q, agent_id, now)) {
            best = &it;
            break;
          }
        }
      }
    }
    if (best == nullptr) return;
    offer(*best, agent_id, OfferKind::Inbound, now, fx);
  }
}

void Router::agent_changed(const std::string& tenant_id, const std::string& agent_id, Time now,
                           Effects& fx) {
  const auto* s = agents_.find(agent_id);
  if (s == nullptr || s->tenant_id != tenant_id) return;
  auto& w = work_for(tenant_id, agent_id);
  // AN3: the device state belongs to the session; the next login may bring another device, and
  // reports about a logged-out agent's dial number are not applied to them.
  if (s->state == AgentState::LoggedOut) w.device_busy = false;
  if (!s->desktop_connected || s->state != AgentState::Available) {
    // AS7: a dropped desktop (or an agent leaving Available) gives its pending offers back.
    const auto reason =
        s->desktop_connected ? WithdrawReason::Cancelled : WithdrawReason::Disconnected;
    std::vector<std::string> pending;
    for (const auto& entry : w.offers) pending.push_back(entry.interaction_id);
    std::sort(pending.begin(), pending.end());  // withdrawn in interaction id order
    for (const auto& id : pending) {
      auto* it = find(tenant_id, id);
      if (it == nullptr) continue;
      if (it->consult && it->consult->offer && it->consult->offer->agent_id == agent_id) {
        // CO1: an Idle agent may be consulted; only a desktop or agent gone ends the request.
        if (s->desktop_connected && s->state != AgentState::LoggedOut) continue;
        cancel_consult_offer(*it, reason, now, fx);
        consult_failed(*it, ConsultFailure::DeviceFailure, now, fx);
        continue;
      }
      const bool transfer = it->offer && it->offer->kind == OfferKind::Transfer;
      withdraw(*it, reason, now, fx);
      if (transfer) {
        transfer_unanswered(*it, now, fx);  // TR3
      } else {
        match_contact(*it, now, fx);
      }
    }
  }
  if (s->state == AgentState::Available && w.since < s->since) w.since = s->since;
  reindex(agent_id);
  match_agent(agent_id, now, fx);
}

}  // namespace ccr::core
