// Small pieces the router's source files share. io thread only (pure helpers).
#pragma once

#include <cstddef>

#include "core/model.hpp"
#include "core/rejection.hpp"

namespace ccr::core {

// Index of a channel in per-channel arrays.
inline std::size_t channel_slot(Channel c) { return static_cast<std::size_t>(c); }

inline Rejection offer_gone() { return {Reason::OfferGone, "the offer is no longer pending"}; }

}  // namespace ccr::core
