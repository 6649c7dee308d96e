#include "storage/call_codec.hpp"

#include <nlohmann/json.hpp>

#include "core/call_legs.hpp"
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
json optional_ms(const std::optional<core::Time>& t) {
  return t ? json(core::ms_since_epoch(*t)) : json(nullptr);
}

std::optional<core::Time> optional_time(const json& v) {
  if (v.is_null()) return std::nullopt;
  return core::time_from_ms(v.get<std::int64_t>());
}

}  // namespace

std::string encode_call(const core::Interaction& it) {
  json legs = json::array();
  for (const auto& l : it.legs) {
    legs.push_back({{"id", l.id},
                    {"party", core::name_of(l.party)},
                    {"state", core::name_of(l.state)},
                    {"role", core::name_of(l.role)},
                    {"agent_id", l.agent_id},
                    {"number", l.number}});
  }
  json consult = nullptr;
  if (it.consult) {
    const auto& c = *it.consult;
    json offer = nullptr;
    if (c.offer) {
      offer = {{"id", c.offer->id},
               {"agent_id", c.offer->agent_id},
               {"kind", encode(c.offer->kind)},
               {"offered_at_ms", core::ms_since_epoch(c.offer->offered_at)},
               {"expires_at_ms", core::ms_since_epoch(c.offer->expires_at)}};
    }
    consult = {{"initiator_id", c.initiator_id},
               {"leg_id", c.leg_id},
               {"target", core::name_of(c.target)},
               {"target_id", c.target_id},
               {"offer", offer},
               {"conference", c.conference},
               {"queue_id", c.queue_id},
               {"requested_at_ms", core::ms_since_epoch(c.requested_at)},
               {"by_entry_point_number", c.by_entry_point_number}};
  }
  json owed = json::array();
  for (const auto& w : it.owed_wrapups) {
    owed.push_back(
        {{"agent_id", w.agent_id}, {"deadline_ms", optional_ms(w.deadline)}, {"reason", w.reason}});
  }
  const json value = {{"legs", legs},
                      {"legs_made", it.legs_made},
                      {"consult", consult},
                      {"owed_wrapups", owed},
                      {"transferred_by", it.transferred_by}};
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
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
