// Consult transfer and conference (CO11-CO13), blind transfer (TR1-TR5), outside legs and the
// call cap (LI1), telephony failures and a restart in the middle of a consult.
#include <string>
#include <vector>

#include "call_test_support.hpp"

using namespace ccr::core;
using namespace ccr::core::test;

namespace {

using Strings = std::vector<std::string>;
using Actions = std::vector<TelephonyAction>;

}  // namespace

TEST_CASE("CO11, CO13: consult transfer hands the call to agent 2 at once, ana wraps up",
          "[call][co11][co13]") {
  CallWorld w;
  w.consulting();
  REQUIRE(w.consult_transfer("ana"));
  CHECK(w.call().agent_id == "bob");
  CHECK(w.customer().state == LegState::Connected);
  CHECK_FALSE(w.call().consult.has_value());
  CHECK(w.state("bob") == "Connected");
  CHECK(w.controls("bob") == Strings{"hold", "consult", "transfer", "end"});
  CHECK(phase_for(w.call(), "ana") == Phase::WrapUp);
  CHECK(w.controls("ana") == Strings{"wrapup"});
  CHECK(notices<WrapupRequired>(w.last, "ana").size() == 1);
  CHECK(telephony_actions(w.last) ==
        Actions{TelephonyAction::Bridge, TelephonyAction::HangupAgentLeg});
  CHECK(w.engine.router().voice_work("ana") == Phase::WrapUp);  // the desktop shows WrapUp
  CHECK(w.engine.router().voice_work("bob") == Phase::Active);

  // Bob finishes first: the interaction waits for ana's wrap-up.
  REQUIRE(w.end("bob", "c1"));
  REQUIRE(w.wrapup("bob", "c1"));
  REQUIRE(w.find("c1") != nullptr);
  CHECK(w.phase("c1") == Phase::Ended);
  REQUIRE(w.wrapup("ana", "c1", "other"));
  CHECK(w.find("c1") == nullptr);
  CHECK(w.work("ana").empty());
  CHECK(w.state_of("ana") == AgentState::Available);
}

TEST_CASE("CO11: an agent owing a wrap-up is wrapped up automatically at the deadline",
          "[call][co11][en2]") {
  CallWorld w;
  w.consulting();
  REQUIRE(w.consult_transfer("ana"));
  w.advance(std::chrono::milliseconds(RoutingWorld::kWrapup));
  CHECK(notices<InteractionEnded>(w.last, "ana").at(0).reason == "wrapped_up_automatically");
  CHECK(w.work("ana").empty());
  CHECK(w.call().agent_id == "bob");
}

TEST_CASE("CO11, CO12: a conference ends for everybody when the customer hangs up",
          "[call][co11][co12]") {
  CallWorld w;
  w.consulting();
  REQUIRE(w.resume("ana"));  // a held consulted leg joins the conference too
  REQUIRE(w.conference("ana"));
  CHECK(w.state("ana") == "Conference");
  CHECK(w.state("bob") == "Conference");
  CHECK(role_of(w.call(), "bob") == LegRole::Conference);
  CHECK(w.customer().state == LegState::Connected);
  CHECK(w.consulted()->state == LegState::Connected);
  CHECK(w.controls("ana") == Strings{"conference_exit"});
  CHECK(w.controls("bob") == Strings{"conference_exit"});
  CHECK(rejection_of(w.hold("ana")).reason == Reason::InvalidState);
  CHECK(rejection_of(w.consult_exit("bob")).reason == Reason::InvalidState);
  CHECK(rejection_of(w.end("ana", "c1")).reason == Reason::InvalidState);

  REQUIRE(w.hangup("c1"));
  CHECK(w.phase("c1") == Phase::WrapUp);
  CHECK(notices<WrapupRequired>(w.last, "ana").size() == 1);
  CHECK(notices<WrapupRequired>(w.last, "bob").empty());
  CHECK(notices<InteractionEnded>(w.last, "bob").at(0).reason == "customer_hangup");
  CHECK(w.work("bob").empty());
}

TEST_CASE("CO12: the customer hanging up during a consult releases agent 2 without wrap-up",
          "[call][co12]") {
  CallWorld w;
  w.consulting();
  REQUIRE(w.hangup("c1"));
  CHECK(w.phase("c1") == Phase::WrapUp);
  CHECK(notices<WrapupRequired>(w.last, "bob").empty());
  CHECK(w.state_of("bob") == AgentState::Available);
  CHECK(w.work("bob").empty());
}

