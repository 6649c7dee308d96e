#include "baseline_server.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "baseline_store.hpp"
#include "proto/time_format.hpp"

namespace ccr::bench {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using boost::asio::ip::tcp;

namespace {

constexpr std::chrono::seconds kRequestTimeout{30};  // ccrouter's default timeouts.http_request_ms
constexpr std::size_t kMaxFrameBytes = 65536;

// `at` as RFC 3339 UTC with milliseconds, as ccrouter writes it.
std::string rfc3339(std::chrono::system_clock::time_point at) {
  return proto::format_time(std::chrono::floor<core::Duration>(at));
}

// Reads the optional string `key` of `object` into `out`; false when it holds another type.
bool string_field(const nlohmann::json& object, const char* key, std::string& out) {
  const auto it = object.find(key);
  if (it == object.end()) return true;
  if (!it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

// The answer to one text frame: an ack naming the frame's "id", or an error for invalid JSON.
std::string reply_to(std::string_view text) {
  const auto frame = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (frame.is_discarded()) {
    return nlohmann::json{{"type", "error"}, {"re", ""}, {"code", "validation_failed"}}.dump();
  }
  std::string re;
  const auto id = frame.find("id");  // end() when the frame is not an object
  if (id != frame.end() && id->is_string()) re = id->get<std::string>();
  return nlohmann::json{{"type", "ack"}, {"re", re}}.dump();
}

}  // namespace

// One WebSocket connection: exactly one read and one write in flight, an outbox for the rest.
class BaselineWsSession : public std::enable_shared_from_this<BaselineWsSession> {
 public:
  BaselineWsSession(tcp::socket socket, BaselineServer& server)
      : ws_(std::move(socket)), server_(server) {}

  void accept(http::request<http::string_body> request) {
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.read_message_max(kMaxFrameBytes);
    ws_.async_accept(request,
                     [self = shared_from_this()](beast::error_code ec) { self->on_accept(ec); });
  }

  void send(std::string text) {
    if (finished_) return;
    outbox_.push_back(std::move(text));
    write_next();
  }

 private:
  void on_accept(beast::error_code ec) {
    if (ec) return;
    ws_.text(true);
    server_.add_agent(shared_from_this());
    send(nlohmann::json{{"type", "hello"}, {"seq", 1}}.dump());
    read();
  }

  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->on_read(ec);
    });
  }

  void on_read(beast::error_code ec) {
    if (ec) return finish();
    const auto data = buffer_.cdata();
    send(reply_to(std::string_view(static_cast<const char*>(data.data()), data.size())));
    buffer_.consume(buffer_.size());
    read();
  }

  void write_next() {
    if (writing_ || finished_ || outbox_.empty()) return;
    writing_ = true;
    ws_.async_write(boost::asio::buffer(outbox_.front()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      self->writing_ = false;
                      self->outbox_.pop_front();
                      if (ec) return self->finish();
                      self->write_next();
                    });
  }

  void finish() {
    if (finished_) return;
    finished_ = true;
    server_.remove_agent(this);
  }

  websocket::stream<beast::tcp_stream> ws_;
  BaselineServer& server_;
  beast::flat_buffer buffer_;
  std::deque<std::string> outbox_;
  bool writing_ = false;
  bool finished_ = false;
};

namespace {

// One HTTP connection: one request at a time; hands WebSocket upgrades to a BaselineWsSession.
class BaselineHttpSession : public std::enable_shared_from_this<BaselineHttpSession> {
 public:
  BaselineHttpSession(tcp::socket socket, BaselineServer& server)
      : stream_(std::move(socket)), server_(server) {}

