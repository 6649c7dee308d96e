// "Acknowledged means durable": every output (reply, event, HTTP response) waits here until the
// writer has committed every change made before it, then is released in the order it was queued.
// io thread only.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>

namespace ccr::server {

class OutputGate {
 public:
  // Queues `release` to run once everything up to `needed_seq` is committed (at once when it is
  // and nothing older is still waiting).
  void submit(std::uint64_t needed_seq, std::function<void()> release);
  // The writer committed everything up to `seq`: releases what now may go, in order.
  void committed(std::uint64_t seq);

  std::uint64_t committed_seq() const { return committed_; }
  std::size_t waiting() const { return pending_.size(); }

 private:
  struct Pending {
    std::uint64_t needed_seq;
    std::function<void()> release;
  };
  void drain();

  std::uint64_t committed_ = 0;
  std::deque<Pending> pending_;
  bool draining_ = false;
};

}  // namespace ccr::server
