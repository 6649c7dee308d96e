#include "server/desktop_session.hpp"

#include "core/names.hpp"
#include "proto/dial_number.hpp"
#include "proto/interaction_json.hpp"
#include "proto/json_input.hpp"
#include "proto/rest_json.hpp"
#include "server/app.hpp"

namespace ccr::server {

using nlohmann::json;

DesktopSession::DesktopSession(App& app, std::string session_id)
    : app_(app), session_id_(std::move(session_id)) {}

void DesktopSession::open(const std::shared_ptr<DesktopLink>& link,
                          std::optional<core::Principal> who) {
  link_ = link;
  if (who) attach(*who);
}

void DesktopSession::attach(const core::Principal& who) {
  who_ = who;
  if (auto link = link_.lock()) app_.desktop_attached(who, link, session_id_);
}

void DesktopSession::on_closed() {
  if (who_) app_.desktop_detached(*who_, link_.lock().get());
  who_.reset();
}

void DesktopSession::on_binary() {
  reject("", "",
         {core::Reason::ValidationFailed, "frames are JSON text", {{"frame", "binary frame"}}, {}});
}

DesktopSession::Next DesktopSession::on_text(std::string_view text) {
  const auto& limits = app_.config().limits;
  auto parsed = proto::parse_untrusted_json(text, limits.ws_max_frame_bytes, limits.json_max_depth);
  if (!parsed.ok()) {
    const auto reason = parsed.error->kind == proto::JsonErrorKind::TooLarge
                            ? core::Reason::TooLarge
                            : core::Reason::ValidationFailed;
    reject("", "", {reason, parsed.error->message, {{"frame", parsed.error->message}}, {}});
    return Next::KeepOpen;
  }
  proto::FieldErrors errors;
  auto envelope = proto::parse_envelope(parsed.value, errors);
  if (!envelope) {
    std::string re;
    if (parsed.value.is_object() && parsed.value.contains("id") && parsed.value["id"].is_string()) {
      re = parsed.value["id"].get<std::string>().substr(0, 128);
    }
    reject_fields("", re, errors);
    return Next::KeepOpen;
  }
  if (!who_) return authenticate(*envelope, parsed.value);
  dispatch(*envelope, parsed.value);
  return Next::KeepOpen;
}

DesktopSession::Next DesktopSession::authenticate(const proto::CommandEnvelope& envelope,
                                                  const json& frame) {
  if (envelope.type != "authenticate") {
    reject("authenticate", envelope.id,
           {core::Reason::Unauthenticated, "authenticate first", {}, {}});
    return Next::KeepOpen;
  }
  proto::FieldErrors errors;
  auto token = proto::parse_authenticate(frame, errors);
  if (!token) {
    reject_fields(envelope.type, envelope.id, errors);
    return Next::KeepOpen;
  }
  auto who = app_.authenticate(*token);
  if (!who) {
    reject(envelope.type, envelope.id, {core::Reason::Unauthenticated, "invalid token", {}, {}});
    return Next::Close;
  }
  if (who->role != core::Role::Agent) {
    reject(envelope.type, envelope.id,
           {core::Reason::Forbidden, "the desktop API takes an agent token", {}, {}});
    return Next::Close;
  }
  attach(*who);
  ack(envelope.type, envelope.id, {{"agent_id", who->agent_id}, {"session_id", session_id_}});
  return Next::KeepOpen;
}

void DesktopSession::dispatch(const proto::CommandEnvelope& envelope, const json& frame) {
  const auto& type = envelope.type;
  const auto& re = envelope.id;
  if (type == "login") return login(re, frame);
  if (type == "set_state") return set_state(re, frame);
  if (type == "logout") return logout(re);
  if (type == "update_settings") return update_settings(re, frame);
  if (type == "ping") return ack(type, re, {{"pong", true}});
  if (type == "accept") return accept(re, frame);
  if (type == "accept_all") return accept_all(re);
  if (type == "decline") return decline(re, frame);
  if (type == "end") return end(re, frame);
  if (type == "wrapup") return wrapup(re, frame);
  if (call_control(type, re, frame)) return;
  if (type == "list_targets") return list_targets(re, frame);
  if (type == "authenticate") {
    return reject(type, re, {core::Reason::InvalidState, "already authenticated", {}, {}});
  }
  reject("unknown", re, core::Rejection::invalid_field("type", "unknown command"));
}

void DesktopSession::login(const std::string& re, const json& frame) {
  proto::FieldErrors errors;
  auto command = proto::parse_login(frame, errors);
  if (!command) return reject_fields("login", re, errors);
  const auto number = proto::normalize_dial_number(command->dial_number);
  if (!number.ok()) {
    return reject(
        "login", re,
        {core::Reason::InvalidDialNumber, number.message, {{"dial_number", number.message}}, {}});
  }
  core::Effects fx;
  auto done = app_.engine().login(*who_, command->team_id, number.number, command->idle_code_id,
                                  app_.now(), fx);
  if (!done) return reject("login", re, done.rejection());
  app_.apply(fx);
  ack("login", re,
      {{"agent_state", proto::agent_state_event(
                           done.value(), app_.engine().router().voice_work(who_->agent_id))}});
}

void DesktopSession::set_state(const std::string& re, const json& frame) {
  proto::FieldErrors errors;
  auto command = proto::parse_set_state(frame, errors);
  if (!command) return reject_fields("set_state", re, errors);
  core::Effects fx;
  auto done = app_.engine().set_state(*who_, command->state, command->idle_code_id, app_.now(), fx);
  if (!done) return reject("set_state", re, done.rejection());
  app_.apply(fx);
  ack("set_state", re,
      {{"agent_state", proto::agent_state_event(
                           done.value(), app_.engine().router().voice_work(who_->agent_id))}});
}

void DesktopSession::logout(const std::string& re) {
  core::Effects fx;
  auto done = app_.engine().logout(*who_, app_.now(), fx);
  if (!done) return reject("logout", re, done.rejection());
  app_.apply(fx);
  ack("logout", re,
      {{"agent_state", proto::agent_state_event(
                           done.value(), app_.engine().router().voice_work(who_->agent_id))}});
}

void DesktopSession::update_settings(const std::string& re, const json& frame) {
  json patch = frame;
  patch.erase("type");
  patch.erase("id");
  proto::FieldErrors errors;
  auto parsed = proto::parse_settings_patch(patch, errors);
  if (!parsed) return reject_fields("update_settings", re, errors);
  core::Effects fx;
  auto done = app_.engine().directory().update_settings(*who_, who_->tenant_id, *parsed, {}, fx);
  if (!done) return reject("update_settings", re, done.rejection());
  app_.apply(fx);
  ack("update_settings", re, {{"settings", proto::to_json(done.value().settings)}});
}

void DesktopSession::ack_interaction(const std::string& type, const std::string& re,
                                     const core::Interaction& it) {
  send_reply(type, "ok",
             proto::interaction_ack(re, it, view_context(app_.engine(), it),
                                    who_ ? who_->agent_id : std::string{}));
}

void DesktopSession::accept(const std::string& re, const json& frame) {
  proto::FieldErrors errors;
  auto offer_id = proto::parse_offer_id(frame, errors);
  if (!offer_id) return reject_fields("accept", re, errors);
  core::Effects fx;
  auto done = app_.engine().router().accept(*who_, *offer_id, app_.now(), fx);
  if (!done) return reject("accept", re, done.rejection());
  fx.tag_telephony(re, "accept", who_->agent_id, done.value().id);
  app_.apply(fx);
  ack_interaction("accept", re, done.value());
}

void DesktopSession::accept_all(const std::string& re) {
  core::Effects fx;
  const auto outcomes = app_.engine().router().accept_all(*who_, app_.now(), fx);
  app_.apply(fx);
  json results = json::array();
  for (const auto& o : outcomes) {
    json item = {{"offer_id", o.offer_id}, {"accepted", !o.rejection}};
    if (o.rejection) item["error"] = proto::error_frame("", *o.rejection);
    results.push_back(std::move(item));
  }
  ack("accept_all", re, {{"results", std::move(results)}});
}

void DesktopSession::decline(const std::string& re, const json& frame) {
  proto::FieldErrors errors;
  auto offer_id = proto::parse_offer_id(frame, errors);
  if (!offer_id) return reject_fields("decline", re, errors);
  core::Effects fx;
  auto done = app_.engine().router().decline(*who_, *offer_id, app_.now(), fx);
  if (!done) return reject("decline", re, done.rejection());
  app_.apply(fx);
  ack("decline", re, json::object());
}

void DesktopSession::end(const std::string& re, const json& frame) {
  proto::FieldErrors errors;
  auto id = proto::parse_interaction_id(frame, errors);
  if (!id) return reject_fields("end", re, errors);
  core::Effects fx;
  auto done = app_.engine().router().end(*who_, *id, app_.now(), fx);
  if (!done) return reject("end", re, done.rejection());
  app_.apply(fx);
  ack_interaction("end", re, done.value());
}

void DesktopSession::wrapup(const std::string& re, const json& frame) {
  proto::FieldErrors errors;
  auto command = proto::parse_wrapup(frame, errors);
  if (!command) return reject_fields("wrapup", re, errors);
  core::Effects fx;
  auto done = app_.engine().router().wrapup(*who_, command->interaction_id, command->wrapup_code_id,
                                            app_.now(), fx);
  if (!done) return reject("wrapup", re, done.rejection());
  app_.apply(fx);
  ack_interaction("wrapup", re, done.value());
}

void DesktopSession::ack(const std::string& type, const std::string& re, json result) {
  send_reply(type, "ok", proto::ack_frame(re, std::move(result)).dump());
}

void DesktopSession::send_reply(const std::string& type, const char* outcome, std::string frame) {
  if (!type.empty()) app_.metrics().command(type, outcome);
  app_.after_commit([weak = link_, frame = std::move(frame)]() mutable {
    if (auto link = weak.lock()) link->send_frame(std::move(frame));
  });
}

void DesktopSession::reject(const std::string& type, const std::string& re,
                            const core::Rejection& rejection) {
  app_.metrics().error(std::string(core::name_of(rejection.reason)));
  send_reply(type, "error", proto::error_frame(re, rejection).dump());
}

void DesktopSession::reject_fields(const std::string& type, const std::string& re,
                                   const proto::FieldErrors& errors) {
  core::Rejection r{core::Reason::ValidationFailed, "validation failed", {}, {}};
  for (const auto& e : errors.items()) r.errors.push_back({e.field, e.message});
  reject(type, re, r);
}

}  // namespace ccr::server
