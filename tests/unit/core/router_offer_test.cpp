// Offers: the connecting notice and the offer (OF1), offer variables (OF6), the offer stack
// (OF3, OF4), accepting (OF5), declining (OF11), stale offers, capacity (OF10), device state
// (AN3), the desktop connection (AS7) and logout (AS3).
#include <string>
#include <vector>

#include "routing_test_support.hpp"

using namespace ccr::core;
using namespace ccr::core::test;

namespace {

using Strings = std::vector<std::string>;

VariableDef var(std::string name, int order, bool secure = false, bool in_offer = true) {
  VariableDef v;
  v.name = name;
  v.label = "Label " + name;
  v.order = order;
  v.secure = secure;
  v.in_offer = in_offer;
  return v;
}

// An entry point "ep-vars" on q-voice with these variables.
void vars_entry_point(RoutingWorld& w, std::vector<VariableDef> vars) {
  auto e = RoutingWorld::entry_point("ep-vars", Channel::Voice, "q-voice");
  e.variables = std::move(vars);
  w.add_entry_point(e);
}

Strings names_of(const std::vector<OfferVariable>& vars) {
  Strings out;
  for (const auto& v : vars) out.push_back(v.name);
  return out;
}

OfferMade only_offer(const Log& log, const std::string& agent) {
  const auto made = notices<OfferMade>(log, agent);
  REQUIRE(made.size() == 1);
  return made[0];
}

}  // namespace

TEST_CASE("OF1: a connecting notice, then the offer with its own offer_id", "[router][of1]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  const auto t0 = w.clock.advance(1s);
  auto added = w.add("c1");
  REQUIRE(added);
  CHECK(added.value().queue_id == "q-voice");

  CHECK(notice_kinds(w.last, "ana") ==
        Strings{"OfferConnecting", "OfferMade", "OfferStackChanged"});
  const auto connecting = notices<OfferConnecting>(w.last, "ana");
  CHECK(connecting.at(0).interaction_id == "c1");
  CHECK(connecting.at(0).channel == Channel::Voice);
  const auto made = only_offer(w.last, "ana");
  CHECK(made.offer.id == "c1.o1");
  CHECK(made.offer.agent_id == "ana");
  CHECK(made.offer.offered_at == t0);
  CHECK(made.offer.expires_at == t0 + 10s);
  CHECK(made.interaction_id == "c1");
  CHECK(made.queue_id == "q-voice");
  CHECK(made.queue_name == "Queue q-voice");
  CHECK(made.ani == "+40721000c1");
  CHECK(notices<OfferStackChanged>(w.last, "ana").at(0).offer_ids == Strings{"c1.o1"});
  CHECK(w.timers.deadline({TimerKind::RingTimeout, "c1"}) == t0 + 10s);
  CHECK(w.phase("c1") == Phase::Offered);
  CHECK(w.offered_to("c1") == "ana");

  // The contact waited for an agent: logging in makes the offer.
  RoutingWorld later;
  later.add_agent("bob");
  REQUIRE(later.add("c9"));
  CHECK(later.phase("c9") == Phase::Queued);
  CHECK(later.waiting() == 1);
  later.online("bob");
  CHECK(notice_kinds(later.last, "bob") ==
        Strings{"AgentStateChanged", "OfferConnecting", "OfferMade", "OfferStackChanged"});
  CHECK(later.offer_ids("bob") == Strings{"c9.o1"});
  CHECK(later.waiting() == 0);
}

TEST_CASE("OF6: offer variables in admin order with labels, never secure", "[router][of6]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  vars_entry_point(w, {var("account", 3), var("pin", 0, /*secure=*/true), var("name", 1),
                       var("notes", 0, false, /*in_offer=*/false), var("lang", 2)});
  REQUIRE(w.add("c1", "ep-vars",
                {{"account", "A-17"}, {"pin", "4321"}, {"name", "Ion"}, {"notes", "vip"}}));
  const auto made = only_offer(w.last, "ana");
  CHECK(names_of(made.variables) == Strings{"name", "lang", "account"});
  CHECK(made.variables[0].label == "Label name");
  CHECK(made.variables[0].value == "Ion");
  CHECK(made.variables[1].value.empty());  // no value given
  CHECK(made.variables[2].value == "A-17");
  for (const auto& v : made.variables) CHECK(v.value != "4321");
  // describe_offer gives the same list.
  CHECK(names_of(w.engine.router().describe_offer(*w.find("c1"), "ana").variables) ==
        Strings{"name", "lang", "account"});
}

