// Small pieces the router's source files share. io thread only (pure helpers).
#pragma once

#include <cstddef>
#include <string>
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

inline Rejection offer_gone() { return {Reason::OfferGone, "the offer is no longer pending"}; }

}  // namespace ccr::core
