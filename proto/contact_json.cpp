#include "proto/contact_json.hpp"

#include <algorithm>

#include "core/call_legs.hpp"
#include "core/json_text.hpp"
#include "core/names.hpp"
#include "proto/dial_number.hpp"
#include "proto/time_format.hpp"

namespace ccr::proto {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxVariables = 64;

}  // namespace

std::optional<core::NewContact> parse_new_contact(const json& body, FieldErrors& errors) {
  if (!body.is_object()) {
    errors.add("body", "must be a JSON object");
    return std::nullopt;
  }
  FieldReader r(body, errors);
  r.reject_unknown({"entry_point_id", "channel", "ani", "dnis", "variables", "external_id"});
  core::NewContact c;
  if (auto v = r.string("entry_point_id", Presence::Required, 64)) c.entry_point_id = *v;
  if (auto v = r.string("channel", Presence::Required, 16)) {
    if (auto channel = core::channel_named(*v)) {
      c.channel = *channel;
    } else {
      errors.add("channel", "must be voice, chat, email or social");
    }
  }
  if (auto v = r.string("ani", Presence::Optional, 256)) c.ani = *v;
  if (auto v = r.string("dnis", Presence::Optional, 256)) c.dnis = *v;
  if (auto v = r.string("external_id", Presence::Optional, 128)) c.external_id = *v;
  if (const json* vars = r.object("variables", Presence::Optional)) {
    if (vars->size() > kMaxVariables) errors.add("variables", "at most 64 variables");
    for (const auto& [name, value] : vars->items()) {
      if (value.is_string()) {
        c.variables.emplace_back(name, value.get<std::string>());
      } else if (value.is_number() || value.is_boolean()) {
        c.variables.emplace_back(name, value.dump());
      } else {
        errors.add("variables." + name, "must be a string, number or boolean");
      }
    }
  }
  if (!errors.empty()) return std::nullopt;
  return c;
}

std::optional<std::string> parse_event_type(const json& body,
                                            std::initializer_list<std::string_view> allowed,
                                            FieldErrors& errors) {
  if (!body.is_object()) {
    errors.add("body", "must be a JSON object");
    return std::nullopt;
  }
  FieldReader r(body, errors);
  r.reject_unknown({"type"});
  auto type = r.string("type", Presence::Required, 64);
  if (type && std::find(allowed.begin(), allowed.end(), *type) == allowed.end()) {
    errors.add("type", "unknown event type");
  }
  if (!errors.empty()) return std::nullopt;
  return type;
}

std::optional<ContactEvent> parse_contact_event(const json& body, FieldErrors& errors) {
  if (!body.is_object()) {
    errors.add("body", "must be a JSON object");
    return std::nullopt;
  }
  FieldReader r(body, errors);
  r.reject_unknown({"type", "dial_number", "number"});
  ContactEvent e;
  if (auto type = r.string("type", Presence::Required, 64)) e.type = *type;
  constexpr std::string_view kTypes[] = {
      "customer_hangup",    "agent_answered",    "agent_hangup",
      "agent_no_answer",    "device_failure",    "customer_answered",
      "customer_no_answer", "courtesy_callback", "outside_hangup"};
  // AN4: the phone reports answer, hang-up and device state; call control is the desktop's.
  constexpr std::string_view kDesktopOnly[] = {"hold",     "resume",     "consult",
                                               "transfer", "conference", "consult_transfer"};
  if (std::find(std::begin(kDesktopOnly), std::end(kDesktopOnly), e.type) !=
      std::end(kDesktopOnly)) {
    errors.add("type", "call control is done from the desktop, not the phone (AN4)");
  } else if (!e.type.empty() &&
             std::find(std::begin(kTypes), std::end(kTypes), e.type) == std::end(kTypes)) {
    errors.add("type", "unknown event type");
  }
  for (auto [field, target] : {std::pair{"dial_number", &e.dial_number}, {"number", &e.number}}) {
    if (auto v = r.string(field, Presence::Optional, 256)) {
      const auto normalised = normalize_dial_number(*v);
      if (normalised.ok()) {
        *target = normalised.number;
      } else {
        errors.add(field, normalised.message);
      }
    }
  }
  if (!errors.empty()) return std::nullopt;
  return e;
}

std::optional<ArmedFailureBody> parse_armed_failure(const json& body, FieldErrors& errors) {
  if (!body.is_object()) {
    errors.add("body", "must be a JSON object");
    return std::nullopt;
  }
  FieldReader r(body, errors);
  r.reject_unknown({"interaction_id", "action", "message"});
  ArmedFailureBody out;
  if (auto v = r.string("interaction_id", Presence::Required, 128)) out.interaction_id = *v;
  out.message = r.string("message", Presence::Optional, 256).value_or("simulated failure");
  if (auto action = r.string("action", Presence::Optional, 32)) {
    for (int i = 0; i <= static_cast<int>(core::TelephonyAction::Conference); ++i) {
      const auto a = static_cast<core::TelephonyAction>(i);
      if (core::name_of(a) == *action) out.action = a;
    }
    if (!out.action) errors.add("action", "unknown telephony action");
  }
  if (!errors.empty()) return std::nullopt;
  return out;
}

std::string contact_created_text(const core::Interaction& it) {
  core::JsonText out;
  out.begin_object()
      .field("created_at", format_time(it.created_at))
      .field("id", it.id)
      .field("queue_id", it.queue_id)
      .field("state", core::name_of(it.phase))
      .end_object();
  return out.take();
}

}  // namespace ccr::proto