TEST_CASE("CO13: agent 1 leaves the conference and wraps up, agent 2 owns the call",
          "[call][co13]") {
  CallWorld w;
  w.consulting();
  REQUIRE(w.conference("ana"));
  REQUIRE(w.conference_exit("ana"));
  CHECK(w.call().agent_id == "bob");
  CHECK(w.state("bob") == "Connected");
  CHECK(role_of(w.call(), "bob") == LegRole::Owner);
  CHECK(notices<WrapupRequired>(w.last, "ana").size() == 1);
}

TEST_CASE("CO13: agent 2 leaves the conference, ana stays with the customer", "[call][co13]") {
  CallWorld w;
  w.consulting();
  REQUIRE(w.conference("ana"));
  REQUIRE(w.conference_exit("bob"));
  CHECK(w.call().agent_id == "ana");
  CHECK(w.state("ana") == "Connected");
  CHECK(notices<WrapupRequired>(w.last, "bob").empty());
  CHECK(w.work("bob").empty());
  REQUIRE(w.end("ana", "c1"));
}

TEST_CASE("TR5: a blind transfer to an agent hands over at once, ana wraps up",
          "[call][tr5][tr1]") {
  CallWorld w;
  REQUIRE(w.transfer("ana", CallWorld::agent("bob")));
  CHECK(w.offered_to("c1") == "bob");
  CHECK(notices<OfferMade>(w.last, "bob").at(0).offer.kind == OfferKind::Transfer);
  CHECK(notices<WrapupRequired>(w.last, "ana").size() == 1);
  CHECK(w.controls("ana") == Strings{"wrapup"});
  CHECK(telephony_actions(w.last) ==
        Actions{TelephonyAction::HangupAgentLeg, TelephonyAction::RingAgent});
  REQUIRE(w.accept("bob", w.offer_ids("bob").front()));
  CHECK(w.call().agent_id == "bob");
  CHECK(w.state("bob") == "Connected");
  REQUIRE(w.wrapup("ana", "c1"));
  CHECK(w.work("ana").empty());
}

TEST_CASE("TR3: a transfer nobody answers abandons the call by default", "[call][tr3]") {
  CallWorld w;
  REQUIRE(w.transfer("ana", CallWorld::agent("bob")));
  w.advance(std::chrono::milliseconds(RoutingWorld::kRona));
  CHECK(w.state_of("bob") == AgentState::Rona);
  CHECK(telephony_actions(w.last) ==
        Actions{TelephonyAction::HangupAgentLeg, TelephonyAction::HangupCustomer});
  CHECK(w.phase("c1") == Phase::Ended);
  CHECK(w.waiting() == 0);
  REQUIRE(w.wrapup("ana", "c1"));
  CHECK(w.find("c1") == nullptr);
}

TEST_CASE("TR3: with requeue_on_transfer_no_answer a declined transfer goes back to the queue",
          "[call][tr3][tr4]") {
  CallWorld w;
  Effects fx;
  SettingsPatch p;
  p.requeue_on_transfer_no_answer = true;
  Principal admin{Role::Admin, "t1", "", "tok-admin"};
  REQUIRE(w.engine.directory().update_settings(admin, "t1", p, {}, fx));
  REQUIRE(w.transfer("ana", CallWorld::agent("bob")));
  REQUIRE(w.decline("bob", w.offer_ids("bob").front()));
  CHECK(w.offered_to("c1") == "cid");  // TR4: never back to ana
}

TEST_CASE("TR4: a transfer to a queue is never routed back to the transferring agent",
          "[call][tr4]") {
  CallWorld w;
  REQUIRE(w.logout("bob"));
  REQUIRE(w.logout("cid"));
  REQUIRE(w.transfer("ana", CallWorld::queue("q-voice")));
  CHECK(w.phase("c1") == Phase::Queued);
  REQUIRE(w.wrapup("ana", "c1"));
  CHECK(w.state_of("ana") == AgentState::Available);
  CHECK(w.phase("c1") == Phase::Queued);  // ana is free, yet not offered it
  REQUIRE(w.login("bob"));
  CHECK(w.offered_to("c1") == "bob");
  CHECK(rejection_of(w.transfer("ana", CallWorld::queue("q-chat"))).reason == Reason::NotFound);
}

TEST_CASE("TR1, LI1: a transfer to a dial number leaves the center, caps refuse it",
          "[call][tr1][li1]") {
  CallWorld w;
  w.set_call_cap(1);  // the call itself counts; the transfer out is one more outside leg
  const auto refused = rejection_of(w.transfer("ana", CallWorld::number("+12015532447")));
  CHECK(refused.reason == Reason::CallCapReached);
  CHECK(refused.scope == "tenant");
  CHECK(w.state("ana") == "Connected");
  w.set_call_cap(2);
  REQUIRE(w.transfer("ana", CallWorld::number("+12015532447")));
  CHECK(w.phase("c1") == Phase::WrapUp);
  CHECK(telephony_actions(w.last) == Actions{TelephonyAction::DialOut, TelephonyAction::Bridge,
                                             TelephonyAction::HangupAgentLeg});
  CHECK(telephony_of(w.last)[0].number == "+12015532447");
}

