#include "proto/interaction_json.hpp"

#include <algorithm>

#include "core/call_legs.hpp"
#include "core/names.hpp"
#include "proto/json_text.hpp"
#include "proto/time_format.hpp"

namespace ccr::proto {

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

json strings(const std::vector<std::string_view>& items) {
  json out = json::array();
  for (auto item : items) out.push_back(item);
  return out;
}

json legs(const core::Interaction& it, std::string_view viewer) {
  json out = json::array();
  for (const auto& leg : it.legs) {
    json item = {{"leg_id", leg.id},
                 {"party", core::name_of(leg.party)},
                 {"state", core::name_of(leg.state)},
                 {"controls", strings(core::leg_controls(it, leg, viewer))}};
    if (leg.party == core::LegParty::Agent) {
      item["agent_id"] = leg.agent_id;
      item["role"] = core::name_of(leg.role);
    } else {
      item["number"] = leg.number;
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

json interaction_view(const core::Interaction& it, const core::EntryPoint* ep, bool recording,
                      std::string_view viewer) {
  json variables = json::array();
  json versions = json::object();
  if (ep != nullptr) {
    for (const auto& def : ep->variables) {
      json v = {{"name", def.name},
                {"label", def.label},
                {"editable", def.editable},
                {"secure", def.secure}};
      auto value = std::find_if(it.variables.begin(), it.variables.end(),
                                [&](const core::VariableValue& x) { return x.name == def.name; });
      if (!def.secure)
        v["value"] = value == it.variables.end() ? json(nullptr) : json(value->value);
      variables.push_back(std::move(v));
      versions[def.name] = value == it.variables.end() ? 0 : value->version;
    }
  }
  json out = {{"interaction_id", it.id},
              {"channel", core::name_of(it.channel)},
              {"queue_id", it.queue_id},
              {"entry_point_id", it.entry_point_id},
              {"phase", core::name_of(core::phase_for(it, viewer))},
              {"state", core::state_label(it, viewer)},
              {"my_role", core::name_of(core::role_of(it, viewer))},
              {"owner_agent_id", it.agent_id.empty() ? json(nullptr) : json(it.agent_id)},
              {"ani", it.ani},
              {"dnis", it.dnis},
              {"legs", legs(it, viewer)},
              {"recording",
               {{"state", recording && it.channel == core::Channel::Voice ? "active" : "off"}}},
              {"variables", std::move(variables)},
              {"versions", std::move(versions)},
              {"controls", strings(core::controls_for(it, viewer))},
              {"created_at", format_time(it.created_at)}};
  if (it.consult) {
    out["consult"] = {{"initiator_agent_id", it.consult->initiator_id},
                      {"leg_id", it.consult->leg_id},
                      {"target", core::name_of(it.consult->target)},
                      {"accepted", !core::consult_pending(it)},
                      {"conference", it.consult->conference}};
  }
  const auto* owed = viewer.empty() ? nullptr : core::owed_wrapup(it, viewer);
  if (owed != nullptr) {
    if (owed->deadline) out["wrapup_deadline"] = format_time(*owed->deadline);
  } else if (it.wrapup_deadline) {
    out["wrapup_deadline"] = format_time(*it.wrapup_deadline);
  }
  if (it.ended_at) out["ended_at"] = format_time(*it.ended_at);
  if (!it.end_reason.empty()) out["end_reason"] = it.end_reason;
  return out;
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

json interaction_event(const core::Interaction& it, const core::EntryPoint* ep, bool recording,
                       std::string_view viewer) {
  json out = interaction_view(it, ep, recording, viewer);
  out["type"] = "interaction";
  return out;
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
