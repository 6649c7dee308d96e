// JSON shapes of the admin REST resources (tenants, settings, teams, agents, codes, tokens) and
// the parsing of their create and PATCH bodies into core values with per-field errors.
// Pure functions; any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/model.hpp"
#include "core/patches.hpp"
#include "proto/json_input.hpp"

namespace ccr::proto {

nlohmann::json to_json(const core::TenantSettings& s);
nlohmann::json to_json(const core::Tenant& t);
nlohmann::json to_json(const core::Team& t);
nlohmann::json to_json(const core::Agent& a);
nlohmann::json to_json(const core::Code& c);
nlohmann::json to_json(const core::Token& t);
nlohmann::json to_json(const core::ChannelCapacity& c);

// {"name"} bodies of tenants, teams and codes (create and PATCH alike).
std::optional<std::string> parse_name_body(const nlohmann::json& body, FieldErrors& errors);

// POST /v1/agents: name, team_ids, channels, skills. Fields left out take the defaults.
std::optional<core::Agent> parse_agent_create(const nlohmann::json& body, FieldErrors& errors);
std::optional<core::AgentPatch> parse_agent_patch(const nlohmann::json& body, FieldErrors& errors);

// PATCH /v1/settings.
std::optional<core::SettingsPatch> parse_settings_patch(const nlohmann::json& body,
                                                        FieldErrors& errors);

// POST /v1/tokens: {"role"} with admin, supervisor, telephony or web.
std::optional<core::Role> parse_token_role(const nlohmann::json& body, FieldErrors& errors);

}  // namespace ccr::proto
