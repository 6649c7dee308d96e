// Hold and resume (HO1, HO2) and consult (CO1-CO8, OF7) as transitions of the call's legs: the
// state each agent sees, the commands each may use, the telephony commands and every refusal.
#include <string>
#include <vector>

#include "call_test_support.hpp"

using namespace ccr::core;
using namespace ccr::core::test;

namespace {

using Strings = std::vector<std::string>;
using Actions = std::vector<TelephonyAction>;

}  // namespace

TEST_CASE("HO1: hold puts the customer on hold, End is refused until resume", "[call][ho1]") {
  CallWorld w;
  CHECK(w.state("ana") == "Connected");
  CHECK(w.controls("ana") == Strings{"hold", "consult", "transfer", "end"});
  REQUIRE(w.hold("ana"));
  CHECK(w.customer().state == LegState::OnHold);
  CHECK(w.state("ana") == "OnHold");
  CHECK(w.controls("ana") == Strings{"resume", "consult", "transfer"});
  CHECK(telephony_actions(w.last) == Actions{TelephonyAction::HoldLeg});
  CHECK(telephony_of(w.last)[0].leg_id == w.customer().id);
  CHECK(notices<InteractionChanged>(w.last, "ana").size() == 1);

  CHECK(rejection_of(w.end("ana", "c1")).reason == Reason::CustomerOnHold);
  CHECK(w.phase("c1") == Phase::Active);
  CHECK(rejection_of(w.hold("ana")).reason == Reason::InvalidState);  // already held

  REQUIRE(w.resume("ana"));
  CHECK(w.state("ana") == "Connected");
  CHECK(telephony_actions(w.last) == Actions{TelephonyAction::ResumeLeg});
  CHECK(rejection_of(w.resume("ana")).reason == Reason::InvalidState);  // not on hold
  REQUIRE(w.end("ana", "c1"));
}

TEST_CASE("HO1: hold needs a connected voice call of the agent's own", "[call][ho1]") {
  CallWorld w;
  CHECK(rejection_of(w.hold("bob")).reason == Reason::NotFound);  // not bob's call
  REQUIRE(w.add("c2"));                                           // rings bob
  Effects fx;
  const auto ringing =
      rejection_of(w.engine.router().hold(RoutingWorld::who("bob"), "c2", {}, w.now(), fx));
  CHECK(ringing.reason == Reason::InvalidState);  // ringing, not accepted
  CHECK(ringing.current_state == "Ringing");
  CHECK(rejection_of(w.hold("ana", "c1.l99")).reason == Reason::NotFound);
  CHECK(rejection_of(w.hold("ana", w.call().legs[1].id)).reason ==
        Reason::ValidationFailed);  // ana's own leg cannot be held
  REQUIRE(w.add("m1", "ep-chat"));
  const std::string chat_agent = w.offered_to("m1");
  REQUIRE(w.accept(chat_agent, w.offer_ids(chat_agent).front()));
  CHECK(rejection_of(w.engine.router().hold(RoutingWorld::who(chat_agent), "m1", {}, w.now(), fx))
            .reason == Reason::InvalidState);  // call control is for voice
  REQUIRE(w.end("ana", "c1"));
  CHECK(rejection_of(w.hold("ana")).reason == Reason::InvalidState);  // wrapping up
}

TEST_CASE("CO2, OF7: a consult holds the customer and offers the call to agent 2",
          "[call][co2][of7]") {
  CallWorld w;
  REQUIRE(w.consult("ana", CallWorld::agent("bob")));
  CHECK(w.customer().state == LegState::OnHold);
  REQUIRE(w.consulted() != nullptr);
  CHECK(w.consulted()->state == LegState::Ringing);
  CHECK(w.consulted()->agent_id == "bob");
  CHECK(w.state("ana") == "ConsultRequested");
  CHECK(w.controls("ana") == Strings{"resume", "consult_end"});  // CO4
  CHECK(telephony_actions(w.last) == Actions{TelephonyAction::HoldLeg, TelephonyAction::RingAgent});
  CHECK(notice_kinds(w.last, "bob") ==
        Strings{"OfferConnecting", "OfferMade", "OfferStackChanged"});
  const auto offer = notices<OfferMade>(w.last, "bob").at(0);
  CHECK(offer.offer.kind == OfferKind::Consult);
  REQUIRE(offer.variables.size() >= 3);
  CHECK(offer.variables[0].name == "initiator_name");
  CHECK(offer.variables[0].value == "Agent ana");
  CHECK(offer.variables[1].value == "100ana");
  CHECK(offer.variables[2].value == "sales");
  CHECK(offer.variables.size() <= 9);
  CHECK(w.offer_ids("bob") == Strings{offer.offer.id});
}

