// An interaction from arrival to wrap-up: ringing and answering (AN1, EN4), ring timeouts and
// RONA (OF2, AN2, AS2), ending and wrap-up (EN1, EN2), customer hang-ups (EN3), call caps (LI1),
// queue limits, business hours, variable validation (VA3) and the telephony commands.
#include <string>
#include <vector>

#include "routing_test_support.hpp"

using namespace ccr::core;
using namespace ccr::core::test;

namespace {

using Strings = std::vector<std::string>;
using Actions = std::vector<TelephonyAction>;

VariableDef typed(std::string name, VariableType type) {
  VariableDef v;
  v.name = name;
  v.label = name;
  v.type = type;
  return v;
}

// t2 gets a voice queue and entry point served by zoe's team.
void t2_voice(RoutingWorld& w) {
  auto q = RoutingWorld::queue("t2-q", Channel::Voice, {{{"t2-team"}, 0}});
  q.tenant_id = "t2";
  q.default_wrapup_code_id = "t2-done";
  w.add_queue(q);
  auto e = RoutingWorld::entry_point("t2-ep", Channel::Voice, "t2-q");
  e.tenant_id = "t2";
  w.add_entry_point(e);
}

}  // namespace

TEST_CASE("AN1: an offered call rings until accept, which connects the agent", "[router][an1]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("c1"));
  const auto* it = w.find("c1");
  CHECK(it->phase == Phase::Offered);  // the desktop shows "ringing"
  CHECK_FALSE(owner_connected(*it));
  auto ring = telephony_of(w.last);
  REQUIRE(ring.size() == 1);
  CHECK(ring[0].action == TelephonyAction::RingAgent);
  CHECK(ring[0].agent_id == "ana");
  CHECK(ring[0].interaction_id == "c1");
  CHECK(ring[0].tenant_id == "t1");
  CHECK(ring[0].dial_number == "100ana");

  w.clock.advance(3s);
  auto accepted = w.accept("ana", "c1.o1");
  REQUIRE(accepted);
  CHECK(accepted.value().phase == Phase::Active);
  CHECK(owner_connected(accepted.value()));
  CHECK(accepted.value().agent_id == "ana");
  CHECK_FALSE(accepted.value().offer.has_value());
  auto connect = telephony_of(w.last);
  REQUIRE(connect.size() == 1);
  CHECK(connect[0].action == TelephonyAction::ConnectAgent);
  CHECK(connect[0].dial_number == "100ana");
  // The agent_state event follows, its display now Engaged (AS1).
  CHECK(notice_kinds(w.last, "ana") ==
        Strings{"InteractionChanged", "OfferStackChanged", "AgentStateChanged"});
  CHECK_FALSE(w.timers.armed({TimerKind::RingTimeout, "c1"}));
  CHECK(w.work("ana") == Strings{"c1"});
}

TEST_CASE("AN1: the telephony side reporting the answer connects the call", "[router][an1]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("c1"));
  auto answered = w.answered("c1");
  REQUIRE(answered);
  CHECK(answered.value().phase == Phase::Active);
  CHECK(owner_connected(answered.value()));
  CHECK(telephony_of(w.last).empty());  // the phone already answered
  CHECK(w.offered("ana").empty());
  CHECK(w.work("ana") == Strings{"c1"});
  // Repeated: no change.
  REQUIRE(w.answered("c1"));
  CHECK(w.last.empty());
  // The desktop's accept of the same offer is now stale.
  CHECK(rejection_of(w.accept("ana", "c1.o1")).reason == Reason::OfferGone);
}

TEST_CASE("EN4: a chat has no ringing, accept connects it and the customer leaving wraps up",
          "[router][en4]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("ch1", "ep-chat"));
  CHECK(telephony_of(w.last).empty());
  auto accepted = w.accept("ana", "ch1.o1");
  REQUIRE(accepted);
  CHECK(owner_connected(accepted.value()));
  CHECK(telephony_of(w.last).empty());
  auto left = w.hangup("ch1");
  REQUIRE(left);
  CHECK(left.value().phase == Phase::WrapUp);
  CHECK(left.value().end_reason == "customer_hangup");
  CHECK(telephony_of(w.last).empty());
  CHECK(notice_kinds(w.last, "ana") == Strings{"InteractionChanged", "WrapupRequired"});
}

