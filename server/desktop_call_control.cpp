// The desktop's call-control commands (HO1-HO2, CO1-CO13, TR1-TR5): parse, run in core, tag the
// telephony commands with the request id (command_failed names it), ack with the interaction as
// this agent sees it. io thread only.
#include "proto/call_control_json.hpp"
#include "proto/dial_number.hpp"
#include "server/app.hpp"
#include "server/desktop_session.hpp"

namespace ccr::server {

using nlohmann::json;

bool DesktopSession::call_control(const std::string& type, const std::string& re,
                                  const json& frame) {
  if (type == "hold" || type == "resume") {
    leg_command(type, re, frame);
  } else if (type == "consult" || type == "transfer") {
    target_command(type, re, frame);
  } else if (type == "consult_end" || type == "consult_exit" || type == "consult_transfer" ||
             type == "conference" || type == "conference_exit") {
    call_command(type, re, frame);
  } else {
    return false;
  }
  return true;
}

void DesktopSession::conclude_call(const std::string& type, const std::string& re,
                                   const core::Result<core::Interaction>& done, core::Effects& fx) {
  if (!done) return reject(type, re, done.rejection());
  fx.tag_telephony(re, type, who_->agent_id, done.value().id);
  app_.apply(fx);
  ack_interaction(type, re, done.value());
}

void DesktopSession::leg_command(const std::string& type, const std::string& re,
                                 const json& frame) {
  proto::FieldErrors errors;
  auto command = proto::parse_leg_command(frame, errors);
  if (!command) return reject_fields(type, re, errors);
  auto& router = app_.engine().router();
  core::Effects fx;
  auto done = type == "hold"
                  ? router.hold(*who_, command->interaction_id, command->leg_id, app_.now(), fx)
                  : router.resume(*who_, command->interaction_id, command->leg_id, app_.now(), fx);
  conclude_call(type, re, done, fx);
}

void DesktopSession::target_command(const std::string& type, const std::string& re,
                                    const json& frame) {
  proto::FieldErrors errors;
  auto command = proto::parse_target_command(frame, errors);
  if (!command) return reject_fields(type, re, errors);
  auto& target = command->target;
  if (target.kind == core::TargetKind::Directory) {  // CO1, CO10: a listed entry's company number
    const auto* entry = app_.engine().contacts().directory_entry(who_->tenant_id, target.id);
    if (entry == nullptr || entry->company_number.empty()) {
      return reject(type, re, {core::Reason::NotFound, "directory entry not found (CO10)"});
    }
    target.number = entry->company_number;
  }
  if (target.kind == core::TargetKind::DialNumber || target.kind == core::TargetKind::Directory) {
    const auto number = proto::normalize_dial_number(target.number);
    if (!number.ok()) {  // DN1, CO10
      return reject(
          type, re,
          {core::Reason::InvalidDialNumber, number.message, {{"target.number", number.message}}});
    }
    target.number = number.number;
  }
  auto& router = app_.engine().router();
  core::Effects fx;
  auto done = type == "consult"
                  ? router.consult(*who_, command->interaction_id, target, app_.now(), fx)
                  : router.transfer(*who_, command->interaction_id, target, app_.now(), fx);
  conclude_call(type, re, done, fx);
}

void DesktopSession::call_command(const std::string& type, const std::string& re,
                                  const json& frame) {
  proto::FieldErrors errors;
  auto id = proto::parse_interaction_id(frame, errors);
  if (!id) return reject_fields(type, re, errors);
  auto& router = app_.engine().router();
  const auto now = app_.now();
  core::Effects fx;
  auto done = [&]() -> core::Result<core::Interaction> {
    if (type == "consult_end") return router.consult_end(*who_, *id, now, fx);
    if (type == "consult_exit") return router.consult_exit(*who_, *id, now, fx);
    if (type == "consult_transfer") return router.consult_transfer(*who_, *id, now, fx);
    if (type == "conference") return router.conference(*who_, *id, now, fx);
    return router.conference_exit(*who_, *id, now, fx);
  }();
  conclude_call(type, re, done, fx);
}

}  // namespace ccr::server
