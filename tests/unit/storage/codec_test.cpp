#include "storage/codec.hpp"

#include <catch2/catch.hpp>
#include <string>

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
}

TEST_CASE("Malformed JSON columns are rejected", "[storage][codec]") {
  CHECK_THROWS_AS(codec::decode_settings("not json"), StorageError);
  CHECK_THROWS_AS(codec::decode_settings(R"({"recording":"yes"})"), StorageError);
  CHECK_THROWS_AS(codec::decode_ids(R"({"a":1})"), StorageError);
  CHECK_THROWS_AS(codec::decode_skills(R"({"english":"high"})"), StorageError);
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
