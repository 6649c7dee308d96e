// Starts the real `ccrouter` binary on 127.0.0.1:0 with a database in a temporary directory,
// learns the bound port from its log, waits until /readyz answers 200, and can stop it with
// SIGTERM or SIGKILL. Test thread only.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ccr::test {

// A directory removed with everything in it when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

class ServerProcess {
 public:
  static constexpr const char* kAdminToken = "integration-admin-token-0123456789";

  struct Options {
    std::string db_path;
    std::vector<std::string> args;
    std::map<std::string, std::string> env;
  };

  explicit ServerProcess(Options options);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  unsigned short port() const { return port_; }
  // Sends SIGTERM and waits; the process's exit status (or -signal), or -1000 on timeout.
  int terminate(std::chrono::milliseconds deadline = std::chrono::seconds(20));
  void kill_hard();
  std::string output() const;

 private:
  void await_ready();
  void read_output(int fd);
  int wait_exit(std::chrono::milliseconds deadline);

  pid_t pid_ = -1;
  unsigned short port_ = 0;
  std::thread reader_;
  mutable std::mutex mu_;
  std::condition_variable grew_;
  std::string output_;
  bool eof_ = false;
};

}  // namespace ccr::test
