// Helpers of the routing tests: a fake timer wheel fed by ArmTimer/CancelTimer effects (arming a
// key replaces its deadline, as server/timer_service does), and a routing world around a real
// core::Engine with queues, entry points and agents, whose operations run at the fake clock's
// `now` and fire due timers only when the test advances the clock. Test code only.
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/call_legs.hpp"
#include "core_test_support.hpp"

namespace Catch {
template <>
struct StringMaker<ccr::core::Phase> {
  static std::string convert(ccr::core::Phase p) {
    switch (p) {
      case ccr::core::Phase::Queued:
        return "Queued";
      case ccr::core::Phase::Offered:
        return "Offered";
      case ccr::core::Phase::Active:
        return "Active";
      case ccr::core::Phase::WrapUp:
        return "WrapUp";
      case ccr::core::Phase::Ended:
        return "Ended";
    }
    return "?";
  }
};
template <>
struct StringMaker<ccr::core::WithdrawReason> {
  static std::string convert(ccr::core::WithdrawReason r) {
    switch (r) {
      case ccr::core::WithdrawReason::Rona:
        return "rona";
      case ccr::core::WithdrawReason::CustomerLeft:
        return "customer_left";
      case ccr::core::WithdrawReason::Cancelled:
        return "cancelled";
      case ccr::core::WithdrawReason::Taken:
        return "taken";
      case ccr::core::WithdrawReason::Disconnected:
        return "disconnected";
    }
    return "?";
  }
};
template <>
struct StringMaker<ccr::core::TelephonyAction> {
  static std::string convert(ccr::core::TelephonyAction a) {
    return std::string(ccr::core::name_of(a));
  }
};
}  // namespace Catch

namespace ccr::core::test {

using Log = std::vector<Effect>;

// The armed timers, as the server's TimerService keeps them.
class TimerWheel {
 public:
  void apply(const Log& items) {
    for (const auto& e : items) {
      if (const auto* a = std::get_if<ArmTimer>(&e)) {
        armed_[a->key] = a->deadline;
      } else if (const auto* c = std::get_if<CancelTimer>(&e)) {
        armed_.erase(c->key);
      }
    }
  }
  // The earliest armed timer due at or before `until` (ties: key order), removed from the wheel.
  std::optional<std::pair<TimerKey, Time>> pop_due(Time until) {
    auto best = armed_.end();
    for (auto it = armed_.begin(); it != armed_.end(); ++it) {
      if (it->second <= until && (best == armed_.end() || it->second < best->second)) best = it;
    }
    if (best == armed_.end()) return std::nullopt;
    auto out = std::make_pair(best->first, best->second);
    armed_.erase(best);
    return out;
  }
  std::optional<Time> deadline(const TimerKey& key) const {
    auto it = armed_.find(key);
    return it == armed_.end() ? std::nullopt : std::optional<Time>(it->second);
  }
  bool armed(const TimerKey& key) const { return armed_.count(key) != 0; }
  std::optional<Time> latest() const {
    std::optional<Time> out;
    for (const auto& [k, t] : armed_) {
      if (!out || t > *out) out = t;
    }
    return out;
  }
  std::size_t size() const { return armed_.size(); }
  void clear() { armed_.clear(); }

 private:
  std::map<TimerKey, Time> armed_;
};

// --- effect inspectors over a Log ------------------------------------------------------------

// Every event of type E notified to `agent_id` (any agent when empty), in order.
template <typename E>
std::vector<E> notices(const Log& log, const std::string& agent_id = {}) {
  std::vector<E> out;
  for (const auto& e : log) {
    const auto* n = std::get_if<NotifyAgent>(&e);
    if (n == nullptr || (!agent_id.empty() && n->agent_id != agent_id)) continue;
    if (const auto* x = std::get_if<E>(&n->event)) out.push_back(*x);
  }
  return out;
}

// The kinds of events notified to `agent_id`, in order: "OfferConnecting", "OfferMade", ...
inline std::vector<std::string> notice_kinds(const Log& log, const std::string& agent_id) {
  static const char* const kNames[] = {
      "AgentStateChanged", "OfferConnecting",    "OfferMade",      "OfferStackChanged",
      "OfferWithdrawn",    "InteractionChanged", "WrapupRequired", "InteractionEnded",
      "ConsultFailed",     "CommandFailed"};
  std::vector<std::string> out;
  for (const auto& e : log) {
    const auto* n = std::get_if<NotifyAgent>(&e);
    if (n != nullptr && n->agent_id == agent_id) out.emplace_back(kNames[n->event.index()]);
  }
  return out;
}

// AN1: the owner's leg has answered.
inline bool owner_connected(const Interaction& it) {
  const Leg* leg = agent_leg(it, it.agent_id);
  return leg != nullptr && leg->state == LegState::Connected;
}

inline std::vector<TelephonyCommand> telephony_of(const Log& log) {
  std::vector<TelephonyCommand> out;
  for (const auto& e : log) {
    if (const auto* t = std::get_if<Telephony>(&e)) out.push_back(t->command);
  }
  return out;
}

inline std::vector<TelephonyAction> telephony_actions(const Log& log) {
  std::vector<TelephonyAction> out;
  for (const auto& c : telephony_of(log)) out.push_back(c.action);
  return out;
}

template <typename R>
std::vector<R> persisted_in(const Log& log) {
  std::vector<R> out;
  for (const auto& e : log) {
    const auto* p = std::get_if<Persist>(&e);
    if (p == nullptr) continue;
    if (const auto* r = std::get_if<R>(&p->record)) out.push_back(*r);
  }
  return out;
}

// --- the routing world ----------------------------------------------------------------------

// Tenant t1 with teams sales, support and vip, idle code lunch, wrap-up codes done and other;
// one queue and one entry point per channel offering to sales ("q-voice"/"ep-voice", ...; ring
// timeout 10 s, wrap-up timeout 30 s with default code done); agents added by add_agent. Tenant
// t2 has team t2-team and agent zoe, for isolation checks.
struct RoutingWorld {
  static constexpr std::int64_t kRona = 10'000;
  static constexpr std::int64_t kWrapup = 30'000;

