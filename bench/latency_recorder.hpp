// Collects latency samples (microseconds) and summarises them as percentiles. One thread at a
// time (the load generator's io thread).
#pragma once

#include <cstddef>
#include <vector>

namespace ccr::bench {

struct LatencySummary {
  std::size_t count = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double p999_ms = 0;
  double max_ms = 0;
  double mean_ms = 0;
};

class LatencyRecorder {
 public:
  void add(double micros) { samples_.push_back(micros); }
  std::size_t count() const { return samples_.size(); }
  // Sorts the samples; nearest-rank percentiles.
  LatencySummary summarise();

 private:
  std::vector<double> samples_;
};

}  // namespace ccr::bench
