#include "latency_recorder.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ccr::bench {
namespace {

double rank(const std::vector<double>& sorted, double fraction) {
  const auto n = static_cast<double>(sorted.size());
  const auto index = static_cast<std::size_t>(std::max(0.0, std::ceil(fraction * n) - 1));
  return sorted[std::min(index, sorted.size() - 1)];
}

}  // namespace

LatencySummary LatencyRecorder::summarise() {
  LatencySummary s;
  s.count = samples_.size();
  if (samples_.empty()) return s;
  std::sort(samples_.begin(), samples_.end());
  s.p50_ms = rank(samples_, 0.50) / 1000.0;
  s.p99_ms = rank(samples_, 0.99) / 1000.0;
  s.p999_ms = rank(samples_, 0.999) / 1000.0;
  s.max_ms = samples_.back() / 1000.0;
  s.mean_ms = std::accumulate(samples_.begin(), samples_.end(), 0.0) /
              static_cast<double>(samples_.size()) / 1000.0;
  return s;
}

}  // namespace ccr::bench
