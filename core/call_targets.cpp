#include "core/call_targets.hpp"

#include <algorithm>
#include <iterator>
#include <string>

#include "core/text_rules.hpp"

namespace ccr::core {
namespace {

constexpr std::size_t kScanPage = 256;

template <typename T>
bool allowed_for(const T& target, TargetPurpose purpose) {
  return target.channel == Channel::Voice &&
         (purpose == TargetPurpose::Consult ? target.consult_allowed : target.transfer_allowed);
}

// Every item of a tenant's collection, read page by page through `next(cursor, limit)`, that
// `keep` accepts.
template <typename T, typename Next, typename Keep>
std::vector<const T*> scan(Next next, Keep keep) {
  std::vector<const T*> out;
  for (std::string cursor;;) {
    const std::vector<const T*> page = next(cursor, kScanPage);
    if (page.empty()) return out;
    std::copy_if(page.begin(), page.end(), std::back_inserter(out), keep);
    cursor = page.back()->id;
  }
}

}  // namespace

AgentTargets agent_targets(const Engine& engine, const Principal& asking, TargetPurpose purpose,
                           std::string_view query, std::size_t limit) {
  const bool transfer = purpose == TargetPurpose::Transfer;
  const std::string text(trim_blanks(query));
  auto matches = scan<Agent>(
      [&](const std::string& cursor, std::size_t n) {
        return engine.directory().agents_after(asking.tenant_id, cursor, n, text);
      },
      [&](const Agent* a) {
        if (a->id == asking.agent_id) return false;
        const AgentState state = engine.agents().session(a->tenant_id, a->id).state;
        return state == AgentState::Available || (!transfer && state == AgentState::Idle);
      });
  const auto found = first_by_name(std::move(matches), limit);
  AgentTargets out;
  out.total = found.total;
  for (const Agent* a : found.items) {
    out.items.push_back(
        {a, engine.agents().session(a->tenant_id, a->id), engine.router().voice_work(a->id),
         engine.router().can_take_call_target(a->tenant_id, a->id, asking.agent_id, transfer)});
  }
  return out;
}

Found<Queue> queue_targets(const Engine& engine, const std::string& tenant_id,
                           TargetPurpose purpose, std::string_view query, std::size_t limit) {
  const std::string text(trim_blanks(query));
  auto matches = scan<Queue>(
      [&](const std::string& cursor, std::size_t n) {
        return engine.routing().queues_after(tenant_id, cursor, n, text);
      },
      [&](const Queue* q) { return allowed_for(*q, purpose); });
  return first_by_name(std::move(matches), limit);
}

Found<EntryPoint> entry_point_targets(const Engine& engine, const std::string& tenant_id,
                                      TargetPurpose purpose, std::string_view query,
                                      std::size_t limit) {
  const std::string text(trim_blanks(query));
  const std::string digits = number_query(text);
  const auto dialled = [&](const EntryPoint& e) {
    return !digits.empty() &&
           std::any_of(e.dial_numbers.begin(), e.dial_numbers.end(), [&](const std::string& n) {
             return digits_of(n).find(digits) != std::string::npos;
           });
  };
  auto matches = scan<EntryPoint>(
      [&](const std::string& cursor, std::size_t n) {
        return engine.routing().entry_points_after(tenant_id, cursor, n, {});
      },
      [&](const EntryPoint* e) {
        return allowed_for(*e, purpose) && (contains_ignoring_case(e->name, text) || dialled(*e));
      });
  return first_by_name(std::move(matches), limit);
}

}  // namespace ccr::core
