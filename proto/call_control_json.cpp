#include "proto/call_control_json.hpp"

#include "core/call_legs.hpp"
#include "core/names.hpp"

namespace ccr::proto {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxIdLength = 128;
constexpr std::size_t kMaxNumberLength = 64;  // as typed, before DN1 strips it

}  // namespace

std::optional<core::TargetKind> target_kind_named(std::string_view name) {
  for (auto k : {core::TargetKind::Agent, core::TargetKind::Queue, core::TargetKind::EntryPoint,
                 core::TargetKind::DialNumber, core::TargetKind::Directory}) {
    if (core::name_of(k) == name) return k;
  }
  return std::nullopt;
}

std::optional<LegCommand> parse_leg_command(const json& frame, FieldErrors& errors) {
  FieldReader r(frame, errors);
  r.reject_unknown({"type", "id", "interaction_id", "leg_id"});
  LegCommand c;
  if (auto v = r.string("interaction_id", Presence::Required, kMaxIdLength)) c.interaction_id = *v;
  if (auto v = r.string("leg_id", Presence::Optional, kMaxIdLength)) c.leg_id = *v;
  if (!errors.empty()) return std::nullopt;
  return c;
}

std::optional<TargetCommand> parse_target_command(const json& frame, FieldErrors& errors) {
  FieldReader r(frame, errors);
  r.reject_unknown({"type", "id", "interaction_id", "target"});
  TargetCommand c;
  if (auto v = r.string("interaction_id", Presence::Required, kMaxIdLength)) c.interaction_id = *v;
  const json* target = r.object("target", Presence::Required);
  if (target != nullptr) {
    FieldReader t(*target, errors, "target.");
    t.reject_unknown({"kind", "id", "number"});
    auto kind = t.string("kind", Presence::Required, 32);
    auto id = t.string("id", Presence::Optional, kMaxIdLength);
    auto number = t.string("number", Presence::Optional, kMaxNumberLength);
    if (kind) {
      if (auto k = target_kind_named(*kind)) {
        c.target.kind = *k;
        if (*k == core::TargetKind::DialNumber) {
          if (!number) errors.add("target.number", "required for a dial number");
          c.target.number = number.value_or("");
        } else {
          if (!id) errors.add("target.id", "required for this kind of target");
          c.target.id = id.value_or("");
        }
      } else {
        errors.add("target.kind", "one of agent, queue, entry_point, dial_number, directory");
      }
    }
  }
  if (!errors.empty()) return std::nullopt;
  return c;
}

json consult_failed_event(const core::ConsultFailed& e) {
  return {{"type", "consult_failed"},
          {"interaction_id", e.interaction_id},
          {"reason", core::name_of(e.reason)}};
}

json command_failed_event(const core::CommandFailed& e) {
  return {{"type", "command_failed"},      {"re", e.request_id},
          {"command", e.command},          {"interaction_id", e.interaction_id},
          {"code", core::name_of(e.code)}, {"message", e.message}};
}

}  // namespace ccr::proto