TEST_CASE("OF2, AN2: a ring timeout puts the contact back in its place and the agent in RONA",
          "[router][of2][an2][as2]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.add_agent("bob");
  w.online("ana");
  const auto t0 = w.clock.now();
  REQUIRE(w.add("c1"));
  w.clock.advance(1s);
  REQUIRE(w.add("c2"));

  w.advance(9s - 1ms);
  CHECK(w.phase("c1") == Phase::Offered);
  w.advance(1ms);
  CHECK(w.clock.now() == t0 + 10s);
  const auto withdrawn = notices<OfferWithdrawn>(w.last, "ana");
  REQUIRE(withdrawn.size() == 1);
  CHECK(withdrawn[0].offer_id == "c1.o1");
  CHECK(withdrawn[0].reason == WithdrawReason::Rona);
  CHECK(telephony_actions(w.last) == Actions{TelephonyAction::HangupAgentLeg});
  const auto states = notices<AgentStateChanged>(w.last, "ana");
  REQUIRE(states.size() == 1);
  CHECK(states[0].session.state == AgentState::Rona);
  CHECK(states[0].session.reason == StateReason::Rona);
  CHECK(w.state("ana") == AgentState::Rona);
  CHECK(w.phase("c1") == Phase::Queued);
  CHECK(w.find("c1")->enqueued_at == t0);
  CHECK(w.offered("ana").empty());

  // AS2: nothing moves the agent out of RONA by itself.
  w.advance(10min);
  CHECK(w.state("ana") == AgentState::Rona);
  CHECK(w.offered("ana").empty());

  // c1 kept its place ahead of c2.
  w.online("bob");
  CHECK(w.offered("bob") == Strings{"c1"});
  CHECK(w.offer_ids("bob") == Strings{"c1.o2"});

  // Only the agent moves out, to Available (and gets c2) or Idle.
  REQUIRE(w.available("ana"));
  CHECK(w.offered("ana") == Strings{"c2"});
}

TEST_CASE("AS2: from RONA the agent may go Idle, and logout is allowed", "[router][as2]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("c1"));
  w.advance(10s);
  REQUIRE(w.state("ana") == AgentState::Rona);
  REQUIRE(w.idle("ana"));
  CHECK(w.state("ana") == AgentState::Idle);
  CHECK(w.offered("ana").empty());
  REQUIRE(w.logout("ana"));
}

TEST_CASE("AN2: an answer after the timeout is refused and the late agent leg hung up",
          "[router][an2]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("c1"));
  w.advance(10s);
  REQUIRE(w.phase("c1") == Phase::Queued);
  CHECK(rejection_of(w.answered("c1")).reason == Reason::OfferGone);
  const auto hangups = telephony_of(w.last);
  REQUIRE(hangups.size() == 1);
  CHECK(hangups[0].action == TelephonyAction::HangupAgentLeg);
  CHECK(hangups[0].interaction_id == "c1");
  CHECK(w.phase("c1") == Phase::Queued);
  CHECK(rejection_of(w.accept("ana", "c1.o1")).reason == Reason::OfferGone);
}

TEST_CASE("AN2: a late answer from the first agent's device after a re-offer is refused",
          "[router][an2]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.add_agent("bob");
  w.online("ana");
  REQUIRE(w.add("c1"));
  REQUIRE(w.offered("ana") == Strings{"c1"});
  w.online("bob");
  w.advance(10s);  // ana rings out; the call is offered to bob
  REQUIRE(w.offered("bob") == Strings{"c1"});
  Effects fx;
  auto late =
      w.engine.router().agent_answered("t1", "c1", RoutingWorld::dial_of("ana"), w.clock.now(), fx);
  CHECK(rejection_of(late).reason == Reason::OfferGone);
  const auto hangups = telephony_of(fx.items());
  REQUIRE(hangups.size() == 1);
  CHECK(hangups[0].action == TelephonyAction::HangupAgentLeg);
  CHECK(hangups[0].dial_number == RoutingWorld::dial_of("ana"));
  CHECK(w.phase("c1") == Phase::Offered);  // still ringing for bob
  fx = Effects{};
  REQUIRE(w.engine.router().agent_answered("t1", "c1", RoutingWorld::dial_of("bob"), w.clock.now(),
                                           fx));
  CHECK(w.phase("c1") == Phase::Active);
}