TEST_CASE("CO4: transfer and conference are refused before agent 2 accepts, resume abandons",
          "[call][co4]") {
  CallWorld w;
  REQUIRE(w.consult("ana", CallWorld::agent("bob")));
  CHECK(rejection_of(w.consult_transfer("ana")).reason == Reason::ConsultNotAccepted);
  CHECK(rejection_of(w.conference("ana")).reason == Reason::ConsultNotAccepted);
  CHECK(rejection_of(w.transfer("ana", CallWorld::agent("cid"))).reason == Reason::InvalidState);
  CHECK(rejection_of(w.consult("ana", CallWorld::agent("cid"))).reason == Reason::InvalidState);
  CHECK(rejection_of(w.end("ana", "c1")).reason == Reason::CustomerOnHold);
  REQUIRE(w.resume("ana"));
  CHECK_FALSE(w.call().consult.has_value());
  CHECK(w.customer().state == LegState::Connected);
  CHECK(w.state("ana") == "Connected");
  const auto withdrawn = notices<OfferWithdrawn>(w.last, "bob");
  REQUIRE(withdrawn.size() == 1);
  CHECK(withdrawn[0].reason == WithdrawReason::Cancelled);
  CHECK(w.offer_ids("bob").empty());
  CHECK(w.state_of("bob") == AgentState::Available);
}

TEST_CASE("CO3, HO2: accepted, the consult switches legs, never both on hold", "[call][co3][ho2]") {
  CallWorld w;
  w.consulting();
  CHECK(w.consulted()->state == LegState::Connected);
  CHECK(w.state("ana") == "Consulting");
  CHECK(w.state("bob") == "Consulting");
  CHECK(role_of(w.call(), "bob") == LegRole::Consulted);
  CHECK(w.controls("ana") ==
        Strings{"hold", "resume", "consult_transfer", "conference", "consult_end"});
  CHECK(w.controls("bob") == Strings{"consult_exit"});
  CHECK(w.work("bob") == Strings{"c1"});
  CHECK(notices<InteractionChanged>(w.last, "ana").size() == 1);
  CHECK(notices<InteractionChanged>(w.last, "bob").size() == 1);

  REQUIRE(w.resume("ana"));  // back to the customer: bob is held
  CHECK(w.customer().state == LegState::Connected);
  CHECK(w.consulted()->state == LegState::OnHold);
  CHECK(w.state("ana") == "ConsultOnHold");
  CHECK(w.state("bob") == "ConsultOnHold");
  CHECK(telephony_actions(w.last) == Actions{TelephonyAction::ResumeLeg, TelephonyAction::HoldLeg});
  REQUIRE(w.resume("ana", w.consulted()->id));  // back to bob: the customer is held
  CHECK(w.state("ana") == "Consulting");
  CHECK_FALSE(w.both_held());
  REQUIRE(w.hold("ana", w.consulted()->id));  // holding bob resumes the customer
  CHECK(w.customer().state == LegState::Connected);
  CHECK_FALSE(w.both_held());
  REQUIRE(w.hold("ana"));  // holding the customer resumes bob
  CHECK(w.consulted()->state == LegState::Connected);
  CHECK_FALSE(w.both_held());
  CHECK(rejection_of(w.hold("ana")).reason == Reason::InvalidState);  // already held

  // CO7: agent 2 cannot resume the customer or end the consult.
  CHECK(rejection_of(w.resume("bob")).reason == Reason::NotConsultInitiator);
  CHECK(rejection_of(w.hold("bob")).reason == Reason::NotConsultInitiator);
  CHECK(rejection_of(w.consult_end("bob")).reason == Reason::NotConsultInitiator);
  CHECK(rejection_of(w.consult_transfer("bob")).reason == Reason::NotConsultInitiator);
  CHECK(rejection_of(w.end("bob", "c1")).reason == Reason::NotFound);
  CHECK(rejection_of(w.consult_exit("ana")).reason == Reason::InvalidState);
}

