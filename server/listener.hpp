// Accepts TCP connections on the configured address and hands each to an HttpSession, up to
// the connection limit. io thread only.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>

namespace ccr::server {

class App;
class RestApi;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(boost::asio::io_context& io, App& app, RestApi& rest);
  // Binds and listens; throws at start-up when the address cannot be used.
  void open(const boost::asio::ip::tcp::endpoint& endpoint);
  void run();
  void stop();
  unsigned short port() const;

 private:
  void accept();

  boost::asio::io_context& io_;
  App& app_;
  RestApi& rest_;
  boost::asio::ip::tcp::acceptor acceptor_;
};

}  // namespace ccr::server
