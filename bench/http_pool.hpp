// A pool of keep-alive HTTP/1.1 connections to one local server. Each connection carries one
// request at a time; requests wait in a FIFO for a free connection, so `connections` bounds the
// requests in flight. A failed connection answers its request with status 0 and reconnects for
// the next one. Used for setup and as the contact source. Load generator io thread only.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace ccr::bench {

struct HttpResponse {
  int status = 0;  // 0: no answer (connection failed or closed)
  std::string body;
};

class HttpPool {
 public:
  using Done = std::function<void(HttpResponse)>;

  HttpPool(boost::asio::io_context& io, unsigned short port, std::size_t connections);
  ~HttpPool();
  HttpPool(const HttpPool&) = delete;
  HttpPool& operator=(const HttpPool&) = delete;

  // `token` empty: no Authorization header.
  void request(const std::string& method, const std::string& target, std::string body,
               const std::string& token, Done done);
  // Requests queued or in flight.
  std::size_t outstanding() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Sends one request through `pool` and runs `io` until it is answered (other work on `io`, such
// as agents' frames, goes on meanwhile).
HttpResponse call(boost::asio::io_context& io, HttpPool& pool, const std::string& method,
                  const std::string& target, std::string body, const std::string& token);

}  // namespace ccr::bench
