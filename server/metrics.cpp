#include "server/metrics.hpp"

#include <cstdio>

#include "server/connection_counts.hpp"
#include "storage/checkpointer.hpp"
#include "storage/writer.hpp"

namespace ccr::server {
namespace {

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

void header(std::string& out, const char* name, const char* type, const char* help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

// Each checkpoint kind's histogram in Metrics::checkpoint_seconds_; a kind added to storage
// without a place here fails the build (-Wswitch, warnings are errors in CI).
std::size_t kind_index(storage::CheckpointKind kind) {
  switch (kind) {
    case storage::CheckpointKind::Background:
      return 0;
    case storage::CheckpointKind::Held:
      return 1;
    case storage::CheckpointKind::CatchUp:
      return 2;
  }
  return 0;
}
constexpr std::array<const char*, 3> kKindLabels{"background", "held", "catch_up"};

}  // namespace

void Histogram::observe(double value) {
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    if (value <= bounds_[i]) ++counts_[i];
  }
  ++count_;
  sum_ += value;
}

void Histogram::render(std::string& out, const std::string& name, const std::string& label) const {
  const std::string bucket = name + "_bucket{" + (label.empty() ? "" : label + ",") + "le=\"";
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    out += bucket + number(bounds_[i]) + "\"} " + std::to_string(counts_[i]) + "\n";
  }
  out += bucket + "+Inf\"} " + std::to_string(count_) + "\n";
  const std::string labels = label.empty() ? "" : "{" + label + "}";
  out += name + "_sum" + labels + " " + number(sum_) + "\n";
  out += name + "_count" + labels + " " + std::to_string(count_) + "\n";
}

void Metrics::commit(const storage::CommitReport& commit) {
  batch_ops_.observe(static_cast<double>(commit.ops));
  commit_seconds_.observe(static_cast<double>(commit.time.count()) / 1e6);
  wal_frames_ = commit.wal_frames;
}

void Metrics::checkpoint(const storage::CheckpointPass& pass) {
  checkpoint_seconds_[kind_index(pass.kind)].observe(static_cast<double>(pass.time.count()) / 1e6);
}

std::string Metrics::render() const {
  std::string out;
  header(out, "ccrouter_ready", "gauge", "1 when the server accepts traffic");
  out += std::string("ccrouter_ready ") + (ready_ ? "1" : "0") + "\n";
  header(out, "ccrouter_connections", "gauge", "Open connections by kind");
  out += "ccrouter_connections{kind=\"http\"} " + std::to_string(g_http_connections) + "\n";
  out += "ccrouter_connections{kind=\"websocket\"} " + std::to_string(g_ws_connections) + "\n";
  header(out, "ccrouter_desktops", "gauge", "Authenticated agent desktops");
  out += "ccrouter_desktops " + std::to_string(desktops_) + "\n";
  header(out, "ccrouter_commands_total", "counter", "Desktop commands by type and outcome");
  for (const auto& [key, n] : commands_) {
    out += "ccrouter_commands_total{type=\"" + key.first + "\",outcome=\"" + key.second + "\"} " +
           std::to_string(n) + "\n";
  }
  header(out, "ccrouter_errors_total", "counter", "Errors returned, by machine code");
  for (const auto& [code, n] : errors_) {
    out += "ccrouter_errors_total{code=\"" + code + "\"} " + std::to_string(n) + "\n";
  }
  header(out, "ccrouter_http_requests_total", "counter", "HTTP responses by status");
  for (const auto& [status, n] : http_) {
    out += "ccrouter_http_requests_total{status=\"" + std::to_string(status) + "\"} " +
           std::to_string(n) + "\n";
  }
  header(out, "ccrouter_commit_batch_ops", "histogram", "Operations per group commit");
  batch_ops_.render(out, "ccrouter_commit_batch_ops");
  header(out, "ccrouter_commit_seconds", "histogram", "Time to commit one batch");
  commit_seconds_.render(out, "ccrouter_commit_seconds");
  header(out, "ccrouter_wal_frames", "gauge",
         "Frames in the write-ahead log after the last commit");
  out += "ccrouter_wal_frames " + std::to_string(wal_frames_) + "\n";
  header(out, "ccrouter_checkpoint_seconds", "histogram",
         "WAL checkpoints by kind: background (beside the commits), held (commits wait for it), "
         "catch_up (commits stop for it)");
  for (std::size_t i = 0; i < kKindLabels.size(); ++i) {
    checkpoint_seconds_[i].render(out, "ccrouter_checkpoint_seconds",
                                  std::string("kind=\"") + kKindLabels[i] + "\"");
  }
  return out;
}

}  // namespace ccr::server
