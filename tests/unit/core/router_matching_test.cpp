// Matching: the order of waiting contacts within and across queues, distribution groups, the
// skills strategy, overflow, fairness of longest-available, and rebuilding after a restart.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "routing_test_support.hpp"

using namespace ccr::core;
using namespace ccr::core::test;

namespace {

using Strings = std::vector<std::string>;

// Accepts, ends and wraps up whatever the agent was offered; returns the interaction id.
std::string handle(RoutingWorld& w, const std::string& agent) {
  const auto id = w.accept_top(agent);
  REQUIRE(w.end(agent, id));
  REQUIRE(w.wrapup(agent, id));
  return id;
}

}  // namespace

TEST_CASE("Matching: within a queue, earliest enqueued first (ties by arrival)",
          "[router][matching]") {
  RoutingWorld w;
  w.add_agent("ana");
  REQUIRE(w.add("c1"));
  w.clock.advance(1s);
  REQUIRE(w.add("c2"));
  REQUIRE(w.add("c3"));  // same instant as c2: arrival order
  w.clock.advance(1s);
  REQUIRE(w.add("c4"));
  CHECK(w.waiting() == 4);
  w.online("ana");
  Strings order;
  for (int i = 0; i < 4; ++i) order.push_back(handle(w, "ana"));
  CHECK(order == Strings{"c1", "c2", "c3", "c4"});
}

TEST_CASE("Matching: across the agent's queues the highest priority wins, then the longest wait",
          "[router][matching]") {
  RoutingWorld w;
  auto low = RoutingWorld::queue("q-low", Channel::Voice, {{{"sales"}, 0}});
  low.priority = 3;
  auto high = RoutingWorld::queue("q-high", Channel::Voice, {{{"sales"}, 0}});
  high.priority = 8;
  w.add_queue(low);
  w.add_queue(high);
  w.add_entry_point(RoutingWorld::entry_point("ep-low", Channel::Voice, "q-low"));
  w.add_entry_point(RoutingWorld::entry_point("ep-high", Channel::Voice, "q-high"));
  w.add_agent("ana");

  REQUIRE(w.add("low1", "ep-low"));
  w.clock.advance(1s);
  REQUIRE(w.add("mid1", "ep-voice"));  // priority 5
  w.clock.advance(1s);
  REQUIRE(w.add("high1", "ep-high"));
  w.clock.advance(1s);
  REQUIRE(w.add("low2", "ep-low"));
  w.clock.advance(1s);
  REQUIRE(w.add("mid2", "ep-voice"));
  w.clock.advance(1s);
  REQUIRE(w.add("high2", "ep-high"));

  w.online("ana");
  Strings order;
  for (int i = 0; i < 6; ++i) order.push_back(handle(w, "ana"));
  CHECK(order == Strings{"high1", "high2", "mid1", "mid2", "low1", "low2"});
}

TEST_CASE("Matching: equal priority across queues, the longest wait wins", "[router][matching]") {
  RoutingWorld w;
  w.add_queue(RoutingWorld::queue("q-b", Channel::Voice, {{{"sales"}, 0}}));
  w.add_entry_point(RoutingWorld::entry_point("ep-b", Channel::Voice, "q-b"));
  w.add_agent("ana");
  REQUIRE(w.add("b1", "ep-b"));
  w.clock.advance(1s);
  REQUIRE(w.add("a1", "ep-voice"));
  w.clock.advance(1s);
  REQUIRE(w.add("b2", "ep-b"));
  w.online("ana");
  Strings order;
  for (int i = 0; i < 3; ++i) order.push_back(handle(w, "ana"));
  CHECK(order == Strings{"b1", "a1", "b2"});
}

TEST_CASE("Matching: a new contact goes to the agent available longest", "[router][matching]") {
  RoutingWorld w;
  for (const char* a : {"ana", "bob", "cy"}) w.add_agent(a);
  w.online("bob");
  w.clock.advance(1s);
  w.online("ana");
  w.clock.advance(1s);
  w.online("cy");
  w.clock.advance(1s);
  REQUIRE(w.add("c1"));
  CHECK(w.offered_to("c1") == "bob");
  REQUIRE(w.add("c2"));
  CHECK(w.offered_to("c2") == "ana");
  // Going Idle and back puts an agent at the end of the line.
  w.add_agent("dan");
  w.online("dan");
  w.clock.advance(1s);
  REQUIRE(w.idle("cy"));
  REQUIRE(w.available("cy"));
  REQUIRE(w.decline("bob", "c1.o1"));
  CHECK(w.offered_to("c1") == "dan");
}

