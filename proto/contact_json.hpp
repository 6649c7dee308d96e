// The telephony-facing REST bodies: a new contact (POST /v1/contacts), an event about a contact
// (POST /v1/contacts/{id}/events) and an agent device event (POST /v1/devices/{number}/events),
// and the answer to a new contact.
// Pure functions; any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/effects.hpp"
#include "core/router.hpp"
#include "proto/json_input.hpp"

namespace ccr::proto {

// Fills everything of a NewContact but its id and tenant. Variable values may be JSON strings,
// numbers or booleans; they are kept as text and typed by the entry point's definitions.
std::optional<core::NewContact> parse_new_contact(const nlohmann::json& body, FieldErrors& errors);

// The answer to POST /v1/contacts: the new interaction's id, state, queue and creation time, as
// a JSON object's text.
std::string contact_created_text(const core::Interaction& it);

// The `type` of an event body, checked against `allowed`.
std::optional<std::string> parse_event_type(const nlohmann::json& body,
                                            std::initializer_list<std::string_view> allowed,
                                            FieldErrors& errors);

// An event about a contact: its type, the agent device it concerns (optional, normalised by
// DN1) and, for courtesy callbacks, the number to call back.
struct ContactEvent {
  std::string type;
  std::string dial_number;
  std::string number;
};
std::optional<ContactEvent> parse_contact_event(const nlohmann::json& body, FieldErrors& errors);

// POST /v1/telephony/simulated/failures: fail the next command about an interaction (of one
// action, e.g. "dial_out", when given) with a message.
struct ArmedFailureBody {
  std::string interaction_id;
  std::optional<core::TelephonyAction> action;
  std::string message;
};
std::optional<ArmedFailureBody> parse_armed_failure(const nlohmann::json& body,
                                                    FieldErrors& errors);

}  // namespace ccr::proto
