#include "server/timer_service.hpp"

#include <boost/asio/post.hpp>

namespace ccr::server {

TimerService::TimerService(boost::asio::io_context& io, Clock& clock, Fired fired)
    : io_(io), clock_(clock), fired_(std::move(fired)), timer_(io) {
  clock_.on_jump([this] { boost::asio::post(io_, [this] { fire_due(); }); });
}

void TimerService::arm(const core::TimerKey& key, core::Time deadline) {
  cancel(key);
  deadlines_[key] = deadline;
  queue_.emplace(deadline, key);
  reschedule();
}

void TimerService::cancel(const core::TimerKey& key) {
  auto it = deadlines_.find(key);
  if (it == deadlines_.end()) return;
  queue_.erase({it->second, key});
  deadlines_.erase(it);
}

void TimerService::stop() {
  stopped_ = true;
  timer_.cancel();
}

void TimerService::reschedule() {
  if (stopped_ || queue_.empty()) return;
  const auto wait = queue_.begin()->first - clock_.now();
  timer_.expires_after(std::max(wait, core::Duration{0}));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // cancelled by a later reschedule or stop
    fire_due();
  });
}

void TimerService::fire_due() {
  if (stopped_) return;
  const auto now = clock_.now();
  while (!queue_.empty() && queue_.begin()->first <= now) {
    auto [deadline, key] = *queue_.begin();
    queue_.erase(queue_.begin());
    deadlines_.erase(key);
    fired_(key, now);
  }
  reschedule();
}

}  // namespace ccr::server