  void read() {
    parser_.emplace();
    stream_.expires_after(kRequestTimeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

 private:
  void on_read(beast::error_code ec) {
    if (ec) return shutdown();
    auto request = parser_->release();
    if (websocket::is_upgrade(request)) {
      stream_.expires_never();
      std::make_shared<BaselineWsSession>(stream_.release_socket(), server_)
          ->accept(std::move(request));
      return;
    }
    const bool keep_alive = request.keep_alive();
    const auto target = request.target();
    if (request.method() == http::verb::get && (target == "/readyz" || target == "/healthz")) {
      return respond(http::status::ok, R"({"status":"ready"})", keep_alive);
    }
    if (request.method() == http::verb::post && target == "/v1/contacts") {
      return create_contact(std::move(request.body()), keep_alive);
    }
    respond(http::status::not_found, R"({"code":"not_found"})", keep_alive);
  }

  void create_contact(std::string body, bool keep_alive) {
    const auto contact = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    std::string ani;
    std::string channel = "chat";
    if (!contact.is_object() || !string_field(contact, "ani", ani) ||
        !string_field(contact, "channel", channel)) {
      return respond(http::status::bad_request, R"({"code":"validation_failed"})", keep_alive);
    }
    stream_.expires_never();  // the reply waits for the commit
    server_.store().submit(std::move(body), [self = shared_from_this(), ani = std::move(ani),
                                             channel = std::move(channel),
                                             keep_alive](std::int64_t id) {
      const std::string interaction = "ix_" + std::to_string(id);
      self->respond(http::status::created, nlohmann::json{{"id", interaction}}.dump(), keep_alive);
      if (auto agent = self->server_.next_agent()) self->offer(agent, interaction, ani, channel);
    });
  }

  void offer(const std::shared_ptr<BaselineWsSession>& agent, const std::string& interaction,
             const std::string& ani, const std::string& channel) {
    const auto now = std::chrono::system_clock::now();
    nlohmann::json frame = {{"type", "offer"},
                            {"offer_id", interaction + ".o1"},
                            {"interaction_id", interaction},
                            {"channel", channel},
                            {"ani", ani},
                            {"offered_at", rfc3339(now)}};
    const auto ring = server_.ring_timeout();
    if (ring.count() > 0) frame["expires_at"] = rfc3339(now + ring);
    agent->send(frame.dump());
    if (ring.count() == 0) return;
    auto timer = std::make_shared<boost::asio::steady_timer>(server_.io(), ring);
    timer->async_wait([timer, weak = std::weak_ptr(agent), interaction](beast::error_code ec) {
      const auto open = weak.lock();
      if (ec || !open) return;
      open->send(nlohmann::json{
          {"type", "offer_withdrawn"},
          {"offer_id", interaction + ".o1"},
          {"interaction_id", interaction},
          {"reason",
           "rona"}}.dump());
    });
  }

  void respond(http::status status, std::string body, bool keep_alive) {
    auto res = std::make_shared<http::response<http::string_body>>(status, 11);
    res->set(http::field::server, "ccr_baseline");
    res->set(http::field::content_type, "application/json");
    res->body() = std::move(body);
    res->keep_alive(keep_alive);
    res->prepare_payload();
    stream_.expires_after(kRequestTimeout);
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
                        if (ec || !res->keep_alive()) return self->shutdown();
                        self->read();
                      });
  }

  void shutdown() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  BaselineServer& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
};

}  // namespace

BaselineServer::BaselineServer(boost::asio::io_context& io, BaselineStore& store,
                               std::chrono::milliseconds ring_timeout)
    : io_(io), store_(store), ring_timeout_(ring_timeout), acceptor_(io) {}

void BaselineServer::listen(const tcp::endpoint& endpoint) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(boost::asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(boost::asio::socket_base::max_listen_connections);
  accept();
}

tcp::endpoint BaselineServer::local_endpoint() const { return acceptor_.local_endpoint(); }

void BaselineServer::stop() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

void BaselineServer::add_agent(const std::shared_ptr<BaselineWsSession>& agent) {
  agents_.push_back(agent);
}

void BaselineServer::remove_agent(const BaselineWsSession* agent) {
  std::erase_if(agents_, [agent](const std::weak_ptr<BaselineWsSession>& weak) {
    const auto open = weak.lock();
    return !open || open.get() == agent;
  });
}

std::shared_ptr<BaselineWsSession> BaselineServer::next_agent() {
  while (!agents_.empty()) {
    if (next_ >= agents_.size()) next_ = 0;
    if (auto agent = agents_[next_].lock()) {
      ++next_;
      return agent;
    }
    agents_.erase(agents_.begin() + static_cast<std::ptrdiff_t>(next_));
  }
  return nullptr;
}

void BaselineServer::accept() {
  acceptor_.async_accept(io_, [this](boost::system::error_code ec, tcp::socket socket) {
    if (ec == boost::asio::error::operation_aborted) return;
    if (!ec) {
      // Small frames (an event, then its ack) must not wait for Nagle's algorithm.
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::make_shared<BaselineHttpSession>(std::move(socket), *this)->read();
    }
    accept();
  });
}

}  // namespace ccr::bench
