// The desktop's `list_targets` command (CO1, CO9, TR1, TR2): who or what the agent may consult or
// transfer to, searched by `query`, in name order and at most kMaxTargets items (the ack's
// `total` says how many matched). Reads the engine only; io thread only.
#include "core/call_legs.hpp"
#include "core/call_targets.hpp"
#include "proto/targets_json.hpp"
#include "server/app.hpp"
#include "server/desktop_session.hpp"

namespace ccr::server {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxTargets = 50;

// Appends every found item to `out` as `render(item)` would; returns how many matched in all.
template <typename T, typename Render>
std::size_t append(const core::Found<T>& found, json& out, Render render) {
  for (const T* item : found.items) out.push_back(render(*item));
  return found.total;
}

}  // namespace

void DesktopSession::list_targets(const std::string& re, const json& frame) {
  proto::FieldErrors errors;
  auto command = proto::parse_list_targets(frame, errors);
  if (!command) return reject_fields("list_targets", re, errors);
  const auto& engine = app_.engine();
  const auto& tenant_id = who_->tenant_id;
  const auto& query = command->query;
  const auto purpose = command->purpose;
  json targets = json::array();
  std::size_t total = 0;
  switch (command->kind) {
    case core::TargetKind::Agent: {
      const auto found = core::agent_targets(engine, *who_, purpose, query, kMaxTargets);
      for (const auto& t : found.items) {
        targets.push_back(
            proto::target_json(t, engine.directory().team(tenant_id, t.session.team_id)));
      }
      total = found.total;
      break;
    }
    case core::TargetKind::Queue:
      total = append(core::queue_targets(engine, tenant_id, purpose, query, kMaxTargets), targets,
                     [](const core::Queue& q) { return proto::target_json(q); });
      break;
    case core::TargetKind::EntryPoint:
      total = append(core::entry_point_targets(engine, tenant_id, purpose, query, kMaxTargets),
                     targets, [now = app_.now()](const core::EntryPoint& e) {
                       return proto::target_json(e, core::is_open(e, now));
                     });
      break;
    case core::TargetKind::DialNumber:
      total = append(engine.contacts().search_address_book(tenant_id, query, kMaxTargets), targets,
                     [](const core::AddressEntry& e) { return proto::target_json(e); });
      break;
    case core::TargetKind::Directory:
      total = append(engine.contacts().search_directory(tenant_id, query, kMaxTargets), targets,
                     [](const core::DirectoryEntry& e) { return proto::target_json(e); });
      break;
  }
  ack("list_targets", re,
      {{"kind", core::name_of(command->kind)},
       {"purpose", proto::name_of(purpose)},
       {"targets", std::move(targets)},
       {"total", total},
       {"limit", kMaxTargets}});
}

}  // namespace ccr::server
