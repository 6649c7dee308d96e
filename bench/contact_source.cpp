#include "contact_source.hpp"

#include <algorithm>

namespace ccr::bench {

ContactSource::ContactSource(boost::asio::io_context& io, HttpPool& pool, const BenchWorld& world,
                             std::size_t total)
    : pool_(pool), world_(world), pacer_(io), due_(total) {}

void ContactSource::closed_loop(std::size_t in_flight) {
  in_flight_ = std::max<std::size_t>(1, in_flight);
  refill();
}

void ContactSource::open_loop(double per_second) {
  rate_ = per_second;
  start_ = Clock::now();
  pace();
}

void ContactSource::post(Clock::time_point due) {
  const auto sequence = posted_++;
  due_[sequence] = due;
  pool_.request("POST", "/v1/contacts", contact_body(world_, sequence), world_.admin_token,
                [this](HttpResponse r) {
                  ++answered_;
                  if (r.status != 201 && refused_++ == 0) {
                    first_refusal_ = std::to_string(r.status) + " " + r.body;
                  }
                  if (in_flight_ > 0) refill();
                });
}

void ContactSource::refill() {
  while (posted_ < due_.size() && pool_.outstanding() < in_flight_) post(Clock::now());
}

void ContactSource::pace() {
  const auto elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  const auto owed = std::min(due_.size(), static_cast<std::size_t>(elapsed * rate_) + 1);
  while (posted_ < owed) {
    post(start_ + std::chrono::duration_cast<Clock::duration>(
                      std::chrono::duration<double>(static_cast<double>(posted_) / rate_)));
  }
  if (posted_ == due_.size()) return;
  pacer_.expires_after(std::chrono::microseconds(500));
  pacer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) pace();
  });
}

}  // namespace ccr::bench
