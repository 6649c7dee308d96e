#include "server_child.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>
#include <vector>

namespace ccr::bench {

ServerChild::ServerChild(std::string binary, std::string db_path, std::string log_path,
                         unsigned short port, std::string admin_token)
    : binary_(std::move(binary)),
      db_path_(std::move(db_path)),
      log_path_(std::move(log_path)),
      port_(port),
      admin_token_(std::move(admin_token)) {}

ServerChild::~ServerChild() {
  if (pid_ > 0) stop(SIGKILL);
}

void ServerChild::start() {
  if (pid_ > 0) throw std::logic_error("the server is already running");
  const int log = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) throw std::runtime_error("cannot open " + log_path_);
  std::vector<std::string> args = {binary_, "--listen", "127.0.0.1:" + std::to_string(port_),
                                   "--db", db_path_};
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(log, STDOUT_FILENO);
    dup2(log, STDERR_FILENO);
    setenv("CCROUTER_ADMIN_TOKEN", admin_token_.c_str(), 1);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(log);
}

bool ServerChild::exited() {
  if (pid_ <= 0) return true;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return false;
  pid_ = 0;
  return true;
}

int ServerChild::stop(int signal) {
  if (pid_ <= 0) return 0;
  kill(pid_, signal);
  int status = 0;
  const auto limit = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > limit) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  pid_ = 0;
  return status;
}

}  // namespace ccr::bench
