#include "server/listener.hpp"

#include <spdlog/spdlog.h>

#include "server/app.hpp"
#include "server/connection_counts.hpp"
#include "server/http_session.hpp"

namespace ccr::server {

Listener::Listener(boost::asio::io_context& io, App& app, RestApi& rest)
    : io_(io), app_(app), rest_(rest), acceptor_(io) {}

void Listener::open(const boost::asio::ip::tcp::endpoint& endpoint) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(boost::asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(boost::asio::socket_base::max_listen_connections);
}

unsigned short Listener::port() const { return acceptor_.local_endpoint().port(); }

void Listener::run() { accept(); }

void Listener::stop() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

void Listener::accept() {
  acceptor_.async_accept(io_, [self = shared_from_this()](boost::system::error_code ec,
                                                          boost::asio::ip::tcp::socket socket) {
    if (ec == boost::asio::error::operation_aborted) return;
    if (ec) {
      spdlog::warn("accept failed: {}", ec.message());
    } else if (open_connections() >= self->app_.config().limits.max_connections) {
      boost::system::error_code ignored;
      socket.close(ignored);
    } else {
      // Small frames (an event, then its ack) must not wait for Nagle's algorithm.
      boost::system::error_code ignored;
      socket.set_option(boost::asio::ip::tcp::no_delay(true), ignored);
      std::make_shared<HttpSession>(std::move(socket), self->app_, self->rest_)->run();
    }
    self->accept();
  });
}

}  // namespace ccr::server
