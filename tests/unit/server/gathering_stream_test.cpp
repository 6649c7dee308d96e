// GatheringStream, the byte stream under each desktop's WebSocket: what is written while corked
// is held and leaves at uncork, in order; uncorked writes leave by themselves; a teardown waits
// for what was written (a WebSocket close frame goes before the shutdown); a dead peer makes
// writes fail instead of piling up; a desktop that stops reading holds writes back; destroying
// the stream sends what it holds without waiting and closes the connection. Over a real
// loopback TCP connection; every wait has a deadline.
#include "server/gathering_stream.hpp"

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace ccr::server {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// A connected pair: `server` for the stream under test, `client` as the desktop's end.
struct Pair {
  asio::io_context io;
  tcp::socket server{io};
  tcp::socket client{io};

  Pair() {
    tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    client.connect(acceptor.local_endpoint());
    acceptor.accept(server);
  }

  // Runs ready handlers until `done` holds; false when it still does not after five seconds.
  bool run_until(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      io.restart();
      io.run_for(std::chrono::milliseconds(10));
    }
    return true;
  }

  std::string read_client(std::size_t size) {
    std::string text(size, '\0');
    asio::read(client, asio::buffer(text));
    return text;
  }
};

// Writes `text` through the stream; returns the completion's error once it has run.
std::optional<boost::system::error_code> write(Pair& p, GatheringStream& stream,
                                               const std::string& text) {
  std::optional<boost::system::error_code> result;
  asio::async_write(stream, asio::buffer(text),
                    [&](boost::system::error_code ec, std::size_t) { result = ec; });
  if (!p.run_until([&] { return result.has_value(); })) return std::nullopt;
  return result;
}

TEST_CASE("frames written while corked are held, then leave in order at uncork") {
  Pair p;
  GatheringStream stream(std::move(p.server));
  stream.cork();
  for (const std::string frame : {"offer_connecting;", "offer;", "offer_stack;"}) {
    const auto ec = write(p, stream, frame);
    REQUIRE(ec.has_value());
    CHECK_FALSE(*ec);  // a held write completes at once
  }
  CHECK(stream.buffered_bytes() == 35);
  CHECK(p.client.available() == 0);  // nothing was handed to the kernel

  stream.uncork();
  REQUIRE(p.run_until([&] { return stream.buffered_bytes() == 0; }));
  CHECK(p.read_client(35) == "offer_connecting;offer;offer_stack;");
}

TEST_CASE("an uncorked write leaves without an uncork") {
  Pair p;
  GatheringStream stream(std::move(p.server));
  const auto ec = write(p, stream, "ping");
  REQUIRE(ec.has_value());
  CHECK_FALSE(*ec);
  REQUIRE(p.run_until([&] { return stream.buffered_bytes() == 0; }));
  CHECK(p.read_client(4) == "ping");
}

TEST_CASE("when_sent runs once everything written was handed to the kernel, never inline") {
  Pair p;
  GatheringStream stream(std::move(p.server));
  stream.cork();
  REQUIRE(write(p, stream, "close frame"));
  bool sent = false;
  stream.when_sent([&] {
    sent = true;
    CHECK(stream.buffered_bytes() == 0);
  });
  CHECK_FALSE(sent);
  REQUIRE(p.run_until([&] { return sent; }));
  CHECK(p.read_client(11) == "close frame");

  bool again = false;  // nothing held: still not inline
  stream.when_sent([&] { again = true; });
  CHECK_FALSE(again);
  REQUIRE(p.run_until([&] { return again; }));
}

TEST_CASE("writes to a peer that reset the connection fail and are not kept") {
  Pair p;
  GatheringStream stream(std::move(p.server));
  p.client.set_option(asio::socket_base::linger(true, 0));
  p.client.close();  // linger 0: the peer resets the connection
  std::optional<boost::system::error_code> failed;
  for (int i = 0; i < 50 && !failed; ++i) {
    const auto ec = write(p, stream, std::string(1000, 'x'));
    REQUIRE(ec.has_value());
    if (*ec) failed = ec;
    p.run_until([&] { return stream.buffered_bytes() == 0; });
  }
  REQUIRE(failed.has_value());
  CHECK(stream.buffered_bytes() == 0);
}

TEST_CASE("destroying the stream sends what it holds, without waiting, and closes") {
  Pair p;
  {
    GatheringStream stream(std::move(p.server));
    stream.cork();
    write(p, stream, "HTTP/1.1 426");  // a refused handshake's reply: its session ends at once
  }
  CHECK(p.read_client(12) == "HTTP/1.1 426");
  char byte = 0;
  boost::system::error_code ec;
  asio::read(p.client, asio::buffer(&byte, 1), ec);
  CHECK(ec == asio::error::eof);
}

TEST_CASE("a desktop that stops reading holds writes back instead of filling the buffer") {
  Pair p;
  GatheringStream stream(std::move(p.server));
  const std::string chunk(16 * 1024, 'x');
  std::size_t written = 0;
  bool held = false;
  std::optional<boost::system::error_code> last;
  for (int i = 0; i < 100'000 && !held; ++i) {  // until the kernel's buffers are full
    last.reset();
    asio::async_write(stream, asio::buffer(chunk),
                      [&](boost::system::error_code ec, std::size_t) { last = ec; });
    for (int turn = 0; turn < 20 && !last; ++turn) {
      p.io.restart();
      p.io.poll();
    }
    if (last) {
      REQUIRE_FALSE(*last);
      written += chunk.size();
    } else {
      held = true;
    }
  }
  REQUIRE(held);
  // Behind the stuck send: just over the hold mark, not everything written since.
  CHECK(stream.buffered_bytes() > GatheringStream::kHoldAbove);
  CHECK(stream.buffered_bytes() <= 2 * (GatheringStream::kHoldAbove + chunk.size()));

  // The desktop reads again: the held write completes and everything arrives.
  std::string received;
  std::array<char, 65536> buffer{};
  std::function<void()> read_more = [&] {
    p.client.async_read_some(asio::buffer(buffer),
                             [&](boost::system::error_code ec, std::size_t n) {
                               received.append(buffer.data(), n);
                               if (!ec) read_more();
                             });
  };
  read_more();
  REQUIRE(p.run_until([&] { return last.has_value(); }));
  CHECK_FALSE(*last);
  REQUIRE(p.run_until([&] { return received.size() == written + chunk.size(); }));
  CHECK(received.find_first_not_of('x') == std::string::npos);
}

}  // namespace
}  // namespace ccr::server