TEST_CASE("AN2: the telephony side reporting a missed ring acts as a ring timeout",
          "[router][an2]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("c1"));
  w.clock.advance(2s);
  REQUIRE(w.agent_hangup("c1"));  // the agent rejected the ring on the phone
  CHECK(w.state("ana") == AgentState::Rona);
  CHECK(w.phase("c1") == Phase::Queued);
  CHECK_FALSE(w.timers.armed({TimerKind::RingTimeout, "c1"}));
  Effects fx;
  CHECK(rejection_of(w.engine.router().agent_missed("t1", "c1", {}, false, w.clock.now(), fx))
            .reason == Reason::InvalidState);
  CHECK(fx.empty());
}

TEST_CASE("EN1: end puts the interaction in wrap-up and hangs up the customer", "[router][en1]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.add_agent("bob");
  w.online("ana");
  REQUIRE(w.add("c1"));
  // Not accepted yet: nothing to end.
  CHECK(rejection_of(w.end("ana", "c1")).reason == Reason::NotFound);
  REQUIRE(w.accept("ana", "c1.o1"));
  CHECK(rejection_of(w.end("bob", "c1")).reason == Reason::NotFound);
  CHECK(w.last.empty());

  const auto ended_at = w.clock.advance(5s);
  auto ended = w.end("ana", "c1");
  REQUIRE(ended);
  CHECK(ended.value().phase == Phase::WrapUp);
  CHECK(ended.value().end_reason == "agent_ended");
  CHECK_FALSE(owner_connected(ended.value()));
  CHECK(ended.value().wrapup_deadline == ended_at + 30s);
  const auto tel = telephony_of(w.last);
  REQUIRE(tel.size() == 1);
  CHECK(tel[0].action == TelephonyAction::HangupCustomer);
  CHECK(tel[0].interaction_id == "c1");
  const auto wrap = notices<WrapupRequired>(w.last, "ana");
  REQUIRE(wrap.size() == 1);
  CHECK(wrap[0].deadline == ended_at + 30s);
  CHECK(w.timers.deadline({TimerKind::WrapupTimeout, "c1"}) == ended_at + 30s);
  CHECK(w.work("ana") == Strings{"c1"});

  auto again = w.end("ana", "c1");
  CHECK(rejection_of(again).reason == Reason::InvalidState);
  CHECK(rejection_of(again).current_state == "WrapUp");
}

TEST_CASE("EN1: the agent hanging up their phone puts the call in wrap-up", "[router][en1]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("c1"));
  w.accept_top("ana");
  auto r = w.agent_hangup("c1");
  REQUIRE(r);
  CHECK(r.value().phase == Phase::WrapUp);
  CHECK(r.value().end_reason == "agent_hangup");
}

