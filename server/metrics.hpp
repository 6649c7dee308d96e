// Prometheus metrics: connections, commands by type and outcome, errors by code, HTTP requests,
// commit batch sizes and latency, the WAL's size and the checkpoints by kind. Rendered in the
// Prometheus text format for /metrics. io thread only (the writer's and the checkpointer's
// figures are posted onto it).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace ccr::storage {
struct CommitReport;
struct CheckpointPass;
}  // namespace ccr::storage

namespace ccr::server {

class Histogram {
 public:
  static constexpr std::array<double, 12> kSecondsBuckets{
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0};
  static constexpr std::array<double, 12> kCountBuckets{1,  2,   4,   8,   16,   32,
                                                        64, 128, 256, 512, 1024, 4096};

  explicit Histogram(const std::array<double, 12>& bounds) : bounds_(bounds) {}
  void observe(double value);
  // `label` (`kind="held"`) goes before `le` in every series; empty for none.
  void render(std::string& out, const std::string& name, const std::string& label = {}) const;

 private:
  std::array<double, 12> bounds_;
  std::array<std::uint64_t, 12> counts_{};
  std::uint64_t count_ = 0;
  double sum_ = 0;
};

class Metrics {
 public:
  void desktop_attached() { ++desktops_; }
  void desktop_detached() { --desktops_; }
  void command(const std::string& type, const std::string& outcome) {
    ++commands_[{type, outcome}];
  }
  void error(const std::string& code) { ++errors_[code]; }
  void http_request(int status) { ++http_[status]; }
  void commit(const storage::CommitReport& commit);
  void checkpoint(const storage::CheckpointPass& pass);
  void set_ready(bool ready) { ready_ = ready; }

  std::string render() const;

 private:
  std::int64_t desktops_ = 0;
  std::map<std::pair<std::string, std::string>, std::uint64_t> commands_;
  std::map<std::string, std::uint64_t> errors_;
  std::map<int, std::uint64_t> http_;
  Histogram batch_ops_{Histogram::kCountBuckets};
  Histogram commit_seconds_{Histogram::kSecondsBuckets};
  int wal_frames_ = 0;
  // background, held, catch_up (kind_index in metrics.cpp).
  std::array<Histogram, 3> checkpoint_seconds_{Histogram{Histogram::kSecondsBuckets},
                                               Histogram{Histogram::kSecondsBuckets},
                                               Histogram{Histogram::kSecondsBuckets}};
  bool ready_ = false;
};

}  // namespace ccr::server