TEST_CASE("OF6: fewer than 3 variables are topped up with ANI, DNIS and queue, at most 6",
          "[router][of6]") {
  RoutingWorld w;
  w.add_agent("ana", {"sales"}, {1, 0, 0, 0});
  w.online("ana");
  auto describe = [&](std::vector<VariableDef> vars) {
    auto e = RoutingWorld::entry_point("ep-vars", Channel::Voice, "q-voice");
    e.variables = std::move(vars);
    w.add_entry_point(e);
    REQUIRE(w.add("c1", "ep-vars", {}));
    auto made = w.engine.router().describe_offer(*w.find("c1"), "ana");
    Effects fx;
    REQUIRE(w.engine.routing().delete_entry_point("t1", "ep-vars", {}, fx));
    REQUIRE(w.hangup("c1"));
    return made;
  };

  SECTION("none") {
    const auto made = describe({var("pin", 0, true)});
    CHECK(names_of(made.variables) == Strings{"ani", "dnis", "queue"});
    CHECK(made.variables[0].value == "+40721000c1");
    CHECK(made.variables[0].label == "ANI");
    CHECK(made.variables[1].value == "+40310000000");
    CHECK(made.variables[2].value == "Queue q-voice");
  }
  SECTION("one") {
    CHECK(names_of(describe({var("a", 0)}).variables) == Strings{"a", "ani", "dnis"});
  }
  SECTION("two") {
    CHECK(names_of(describe({var("b", 2), var("a", 1)}).variables) == Strings{"a", "b", "ani"});
  }
  SECTION("three: no top-up") {
    CHECK(names_of(describe({var("a", 1), var("b", 2), var("c", 3)}).variables) ==
          Strings{"a", "b", "c"});
  }
  SECTION("six shown, secure ones left out") {
    std::vector<VariableDef> vars;
    for (int i = 6; i >= 1; --i) vars.push_back(var("v" + std::to_string(i), i));
    vars.push_back(var("s1", 0, true));
    vars.push_back(var("s2", 9, true));
    CHECK(names_of(describe(vars).variables) == Strings{"v1", "v2", "v3", "v4", "v5", "v6"});
  }
}

TEST_CASE(
    "OF3, OF4: the stack is emails, social, chats, calls, earliest first, offer_stack on "
    "every change",
    "[router][of3][of4]") {
  RoutingWorld w;
  w.add_agent("ana");  // voice 1, chat 3, email 2, social 2
  w.online("ana");
  const std::vector<std::pair<std::string, std::string>> arrivals{
      {"ch1", "ep-chat"},   {"v1", "ep-voice"}, {"em1", "ep-email"},
      {"so1", "ep-social"}, {"ch2", "ep-chat"}, {"em2", "ep-email"}};
  for (const auto& [id, ep] : arrivals) {
    w.clock.advance(1s);
    REQUIRE(w.add(id, ep));
    const auto stacks = notices<OfferStackChanged>(w.last, "ana");
    REQUIRE(stacks.size() == 1);
    CHECK(stacks[0].offer_ids == w.offer_ids("ana"));
  }
  CHECK(w.offered("ana") == Strings{"em1", "em2", "so1", "ch1", "ch2", "v1"});
  CHECK(w.offer_ids("ana") == Strings{"em1.o1", "em2.o1", "so1.o1", "ch1.o1", "ch2.o1", "v1.o1"});

  // Accepting, declining and a customer leaving each send the new stack.
  REQUIRE(w.accept("ana", "em2.o1"));
  CHECK(notices<OfferStackChanged>(w.last, "ana").back().offer_ids ==
        Strings{"em1.o1", "so1.o1", "ch1.o1", "ch2.o1", "v1.o1"});
  REQUIRE(w.decline("ana", "so1.o1"));
  CHECK(notices<OfferStackChanged>(w.last, "ana").at(0).offer_ids ==
        Strings{"em1.o1", "ch1.o1", "ch2.o1", "v1.o1"});
  REQUIRE(w.hangup("ch1"));
  CHECK(notices<OfferStackChanged>(w.last, "ana").at(0).offer_ids ==
        Strings{"em1.o1", "ch2.o1", "v1.o1"});
}

