// Sample core values with every field set away from its default, and field-by-field comparisons
// (core types have no operator==). Test thread only: the checks are Catch2 assertions.
#pragma once

#include <catch2/catch.hpp>
#include <cstddef>
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

// The record that stores `interaction` whole.
inline core::Record interaction_put(const core::Interaction& interaction) {
  return core::Record{core::InteractionPut{interaction}};
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

// Three groups, skills, an overflow and every number away from its default.
inline core::Queue sample_queue(const std::string& tenant, const std::string& id,
                                std::int64_t created_ms = 8000) {
  core::Queue q;
  q.id = id;
  q.tenant_id = tenant;
  q.name = "Queue " + id;
  q.channel = core::Channel::Chat;
  q.groups = {{{"team-a", "team-b"}, 0}, {{"team-c"}, 30000}, {{}, 90000}};
  q.strategy = core::Strategy::Skills;
  q.required_skills = {{"english", 7}, {"billing", 2}};
  q.rona_timeout_ms = 12000;
  q.wrapup_timeout_ms = 0;
  q.default_wrapup_code_id = "done";
  q.priority = 9;
  q.max_length = 42;
  q.service_level_ms = 45000;
  q.overflow = core::Overflow{"q-overflow", 120000};
  q.consult_allowed = false;
  q.created_at = core::time_from_ms(created_ms);
  q.version = 6;
  return q;
}

// One variable of each type, business hours with several windows and a negative offset.
inline core::EntryPoint sample_entry_point(const std::string& tenant, const std::string& id,
                                           std::int64_t created_ms = 9000) {
  core::EntryPoint e;
  e.id = id;
  e.tenant_id = tenant;
  e.name = "Entry " + id;
  e.channel = core::Channel::Social;
  e.queue_id = "q1";
  e.dial_numbers = {"+15550001111", "+442071234567"};
  e.variables = {
      {"account", "Account", core::VariableType::String, true, false, 1, true},
      {"balance", "Balance", core::VariableType::Decimal, false, true, 2, false},
      {"tries", "Tries", core::VariableType::Integer, true, true, 3, true},
      {"vip", "VIP", core::VariableType::Boolean, false, false, 4, false},
      {"since", "Customer since", core::VariableType::Datetime, true, false, -5, true},
  };
  e.hours = core::BusinessHours{-300, {{0, 480, 1020}, {4, 540, 720}, {6, 0, 1440}}};
  e.transfer_allowed = false;
  e.created_at = core::time_from_ms(created_ms);
  e.version = 7;
  return e;
}

inline core::AddressEntry sample_address_entry(const std::string& tenant, const std::string& id,
                                               std::int64_t created_ms = 9500) {
  return core::AddressEntry{id,
                            tenant,
                            "Caf\u00e9 " + id,
                            "+4021555" + std::to_string(created_ms),
                            core::time_from_ms(created_ms),
                            3};
}

// Every text set; an empty one (no company number, ...) is a test's own change.
inline core::DirectoryEntry sample_directory_entry(const std::string& tenant, const std::string& id,
                                                   std::int64_t created_ms = 9600) {
  core::DirectoryEntry e;
  e.id = id;
  e.tenant_id = tenant;
  e.name = "Expert " + id;
  e.role = "Tax advisor";
  e.department = "Finance";
  e.company_number = "+12015550" + std::to_string(created_ms % 1000);
  e.email = id + "@example.com";
  e.created_at = core::time_from_ms(created_ms);
  e.version = 4;
  return e;
}

// Every field away from its default and every optional set (whatever the phase: storage keeps
// what core gives it): an offer, a wrap-up deadline, an end time, declined agents.
inline core::Interaction sample_interaction(const std::string& tenant, const std::string& id,
                                            core::Phase phase, std::uint64_t arrival = 11) {
  core::Interaction i;
  i.id = id;
  i.tenant_id = tenant;
  i.entry_point_id = "ep1";
  i.queue_id = "q1";
  i.channel = core::Channel::Chat;
  i.ani = "+15557654321";
  i.dnis = "+15550001111";
  i.external_id = "ext-" + id;
  i.variables = {{"account", "AC-42", 3},
                 {"note", "caf\u00e9 \"quoted\"\n", 1},
                 {"empty", "", std::uint64_t{1} << 40}};
  i.created_at = core::time_from_ms(1'700'000'000'123);
  i.enqueued_at = core::time_from_ms(1'700'000'000'456);
  i.queue_entered_at = core::time_from_ms(1'700'000'001'789);
  i.arrival = arrival;
  i.priority = 8;
  i.phase = phase;
  i.offer =
      core::Offer{id + ".o2", "a7", core::OfferKind::Transfer,
                  core::time_from_ms(1'700'000'002'001), core::time_from_ms(1'700'000'017'001)};
  i.offers_made = 2;
  i.agent_id = "a7";
  i.legs = {{id + ".l1", core::LegParty::Customer, core::LegState::OnHold, core::LegRole::Owner, "",
             "+12015550100"},
            {id + ".l2", core::LegParty::Agent, core::LegState::Connected, core::LegRole::Owner,
             "a7", "2015550111"},
            {id + ".l3", core::LegParty::Agent, core::LegState::Connected, core::LegRole::Consulted,
             "a8", "2015550112"}};
  i.legs_made = 3;
  i.consult = core::Consult{
      "a7",
      id + ".l3",
      core::TargetKind::EntryPoint,
      "ep1",
      core::Offer{id + ".o3", "a8", core::OfferKind::Consult, core::time_from_ms(1'700'000'003'001),
                  core::time_from_ms(1'700'000'018'001)},
      false,
      "q9",
      core::time_from_ms(1'700'000'003'000),
      true};
  i.owed_wrapups = {{"a5", core::time_from_ms(1'700'000'099'000), "transferred"},
                    {"a6", std::nullopt, "transferred"}};
  i.transferred_by = "a5";
  i.wrapup_deadline = core::time_from_ms(1'700'000'090'999);
  i.wrapup_code_id = "sold";
  i.end_reason = "customer_hangup";
  i.ended_at = core::time_from_ms(1'700'000'120'002);
  i.declined_until = {{"a3", core::time_from_ms(1'700'000'030'000)},
                      {"a1", core::time_from_ms(1'700'000'031'005)}};
  return i;
}

// Only what identifies it set: every optional unset, every container empty.
inline core::Interaction bare_interaction(const std::string& tenant, const std::string& id,
                                          core::Phase phase, std::uint64_t arrival = 12) {
  core::Interaction i;
  i.id = id;
  i.tenant_id = tenant;
  i.phase = phase;
  i.arrival = arrival;
  return i;
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

inline void check_same(const core::Queue& a, const core::Queue& b) {
  CHECK(a.id == b.id);
  CHECK(a.tenant_id == b.tenant_id);
  CHECK(a.name == b.name);
  CHECK(a.channel == b.channel);
  REQUIRE(a.groups.size() == b.groups.size());
  for (std::size_t i = 0; i < a.groups.size(); ++i) {
    INFO("group " << i);
    CHECK(a.groups[i].team_ids == b.groups[i].team_ids);
    CHECK(a.groups[i].after_ms == b.groups[i].after_ms);
  }
  CHECK(a.strategy == b.strategy);
  CHECK(a.required_skills == b.required_skills);
  CHECK(a.rona_timeout_ms == b.rona_timeout_ms);
  CHECK(a.wrapup_timeout_ms == b.wrapup_timeout_ms);
  CHECK(a.default_wrapup_code_id == b.default_wrapup_code_id);
  CHECK(a.priority == b.priority);
  CHECK(a.max_length == b.max_length);
  CHECK(a.service_level_ms == b.service_level_ms);
  REQUIRE(a.overflow.has_value() == b.overflow.has_value());
  if (a.overflow) {
    CHECK(a.overflow->queue_id == b.overflow->queue_id);
    CHECK(a.overflow->after_ms == b.overflow->after_ms);
  }
  CHECK(a.consult_allowed == b.consult_allowed);
  CHECK(a.transfer_allowed == b.transfer_allowed);
  CHECK(a.created_at == b.created_at);
  CHECK(a.version == b.version);
}

inline void check_same(const core::EntryPoint& a, const core::EntryPoint& b) {
  CHECK(a.id == b.id);
  CHECK(a.tenant_id == b.tenant_id);
  CHECK(a.name == b.name);
  CHECK(a.channel == b.channel);
  CHECK(a.queue_id == b.queue_id);
  CHECK(a.dial_numbers == b.dial_numbers);
  REQUIRE(a.variables.size() == b.variables.size());
  for (std::size_t i = 0; i < a.variables.size(); ++i) {
    INFO("variable " << i);
    CHECK(a.variables[i].name == b.variables[i].name);
    CHECK(a.variables[i].label == b.variables[i].label);
    CHECK(a.variables[i].type == b.variables[i].type);
    CHECK(a.variables[i].editable == b.variables[i].editable);
    CHECK(a.variables[i].secure == b.variables[i].secure);
    CHECK(a.variables[i].order == b.variables[i].order);
    CHECK(a.variables[i].in_offer == b.variables[i].in_offer);
  }
  REQUIRE(a.hours.has_value() == b.hours.has_value());
  if (a.hours) {
    CHECK(a.hours->utc_offset_minutes == b.hours->utc_offset_minutes);
    REQUIRE(a.hours->windows.size() == b.hours->windows.size());
    for (std::size_t i = 0; i < a.hours->windows.size(); ++i) {
      INFO("window " << i);
      CHECK(a.hours->windows[i].weekday == b.hours->windows[i].weekday);
      CHECK(a.hours->windows[i].start_minute == b.hours->windows[i].start_minute);
      CHECK(a.hours->windows[i].end_minute == b.hours->windows[i].end_minute);
    }
  }
  CHECK(a.consult_allowed == b.consult_allowed);
  CHECK(a.transfer_allowed == b.transfer_allowed);
  CHECK(a.created_at == b.created_at);
  CHECK(a.version == b.version);
}

inline void check_same(const core::AddressEntry& a, const core::AddressEntry& b) {
  CHECK(a.id == b.id);
  CHECK(a.tenant_id == b.tenant_id);
  CHECK(a.name == b.name);
  CHECK(a.number == b.number);
  CHECK(a.created_at == b.created_at);
  CHECK(a.version == b.version);
}

inline void check_same(const core::DirectoryEntry& a, const core::DirectoryEntry& b) {
  CHECK(a.id == b.id);
  CHECK(a.tenant_id == b.tenant_id);
  CHECK(a.name == b.name);
  CHECK(a.role == b.role);
  CHECK(a.department == b.department);
  CHECK(a.company_number == b.company_number);
  CHECK(a.email == b.email);
  CHECK(a.created_at == b.created_at);
  CHECK(a.version == b.version);
}

inline void check_same(const core::Interaction& a, const core::Interaction& b) {
  CHECK(a.id == b.id);
  CHECK(a.tenant_id == b.tenant_id);
  CHECK(a.entry_point_id == b.entry_point_id);
  CHECK(a.queue_id == b.queue_id);
  CHECK(a.channel == b.channel);
  CHECK(a.ani == b.ani);
  CHECK(a.dnis == b.dnis);
  CHECK(a.external_id == b.external_id);
  REQUIRE(a.variables.size() == b.variables.size());
  for (std::size_t i = 0; i < a.variables.size(); ++i) {
    INFO("variable " << i);
    CHECK(a.variables[i].name == b.variables[i].name);
    CHECK(a.variables[i].value == b.variables[i].value);
    CHECK(a.variables[i].version == b.variables[i].version);
  }
  CHECK(a.created_at == b.created_at);
  CHECK(a.enqueued_at == b.enqueued_at);
  CHECK(a.queue_entered_at == b.queue_entered_at);
  CHECK(a.arrival == b.arrival);
  CHECK(a.priority == b.priority);
  CHECK(a.phase == b.phase);
  REQUIRE(a.offer.has_value() == b.offer.has_value());
  if (a.offer) {
    CHECK(a.offer->id == b.offer->id);
    CHECK(a.offer->agent_id == b.offer->agent_id);
    CHECK(a.offer->kind == b.offer->kind);
    CHECK(a.offer->offered_at == b.offer->offered_at);
    CHECK(a.offer->expires_at == b.offer->expires_at);
  }
  CHECK(a.offers_made == b.offers_made);
  CHECK(a.agent_id == b.agent_id);
  REQUIRE(a.legs.size() == b.legs.size());
  for (std::size_t n = 0; n < a.legs.size(); ++n) {
    CHECK(a.legs[n].id == b.legs[n].id);
    CHECK(a.legs[n].party == b.legs[n].party);
    CHECK(a.legs[n].state == b.legs[n].state);
    CHECK(a.legs[n].role == b.legs[n].role);
    CHECK(a.legs[n].agent_id == b.legs[n].agent_id);
    CHECK(a.legs[n].number == b.legs[n].number);
  }
  CHECK(a.legs_made == b.legs_made);
  REQUIRE(a.consult.has_value() == b.consult.has_value());
  if (a.consult) {
    CHECK(a.consult->initiator_id == b.consult->initiator_id);
    CHECK(a.consult->leg_id == b.consult->leg_id);
    CHECK(a.consult->target == b.consult->target);
    CHECK(a.consult->target_id == b.consult->target_id);
    CHECK(a.consult->conference == b.consult->conference);
    CHECK(a.consult->queue_id == b.consult->queue_id);
    CHECK(a.consult->requested_at == b.consult->requested_at);
    CHECK(a.consult->by_entry_point_number == b.consult->by_entry_point_number);
    REQUIRE(a.consult->offer.has_value() == b.consult->offer.has_value());
    if (a.consult->offer) {
      CHECK(a.consult->offer->id == b.consult->offer->id);
      CHECK(a.consult->offer->expires_at == b.consult->offer->expires_at);
    }
  }
  REQUIRE(a.owed_wrapups.size() == b.owed_wrapups.size());
  for (std::size_t n = 0; n < a.owed_wrapups.size(); ++n) {
    CHECK(a.owed_wrapups[n].agent_id == b.owed_wrapups[n].agent_id);
    CHECK(a.owed_wrapups[n].deadline == b.owed_wrapups[n].deadline);
    CHECK(a.owed_wrapups[n].reason == b.owed_wrapups[n].reason);
  }
  CHECK(a.transferred_by == b.transferred_by);
  CHECK(a.wrapup_deadline == b.wrapup_deadline);
  CHECK(a.wrapup_code_id == b.wrapup_code_id);
  CHECK(a.end_reason == b.end_reason);
  CHECK(a.ended_at == b.ended_at);
  CHECK(a.declined_until == b.declined_until);
}

}  // namespace ccr::storage::testing
