#include "storage/call_codec.hpp"

#include <nlohmann/json.hpp>

#include "core/call_legs.hpp"
#include "core/json_text.hpp"
#include "storage/codec.hpp"
#include "storage/database.hpp"

namespace ccr::storage::codec {
namespace {

using nlohmann::json;

template <typename Enum, std::size_t N>
Enum named(const std::array<Enum, N>& all, const std::string& text, const char* what) {
  for (Enum e : all) {
    if (core::name_of(e) == text) return e;
  }
  throw StorageError(std::string("storage: unknown ") + what + " '" + text + "' in call");
}

constexpr std::array kParties = {core::LegParty::Customer, core::LegParty::Agent,
                                 core::LegParty::External};
constexpr std::array kLegStates = {core::LegState::Ringing, core::LegState::Connected,
                                   core::LegState::OnHold, core::LegState::Ended};
constexpr std::array kRoles = {core::LegRole::Owner, core::LegRole::Consulted,
                               core::LegRole::Conference};
constexpr std::array kTargets = {core::TargetKind::Agent, core::TargetKind::Queue,
                                 core::TargetKind::EntryPoint, core::TargetKind::DialNumber,
                                 core::TargetKind::Directory};
std::optional<core::Time> optional_time(const json& v) {
  if (v.is_null()) return std::nullopt;
  return core::time_from_ms(v.get<std::int64_t>());
}

}  // namespace

std::string encode_call(const core::Interaction& it) {
  core::JsonText out;
  out.begin_object().key("legs").begin_array();
  for (const auto& l : it.legs) {
    out.begin_object()
        .field("id", l.id)
        .field("party", core::name_of(l.party))
        .field("state", core::name_of(l.state))
        .field("role", core::name_of(l.role))
        .field("agent_id", l.agent_id)
        .field("number", l.number)
        .end_object();
  }
  out.end_array().field("legs_made", it.legs_made).key("consult");
  if (it.consult) {
    const auto& c = *it.consult;
    out.begin_object().key("offer");
    if (c.offer) {
      out.begin_object()
          .field("id", c.offer->id)
          .field("agent_id", c.offer->agent_id)
          .field("kind", encode(c.offer->kind))
          .field("offered_at_ms", core::ms_since_epoch(c.offer->offered_at))
          .field("expires_at_ms", core::ms_since_epoch(c.offer->expires_at))
          .end_object();
    } else {
      out.null();
    }
    out.field("initiator_id", c.initiator_id)
        .field("leg_id", c.leg_id)
        .field("target", core::name_of(c.target))
        .field("target_id", c.target_id)
        .field("conference", c.conference)
        .field("queue_id", c.queue_id)
        .field("requested_at_ms", core::ms_since_epoch(c.requested_at))
        .field("by_entry_point_number", c.by_entry_point_number)
        .end_object();
  } else {
    out.null();
  }
  out.key("owed_wrapups").begin_array();
  for (const auto& w : it.owed_wrapups) {
    out.begin_object().field("agent_id", w.agent_id).key("deadline_ms");
    w.deadline ? out.value(core::ms_since_epoch(*w.deadline)) : out.null();
    out.field("reason", w.reason).end_object();
  }
  out.end_array().field("transferred_by", it.transferred_by).end_object();
  return out.take();
}

void decode_call(const std::string& text, core::Interaction& it) {
  try {
    const json value = json::parse(text);
    if (!value.is_object()) throw StorageError("storage: call is not an object: " + text);
    if (value.empty()) return;  // a row written before calls were kept
    it.legs.clear();
    for (const auto& l : value.at("legs")) {
      core::Leg leg;
      leg.id = l.at("id").get<std::string>();
      leg.party = named(kParties, l.at("party").get<std::string>(), "party");
      leg.state = named(kLegStates, l.at("state").get<std::string>(), "leg state");
      leg.role = named(kRoles, l.at("role").get<std::string>(), "role");
      leg.agent_id = l.at("agent_id").get<std::string>();
      leg.number = l.at("number").get<std::string>();
      it.legs.push_back(std::move(leg));
    }
    it.legs_made = value.at("legs_made").get<std::uint32_t>();
    it.consult.reset();
    if (const auto& c = value.at("consult"); !c.is_null()) {
      core::Consult consult;
      consult.initiator_id = c.at("initiator_id").get<std::string>();
      consult.leg_id = c.at("leg_id").get<std::string>();
      consult.target = named(kTargets, c.at("target").get<std::string>(), "target");
      consult.target_id = c.at("target_id").get<std::string>();
      consult.conference = c.at("conference").get<bool>();
      consult.queue_id = c.at("queue_id").get<std::string>();
      consult.requested_at = core::time_from_ms(c.at("requested_at_ms").get<std::int64_t>());
      // Absent from calls written before CO9's EP-DN consults were kept.
      consult.by_entry_point_number = c.value("by_entry_point_number", false);
      if (const auto& o = c.at("offer"); !o.is_null()) {
        core::Offer offer;
        offer.id = o.at("id").get<std::string>();
        offer.agent_id = o.at("agent_id").get<std::string>();
        offer.kind = decode_offer_kind(o.at("kind").get<std::string>());
        offer.offered_at = core::time_from_ms(o.at("offered_at_ms").get<std::int64_t>());
        offer.expires_at = core::time_from_ms(o.at("expires_at_ms").get<std::int64_t>());
        consult.offer = offer;
      }
      it.consult = std::move(consult);
    }
    it.owed_wrapups.clear();
    for (const auto& w : value.at("owed_wrapups")) {
      it.owed_wrapups.push_back({w.at("agent_id").get<std::string>(),
                                 optional_time(w.at("deadline_ms")),
                                 w.at("reason").get<std::string>()});
    }
    it.transferred_by = value.at("transferred_by").get<std::string>();
  } catch (const json::exception& e) {
    throw StorageError(std::string("storage: bad call column: ") + e.what());
  }
}

}  // namespace ccr::storage::codec
