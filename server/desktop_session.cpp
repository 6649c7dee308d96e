#include "server/desktop_session.hpp"

#include "core/names.hpp"
#include "proto/dial_number.hpp"
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
  auto done = app_.engine().agents().login(*who_, command->team_id, number.number,
                                           command->idle_code_id, app_.now(), fx);
  if (!done) return reject("login", re, done.rejection());
  app_.apply(fx);
  ack("login", re, {{"agent_state", proto::agent_state_event(done.value())}});
}

void DesktopSession::set_state(const std::string& re, const json& frame) {
  proto::FieldErrors errors;
  auto command = proto::parse_set_state(frame, errors);
  if (!command) return reject_fields("set_state", re, errors);
  core::Effects fx;
  auto done = app_.engine().agents().set_state(*who_, command->state, command->idle_code_id,
                                               app_.now(), fx);
  if (!done) return reject("set_state", re, done.rejection());
  app_.apply(fx);
  ack("set_state", re, {{"agent_state", proto::agent_state_event(done.value())}});
}

void DesktopSession::logout(const std::string& re) {
  core::Effects fx;
  auto done = app_.engine().agents().logout(*who_, app_.now(), fx);
  if (!done) return reject("logout", re, done.rejection());
  app_.apply(fx);
  ack("logout", re, {{"agent_state", proto::agent_state_event(done.value())}});
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

void DesktopSession::ack(const std::string& type, const std::string& re, json result) {
  app_.metrics().command(type, "ok");
  app_.after_commit([weak = link_, frame = proto::ack_frame(re, std::move(result))] {
    if (auto link = weak.lock()) link->send_frame(frame);
  });
}

void DesktopSession::reject(const std::string& type, const std::string& re,
                            const core::Rejection& rejection) {
  if (!type.empty()) app_.metrics().command(type, "error");
  app_.metrics().error(std::string(core::name_of(rejection.reason)));
  app_.after_commit([weak = link_, frame = proto::error_frame(re, rejection)] {
    if (auto link = weak.lock()) link->send_frame(frame);
  });
}

void DesktopSession::reject_fields(const std::string& type, const std::string& re,
                                   const proto::FieldErrors& errors) {
  core::Rejection r{core::Reason::ValidationFailed, "validation failed", {}, {}};
  for (const auto& e : errors.items()) r.errors.push_back({e.field, e.message});
  reject(type, re, r);
}

}  // namespace ccr::server