  explicit RoutingWorld(EngineOptions options = {}) : engine(options) {
    Effects fx;
    auto& dir = engine.directory();
    REQUIRE(dir.create_tenant("t1", "Acme", clock.now(), fx));
    REQUIRE(dir.create_tenant("t2", "Globex", clock.now(), fx));
    for (const char* team : {"sales", "support", "vip"}) {
      REQUIRE(dir.create_team("t1", team, team, clock.now(), fx));
    }
    REQUIRE(dir.create_team("t2", "t2-team", "Front desk", clock.now(), fx));
    REQUIRE(dir.create_code("t1", CodeKind::Idle, "lunch", "Lunch", clock.now(), fx));
    REQUIRE(dir.create_code("t1", CodeKind::WrapUp, "done", "Done", clock.now(), fx));
    REQUIRE(dir.create_code("t1", CodeKind::WrapUp, "other", "Other", clock.now(), fx));
    REQUIRE(dir.create_code("t2", CodeKind::WrapUp, "t2-done", "Done", clock.now(), fx));
    for (Channel c : {Channel::Voice, Channel::Chat, Channel::Email, Channel::Social}) {
      const std::string n(name_of(c));
      add_queue(queue("q-" + n, c, {{{"sales"}, 0}}));
      add_entry_point(entry_point("ep-" + n, c, "q-" + n));
    }
    Agent zoe = World::agent("t2", "zoe", "Zoe", {"t2-team"});
    REQUIRE(dir.create_agent(zoe, clock.now(), fx));
  }

  // A queue of t1 with the world's defaults.
  static Queue queue(std::string id, Channel channel, std::vector<DistributionGroup> groups) {
    Queue q;
    q.id = id;
    q.tenant_id = "t1";
    q.name = "Queue " + id;
    q.channel = channel;
    q.groups = std::move(groups);
    q.rona_timeout_ms = kRona;
    q.wrapup_timeout_ms = kWrapup;
    q.default_wrapup_code_id = "done";
    return q;
  }
  static EntryPoint entry_point(std::string id, Channel channel, std::string queue_id) {
    EntryPoint e;
    e.id = id;
    e.tenant_id = "t1";
    e.name = "Entry " + id;
    e.channel = channel;
    e.queue_id = std::move(queue_id);
    return e;
  }

  void add_queue(Queue q) {
    Effects fx;
    auto done = engine.routing().create_queue(std::move(q), clock.now(), fx);
    REQUIRE(done);
  }
  void replace_queue(Queue q) {
    Effects fx;
    REQUIRE(engine.routing().replace_queue(std::move(q), {}, fx));
  }
  void add_entry_point(EntryPoint e) {
    Effects fx;
    auto done = engine.routing().create_entry_point(std::move(e), clock.now(), fx);
    REQUIRE(done);
  }
  void replace_entry_point(EntryPoint e) {
    Effects fx;
    REQUIRE(engine.routing().replace_entry_point(std::move(e), {}, fx));
  }
  const Queue& q(const std::string& id) const { return *engine.routing().queue("t1", id); }
  const EntryPoint& ep(const std::string& id) const {
    return *engine.routing().entry_point("t1", id);
  }