TEST_CASE("CO1: consult goes to Available or Idle agents, TR2: transfer to Available only",
          "[call][co1][tr2]") {
  CallWorld w;
  REQUIRE(w.idle("bob"));
  CHECK(rejection_of(w.transfer("ana", CallWorld::agent("bob"))).reason ==
        Reason::TargetUnavailable);
  REQUIRE(w.consult("ana", CallWorld::agent("bob")));  // Idle is fine for a consult
  REQUIRE(w.consult_end("ana"));

  CHECK(rejection_of(w.consult("ana", CallWorld::agent("ana"))).reason ==
        Reason::TargetUnavailable);
  CHECK(rejection_of(w.consult("ana", CallWorld::agent("nobody"))).reason == Reason::NotFound);
  CHECK(rejection_of(w.consult("ana", CallWorld::agent("zoe"))).reason ==
        Reason::NotFound);  // another tenant's agent is unknown here
  REQUIRE(w.logout("cid"));
  const auto refused = rejection_of(w.consult("ana", CallWorld::agent("cid")));
  CHECK(refused.reason == Reason::TargetUnavailable);
  CHECK(refused.current_state == "LoggedOut");
  // An agent on another call is refused too.
  REQUIRE(w.available("bob"));
  REQUIRE(w.add("c2"));
  REQUIRE(w.offered_to("c2") == "bob");
  CHECK(rejection_of(w.consult("ana", CallWorld::agent("bob"))).reason ==
        Reason::TargetUnavailable);
  CHECK(w.customer().state == LegState::Connected);  // a refused consult changes nothing
}

TEST_CASE("CO5: the consulted agent's ring timeout fails the consult and sends them to RONA",
          "[call][co5]") {
  CallWorld w;
  REQUIRE(w.consult("ana", CallWorld::agent("bob")));
  w.advance(std::chrono::milliseconds(RoutingWorld::kRona));
  CHECK(w.state_of("bob") == AgentState::Rona);
  const auto failed = notices<ConsultFailed>(w.last, "ana");
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].reason == ConsultFailure::Rona);
  CHECK(notices<OfferWithdrawn>(w.last, "bob").at(0).reason == WithdrawReason::Rona);
  CHECK_FALSE(w.call().consult.has_value());
  CHECK(w.customer().state == LegState::OnHold);  // ana resumes the customer herself
  CHECK(w.state("ana") == "OnHold");
  CHECK(w.call().legs.size() == 2);
}

TEST_CASE("CO5: a device failure of agent 2 fails the consult with device_failure", "[call][co5]") {
  CallWorld w;
  REQUIRE(w.consult("ana", CallWorld::agent("bob")));
  Effects fx;
  REQUIRE(
      w.engine.router().agent_missed("t1", "c1", RoutingWorld::dial_of("bob"), true, w.now(), fx));
  w.take(fx);
  CHECK(notices<ConsultFailed>(w.last, "ana").at(0).reason == ConsultFailure::DeviceFailure);
  CHECK(w.state_of("bob") == AgentState::Rona);
}

TEST_CASE("CO6: agent 2 declines, the initiator is told and agent 2 stays Available",
          "[call][co6]") {
  CallWorld w;
  REQUIRE(w.consult("ana", CallWorld::agent("bob")));
  REQUIRE(w.decline("bob", w.offer_ids("bob").front()));
  CHECK(notices<ConsultFailed>(w.last, "ana").at(0).reason == ConsultFailure::Declined);
  CHECK(w.state_of("bob") == AgentState::Available);
  CHECK(w.state("ana") == "OnHold");
  CHECK(rejection_of(w.accept("bob", "c1.o2")).reason == Reason::OfferGone);
}

TEST_CASE("CO3: agent 2 answering on the phone accepts the consult", "[call][co3]") {
  CallWorld w;
  REQUIRE(w.consult("ana", CallWorld::agent("bob")));
  Effects fx;
  REQUIRE(w.engine.router().agent_answered("t1", "c1", RoutingWorld::dial_of("bob"), w.now(), fx));
  w.take(fx);
  CHECK(w.state("ana") == "Consulting");
  CHECK(w.work("bob") == Strings{"c1"});
}

TEST_CASE("CO7: agent 2 exits the consult without wrap-up, the call stays ana's", "[call][co7]") {
  CallWorld w;
  w.consulting();
  REQUIRE(w.consult_exit("bob"));
  CHECK(notice_kinds(w.last, "bob") == Strings{"InteractionEnded", "AgentStateChanged"});
  CHECK(notices<WrapupRequired>(w.last).empty());
  CHECK(w.work("bob").empty());
  CHECK(w.call().agent_id == "ana");
  CHECK(w.state("ana") == "OnHold");
  CHECK(rejection_of(w.wrapup("bob", "c1")).reason == Reason::NotFound);
  REQUIRE(w.resume("ana"));
  REQUIRE(w.end("ana", "c1"));
}

