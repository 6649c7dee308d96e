#include "server/output_gate.hpp"

#include <utility>

namespace ccr::server {

void OutputGate::submit(std::uint64_t needed_seq, std::function<void()> release) {
  pending_.push_back({needed_seq, std::move(release)});
  drain();
}

void OutputGate::committed(std::uint64_t seq) {
  if (seq > committed_) committed_ = seq;
  drain();
}

void OutputGate::drain() {
  if (draining_) return;  // a release that submits more output is drained by the outer loop
  draining_ = true;
  while (!pending_.empty() && pending_.front().needed_seq <= committed_) {
    auto release = std::move(pending_.front().release);
    pending_.pop_front();
    release();
  }
  draining_ = false;
}

}  // namespace ccr::server
