// CO9 and OF7: a consult or transfer asked for by one of the tenant's entry point numbers (EP-DN)
// is routed through that entry point, and its consult offer carries at most 7 variables; any other
// number goes out to the number.
#include <string>
#include <vector>

#include "call_test_support.hpp"

using namespace ccr::core;
using namespace ccr::core::test;

namespace {

using Strings = std::vector<std::string>;
using Actions = std::vector<TelephonyAction>;

const std::string kMainLine = "+12015550100";

// ep-voice answers kMainLine and shows six variables (OF6: the most) in its offers.
void number_the_main_line(CallWorld& w) {
  EntryPoint e = w.ep("ep-voice");
  e.dial_numbers = {kMainLine};
  for (int i = 0; i < 6; ++i) {
    VariableDef v;
    v.name = "v" + std::to_string(i);
    v.label = "V" + std::to_string(i);
    v.order = i;
    e.variables.push_back(v);
  }
  w.replace_entry_point(e);
}

Strings names_in(const OfferMade& offer) {
  Strings out;
  for (const auto& v : offer.variables) out.push_back(v.name);
  return out;
}

}  // namespace

TEST_CASE("CO9, OF7: a consult to an EP-DN is routed through its entry point with 7 variables",
          "[call][co9][of7]") {
  CallWorld w;
  number_the_main_line(w);
  REQUIRE(w.consult("ana", CallWorld::number(kMainLine)));
  CHECK(telephony_actions(w.last) == Actions{TelephonyAction::HoldLeg, TelephonyAction::RingAgent});
  const auto offer = notices<OfferMade>(w.last, "bob").at(0);
  CHECK(offer.offer.kind == OfferKind::Consult);
  CHECK(names_in(offer) == Strings{"initiator_dial_number", "v0", "v1", "v2", "v3", "v4", "v5"});
  CHECK(offer.variables[0].value == "100ana");
  REQUIRE(w.call().consult.has_value());
  CHECK(w.call().consult->target == TargetKind::EntryPoint);
  CHECK(w.call().consult->target_id == "ep-voice");
  CHECK(w.call().consult->by_entry_point_number);
  CHECK(w.state("ana") == "ConsultRequested");
  REQUIRE(w.accept_consult("bob"));
  CHECK(w.state("ana") == "Consulting");
  CHECK(w.state("bob") == "Consulting");
}

TEST_CASE("OF7: a consult to an agent carries the initiator's 3 variables and 6 configured",
          "[call][of7]") {
  CallWorld w;
  number_the_main_line(w);
  REQUIRE(w.consult("ana", CallWorld::agent("bob")));
  const auto offer = notices<OfferMade>(w.last, "bob").at(0);
  CHECK(names_in(offer) == Strings{"initiator_name", "initiator_dial_number", "initiator_team",
                                   "v0", "v1", "v2", "v3", "v4", "v5"});
  CHECK_FALSE(w.call().consult->by_entry_point_number);
}

TEST_CASE("CO9: a number that is no entry point's goes out to that number", "[call][co9]") {
  CallWorld w;
  w.set_call_cap(3);
  number_the_main_line(w);
  REQUIRE(w.consult("ana", CallWorld::number("+12015532447")));
  CHECK(telephony_actions(w.last) == Actions{TelephonyAction::HoldLeg, TelephonyAction::DialOut});
  CHECK(w.call().consult->target == TargetKind::DialNumber);
  CHECK_FALSE(w.call().consult->by_entry_point_number);
  CHECK(w.offer_ids("bob").empty());
}

TEST_CASE("CO9, CO1: an EP-DN whose entry point takes no consults is refused, nothing changes",
          "[call][co9][co1]") {
  CallWorld w;
  number_the_main_line(w);
  EntryPoint e = w.ep("ep-voice");
  e.consult_allowed = false;
  w.replace_entry_point(e);
  CHECK(rejection_of(w.consult("ana", CallWorld::number(kMainLine))).reason ==
        Reason::TargetUnavailable);
  CHECK(telephony_of(w.last).empty());
  CHECK(w.customer().state == LegState::Connected);
  CHECK_FALSE(w.call().consult.has_value());
}

TEST_CASE("CO9, TR4: a blind transfer to an EP-DN queues the call there, not outside",
          "[call][co9][tr4]") {
  CallWorld w;
  number_the_main_line(w);
  REQUIRE(w.transfer("ana", CallWorld::number(kMainLine)));
  CHECK(w.offer_ids("bob").size() == 1);  // routed like a contact, never back to ana
  for (const auto& c : telephony_of(w.last)) CHECK(c.action != TelephonyAction::DialOut);
}
