#include "server/gathering_stream.hpp"

#include <boost/asio/write.hpp>

namespace ccr::server {
namespace {

// A send buffer bigger than this (a hello with many interactions) is not kept for the next one:
// an idle desktop keeps at most two buffers of this size.
constexpr std::size_t kKeptCapacity = 4096;

}  // namespace

GatheringStream::GatheringStream(socket_type socket)
    : shared_(std::make_shared<Shared>(std::move(socket))) {}

GatheringStream::~GatheringStream() {
  auto& shared = *shared_;
  boost::system::error_code ignored;
  if (!shared.send_in_flight && !shared.pending.empty() && !shared.error) {
    // Best effort, never blocking: the last thing Beast wrote (a refused handshake's reply).
    shared.socket.non_blocking(true, ignored);
    shared.socket.send(boost::asio::buffer(shared.pending), 0, ignored);
  }
  shared.socket.close(ignored);  // a send in flight ends now, with operation_aborted
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
                               std::string().swap(shared->pending);
                             } else {
                               flush(shared);
                             }
                             if (auto held = std::exchange(shared->held_write, nullptr)) held(ec);
                             report_sent(shared);
                           });
}

}  // namespace ccr::server