TEST_CASE("Distribution groups: a later group gets nothing before after_ms, then on GroupWiden",
          "[router][matching][groups]") {
  RoutingWorld w;
  w.add_queue(RoutingWorld::queue("q-widen", Channel::Voice,
                                  {{{"sales"}, 0}, {{"support"}, 5000}, {{"vip"}, 20000}}));
  w.add_entry_point(RoutingWorld::entry_point("ep-widen", Channel::Voice, "q-widen"));
  w.add_agent("cy", {"support"});
  w.add_agent("dan", {"support"});
  w.add_agent("vi", {"vip"});
  w.add_agent("ana", {"sales"});
  w.online("cy", "support");
  w.online("vi", "vip");

  const auto t0 = w.clock.now();
  REQUIRE(w.add("c1", "ep-widen"));
  CHECK(w.phase("c1") == Phase::Queued);
  CHECK(w.timers.deadline({TimerKind::GroupWiden, "c1"}) == t0 + 5s);
  w.advance(5s - 1ms);
  CHECK(w.offered("cy").empty());
  w.advance(1ms);
  CHECK(w.offered("cy") == Strings{"c1"});
  CHECK(w.offered("vi").empty());
  w.accept_top("cy");

  // A member of a wider group who becomes available after the threshold gets it at once.
  REQUIRE(w.add("c2", "ep-widen"));
  w.advance(6s);
  CHECK(w.phase("c2") == Phase::Queued);  // cy is busy, vi's group opens at 20 s
  CHECK(w.timers.deadline({TimerKind::GroupWiden, "c2"}) == t0 + 5s + 20s);
  w.online("dan", "support");
  CHECK(w.offered("dan") == Strings{"c2"});
  w.accept_top("dan");

  // The third group opens at 20 s; the first group is served at once.
  REQUIRE(w.add("c3", "ep-widen"));
  w.advance(19s);
  CHECK(w.offered("vi").empty());
  w.advance(1s);
  CHECK(w.offered("vi") == Strings{"c3"});
  REQUIRE(w.add("c4", "ep-widen"));
  CHECK(w.phase("c4") == Phase::Queued);
  w.online("ana");
  CHECK(w.offered("ana") == Strings{"c4"});
}

TEST_CASE("Skills strategy: an agent below the minimum level is not offered the contact",
          "[router][matching][skills]") {
  RoutingWorld w;
  auto q = RoutingWorld::queue("q-skill", Channel::Voice, {{{"sales"}, 0}});
  q.strategy = Strategy::Skills;
  q.required_skills = {{"romanian", 5}, {"billing", 1}};
  w.add_queue(q);
  w.add_entry_point(RoutingWorld::entry_point("ep-skill", Channel::Voice, "q-skill"));
  w.add_agent("ana", {"sales"}, {1, 0, 0, 0}, {{"romanian", 4}, {"billing", 9}});
  w.add_agent("bob", {"sales"}, {1, 0, 0, 0}, {{"romanian", 5}, {"billing", 1}});
  w.add_agent("cy", {"sales"}, {1, 0, 0, 0}, {{"romanian", 10}});
  w.online("ana");
  w.online("cy");
  REQUIRE(w.add("c1", "ep-skill"));
  CHECK(w.phase("c1") == Phase::Queued);
  // Plain queues still reach them.
  REQUIRE(w.add("p1", "ep-voice"));
  CHECK(w.offered_to("p1") == "ana");

  w.clock.advance(1s);
  w.online("bob");
  CHECK(w.offered("bob") == Strings{"c1"});
}

TEST_CASE("Overflow: the contact moves to the other queue keeping its enqueued_at",
          "[router][matching][overflow]") {
  RoutingWorld w;
  w.add_queue(RoutingWorld::queue("q-spill", Channel::Voice, {{{"support"}, 0}}));
  w.add_entry_point(RoutingWorld::entry_point("ep-spill", Channel::Voice, "q-spill"));
  auto main = w.q("q-voice");
  main.overflow = Overflow{"q-spill", 5000};
  w.replace_queue(main);
  w.add_agent("cy", {"support"});

  const auto t0 = w.clock.now();
  REQUIRE(w.add("c1"));
  CHECK(w.timers.deadline({TimerKind::Overflow, "c1"}) == t0 + 5s);
  w.clock.advance(1s);
  REQUIRE(w.add("s1", "ep-spill"));
  w.advance(4s);
  const auto* it = w.find("c1");
  REQUIRE(it != nullptr);
  CHECK(it->queue_id == "q-spill");
  CHECK(it->enqueued_at == t0);
  CHECK(it->queue_entered_at == t0 + 5s);
  CHECK(w.waiting("q-voice") == 0);
  CHECK(w.waiting("q-spill") == 2);
  CHECK_FALSE(w.timers.armed({TimerKind::Overflow, "c1"}));
  const auto overflowed = persisted_in<EventAppended>(w.last);
  REQUIRE_FALSE(overflowed.empty());
  CHECK(overflowed.back().fields.at(0).second == "overflowed");

  // Its original arrival puts it ahead of s1 in the new queue.
  w.online("cy", "support");
  CHECK(w.offered("cy") == Strings{"c1"});
  CHECK(handle(w, "cy") == "c1");
  CHECK(w.offered("cy") == Strings{"s1"});
}

