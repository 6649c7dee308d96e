// The router: contacts waiting in queues, offers to agents (OF1-OF11), answering and RONA
// (AN1-AN3), call control (HO1-HO2, CO1-CO13, TR1-TR5), ending and wrap-up (EN1-EN4), and the
// call caps (LI1). Event driven: a new
// contact, an agent becoming able to take work, or a timer triggers matching; nothing polls.
// Structures (see docs/routing.md): per queue an ordered set of waiting contacts keyed by
// (priority desc, enqueued_at, arrival); per (tenant, team, channel) an ordered set of ready
// agents keyed by (ready_since, seq). io thread only.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/agent_board.hpp"
#include "core/directory.hpp"
#include "core/effects.hpp"
#include "core/interaction.hpp"
#include "core/rejection.hpp"
#include "core/routing_config.hpp"

namespace ccr::core {

struct NewContact {
  std::string id;
  std::string tenant_id;
  std::string entry_point_id;
  Channel channel = Channel::Voice;
  std::string ani;
  std::string dnis;
  std::string external_id;
  std::vector<std::pair<std::string, std::string>> variables;
};

// Where a consult or transfer goes (CO1, TR1). `number` is already a valid dial number (DN1).
struct CallTarget {
  TargetKind kind = TargetKind::Agent;
  std::string id;      // agent, queue, entry point or directory entry
  std::string number;  // dial number
};

struct RouterOptions {
  std::int64_t server_call_cap = 10000;  // LI1: simultaneous calls on the whole server
};

// The outcome of one offer in accept_all (OF5).
struct AcceptOutcome {
  std::string offer_id;
  std::optional<Rejection> rejection;  // empty when accepted
};

class Router {
 public:
  Router(const Directory& directory, const RoutingConfig& config, AgentBoard& agents,
         RouterOptions options);

  // Rebuilds queues and work after a restart; ringing offers go back to their queues.
  void restore(std::vector<Interaction> interactions, Time now, Effects& fx);

  // The new interaction as it stands after matching (Queued, or already Offered); the pointer
  // is valid until the router's next change.
  Result<const Interaction*> add_contact(NewContact contact, Time now, Effects& fx);

  // Desktop commands.
  Result<Interaction> accept(const Principal& agent, const std::string& offer_id, Time now,
                             Effects& fx);
  std::vector<AcceptOutcome> accept_all(const Principal& agent, Time now, Effects& fx);
  Status decline(const Principal& agent, const std::string& offer_id, Time now, Effects& fx);
  Result<Interaction> end(const Principal& agent, const std::string& interaction_id, Time now,
                          Effects& fx);
  Result<Interaction> wrapup(const Principal& agent, const std::string& interaction_id,
                             const std::string& code_id, Time now, Effects& fx);

  // Call control on a connected call (see docs/call-control.md). `leg_id` empty means the
  // customer's leg.
  Result<Interaction> hold(const Principal& agent, const std::string& id, const std::string& leg_id,
                           Time now, Effects& fx);
  Result<Interaction> resume(const Principal& agent, const std::string& id,
                             const std::string& leg_id, Time now, Effects& fx);
  Result<Interaction> consult(const Principal& agent, const std::string& id,
                              const CallTarget& target, Time now, Effects& fx);
  Result<Interaction> consult_end(const Principal& agent, const std::string& id, Time now,
                                  Effects& fx);
  Result<Interaction> consult_exit(const Principal& agent, const std::string& id, Time now,
                                   Effects& fx);
  Result<Interaction> consult_transfer(const Principal& agent, const std::string& id, Time now,
                                       Effects& fx);
  Result<Interaction> conference(const Principal& agent, const std::string& id, Time now,
                                 Effects& fx);
  Result<Interaction> conference_exit(const Principal& agent, const std::string& id, Time now,
                                      Effects& fx);
  Result<Interaction> transfer(const Principal& agent, const std::string& id,
                               const CallTarget& target, Time now, Effects& fx);
  // A telephony command failed: the interaction goes back to a consistent state and the agent
  // who asked is told (command_failed).
  void telephony_failed(const TelephonyCommand& command, const std::string& message, Time now,
                        Effects& fx);

