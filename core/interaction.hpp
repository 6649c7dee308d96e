// A contact and its handling: where it waits, the offer pending for it, the agent who owns it,
// and its wrap-up. Plain value; owned by core::Router on the io thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/time.hpp"

namespace ccr::core {

enum class Phase { Queued, Offered, Active, WrapUp, Ended };

enum class OfferKind { Inbound, Consult, Transfer, Callback, Outdial };

struct Offer {
  std::string id;  // "<interaction id>.o<n>": unique, and stale once another offer is made
  std::string agent_id;
  OfferKind kind = OfferKind::Inbound;
  Time offered_at{};
  Time expires_at{};  // OF2: the ring-on-no-answer deadline
};

struct VariableValue {
  std::string name;
  std::string value;
  std::uint64_t version = 1;  // VA5: per-variable save version
};

struct Interaction {
  std::string id;
  std::string tenant_id;
  std::string entry_point_id;
  std::string queue_id;
  Channel channel = Channel::Voice;
  std::string ani;
  std::string dnis;
  std::string external_id;
  std::vector<VariableValue> variables;

  Time created_at{};
  Time enqueued_at{};         // the place in line: kept across RONA, decline and overflow
  Time queue_entered_at{};    // when it entered its current queue (overflow timer)
  std::uint64_t arrival = 0;  // tie-break among equal times
  int priority = 5;

  Phase phase = Phase::Queued;
  std::optional<Offer> offer;  // set exactly in phase Offered
  std::uint32_t offers_made = 0;
  std::string agent_id;                 // the owner in phases Active and WrapUp
  bool connected = false;               // voice: the agent's leg answered (AN1)
  std::optional<Time> wrapup_deadline;  // EN2 automatic wrap-up
  std::string wrapup_code_id;
  std::string end_reason;
  std::optional<Time> ended_at;
  std::map<std::string, Time> declined_until;  // OF11: agent -> no new offer before
};

}  // namespace ccr::core
