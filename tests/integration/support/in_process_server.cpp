#include "in_process_server.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <stdexcept>

#include "server_process.hpp"

namespace ccr::test {

void CommitValve::close() {
  std::lock_guard lock(mu_);
  closed_ = true;
}

void CommitValve::open() {
  std::lock_guard lock(mu_);
  closed_ = false;
  cv_.notify_all();
}

void CommitValve::pass() {
  std::unique_lock lock(mu_);
  ++parked_;
  cv_.notify_all();
  cv_.wait(lock, [&] { return !closed_; });
  --parked_;
}

bool CommitValve::wait_parked(std::chrono::milliseconds deadline) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, deadline, [&] { return parked_ > 0; });
}

server::Config InProcessServer::test_config(const std::string& db_path) {
  server::Config config;
  config.listen = {"127.0.0.1", 0};
  config.db = db_path;
  config.admin_token = ServerProcess::kAdminToken;
  config.log_level = spdlog::level::warn;
  return config;
}

InProcessServer::InProcessServer(server::Config config, server::Clock& clock,
                                 server::AppHooks hooks) {
  auto user_ready = hooks.on_ready;
  hooks.on_ready = [this, user_ready] {
    if (user_ready) user_ready();
    std::lock_guard lock(mu_);
    ready_ = true;
    ready_cv_.notify_all();
  };
  if (!hooks.on_fatal) {
    hooks.on_fatal = [](const std::string& what) {
      std::fprintf(stderr, "fatal in server under test: %s\n", what.c_str());
      std::abort();
    };
  }
  server_ = std::make_unique<server::Server>(std::move(config), clock, io_, std::move(hooks));
  port_ = server_->start();
  thread_ = std::thread([this] {
    auto guard = boost::asio::make_work_guard(io_);
    io_.run();
  });
  std::unique_lock lock(mu_);
  if (!ready_cv_.wait_for(lock, std::chrono::seconds(20), [&] { return ready_; })) {
    throw std::runtime_error("in-process server never became ready");
  }
}

InProcessServer::~InProcessServer() {
  std::promise<void> drained;
  boost::asio::post(io_, [&] { server_->drain([&] { drained.set_value(); }); });
  drained.get_future().wait_for(std::chrono::seconds(20));
  io_.stop();
  thread_.join();
  server_.reset();
}

void InProcessServer::on_io(const std::function<void(server::Server&)>& fn) {
  std::promise<void> done;
  boost::asio::post(io_, [&] {
    fn(*server_);
    done.set_value();
  });
  done.get_future().wait();
}

}  // namespace ccr::test
