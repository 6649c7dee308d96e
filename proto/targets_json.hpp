// The desktop's `list_targets` command (CO1, CO9, TR1) and the items of its ack. Every item
// carries the `kind` and the `id` (or, for a dial number, the `number`) that a consult or
// transfer `target` takes, plus what the desktop shows. Pure functions; any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/call_targets.hpp"
#include "core/contact_book_model.hpp"
#include "core/interaction.hpp"
#include "core/model.hpp"
#include "core/routing_model.hpp"
#include "proto/json_input.hpp"

namespace ccr::proto {

// {"kind", "purpose", "query"?}: kind and purpose are required; the query is at most 128
// characters (empty: everything the kind and purpose allow).
struct ListTargetsCommand {
  core::TargetKind kind = core::TargetKind::Agent;
  core::TargetPurpose purpose = core::TargetPurpose::Consult;
  std::string query;
};
std::optional<ListTargetsCommand> parse_list_targets(const nlohmann::json& frame,
                                                     FieldErrors& errors);

std::string_view name_of(core::TargetPurpose purpose);  // consult, transfer

// `team` is the team the agent logged in with, when known.
nlohmann::json target_json(const core::AgentTarget& t, const core::Team* team);
nlohmann::json target_json(const core::Queue& q);
// `open`: the entry point is inside its business hours now.
nlohmann::json target_json(const core::EntryPoint& e, bool open);
nlohmann::json target_json(const core::AddressEntry& e);
nlohmann::json target_json(const core::DirectoryEntry& e);

}  // namespace ccr::proto
