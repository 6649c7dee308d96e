// JSON shapes of the routing resources (queues and entry points, docs/rest.md) and the parsing of
// their create and PATCH bodies: a body is merged onto a base value (a fresh one on create, the
// current one on PATCH) field by field, with per-field errors and unknown fields refused. Ranges
// and cross-references are core's to check (core::RoutingConfig); these parsers check shapes,
// names of enumerations and dial numbers (DN1). Pure functions; any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "core/routing_model.hpp"
#include "proto/json_input.hpp"

namespace ccr::proto {

nlohmann::json to_json(const core::Queue& q);
nlohmann::json to_json(const core::EntryPoint& e);

// POST /v1/queues (`creating`: name, channel and team_ids or groups required) and
// PATCH /v1/queues/{id} (every field optional; the channel cannot change).
std::optional<core::Queue> parse_queue(const nlohmann::json& body, FieldErrors& errors,
                                       core::Queue base, bool creating);

// POST /v1/entry-points (`creating`: name, channel and queue_id required) and
// PATCH /v1/entry-points/{id}. Every dial number passes through normalize_dial_number.
std::optional<core::EntryPoint> parse_entry_point(const nlohmann::json& body, FieldErrors& errors,
                                                  core::EntryPoint base, bool creating);

}  // namespace ccr::proto
