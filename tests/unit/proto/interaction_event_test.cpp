// The `interaction` event and the acks that carry an interaction, written as text, read as a
// desktop reads them: the same members as the interaction view REST and `hello` show (VA2 secure
// variables without their value, VA5 versions).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "proto/desktop_json.hpp"
#include "proto/interaction_json.hpp"
#include "proto/time_format.hpp"

using nlohmann::json;
namespace core = ccr::core;
namespace proto = ccr::proto;

namespace {

constexpr const char* kAt = "2026-12-02T05:00:00.000Z";

core::EntryPoint entry_point() {
  core::EntryPoint ep;
  ep.id = "ep_1";
  ep.tenant_id = "tn_1";
  ep.variables = {{"account", "Cont \"client\"", core::VariableType::String, true, false, 0, true},
                  {"pin", "PIN", core::VariableType::String, false, true, 1, false},
                  {"lang", "Limba", core::VariableType::String, false, false, 2, true}};
  return ep;
}

core::Interaction active_call() {
  core::Interaction it;
  it.id = "ix_1";
  it.tenant_id = "tn_1";
  it.entry_point_id = "ep_1";
  it.queue_id = "qu_1";
  it.channel = core::Channel::Voice;
  it.ani = "+40215550100";
  it.dnis = "1800";
  it.variables = {{"account", "RO-42\n", 3}, {"pin", "1234", 2}};
  it.created_at = core::time_from_ms(1'796'000'000'000);
  it.phase = core::Phase::Active;
  it.agent_id = "ag_1";
  it.legs = {{"ix_1.l1", core::LegParty::Customer, core::LegState::Connected, core::LegRole::Owner,
              "", "+40215550100"},
             {"ix_1.l2", core::LegParty::Agent, core::LegState::Connected, core::LegRole::Owner,
              "ag_1", ""}};
  it.legs_made = 2;
  return it;
}

}  // namespace

TEST_CASE("VA2, VA5: the interaction event shows variables in order, secure ones without value") {
  const auto ep = entry_point();
  const auto frame = json::parse(proto::interaction_event(active_call(), {&ep, true}, "ag_1", kAt));
  CHECK(frame.at("type") == "interaction");
  CHECK(frame.at("at") == kAt);
  CHECK(frame.at("interaction_id") == "ix_1");
  CHECK(frame.at("owner_agent_id") == "ag_1");
  CHECK(frame.at("recording") == json({{"state", "active"}}));
  CHECK(frame.at("variables") ==
        json::array({{{"name", "account"},
                      {"label", "Cont \"client\""},
                      {"editable", true},
                      {"secure", false},
                      {"value", "RO-42\n"}},
                     {{"name", "pin"}, {"label", "PIN"}, {"editable", false}, {"secure", true}},
                     {{"name", "lang"},
                      {"label", "Limba"},
                      {"editable", false},
                      {"secure", false},
                      {"value", nullptr}}}));
  CHECK(frame.at("versions") == json({{"account", 3}, {"pin", 2}, {"lang", 0}}));
  REQUIRE(frame.at("legs").size() == 2);
  CHECK(frame.at("legs")[0].at("number") == "+40215550100");
  CHECK_FALSE(frame.at("legs")[0].contains("agent_id"));
  CHECK(frame.at("legs")[1].at("agent_id") == "ag_1");
  CHECK(frame.at("legs")[1].at("role") == "owner");
  CHECK(frame.at("created_at") == proto::format_time(core::time_from_ms(1'796'000'000'000)));
}

TEST_CASE("The interaction event carries exactly the members of the interaction view") {
  const auto ep = entry_point();
  auto it = active_call();
  it.wrapup_deadline = core::time_from_ms(1'796'000'060'000);
  it.end_reason = "customer_hangup";
  for (const char* viewer : {"ag_1", "ag_2"}) {
    auto frame = json::parse(proto::interaction_event(it, {&ep, false}, viewer, kAt));
    frame.erase("type");
    frame.erase("at");
    CHECK(frame == proto::interaction_view(it, {&ep, false}, viewer));
  }
}

TEST_CASE("An interaction with no owner and no entry point shows null and empty lists") {
  auto it = active_call();
  it.phase = core::Phase::Queued;
  it.agent_id.clear();
  it.legs.resize(1);
  const auto frame = json::parse(proto::interaction_event(it, {}, "", kAt));
  CHECK(frame.at("owner_agent_id").is_null());
  CHECK(frame.at("variables") == json::array());
  CHECK(frame.at("versions") == json::object());
  CHECK(frame.at("recording") == json({{"state", "off"}}));
}

TEST_CASE("The ack of accept, end, wrapup and call control names the command and the interaction") {
  const auto ep = entry_point();
  const auto it = active_call();
  const auto frame = json::parse(proto::interaction_ack("cmd-7 \"x\"", it, {&ep, true}, "ag_1"));
  const auto view = proto::interaction_view(it, {&ep, true}, "ag_1");
  CHECK(frame == proto::ack_frame("cmd-7 \"x\"", {{"interaction", view}}));
  CHECK(frame.at("interaction").at("my_role") == "owner");
}

TEST_CASE("hello lists each interaction as its interaction event, without the event's own at") {
  const auto ep = entry_point();
  const auto it = active_call();
  auto event = json::parse(proto::interaction_event(it, {&ep, true}, "ag_1", kAt));
  event.erase("at");
  const auto listed = proto::hello_interaction(it, {&ep, true}, "ag_1");
  CHECK_FALSE(listed.contains("at"));
  CHECK(listed == event);
}
