// What core asks storage to make durable: one record per state change, applied in order by the
// writer thread. Plain values; built on the io thread, consumed on the writer thread.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/agent_session.hpp"
#include "core/contact_book_model.hpp"
#include "core/interaction.hpp"
#include "core/model.hpp"
#include "core/routing_model.hpp"

namespace ccr::core {

struct TenantPut {
  Tenant tenant;
};
struct TenantDeleted {
  std::string tenant_id;  // storage removes everything the tenant owns
};
struct TeamPut {
  Team team;
};
struct TeamDeleted {
  std::string tenant_id;
  std::string team_id;
};
struct AgentPut {
  Agent agent;
};
struct AgentDeleted {
  std::string tenant_id;
  std::string agent_id;  // storage also removes the agent's tokens and session
};
struct CodePut {
  Code code;
};
struct CodeDeleted {
  std::string tenant_id;
  std::string code_id;
};
struct TokenPut {
  Token token;
};
struct TokenDeleted {
  std::string tenant_id;
  std::string token_id;
};
struct AgentSessionPut {
  AgentSession session;
};
struct QueuePut {
  Queue queue;
};
struct QueueDeleted {
  std::string tenant_id;
  std::string queue_id;
};
struct EntryPointPut {
  EntryPoint entry_point;
};
struct EntryPointDeleted {
  std::string tenant_id;
  std::string entry_point_id;
};
struct AddressEntryPut {
  AddressEntry entry;
};
struct AddressEntryDeleted {
  std::string tenant_id;
  std::string entry_id;
};
struct DirectoryEntryPut {
  DirectoryEntry entry;
};
struct DirectoryEntryDeleted {
  std::string tenant_id;
  std::string entry_id;
};
// The current state of an interaction (an ended one stays, for reporting). The snapshot is held
// by pointer: moving the record through the effects and the writer's queue moves a pointer, not
// the interaction (which would be most of every record's size).
class InteractionPut {
 public:
  explicit InteractionPut(const Interaction& it) : snapshot_(std::make_shared<Interaction>(it)) {}
  const Interaction& interaction() const { return *snapshot_; }
  // The record now puts `it`, a later state of the same interaction. Assigned in place (reusing
  // the snapshot's strings and legs) unless a copy of this record shares the snapshot (records
  // live on one thread at a time, so the count cannot change during the check).
  void update(const Interaction& it) {
    if (snapshot_.use_count() == 1) {
      *snapshot_ = it;
    } else {
      snapshot_ = std::make_shared<Interaction>(it);
    }
  }

 private:
  std::shared_ptr<Interaction> snapshot_;
};

// One entry of the append-only audit log (`events` table).
struct EventAppended {
  std::string tenant_id;
  Time at{};
  std::string type;  // e.g. "agent_state"
  std::string agent_id;
  std::string interaction_id;
  std::vector<std::pair<std::string, std::string>> fields;  // never secure values
};

using Record =
    std::variant<TenantPut, TenantDeleted, TeamPut, TeamDeleted, AgentPut, AgentDeleted, CodePut,
                 CodeDeleted, TokenPut, TokenDeleted, AgentSessionPut, QueuePut, QueueDeleted,
                 EntryPointPut, EntryPointDeleted, AddressEntryPut, AddressEntryDeleted,
                 DirectoryEntryPut, DirectoryEntryDeleted, InteractionPut, EventAppended>;

// Everything the loader reads back at start: the state core is rebuilt from.
struct Snapshot {
  std::vector<Tenant> tenants;
  std::vector<Team> teams;
  std::vector<Agent> agents;
  std::vector<Code> codes;
  std::vector<Token> tokens;
  std::vector<AgentSession> sessions;
  std::vector<Queue> queues;
  std::vector<EntryPoint> entry_points;
  std::vector<AddressEntry> address_entries;
  std::vector<DirectoryEntry> directory_entries;
  std::vector<Interaction> interactions;  // those not ended
};

}  // namespace ccr::core