TEST_CASE("Overflow: a contact offered when the overflow is due stays until it is back",
          "[router][matching][overflow]") {
  RoutingWorld w;
  w.add_queue(RoutingWorld::queue("q-spill", Channel::Voice, {{{"support"}, 0}}));
  auto main = w.q("q-voice");
  main.overflow = Overflow{"q-spill", 5000};
  w.replace_queue(main);
  w.add_agent("ana");
  w.add_agent("cy", {"support"});
  w.online("ana");
  w.online("cy", "support");
  REQUIRE(w.add("c1"));
  CHECK(w.offered_to("c1") == "ana");
  CHECK_FALSE(w.timers.armed({TimerKind::Overflow, "c1"}));
  w.advance(10s);  // RONA: back in q-voice, its overflow wait already passed
  CHECK(w.state("ana") == AgentState::Rona);
  CHECK(w.find("c1")->queue_id == "q-spill");
  CHECK(w.offered_to("c1") == "cy");
}

TEST_CASE("Queue-step timers: cancelled when the contact leaves the queue, only if it armed them",
          "[router][matching][overflow]") {
  RoutingWorld w;
  w.add_queue(RoutingWorld::queue("q-spill", Channel::Voice, {{{"support"}, 0}}));
  w.add_agent("ana");
  w.online("ana");
  auto cancels = [&] {
    return std::count_if(w.last.begin(), w.last.end(),
                         [](const Effect& e) { return std::holds_alternative<CancelTimer>(e); });
  };

  SECTION("a queue without steps: an offer at arrival cancels nothing") {
    REQUIRE(w.add("c1"));
    CHECK(w.offered_to("c1") == "ana");
    CHECK(cancels() == 0);
  }
  SECTION("an overflow armed while waiting is cancelled by the offer") {
    auto main = w.q("q-voice");
    main.overflow = Overflow{"q-spill", 5000};
    w.replace_queue(main);
    REQUIRE(w.idle("ana"));
    REQUIRE(w.add("c1"));
    CHECK(w.timers.armed({TimerKind::Overflow, "c1"}));
    REQUIRE(w.available("ana"));
    CHECK(w.offered_to("c1") == "ana");
    CHECK_FALSE(w.timers.armed({TimerKind::Overflow, "c1"}));
    CHECK(cancels() == 3);
  }
}

TEST_CASE("Fairness: identical agents under longest_available get offers in turn",
          "[router][matching][fairness]") {
  RoutingWorld w;
  w.set_call_cap(10000);
  auto q = w.q("q-voice");
  q.max_length = 10000;
  w.replace_queue(q);
  const Strings agents{"a1", "a2", "a3", "a4", "a5"};
  for (const auto& a : agents) {
    w.add_agent(a);
    w.online(a);
    w.clock.advance(1ms);
  }
  auto busy = [&] {
    if (w.waiting() > 0) return true;
    for (const auto& a : agents) {
      if (!w.offered(a).empty()) return true;
    }
    return false;
  };

  SECTION("a backlog handled as agents free up") {
    for (int i = 0; i < 403; ++i) REQUIRE(w.add("c" + std::to_string(i)));
    for (int round = 0; round < 1000 && busy(); ++round) {
      w.clock.advance(1s);
      for (const auto& a : agents) {
        if (w.offered(a).empty()) continue;
        handle(w, a);
        w.clock.advance(std::chrono::milliseconds(1 + (round * 7 + a.back()) % 5));
      }
    }
  }
  SECTION("contacts arriving one at a time") {
    for (int i = 0; i < 402; ++i) {
      w.clock.advance(700ms);
      REQUIRE(w.add("c" + std::to_string(i)));
      for (const auto& a : agents) {
        if (w.offered(a).empty()) continue;
        handle(w, a);
      }
    }
  }
  CHECK_FALSE(busy());
  std::map<std::string, int> offers;
  for (const auto& made : notices<OfferMade>(w.log)) ++offers[made.offer.agent_id];
  int total = 0;
  int lo = 1 << 30;
  int hi = 0;
  for (const auto& a : agents) {
    total += offers[a];
    lo = std::min(lo, offers[a]);
    hi = std::max(hi, offers[a]);
  }
  CHECK(total >= 402);
  CHECK(hi - lo <= 1);
  CHECK(w.waiting() == 0);
}

