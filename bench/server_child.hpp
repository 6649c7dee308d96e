// Starts a server binary (ccrouter or the baseline: both take --listen and --db) as a child
// process with its output appended to a log file, and stops it with a signal. Main thread.
#pragma once

#include <sys/types.h>

#include <string>

namespace ccr::bench {

class ServerChild {
 public:
  ServerChild(std::string binary, std::string db_path, std::string log_path, unsigned short port,
              std::string admin_token);
  ~ServerChild();
  ServerChild(const ServerChild&) = delete;
  ServerChild& operator=(const ServerChild&) = delete;

  void start();
  // True once the process has exited on its own (it is then reaped).
  bool exited();
  // Sends `signal` and waits up to a minute for the process to exit, then kills it; returns its
  // wait status.
  int stop(int signal);
  pid_t pid() const { return pid_; }

 private:
  std::string binary_;
  std::string db_path_;
  std::string log_path_;
  unsigned short port_;
  std::string admin_token_;
  pid_t pid_ = 0;
};

}  // namespace ccr::bench
