#include "storage/batch_plan.hpp"

#include <optional>
#include <string>
#include <unordered_set>

namespace ccr::storage {
namespace {

// The row a whole-row put writes ("i" or "s", tenant, id), or nullopt for any other op.
std::optional<std::string> replaced_row(const Op& op) {
  const auto* record = std::get_if<core::Record>(&op);
  if (record == nullptr) return std::nullopt;
  if (const auto* put = std::get_if<core::InteractionPut>(record)) {
    return "i\n" + put->interaction().tenant_id + "\n" + put->interaction().id;
  }
  if (const auto* put = std::get_if<core::AgentSessionPut>(record)) {
    return "s\n" + put->session.tenant_id + "\n" + put->session.agent_id;
  }
  return std::nullopt;
}

}  // namespace

std::vector<bool> ops_to_write(const std::vector<const Op*>& batch) {
  std::vector<bool> write(batch.size(), true);
  std::unordered_set<std::string> put_later;
  for (std::size_t i = batch.size(); i-- > 0;) {
    if (auto row = replaced_row(*batch[i])) write[i] = put_later.insert(std::move(*row)).second;
  }
  return write;
}

}  // namespace ccr::storage
