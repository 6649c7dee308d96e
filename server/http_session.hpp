// One HTTP connection: reads a request at a time (header and body limits, a per-request
// timeout), serves REST through RestApi, and hands WebSocket upgrades of /v1/agent to a
// WsSession after checking a bearer token when one is given. io thread only.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>
#include <string>

#include "server/http_types.hpp"

namespace ccr::server {

class App;
class RestApi;

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(boost::asio::ip::tcp::socket socket, App& app, RestApi& rest);
  ~HttpSession();
  void run();

 private:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;

  void read();
  void on_read(boost::beast::error_code ec);
  void serve(Request request);
  void upgrade(Request request);
  void write(HttpResponse response, bool keep_alive);
  void fail_and_close(int status, const char* code, const char* detail);
  void shutdown();

  boost::beast::tcp_stream stream_;
  App& app_;
  RestApi& rest_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  bool head_request_ = false;  // the request being answered is HEAD: its reply has no body
  std::string reply_;          // the reply being written (one at a time: the next read waits)
};

}  // namespace ccr::server