  // Telephony events about a contact. `dial_number` names the agent device the event is about
  // when the media side says; an answer or miss from another device than the one ringing is a
  // late leg (AN2): refused, and that leg is hung up.
  Result<Interaction> customer_hangup(const std::string& tenant_id, const std::string& id, Time now,
                                      Effects& fx);
  Result<Interaction> agent_answered(const std::string& tenant_id, const std::string& id,
                                     const std::string& dial_number, Time now, Effects& fx);
  Result<Interaction> agent_hangup(const std::string& tenant_id, const std::string& id,
                                   const std::string& dial_number, Time now, Effects& fx);
  // The outside party of a consult or conference (a dial number) hung up: its leg goes and the
  // call stays agent 1's; with no outside party on the call nothing changes.
  Result<Interaction> outside_hangup(const std::string& tenant_id, const std::string& id,
                                     const std::string& number, Time now, Effects& fx);
  // The agent did not answer, or their device failed: as a ring timeout (OF2, AN2).
  Result<Interaction> agent_missed(const std::string& tenant_id, const std::string& id,
                                   const std::string& dial_number, bool device_failed, Time now,
                                   Effects& fx);
  // AN3: the agent device with this dial number went idle or busy.
  Status device_state(const std::string& tenant_id, const std::string& dial_number, bool busy,
                      Time now, Effects& fx);

  // The agent's state, desktop or login changed: withdraws offers of a dropped desktop (AS7),
  // re-indexes the agent and offers work when they can take it.
  void agent_changed(const std::string& tenant_id, const std::string& agent_id, Time now,
                     Effects& fx);
  void timer_fired(const TimerKey& key, Time now, Effects& fx);

  const Interaction* interaction(const std::string& tenant_id, const std::string& id) const;
  // OF3, OF4: the agent's pending offers, top of the stack first.
  std::vector<const Interaction*> offers_for(const std::string& agent_id) const;
  // Active and wrapping-up interactions the agent owns.
  std::vector<const Interaction*> work_of(const std::string& agent_id) const;
  // The offer event of a pending offer, with its variables (OF6: in order, never secure, at
  // most 6, topped up to 3 with ANI, DNIS and the queue name).
  // A consult offer (OF7) carries the initiating agent's name, dial number and team first.
  OfferMade describe_offer(const Interaction& it, const std::string& agent_id) const;
  bool has_offers(const std::string& agent_id) const;
  // The phase of the agent's voice work (Active before WrapUp), if any: the desktop shows the
  // agent Engaged or WrapUp meanwhile (AS1).
  std::optional<Phase> voice_work(const std::string& agent_id) const;
  bool has_work(const std::string& agent_id) const;
  // CO1, TR1, TR2 (router_targets.cpp): true when a consult (`transfer` false) or a transfer
  // from `asking_agent` to `agent_id` would be accepted now, as consult and transfer check it.
  bool can_take_call_target(const std::string& tenant_id, const std::string& agent_id,
                            const std::string& asking_agent, bool transfer) const;
  std::size_t waiting(const std::string& tenant_id, const std::string& queue_id) const;
  // Contacts of the queue not yet ended, in any phase.
  std::size_t in_queue(const std::string& tenant_id, const std::string& queue_id) const;

 private:
  using WaitKey =
      std::tuple<int, Time, std::uint64_t, std::string>;          // -priority, enqueued, arrival
  using ReadyKey = std::tuple<Time, std::uint64_t, std::string>;  // since, seq, agent
  using Bucket = std::tuple<std::string, std::string, Channel>;   // tenant, team, channel
  using TenantQueue = std::tuple<std::string, std::string>;
  // The maps below are searched with tuples that refer to the ids (std::less<>) instead of
  // copies of them: an offer looks up about ten keys.
  using WaitingSets = std::map<TenantQueue, std::set<WaitKey, std::less<>>, std::less<>>;
  using ReadyIndex = std::map<Bucket, std::set<ReadyKey>, std::less<>>;

