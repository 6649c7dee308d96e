#include "proto/interaction_json.hpp"

#include <algorithm>

#include "core/call_legs.hpp"
#include "core/json_text.hpp"
#include "core/names.hpp"
#include "proto/time_format.hpp"

namespace ccr::proto {

using core::JsonText;
using nlohmann::json;

std::string_view name_of(core::OfferKind kind) {
  switch (kind) {
    case core::OfferKind::Inbound:
      return "inbound";
    case core::OfferKind::Consult:
      return "consult";
    case core::OfferKind::Transfer:
      return "transfer";
    case core::OfferKind::Callback:
      return "callback";
    case core::OfferKind::Outdial:
      return "outdial";
  }
  return "inbound";
}

std::string_view name_of(core::WithdrawReason reason) {
  switch (reason) {
    case core::WithdrawReason::Rona:
      return "rona";
    case core::WithdrawReason::CustomerLeft:
      return "customer_left";
    case core::WithdrawReason::Cancelled:
      return "cancelled";
    case core::WithdrawReason::Taken:
      return "taken";
    case core::WithdrawReason::Disconnected:
      return "disconnected";
  }
  return "cancelled";
}

namespace {

void write_strings(JsonText& out, const std::vector<std::string_view>& items) {
  out.begin_array();
  for (auto item : items) out.value(item);
  out.end_array();
}

void write_legs(JsonText& out, const core::Interaction& it, std::string_view viewer) {
  out.begin_array();
  for (const auto& leg : it.legs) {
    out.begin_object()
        .field("leg_id", leg.id)
        .field("party", core::name_of(leg.party))
        .field("state", core::name_of(leg.state));
    write_strings(out.key("controls"), core::leg_controls(it, leg, viewer));
    if (leg.party == core::LegParty::Agent) {
      out.field("agent_id", leg.agent_id).field("role", core::name_of(leg.role));
    } else {
      out.field("number", leg.number);
    }
    out.end_object();
  }
  out.end_array();
}

// The entry point's variables (secure ones without their value, VA2) and their versions.
void write_variables(JsonText& out, const core::Interaction& it, const core::EntryPoint* ep) {
  const auto value_of = [&](const core::VariableDef& def) {
    return std::find_if(it.variables.begin(), it.variables.end(),
                        [&](const core::VariableValue& x) { return x.name == def.name; });
  };
  out.key("variables").begin_array();
  if (ep != nullptr) {
    for (const auto& def : ep->variables) {
      out.begin_object()
          .field("name", def.name)
          .field("label", def.label)
          .field("editable", def.editable)
          .field("secure", def.secure);
      if (!def.secure) {
        const auto value = value_of(def);
        out.key("value");
        value == it.variables.end() ? out.null() : out.value(value->value);
      }
      out.end_object();
    }
  }
  out.end_array();
  out.key("versions").begin_object();
  if (ep != nullptr) {
    for (const auto& def : ep->variables) {
      const auto value = value_of(def);
      out.field(def.name, value == it.variables.end() ? std::uint64_t{0} : value->version);
    }
  }
  out.end_object();
}

// The members of the interaction as `viewer` sees it, inside an object the caller opened.
void write_interaction(JsonText& out, const core::Interaction& it, const ViewContext& context,
                       std::string_view viewer) {
  out.field("interaction_id", it.id)
      .field("channel", core::name_of(it.channel))
      .field("queue_id", it.queue_id)
      .field("entry_point_id", it.entry_point_id)
      .field("phase", core::name_of(core::phase_for(it, viewer)))
      .field("state", core::state_label(it, viewer))
      .field("my_role", core::name_of(core::role_of(it, viewer)));
  out.key("owner_agent_id");
  it.agent_id.empty() ? out.null() : out.value(it.agent_id);
  out.field("ani", it.ani).field("dnis", it.dnis);
  write_legs(out.key("legs"), it, viewer);
  out.key("recording")
      .begin_object()
      .field("state", context.recording && it.channel == core::Channel::Voice ? "active" : "off")
      .end_object();
  write_variables(out, it, context.entry_point);
  write_strings(out.key("controls"), core::controls_for(it, viewer));
  out.field("created_at", format_time(it.created_at));
  if (it.consult) {
    out.key("consult")
        .begin_object()
        .field("initiator_agent_id", it.consult->initiator_id)
        .field("leg_id", it.consult->leg_id)
        .field("target", core::name_of(it.consult->target))
        .field("accepted", !core::consult_pending(it))
        .field("conference", it.consult->conference)
        .end_object();
  }
  const auto* owed = viewer.empty() ? nullptr : core::owed_wrapup(it, viewer);
  if (owed != nullptr) {
    if (owed->deadline) out.field("wrapup_deadline", format_time(*owed->deadline));
  } else if (it.wrapup_deadline) {
    out.field("wrapup_deadline", format_time(*it.wrapup_deadline));
  }
  if (it.ended_at) out.field("ended_at", format_time(*it.ended_at));
  if (!it.end_reason.empty()) out.field("end_reason", it.end_reason);
}

}  // namespace

json interaction_view(const core::Interaction& it, const ViewContext& context,
                      std::string_view viewer) {
  JsonText out;
  out.begin_object();
  write_interaction(out, it, context, viewer);
  out.end_object();
  return json::parse(out.text());
}

std::string interaction_event(const core::Interaction& it, const ViewContext& context,
                              std::string_view viewer, std::string_view at) {
  JsonText out;
  out.begin_object().field("type", "interaction");
  write_interaction(out, it, context, viewer);
  out.field("at", at).end_object();
  return out.take();
}

json hello_interaction(const core::Interaction& it, const ViewContext& context,
                       std::string_view viewer) {
  auto item = interaction_view(it, context, viewer);
  item["type"] = "interaction";
  return item;
}

std::string interaction_ack(std::string_view re, const core::Interaction& it,
                            const ViewContext& context, std::string_view viewer) {
  JsonText out;
  out.begin_object().field("type", "ack").field("re", re).key("interaction").begin_object();
  write_interaction(out, it, context, viewer);
  out.end_object().end_object();
  return out.take();
}

std::string offer_connecting_event(const core::OfferConnecting& e, std::string_view at) {
  JsonText out;
  out.begin_object()
      .field("type", "offer_connecting")
      .field("interaction_id", e.interaction_id)
      .field("channel", core::name_of(e.channel))
      .field("at", at)
      .end_object();
  return out.take();
}

namespace {

void write_offer(JsonText& out, const core::OfferMade& e) {
  out.field("type", "offer")
      .field("offer_id", e.offer.id)
      .field("interaction_id", e.interaction_id)
      .field("channel", core::name_of(e.channel))
      .field("kind", name_of(e.offer.kind));
  out.key("variables").begin_array();
  for (const auto& v : e.variables) {
    out.begin_object()
        .field("name", v.name)
        .field("label", v.label)
        .field("value", v.value)
        .end_object();
  }
  out.end_array();
  out.key("queue").begin_object().field("id", e.queue_id).field("name", e.queue_name).end_object();
  out.field("ani", e.ani)
      .field("dnis", e.dnis)
      .field("offered_at", format_time(e.offer.offered_at))
      .field("expires_at", format_time(e.offer.expires_at));
}

}  // namespace

std::string offer_event(const core::OfferMade& e, std::string_view at) {
  JsonText out;
  out.begin_object();
  write_offer(out, e);
  out.field("at", at).end_object();
  return out.take();
}

json standing_offer(const core::OfferMade& e) {
  JsonText out;
  out.begin_object();
  write_offer(out, e);
  out.end_object();
  return json::parse(out.text());
}

std::string offer_stack_event(const std::vector<std::string>& offer_ids, std::string_view at) {
  JsonText out;
  out.begin_object().field("type", "offer_stack").key("items").begin_array();
  for (const auto& id : offer_ids) out.value(id);
  out.end_array().field("total", std::uint64_t{offer_ids.size()}).field("at", at).end_object();
  return out.take();
}

json offer_withdrawn_event(const core::OfferWithdrawn& e) {
  return {{"type", "offer_withdrawn"},
          {"offer_id", e.offer_id},
          {"interaction_id", e.interaction_id},
          {"reason", name_of(e.reason)}};
}

json wrapup_required_event(const core::WrapupRequired& e) {
  json out = {{"type", "wrapup_required"}, {"interaction_id", e.interaction_id}};
  out["deadline"] = e.deadline ? json(format_time(*e.deadline)) : json(nullptr);
  return out;
}

json interaction_ended_event(const core::InteractionEnded& e) {
  return {
      {"type", "interaction_ended"}, {"interaction_id", e.interaction_id}, {"reason", e.reason}};
}

}  // namespace ccr::proto
