#include "server/server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "server/listener.hpp"

namespace ccr::server {

Server::Server(Config config, Clock& clock, boost::asio::io_context& io, AppHooks hooks)
    : io_(io), app_(std::move(config), clock, io, std::move(hooks)), rest_(app_) {}

Server::~Server() {
  if (listener_) listener_->stop();
}

unsigned short Server::start() {
  const auto& listen = app_.config().listen;
  boost::asio::ip::tcp::resolver resolver(io_);
  const auto results = resolver.resolve(listen.host, std::to_string(listen.port));
  listener_ = std::make_shared<Listener>(io_, app_, rest_);
  listener_->open(results.begin()->endpoint());
  listener_->run();
  const auto port = listener_->port();
  app_.set_public_address(listen.host == "0.0.0.0" || listen.host == "::"
                              ? "127.0.0.1:" + std::to_string(port)
                              : to_string(ListenAddress{listen.host, port}));
  spdlog::info("listening on {}:{}", listen.host, port);
  app_.start();
  return port;
}

void Server::drain(std::function<void()> done) {
  app_.drain([this, done = std::move(done)] {
    if (listener_) listener_->stop();
    done();
  });
}

}  // namespace ccr::server
