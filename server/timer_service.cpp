#include "server/timer_service.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>

namespace ccr::server {

TimerService::TimerService(boost::asio::io_context& io, Clock& clock, Fired fired)
    : io_(io), clock_(clock), fired_(std::move(fired)), timer_(io) {
  clock_.on_jump([this] { boost::asio::post(io_, [this] { fire_due(); }); });
}

void TimerService::arm(const core::TimerKey& key, core::Time deadline) {
  auto [it, added] = deadlines_.try_emplace(key, deadline);
  if (!added) {  // armed again: the earlier deadline leaves the queue
    queue_.erase({it->second, &it->first});
    it->second = deadline;
  }
  queue_.emplace(deadline, &it->first);
  if (!scheduled_ || deadline < *scheduled_) reschedule();
}

void TimerService::cancel(const core::TimerKey& key) {
  auto it = deadlines_.find(key);
  if (it == deadlines_.end()) return;
  queue_.erase({it->second, &it->first});
  deadlines_.erase(it);
}

void TimerService::stop() {
  stopped_ = true;
  timer_.cancel();
}

// A cancelled key's deadline may still be the one waited for: the wait then ends with nothing
// due and sets the timer for the next deadline.
void TimerService::reschedule() {
  if (stopped_ || queue_.empty()) return;
  scheduled_ = queue_.begin()->first;
  const auto wait = std::clamp(clock_.until(*scheduled_), std::chrono::microseconds{0},
                               std::chrono::microseconds{kMaxWait});
  timer_.expires_after(wait);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // cancelled by a later reschedule or stop
    scheduled_.reset();
    fire_due();
  });
}

void TimerService::fire_due() {
  if (stopped_) return;
  const auto now = clock_.now();
  while (!queue_.empty() && queue_.begin()->first <= now) {
    auto due = deadlines_.extract(*queue_.begin()->second);
    queue_.erase(queue_.begin());
    fired_(due.key(), now);
  }
  reschedule();
}

}  // namespace ccr::server
