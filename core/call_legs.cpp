#include "core/call_legs.hpp"

#include <algorithm>

namespace ccr::core {
namespace {

template <typename It, typename Pred>
auto* first_leg(It& it, Pred pred) {
  auto found = std::find_if(it.legs.begin(), it.legs.end(), pred);
  return found == it.legs.end() ? nullptr : &*found;
}

bool owner_view(const Interaction& it, std::string_view agent_id) {
  return agent_id.empty() || agent_id == it.agent_id;
}

}  // namespace

Leg* find_leg(Interaction& it, std::string_view leg_id) {
  return first_leg(it, [&](const Leg& l) { return l.id == leg_id; });
}
const Leg* find_leg(const Interaction& it, std::string_view leg_id) {
  return first_leg(it, [&](const Leg& l) { return l.id == leg_id; });
}
Leg* customer_leg(Interaction& it) {
  return first_leg(it, [](const Leg& l) { return l.party == LegParty::Customer; });
}
const Leg* customer_leg(const Interaction& it) {
  return first_leg(it, [](const Leg& l) { return l.party == LegParty::Customer; });
}
Leg* agent_leg(Interaction& it, std::string_view agent_id) {
  return first_leg(it, [&](const Leg& l) {
    return l.party == LegParty::Agent && l.agent_id == agent_id && l.state != LegState::Ended;
  });
}
const Leg* agent_leg(const Interaction& it, std::string_view agent_id) {
  return first_leg(it, [&](const Leg& l) {
    return l.party == LegParty::Agent && l.agent_id == agent_id && l.state != LegState::Ended;
  });
}
Leg* consulted_leg(Interaction& it) {
  return it.consult ? find_leg(it, it.consult->leg_id) : nullptr;
}
const Leg* consulted_leg(const Interaction& it) {
  return it.consult ? find_leg(it, it.consult->leg_id) : nullptr;
}

Leg& add_leg(Interaction& it, LegParty party, LegState state, LegRole role, std::string agent_id,
             std::string number) {
  Leg leg;
  leg.id = it.id + ".l" + std::to_string(++it.legs_made);
  leg.party = party;
  leg.state = state;
  leg.role = role;
  leg.agent_id = std::move(agent_id);
  leg.number = std::move(number);
  it.legs.push_back(std::move(leg));
  return it.legs.back();
}

void drop_leg(Interaction& it, std::string_view leg_id) {
  std::erase_if(it.legs, [&](const Leg& l) { return l.id == leg_id; });
}

bool consult_pending(const Interaction& it) {
  return it.consult && (it.consult->offer || it.consult->leg_id.empty());
}

const OwedWrapup* owed_wrapup(const Interaction& it, std::string_view agent_id) {
  auto found = std::find_if(it.owed_wrapups.begin(), it.owed_wrapups.end(),
                            [&](const OwedWrapup& w) { return w.agent_id == agent_id; });
  return found == it.owed_wrapups.end() ? nullptr : &*found;
}

Phase phase_for(const Interaction& it, std::string_view agent_id) {
  if (agent_id.empty()) return it.phase;
  if (owed_wrapup(it, agent_id) != nullptr) return Phase::WrapUp;
  const bool on_call = agent_id == it.agent_id || agent_leg(it, agent_id) != nullptr;
  return on_call ? it.phase : Phase::Ended;  // left the call (CO7, CO13) or wrapped up
}

LegRole role_of(const Interaction& it, std::string_view agent_id) {
  if (owner_view(it, agent_id)) {
    return it.consult && it.consult->conference ? LegRole::Conference : LegRole::Owner;
  }
  const Leg* leg = agent_leg(it, agent_id);
  return leg == nullptr ? LegRole::Owner : leg->role;
}

std::string_view state_label(const Interaction& it, std::string_view agent_id) {
  switch (phase_for(it, agent_id)) {
    case Phase::Queued:
      return "Queued";
    case Phase::Offered:
      return it.channel == Channel::Voice ? "Ringing" : "Offered";
    case Phase::WrapUp:
      return "WrapUp";
    case Phase::Ended:
      return "Ended";
    case Phase::Active:
      break;
  }
  if (it.consult) {
    if (it.consult->conference) return "Conference";
    if (!owner_view(it, agent_id)) {
      const Leg* mine = agent_leg(it, agent_id);
      return mine != nullptr && mine->state == LegState::OnHold ? "ConsultOnHold" : "Consulting";
    }
    if (consult_pending(it)) return "ConsultRequested";
    const Leg* consulted = consulted_leg(it);
    return consulted != nullptr && consulted->state == LegState::OnHold ? "ConsultOnHold"
                                                                        : "Consulting";
  }
  const Leg* customer = customer_leg(it);
  return customer != nullptr && customer->state == LegState::OnHold ? "OnHold" : "Connected";
}

std::vector<std::string_view> controls_for(const Interaction& it, std::string_view agent_id) {
  const std::string_view owner =
      it.phase == Phase::Offered && it.offer ? std::string_view(it.offer->agent_id) : it.agent_id;
  const std::string_view viewer = agent_id.empty() ? owner : agent_id;
  switch (phase_for(it, viewer)) {
    case Phase::Offered:
      if (!it.offer || it.offer->agent_id != viewer) return {};
      if (it.channel == Channel::Voice) return {"accept", "decline"};
      return {"accept", "accept_all", "decline"};
    case Phase::WrapUp:
      return {"wrapup"};
    case Phase::Queued:
    case Phase::Ended:
      return {};
    case Phase::Active:
      break;
  }
  if (it.consult && it.consult->offer && it.consult->offer->agent_id == viewer) {
    return {"accept", "decline"};
  }
  if (!owner_view(it, viewer)) {
    if (agent_leg(it, viewer) == nullptr) return {};
    if (it.consult && it.consult->conference) return {"conference_exit"};
    return {"consult_exit"};
  }
  if (it.channel != Channel::Voice) return {"end"};
  if (!it.consult) {
    const Leg* customer = customer_leg(it);
    if (customer != nullptr && customer->state == LegState::OnHold) {
      return {"resume", "consult", "transfer"};
    }
    return {"hold", "consult", "transfer", "end"};
  }
  if (it.consult->conference) return {"conference_exit"};
  if (consult_pending(it)) return {"resume", "consult_end"};
  return {"hold", "resume", "consult_transfer", "conference", "consult_end"};
}

std::vector<std::string_view> leg_controls(const Interaction& it, const Leg& leg,
                                           std::string_view agent_id) {
  if (it.phase != Phase::Active || it.channel != Channel::Voice) return {};
  if (!owner_view(it, agent_id) || phase_for(it, agent_id) != Phase::Active) return {};
  if (it.consult && it.consult->conference) return {};
  const bool customer = leg.party == LegParty::Customer;
  const bool consulted = it.consult && leg.id == it.consult->leg_id;
  if (!customer && !consulted) return {};
  if (consulted && consult_pending(it)) return {};
  if (leg.state == LegState::OnHold) return {"resume"};
  if (leg.state == LegState::Connected) return {"hold"};
  return {};
}

std::string_view name_of(LegParty p) {
  switch (p) {
    case LegParty::Customer:
      return "customer";
    case LegParty::Agent:
      return "agent";
    case LegParty::External:
      return "external";
  }
  return "customer";
}

std::string_view name_of(LegState s) {
  switch (s) {
    case LegState::Ringing:
      return "Ringing";
    case LegState::Connected:
      return "Connected";
    case LegState::OnHold:
      return "OnHold";
    case LegState::Ended:
      return "Ended";
  }
  return "Ended";
}

std::string_view name_of(LegRole r) {
  switch (r) {
    case LegRole::Owner:
      return "owner";
    case LegRole::Consulted:
      return "consulted";
    case LegRole::Conference:
      return "conference";
  }
  return "owner";
}

std::string_view name_of(TargetKind k) {
  switch (k) {
    case TargetKind::Agent:
      return "agent";
    case TargetKind::Queue:
      return "queue";
    case TargetKind::EntryPoint:
      return "entry_point";
    case TargetKind::DialNumber:
      return "dial_number";
    case TargetKind::Directory:
      return "directory";
  }
  return "agent";
}

std::string_view name_of(TelephonyAction a) {
  switch (a) {
    case TelephonyAction::RingAgent:
      return "ring_agent";
    case TelephonyAction::ConnectAgent:
      return "connect_agent";
    case TelephonyAction::HangupAgentLeg:
      return "hangup_agent_leg";
    case TelephonyAction::HangupCustomer:
      return "hangup_customer";
    case TelephonyAction::HoldLeg:
      return "hold_leg";
    case TelephonyAction::ResumeLeg:
      return "resume_leg";
    case TelephonyAction::DialOut:
      return "dial_out";
    case TelephonyAction::HangupLeg:
      return "hangup_leg";
    case TelephonyAction::Bridge:
      return "bridge";
    case TelephonyAction::Conference:
      return "conference";
  }
  return "ring_agent";
}

std::string_view name_of(ConsultFailure f) {
  switch (f) {
    case ConsultFailure::Rona:
      return "rona";
    case ConsultFailure::Declined:
      return "declined";
    case ConsultFailure::NotFound:
      return "not_found";
    case ConsultFailure::Invalid:
      return "invalid";
    case ConsultFailure::DeviceFailure:
      return "device_failure";
    case ConsultFailure::Interrupted:
      return "interrupted";
  }
  return "device_failure";
}

}  // namespace ccr::core
