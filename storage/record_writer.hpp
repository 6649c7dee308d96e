// Applies one storage Op (a core::Record or a storage-level op) to the database through cached
// prepared statements. Writer thread only; the caller owns the transaction around it.
#pragma once

#include <string>
#include <vector>

#include "core/records.hpp"
#include "storage/database.hpp"
#include "storage/ops.hpp"

namespace ccr::storage {

class RecordWriter {
 public:
  // Prepares every statement; throws StorageError (start-up only). `db` must outlive this.
  explicit RecordWriter(Database& db);

  // Returns SQLITE_OK, or the failing SQLite result code (details in Database::last_error()).
  int apply(const Op& op);

  // A short description for error messages, e.g. "AgentPut t1/a7".
  static std::string describe(const Op& op);

 private:
  int apply_record(const core::Record& record);

  // One overload per record and op type, and none taking core::Record or Op: every alternative
  // converts implicitly to its variant, so such an overload would catch a type left without its
  // own and recurse forever. Without it, a missing overload fails to compile.
  int write(const core::TenantPut& r);
  int write(const core::TenantDeleted& r);
  int write(const core::TeamPut& r);
  int write(const core::TeamDeleted& r);
  int write(const core::AgentPut& r);
  int write(const core::AgentDeleted& r);
  int write(const core::CodePut& r);
  int write(const core::CodeDeleted& r);
  int write(const core::TokenPut& r);
  int write(const core::TokenDeleted& r);
  int write(const core::AgentSessionPut& r);
  int write(const core::QueuePut& r);
  int write(const core::QueueDeleted& r);
  int write(const core::EntryPointPut& r);
  int write(const core::EntryPointDeleted& r);
  int write(const core::AddressEntryPut& r);
  int write(const core::AddressEntryDeleted& r);
  int write(const core::DirectoryEntryPut& r);
  int write(const core::DirectoryEntryDeleted& r);
  int write(const core::InteractionPut& r);
  int write(const core::EventAppended& r);
  int write(const IdempotencyPut& op);
  int write(const IdempotencyPrune& op);
  int write(const MetaPut& op);

  Statement tenant_put_;
  std::vector<Statement> tenant_delete_;  // children first, the tenant row last
  Statement team_put_;
  Statement team_delete_;
  Statement agent_put_;
  std::vector<Statement> agent_delete_;  // session, tokens, then the agent row
  Statement code_put_;
  Statement code_delete_;
  Statement token_put_;
  Statement token_delete_;
  Statement session_put_;
  Statement queue_put_;
  Statement queue_delete_;
  Statement entry_point_put_;
  Statement entry_point_delete_;
  Statement address_put_;
  Statement address_delete_;
  Statement directory_put_;
  Statement directory_delete_;
  Statement interaction_put_;
  Statement event_insert_;
  Statement idempotency_put_;
  Statement idempotency_prune_;
  Statement meta_put_;
};

}  // namespace ccr::storage