TEST_CASE("EN2: wrap-up with a valid code ends the interaction, an invalid code is refused",
          "[router][en2]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("c1"));
  w.clock.advance(1s);
  REQUIRE(w.add("c2"));
  w.accept_top("ana");
  CHECK(rejection_of(w.wrapup("ana", "c1")).reason == Reason::InvalidState);  // still active
  REQUIRE(w.end("ana", "c1"));

  for (const char* bad : {"ghost", "lunch", "t2-done", ""}) {
    const auto r = rejection_of(w.wrapup("ana", "c1", bad));
    CHECK(r.reason == Reason::ValidationFailed);
    CHECK(has_field(r, "wrapup_code_id"));
    CHECK(w.last.empty());
  }
  CHECK(w.phase("c1") == Phase::WrapUp);
  CHECK(w.waiting() == 1);  // c2 waits: the wrap-up holds the voice slot

  const auto done_at = w.clock.advance(2s);
  auto done = w.wrapup("ana", "c1", "other");
  REQUIRE(done);
  CHECK(done.value().phase == Phase::Ended);
  CHECK(done.value().wrapup_code_id == "other");
  CHECK(done.value().ended_at == done_at);
  CHECK(w.find("c1") == nullptr);
  CHECK_FALSE(w.timers.armed({TimerKind::WrapupTimeout, "c1"}));
  const auto ended = notices<InteractionEnded>(w.last, "ana");
  REQUIRE(ended.size() == 1);
  CHECK(ended[0].reason == "wrapped_up");
  const auto put = w.last_put("c1");
  REQUIRE(put);
  CHECK(put->phase == Phase::Ended);
  CHECK(put->wrapup_code_id == "other");
  // The agent is back to work: c2 is offered.
  CHECK(w.offered("ana") == Strings{"c2"});
  CHECK(rejection_of(w.wrapup("ana", "c1")).reason == Reason::NotFound);
}

TEST_CASE("EN2: an agent who went Idle during wrap-up stays Idle after it", "[router][en2]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("c1"));
  REQUIRE(w.add("c2"));
  w.accept_top("ana");
  REQUIRE(w.end("ana", "c1"));
  REQUIRE(w.idle("ana"));
  REQUIRE(w.wrapup("ana", "c1"));
  CHECK(w.state("ana") == AgentState::Idle);
  CHECK(w.offered("ana").empty());
  REQUIRE(w.available("ana"));
  CHECK(w.offered("ana") == Strings{"c2"});
}

TEST_CASE("EN2: the wrap-up timeout submits the queue's default code", "[router][en2]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("c1"));
  w.accept_top("ana");
  const auto ended_at = w.clock.advance(1s);
  REQUIRE(w.end("ana", "c1"));
  w.advance(30s - 1ms);
  CHECK(w.phase("c1") == Phase::WrapUp);
  w.advance(1ms);
  CHECK(w.clock.now() == ended_at + 30s);
  CHECK(w.find("c1") == nullptr);
  const auto put = w.last_put("c1");
  REQUIRE(put);
  CHECK(put->phase == Phase::Ended);
  CHECK(put->wrapup_code_id == "done");
  const auto ended = notices<InteractionEnded>(w.last, "ana");
  REQUIRE(ended.size() == 1);
  CHECK(ended[0].reason == "wrapped_up_automatically");
  CHECK(w.work("ana").empty());
  CHECK(rejection_of(w.wrapup("ana", "c1")).reason == Reason::NotFound);
}

TEST_CASE("EN2: without a default code the wrap-up timeout closes the interaction without one",
          "[router][en2]") {
  RoutingWorld w;
  auto q = w.q("q-voice");
  q.default_wrapup_code_id.clear();
  w.replace_queue(q);
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("c1"));
  w.accept_top("ana");
  REQUIRE(w.end("ana", "c1"));
  w.advance(30s);
  CHECK(w.find("c1") == nullptr);
  const auto put = w.last_put("c1");
  REQUIRE(put);
  CHECK(put->phase == Phase::Ended);
  CHECK(put->wrapup_code_id.empty());
  CHECK(w.work("ana").empty());
}

TEST_CASE("EN2: a queue without a wrap-up timeout waits for the agent", "[router][en2]") {
  RoutingWorld w;
  auto q = w.q("q-voice");
  q.wrapup_timeout_ms = 0;
  w.replace_queue(q);
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("c1"));
  w.accept_top("ana");
  auto ended = w.end("ana", "c1");
  REQUIRE(ended);
  CHECK_FALSE(ended.value().wrapup_deadline.has_value());
  CHECK_FALSE(w.timers.armed({TimerKind::WrapupTimeout, "c1"}));
  w.advance(2h);
  CHECK(w.phase("c1") == Phase::WrapUp);
}

