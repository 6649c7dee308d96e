// Turns core's ArmTimer/CancelTimer effects into one Asio timer over a deadline set: the timer
// waits for the earliest deadline, then hands every due key to the callback. A deadline already
// past fires at once. The Asio timer is set again only when the earliest deadline moves earlier
// (arming a later deadline, the common case, costs no timer syscall); it waits for the time left
// to the microsecond (Clock::until), not in whole milliseconds. Deadlines are wall-clock
// times and the Asio timer is steady, so it never waits more than kMaxWait before looking at
// the clock again: a wall-clock step forward fires what it made due within that. io thread only
// (ManualClock jumps are posted onto it).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/effects.hpp"
#include "server/clock.hpp"

namespace ccr::server {

class TimerService {
 public:
  static constexpr core::Duration kMaxWait{1000};

  using Fired = std::function<void(const core::TimerKey&, core::Time now)>;

  TimerService(boost::asio::io_context& io, Clock& clock, Fired fired);

  void arm(const core::TimerKey& key, core::Time deadline);
  void cancel(const core::TimerKey& key);
  std::size_t size() const { return deadlines_.size(); }
  void stop();

 private:
  void reschedule();
  void fire_due();

  boost::asio::io_context& io_;
  Clock& clock_;
  Fired fired_;
  boost::asio::steady_timer timer_;
  struct KeyHash {
    std::size_t operator()(const core::TimerKey& key) const noexcept {
      return std::hash<std::string>{}(key.id) * 31 + static_cast<std::size_t>(key.kind);
    }
  };

  // By key, hashed: an offer arms a ring timer among thousands pending, and answering it cancels
  // that timer.
  std::unordered_map<core::TimerKey, core::Time, KeyHash> deadlines_;
  // The deadlines in order, ties by key. An entry points at its key in deadlines_ (a map's node
  // does not move) instead of holding a second copy.
  using Entry = std::pair<core::Time, const core::TimerKey*>;
  struct EntryOrder {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.first != b.first ? a.first < b.first : *a.second < *b.second;
    }
  };
  std::set<Entry, EntryOrder> queue_;
  std::optional<core::Time> scheduled_;  // what the Asio timer waits for, when it waits
  bool stopped_ = false;
};

}  // namespace ccr::server