  // An agent of t1 (default capacity: voice 1, chat 3, email 2, social 2).
  void add_agent(const std::string& id, std::vector<std::string> teams = {"sales"},
                 ChannelCapacity channels = {1, 3, 2, 2}, std::map<std::string, int> skills = {}) {
    Agent a = World::agent("t1", id, "Agent " + id, std::move(teams));
    a.channels = channels;
    a.skills = std::move(skills);
    Effects fx;
    REQUIRE(engine.directory().create_agent(a, clock.now(), fx));
  }
  static Principal who(const std::string& agent_id, const std::string& tenant_id = "t1") {
    return World::as_agent(tenant_id, agent_id);
  }
  static std::string dial_of(const std::string& agent_id) { return "100" + agent_id; }

  void set_call_cap(std::int64_t cap) {
    Effects fx;
    SettingsPatch p;
    p.max_concurrent_calls = cap;
    Principal admin{Role::Admin, "t1", "", "tok-admin"};
    REQUIRE(engine.directory().update_settings(admin, "t1", p, {}, fx));
  }

  // Records the effects of one operation as `last`, appends them to `log` and arms/cancels.
  void take(Effects& fx) {
    last = fx.take();
    timers.apply(last);
    log.insert(log.end(), last.begin(), last.end());
  }

  // --- agents --------------------------------------------------------------------------------
  void connect(const std::string& id) {
    Effects fx;
    engine.desktop_connected(who(id), clock.now(), fx);
    take(fx);
  }
  void disconnect(const std::string& id) {
    Effects fx;
    engine.desktop_disconnected(who(id), clock.now(), fx);
    take(fx);
  }
  Result<AgentSession> login(const std::string& id, const std::string& team = "sales",
                             const std::string& idle_code = {}) {
    Effects fx;
    auto r = engine.login(who(id), team, dial_of(id), idle_code, clock.now(), fx);
    take(fx);
    return r;
  }
  // Desktop connected, logged in Available with `team`.
  void online(const std::string& id, const std::string& team = "sales") {
    connect(id);
    REQUIRE(login(id, team));
  }
  Result<AgentSession> logout(const std::string& id) {
    Effects fx;
    auto r = engine.logout(who(id), clock.now(), fx);
    take(fx);
    return r;
  }
  Result<AgentSession> available(const std::string& id) {
    Effects fx;
    auto r = engine.set_state(who(id), AgentState::Available, {}, clock.now(), fx);
    take(fx);
    return r;
  }
  Result<AgentSession> idle(const std::string& id, const std::string& code = "lunch") {
    Effects fx;
    auto r = engine.set_state(who(id), AgentState::Idle, code, clock.now(), fx);
    take(fx);
    return r;
  }
  AgentState state(const std::string& id) const { return engine.agents().session("t1", id).state; }

  // --- contacts ------------------------------------------------------------------------------
  Result<Interaction> add(const std::string& id, const std::string& entry_point = "ep-voice",
                          std::vector<std::pair<std::string, std::string>> variables = {},
                          const std::string& tenant_id = "t1") {
    const auto* e = engine.routing().entry_point(tenant_id, entry_point);
    NewContact c;
    c.id = id;
    c.tenant_id = tenant_id;
    c.entry_point_id = entry_point;
    c.channel = e != nullptr ? e->channel : Channel::Voice;
    c.ani = "+40721000" + id;
    c.dnis = "+40310000000";
    c.variables = std::move(variables);
    Effects fx;
    auto r = engine.router().add_contact(std::move(c), clock.now(), fx);
    take(fx);
    if (!r) return r.rejection();
    return *r.value();
  }
  Result<Interaction> accept(const std::string& agent, const std::string& offer_id) {
    Effects fx;
    auto r = engine.router().accept(who(agent), offer_id, clock.now(), fx);
    take(fx);
    return r;
  }
  std::vector<AcceptOutcome> accept_all(const std::string& agent) {
    Effects fx;
    auto r = engine.router().accept_all(who(agent), clock.now(), fx);
    take(fx);
    return r;
  }
  Status decline(const std::string& agent, const std::string& offer_id) {
    Effects fx;
    auto r = engine.router().decline(who(agent), offer_id, clock.now(), fx);
    take(fx);
    return r;
  }
  Result<Interaction> end(const std::string& agent, const std::string& id) {
    Effects fx;
    auto r = engine.router().end(who(agent), id, clock.now(), fx);
    take(fx);
    return r;
  }
  Result<Interaction> wrapup(const std::string& agent, const std::string& id,
                             const std::string& code = "done") {
    Effects fx;
    auto r = engine.router().wrapup(who(agent), id, code, clock.now(), fx);
    take(fx);
    return r;
  }
  Result<Interaction> hangup(const std::string& id) {
    Effects fx;
    auto r = engine.router().customer_hangup("t1", id, clock.now(), fx);
    take(fx);
    return r;
  }
  Result<Interaction> answered(const std::string& id) {
    Effects fx;
    auto r = engine.router().agent_answered("t1", id, {}, clock.now(), fx);
    take(fx);
    return r;
  }
  Result<Interaction> agent_hangup(const std::string& id) {
    Effects fx;
    auto r = engine.router().agent_hangup("t1", id, {}, clock.now(), fx);
    take(fx);
    return r;
  }
  void device(const std::string& agent, bool busy) {
    Effects fx;
    REQUIRE(engine.router().device_state("t1", dial_of(agent), busy, clock.now(), fx));
    take(fx);
  }

