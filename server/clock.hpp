// The one clock the server reads time from. SystemClock in production; ManualClock lets an
// in-process test drive the whole server's time (timers re-check their deadlines on advance()).
// now() may be called from any thread; ManualClock::advance from the test thread.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <vector>

#include "core/time.hpp"

namespace ccr::server {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual core::Time now() const = 0;
  // How long until `deadline` (negative when past), as precisely as the clock knows: timers wait
  // this long, so a deadline is not missed by the part of a millisecond now() leaves out.
  virtual std::chrono::microseconds until(core::Time deadline) const { return deadline - now(); }
  // Called whenever time jumps (ManualClock only), so waiting timers look again.
  virtual void on_jump(std::function<void()> listener) = 0;
};

class SystemClock final : public Clock {
 public:
  core::Time now() const override {
    return std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now());
  }
  std::chrono::microseconds until(core::Time deadline) const override {
    return std::chrono::ceil<std::chrono::microseconds>(deadline -
                                                        std::chrono::system_clock::now());
  }
  void on_jump(std::function<void()> /*listener*/) override {}
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(core::Time start) : now_ms_(core::ms_since_epoch(start)) {}
  core::Time now() const override { return core::time_from_ms(now_ms_.load()); }
  void on_jump(std::function<void()> listener) override {
    std::lock_guard lock(mu_);
    listeners_.push_back(std::move(listener));
  }
  void advance(core::Duration d) {
    now_ms_ += d.count();
    std::vector<std::function<void()>> listeners;
    {
      std::lock_guard lock(mu_);
      listeners = listeners_;
    }
    for (auto& l : listeners) l();
  }

 private:
  std::atomic<std::int64_t> now_ms_;
  std::mutex mu_;
  std::vector<std::function<void()>> listeners_;
};

}  // namespace ccr::server
