#include "storage/codec.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace ccr::storage {
namespace {

TEST_CASE("Every enumerator encodes to distinct text that decodes back", "[storage][codec]") {
  using core::AgentState;
  using core::CodeKind;
  using core::Role;
  using core::StateReason;
  for (Role r : {Role::ServerAdmin, Role::Admin, Role::Supervisor, Role::Agent, Role::Telephony,
                 Role::Web}) {
    CHECK(codec::decode_role(codec::encode(r)) == r);
  }
  for (CodeKind k : {CodeKind::Idle, CodeKind::WrapUp}) {
    CHECK(codec::decode_code_kind(codec::encode(k)) == k);
  }
  for (AgentState s :
       {AgentState::LoggedOut, AgentState::Available, AgentState::Idle, AgentState::Rona}) {
    CHECK(codec::decode_agent_state(codec::encode(s)) == s);
  }
  for (StateReason s : {StateReason::Requested, StateReason::Rona, StateReason::Login,
                        StateReason::Logout, StateReason::Disconnected, StateReason::Supervisor}) {
    CHECK(codec::decode_state_reason(codec::encode(s)) == s);
  }
  for (core::Channel c :
       {core::Channel::Voice, core::Channel::Chat, core::Channel::Email, core::Channel::Social}) {
    CHECK(codec::decode_channel(codec::encode(c)) == c);
  }
  for (core::Strategy s : {core::Strategy::LongestAvailable, core::Strategy::Skills}) {
    CHECK(codec::decode_strategy(codec::encode(s)) == s);
  }
  for (core::VariableType t :
       {core::VariableType::String, core::VariableType::Integer, core::VariableType::Boolean,
        core::VariableType::Datetime, core::VariableType::Decimal}) {
    CHECK(codec::decode_variable_type(codec::encode(t)) == t);
  }
  for (core::Phase p : {core::Phase::Queued, core::Phase::Offered, core::Phase::Active,
                        core::Phase::WrapUp, core::Phase::Ended}) {
    CHECK(codec::decode_phase(codec::encode(p)) == p);
  }
  for (core::OfferKind k :
       {core::OfferKind::Inbound, core::OfferKind::Consult, core::OfferKind::Transfer,
        core::OfferKind::Callback, core::OfferKind::Outdial}) {
    CHECK(codec::decode_offer_kind(codec::encode(k)) == k);
  }
  CHECK(codec::encode(core::Phase::WrapUp) == "wrap_up");
  CHECK_THROWS_AS(codec::decode_phase("Queued"), StorageError);
  CHECK_THROWS_AS(codec::decode_offer_kind("blind"), StorageError);
  CHECK(codec::encode(core::Strategy::LongestAvailable) == "longest_available");
  CHECK_THROWS_AS(codec::decode_channel("fax"), StorageError);
  CHECK_THROWS_AS(codec::decode_variable_type("String"), StorageError);
  CHECK(codec::encode(Role::ServerAdmin) == "server_admin");
  CHECK(codec::encode(CodeKind::WrapUp) == "wrap_up");
  CHECK_THROWS_AS(codec::decode_role("root"), StorageError);
  CHECK_THROWS_AS(codec::decode_agent_state(""), StorageError);
}

TEST_CASE("Missing JSON keys decode to the core defaults", "[storage][codec]") {
  const core::TenantSettings defaults;
  const core::TenantSettings s = codec::decode_settings(R"({"recording":false})");
  CHECK_FALSE(s.recording);
  CHECK(s.noise_removal == defaults.noise_removal);
  CHECK(s.privacy_shield.max_pause_ms == defaults.privacy_shield.max_pause_ms);
  CHECK(s.max_concurrent_calls == defaults.max_concurrent_calls);
  const core::ChannelCapacity c = codec::decode_channels("{}");
  CHECK(c.voice == 1);
  CHECK(c.chat == 0);

  const auto groups = codec::decode_groups(R"([{"team_ids":["t"]},{}])");
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].team_ids == std::vector<std::string>{"t"});
  CHECK(groups[0].after_ms == 0);
  CHECK(groups[1].team_ids.empty());
  const core::VariableDef variable_defaults;
  const auto variables = codec::decode_variables(R"([{"name":"v"}])");
  REQUIRE(variables.size() == 1);
  CHECK(variables[0].name == "v");
  CHECK(variables[0].type == variable_defaults.type);
  CHECK(variables[0].in_offer == variable_defaults.in_offer);
  const auto hours = codec::decode_hours(R"({"windows":[{"weekday":2}]})");
  CHECK(hours.utc_offset_minutes == 0);
  REQUIRE(hours.windows.size() == 1);
  CHECK(hours.windows[0].weekday == 2);
  CHECK(hours.windows[0].start_minute == 0);
  CHECK(hours.windows[0].end_minute == 24 * 60);

  const auto values = codec::decode_variable_values(R"([{"name":"v"}])");
  REQUIRE(values.size() == 1);
  CHECK(values[0].value.empty());
  CHECK(values[0].version == 1);
  const core::Offer offer = codec::decode_offer("{}");
  CHECK(offer.id.empty());
  CHECK(offer.kind == core::OfferKind::Inbound);
  CHECK(offer.offered_at == core::Time{});
  CHECK(codec::decode_declined_until("{}").empty());
}