TEST_CASE("OF5: accept one, and accept_all accepts every non-voice offer with an outcome each",
          "[router][of5][en4]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("v1", "ep-voice"));
  REQUIRE(w.add("ch1", "ep-chat"));
  REQUIRE(w.add("ch2", "ep-chat"));
  REQUIRE(w.add("em1", "ep-email"));
  REQUIRE(w.offered("ana").size() == 4);

  auto one = w.accept("ana", "ch1.o1");
  REQUIRE(one);
  CHECK(one.value().phase == Phase::Active);
  CHECK(owner_connected(one.value()));  // EN4: no ringing for chat
  CHECK(telephony_of(w.last).empty());

  const auto outcomes = w.accept_all("ana");
  REQUIRE(outcomes.size() == 2);
  CHECK(outcomes[0].offer_id == "em1.o1");
  CHECK(outcomes[1].offer_id == "ch2.o1");
  for (const auto& o : outcomes) CHECK_FALSE(o.rejection.has_value());
  CHECK(w.offered("ana") == Strings{"v1"});  // voice is answered on its own
  CHECK(w.work("ana") == Strings{"ch1", "ch2", "em1"});
  CHECK(w.phase("em1") == Phase::Active);
  CHECK(telephony_of(w.last).empty());

  // Nothing left to accept: an empty report, no effects.
  REQUIRE(w.accept("ana", "v1.o1"));
  CHECK(w.accept_all("ana").empty());
  CHECK(w.last.empty());
}

TEST_CASE("OF11: a declined offer goes back keeping its place, the agent stays Available",
          "[router][of11]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.add_agent("bob");
  w.online("ana");
  REQUIRE(w.add("c1"));
  w.clock.advance(1s);
  REQUIRE(w.add("c2"));
  w.clock.advance(1s);
  REQUIRE(w.add("c3"));
  const auto c1_enqueued = w.find("c1")->enqueued_at;
  CHECK(w.offered("ana") == Strings{"c1"});

  w.clock.advance(1s);
  REQUIRE(w.decline("ana", "c1.o1"));
  const auto withdrawn = notices<OfferWithdrawn>(w.last, "ana");
  REQUIRE(withdrawn.size() == 1);
  CHECK(withdrawn[0].offer_id == "c1.o1");
  CHECK(withdrawn[0].reason == WithdrawReason::Cancelled);
  CHECK(notices<AgentStateChanged>(w.last, "ana").empty());
  CHECK(w.state("ana") == AgentState::Available);
  CHECK(w.phase("c1") == Phase::Queued);
  CHECK(w.find("c1")->enqueued_at == c1_enqueued);
  // The decliner is offered the next contact instead.
  CHECK(w.offered("ana") == Strings{"c2"});
  CHECK(telephony_actions(w.last) ==
        std::vector<TelephonyAction>{TelephonyAction::HangupAgentLeg, TelephonyAction::RingAgent});

  // c1 kept its place: the next agent gets it before c3.
  w.online("bob");
  CHECK(w.offered("bob") == Strings{"c1"});
  CHECK(w.offer_ids("bob") == Strings{"c1.o2"});
}

TEST_CASE("OF11: the decliner is offered the contact again only after the ring timeout",
          "[router][of11]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("c1"));
  const auto declined_at = w.clock.advance(2s);
  REQUIRE(w.decline("ana", "c1.o1"));
  CHECK(w.offered("ana").empty());
  CHECK(w.timers.deadline({TimerKind::DeclineCooldown, "c1"}) == declined_at + 10s);

  // Becoming available again does not bring it back early.
  REQUIRE(w.idle("ana"));
  REQUIRE(w.available("ana"));
  CHECK(w.offered("ana").empty());
  w.advance(10s - 1ms);
  CHECK(w.offered("ana").empty());
  CHECK(w.phase("c1") == Phase::Queued);

  w.advance(1ms);
  CHECK(w.offer_ids("ana") == Strings{"c1.o2"});
  CHECK(notice_kinds(w.last, "ana") ==
        Strings{"OfferConnecting", "OfferMade", "OfferStackChanged"});
}

