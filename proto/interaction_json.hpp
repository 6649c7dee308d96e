// The routing events of the desktop protocol (offer_connecting, offer, offer_stack,
// offer_withdrawn, interaction, wrapup_required, interaction_ended) and the interaction view
// that REST and `hello` share. Events are built without epoch/seq. The events sent with every
// offer and every change of an interaction are written as text (JsonText) with their `at`; the
// others are trees, stamped by the caller.
// Pure functions; any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/effects.hpp"
#include "core/interaction.hpp"
#include "core/routing_model.hpp"

namespace ccr::proto {

std::string_view name_of(core::OfferKind kind);
std::string_view name_of(core::WithdrawReason reason);

// What an interaction's view shows besides the interaction itself: its entry point's variable
// definitions (none when the entry point is gone) and whether its tenant records calls.
struct ViewContext {
  const core::EntryPoint* entry_point = nullptr;
  bool recording = false;
};

// The interaction as `viewer` (an agent id; empty: its owner) sees it: phase, state label, role,
// legs with their controls, recording, variables (secure ones listed without value, VA2),
// versions and the commands allowed now (`controls`), all derived from the legs.
nlohmann::json interaction_view(const core::Interaction& it, const ViewContext& context,
                                std::string_view viewer = {});

std::string offer_connecting_event(const core::OfferConnecting& e, std::string_view at);
std::string offer_event(const core::OfferMade& e, std::string_view at);
std::string offer_stack_event(const std::vector<std::string>& offer_ids, std::string_view at);
// The `offer` event without `at`, as `hello` lists the offers standing.
nlohmann::json standing_offer(const core::OfferMade& e);
nlohmann::json offer_withdrawn_event(const core::OfferWithdrawn& e);
std::string interaction_event(const core::Interaction& it, const ViewContext& context,
                              std::string_view viewer, std::string_view at);
// The `interaction` event without `at`, as `hello` lists the agent's interactions.
nlohmann::json hello_interaction(const core::Interaction& it, const ViewContext& context,
                                 std::string_view viewer);
// The ack of command `re` whose result is the interaction as `viewer` sees it (accept, end,
// wrapup, call control): {"type":"ack","re":...,"interaction":{...}}.
std::string interaction_ack(std::string_view re, const core::Interaction& it,
                            const ViewContext& context, std::string_view viewer);
nlohmann::json wrapup_required_event(const core::WrapupRequired& e);
nlohmann::json interaction_ended_event(const core::InteractionEnded& e);

}  // namespace ccr::proto
