// Routing configuration of a tenant: queues (distribution groups, strategy, timeouts, limits,
// overflow) and entry points (channel, dial numbers, variable definitions, business hours).
// Plain values; owned by core::RoutingConfig on the io thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/time.hpp"

namespace ccr::core {

enum class Strategy { LongestAvailable, Skills };

// The teams a queue offers to once a contact has waited `after_ms` (the first group: 0).
struct DistributionGroup {
  std::vector<std::string> team_ids;
  std::int64_t after_ms = 0;
};

// After `after_ms` in this queue, a waiting contact moves to `queue_id`, keeping its arrival time.
struct Overflow {
  std::string queue_id;
  std::int64_t after_ms = 0;
};

struct Queue {
  std::string id;
  std::string tenant_id;
  std::string name;
  Channel channel = Channel::Voice;
  std::vector<DistributionGroup> groups;
  Strategy strategy = Strategy::LongestAvailable;
  std::map<std::string, int> required_skills;  // Skills strategy: name -> minimum level
  std::int64_t rona_timeout_ms = 15000;        // OF2
  std::int64_t wrapup_timeout_ms = 60000;      // EN2: 0 = no automatic wrap-up
  std::string default_wrapup_code_id;          // EN2: submitted when the timeout passes (if
                                               // none, the interaction closes without a code)
  int priority = 5;                            // 1 (lowest) to 10 (highest)
  std::int64_t max_length = 1000;              // queue_full beyond this
  std::int64_t service_level_ms = 20000;       // reporting threshold
  std::optional<Overflow> overflow;
  bool consult_allowed = true;   // CO1: listed as a consult target
  bool transfer_allowed = true;  // TR1: listed as a transfer target
  Time created_at{};
  std::uint64_t version = 1;
};

enum class VariableType { String, Integer, Boolean, Datetime, Decimal };

// A call-associated variable (VA1).
struct VariableDef {
  std::string name;
  std::string label;
  VariableType type = VariableType::String;
  bool editable = false;
  bool secure = false;
  int order = 0;
  bool in_offer = true;
};

// Open hours in the entry point's local time (UTC + utc_offset_minutes): windows per weekday,
// 0 = Monday; minutes from midnight, end exclusive.
struct HoursWindow {
  int weekday = 0;
  int start_minute = 0;
  int end_minute = 24 * 60;
};

struct BusinessHours {
  int utc_offset_minutes = 0;
  std::vector<HoursWindow> windows;
};

struct EntryPoint {
  std::string id;
  std::string tenant_id;
  std::string name;
  Channel channel = Channel::Voice;
  std::string queue_id;
  std::vector<std::string> dial_numbers;  // normalised by DN1
  std::vector<VariableDef> variables;     // in display order
  std::optional<BusinessHours> hours;     // none: always open
  bool consult_allowed = true;            // CO1, CO9: listed as a consult target
  bool transfer_allowed = true;           // TR1: listed as a transfer target
  Time created_at{};
  std::uint64_t version = 1;
};

// OF6: the most variables an offer shows, and the fewest before ANI, DNIS and queue fill in.
inline constexpr std::size_t kMaxOfferVariables = 6;
inline constexpr std::size_t kMinOfferVariables = 3;

// True when the entry point is open at `now` (no hours configured: always).
bool is_open(const EntryPoint& entry_point, Time now);

}  // namespace ccr::core
