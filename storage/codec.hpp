// Column encodings shared by the record writer and the loaders: enums as stable snake_case text,
// nested values as JSON text. Pure functions; any thread. Decoders of config values throw
// StorageError (they run at start-up); decode_fields never throws.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/agent_session.hpp"
#include "core/interaction.hpp"
#include "core/model.hpp"
#include "core/routing_model.hpp"
#include "core/time.hpp"

namespace ccr::storage::codec {

using Fields = std::vector<std::pair<std::string, std::string>>;

std::string encode(core::Role role);
std::string encode(core::CodeKind kind);
std::string encode(core::AgentState state);
std::string encode(core::StateReason reason);
std::string encode(core::Channel channel);
std::string encode(core::Strategy strategy);
std::string encode(core::VariableType type);
std::string encode(core::Phase phase);
std::string encode(core::OfferKind kind);

core::Role decode_role(const std::string& text);
core::CodeKind decode_code_kind(const std::string& text);
core::AgentState decode_agent_state(const std::string& text);
core::StateReason decode_state_reason(const std::string& text);
core::Channel decode_channel(const std::string& text);
core::Strategy decode_strategy(const std::string& text);
core::VariableType decode_variable_type(const std::string& text);
core::Phase decode_phase(const std::string& text);
core::OfferKind decode_offer_kind(const std::string& text);

std::string encode(const core::TenantSettings& settings);
std::string encode(const core::ChannelCapacity& channels);
std::string encode(const std::map<std::string, int>& skills);
std::string encode(const std::vector<std::string>& ids);
// A JSON object in the fields' order; a repeated name keeps its first value.
std::string encode(const Fields& fields);
// Routing config: arrays of objects, enums inside as their text.
std::string encode(const std::vector<core::DistributionGroup>& groups);
std::string encode(const core::Overflow& overflow);
std::string encode(const std::vector<core::VariableDef>& variables);
std::string encode(const core::BusinessHours& hours);
// Interactions: values with their versions, in order; the offer without its expires_at (that
// deadline has its own column); agent -> time as an object of epoch milliseconds.
std::string encode(const std::vector<core::VariableValue>& values);
std::string encode(const core::Offer& offer);
std::string encode(const std::map<std::string, core::Time>& declined_until);

// Missing keys take the defaults of the core type, so older rows read under newer code.
core::TenantSettings decode_settings(const std::string& json);
core::ChannelCapacity decode_channels(const std::string& json);
std::map<std::string, int> decode_skills(const std::string& json);
// A JSON array of strings; `what` names the column in errors.
std::vector<std::string> decode_ids(const std::string& json, const char* what = "team_ids");
std::vector<core::DistributionGroup> decode_groups(const std::string& json);
core::Overflow decode_overflow(const std::string& json);
std::vector<core::VariableDef> decode_variables(const std::string& json);
core::BusinessHours decode_hours(const std::string& json);
std::vector<core::VariableValue> decode_variable_values(const std::string& json);
// expires_at is left at its default: the caller sets it from its column.
core::Offer decode_offer(const std::string& json);
std::map<std::string, core::Time> decode_declined_until(const std::string& json);
// nullopt when the text is not a JSON object of strings.
std::optional<Fields> decode_fields(const std::string& json);

}  // namespace ccr::storage::codec
