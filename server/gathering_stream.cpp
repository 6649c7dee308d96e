#include "server/gathering_stream.hpp"

#include <boost/asio/write.hpp>

namespace ccr::server {
namespace {

// A send buffer bigger than this (a hello with many interactions) is not kept for the next one:
// idle desktops hold no more than their last small batch.
constexpr std::size_t kKeptCapacity = 4096;

}  // namespace

GatheringStream::GatheringStream(socket_type socket)
    : shared_(std::make_shared<Shared>(std::move(socket))) {}

GatheringStream::~GatheringStream() {
  boost::system::error_code ignored;
  shared_->socket.close(ignored);  // a send in flight ends now, with operation_aborted
}

void GatheringStream::uncork() {
  shared_->corked = false;
  flush(shared_);
}

void GatheringStream::when_sent(std::function<void()> done) {
  shared_->on_sent = std::move(done);
  uncork();
  if (!shared_->send_in_flight) {
    boost::asio::post(shared_->socket.get_executor(), [shared = shared_] { report_sent(shared); });
  }
}

void GatheringStream::send_now(boost::system::error_code& ec) {
  auto& shared = *shared_;
  if (shared.send_in_flight || shared.pending.empty() || shared.error) return;
  boost::asio::write(shared.socket, boost::asio::buffer(shared.pending), ec);
  shared.pending.clear();
}

void GatheringStream::report_sent(const std::shared_ptr<Shared>& shared) {
  if (shared->send_in_flight || !shared->on_sent) return;
  auto done = std::exchange(shared->on_sent, nullptr);
  done();
}

void GatheringStream::schedule_flush(const std::shared_ptr<Shared>& shared) {
  if (shared->flush_posted) return;
  shared->flush_posted = true;
  boost::asio::post(shared->socket.get_executor(), [shared] {
    shared->flush_posted = false;
    flush(shared);
  });
}

void GatheringStream::flush(const std::shared_ptr<Shared>& shared) {
  if (shared->send_in_flight || shared->corked || shared->pending.empty() || shared->error) return;
  shared->send_in_flight = true;
  shared->sending.swap(shared->pending);
  boost::asio::async_write(shared->socket, boost::asio::buffer(shared->sending),
                           [shared](const boost::system::error_code& ec, std::size_t) {
                             shared->send_in_flight = false;
                             shared->sending.clear();
                             if (shared->sending.capacity() > kKeptCapacity)
                               std::string().swap(shared->sending);
                             if (ec) {
                               shared->error = ec;
                               shared->pending.clear();
                             } else {
                               flush(shared);
                             }
                             report_sent(shared);
                           });
}

void teardown(boost::beast::role_type role, GatheringStream& stream,
              boost::system::error_code& ec) {
  stream.send_now(ec);
  if (ec) return;
  boost::beast::websocket::teardown(role, stream.next_layer(), ec);
}

}  // namespace ccr::server