TEST_CASE("EN3: a customer hanging up while queued abandons the contact", "[router][en3]") {
  RoutingWorld w;
  auto q = w.q("q-voice");
  q.overflow = Overflow{"q-voice2", 5000};
  w.add_queue(RoutingWorld::queue("q-voice2", Channel::Voice, {{{"support"}, 0}}));
  w.replace_queue(q);
  REQUIRE(w.add("c1"));
  CHECK(w.timers.armed({TimerKind::Overflow, "c1"}));
  auto r = w.hangup("c1");
  REQUIRE(r);
  CHECK(r.value().phase == Phase::Ended);
  CHECK(w.find("c1") == nullptr);
  CHECK(w.waiting() == 0);
  CHECK_FALSE(w.timers.armed({TimerKind::Overflow, "c1"}));
  const auto put = w.last_put("c1");
  REQUIRE(put);
  CHECK(put->end_reason == "abandoned");
  CHECK(put->phase == Phase::Ended);
  CHECK(rejection_of(w.hangup("c1")).reason == Reason::NotFound);
}

TEST_CASE("EN3: a customer hanging up while offered withdraws the offer (customer_left)",
          "[router][en3]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("c1"));
  REQUIRE(w.add("c2"));
  REQUIRE(w.offered("ana") == Strings{"c1"});
  REQUIRE(w.hangup("c1"));
  const auto withdrawn = notices<OfferWithdrawn>(w.last, "ana");
  REQUIRE(withdrawn.size() == 1);
  CHECK(withdrawn[0].reason == WithdrawReason::CustomerLeft);
  CHECK(withdrawn[0].offer_id == "c1.o1");
  CHECK(telephony_actions(w.last).at(0) == TelephonyAction::HangupAgentLeg);
  CHECK(w.find("c1") == nullptr);
  CHECK(w.last_put("c1")->end_reason == "abandoned");
  CHECK_FALSE(w.timers.armed({TimerKind::RingTimeout, "c1"}));
  CHECK(w.state("ana") == AgentState::Available);
  // The freed agent is offered the next contact at once.
  CHECK(w.offered("ana") == Strings{"c2"});
  CHECK(rejection_of(w.accept("ana", "c1.o1")).reason == Reason::OfferGone);
}

TEST_CASE("EN3: a customer hanging up during the call leads to wrap-up", "[router][en3]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("c1"));
  w.accept_top("ana");
  auto r = w.hangup("c1");
  REQUIRE(r);
  CHECK(r.value().phase == Phase::WrapUp);
  CHECK(r.value().end_reason == "customer_hangup");
  // The call is over: the agent's leg is released too, so the handset is idle again (AN3).
  const auto commands = telephony_of(w.last);
  REQUIRE(commands.size() == 1);
  CHECK(commands[0].action == TelephonyAction::HangupAgentLeg);
  CHECK(notices<WrapupRequired>(w.last, "ana").size() == 1);
  // Repeated, or after the wrap-up: no change.
  REQUIRE(w.hangup("c1"));
  CHECK(w.last.empty());
  REQUIRE(w.wrapup("ana", "c1"));
  CHECK(rejection_of(w.hangup("c1")).reason == Reason::NotFound);
}

TEST_CASE("LI1: the tenant's call cap refuses new calls (scope tenant), chats do not count",
          "[router][li1]") {
  RoutingWorld w;
  w.set_call_cap(2);
  w.add_agent("ana");
  w.add_agent("bob");
  w.online("ana");
  w.online("bob");
  REQUIRE(w.add("c1"));
  REQUIRE(w.add("c2"));
  // Agent legs do not count: both calls are ringing or connected to agents.
  w.accept_top("ana");
  REQUIRE(w.answered("c2"));

  auto refused = w.add("c3");
  const auto r = rejection_of(refused);
  CHECK(r.reason == Reason::CallCapReached);
  CHECK(r.scope == "tenant");
  CHECK(w.last.empty());
  CHECK(w.find("c3") == nullptr);

  REQUIRE(w.add("ch1", "ep-chat"));  // digital channels do not count
  REQUIRE(w.add("em1", "ep-email"));

  // A call that ends frees its place.
  REQUIRE(w.end("ana", "c1"));
  REQUIRE(w.wrapup("ana", "c1"));
  REQUIRE(w.add("c3"));
  CHECK(rejection_of(w.add("c4")).reason == Reason::CallCapReached);
  REQUIRE(w.hangup("c3"));  // abandoned: frees its place too
  REQUIRE(w.add("c4"));
}