TEST_CASE("CO8: ending an accepted consult releases the customer and agent 2, ana wraps up",
          "[call][co8]") {
  CallWorld w;
  w.consulting();
  REQUIRE(w.consult_end("ana"));
  CHECK(w.phase("c1") == Phase::WrapUp);
  CHECK(notices<WrapupRequired>(w.last, "ana").size() == 1);
  CHECK(notices<WrapupRequired>(w.last, "bob").empty());
  CHECK(notices<InteractionEnded>(w.last, "bob").at(0).reason == "consult_ended");
  CHECK(telephony_actions(w.last) ==
        Actions{TelephonyAction::HangupAgentLeg, TelephonyAction::HangupCustomer});
  CHECK(w.work("bob").empty());
  REQUIRE(w.wrapup("ana", "c1"));
  CHECK(w.find("c1") == nullptr);
}

TEST_CASE("CO8: ending a consult before agent 2 accepts keeps ana with the customer",
          "[call][co8]") {
  CallWorld w;
  REQUIRE(w.consult("ana", CallWorld::agent("bob")));
  REQUIRE(w.consult_end("ana"));
  CHECK(w.phase("c1") == Phase::Active);
  CHECK(w.state("ana") == "Connected");
  CHECK(w.offer_ids("bob").empty());
  CHECK(rejection_of(w.consult_end("ana")).reason == Reason::InvalidState);  // nothing to end
}

TEST_CASE("CO8: agent 1 hanging up their phone during a consult ends it", "[call][co8]") {
  CallWorld w;
  w.consulting();
  Effects fx;
  REQUIRE(w.engine.router().agent_hangup("t1", "c1", RoutingWorld::dial_of("ana"), w.now(), fx));
  w.take(fx);
  CHECK(w.phase("c1") == Phase::WrapUp);
  CHECK(w.work("bob").empty());
}

TEST_CASE("CO1: a consult to a queue goes to its longest-available agent, as a contact would",
          "[call][co1]") {
  CallWorld w;
  REQUIRE(w.consult("ana", CallWorld::queue("q-voice")));
  CHECK(w.offer_ids("bob").size() == 1);  // bob has been available longer than cid
  CHECK(w.offer_ids("cid").empty());
  CHECK(notices<OfferMade>(w.last, "bob").at(0).offer.kind == OfferKind::Consult);
  CHECK(w.state("ana") == "ConsultRequested");
  REQUIRE(w.accept_consult("bob"));
  CHECK(w.state("ana") == "Consulting");
  CHECK(w.call().consult->target == TargetKind::Queue);
}

TEST_CASE(
    "CO1: a consult to a queue waits for an agent, never the initiator, and can be "
    "abandoned",
    "[call][co1][co4]") {
  CallWorld w;
  REQUIRE(w.logout("bob"));
  REQUIRE(w.logout("cid"));
  REQUIRE(w.consult("ana", {TargetKind::EntryPoint, "ep-voice", {}}));
  CHECK(w.state("ana") == "ConsultRequested");
  CHECK(w.controls("ana") == Strings{"resume", "consult_end"});
  CHECK(w.consulted() == nullptr);
  REQUIRE(w.login("cid"));  // the first agent free takes it
  CHECK(w.offer_ids("cid").size() == 1);
  REQUIRE(w.decline("cid", w.offer_ids("cid").front()));
  CHECK(notices<ConsultFailed>(w.last, "ana").at(0).reason == ConsultFailure::Declined);

  REQUIRE(w.consult("ana", CallWorld::queue("q-voice")));
  REQUIRE(w.resume("ana"));  // CO4: abandons the request
  CHECK_FALSE(w.call().consult.has_value());
  CHECK(w.state("ana") == "Connected");
  REQUIRE(w.login("bob"));
  CHECK(w.offer_ids("bob").empty());  // nothing left waiting
}

TEST_CASE("CO10: a consult to an unknown or non-voice queue or entry point is refused",
          "[call][co10]") {
  CallWorld w;
  CHECK(rejection_of(w.consult("ana", CallWorld::queue("nope"))).reason == Reason::NotFound);
  CHECK(rejection_of(w.consult("ana", {TargetKind::EntryPoint, "nope", {}})).reason ==
        Reason::NotFound);
  CHECK(rejection_of(w.consult("ana", CallWorld::queue("q-chat"))).reason ==
        Reason::ValidationFailed);
  CHECK(w.customer().state == LegState::Connected);
}

TEST_CASE("CO4: a cancelled consult offer frees agent 2 for the next waiting call", "[call][co4]") {
  CallWorld w;
  REQUIRE(w.logout("cid"));
  REQUIRE(w.consult("ana", CallWorld::agent("bob")));
  REQUIRE(w.add("c2"));  // bob's voice slot rings with the consult: c2 waits
  CHECK(w.phase("c2") == Phase::Queued);
  REQUIRE(w.resume("ana"));  // CO4: abandons the consult
  CHECK(w.offered_to("c2") == "bob");
}
