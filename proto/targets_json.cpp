#include "proto/targets_json.hpp"

#include "core/names.hpp"
#include "proto/call_control_json.hpp"
#include "proto/desktop_json.hpp"

namespace ccr::proto {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxQueryLength = 128;

json text_or_null(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

}  // namespace

std::string_view name_of(core::TargetPurpose purpose) {
  return purpose == core::TargetPurpose::Transfer ? "transfer" : "consult";
}

std::optional<ListTargetsCommand> parse_list_targets(const json& frame, FieldErrors& errors) {
  FieldReader r(frame, errors);
  r.reject_unknown({"type", "id", "kind", "purpose", "query"});
  ListTargetsCommand c;
  if (auto kind = r.string("kind", Presence::Required, 32)) {
    if (auto k = target_kind_named(*kind)) {
      c.kind = *k;
    } else {
      errors.add("kind", "one of agent, queue, entry_point, dial_number, directory");
    }
  }
  if (auto purpose = r.string("purpose", Presence::Required, 32)) {
    if (*purpose == "consult" || *purpose == "transfer") {
      c.purpose =
          *purpose == "consult" ? core::TargetPurpose::Consult : core::TargetPurpose::Transfer;
    } else {
      errors.add("purpose", "consult or transfer");
    }
  }
  if (auto query = r.string("query", Presence::Optional, kMaxQueryLength)) c.query = *query;
  if (!errors.empty()) return std::nullopt;
  return c;
}

json target_json(const core::AgentTarget& t, const core::Team* team) {
  return {{"kind", "agent"},
          {"id", t.agent->id},
          {"name", t.agent->name},
          {"state", core::name_of(t.session.state)},
          {"display", agent_display(t.session, t.voice_work)},
          {"team_id", text_or_null(t.session.team_id)},
          {"team_name", team != nullptr ? json(team->name) : json(nullptr)},
          {"reachable", t.reachable}};
}

json target_json(const core::Queue& q) {
  return {{"kind", "queue"},
          {"id", q.id},
          {"name", q.name},
          {"consult_allowed", q.consult_allowed},
          {"transfer_allowed", q.transfer_allowed}};
}

json target_json(const core::EntryPoint& e, bool open) {
  return {{"kind", "entry_point"},
          {"id", e.id},
          {"name", e.name},
          {"dial_numbers", e.dial_numbers},
          {"open", open},
          {"consult_allowed", e.consult_allowed},
          {"transfer_allowed", e.transfer_allowed}};
}

json target_json(const core::AddressEntry& e) {
  return {{"kind", "dial_number"}, {"id", e.id}, {"name", e.name}, {"number", e.number}};
}

json target_json(const core::DirectoryEntry& e) {
  return {{"kind", "directory"},
          {"id", e.id},
          {"name", e.name},
          {"role", text_or_null(e.role)},
          {"department", text_or_null(e.department)},
          {"number", e.company_number},
          {"email", text_or_null(e.email)}};
}

}  // namespace ccr::proto
