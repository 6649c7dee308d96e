#include "http_pool.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <deque>
#include <stdexcept>
#include <vector>

namespace ccr::bench {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

constexpr auto kRequestTimeout = std::chrono::seconds(60);

struct Pending {
  http::request<http::string_body> request;
  HttpPool::Done done;
};

struct Connection {
  explicit Connection(boost::asio::io_context& io) : stream(io) {}
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  Pending pending;
  http::response<http::string_body> response;
  bool connected = false;
};

}  // namespace

struct HttpPool::Impl {
  Impl(boost::asio::io_context& io_context, unsigned short port, std::size_t connections)
      : io(io_context), endpoint(boost::asio::ip::make_address("127.0.0.1"), port) {
    for (std::size_t i = 0; i < connections; ++i) {
      all.push_back(std::make_unique<Connection>(io));
      idle.push_back(all.back().get());
    }
  }

  void dispatch() {
    while (!queue.empty() && !idle.empty()) {
      Connection* c = idle.back();
      idle.pop_back();
      c->pending = std::move(queue.front());
      queue.pop_front();
      ++busy;
      start(*c);
    }
  }

  void start(Connection& c) {
    c.stream.expires_after(kRequestTimeout);
    if (c.connected) {
      write(c);
      return;
    }
    c.stream.async_connect(endpoint, [this, &c](beast::error_code ec) {
      if (ec) return finish(c, {0, ec.message()}, false);
      c.stream.socket().set_option(tcp::no_delay(true));
      c.connected = true;
      write(c);
    });
  }

  void write(Connection& c) {
    http::async_write(c.stream, c.pending.request, [this, &c](beast::error_code ec, std::size_t) {
      if (ec) return finish(c, {0, ec.message()}, false);
      c.response = {};
      http::async_read(
          c.stream, c.buffer, c.response, [this, &c](beast::error_code read_ec, std::size_t) {
            if (read_ec) return finish(c, {0, read_ec.message()}, false);
            const bool keep = c.response.keep_alive();
            finish(c, {static_cast<int>(c.response.result_int()), std::move(c.response.body())},
                   keep);
          });
    });
  }

  void finish(Connection& c, HttpResponse response, bool keep) {
    if (!keep) {
      beast::error_code ignored;
      c.stream.socket().close(ignored);
      c.buffer.clear();
      c.connected = false;
    }
    auto done = std::move(c.pending.done);
    c.pending = {};
    --busy;
    idle.push_back(&c);
    done(std::move(response));
    dispatch();
  }

  boost::asio::io_context& io;
  tcp::endpoint endpoint;
  std::vector<std::unique_ptr<Connection>> all;
  std::vector<Connection*> idle;
  std::deque<Pending> queue;
  std::size_t busy = 0;
};

HttpPool::HttpPool(boost::asio::io_context& io, unsigned short port, std::size_t connections)
    : impl_(std::make_unique<Impl>(io, port, connections)) {}

HttpPool::~HttpPool() = default;

void HttpPool::request(const std::string& method, const std::string& target, std::string body,
                       const std::string& token, Done done) {
  Pending p;
  p.request.method(http::string_to_verb(method));
  p.request.target(target);
  p.request.version(11);
  p.request.set(http::field::host, "127.0.0.1");
  p.request.keep_alive(true);
  if (!token.empty()) p.request.set(http::field::authorization, "Bearer " + token);
  if (!body.empty()) p.request.set(http::field::content_type, "application/json");
  p.request.body() = std::move(body);
  p.request.prepare_payload();
  p.done = std::move(done);
  impl_->queue.push_back(std::move(p));
  impl_->dispatch();
}

std::size_t HttpPool::outstanding() const { return impl_->queue.size() + impl_->busy; }

HttpResponse call(boost::asio::io_context& io, HttpPool& pool, const std::string& method,
                  const std::string& target, std::string body, const std::string& token) {
  bool answered = false;
  HttpResponse result;
  pool.request(method, target, std::move(body), token, [&](HttpResponse r) {
    result = std::move(r);
    answered = true;
  });
  while (!answered && io.run_one() > 0) {
  }
  // The callback refers to this frame: it must have run (a BenchIo never runs out of work).
  if (!answered) throw std::logic_error("the io_context stopped with a request in flight");
  return result;
}

}  // namespace ccr::bench
