// The baseline server's network side: accepts TCP connections and serves HTTP/1.1 keep-alive
// (/readyz, /healthz, POST /v1/contacts answered once the store has committed) and WebSocket
// (every frame acked; each committed contact offered to one socket, round-robin; with a ring
// timeout, every offer is withdrawn with reason "rona" by a plain Asio timer when it expires, the
// floor for ccrouter's ring-timeout accuracy). The Beast sessions live in baseline_server.cpp. io
// thread only, including construction.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <vector>

namespace ccr::bench {

class BaselineStore;
class BaselineWsSession;

class BaselineServer {
 public:
  // `ring_timeout` zero: offers never expire.
  BaselineServer(boost::asio::io_context& io, BaselineStore& store,
                 std::chrono::milliseconds ring_timeout);

  // Binds, listens and starts accepting; throws when the address cannot be used.
  void listen(const boost::asio::ip::tcp::endpoint& endpoint);
  boost::asio::ip::tcp::endpoint local_endpoint() const;
  void stop();

  BaselineStore& store() { return store_; }
  boost::asio::io_context& io() { return io_; }
  std::chrono::milliseconds ring_timeout() const { return ring_timeout_; }
  void add_agent(const std::shared_ptr<BaselineWsSession>& agent);
  void remove_agent(const BaselineWsSession* agent);
  // The next open WebSocket in round-robin order, or null when none is connected.
  std::shared_ptr<BaselineWsSession> next_agent();

 private:
  void accept();

  boost::asio::io_context& io_;
  BaselineStore& store_;
  std::chrono::milliseconds ring_timeout_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::vector<std::weak_ptr<BaselineWsSession>> agents_;
  std::size_t next_ = 0;
};

}  // namespace ccr::bench