  // Accepts the agent's only (or first) pending offer; returns the interaction id.
  std::string accept_top(const std::string& agent) {
    const auto offers = offer_ids(agent);
    REQUIRE_FALSE(offers.empty());
    auto r = accept(agent, offers.front());
    REQUIRE(r);
    return r.value().id;
  }

  // --- time ----------------------------------------------------------------------------------
  // Moves the clock to `until`, firing every due timer at its own deadline, earliest first;
  // `last` holds the effects of all of them.
  void advance_to(Time until) {
    Log all;
    while (auto due = timers.pop_due(until)) {
      const Time at = std::max(due->second, clock.now());
      clock.advance(at - clock.now());
      Effects fx;
      engine.timer_fired(due->first, at, fx);
      take(fx);
      all.insert(all.end(), last.begin(), last.end());
    }
    if (until > clock.now()) clock.advance(until - clock.now());
    last = std::move(all);
  }
  void advance(Duration d) { advance_to(clock.now() + d); }
  // Fires what is due now (e.g. a deadline that passed while the server was down).
  void fire_due() { advance_to(clock.now()); }

  // --- queries -------------------------------------------------------------------------------
  const Interaction* find(const std::string& id) const {
    return engine.router().interaction("t1", id);
  }
  Phase phase(const std::string& id) const {
    const auto* it = find(id);
    return it == nullptr ? Phase::Ended : it->phase;
  }
  std::vector<std::string> offer_ids(const std::string& agent) const {
    std::vector<std::string> out;
    for (const auto* it : engine.router().offers_for(agent)) {
      out.push_back(engine.router().describe_offer(*it, agent).offer.id);
    }
    return out;
  }
  // The interactions offered to the agent, top of the stack first.
  std::vector<std::string> offered(const std::string& agent) const {
    std::vector<std::string> out;
    for (const auto* it : engine.router().offers_for(agent)) out.push_back(it->id);
    return out;
  }
  std::vector<std::string> work(const std::string& agent) const {
    std::vector<std::string> out;
    for (const auto* it : engine.router().work_of(agent)) out.push_back(it->id);
    std::sort(out.begin(), out.end());
    return out;
  }
  std::string offered_to(const std::string& id) const {
    const auto* it = find(id);
    return it != nullptr && it->offer ? it->offer->agent_id : std::string{};
  }
  std::size_t waiting(const std::string& queue_id = "q-voice") const {
    return engine.router().waiting("t1", queue_id);
  }
  // The last persisted state of an interaction (it leaves the router when it ends).
  std::optional<Interaction> last_put(const std::string& id) const {
    std::optional<Interaction> out;
    for (const auto& p : persisted_in<InteractionPut>(log)) {
      if (p.interaction().id == id) out = p.interaction();
    }
    return out;
  }

  FakeClock clock;
  Engine engine;
  TimerWheel timers;
  Log last;  // the effects of the last operation or advance
  Log log;   // every effect so far
};

// Everything storage would load for the world's engine.
inline Snapshot snapshot_of(const RoutingWorld& w,
                            const std::vector<std::string>& interaction_ids) {
  Snapshot s;
  const auto& dir = w.engine.directory();
  for (const auto* t : dir.tenants_after("", 100)) {
    s.tenants.push_back(*t);
    for (const auto* x : dir.teams_after(t->id, "", 100, "")) s.teams.push_back(*x);
    for (const auto* x : dir.agents_after(t->id, "", 100, "")) {
      s.agents.push_back(*x);
      s.sessions.push_back(w.engine.agents().session(t->id, x->id));
    }
    for (CodeKind k : {CodeKind::Idle, CodeKind::WrapUp}) {
      for (const auto* x : dir.codes_after(t->id, k, "", 100, "")) s.codes.push_back(*x);
    }
    for (const auto* x : w.engine.routing().queues_after(t->id, "", 100, "")) {
      s.queues.push_back(*x);
    }
    for (const auto* x : w.engine.routing().entry_points_after(t->id, "", 100, "")) {
      s.entry_points.push_back(*x);
    }
  }
  for (const auto& id : interaction_ids) {
    if (const auto* it = w.find(id)) s.interactions.push_back(*it);
  }
  return s;
}

}  // namespace ccr::core::test
