// Small pieces the router's source files share. io thread only (pure helpers).
#pragma once

#include <cstddef>
#include <string>
#include <tuple>
#include <utility>

#include "core/call_legs.hpp"
#include "core/model.hpp"
#include "core/rejection.hpp"

namespace ccr::core {

// Index of a channel in per-channel arrays.
inline std::size_t channel_slot(Channel c) { return static_cast<std::size_t>(c); }

// InvalidState with the state the agent sees the call in.
inline Rejection wrong_state(const Interaction& it, const std::string& agent_id,
                             std::string message) {
  return {Reason::InvalidState, std::move(message), {}, std::string(state_label(it, agent_id))};
}

// Keys of the router's ordered maps by (tenant, queue) and (tenant, team, channel) that refer to
// the caller's ids instead of copying them (the maps compare with std::less<>).
inline std::tuple<const std::string&, const std::string&> key_view(const std::string& tenant_id,
                                                                   const std::string& id) {
  return {tenant_id, id};
}
inline std::tuple<const std::string&, const std::string&, Channel> key_view(
    const std::string& tenant_id, const std::string& team_id, Channel channel) {
  return {tenant_id, team_id, channel};
}

// The map's entry for `key` (a key_view), added empty when missing.
template <typename Map, typename Key>
typename Map::iterator find_or_add(Map& map, const Key& key) {
  auto at = map.lower_bound(key);
  if (at != map.end() && !map.key_comp()(key, at->first)) return at;
  return map.emplace_hint(at, typename Map::key_type(key), typename Map::mapped_type{});
}

inline Rejection offer_gone() { return {Reason::OfferGone, "the offer is no longer pending"}; }

}  // namespace ccr::core