TEST_CASE("Malformed JSON columns are rejected", "[storage][codec]") {
  CHECK_THROWS_AS(codec::decode_settings("not json"), StorageError);
  CHECK_THROWS_AS(codec::decode_settings(R"({"recording":"yes"})"), StorageError);
  CHECK_THROWS_AS(codec::decode_ids(R"({"a":1})"), StorageError);
  CHECK_THROWS_AS(codec::decode_skills(R"({"english":"high"})"), StorageError);
  CHECK_THROWS_AS(codec::decode_ids(R"(["+1555", 3])", "dial_numbers"), StorageError);
  CHECK_THROWS_AS(codec::decode_groups(R"({"team_ids":[]})"), StorageError);
  CHECK_THROWS_AS(codec::decode_groups(R"([1])"), StorageError);
  CHECK_THROWS_AS(codec::decode_groups(R"([{"after_ms":"soon"}])"), StorageError);
  CHECK_THROWS_AS(codec::decode_overflow("[]"), StorageError);
  CHECK_THROWS_AS(codec::decode_variables(R"([{"type":"blob"}])"), StorageError);
  CHECK_THROWS_AS(codec::decode_hours(R"({"windows":{"weekday":1}})"), StorageError);
  CHECK_THROWS_AS(codec::decode_hours(R"({"windows":[[1,2,3]]})"), StorageError);
  CHECK_THROWS_AS(codec::decode_variable_values(R"({"name":"v"})"), StorageError);
  CHECK_THROWS_AS(codec::decode_variable_values(R"([{"version":"two"}])"), StorageError);
  CHECK_THROWS_AS(codec::decode_offer("null"), StorageError);
  CHECK_THROWS_AS(codec::decode_offer(R"({"kind":"blind"})"), StorageError);
  CHECK_THROWS_AS(codec::decode_offer(R"({"offered_at_ms":"noon"})"), StorageError);
  CHECK_THROWS_AS(codec::decode_declined_until("[]"), StorageError);
  CHECK_THROWS_AS(codec::decode_declined_until(R"({"a1":"later"})"), StorageError);
  CHECK_THROWS_AS(codec::decode_declined_until(R"({"a1":1.5})"), StorageError);
  CHECK_FALSE(codec::decode_fields("[1,2]").has_value());
  CHECK_FALSE(codec::decode_fields("{").has_value());
  const auto fields = codec::decode_fields(R"({"b":"x","a":2})");
  REQUIRE(fields.has_value());
  CHECK(*fields == codec::Fields{{"b", "x"}, {"a", "2"}});
}

TEST_CASE("A repeated field name keeps its first value", "[storage][codec]") {
  const auto fields = codec::decode_fields(codec::encode(codec::Fields{{"k", "1"}, {"k", "2"}}));
  REQUIRE(fields.has_value());
  CHECK(*fields == codec::Fields{{"k", "1"}});
}

}  // namespace
}  // namespace ccr::storage
