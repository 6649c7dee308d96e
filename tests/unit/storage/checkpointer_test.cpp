// The checkpointer copies the WAL into the database file on its own thread, and leaves the WAL
// to start over at the next commit even when its first pass could not copy every frame, once the
// WAL holds restart_frames frames.
#include "storage/checkpointer.hpp"

#include <catch2/catch.hpp>
#include <mutex>
#include <string>

#include "storage/database.hpp"
#include "temp_dir.hpp"

namespace ccr::storage {
namespace {

using testing::TempDir;

constexpr int kAlwaysRestart = 0;

// A connection in the writer's role: counts the WAL's frames after each commit and tells the
// checkpointer, as the writer does.
class CommittingConnection {
 public:
  explicit CommittingConnection(const std::string& path) : db_(path, OpenMode::ReadWrite) {
    sqlite3_wal_hook(db_.handle(), &CommittingConnection::on_wal, this);
    REQUIRE(db_.exec("CREATE TABLE rows (body TEXT NOT NULL)") == SQLITE_OK);
  }
  void attach(Checkpointer& checkpointer) { checkpointer_ = &checkpointer; }

  // One transaction of `rows` rows of 2 KB, holding the checkpointer's commit mutex (once
  // attached) like the writer.
  void commit(int rows) {
    std::unique_lock<std::mutex> held;
    if (checkpointer_) held = std::unique_lock(checkpointer_->commit_mutex());
    REQUIRE(db_.exec("BEGIN IMMEDIATE") == SQLITE_OK);
    for (int i = 0; i < rows; ++i) {
      REQUIRE(db_.exec("INSERT INTO rows (body) VALUES (printf('%.2000c', 'x'))") == SQLITE_OK);
    }
    REQUIRE(db_.exec("COMMIT") == SQLITE_OK);
  }
  int wal_frames() const { return frames_; }

 private:
  static int on_wal(void* self, sqlite3*, const char*, int frames) {
    auto* connection = static_cast<CommittingConnection*>(self);
    connection->frames_ = frames;
    if (connection->checkpointer_) connection->checkpointer_->note_wal_frames(frames);
    return SQLITE_OK;
  }

  Database db_;
  Checkpointer* checkpointer_ = nullptr;
  int frames_ = 0;
};

TEST_CASE(
    "Checkpointer: frames its first pass could not copy are copied in a last pass that holds "
    "commits, so the next commit starts the WAL over, once the WAL holds restart_frames, and below "
    "that they are left for a later request and the WAL goes on growing",
    "[storage][checkpointer]") {
  const bool restart = GENERATE(true, false);
  CAPTURE(restart);
  TempDir dir;
  CommittingConnection writer(dir.file());
  for (int i = 0; i < 10; ++i) writer.commit(4);
  // A report reader's snapshot of the first 10 commits: no checkpoint copies past it while it
  // lasts, as with commits that land while a pass is copying.
  Database reader(dir.file(), OpenMode::ReadOnly);
  REQUIRE(reader.exec("BEGIN; SELECT count(*) FROM rows") == SQLITE_OK);
  int passes = 0;
  int first_copied = 0;
  int reader_closed = SQLITE_ERROR;
  CheckpointPass last;
  int held_passes = 0;
  // Runs on the checkpointer thread: it only records, the test thread checks after wait_idle().
  Checkpointer checkpointer(dir.file(), "NORMAL", restart ? kAlwaysRestart : 1'000'000,
                            [&](const CheckpointPass& pass) {
                              if (++passes == 1) {
                                first_copied = pass.copied_frames;
                                reader_closed = reader.exec("COMMIT");
                              }
                              if (pass.kind == CheckpointKind::Held) ++held_passes;
                              last = pass;
                            });
  writer.attach(checkpointer);
  for (int i = 0; i < 10; ++i) writer.commit(4);
  const int frames = writer.wal_frames();

  checkpointer.request();
  checkpointer.wait_idle();

  CHECK(reader_closed == SQLITE_OK);
  CHECK(first_copied < frames);
  CHECK(last.wal_frames == frames);
  writer.commit(1);
  if (restart) {
    CHECK(passes >= 2);
    CHECK(held_passes == 1);
    CHECK(last.kind == CheckpointKind::Held);  // reported as holding commits (metrics)
    CHECK(last.copied_frames == frames);
    CHECK(writer.wal_frames() < 8);  // one small commit's frames, from the WAL's start
  } else {
    CHECK(passes == 1);
    CHECK(held_passes == 0);
    CHECK(last.kind == CheckpointKind::Background);
    CHECK(last.copied_frames < frames);
    CHECK(writer.wal_frames() > frames);  // appended: the WAL did not start over
  }
}

TEST_CASE("Checkpointer: with nothing committed during the copy one pass is enough",
          "[storage][checkpointer]") {
  TempDir dir;
  CommittingConnection writer(dir.file());
  int passes = 0;
  Checkpointer checkpointer(dir.file(), "NORMAL", kAlwaysRestart,
                            [&](const CheckpointPass&) { ++passes; });
  writer.attach(checkpointer);
  for (int i = 0; i < 10; ++i) writer.commit(4);

  checkpointer.request();
  checkpointer.wait_idle();

  CHECK(passes == 1);
  writer.commit(1);
  CHECK(writer.wal_frames() < 8);
}

}  // namespace
}  // namespace ccr::storage
