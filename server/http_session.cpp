#include "server/http_session.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/write.hpp>
#include <boost/beast/websocket.hpp>

#include "server/app.hpp"
#include "server/connection_counts.hpp"
#include "server/recycled.hpp"
#include "server/rest_api.hpp"
#include "server/token_crypto.hpp"
#include "server/ws_session.hpp"

namespace ccr::server {

namespace beast = boost::beast;
namespace http = beast::http;

namespace {

std::string header(const http::request<http::string_body>& req, http::field field) {
  auto it = req.find(field);
  return it == req.end() ? std::string{} : std::string(it->value());
}

}  // namespace

HttpSession::HttpSession(boost::asio::ip::tcp::socket socket, App& app, RestApi& rest)
    : stream_(std::move(socket)), app_(app), rest_(rest) {
  ++g_http_connections;
}

HttpSession::~HttpSession() { --g_http_connections; }

void HttpSession::run() { read(); }

void HttpSession::read() {
  const auto& limits = app_.config().limits;
  parser_.emplace();
  head_request_ = false;
  parser_->header_limit(static_cast<std::uint32_t>(limits.http_max_header_bytes));
  parser_->body_limit(limits.http_max_body_bytes);
  stream_.expires_after(app_.config().timeouts.http_request_ms);
  http::async_read(stream_, buffer_, *parser_,
                   recycled([self = shared_from_this()](beast::error_code ec, std::size_t) {
                     self->on_read(ec);
                   }));
}

void HttpSession::on_read(beast::error_code ec) {
  if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
      ec == boost::asio::error::connection_reset || ec == boost::asio::error::eof) {
    return shutdown();
  }
  if (ec == http::error::header_limit) {
    return fail_and_close(431, "too_large", "request headers are too large");
  }
  if (ec == http::error::body_limit) {
    return fail_and_close(413, "too_large", "request body is too large");
  }
  if (ec) return fail_and_close(400, "validation_failed", "malformed HTTP request");
  auto request = parser_->release();
  if (beast::websocket::is_upgrade(request)) return upgrade(std::move(request));
  serve(std::move(request));
}

void HttpSession::serve(Request request) {
  HttpRequest r;
  r.method = std::string(request.method_string());
  head_request_ = request.method() == http::verb::head;
  if (!parse_target(request.target(), r.path, r.query)) {
    return fail_and_close(400, "validation_failed", "malformed request target");
  }
  r.body = std::move(request.body());
  r.authorization = header(request, http::field::authorization);
  r.if_match = header(request, http::field::if_match);
  r.content_type = header(request, http::field::content_type);
  auto key = request.find("Idempotency-Key");
  if (key != request.end()) r.idempotency_key = std::string(key->value());
  const bool keep_alive = request.keep_alive() && !app_.draining();
  stream_.expires_never();  // the reply may wait for a commit
  rest_.handle(std::move(r), [self = shared_from_this(), keep_alive](HttpResponse response) {
    self->write(std::move(response), keep_alive);
  });
}

void HttpSession::upgrade(Request request) {
  std::string path;
  std::map<std::string, std::string> query;
  if (!parse_target(request.target(), path, query) || path != "/v1/agent") {
    return fail_and_close(404, "not_found", "WebSocket is served at /v1/agent");
  }
  if (!app_.ready()) {
    auto r = problem(503, "unavailable", "the server is not ready");
    r.headers.emplace_back("Retry-After", "1");
    return write(std::move(r), false);
  }
  std::optional<core::Principal> who;
  const auto authorization = header(request, http::field::authorization);
  if (!authorization.empty()) {
    who = app_.authenticate(bearer_token(authorization));
    if (!who) return write(unauthenticated_problem(), false);
    if (who->role != core::Role::Agent) {
      return fail_and_close(403, "forbidden", "the desktop API takes an agent token");
    }
  }
  stream_.expires_never();
  std::make_shared<WsSession>(stream_.release_socket(), app_)->accept(std::move(request), who);
}

void HttpSession::write(HttpResponse response, bool keep_alive) {
  app_.metrics().http_request(response.status);
  reply_ = response_text(response, keep_alive, head_request_);
  stream_.expires_after(app_.config().timeouts.http_request_ms);
  boost::asio::async_write(
      stream_, boost::asio::buffer(reply_),
      recycled([self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
        if (ec || !keep_alive) return self->shutdown();
        self->read();
      }));
}

void HttpSession::fail_and_close(int status, const char* code, const char* detail) {
  write(problem(status, code, detail), false);
}

void HttpSession::shutdown() {
  beast::error_code ignored;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
}

}  // namespace ccr::server
