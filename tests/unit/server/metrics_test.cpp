// /metrics shows operators what storage costs the commits: the WAL's size after the last commit,
// and each kind of checkpoint with its duration (operations.md, "Metrics").
#include "server/metrics.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "storage/checkpointer.hpp"
#include "storage/writer.hpp"

using ccr::server::Metrics;
namespace storage = ccr::storage;

namespace {

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

storage::CheckpointPass pass(storage::CheckpointKind kind, int micros) {
  storage::CheckpointPass p;
  p.kind = kind;
  p.time = std::chrono::microseconds(micros);
  return p;
}

}  // namespace

TEST_CASE("Metrics show the WAL's size after the last commit and the commit's time", "[metrics]") {
  Metrics metrics;
  CHECK(has_line(metrics.render(), "ccrouter_wal_frames 0"));
  metrics.commit({7, 3, std::chrono::microseconds(400), 120});
  metrics.commit({9, 2, std::chrono::microseconds(300), 131});
  const auto text = metrics.render();
  CHECK(has_line(text, "ccrouter_wal_frames 131"));
  CHECK(has_line(text, "ccrouter_commit_seconds_bucket{le=\"0.00025\"} 0"));
  CHECK(has_line(text, "ccrouter_commit_seconds_bucket{le=\"0.0005\"} 2"));
  CHECK(has_line(text, "ccrouter_commit_batch_ops_sum 5"));
}

TEST_CASE("Metrics count checkpoints by kind with their durations", "[metrics]") {
  Metrics metrics;
  metrics.checkpoint(pass(storage::CheckpointKind::Held, 3000));
  metrics.checkpoint(pass(storage::CheckpointKind::CatchUp, 40000));
  metrics.checkpoint(pass(storage::CheckpointKind::CatchUp, 30000));
  const auto text = metrics.render();
  CHECK(count_of(text, "# TYPE ccrouter_checkpoint_seconds histogram\n") == 1);
  CHECK(has_line(text, "ccrouter_checkpoint_seconds_count{kind=\"background\"} 0"));
  CHECK(has_line(text, "ccrouter_checkpoint_seconds_count{kind=\"held\"} 1"));
  CHECK(has_line(text, "ccrouter_checkpoint_seconds_bucket{kind=\"held\",le=\"0.0025\"} 0"));
  CHECK(has_line(text, "ccrouter_checkpoint_seconds_bucket{kind=\"held\",le=\"0.005\"} 1"));
  CHECK(has_line(text, "ccrouter_checkpoint_seconds_count{kind=\"catch_up\"} 2"));
  CHECK(has_line(text, "ccrouter_checkpoint_seconds_bucket{kind=\"catch_up\",le=\"0.025\"} 0"));
  CHECK(has_line(text, "ccrouter_checkpoint_seconds_bucket{kind=\"catch_up\",le=\"0.05\"} 2"));
  CHECK(has_line(text, "ccrouter_checkpoint_seconds_bucket{kind=\"catch_up\",le=\"+Inf\"} 2"));
  CHECK(has_line(text, "ccrouter_checkpoint_seconds_sum{kind=\"catch_up\"} 0.07"));
}
