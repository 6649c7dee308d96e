// Seeded random sequences of contacts, agent commands, desktop and telephony events and time,
// checking the router's invariants after every step: one pending offer per contact (OF3), no
// agent over capacity (OF10), offers only to Available agents with a desktop (AS1, AS7), every
// open interaction in exactly one place, refusals that change nothing, and none lost at the end.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "routing_test_support.hpp"

using namespace ccr::core;
using namespace ccr::core::test;

namespace {

using Strings = std::vector<std::string>;

constexpr std::array<Channel, 4> kChannels{Channel::Voice, Channel::Chat, Channel::Email,
                                           Channel::Social};

int capacity_of(const Agent& a, Channel c) {
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

class Simulation {
 public:
  explicit Simulation(unsigned seed) : rng_(seed) {
    w_.set_call_cap(1000);
    // A support queue that widens to sales after 3 s and overflows to q-voice after 8 s.
    auto sup = RoutingWorld::queue("q-sup", Channel::Voice, {{{"support"}, 0}, {{"sales"}, 3000}});
    sup.overflow = Overflow{"q-voice", 8000};
    sup.priority = 7;
    w_.add_queue(sup);
    w_.add_entry_point(RoutingWorld::entry_point("ep-sup", Channel::Voice, "q-sup"));
    auto chat = w_.q("q-chat");
    chat.rona_timeout_ms = 4000;
    w_.replace_queue(chat);
    for (int i = 0; i < 6; ++i) {
      const std::string id = "a" + std::to_string(i);
      std::vector<std::string> teams;
      if (i % 3 != 2) teams.push_back("sales");
      if (i % 2 == 1 || teams.empty()) teams.push_back("support");
      w_.add_agent(id, teams, {pick(0, 4) == 0 ? 0 : 1, pick(0, 3), pick(0, 2), pick(0, 2)});
      agents_.push_back(id);
    }
  }

  void run(int steps) {
    for (step_ = 0; step_ < steps; ++step_) {
      before_ = states();
      const std::string what = random_step();
      // A deadline that is already past fires at once, as on the server.
      Log step = w_.last;
      w_.fire_due();
      step.insert(step.end(), w_.last.begin(), w_.last.end());
      w_.last = step;
      observe();
      if (std::getenv("CCR_SIM_TRACE") != nullptr) std::printf("%d %s\n", step_, what.c_str());
      check_step(what);
    }
  }

  // Everyone logs in Available with a desktop and an idle device; everything offered is
  // accepted, ended and wrapped up; time passes every timeout. Nothing may be lost.
  void drain() {
    for (const auto& a : agents_) {
      w_.connect(a);
      if (w_.state(a) == AgentState::LoggedOut) REQUIRE(w_.login(a, teams_of(a).front()));
      REQUIRE(w_.available(a));
      w_.device(a, false);
      device_busy_[a] = false;
      observe();
    }
    for (int round = 0; round < 300; ++round) {
      bool any = false;
      for (const auto& a : agents_) {
        for (const auto& offer_id : w_.offer_ids(a)) {
          REQUIRE(w_.accept(a, offer_id));
          observe();
          any = true;
        }
        for (const auto& id : w_.work(a)) {
          if (w_.phase(id) == Phase::Active) REQUIRE(w_.end(a, id));
          observe();
          REQUIRE(w_.wrapup(a, id));
          observe();
          any = true;
        }
      }
      const auto problem = invariants();
      INFO("drain round " << round);
      REQUIRE(problem == std::string());
      if (!any && waiting_total() == 0) break;
      w_.advance(1s);
      observe();
    }
    w_.advance(10min);
    observe();
    for (const auto& id : contacts_) {
      INFO("contact " << id);
      const auto* it = w_.find(id);
      if (it != nullptr) {
        CHECK(it->phase == Phase::Queued);
        continue;
      }
      auto put = ended_.find(id);
      REQUIRE(put != ended_.end());
      CHECK(put->second.phase == Phase::Ended);
      const bool wrapped = !put->second.wrapup_code_id.empty();
      const bool abandoned = put->second.end_reason == "abandoned";
      CHECK((wrapped || abandoned));
    }
    for (const auto& a : agents_) {
      CHECK(w_.offered(a).empty());
      CHECK(w_.work(a).empty());
    }
  }

  std::size_t contacts() const { return contacts_.size(); }
  std::size_t ended() const { return ended_.size(); }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  template <typename T>
  const T& any_of(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(pick(0, static_cast<int>(v.size()) - 1))];
  }

  std::vector<std::string> teams_of(const std::string& agent) const {
    return w_.engine.directory().agent("t1", agent)->team_ids;
  }

  std::map<std::string, AgentSession> states() const {
    std::map<std::string, AgentSession> out;
    for (const auto& a : agents_) out[a] = w_.engine.agents().session("t1", a);
    return out;
  }

  std::size_t waiting_total() const {
    std::size_t n = 0;
    for (const char* q : {"q-voice", "q-chat", "q-email", "q-social", "q-sup"}) n += w_.waiting(q);
    return n;
  }

  // Keeps the last persisted state of every interaction that ended.
  void observe() {
    for (const auto& p : persisted_in<InteractionPut>(w_.last)) {
      if (p.interaction().phase == Phase::Ended) ended_[p.interaction().id] = p.interaction();
    }
    for (const auto& made : notices<OfferMade>(w_.last)) seen_offers_.push_back(made.offer.id);
  }

  // A refused command changes nothing.
  template <typename R>
  void refused_is_silent(const R& r, const std::string& what) {
    if (r.ok()) return;
    INFO("seed step " << step_ << ": " << what << " refused with effects");
    CHECK(w_.last.empty());
  }

  std::string random_agent() { return any_of(agents_); }

  // The agent's pending offer ids, or a stale one now and then.
  std::string some_offer(const std::string& agent) {
    const auto ids = w_.offer_ids(agent);
    if (ids.empty() || pick(0, 9) == 0) {
      return seen_offers_.empty() ? std::string("x.o1") : any_of(seen_offers_);
    }
    return any_of(ids);
  }

  std::string random_step() {
    const int op = pick(0, 99);
    const std::string a = random_agent();
    std::ostringstream what;
    if (op < 18) {
      static const Strings kEntries{"ep-voice", "ep-chat", "ep-email", "ep-social", "ep-sup"};
      const std::string id = "c" + std::to_string(next_contact_++);
      const auto& ep = any_of(kEntries);
      what << "add " << id << " at " << ep;
      auto r = w_.add(id, ep);
      if (r) contacts_.push_back(id);
      refused_is_silent(r, what.str());
    } else if (op < 23) {
      const auto teams = teams_of(a);
      const auto& team = any_of(teams);
      const bool idle = pick(0, 3) == 0;
      what << "login " << a << " " << team << (idle ? " idle" : "");
      refused_is_silent(w_.login(a, team, idle ? "lunch" : ""), what.str());
    } else if (op < 26) {
      what << "logout " << a;
      refused_is_silent(w_.logout(a), what.str());
    } else if (op < 33) {
      what << "available " << a;
      refused_is_silent(w_.available(a), what.str());
    } else if (op < 36) {
      what << "idle " << a;
      refused_is_silent(w_.idle(a), what.str());
    } else if (op < 41) {
      what << "connect " << a;
      w_.connect(a);
    } else if (op < 44) {
      what << "disconnect " << a;
      w_.disconnect(a);
    } else if (op < 56) {
      const auto offer = some_offer(a);
      what << "accept " << a << " " << offer;
      refused_is_silent(w_.accept(a, offer), what.str());
    } else if (op < 59) {
      what << "accept_all " << a;
      for (const auto& o : w_.accept_all(a)) CHECK_FALSE(o.rejection.has_value());
    } else if (op < 65) {
      const auto offer = some_offer(a);
      what << "decline " << a << " " << offer;
      refused_is_silent(w_.decline(a, offer), what.str());
    } else if (op < 71) {
      const auto work = w_.work(a);
      const std::string id = work.empty() ? std::string("c0") : any_of(work);
      what << "end " << a << " " << id;
      refused_is_silent(w_.end(a, id), what.str());
    } else if (op < 77) {
      const auto work = w_.work(a);
      const std::string id = work.empty() ? std::string("c0") : any_of(work);
      const std::string code = pick(0, 5) == 0 ? "ghost" : "done";
      what << "wrapup " << a << " " << id << " " << code;
      refused_is_silent(w_.wrapup(a, id, code), what.str());
    } else if (op < 82) {
      const std::string id = contacts_.empty() ? std::string("c0") : any_of(contacts_);
      what << "customer_hangup " << id;
      refused_is_silent(w_.hangup(id), what.str());
    } else if (op < 85) {
      const std::string id = contacts_.empty() ? std::string("c0") : any_of(contacts_);
      what << "agent_answered " << id;
      auto r = w_.answered(id);
      if (!r) {
        for (const auto& e : w_.last) CHECK(std::holds_alternative<Telephony>(e));
      }
    } else if (op < 87) {
      const std::string id = contacts_.empty() ? std::string("c0") : any_of(contacts_);
      what << "agent_hangup " << id;
      refused_is_silent(w_.agent_hangup(id), what.str());
    } else if (op < 91) {
      const bool busy = pick(0, 1) == 0;
      what << "device " << a << (busy ? " busy" : " idle");
      w_.device(a, busy);
      if (w_.state(a) != AgentState::LoggedOut) device_busy_[a] = busy;  // else not applied
    } else {
      const auto d = std::chrono::milliseconds(pick(0, 15'000));
      what << "advance " << d.count() << " ms";
      w_.advance(d);
    }
    observe();
    return what.str();
  }

  void check_step(const std::string& what) {
    INFO("step " << step_ << ": " << what);
    // Offers made during the step went to Available agents with a connected desktop.
    auto state = before_;
    const auto after = states();
    for (const auto& e : w_.last) {
      const auto* n = std::get_if<NotifyAgent>(&e);
      if (n == nullptr) continue;
      if (const auto* s = std::get_if<AgentStateChanged>(&n->event)) {
        state[n->agent_id] = s->session;
      } else if (const auto* o = std::get_if<OfferMade>(&n->event)) {
        INFO("offer " << o->offer.id << " to " << n->agent_id);
        CHECK(state[n->agent_id].state == AgentState::Available);
        CHECK(after.at(n->agent_id).desktop_connected);
      }
    }
    for (const auto& [agent, session] : after) {
      if (session.state == AgentState::LoggedOut) device_busy_[agent] = false;
    }
    const auto problem = invariants();
    REQUIRE(problem == std::string());
  }

  // The first broken invariant, or an empty string.
  std::string invariants() const {
    const auto& router = w_.engine.router();
    std::map<std::string, std::string> offered_to;  // contact -> agent
    std::map<std::string, std::string> owned_by;
    for (const auto& a : agents_) {
      const Agent* profile = w_.engine.directory().agent("t1", a);
      std::map<Channel, int> load;
      for (const auto* it : router.offers_for(a)) {
        if (it->phase != Phase::Offered || !it->offer || it->offer->agent_id != a) {
          return it->id + " is in " + a + "'s offers without an offer to them";
        }
        if (!offered_to.emplace(it->id, a).second) return it->id + " has two pending offers";
        ++load[it->channel];
      }
      for (const auto* it : router.work_of(a)) {
        if ((it->phase != Phase::Active && it->phase != Phase::WrapUp) || it->agent_id != a) {
          return it->id + " is in " + a + "'s work but not theirs";
        }
        if (!owned_by.emplace(it->id, a).second) return it->id + " is owned twice";
        ++load[it->channel];
      }
      for (Channel c : kChannels) {
        if (load[c] > capacity_of(*profile, c)) {
          return a + " is over capacity on " + std::string(name_of(c));
        }
      }
      const auto s = w_.engine.agents().session("t1", a);
      if (s.state == AgentState::LoggedOut &&
          (!router.offers_for(a).empty() || router.has_work(a))) {
        return a + " is logged out with offers or work";
      }
    }
    std::map<std::string, std::size_t> queued;
    for (const auto& id : contacts_) {
      const auto* it = w_.find(id);
      if (it == nullptr) {
        if (ended_.count(id) == 0) return id + " vanished without ending";
        continue;
      }
      if (ended_.count(id) != 0) return id + " ended but is still known";
      const bool in_offers = offered_to.count(id) != 0;
      const bool in_work = owned_by.count(id) != 0;
      switch (it->phase) {
        case Phase::Queued:
          if (in_offers || in_work || it->offer) return id + " is queued and offered or owned";
          ++queued[it->queue_id];
          break;
        case Phase::Offered:
          if (!in_offers || in_work) return id + " is offered but not in one offer stack";
          break;
        case Phase::Active:
        case Phase::WrapUp:
          if (in_offers || !in_work || it->offer) return id + " is active but not owned once";
          break;
        case Phase::Ended:
          return id + " is known in phase Ended";
      }
    }
    // Work conserving: no waiting contact that a free, eligible agent could take.
    const Time now = w_.clock.now();
    for (const auto& id : contacts_) {
      const auto* it = w_.find(id);
      if (it == nullptr || it->phase != Phase::Queued) continue;
      const Queue* q = w_.engine.routing().queue("t1", it->queue_id);
      for (const auto& a : agents_) {
        const auto s = w_.engine.agents().session("t1", a);
        if (s.state != AgentState::Available || !s.desktop_connected) continue;
        if (it->channel == Channel::Voice && device_busy_.count(a) && device_busy_.at(a)) continue;
        auto declined = it->declined_until.find(a);
        if (declined != it->declined_until.end() && declined->second > now) continue;
        int load = 0;
        for (const auto* x : router.offers_for(a)) load += x->channel == it->channel ? 1 : 0;
        for (const auto* x : router.work_of(a)) load += x->channel == it->channel ? 1 : 0;
        const Agent* profile = w_.engine.directory().agent("t1", a);
        if (load >= capacity_of(*profile, it->channel)) continue;
        for (const auto& g : q->groups) {
          const bool member =
              std::find(g.team_ids.begin(), g.team_ids.end(), s.team_id) != g.team_ids.end();
          if (member && (now - it->queue_entered_at).count() >= g.after_ms) {
            return id + " waits in " + it->queue_id + " while " + a + " could take it (team " +
                   s.team_id + ", load " + std::to_string(load) + ", waited " +
                   std::to_string((now - it->queue_entered_at).count()) + ", offers " +
                   std::to_string(router.offers_for(a).size()) + ", work " +
                   std::to_string(router.work_of(a).size()) + ")";
          }
        }
      }
    }
    for (const char* q : {"q-voice", "q-chat", "q-email", "q-social", "q-sup"}) {
      if (w_.waiting(q) != queued[q]) {
        return std::string("queue ") + q + " holds " + std::to_string(w_.waiting(q)) + " but " +
               std::to_string(queued[q]) + " contacts are queued in it";
      }
    }
    return {};
  }

  RoutingWorld w_;
  std::mt19937 rng_;
  Strings agents_;
  Strings contacts_;
  Strings seen_offers_;
  std::map<std::string, Interaction> ended_;
  std::map<std::string, AgentSession> before_;
  std::map<std::string, bool> device_busy_;
  int next_contact_ = 0;
  int step_ = 0;
};

}  // namespace

TEST_CASE("Property: router invariants hold over random sequences (20 seeds x 500 steps)",
          "[router][property]") {
  std::size_t contacts = 0;
  std::size_t ended = 0;
  // CCR_SIM_SEEDS=N explores more seeds; CCR_SIM_TRACE=1 prints every step.
  const char* more = std::getenv("CCR_SIM_SEEDS");
  const unsigned seeds = more != nullptr ? static_cast<unsigned>(std::atoi(more)) : 20U;
  for (unsigned seed = 1; seed <= seeds; ++seed) {
    INFO("seed " << seed);
    Simulation sim(seed * 7919U);
    sim.run(500);
    sim.drain();
    contacts += sim.contacts();
    ended += sim.ended();
  }
  // The sequences do exercise the router.
  CHECK(contacts > 1000);
  CHECK(ended > 500);
}
