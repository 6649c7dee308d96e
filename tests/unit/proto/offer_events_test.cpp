// OF1, OF3, OF6: the three frames of every offer (offer_connecting, offer, offer_stack), written
// as text, read as a desktop reads them.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "proto/interaction_json.hpp"
#include "proto/time_format.hpp"

using nlohmann::json;
namespace core = ccr::core;
namespace proto = ccr::proto;

namespace {

core::OfferMade chat_offer() {
  core::OfferMade e;
  e.offer.id = "ia_1.o1";
  e.offer.agent_id = "ag_1";
  e.offer.kind = core::OfferKind::Inbound;
  e.offer.offered_at = core::time_from_ms(1'796'000'000'000);
  e.offer.expires_at = core::time_from_ms(1'796'000'015'000);
  e.interaction_id = "ia_1";
  e.channel = core::Channel::Chat;
  e.variables = {{"ani", "Caller", "+40 21 \"555\""}, {"lang", "Limba", "română"}};
  e.queue_id = "qu_1";
  e.queue_name = "Suport";
  e.ani = "+40215550100";
  e.dnis = "1800";
  return e;
}

}  // namespace

TEST_CASE("OF1: offer_connecting names the interaction and its channel") {
  const auto frame = json::parse(
      proto::offer_connecting_event({"ia_1", core::Channel::Voice}, "2026-12-02T01:00:00.000Z"));
  CHECK(frame == json({{"type", "offer_connecting"},
                       {"interaction_id", "ia_1"},
                       {"channel", "voice"},
                       {"at", "2026-12-02T01:00:00.000Z"}}));
}

TEST_CASE("OF1, OF6: the offer carries its variables in order, the queue and its deadline") {
  const auto e = chat_offer();
  const auto frame = json::parse(proto::offer_event(e, "2026-12-02T01:00:00.000Z"));
  CHECK(frame.at("type") == "offer");
  CHECK(frame.at("offer_id") == "ia_1.o1");
  CHECK(frame.at("interaction_id") == "ia_1");
  CHECK(frame.at("channel") == "chat");
  CHECK(frame.at("kind") == "inbound");
  CHECK(frame.at("variables") ==
        json::array({{{"name", "ani"}, {"label", "Caller"}, {"value", "+40 21 \"555\""}},
                     {{"name", "lang"}, {"label", "Limba"}, {"value", "română"}}}));
  CHECK(frame.at("queue") == json({{"id", "qu_1"}, {"name", "Suport"}}));
  CHECK(frame.at("ani") == "+40215550100");
  CHECK(frame.at("dnis") == "1800");
  CHECK(frame.at("offered_at") == proto::format_time(e.offer.offered_at));
  CHECK(frame.at("expires_at") == proto::format_time(e.offer.expires_at));
  CHECK(frame.at("at") == "2026-12-02T01:00:00.000Z");

  // hello lists the same offer, without the frame's own `at`.
  auto standing = frame;
  standing.erase("at");
  CHECK(proto::standing_offer(e) == standing);
}

TEST_CASE("OF3: offer_stack lists every offer id in order with the total") {
  const auto frame = json::parse(proto::offer_stack_event({"b.o1", "a.o2", "c.o1"}, "t"));
  CHECK(frame.at("items") == json::array({"b.o1", "a.o2", "c.o1"}));
  CHECK(frame.at("total") == 3);
  const auto empty = json::parse(proto::offer_stack_event({}, "t"));
  CHECK(empty.at("items") == json::array());
  CHECK(empty.at("total") == 0);
}
