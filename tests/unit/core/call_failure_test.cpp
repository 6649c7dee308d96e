// Telephony failures (issue "Failures"): every command the media side could not carry out rolls
// the call back to a state that matches the media side, and the agent who asked gets
// command_failed with their request id.
#include <algorithm>
#include <string>
#include <vector>

#include "call_test_support.hpp"

using namespace ccr::core;
using namespace ccr::core::test;

namespace {

using Actions = std::vector<TelephonyAction>;

}  // namespace

TEST_CASE("Failures: a hold the media side could not do is undone and the agent told",
          "[call][failure]") {
  CallWorld w;
  REQUIRE(w.hold("ana"));
  w.fail(telephony_of(w.last).at(0), "req-7");
  CHECK(w.customer().state == LegState::Connected);
  const auto failed = notices<CommandFailed>(w.last, "ana");
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].request_id == "req-7");
  CHECK(failed[0].interaction_id == "c1");
  CHECK(notices<InteractionChanged>(w.last, "ana").size() == 1);
  REQUIRE(w.end("ana", "c1"));  // consistent: the customer is not on hold
}

TEST_CASE("Failures: ringing agent 2 failed, the consult fails with device_failure",
          "[call][failure][co5]") {
  CallWorld w;
  REQUIRE(w.consult("ana", CallWorld::agent("bob")));
  w.fail(telephony_of(w.last).at(1));  // RingAgent
  CHECK(notices<ConsultFailed>(w.last, "ana").at(0).reason == ConsultFailure::DeviceFailure);
  CHECK(notices<CommandFailed>(w.last, "ana").size() == 1);
  CHECK_FALSE(w.call().consult.has_value());
  CHECK(w.offer_ids("bob").empty());
  CHECK(w.state("ana") == "OnHold");
}

TEST_CASE("Failures: an outside consult that could not be dialled is released",
          "[call][failure][li1]") {
  CallWorld w;
  w.set_call_cap(2);
  REQUIRE(w.consult("ana", CallWorld::number("+12015532447")));
  w.fail(telephony_of(w.last).at(1));  // DialOut
  CHECK_FALSE(w.call().consult.has_value());
  CHECK(w.call().legs.size() == 2);
  CHECK(w.add("c2"));  // the outside leg no longer counts
}

TEST_CASE("Failures: command_failed reaches the agent who asked, with their request id",
          "[call][failure]") {
  CallWorld w;
  w.consulting();
  REQUIRE(w.consult_transfer("ana"));
  const auto bridge = telephony_of(w.last).at(0);
  REQUIRE(bridge.action == TelephonyAction::Bridge);
  w.fail(bridge, "req-9");
  CHECK(notices<CommandFailed>(w.last, "ana").at(0).request_id == "req-9");
  CHECK(notices<CommandFailed>(w.last, "bob").empty());
}

TEST_CASE("Failures: a conference the media side could not make goes back to the consult",
          "[call][failure][co11]") {
  CallWorld w;
  w.consulting();
  REQUIRE(w.conference("ana"));
  const auto conference = telephony_of(w.last).at(0);
  REQUIRE(conference.action == TelephonyAction::Conference);
  w.fail(conference);
  REQUIRE(w.call().consult.has_value());
  CHECK_FALSE(w.call().consult->conference);
  CHECK(w.customer().state == LegState::OnHold);  // held again, as before the conference
  CHECK(w.consulted()->state == LegState::Connected);
  CHECK(w.consulted()->role == LegRole::Consulted);
  CHECK(w.state("ana") == "Consulting");
  CHECK(w.controls("ana") == std::vector<std::string>{"hold", "resume", "consult_transfer",
                                                      "conference", "consult_end"});
  CHECK(notices<CommandFailed>(w.last, "ana").size() == 1);
}

