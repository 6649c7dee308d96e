// The byte stream under a desktop's WebSocket: the TCP socket with a write buffer in front of it.
// What Beast writes (frames, pings, the close frame) is copied into the buffer and completes at
// once. While the stream is corked the buffer only grows; uncork() hands all of it to the kernel
// in one system call, so the frames of one turn of the io loop (an offer's three) cost one send
// instead of one each plus two TCP_CORK calls. Uncorked, a write is sent from a posted flush. At
// most one send is in flight; what is written meanwhile leaves with the next one.
// Back-pressure: while a send is in flight and more than kHoldAbove bytes wait behind it, a write
// completes only when that send ends, so a desktop that stops reading fills its session's outbox
// (and is closed as a slow consumer) instead of this buffer. A WebSocket teardown waits until
// everything written was sent (the close frame goes before the shutdown). Destroying the stream
// sends what it still holds if the kernel takes it at once (a refused handshake's reply), then
// closes the socket. io thread only.
#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

namespace ccr::server {

class GatheringStream {
 public:
  using socket_type = boost::asio::ip::tcp::socket;
  using executor_type = socket_type::executor_type;

  // Bytes that may wait behind a send in flight before writes are held.
  static constexpr std::size_t kHoldAbove = 64 * 1024;

  explicit GatheringStream(socket_type socket);
  ~GatheringStream();
  GatheringStream(GatheringStream&&) = delete;
  GatheringStream& operator=(GatheringStream&&) = delete;

  executor_type get_executor() noexcept { return shared_->socket.get_executor(); }
  // The socket (Beast's get_lowest_layer reaches it through here, to close it on a timeout).
  socket_type& next_layer() noexcept { return shared_->socket; }

  template <class MutableBufferSequence, class ReadHandler>
  auto async_read_some(const MutableBufferSequence& buffers, ReadHandler&& handler) {
    return shared_->socket.async_read_some(buffers, std::forward<ReadHandler>(handler));
  }

  template <class ConstBufferSequence, class WriteHandler>
  auto async_write_some(const ConstBufferSequence& buffers, WriteHandler&& handler) {
    return boost::asio::async_initiate<WriteHandler, void(boost::system::error_code, std::size_t)>(
        [this](auto&& done, const ConstBufferSequence& data) {
          const auto error = shared_->error;
          const std::size_t size = error ? 0 : append(data);
          if (!error && shared_->send_in_flight && shared_->pending.size() > kHoldAbove) {
            // std::function needs a copyable callable; Beast's handlers move only.
            auto held = std::make_shared<std::decay_t<decltype(done)>>(std::move(done));
            shared_->held_write = [held, size, ex = get_executor()](boost::system::error_code ec) {
              boost::asio::post(
                  ex, boost::beast::bind_front_handler(std::move(*held), ec, ec ? 0 : size));
            };
          } else {
            boost::asio::post(get_executor(),
                              boost::beast::bind_front_handler(std::move(done), error, size));
          }
          if (!shared_->corked) schedule_flush(shared_);
        },
        handler, buffers);
  }

  // Holds what is written until uncork().
  void cork() { shared_->corked = true; }
  // Sends what is held, now (or as soon as the send in flight ends).
  void uncork();
  // Bytes written that the kernel has not taken yet.
  std::size_t buffered_bytes() const { return shared_->pending.size() + shared_->sending.size(); }
  // Uncorks, and runs `done` (never inline) once everything written has been sent, or a send
  // failed. One at a time (Beast's teardown holds its write lock).
  void when_sent(std::function<void()> done);

 private:
  // Outlives the stream while a send or a posted flush needs it.
  struct Shared {
    explicit Shared(socket_type s) : socket(std::move(s)) {}
    socket_type socket;
    std::string pending;  // written, not handed to the kernel yet
    std::string sending;  // the send in flight
    bool send_in_flight = false;
    bool flush_posted = false;
    bool corked = false;
    boost::system::error_code error;  // the first failed send: every later write fails with it
    std::function<void()> on_sent;    // when_sent()'s callback, until it runs
    // The completion of a write held by back-pressure, run when the send in flight ends.
    std::function<void(boost::system::error_code)> held_write;
  };

  template <class ConstBufferSequence>
  std::size_t append(const ConstBufferSequence& data) {
    const std::size_t size = boost::asio::buffer_size(data);
    auto& pending = shared_->pending;
    const std::size_t old = pending.size();
    pending.resize(old + size);
    boost::asio::buffer_copy(boost::asio::buffer(pending.data() + old, size), data);
    return size;
  }

  static void schedule_flush(const std::shared_ptr<Shared>& shared);
  static void flush(const std::shared_ptr<Shared>& shared);
  // Runs on_sent when nothing is left to send.
  static void report_sent(const std::shared_ptr<Shared>& shared);

  std::shared_ptr<Shared> shared_;
};

// Beast's WebSocket closes through this (found by argument-dependent lookup). There is no
// synchronous teardown: the server closes only asynchronously.
template <class TeardownHandler>
void async_teardown(boost::beast::role_type role, GatheringStream& stream,
                    TeardownHandler&& handler) {
  // std::function needs a copyable callable; Beast's handlers move only.
  auto held =
      std::make_shared<std::decay_t<TeardownHandler>>(std::forward<TeardownHandler>(handler));
  stream.when_sent([role, &socket = stream.next_layer(), held] {
    boost::beast::websocket::async_teardown(role, socket, std::move(*held));
  });
}

}  // namespace ccr::server
