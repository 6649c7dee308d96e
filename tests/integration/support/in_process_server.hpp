// The real server run inside the test process on its own io thread (port 0, temporary database),
// for tests that must hold the writer back or drive time with a ManualClock. Test thread only.
#pragma once

#include <boost/asio/io_context.hpp>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "server/app.hpp"
#include "server/clock.hpp"
#include "server/config.hpp"
#include "server/server.hpp"

namespace ccr::test {

// A gate the writer waits at before each COMMIT while it is closed.
class CommitValve {
 public:
  void close();
  void open();
  // Blocks the writer thread while closed; counts the commits that waited.
  void pass();
  // Waits until the writer is parked at the valve (a commit is pending).
  bool wait_parked(std::chrono::milliseconds deadline);

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool closed_ = false;
  int parked_ = 0;
};

class InProcessServer {
 public:
  InProcessServer(server::Config config, server::Clock& clock, server::AppHooks hooks = {});
  ~InProcessServer();

  unsigned short port() const { return port_; }
  // Runs `fn` on the io thread and waits for it.
  void on_io(const std::function<void(server::Server&)>& fn);

  static server::Config test_config(const std::string& db_path);

 private:
  boost::asio::io_context io_{1};
  std::unique_ptr<server::Server> server_;
  std::thread thread_;
  unsigned short port_ = 0;
  std::mutex mu_;
  std::condition_variable ready_cv_;
  bool ready_ = false;
};

}  // namespace ccr::test