TEST_CASE("Failures: a conference after a switch holds agent 2 again when it fails",
          "[call][failure][ho2]") {
  CallWorld w;
  w.consulting();
  REQUIRE(w.resume("ana"));  // HO2: the customer back, agent 2 held
  REQUIRE(w.consulted()->state == LegState::OnHold);
  REQUIRE(w.conference("ana"));
  w.fail(telephony_of(w.last).at(0));
  CHECK(w.customer().state == LegState::Connected);
  CHECK(w.consulted()->state == LegState::OnHold);
  CHECK_FALSE(w.both_held());
}

TEST_CASE(
    "Failures: a consult transfer the media side could not bridge leaves bob the customer "
    "held",
    "[call][failure][co11]") {
  CallWorld w;
  w.consulting();
  REQUIRE(w.consult_transfer("ana"));
  w.fail(telephony_of(w.last).at(0));  // Bridge
  CHECK(w.call().agent_id == "bob");
  CHECK(w.customer().state == LegState::OnHold);
  CHECK(w.state("bob") == "OnHold");
  CHECK(w.controls("bob") == std::vector<std::string>{"resume", "consult", "transfer"});
  CHECK(notices<InteractionChanged>(w.last, "bob").size() == 1);
  REQUIRE(w.resume("bob"));
  CHECK(w.state("bob") == "Connected");
}

TEST_CASE("Failures: a transfer out that could not be dialled or bridged releases the customer",
          "[call][failure][tr5]") {
  const auto failing = GENERATE(TelephonyAction::DialOut, TelephonyAction::Bridge);
  CallWorld w;
  w.set_call_cap(2);
  REQUIRE(w.transfer("ana", CallWorld::number("+12015532447")));
  const auto commands = telephony_of(w.last);
  const auto command = std::find_if(commands.begin(), commands.end(),
                                    [&](const auto& c) { return c.action == failing; });
  REQUIRE(command != commands.end());
  w.fail(*command);
  CHECK(telephony_actions(w.last) ==
        Actions{TelephonyAction::HangupLeg, TelephonyAction::HangupCustomer});
  CHECK(telephony_of(w.last).at(0).leg_id == command->leg_id);
  CHECK(w.phase("c1") == Phase::WrapUp);  // ana still wraps up what happened
  CHECK(notices<CommandFailed>(w.last, "ana").size() == 1);
}

namespace {

Result<Interaction> outside_hangs_up(CallWorld& w, const std::string& number) {
  return w.run(
      [&](Router& r, Effects& fx) { return r.outside_hangup("t1", "c1", number, w.now(), fx); });
}

}  // namespace

TEST_CASE("An outside consult party hanging up leaves ana with the customer held",
          "[call][outside][li1]") {
  CallWorld w;
  w.set_call_cap(2);
  REQUIRE(w.consult("ana", CallWorld::number("+12015532447")));
  REQUIRE(outside_hangs_up(w, "+12015532447"));
  CHECK_FALSE(w.call().consult.has_value());
  CHECK(w.call().legs.size() == 2);
  CHECK(w.state("ana") == "OnHold");
  CHECK(w.controls("ana") == std::vector<std::string>{"resume", "consult", "transfer"});
  CHECK(telephony_of(w.last).empty());  // the leg is gone already
  CHECK(notices<InteractionChanged>(w.last, "ana").size() == 1);
  CHECK(w.add("c2"));                            // LI1: the outside leg no longer counts
  REQUIRE(outside_hangs_up(w, "+12015532447"));  // repeated: nothing changes
  CHECK(w.last.empty());
}

TEST_CASE("An outside party leaving a conference leaves ana and the customer talking",
          "[call][outside][co11]") {
  CallWorld w;
  w.set_call_cap(3);
  REQUIRE(w.consult("ana", CallWorld::number("+12015532447")));
  REQUIRE(w.conference("ana"));
  CHECK(outside_hangs_up(w, "+19995550000"));  // another number: not this call's party
  REQUIRE(w.call().consult.has_value());
  REQUIRE(outside_hangs_up(w, ""));
  CHECK(w.state("ana") == "Connected");
  CHECK(w.controls("ana") == std::vector<std::string>{"hold", "consult", "transfer", "end"});
}
