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
#include "core/model.hpp"

namespace ccr::storage::codec {

using Fields = std::vector<std::pair<std::string, std::string>>;

std::string encode(core::Role role);
std::string encode(core::CodeKind kind);
std::string encode(core::AgentState state);
std::string encode(core::StateReason reason);

core::Role decode_role(const std::string& text);
core::CodeKind decode_code_kind(const std::string& text);
core::AgentState decode_agent_state(const std::string& text);
core::StateReason decode_state_reason(const std::string& text);

std::string encode(const core::TenantSettings& settings);
std::string encode(const core::ChannelCapacity& channels);
std::string encode(const std::map<std::string, int>& skills);
std::string encode(const std::vector<std::string>& ids);
// A JSON object in the fields' order; a repeated name keeps its first value.
std::string encode(const Fields& fields);

// Missing keys take the defaults of the core type, so older rows read under newer code.
core::TenantSettings decode_settings(const std::string& json);
core::ChannelCapacity decode_channels(const std::string& json);
std::map<std::string, int> decode_skills(const std::string& json);
std::vector<std::string> decode_ids(const std::string& json);
// nullopt when the text is not a JSON object of strings.
std::optional<Fields> decode_fields(const std::string& json);

}  // namespace ccr::storage::codec
