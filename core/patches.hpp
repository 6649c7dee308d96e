// Partial updates (PATCH bodies) as typed values: a field is changed only when it is set.
// Pure values; any thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"

namespace ccr::core {

struct SettingsPatch {
  std::optional<bool> noise_removal;
  std::optional<bool> recording;
  std::optional<bool> privacy_shield_enabled;
  std::optional<std::int64_t> privacy_shield_max_pause_ms;
  std::optional<std::int64_t> max_concurrent_calls;
  std::optional<bool> requeue_on_transfer_no_answer;
  std::optional<bool> end_call_for_web_callback;
};

struct AgentPatch {
  std::optional<std::string> name;
  std::optional<std::vector<std::string>> team_ids;
  std::optional<ChannelCapacity> channels;
  std::optional<std::map<std::string, int>> skills;
};

// ETag precondition of a write: when set, the entity's version must equal it (HTTP If-Match).
using IfMatch = std::optional<std::uint64_t>;

}  // namespace ccr::core