TEST_CASE("LI1: a call whose customer has gone no longer counts during wrap-up", "[router][li1]") {
  RoutingWorld w;
  w.set_call_cap(1);
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("c1"));
  w.accept_top("ana");
  CHECK(rejection_of(w.add("c2")).reason == Reason::CallCapReached);
  REQUIRE(w.end("ana", "c1"));  // the customer is hung up: no outside party remains
  REQUIRE(w.add("c2"));
  CHECK(rejection_of(w.add("c3")).reason == Reason::CallCapReached);
  REQUIRE(w.wrapup("ana", "c1"));
  CHECK(rejection_of(w.add("c3")).reason == Reason::CallCapReached);
  REQUIRE(w.hangup("c2"));
  REQUIRE(w.add("c3"));
}

TEST_CASE("LI1: the server's cap counts every tenant's calls (scope server)", "[router][li1]") {
  RoutingWorld w(EngineOptions{60s, 3});
  t2_voice(w);
  REQUIRE(w.add("c1"));
  REQUIRE(w.add("c2"));
  REQUIRE(w.add("z1", "t2-ep", {}, "t2"));
  auto r = rejection_of(w.add("c3"));
  CHECK(r.reason == Reason::CallCapReached);
  CHECK(r.scope == "server");
  CHECK(rejection_of(w.add("z2", "t2-ep", {}, "t2")).scope == "server");
  REQUIRE(w.add("ch1", "ep-chat"));
  REQUIRE(w.hangup("c1"));
  REQUIRE(w.add("z2", "t2-ep", {}, "t2"));
  // The tenant cap is checked first when both are reached.
  w.set_call_cap(1);
  CHECK(rejection_of(w.add("c3")).scope == "tenant");
}

TEST_CASE("Queue limits: queue_full at max_length, offered contacts do not wait",
          "[router][queue_full]") {
  RoutingWorld w;
  auto q = w.q("q-voice");
  q.max_length = 2;
  w.replace_queue(q);
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("c1"));  // offered to ana
  REQUIRE(w.add("c2"));
  REQUIRE(w.add("c3"));
  CHECK(w.waiting() == 2);
  const auto r = rejection_of(w.add("c4"));
  CHECK(r.reason == Reason::QueueFull);
  CHECK(w.last.empty());
  REQUIRE(w.hangup("c2"));
  REQUIRE(w.add("c4"));
}

TEST_CASE("Business hours: a contact outside them is refused as closed", "[router][hours]") {
  RoutingWorld w;
  auto e = RoutingWorld::entry_point("ep-hours", Channel::Voice, "q-voice");
  // The fake clock starts on Tuesday 2023-11-14 22:13:20 UTC.
  e.hours = BusinessHours{0, {{1, 9 * 60, 22 * 60}}};
  w.add_entry_point(e);
  const auto r = rejection_of(w.add("c1", "ep-hours"));
  CHECK(r.reason == Reason::Closed);
  CHECK(w.last.empty());
  CHECK(w.find("c1") == nullptr);
  // UTC+2: 00:13 on Wednesday (2) local.
  e.hours = BusinessHours{120, {{2, 0, 60}}};
  w.replace_entry_point(e);
  REQUIRE(w.add("c1", "ep-hours"));
}

