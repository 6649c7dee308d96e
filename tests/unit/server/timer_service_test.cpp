// TimerService: one Asio timer over every deadline (ring timeouts OF2, wrap-up EN2, disconnect
// grace AS7). Driven by a manual clock; io_context::poll runs what is ready, so nothing sleeps
// except the last case, which waits (with a deadline) for the timer's own wake-up.
#include "server/timer_service.hpp"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "server/clock.hpp"

namespace ccr::server {
namespace {

using namespace std::chrono_literals;

core::TimerKey ring(const std::string& id) { return {core::TimerKind::RingTimeout, id}; }

// A wall clock that can be stepped without telling anyone, like the system clock.
class SteppedClock final : public Clock {
 public:
  core::Time now() const override { return now_; }
  void on_jump(std::function<void()> /*listener*/) override {}
  void step(core::Duration d) { now_ += d; }

 private:
  core::Time now_ = core::time_from_ms(1'000'000);
};

TEST_CASE(
    "OF2: ring timeouts fire in deadline order, whatever order they were armed in, and a "
    "cancelled one never fires") {
  boost::asio::io_context io;
  ManualClock clock(core::time_from_ms(1'000'000));
  std::vector<std::string> fired;
  TimerService timers(io, clock,
                      [&](const core::TimerKey& key, core::Time) { fired.push_back(key.id); });
  timers.arm(ring("late"), clock.now() + 10s);
  timers.arm(ring("early"), clock.now() + 5s);  // earlier than the deadline waited for
  timers.arm(ring("cancelled"), clock.now() + 2s);
  timers.cancel(ring("cancelled"));  // the deadline waited for goes away

  clock.advance(3s);
  io.poll();
  CHECK(fired.empty());
  clock.advance(3s);
  io.poll();
  CHECK(fired == std::vector<std::string>{"early"});
  timers.arm(ring("re-armed"), clock.now() + 1s);  // earlier than "late", armed in between
  clock.advance(5s);
  io.poll();
  CHECK(fired == std::vector<std::string>{"early", "re-armed", "late"});
  CHECK(timers.size() == 0);
}

TEST_CASE(
    "OF2, EN2: arming a key again moves its one deadline, equal deadlines fire in key order, and "
    "a firing timer may arm itself again and cancel another") {
  boost::asio::io_context io;
  ManualClock clock(core::time_from_ms(1'000'000));
  std::vector<std::string> fired;
  TimerService* self = nullptr;
  TimerService timers(io, clock, [&](const core::TimerKey& key, core::Time now) {
    fired.push_back(key.id);
    if (key.id == "again" && fired.size() == 3) {  // its first firing
      self->arm(key, now + 1s);
      self->cancel(ring("victim"));
    }
  });
  self = &timers;
  timers.arm(ring("moved"), clock.now() + 1s);
  timers.arm(ring("moved"), clock.now() + 4s);  // later: the first deadline is gone
  timers.arm(ring("b"), clock.now() + 2s);
  timers.arm(ring("a"), clock.now() + 2s);
  timers.arm(ring("again"), clock.now() + 3s);
  timers.arm(ring("victim"), clock.now() + 5s);
  CHECK(timers.size() == 5);

  clock.advance(1s);
  io.poll();
  CHECK(fired.empty());
  clock.advance(1s);
  io.poll();
  CHECK(fired == std::vector<std::string>{"a", "b"});
  clock.advance(1s);
  io.poll();
  CHECK(fired == std::vector<std::string>{"a", "b", "again"});
  clock.advance(10s);
  io.poll();
  CHECK(fired == std::vector<std::string>{"a", "b", "again", "again", "moved"});
  CHECK(timers.size() == 0);
}

TEST_CASE("OF2: a ring timeout made due by a wall-clock step forward fires without another arm") {
  boost::asio::io_context io;
  SteppedClock clock;
  std::vector<std::string> fired;
  TimerService timers(io, clock,
                      [&](const core::TimerKey& key, core::Time) { fired.push_back(key.id); });
  timers.arm(ring("in an hour"), clock.now() + 1h);
  clock.step(2h);  // nothing is told: the timer must look at the clock again on its own
  const auto until = std::chrono::steady_clock::now() + 10 * TimerService::kMaxWait;
  while (fired.empty() && std::chrono::steady_clock::now() < until) io.run_one_for(100ms);
  CHECK(fired == std::vector<std::string>{"in an hour"});
}

TEST_CASE(
    "OF2: the system clock tells a timer the time left to its deadline to the microsecond, not "
    "rounded up to the millisecond now() has") {
  SystemClock clock;
  // now() drops the part of the current millisecond already gone, so a deadline one millisecond
  // after it is nearly always less than a millisecond away (a whole one only within the first
  // microsecond of a millisecond: one of many tries is enough).
  auto least = 1000us;
  for (int i = 0; i < 100; ++i) least = std::min(least, clock.until(clock.now() + 1ms));
  CHECK(least < 999us);
  CHECK(clock.until(clock.now() - 5ms) <= -5000us);
}

}  // namespace
}  // namespace ccr::server
