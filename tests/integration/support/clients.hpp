// Real HTTP and WebSocket clients for integration tests (Beast), each call bounded by a deadline
// so a silent server fails the test instead of hanging it. Test thread only.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace ccr::test {

using Headers = std::vector<std::pair<std::string, std::string>>;
using namespace std::chrono_literals;

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  nlohmann::json json() const;
  std::string header(const std::string& name) const;
};

// One request on a fresh connection.
HttpResult http(unsigned short port, const std::string& method, const std::string& target,
                const std::string& body = {}, const Headers& headers = {},
                std::chrono::milliseconds deadline = 10s);

// Sends raw bytes and returns whatever the server answers until it closes or the deadline.
std::string raw_http(unsigned short port, const std::string& bytes,
                     std::chrono::milliseconds deadline = 10s);

Headers bearer(const std::string& token);

class WsClient {
 public:
  // Connects and upgrades; on a refused upgrade, `refused_status` holds the HTTP status.
  WsClient(unsigned short port, const std::string& path, const Headers& headers = {});
  ~WsClient();

  bool open() const { return open_; }
  int refused_status() const { return refused_status_; }

  void send(const nlohmann::json& frame);
  void send_text(const std::string& text);
  void send_binary(const std::string& bytes);
  // The next frame, or nullopt when the deadline passes or the connection closed.
  std::optional<nlohmann::json> next(std::chrono::milliseconds deadline = 5s);
  // The first frame of this `type` already in `seen` (taken out of it), else the next one to
  // arrive (frames before it are kept in `seen`).
  nlohmann::json next_of(const std::string& type, std::chrono::milliseconds deadline = 5s);
  // Sends a command with a fresh id and returns its ack or error; events in between go to `seen`.
  nlohmann::json command(const std::string& type, nlohmann::json fields = nlohmann::json::object(),
                         std::chrono::milliseconds deadline = 5s);
  // Waits for the server to close; returns the close code (0 when it did not within the deadline).
  int wait_closed(std::chrono::milliseconds deadline = 5s);
  std::string close_reason() const { return close_reason_; }

  std::vector<nlohmann::json> seen;  // events received while waiting for something else

 private:
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds deadline);

  boost::asio::io_context io_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  bool open_ = false;
  int refused_status_ = 0;
  int close_code_ = 0;
  std::string close_reason_;
  int next_id_ = 1;
};

}  // namespace ccr::test
