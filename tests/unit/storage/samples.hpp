// Sample core values with every field set away from its default, and field-by-field comparisons
// (core types have no operator==). Test thread only: the checks are Catch2 assertions.
#pragma once

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "core/records.hpp"

namespace ccr::storage::testing {

inline core::Tenant sample_tenant(const std::string& id, std::int64_t created_ms = 1000) {
  core::Tenant t;
  t.id = id;
  t.name = "Tenant " + id;
  t.settings.noise_removal = false;
  t.settings.recording = false;
  t.settings.privacy_shield = {true, 12345};
  t.settings.max_concurrent_calls = 7;
  t.settings.requeue_on_transfer_no_answer = true;
  t.settings.end_call_for_web_callback = true;
  t.created_at = core::time_from_ms(created_ms);
  t.version = 3;
  return t;
}

inline core::Team sample_team(const std::string& tenant, const std::string& id) {
  return core::Team{id, tenant, "Team " + id, core::time_from_ms(2000), 2};
}

inline core::Agent sample_agent(const std::string& tenant, const std::string& id) {
  core::Agent a;
  a.id = id;
  a.tenant_id = tenant;
  a.name = "Agent " + id;
  a.team_ids = {"team-b", "team-a"};
  a.channels = {0, 3, 5, 2};
  a.skills = {{"english", 9}, {"billing", 4}};
  a.created_at = core::time_from_ms(3000);
  a.version = 4;
  return a;
}

inline core::Code sample_code(const std::string& tenant, const std::string& id) {
  return core::Code{id, tenant, core::CodeKind::WrapUp, "Code " + id, core::time_from_ms(4000), 5};
}

inline core::Token sample_token(const std::string& tenant, const std::string& id,
                                const std::string& agent_id) {
  return core::Token{
      id, tenant, core::Role::Agent, agent_id, std::string(64, 'a'), core::time_from_ms(5000)};
}

inline core::AgentSession sample_session(const std::string& tenant, const std::string& agent) {
  core::AgentSession s;
  s.agent_id = agent;
  s.tenant_id = tenant;
  s.state = core::AgentState::Idle;
  s.idle_code_id = "lunch";
  s.reason = core::StateReason::Disconnected;
  s.since = core::time_from_ms(6000);
  s.team_id = "team-a";
  s.dial_number = "+15551234567";
  s.desktop_connected = false;
  s.disconnect_deadline = core::time_from_ms(7000);
  return s;
}

inline core::EventAppended sample_event(const std::string& tenant, const std::string& agent,
                                        const std::string& interaction, std::int64_t at_ms) {
  return core::EventAppended{
      tenant,        core::time_from_ms(at_ms),
      "agent_state", agent,
      interaction,   {{"state", "idle"}, {"reason", "requested"}, {"code", "lunch"}}};
}

inline void check_same(const core::Tenant& a, const core::Tenant& b) {
  CHECK(a.id == b.id);
  CHECK(a.name == b.name);
  CHECK(a.settings.noise_removal == b.settings.noise_removal);
  CHECK(a.settings.recording == b.settings.recording);
  CHECK(a.settings.privacy_shield.enabled == b.settings.privacy_shield.enabled);
  CHECK(a.settings.privacy_shield.max_pause_ms == b.settings.privacy_shield.max_pause_ms);
  CHECK(a.settings.max_concurrent_calls == b.settings.max_concurrent_calls);
  CHECK(a.settings.requeue_on_transfer_no_answer == b.settings.requeue_on_transfer_no_answer);
  CHECK(a.settings.end_call_for_web_callback == b.settings.end_call_for_web_callback);
  CHECK(a.created_at == b.created_at);
  CHECK(a.version == b.version);
}

inline void check_same(const core::Agent& a, const core::Agent& b) {
  CHECK(a.id == b.id);
  CHECK(a.tenant_id == b.tenant_id);
  CHECK(a.name == b.name);
  CHECK(a.team_ids == b.team_ids);
  CHECK(a.channels.voice == b.channels.voice);
  CHECK(a.channels.chat == b.channels.chat);
  CHECK(a.channels.email == b.channels.email);
  CHECK(a.channels.social == b.channels.social);
  CHECK(a.skills == b.skills);
  CHECK(a.created_at == b.created_at);
  CHECK(a.version == b.version);
}

inline void check_same(const core::AgentSession& a, const core::AgentSession& b) {
  CHECK(a.agent_id == b.agent_id);
  CHECK(a.tenant_id == b.tenant_id);
  CHECK(a.state == b.state);
  CHECK(a.idle_code_id == b.idle_code_id);
  CHECK(a.reason == b.reason);
  CHECK(a.since == b.since);
  CHECK(a.team_id == b.team_id);
  CHECK(a.dial_number == b.dial_number);
  CHECK(a.desktop_connected == b.desktop_connected);
  CHECK(a.disconnect_deadline == b.disconnect_deadline);
}

}  // namespace ccr::storage::testing