  // OF4: an offer pending for the agent, ordered as the stack shows it (channel rank, offered-at,
  // offer id), so the stack is re-sent on every change without looking its interactions up.
  struct StackEntry {
    std::tuple<int, Time, std::string> key;
    std::string interaction_id;
    bool operator<(const StackEntry& other) const { return key < other.key; }
  };

  struct AgentWork {
    std::string tenant_id;
    std::set<StackEntry> offers;  // the offers pending for the agent, in stack order
    std::set<std::string> work;   // interaction ids the agent owns (Active, WrapUp)
    std::array<int, 4> load{};    // per channel: offers + work
    bool device_busy = false;     // AN3
    Time since{};                 // longest-available order: last became free or was offered
    std::uint64_t seq = 0;
    // Where the agent sits in ready_. A bucket leaves ready_ only once empty, so these stay
    // valid until reindex erases them.
    std::vector<std::pair<ReadyIndex::iterator, std::set<ReadyKey>::iterator>> indexed;
  };

  // Queue bookkeeping.
  void enqueue(Interaction& it, Time now, Effects& fx);
  void dequeue(const Interaction& it);
  void arm_waiting_timers(Interaction& it, Time now, Effects& fx);
  void cancel_waiting_timers(Interaction& it, Effects& fx);

  // Matching.
  bool match_contact(Interaction& it, Time now, Effects& fx);
  void match_agent(const std::string& agent_id, Time now, Effects& fx);
  bool eligible(const Interaction& it, const Queue& q, const std::string& agent_id, Time now) const;
  bool ready_for(const std::string& agent_id, Channel channel) const;
  // Whether the agent's load leaves room for another contact on the channel (and, for voice,
  // the device is free); `w` is nullptr when the agent has no work.
  static bool has_room(const Agent& a, const AgentWork* w, Channel channel);
  void reindex(const std::string& agent_id);

  // Transitions.
  void offer(Interaction& it, const std::string& agent_id, OfferKind kind, Time now, Effects& fx);
  void withdraw(Interaction& it, WithdrawReason reason, Time now, Effects& fx);
  void take_offer(Interaction& it, Time now, Effects& fx);
  void to_wrapup(Interaction& it, const std::string& reason, Time now, Effects& fx);
  void finish(Interaction& it, const std::string& reason, Time now, Effects& fx);
  void ring_timeout(Interaction& it, Time now, Effects& fx);
  void notify_stack(const std::string& agent_id, Effects& fx);
  static StackEntry stack_entry(const Interaction& it, const Offer& offer);
  static void remove_offer(AgentWork& w, const std::string& interaction_id);
  void notify_presence(const std::string& agent_id, Effects& fx);
  void record(const Interaction& it, const std::string& what, Time now, Effects& fx);
  void record_for(const Interaction& it, const std::string& agent_id, const std::string& what,
                  Time now, Effects& fx,
                  std::vector<std::pair<std::string, std::string>> extra = {});

