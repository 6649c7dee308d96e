// The call-control commands of the desktop protocol (hold, resume, consult*, conference*,
// transfer) and the consult_failed and command_failed events. Pure functions; any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/effects.hpp"
#include "core/router.hpp"
#include "proto/json_input.hpp"

namespace ccr::proto {

// hold / resume: {"interaction_id", "leg_id"?}.
struct LegCommand {
  std::string interaction_id;
  std::string leg_id;  // empty: the customer's leg
};
std::optional<LegCommand> parse_leg_command(const nlohmann::json& frame, FieldErrors& errors);

// consult / transfer: {"interaction_id", "target": {"kind", "id" | "number"}}. A dial number is
// returned as typed; the caller runs it through the dial-number validator (DN1).
struct TargetCommand {
  std::string interaction_id;
  core::CallTarget target;
};
std::optional<TargetCommand> parse_target_command(const nlohmann::json& frame, FieldErrors& errors);

// A target kind by its protocol name (agent, queue, entry_point, dial_number, directory).
std::optional<core::TargetKind> target_kind_named(std::string_view name);

nlohmann::json consult_failed_event(const core::ConsultFailed& e);
nlohmann::json command_failed_event(const core::CommandFailed& e);

}  // namespace ccr::proto
