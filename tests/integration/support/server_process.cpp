#include "server_process.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <regex>
#include <stdexcept>

#include "clients.hpp"

#ifndef CCROUTER_BINARY
#error "CCROUTER_BINARY must name the built server"
#endif

namespace ccr::test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "ccrouter-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

ServerProcess::ServerProcess(Options options) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> args = {CCROUTER_BINARY, "--listen", "127.0.0.1:0", "--db",
                                   options.db_path};
  args.insert(args.end(), options.args.begin(), options.args.end());
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(fds[1], STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    close(fds[1]);
    setenv("CCROUTER_ADMIN_TOKEN", kAdminToken, 1);
    for (const auto& [k, v] : options.env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  reader_ = std::thread([this, fd = fds[0]] { read_output(fd); });
  try {
    await_ready();
  } catch (...) {
    // The child and the reader must not outlive a constructor that failed.
    kill_hard();
    reader_.join();
    throw;
  }
}

void ServerProcess::await_ready() {
  // The port, once its whole line has arrived: \S, not [^ ], keeps the match off the next line
  // ("...T00:52:29.505Z" once gave port 29), and the line's end off a port a read cut in two.
  static const std::regex kPort("listening on \\S*:([0-9]+)[^0-9\\n]*\\n");
  std::optional<unsigned short> port;
  {
    std::unique_lock lock(mu_);
    grew_.wait_for(lock, std::chrono::seconds(20), [&] {
      std::smatch m;
      if (std::regex_search(output_, m, kPort)) port = static_cast<unsigned short>(std::stoi(m[1]));
      return port || eof_;
    });
  }
  if (!port) throw std::runtime_error("the server did not start:\n" + output());
  port_ = *port;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (http(port_, "GET", "/readyz").status != 200) {
    if (std::chrono::steady_clock::now() > until) {
      throw std::runtime_error("the server never answered 200 to GET /readyz on port " +
                               std::to_string(port_) + ":\n" + output());
    }
    std::unique_lock lock(mu_);
    grew_.wait_for(lock, std::chrono::milliseconds(20));
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) kill_hard();
  if (reader_.joinable()) reader_.join();
}

void ServerProcess::read_output(int fd) {
  char buf[4096];
  for (;;) {
    const auto n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    std::lock_guard lock(mu_);
    output_.append(buf, static_cast<std::size_t>(n));
    grew_.notify_all();
  }
  close(fd);
  std::lock_guard lock(mu_);
  eof_ = true;
  grew_.notify_all();
}

std::string ServerProcess::output() const {
  std::lock_guard lock(mu_);
  return output_;
}

int ServerProcess::wait_exit(std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  {
    std::unique_lock lock(mu_);
    grew_.wait_until(lock, until, [&] { return eof_; });
  }
  int status = 0;
  for (;;) {
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) break;
    if (std::chrono::steady_clock::now() > until) return -1000;
    std::unique_lock lock(mu_);
    grew_.wait_for(lock, std::chrono::milliseconds(10));
  }
  pid_ = -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return -WTERMSIG(status);
}

int ServerProcess::terminate(std::chrono::milliseconds deadline) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  const int status = wait_exit(deadline);
  if (status == -1000) kill_hard();
  return status;
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    // It died before the test stopped it (a crash, a sanitizer report): show why in the test log.
    pid_ = -1;
    if (reader_.joinable()) reader_.join();
    std::fprintf(stderr, "ccrouter exited on its own (status %d); its output:\n%s\n", status,
                 output().c_str());
    return;
  }
  ::kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace ccr::test
