// Effects: what a core operation asks the outside world to do (persist, notify, arm or cancel a
// timer). Core appends them in order; the server carries them out in that order. io thread only.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/agent_session.hpp"
#include "core/records.hpp"
#include "core/time.hpp"

namespace ccr::core {

enum class TimerKind { DisconnectGrace };

struct TimerKey {
  TimerKind kind = TimerKind::DisconnectGrace;
  std::string id;
  auto operator<=>(const TimerKey&) const = default;
};

// The agent_state event (spec/protocol.md).
struct AgentStateChanged {
  AgentSession session;
};

using AgentEvent = std::variant<AgentStateChanged>;

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

using Effect = std::variant<Persist, NotifyAgent, ArmTimer, CancelTimer>;

// The ordered effects of one or more operations.
class Effects {
 public:
  void persist(Record r) { items_.emplace_back(Persist{std::move(r)}); }
  void notify(std::string agent_id, AgentEvent e) {
    items_.emplace_back(NotifyAgent{std::move(agent_id), std::move(e)});
  }
  void arm(TimerKey key, Time deadline) { items_.emplace_back(ArmTimer{std::move(key), deadline}); }
  void cancel(TimerKey key) { items_.emplace_back(CancelTimer{std::move(key)}); }

  const std::vector<Effect>& items() const { return items_; }
  std::vector<Effect> take() { return std::exchange(items_, {}); }
  bool empty() const { return items_.empty(); }

 private:
  std::vector<Effect> items_;
};

}  // namespace ccr::core
