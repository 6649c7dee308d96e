// Effects: what a core operation asks the outside world to do (persist, notify, arm or cancel a
// timer). Core appends them in order; the server carries them out in that order. io thread only.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/agent_session.hpp"
#include "core/interaction.hpp"
#include "core/records.hpp"
#include "core/rejection.hpp"
#include "core/time.hpp"

namespace ccr::core {

enum class TimerKind {
  DisconnectGrace,  // AS7: id = agent
  RingTimeout,      // OF2: id = interaction
  WrapupTimeout,    // EN2: id = interaction
  GroupWiden,       // the next distribution group opens: id = interaction
  Overflow,         // the queue's overflow wait passed: id = interaction
  DeclineCooldown,  // OF11: a decliner may be offered the contact again: id = interaction
  ConsultRing,      // CO5: the consulted agent's ring timeout: id = interaction
  OwedWrapup,       // EN2 for an agent who left a call that goes on: id = "<interaction>|<agent>"
};

struct TimerKey {
  TimerKind kind = TimerKind::DisconnectGrace;
  std::string id;
  auto operator<=>(const TimerKey&) const = default;
};

// The agent_state event (spec/protocol.md).
struct AgentStateChanged {
  AgentSession session;
};

// OF1: a contact is being assigned to the agent.
struct OfferConnecting {
  std::string interaction_id;
  Channel channel = Channel::Voice;
};

struct OfferVariable {
  std::string name;
  std::string label;
  std::string value;
};

// OF1, OF6: the contact request with its variables (never secure ones).
struct OfferMade {
  Offer offer;
  std::string interaction_id;
  Channel channel = Channel::Voice;
  std::vector<OfferVariable> variables;
  std::string queue_id;
  std::string queue_name;
  std::string ani;
  std::string dnis;
};

// OF3, OF4: the agent's pending offers in display order.
struct OfferStackChanged {
  std::vector<std::string> offer_ids;
};

enum class WithdrawReason { Rona, CustomerLeft, Cancelled, Taken, Disconnected };

struct OfferWithdrawn {
  std::string offer_id;
  std::string interaction_id;
  WithdrawReason reason = WithdrawReason::Cancelled;
};

// The interaction as its agent sees it (a snapshot held by pointer, as in InteractionPut).
struct InteractionChanged {
  explicit InteractionChanged(const Interaction& it)
      : snapshot(std::make_shared<const Interaction>(it)) {}
  const Interaction& interaction() const { return *snapshot; }
  std::shared_ptr<const Interaction> snapshot;
};

struct WrapupRequired {
  std::string interaction_id;
  std::optional<Time> deadline;
};

struct InteractionEnded {
  std::string interaction_id;
  std::string reason;
};

enum class ConsultFailure { Rona, Declined, NotFound, Invalid, DeviceFailure, Interrupted };

// CO5, CO6: the consult the agent started did not reach the consulted party.
struct ConsultFailed {
  std::string interaction_id;
  ConsultFailure reason = ConsultFailure::Declined;
};

// A telephony command failed; the interaction was rolled back (spec/protocol.md).
struct CommandFailed {
  std::string request_id;  // the desktop command that asked for it, when one did
  std::string command;
  std::string interaction_id;
  Reason code = Reason::Internal;
  std::string message;
};

using AgentEvent = std::variant<AgentStateChanged, OfferConnecting, OfferMade, OfferStackChanged,
                                OfferWithdrawn, InteractionChanged, WrapupRequired,
                                InteractionEnded, ConsultFailed, CommandFailed>;

// What the server asks the media side to do (carried out by the configured telephony). Agent
// devices are named by dial number; other legs by leg id.
enum class TelephonyAction {
  RingAgent,       // ring the agent's device for the leg
  ConnectAgent,    // the agent answered from the desktop: connect their device
  HangupAgentLeg,  // drop the agent device's leg
  HangupCustomer,  // the call is over for the customer
  HoldLeg,         // HO1, HO2
  ResumeLeg,
  DialOut,     // an outside leg to `number` (consult or transfer to a dial number)
  HangupLeg,   // drop an outside leg
  Bridge,      // the customer and the leg talk; the agent who handed over is dropped (CO11, TR5)
  Conference,  // everybody on the call hears everybody (CO11)
};

struct TelephonyCommand {
  TelephonyAction action = TelephonyAction::RingAgent;
  std::string tenant_id;
  std::string interaction_id;
  std::string agent_id;
  std::string dial_number;  // the agent's device
  std::string leg_id;
  std::string number;  // DialOut: the outside number
  // Set by the server for commands a desktop asked for, so that a failure names the request
  // and reaches the agent who sent it.
  std::string request_id;
  std::string command;
  std::string requested_by;
};

inline TelephonyCommand command_for(TelephonyAction action, std::string tenant_id,
                                    std::string interaction_id, std::string agent_id = {},
                                    std::string dial_number = {}, std::string leg_id = {},
                                    std::string number = {}) {
  TelephonyCommand c;
  c.action = action;
  c.tenant_id = std::move(tenant_id);
  c.interaction_id = std::move(interaction_id);
  c.agent_id = std::move(agent_id);
  c.dial_number = std::move(dial_number);
  c.leg_id = std::move(leg_id);
  c.number = std::move(number);
  return c;
}

struct Persist {
  Record record;
};
struct NotifyAgent {
  std::string agent_id;
  AgentEvent event;
};
struct ArmTimer {
  TimerKey key;
  Time deadline{};
};
struct CancelTimer {
  TimerKey key;
};

struct Telephony {
  TelephonyCommand command;
};

using Effect = std::variant<Persist, NotifyAgent, ArmTimer, CancelTimer, Telephony>;

// The ordered effects of one or more operations.
class Effects {
 public:
  void persist(Record r) { add(Persist{std::move(r)}); }
  // Persists the interaction's state. The records of one list of effects are written in one
  // transaction, where only an interaction's last state stays: a put of it among the last
  // kCoalesceWindow effects takes the new state instead of a second put (a contact created and
  // offered in one request is copied once, not twice). The window keeps a list of many puts
  // (a restart requeues thousands) linear; the writer drops any put a batch repeats anyway.
  void put_interaction(const Interaction& it) {
    const auto window = std::min(items_.size(), kCoalesceWindow);
    for (auto e = items_.rbegin(); e != items_.rbegin() + static_cast<std::ptrdiff_t>(window);
         ++e) {
      auto* persist = std::get_if<Persist>(&*e);
      auto* put = persist != nullptr ? std::get_if<InteractionPut>(&persist->record) : nullptr;
      if (put != nullptr && put->interaction().id == it.id &&
          put->interaction().tenant_id == it.tenant_id) {
        put->update(it);
        return;
      }
    }
    add(Persist{InteractionPut{it}});
  }
  void notify(std::string agent_id, AgentEvent e) {
    add(NotifyAgent{std::move(agent_id), std::move(e)});
  }
  void arm(TimerKey key, Time deadline) { add(ArmTimer{std::move(key), deadline}); }
  void cancel(TimerKey key) { add(CancelTimer{std::move(key)}); }
  void telephony(TelephonyCommand c) { add(Telephony{std::move(c)}); }
  // Names the desktop request behind the telephony commands queued so far for its interaction
  // (command_failed); commands about other interactions (matching) are not the request's.
  void tag_telephony(const std::string& request_id, const std::string& command,
                     const std::string& agent_id, const std::string& interaction_id) {
    for (auto& e : items_) {
      auto* t = std::get_if<Telephony>(&e);
      if (t == nullptr || t->command.interaction_id != interaction_id) continue;
      t->command.request_id = request_id;
      t->command.command = command;
      t->command.requested_by = agent_id;
    }
  }

  static constexpr std::size_t kCoalesceWindow = 16;

  const std::vector<Effect>& items() const { return items_; }
  std::vector<Effect> take() { return std::exchange(items_, {}); }
  bool empty() const { return items_.empty(); }

 private:
  // The first effect reserves room for a request's usual count (a contact created and offered
  // makes about ten), so the list does not grow four times.
  static constexpr std::size_t kFirstReserve = 16;
  template <typename E>
  void add(E&& e) {
    if (items_.capacity() == 0) items_.reserve(kFirstReserve);
    items_.emplace_back(std::forward<E>(e));
  }

  std::vector<Effect> items_;
};

}  // namespace ccr::core
