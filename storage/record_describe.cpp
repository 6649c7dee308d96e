// RecordWriter::describe: a short name for each Op, for error messages (e.g. "AgentPut t1/a7").
// Any thread.
#include <string>
#include <variant>

#include "storage/record_writer.hpp"

namespace ccr::storage {

namespace {

// Names one record. No overload takes core::Record: it would catch a record type left without
// its own overload (by implicit conversion) and recurse forever; without it, that fails to compile.
struct DescribeRecord {
  std::string operator()(const core::TenantPut& r) const { return "TenantPut " + r.tenant.id; }
  std::string operator()(const core::TenantDeleted& r) const {
    return "TenantDeleted " + r.tenant_id;
  }
  std::string operator()(const core::TeamPut& r) const {
    return "TeamPut " + r.team.tenant_id + "/" + r.team.id;
  }
  std::string operator()(const core::TeamDeleted& r) const {
    return "TeamDeleted " + r.tenant_id + "/" + r.team_id;
  }
  std::string operator()(const core::AgentPut& r) const {
    return "AgentPut " + r.agent.tenant_id + "/" + r.agent.id;
  }
  std::string operator()(const core::AgentDeleted& r) const {
    return "AgentDeleted " + r.tenant_id + "/" + r.agent_id;
  }
  std::string operator()(const core::CodePut& r) const {
    return "CodePut " + r.code.tenant_id + "/" + r.code.id;
  }
  std::string operator()(const core::CodeDeleted& r) const {
    return "CodeDeleted " + r.tenant_id + "/" + r.code_id;
  }
  std::string operator()(const core::TokenPut& r) const {
    return "TokenPut " + r.token.tenant_id + "/" + r.token.id;
  }
  std::string operator()(const core::TokenDeleted& r) const {
    return "TokenDeleted " + r.tenant_id + "/" + r.token_id;
  }
  std::string operator()(const core::AgentSessionPut& r) const {
    return "AgentSessionPut " + r.session.tenant_id + "/" + r.session.agent_id;
  }
  std::string operator()(const core::QueuePut& r) const {
    return "QueuePut " + r.queue.tenant_id + "/" + r.queue.id;
  }
  std::string operator()(const core::QueueDeleted& r) const {
    return "QueueDeleted " + r.tenant_id + "/" + r.queue_id;
  }
  std::string operator()(const core::EntryPointPut& r) const {
    return "EntryPointPut " + r.entry_point.tenant_id + "/" + r.entry_point.id;
  }
  std::string operator()(const core::EntryPointDeleted& r) const {
    return "EntryPointDeleted " + r.tenant_id + "/" + r.entry_point_id;
  }
  std::string operator()(const core::AddressEntryPut& r) const {
    return "AddressEntryPut " + r.entry.tenant_id + "/" + r.entry.id;
  }
  std::string operator()(const core::AddressEntryDeleted& r) const {
    return "AddressEntryDeleted " + r.tenant_id + "/" + r.entry_id;
  }
  std::string operator()(const core::DirectoryEntryPut& r) const {
    return "DirectoryEntryPut " + r.entry.tenant_id + "/" + r.entry.id;
  }
  std::string operator()(const core::DirectoryEntryDeleted& r) const {
    return "DirectoryEntryDeleted " + r.tenant_id + "/" + r.entry_id;
  }
  std::string operator()(const core::InteractionPut& r) const {
    return "InteractionPut " + r.interaction().tenant_id + "/" + r.interaction().id;
  }
  std::string operator()(const core::EventAppended& r) const {
    return "EventAppended " + r.tenant_id + " " + r.type;
  }
};

// Names one Op; records go to DescribeRecord.
struct DescribeOp {
  std::string operator()(const core::Record& r) const { return std::visit(DescribeRecord{}, r); }
  std::string operator()(const IdempotencyPut& op) const {
    return "IdempotencyPut " + op.tenant_id + "/" + op.key;
  }
  std::string operator()(const IdempotencyPrune&) const { return "IdempotencyPrune"; }
  std::string operator()(const MetaPut& op) const { return "MetaPut " + op.key; }
};

}  // namespace

std::string RecordWriter::describe(const Op& op) { return std::visit(DescribeOp{}, op); }

}  // namespace ccr::storage
