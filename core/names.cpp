#include "core/names.hpp"

#include <array>
#include <utility>

namespace ccr::core {
namespace {

template <typename E, std::size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

constexpr NameTable<AgentState, 4> kStates{{{AgentState::LoggedOut, "LoggedOut"},
                                            {AgentState::Available, "Available"},
                                            {AgentState::Idle, "Idle"},
                                            {AgentState::Rona, "RONA"}}};

constexpr NameTable<StateReason, 6> kReasons{{{StateReason::Requested, "requested"},
                                              {StateReason::Rona, "rona"},
                                              {StateReason::Login, "login"},
                                              {StateReason::Logout, "logout"},
                                              {StateReason::Disconnected, "disconnected"},
                                              {StateReason::Supervisor, "supervisor"}}};

constexpr NameTable<Role, 6> kRoles{{{Role::ServerAdmin, "server_admin"},
                                     {Role::Admin, "admin"},
                                     {Role::Supervisor, "supervisor"},
                                     {Role::Agent, "agent"},
                                     {Role::Telephony, "telephony"},
                                     {Role::Web, "web"}}};

constexpr NameTable<Channel, 4> kChannels{{{Channel::Voice, "voice"},
                                           {Channel::Chat, "chat"},
                                           {Channel::Email, "email"},
                                           {Channel::Social, "social"}}};

constexpr NameTable<Phase, 5> kPhases{{{Phase::Queued, "Queued"},
                                       {Phase::Offered, "Offered"},
                                       {Phase::Active, "Active"},
                                       {Phase::WrapUp, "WrapUp"},
                                       {Phase::Ended, "Ended"}}};

constexpr NameTable<Reason, 23> kCodes{{{Reason::Unauthenticated, "unauthenticated"},
                                        {Reason::Forbidden, "forbidden"},
                                        {Reason::NotFound, "not_found"},
                                        {Reason::ValidationFailed, "validation_failed"},
                                        {Reason::InvalidState, "invalid_state"},
                                        {Reason::OfferPending, "offer_pending"},
                                        {Reason::OfferGone, "offer_gone"},
                                        {Reason::CustomerOnHold, "customer_on_hold"},
                                        {Reason::ConsultNotAccepted, "consult_not_accepted"},
                                        {Reason::NotConsultInitiator, "not_consult_initiator"},
                                        {Reason::TargetUnavailable, "target_unavailable"},
                                        {Reason::InvalidDialNumber, "invalid_dial_number"},
                                        {Reason::CapacityReached, "capacity_reached"},
                                        {Reason::CallCapReached, "call_cap_reached"},
                                        {Reason::QueueFull, "queue_full"},
                                        {Reason::Closed, "closed"},
                                        {Reason::RecordingLocked, "recording_locked"},
                                        {Reason::VersionConflict, "version_conflict"},
                                        {Reason::RateLimited, "rate_limited"},
                                        {Reason::TooLarge, "too_large"},
                                        {Reason::Internal, "internal"},
                                        {Reason::Conflict, "conflict"},
                                        {Reason::PreconditionFailed, "precondition_failed"}}};

constexpr NameTable<Strategy, 2> kStrategies{
    {{Strategy::LongestAvailable, "longest_available"}, {Strategy::Skills, "skills"}}};

constexpr NameTable<VariableType, 5> kVariableTypes{{{VariableType::String, "string"},
                                                     {VariableType::Integer, "integer"},
                                                     {VariableType::Boolean, "boolean"},
                                                     {VariableType::Datetime, "datetime"},
                                                     {VariableType::Decimal, "decimal"}}};

template <typename E, std::size_t N>
std::string_view lookup(const NameTable<E, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

template <typename E, std::size_t N>
std::optional<E> reverse(const NameTable<E, N>& table, std::string_view name) {
  for (const auto& [v, n] : table) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view name_of(AgentState s) { return lookup(kStates, s); }
std::string_view name_of(StateReason r) { return lookup(kReasons, r); }
std::string_view name_of(Role r) { return lookup(kRoles, r); }
std::string_view name_of(Channel c) { return lookup(kChannels, c); }
std::string_view name_of(Phase p) { return lookup(kPhases, p); }
std::string_view name_of(Reason r) { return lookup(kCodes, r); }

std::optional<AgentState> agent_state_named(std::string_view name) {
  return reverse(kStates, name);
}
std::optional<Role> role_named(std::string_view name) { return reverse(kRoles, name); }
std::optional<Channel> channel_named(std::string_view name) { return reverse(kChannels, name); }

std::string_view name_of(Strategy s) { return lookup(kStrategies, s); }
std::string_view name_of(VariableType t) { return lookup(kVariableTypes, t); }
std::optional<Strategy> strategy_named(std::string_view name) { return reverse(kStrategies, name); }
std::optional<VariableType> variable_type_named(std::string_view name) {
  return reverse(kVariableTypes, name);
}

}  // namespace ccr::core