TEST_CASE("OF3: accepting or declining an offer that is no longer pending is offer_gone",
          "[router][of3]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.add_agent("bob");
  w.online("ana");
  REQUIRE(w.add("c1"));
  REQUIRE(w.decline("ana", "c1.o1"));
  w.online("bob");
  REQUIRE(w.offer_ids("bob") == Strings{"c1.o2"});

  auto gone = [&](Reason r) {
    CHECK(r == Reason::OfferGone);
    CHECK(w.last.empty());
  };
  gone(rejection_of(w.accept("ana", "c1.o1")).reason);   // stale
  gone(rejection_of(w.decline("ana", "c1.o1")).reason);  // stale
  gone(rejection_of(w.accept("ana", "c1.o2")).reason);   // bob's
  gone(rejection_of(w.decline("ana", "c1.o2")).reason);  // bob's
  gone(rejection_of(w.accept("ana", "nonsense")).reason);
  gone(rejection_of(w.accept("ana", "ghost.o1")).reason);
  {
    Effects fx;  // another tenant's agent
    CHECK(rejection_of(
              w.engine.router().accept(RoutingWorld::who("zoe", "t2"), "c1.o2", w.clock.now(), fx))
              .reason == Reason::OfferGone);
    CHECK(fx.empty());
  }
  CHECK(w.offer_ids("bob") == Strings{"c1.o2"});

  REQUIRE(w.accept("bob", "c1.o2"));
  gone(rejection_of(w.accept("bob", "c1.o2")).reason);  // already accepted
  gone(rejection_of(w.decline("bob", "c1.o2")).reason);
  CHECK(w.phase("c1") == Phase::Active);
}

TEST_CASE("OF10: capacity per channel (voice 1, chat 3 gets 3 offers, not 4)", "[router][of10]") {
  RoutingWorld w;
  w.add_agent("ana", {"sales"}, {1, 3, 0, 0});
  w.online("ana");
  REQUIRE(w.add("v1"));
  REQUIRE(w.add("v2"));
  CHECK(w.offered("ana") == Strings{"v1"});
  CHECK(w.waiting("q-voice") == 1);

  for (const char* id : {"ch1", "ch2", "ch3", "ch4"}) REQUIRE(w.add(id, "ep-chat"));
  CHECK(w.offered("ana") == Strings{"ch1", "ch2", "ch3", "v1"});
  CHECK(w.waiting("q-chat") == 1);

  // An accepted chat still takes its slot; so does its wrap-up.
  REQUIRE(w.accept("ana", "ch1.o1"));
  CHECK(w.waiting("q-chat") == 1);
  REQUIRE(w.end("ana", "ch1"));
  CHECK(w.phase("ch1") == Phase::WrapUp);
  CHECK(w.waiting("q-chat") == 1);
  REQUIRE(w.wrapup("ana", "ch1"));
  CHECK(w.offered("ana") == Strings{"ch2", "ch3", "ch4", "v1"});
  CHECK(w.waiting("q-chat") == 0);

  // An email queue is not served by an agent with email capacity 0.
  REQUIRE(w.add("em1", "ep-email"));
  CHECK(w.phase("em1") == Phase::Queued);
}

TEST_CASE("AN3: a busy device blocks voice offers only", "[router][an3]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  w.device("ana", true);
  REQUIRE(w.add("v1"));
  REQUIRE(w.add("ch1", "ep-chat"));
  CHECK(w.offered("ana") == Strings{"ch1"});
  CHECK(w.phase("v1") == Phase::Queued);

  w.device("ana", true);  // repeated: no change
  CHECK(w.last.empty());
  w.device("ana", false);
  CHECK(w.offered("ana") == Strings{"ch1", "v1"});
  CHECK(telephony_of(w.last).at(0).dial_number == "100ana");
}