TEST_CASE("LI1: a consult to a dial number counts as one more call and is refused at the cap",
          "[call][li1]") {
  CallWorld w;
  w.set_call_cap(1);
  const auto refused = rejection_of(w.consult("ana", CallWorld::number("+12015532447")));
  CHECK(refused.reason == Reason::CallCapReached);
  CHECK(refused.scope == "tenant");
  CHECK(w.customer().state == LegState::Connected);

  w.set_call_cap(2);
  REQUIRE(w.consult("ana", CallWorld::number("+12015532447")));
  CHECK(w.consulted()->party == LegParty::External);
  CHECK(w.state("ana") == "Consulting");  // an outside leg is connected once dialled
  CHECK(telephony_actions(w.last) == Actions{TelephonyAction::HoldLeg, TelephonyAction::DialOut});
  CHECK(rejection_of(w.add("c2")).reason == Reason::CallCapReached);  // 2 calls now
  REQUIRE(w.consult_end("ana"));
  CHECK(w.add("c3"));  // both released
}

TEST_CASE("Restart: an accepted consult survives, a ringing one is withdrawn", "[call][restore]") {
  CallWorld a;
  a.consulting();
  a.add_agent("dan");
  a.online("dan");
  REQUIRE(a.add("c2"));
  REQUIRE(a.offered_to("c2") == "cid");
  REQUIRE(a.accept("cid", a.offer_ids("cid").front()));
  Effects fx;
  REQUIRE(a.engine.router().consult(RoutingWorld::who("cid"), "c2", CallWorld::agent("dan"),
                                    a.now(), fx));
  a.take(fx);
  const auto snapshot = snapshot_of(a, {"c1", "c2"});

  RoutingWorld b;
  b.clock.advance(a.clock.now() - b.clock.now());
  b.engine.restore(snapshot, b.clock.now(), fx);
  b.take(fx);
  // cid, whose consult rang, is told in their next hello.
  CHECK(notices<ConsultFailed>(b.last, "cid").at(0).reason == ConsultFailure::Interrupted);
  CHECK(notices<ConsultFailed>(b.last, "ana").empty());
  bool dan_hung_up = false;  // dan's phone stops ringing
  for (const auto& c : telephony_of(b.last)) {
    dan_hung_up |= c.action == TelephonyAction::HangupAgentLeg && c.interaction_id == "c2" &&
                   c.dial_number == RoutingWorld::dial_of("dan");
  }
  CHECK(dan_hung_up);
  const auto* c1 = b.find("c1");
  REQUIRE(c1 != nullptr);
  CHECK(state_label(*c1, "ana") == "Consulting");
  CHECK(state_label(*c1, "bob") == "Consulting");
  CHECK(b.work("bob") == Strings{"c1"});
  CHECK(b.work("ana") == Strings{"c1"});
  const auto* c2 = b.find("c2");
  REQUIRE(c2 != nullptr);
  CHECK_FALSE(c2->consult.has_value());
  CHECK(state_label(*c2, "cid") == "OnHold");  // cid resumes the customer
  CHECK(b.offered("dan").empty());
  CHECK(b.work("dan").empty());
  // The consult goes on after the restart.
  Effects more;
  REQUIRE(b.engine.router().consult_transfer(RoutingWorld::who("ana"), "c1", b.clock.now(), more));
  b.take(more);
  CHECK(b.find("c1")->agent_id == "bob");
}

TEST_CASE("CO7: agent 2 who left sees the call as ended, a ringing consult cannot be exited",
          "[call][co7]") {
  CallWorld w;
  REQUIRE(w.consult("ana", CallWorld::agent("bob")));
  CHECK(rejection_of(w.consult_exit("bob")).reason == Reason::InvalidState);  // decline instead
  REQUIRE(w.accept_consult("bob"));
  auto left = w.consult_exit("bob");
  REQUIRE(left);
  CHECK(phase_for(left.value(), "bob") == Phase::Ended);
  CHECK(controls_for(left.value(), "bob").empty());
}

TEST_CASE("TR5: a transfer to a dial number drops agent 1's device leg too", "[call][tr5]") {
  CallWorld w;
  w.set_call_cap(2);
  REQUIRE(w.transfer("ana", CallWorld::number("+12015532447")));
  const auto commands = telephony_of(w.last);
  REQUIRE(commands.size() == 3);
  CHECK(commands[2].action == TelephonyAction::HangupAgentLeg);
  CHECK(commands[2].dial_number == RoutingWorld::dial_of("ana"));
}
