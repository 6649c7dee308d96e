#include "server/ws_session.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "core/json_text.hpp"
#include "server/app.hpp"
#include "server/connection_counts.hpp"
#include "server/recycled.hpp"
#include "server/token_crypto.hpp"

namespace ccr::server {

namespace beast = boost::beast;
namespace websocket = beast::websocket;

WsSession::WsSession(boost::asio::ip::tcp::socket socket, App& app)
    : ws_(std::move(socket)),
      app_(app),
      desktop_(app, generate_id("ds")),
      auth_deadline_(ws_.get_executor()) {
  ++g_ws_connections;
}

WsSession::~WsSession() { --g_ws_connections; }

void WsSession::accept(beast::http::request<beast::http::string_body> request,
                       std::optional<core::Principal> who) {
  const auto& config = app_.config();
  websocket::stream_base::timeout timeout{};
  timeout.handshake_timeout = config.timeouts.ws_auth_ms;
  timeout.idle_timeout = config.timeouts.ws_idle_ms;
  timeout.keep_alive_pings = true;
  ws_.set_option(timeout);
  ws_.read_message_max(config.limits.ws_max_frame_bytes);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(beast::http::field::server, "ccrouter"); }));
  ws_.async_accept(request, [self = shared_from_this(), who](beast::error_code ec) {
    self->on_accept(ec, who);
  });
}

void WsSession::on_accept(beast::error_code ec, std::optional<core::Principal> who) {
  if (ec) return;
  desktop_.open(shared_from_this(), who);
  if (!who) {
    auth_deadline_.expires_after(app_.config().timeouts.ws_auth_ms);
    auth_deadline_.async_wait([weak = weak_from_this()](beast::error_code wait_ec) {
      auto self = weak.lock();
      if (wait_ec || !self || self->desktop_.authenticated()) return;
      self->send_frame(nlohmann::json({{"type", "error"},
                                       {"re", ""},
                                       {"code", "unauthenticated"},
                                       {"message", "no authenticate frame in time"}})
                           .dump());
      self->close(websocket::close_code::policy_error, "authentication timeout");
    });
  }
  read();
}

void WsSession::read() {
  ws_.async_read(buffer_, recycled([self = shared_from_this()](beast::error_code ec, std::size_t) {
                   self->on_read(ec);
                 }));
}

void WsSession::on_read(beast::error_code ec) {
  if (ec) return finish();
  if (!ws_.got_text()) {
    desktop_.on_binary();
  } else {
    const auto data = buffer_.cdata();
    const std::string_view text(static_cast<const char*>(data.data()), data.size());
    if (desktop_.on_text(text) == DesktopSession::Next::Close) {
      app_.after_commit([weak = weak_from_this()] {
        if (auto self = weak.lock()) self->close(websocket::close_code::policy_error, "rejected");
      });
    }
  }
  buffer_.consume(buffer_.size());
  if (!closing_) read();
}

void WsSession::send_event(std::string event) {
  if (event.size() < 2 || event.back() != '}') {
    spdlog::error("not sending an event that is not a JSON object: {}", event);
    return;
  }
  event.pop_back();
  if (event.size() > 1) event.push_back(',');
  event.append("\"epoch\":").append(core::json_quoted(app_.epoch()));
  event.append(",\"seq\":").append(std::to_string(++seq_)).push_back('}');
  enqueue(std::move(event));
}

void WsSession::send_frame(std::string frame) { enqueue(std::move(frame)); }

void WsSession::enqueue(std::string text) {
  if (closing_ || finished_) return;
  const auto& limits = app_.config().limits;
  if (outbox_.size() + 1 > limits.ws_outbox_max_messages ||
      outbox_bytes_ + text.size() > limits.ws_outbox_max_bytes) {
    spdlog::warn("closing a desktop that does not keep up ({} frames queued)", outbox_.size());
    const std::size_t in_flight = writing_ ? 1 : 0;
    while (outbox_.size() > in_flight) {
      outbox_bytes_ -= outbox_.back().size();
      outbox_.pop_back();
    }
    close(websocket::close_code::policy_error, "slow consumer");
    return;
  }
  outbox_bytes_ += text.size();
  outbox_.push_back(std::move(text));
  if (writing_ || write_posted_) return;
  // Not at once: whatever else this turn of the io loop queues for the desktop goes with it.
  write_posted_ = true;
  boost::asio::post(ws_.get_executor(), [self = shared_from_this()] {
    self->write_posted_ = false;
    self->write_next();
  });
}

void WsSession::write_next() {
  if (writing_ || finished_) return;
  auto& stream = ws_.next_layer();
  if (outbox_.empty()) {
    stream.uncork();  // the frames written since cork() leave in one send
    if (!closing_) return;
    writing_ = true;
    ws_.async_close(close_reason_,
                    [self = shared_from_this()](beast::error_code) { self->writing_ = false; });
    return;
  }
  stream.cork();
  writing_ = true;
  ws_.text(true);
  ws_.async_write(boost::asio::buffer(outbox_.front()),
                  recycled([self = shared_from_this()](beast::error_code ec, std::size_t) {
                    self->writing_ = false;
                    self->outbox_bytes_ -= self->outbox_.front().size();
                    self->outbox_.pop_front();
                    if (ec) return self->finish();
                    self->write_next();
                  }));
}

void WsSession::close(std::uint16_t code, const std::string& reason) {
  if (closing_ || finished_) return;
  closing_ = true;
  close_reason_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
  write_next();
}

void WsSession::finish() {
  if (finished_) return;
  finished_ = true;
  auth_deadline_.cancel();
  desktop_.on_closed();
}

}  // namespace ccr::server
