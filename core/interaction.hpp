// A contact and its handling: where it waits, the offer pending for it, the agent who owns it,
// its call legs (customer, agents, outside numbers), a consult in progress, and its wrap-ups.
// What an agent sees (state label, role, controls) is derived from the legs (core/call_legs.hpp),
// never stored beside them. Plain value; owned by core::Router on the io thread.
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

enum class LegParty { Customer, Agent, External };
enum class LegState { Ringing, Connected, OnHold, Ended };
// How an agent takes part: the owner handles the call; a consulted agent was brought in by the
// owner (CO3); in a conference everybody hears everybody (CO11).
enum class LegRole { Owner, Consulted, Conference };

struct Leg {
  std::string id;  // "<interaction id>.l<n>"
  LegParty party = LegParty::Customer;
  LegState state = LegState::Connected;
  LegRole role = LegRole::Owner;
  std::string agent_id;  // agent legs
  std::string number;    // customer (ANI) and outside legs
};

enum class TargetKind { Agent, Queue, EntryPoint, DialNumber, Directory };

// CO2-CO13: the consult the owner (agent 1) started, while it lasts.
struct Consult {
  std::string initiator_id;
  std::string leg_id;  // the consulted party's leg
  TargetKind target = TargetKind::Agent;
  std::string target_id;       // the agent, queue, entry point or directory entry asked for
  std::optional<Offer> offer;  // agent 2's consult offer while it rings (CO4-CO6)
  bool conference = false;     // CO11: all three on the line
  std::string queue_id;        // a consult to a queue or entry point is routed through it
  Time requested_at{};
  // CO9: asked for by an entry point's dial number (EP-DN): the offer carries OF7's 7 variables
  // and the consulted agent may not edit variables.
  bool by_entry_point_number = false;
};

// TR5, CO11, CO13: an agent who left a call that goes on still owes its wrap-up.
struct OwedWrapup {
  std::string agent_id;
  std::optional<Time> deadline;
  std::string reason;
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
  std::string agent_id;   // the owner in phases Active and WrapUp
  std::vector<Leg> legs;  // a party leaving a call that goes on is dropped; all end with the call
  std::uint32_t legs_made = 0;  // numbers leg ids
  std::optional<Consult> consult;
  std::vector<OwedWrapup> owed_wrapups;
  std::string transferred_by;  // TR4: the agent a transfer to a queue is never routed back to
  std::optional<Time> wrapup_deadline;  // EN2 automatic wrap-up
  std::string wrapup_code_id;
  std::string end_reason;
  std::optional<Time> ended_at;
  std::map<std::string, Time> declined_until;  // OF11: agent -> no new offer before
  // Whether a queue-step timer (group widening, overflow, decline cooldown) may be armed. Not
  // stored: restoring enqueues the contact again, which arms them again.
  bool waiting_timers = false;
};

}  // namespace ccr::core
