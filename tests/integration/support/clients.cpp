#include "clients.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http.hpp>
#include <stdexcept>

namespace ccr::test {

namespace beast = boost::beast;
namespace http_ns = beast::http;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;

nlohmann::json HttpResult::json() const {
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  return parsed;
}

std::string HttpResult::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string{} : it->second;
}

Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

HttpResult http(unsigned short port, const std::string& method, const std::string& target,
                const std::string& body, const Headers& headers,
                std::chrono::milliseconds deadline) {
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(deadline);
  http_ns::request<http_ns::string_body> req(http_ns::string_to_verb(method), target, 11);
  req.set(http_ns::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) req.set(name, value);
  if (!body.empty()) req.set(http_ns::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();
  HttpResult result;
  beast::flat_buffer buffer;
  http_ns::response_parser<http_ns::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  stream.async_connect(
      tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port), [&](beast::error_code ec) {
        if (ec) return;
        http_ns::async_write(stream, req, [&](beast::error_code wec, std::size_t) {
          if (wec) return;
          http_ns::async_read(stream, buffer, parser, [&](beast::error_code rec, std::size_t) {
            if (rec) return;
            const auto& res = parser.get();
            result.status = res.result_int();
            for (const auto& f : res) {
              result.headers[lower(std::string(f.name_string()))] = std::string(f.value());
            }
            result.body = res.body();
          });
        });
      });
  io.run();
  return result;
}

std::string raw_http(unsigned short port, const std::string& bytes,
                     std::chrono::milliseconds deadline) {
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(deadline);
  std::string answer;
  std::array<char, 4096> chunk{};
  std::function<void()> read_more = [&] {
    stream.async_read_some(boost::asio::buffer(chunk), [&](beast::error_code ec, std::size_t n) {
      answer.append(chunk.data(), n);
      if (!ec) read_more();
    });
  };
  stream.async_connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port),
                       [&](beast::error_code ec) {
                         if (ec) return;
                         boost::asio::async_write(stream, boost::asio::buffer(bytes),
                                                  [&](beast::error_code, std::size_t) {});
                         read_more();
                       });
  io.run();
  return answer;
}

WsClient::WsClient(unsigned short port, const std::string& path, const Headers& headers)
    : ws_(io_) {
  auto& layer = beast::get_lowest_layer(ws_);
  layer.expires_after(10s);
  layer.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  ws_.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
    for (const auto& [name, value] : headers) req.set(name, value);
  }));
  websocket::response_type res;
  beast::error_code ec;
  ws_.handshake(res, "127.0.0.1", path, ec);
  layer.expires_never();
  if (ec) {
    refused_status_ = res.result_int();
    return;
  }
  ws_.read_message_max(16 * 1024 * 1024);
  open_ = true;
}

WsClient::~WsClient() {
  if (open_) {
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }
}

bool WsClient::run_until(const std::function<bool()>& done, std::chrono::milliseconds deadline) {
  io_.restart();
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (!done() && std::chrono::steady_clock::now() < until) {
    io_.run_one_until(until);
  }
  return done();
}

void WsClient::send(const nlohmann::json& frame) { send_text(frame.dump()); }

void WsClient::send_text(const std::string& text) {
  if (!open_) throw std::runtime_error("websocket is not open");
  ws_.text(true);
  beast::error_code ec;
  ws_.write(boost::asio::buffer(text), ec);
}

void WsClient::send_binary(const std::string& bytes) {
  ws_.binary(true);
  beast::error_code ec;
  ws_.write(boost::asio::buffer(bytes), ec);
  ws_.text(true);
}

std::optional<nlohmann::json> WsClient::next(std::chrono::milliseconds deadline) {
  if (!open_) return std::nullopt;
  beast::flat_buffer buffer;
  bool finished = false;
  beast::error_code result;
  ws_.async_read(buffer, [&](beast::error_code ec, std::size_t) {
    result = ec;
    finished = true;
  });
  if (!run_until([&] { return finished; }, deadline)) {
    beast::get_lowest_layer(ws_).cancel();
    run_until([&] { return finished; }, 1s);
    open_ = false;  // a cancelled read leaves the stream unusable
    return std::nullopt;
  }
  if (result) {
    if (ws_.reason().code != 0) {  // a close frame arrived, even if the TCP side broke after it
      close_code_ = ws_.reason().code;
      close_reason_ = std::string(ws_.reason().reason.c_str());
    }
    open_ = false;
    return std::nullopt;
  }
  return nlohmann::json::parse(beast::buffers_to_string(buffer.data()), nullptr, false);
}

nlohmann::json WsClient::next_of(const std::string& type, std::chrono::milliseconds deadline) {
  for (auto it = seen.begin(); it != seen.end(); ++it) {
    if ((*it)["type"] == type) {
      auto frame = *it;
      seen.erase(it);
      return frame;
    }
  }
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    auto frame = next(left);
    if (!frame) break;
    if ((*frame)["type"] == type) return *frame;
    seen.push_back(*frame);
  }
  return nlohmann::json{{"type", "timeout"}, {"waited_for", type}};
}

nlohmann::json WsClient::command(const std::string& type, nlohmann::json fields,
                                 std::chrono::milliseconds deadline) {
  const auto id = "r" + std::to_string(next_id_++);
  fields["type"] = type;
  fields["id"] = id;
  send(fields);
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    auto frame = next(left);
    if (!frame) break;
    if (frame->value("re", "") == id) return *frame;
    seen.push_back(*frame);
  }
  return nlohmann::json{{"type", "timeout"}, {"command", type}};
}

int WsClient::wait_closed(std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (open_ && std::chrono::steady_clock::now() < until) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    auto frame = next(left);
    if (frame) seen.push_back(*frame);
  }
  return open_ ? 0 : close_code_;
}

}  // namespace ccr::test