  // Call control (router_call_control.cpp, router_consult.cpp).
  Result<Interaction*> controlled(const Principal& agent, const std::string& id);
  void set_leg_state(Interaction& it, Leg& leg, LegState state, Effects& fx);
  void notify_call(const Interaction& it, Effects& fx);
  void add_work(Interaction& it, const std::string& agent_id);
  void drop_work(const Interaction& it, const std::string& agent_id);
  std::optional<Rejection> agent_target_problem(const std::string& tenant_id,
                                                const std::string& agent_id,
                                                const std::string& asking_agent,
                                                bool transfer) const;
  // CO9: a dial number that is one of the tenant's entry point numbers (EP-DN) names that entry
  // point; any other target is returned as given.
  CallTarget entry_point_for_number(const std::string& tenant_id, const CallTarget& target) const;
  // At restart: the phone of an agent leg that was ringing stops ringing.
  void hang_up_ringing(const Interaction& it, const Leg& leg, Effects& fx) const;
  // The media side could not join the customer to `leg_id` after a transfer (CO11, TR5).
  void bridge_failed(Interaction& it, const std::string& leg_id, Time now, Effects& fx);
  // The voice queue a consult or transfer to a queue or entry point goes to (CO1, CO10, TR1).
  Result<const Queue*> queue_target(const std::string& tenant_id, const CallTarget& target,
                                    bool transfer, Time now) const;
  void accept_consult(Interaction& it, Time now, Effects& fx);
  // Rings agent 2 with a consult offer (OF7) for the consult `it` holds.
  void offer_consult(Interaction& it, const std::string& consulted, Time now, Effects& fx);
  // A consult to a queue or entry point: offered to the queue's best ready agent other than the
  // initiator, as a contact would be; false when nobody can take it yet.
  bool match_consult(Interaction& it, Time now, Effects& fx);
  // The agent takes the consult waiting longest in one of their queues, if any.
  bool match_waiting_consult(const std::string& agent_id, Time now, Effects& fx);
  // A consult not accepted yet goes away (waiting or ringing).
  void withdraw_consult(Interaction& it, WithdrawReason reason, Time now, Effects& fx);
  void cancel_consult_offer(Interaction& it, WithdrawReason reason, Time now, Effects& fx);
  void consult_failed(Interaction& it, ConsultFailure reason, Time now, Effects& fx);
  void release_consulted(Interaction& it, const std::string& reason, Time now, Effects& fx);
  // The agent leaves a call that goes on and owes its wrap-up, timed by `queue_id`'s setting.
  void leave_with_wrapup(Interaction& it, const std::string& agent_id, const std::string& reason,
                         const std::string& queue_id, Time now, Effects& fx);
  void settle_owed(Interaction& it, const std::string& agent_id, const std::string& code_id,
                   const std::string& reason, Time now, Effects& fx);
  void hand_over(Interaction& it, Time now, Effects& fx);
  void transfer_unanswered(Interaction& it, Time now, Effects& fx);
  void count_outside_leg(const std::string& tenant_id, int delta);

  Result<Interaction*> pending_offer(const Principal& agent, const std::string& offer_id);
  Result<Interaction*> owned(const Principal& agent, const std::string& id, Phase phase);
  Interaction* find(const std::string& tenant_id, const std::string& id);
  AgentWork& work_for(const std::string& tenant_id, const std::string& agent_id);
  std::string dial_number_of(const Interaction& it) const;
  std::string device_of(const std::string& agent_id) const;
  // The offer pending for `agent_id` on the interaction: its routing offer or a consult offer.
  const Offer* offer_for(const Interaction& it, const std::string& agent_id) const;
  // True when `dial_number` is given and is not the device of the interaction's agent.
  bool other_device(const Interaction& it, const std::string& dial_number) const;
  // True when `dial_number` is the device of the consulted agent (CO5-CO7).
  bool consulted_device(const Interaction& it, const std::string& dial_number) const;
  std::optional<Rejection> check_caps(const std::string& tenant_id) const;

  const Directory& directory_;
  const RoutingConfig& config_;
  AgentBoard& agents_;
  RouterOptions options_;
  std::unordered_map<std::string, Interaction> interactions_;  // not yet ended
  WaitingSets waiting_;
  ReadyIndex ready_;
  // Consults to a queue waiting for an agent: per (tenant, queue), by (requested_at, interaction).
  std::map<TenantQueue, std::set<std::pair<Time, std::string>>, std::less<>> consults_waiting_;
  std::unordered_map<std::string, AgentWork> work_;      // by agent id
  std::unordered_map<std::string, std::int64_t> calls_;  // LI1: open voice contacts per tenant
  std::int64_t server_calls_ = 0;
  std::uint64_t arrivals_ = 0;
  std::uint64_t ready_seq_ = 0;
};

}  // namespace ccr::core
