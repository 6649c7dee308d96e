// Posts `total` contacts to POST /v1/contacts, either in a closed loop (a fixed number in flight,
// the next one sent when one is answered) or in an open loop (a fixed rate; each contact's due
// time is when the schedule says it should leave, so a slow server cannot hide a backlog from
// the latency figures). Load generator io thread only.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "bench_world.hpp"
#include "http_pool.hpp"

namespace ccr::bench {

class ContactSource {
 public:
  using Clock = std::chrono::steady_clock;

  ContactSource(boost::asio::io_context& io, HttpPool& pool, const BenchWorld& world,
                std::size_t total);

  void closed_loop(std::size_t in_flight);
  void open_loop(double per_second);

  Clock::time_point due(std::size_t sequence) const { return due_[sequence]; }
  std::size_t total() const { return due_.size(); }
  std::size_t answered() const { return answered_; }
  std::size_t refused() const { return refused_; }  // answered with anything but 201
  const std::string& first_refusal() const { return first_refusal_; }

 private:
  void post(Clock::time_point due);
  void refill();
  void pace();

  HttpPool& pool_;
  const BenchWorld& world_;
  boost::asio::steady_timer pacer_;
  std::vector<Clock::time_point> due_;
  std::size_t posted_ = 0;
  std::size_t answered_ = 0;
  std::size_t refused_ = 0;
  std::size_t in_flight_ = 0;  // closed loop; 0 in the open loop
  double rate_ = 0;
  Clock::time_point start_;
  std::string first_refusal_;
};

}  // namespace ccr::bench