TEST_CASE("Recovery: restore rebuilds queues, offers go back, work and deadlines come back",
          "[router][recovery]") {
  RoutingWorld a;
  for (const char* id : {"ana", "bob", "cy", "dan"}) a.add_agent(id, {"sales"}, {1, 1, 0, 0});
  a.online("ana");
  a.online("bob");
  a.online("cy");

  REQUIRE(a.add("active"));
  const auto active_agent = a.offered_to("active");
  a.accept_top(active_agent);
  REQUIRE(a.add("wrap-past"));
  const auto past_agent = a.offered_to("wrap-past");
  a.accept_top(past_agent);
  const auto t_past = a.clock.advance(1s);
  REQUIRE(a.end(past_agent, "wrap-past"));
  REQUIRE(a.add("wrap-future"));
  const auto future_agent = a.offered_to("wrap-future");
  a.accept_top(future_agent);
  const auto t_future = a.clock.advance(20s);
  REQUIRE(a.end(future_agent, "wrap-future"));
  REQUIRE(a.add("chat", "ep-chat"));
  const auto chat_agent = a.offered_to("chat");
  a.accept_top(chat_agent);

  a.clock.advance(1s);
  REQUIRE(a.add("first"));  // everyone busy: waits
  a.online("dan");          // and is offered to dan
  REQUIRE(a.offered_to("first") == "dan");
  a.clock.advance(1s);
  REQUIRE(a.add("second"));
  REQUIRE(a.phase("second") == Phase::Queued);

  const Strings ids{"active", "wrap-past", "wrap-future", "chat", "first", "second"};
  const auto snapshot = snapshot_of(a, ids);
  REQUIRE(snapshot.interactions.size() == 6);

  // The server comes back after the first wrap-up deadline passed.
  RoutingWorld b;
  b.clock.advance(a.clock.now() - b.clock.now());
  const auto restarted = b.clock.advance(15s);
  REQUIRE(restarted > t_past + 30s);
  REQUIRE(restarted < t_future + 30s);
  {
    Effects fx;
    b.engine.restore(snapshot, b.clock.now(), fx);
    b.take(fx);
  }
  CHECK(b.timers.deadline({TimerKind::WrapupTimeout, "wrap-future"}) == t_future + 30s);
  CHECK(b.timers.deadline({TimerKind::DisconnectGrace, "ana"}) == restarted + 60s);
  b.fire_due();  // the passed deadline fires at once
  CHECK(b.find("wrap-past") == nullptr);
  const auto put = b.last_put("wrap-past");
  REQUIRE(put);
  CHECK(put->wrapup_code_id == "done");

  CHECK(b.phase("first") == Phase::Queued);
  CHECK_FALSE(b.find("first")->offer.has_value());
  CHECK(b.phase("second") == Phase::Queued);
  CHECK(b.waiting() == 2);
  CHECK(b.phase("active") == Phase::Active);
  CHECK(b.phase("wrap-future") == Phase::WrapUp);
  std::map<std::string, Strings> expected{{"ana", {}}, {"bob", {}}, {"cy", {}}, {"dan", {}}};
  expected[active_agent].push_back("active");
  expected[future_agent].push_back("wrap-future");
  expected[chat_agent].push_back("chat");
  for (auto& [agent, work] : expected) {
    std::sort(work.begin(), work.end());
    CHECK(b.work(agent) == work);
  }
  for (const char* id : {"ana", "bob", "cy", "dan"}) CHECK(b.offered(id).empty());

  // Desktops come back: loads are respected and "first" keeps its place ahead of "second".
  b.connect(active_agent);
  b.connect(future_agent);
  CHECK(b.offered(active_agent).empty());
  CHECK(b.offered(future_agent).empty());
  b.connect("dan");
  CHECK(b.offered("dan") == Strings{"first"});
  CHECK(b.offer_ids("dan") == Strings{"first.o2"});
  b.connect(past_agent);
  CHECK(b.offered(past_agent) == Strings{"second"});

  // LI1: the open calls (not the wrap-up) count after the restart.
  b.set_call_cap(4);
  REQUIRE(b.add("third"));  // active, first, second, third
  CHECK(rejection_of(b.add("fourth")).reason == Reason::CallCapReached);

  // The restored work ends normally.
  REQUIRE(b.end(active_agent, "active"));
  REQUIRE(b.wrapup(active_agent, "active"));
  b.advance(30s);
  CHECK(b.find("wrap-future") == nullptr);
}
