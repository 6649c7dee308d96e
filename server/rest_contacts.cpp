// REST handlers for the telephony side: contacts in, events about contacts, agent device
// events (AN3), and arming a failure in the simulated telephony. The interaction reports are in
// rest_reports.cpp.
#include "core/call_legs.hpp"
#include "core/names.hpp"
#include "proto/contact_json.hpp"
#include "proto/dial_number.hpp"
#include "proto/interaction_json.hpp"
#include "proto/time_format.hpp"
#include "server/app.hpp"
#include "server/rest_api.hpp"
#include "server/simulated_telephony.hpp"
#include "server/token_crypto.hpp"

namespace ccr::server {

using nlohmann::json;

json RestApi::interaction_json(const core::Interaction& it) {
  return proto::interaction_view(it, view_context(app_.engine(), it));
}

void RestApi::create_contact(Call& call) {
  auto b = body(call);
  if (!b) return;
  proto::FieldErrors errors;
  auto contact = proto::parse_new_contact(*b, errors);
  if (!contact) return fail_fields(call, errors);
  contact->id = generate_id("ix");
  contact->tenant_id = call.who.tenant_id;
  core::Effects fx;
  auto made = app_.engine().router().add_contact(std::move(*contact), app_.now(), fx);
  if (!made) return fail(call, made.rejection());
  app_.apply(fx);
  reply_text(call, 201, proto::contact_created_text(*made.value()));
}

void RestApi::contact_event(Call& call) {
  auto b = body(call);
  if (!b) return;
  proto::FieldErrors errors;
  auto event = proto::parse_contact_event(*b, errors);
  if (!event) return fail_fields(call, errors);
  const auto* type = &event->type;
  const auto& device = event->dial_number;
  auto& router = app_.engine().router();
  const auto& tenant = call.who.tenant_id;
  const auto& id = call.params[0];
  const auto now = app_.now();
  core::Effects fx;
  std::optional<core::Result<core::Interaction>> done;
  if (*type == "customer_hangup") {
    done = router.customer_hangup(tenant, id, now, fx);
  } else if (*type == "outside_hangup") {
    done = router.outside_hangup(tenant, id, event->number, now, fx);
  } else if (*type == "agent_answered") {
    done = router.agent_answered(tenant, id, device, now, fx);
  } else if (*type == "agent_hangup") {
    done = router.agent_hangup(tenant, id, device, now, fx);
  } else if (*type == "agent_no_answer" || *type == "device_failure") {
    done = router.agent_missed(tenant, id, device, *type == "device_failure", now, fx);
  } else if (router.interaction(tenant, id) == nullptr) {
    done = core::Result<core::Interaction>(
        core::Rejection{core::Reason::NotFound, "interaction not found"});
  } else {
    // Callback events apply to a callback being dialled; this contact is none.
    done = core::Result<core::Interaction>(
        core::Rejection{core::Reason::InvalidState,
                        "no callback is being dialled for this contact",
                        {},
                        "not_a_callback"});
  }
  app_.apply(fx);  // a refused late answer still hangs up the late agent leg (AN2)
  if (!*done) return fail(call, done->rejection());
  reply(call, 200, interaction_json(done->value()));
}

void RestApi::fail_next_command(Call& call) {
  auto* simulated = app_.simulated_telephony();
  if (simulated == nullptr) {
    return fail(call, {core::Reason::NotFound, "the simulated telephony is not running"});
  }
  auto b = body(call);
  if (!b) return;
  proto::FieldErrors errors;
  auto armed = proto::parse_armed_failure(*b, errors);
  if (!armed) return fail_fields(call, errors);
  if (app_.engine().router().interaction(call.who.tenant_id, armed->interaction_id) == nullptr) {
    return fail(call, {core::Reason::NotFound, "interaction not found"});
  }
  simulated->fail_next(armed->interaction_id, {armed->action, armed->message});
  json out = {{"interaction_id", armed->interaction_id}, {"message", armed->message}};
  out["action"] = armed->action ? json(core::name_of(*armed->action)) : json(nullptr);
  reply(call, 201, out);
}

void RestApi::device_event(Call& call) {
  auto b = body(call);
  if (!b) return;
  proto::FieldErrors errors;
  auto type = proto::parse_event_type(*b, {"idle", "busy"}, errors);
  if (!type) return fail_fields(call, errors);
  const auto number = proto::normalize_dial_number(call.params[0]);
  if (!number.ok()) {
    return fail(
        call, {core::Reason::InvalidDialNumber, number.message, {{"dial_number", number.message}}});
  }
  core::Effects fx;
  auto done = app_.engine().router().device_state(call.who.tenant_id, number.number,
                                                  *type == "busy", app_.now(), fx);
  if (!done) return fail(call, done.rejection());
  app_.apply(fx);
  reply(call, 200, {{"dial_number", number.number}, {"state", *type}});
}

}  // namespace ccr::server
