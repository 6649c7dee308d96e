// One agent-desktop WebSocket connection (Beast transport): exactly one read and one write in
// flight, a bounded outbox (a slow consumer is closed with a policy error), 64 KiB frames, idle
// pings, and an authentication deadline when the upgrade carried no token. Frames queued in one
// turn of the io loop leave together, in one send (GatheringStream): an offer's three frames
// are one packet. The protocol itself lives in DesktopSession. io thread only.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "core/model.hpp"
#include "server/agent_hub.hpp"
#include "server/desktop_session.hpp"
#include "server/gathering_stream.hpp"

namespace ccr::server {

class App;

class WsSession : public DesktopLink, public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(boost::asio::ip::tcp::socket socket, App& app);
  ~WsSession() override;

  void accept(boost::beast::http::request<boost::beast::http::string_body> request,
              std::optional<core::Principal> who);

  void send_event(std::string event) override;
  void send_frame(std::string frame) override;
  void close(std::uint16_t code, const std::string& reason) override;

 private:
  void on_accept(boost::beast::error_code ec, std::optional<core::Principal> who);
  void read();
  void on_read(boost::beast::error_code ec);
  void enqueue(std::string text);
  void write_next();
  void finish();

  boost::beast::websocket::stream<GatheringStream> ws_;
  App& app_;
  DesktopSession desktop_;
  boost::beast::flat_buffer buffer_;
  boost::asio::steady_timer auth_deadline_;
  std::deque<std::string> outbox_;
  std::size_t outbox_bytes_ = 0;
  bool writing_ = false;
  bool write_posted_ = false;  // a write_next() is posted: frames queued meanwhile go together
  bool closing_ = false;
  bool finished_ = false;
  std::uint64_t seq_ = 0;
  boost::beast::websocket::close_reason close_reason_;
};

}  // namespace ccr::server