TEST_CASE("Contacts: unknown entry point and wrong channel are refused", "[router]") {
  RoutingWorld w;
  CHECK(has_field(rejection_of(w.add("c1", "ghost")), "entry_point_id"));
  CHECK(has_field(rejection_of(w.add("c1", "ep-voice", {}, "t2")), "entry_point_id"));
  NewContact c;
  c.id = "c1";
  c.tenant_id = "t1";
  c.entry_point_id = "ep-voice";
  c.channel = Channel::Chat;
  Effects fx;
  CHECK(has_field(rejection_of(w.engine.router().add_contact(c, w.clock.now(), fx)), "channel"));
  CHECK(fx.empty());
}

TEST_CASE("VA3: variables are validated by type with a per-field error", "[router][va3]") {
  RoutingWorld w;
  auto e = RoutingWorld::entry_point("ep-vars", Channel::Voice, "q-voice");
  e.variables = {typed("s", VariableType::String), typed("i", VariableType::Integer),
                 typed("b", VariableType::Boolean), typed("d", VariableType::Datetime),
                 typed("x", VariableType::Decimal)};
  w.add_entry_point(e);

  const auto r = rejection_of(w.add("c1", "ep-vars",
                                    {{"s", std::string(257, 'a')},
                                     {"i", "12a"},
                                     {"b", "yes"},
                                     {"d", "2024-01-01"},
                                     {"x", "1.2.3"},
                                     {"ghost", "1"}}));
  CHECK(r.reason == Reason::ValidationFailed);
  for (const char* f : {"variables.s", "variables.i", "variables.b", "variables.d", "variables.x",
                        "variables.ghost"}) {
    CHECK(has_field(r, f));
  }
  CHECK(r.errors.size() == 6);
  CHECK(w.last.empty());
  CHECK(w.find("c1") == nullptr);

  CHECK(has_field(rejection_of(w.add("c1", "ep-vars", {{"i", "1.5"}})), "variables.i"));
  CHECK(has_field(rejection_of(w.add("c1", "ep-vars", {{"b", "TRUE"}})), "variables.b"));
  CHECK(
      has_field(rejection_of(w.add("c1", "ep-vars", {{"d", "2024-01-01T10:00"}})), "variables.d"));
  CHECK(has_field(rejection_of(w.add("c1", "ep-vars", {{"d", "yesterday"}})), "variables.d"));

  auto ok = w.add("c1", "ep-vars",
                  {{"s", std::string(256, 'a')},
                   {"i", "-42"},
                   {"b", "false"},
                   {"d", "2024-01-01T10:00:00+02:00"},
                   {"x", "3.14"}});
  REQUIRE(ok);
  CHECK(ok.value().variables.size() == 5);
  REQUIRE(w.add("c2", "ep-vars", {{"d", "2024-01-01T10:00Z"}, {"i", "+7"}, {"b", "true"}}));
}

TEST_CASE("Telephony commands: ring, connect, hang up the agent leg, hang up the customer",
          "[router][an4]") {
  RoutingWorld w;
  w.add_agent("ana");
  w.online("ana");
  REQUIRE(w.add("c1"));
  REQUIRE(w.decline("ana", "c1.o1"));
  auto tel = telephony_of(w.last);
  REQUIRE(tel.size() == 1);
  CHECK(tel[0].action == TelephonyAction::HangupAgentLeg);
  CHECK(tel[0].agent_id == "ana");
  CHECK(tel[0].dial_number == "100ana");
  w.advance(10s);  // the cool-down: offered again
  tel = telephony_of(w.last);
  REQUIRE(tel.size() == 1);
  CHECK(tel[0].action == TelephonyAction::RingAgent);
  REQUIRE(w.accept("ana", "c1.o2"));
  CHECK(telephony_actions(w.last) == Actions{TelephonyAction::ConnectAgent});
  REQUIRE(w.end("ana", "c1"));
  tel = telephony_of(w.last);
  REQUIRE(tel.size() == 1);
  CHECK(tel[0].action == TelephonyAction::HangupCustomer);
  CHECK(tel[0].tenant_id == "t1");
  CHECK(tel[0].interaction_id == "c1");
  REQUIRE(w.wrapup("ana", "c1"));
  CHECK(telephony_of(w.last).empty());
}