TEST_CASE("AS7: a dropped desktop withdraws offers (disconnected) and requeues them in place",
          "[router][as7]") {
  RoutingWorld w;
  w.add_agent("ana", {"sales"}, {1, 1, 0, 0});
  w.add_agent("bob", {"sales"}, {1, 1, 0, 0});
  w.online("ana");
  REQUIRE(w.add("v1"));
  w.clock.advance(1s);
  REQUIRE(w.add("ch1", "ep-chat"));
  w.clock.advance(1s);
  REQUIRE(w.add("ch2", "ep-chat"));
  REQUIRE(w.offered("ana") == Strings{"ch1", "v1"});
  REQUIRE(w.waiting("q-chat") == 1);
  const auto ch1_enqueued = w.find("ch1")->enqueued_at;

  w.disconnect("ana");
  const auto withdrawn = notices<OfferWithdrawn>(w.last, "ana");
  REQUIRE(withdrawn.size() == 2);
  for (const auto& o : withdrawn) CHECK(o.reason == WithdrawReason::Disconnected);
  CHECK(telephony_actions(w.last) == std::vector<TelephonyAction>{TelephonyAction::HangupAgentLeg});
  CHECK(w.offered("ana").empty());
  CHECK(w.phase("v1") == Phase::Queued);
  CHECK(w.phase("ch1") == Phase::Queued);
  CHECK(w.find("ch1")->enqueued_at == ch1_enqueued);
  CHECK(w.waiting("q-chat") == 2);

  // ch1 kept its place ahead of ch2.
  w.online("bob");
  CHECK(w.offered("bob") == Strings{"ch1", "v1"});

  // No desktop, no offers; reconnecting makes the agent routable again.
  REQUIRE(w.add("ch3", "ep-chat"));
  CHECK(w.offered("ana").empty());
  w.connect("ana");
  CHECK(w.offered("ana") == Strings{"ch2"});
}

TEST_CASE("AS7: no offers to an agent logged in without a desktop", "[router][as7]") {
  RoutingWorld w;
  w.add_agent("ana");
  REQUIRE(w.login("ana"));
  REQUIRE(w.add("c1"));
  CHECK(w.phase("c1") == Phase::Queued);
  CHECK(w.offered("ana").empty());
  w.connect("ana");
  CHECK(w.offered("ana") == Strings{"c1"});
}

TEST_CASE("AS7: an accepted interaction continues while the desktop is away", "[router][as7]") {
  RoutingWorld w(EngineOptions{60s});
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("c1"));
  w.accept_top("ana");
  w.disconnect("ana");
  CHECK(notices<OfferWithdrawn>(w.last, "ana").empty());
  CHECK(w.phase("c1") == Phase::Active);
  // The grace period passes with the call still active: the agent stays logged in.
  w.advance(61s);
  CHECK(w.state("ana") == AgentState::Available);
  REQUIRE(w.end("ana", "c1"));
  REQUIRE(w.wrapup("ana", "c1"));
  w.advance(61s);
  CHECK(w.state("ana") == AgentState::LoggedOut);
}

TEST_CASE("AS3: logout is refused with a pending offer or with active or wrap-up work",
          "[router][as3]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("c1"));
  auto r = rejection_of(w.logout("ana"));
  CHECK(r.reason == Reason::OfferPending);
  CHECK(w.last.empty());
  CHECK(w.state("ana") == AgentState::Available);
  CHECK(w.offered("ana") == Strings{"c1"});

  REQUIRE(w.accept("ana", "c1.o1"));
  r = rejection_of(w.logout("ana"));
  CHECK(r.reason == Reason::InvalidState);
  CHECK(w.last.empty());

  REQUIRE(w.end("ana", "c1"));
  CHECK(rejection_of(w.logout("ana")).reason == Reason::InvalidState);
  CHECK(w.last.empty());

  REQUIRE(w.wrapup("ana", "c1"));
  REQUIRE(w.logout("ana"));
  CHECK(w.state("ana") == AgentState::LoggedOut);
}

TEST_CASE("AS3: a logged-out agent is offered nothing", "[router][as3]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.logout("ana"));
  REQUIRE(w.add("c1"));
  CHECK(w.offered("ana").empty());
  CHECK(w.phase("c1") == Phase::Queued);
  CHECK(notices<OfferMade>(w.last).empty());

  REQUIRE(w.login("ana"));
  CHECK(w.offered("ana") == Strings{"c1"});
}

TEST_CASE("AN3: a busy device of an earlier session does not block the next login",
          "[router][an3]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  w.device("ana", true);
  REQUIRE(w.logout("ana"));
  REQUIRE(w.login("ana"));
  REQUIRE(w.add("v1"));
  CHECK(w.offered("ana") == Strings{"v1"});

  // A report about the dial number while nobody is logged in with it is not applied later.
  RoutingWorld x;
  x.add_agent("ana");
  x.connect("ana");
  x.device("ana", true);
  REQUIRE(x.login("ana"));
  REQUIRE(x.add("v1"));
  CHECK(x.offered("ana") == Strings{"v1"});
}
