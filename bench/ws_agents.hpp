// A fleet of agent desktops on real WebSocket connections (/v1/agent with a bearer token): each
// logs in and then plays its part of the scenario: accepts offers, keeps the contact for
// `hold`, ends it and wraps it up; or lets offers ring and comes back from RONA; or pings.
// Frames are read with peek_string, not parsed. Load generator io thread only.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace ccr::bench {

struct AgentLogin {
  std::string token;
  std::string dial_number;
};

struct AgentPlan {
  std::string team_id;  // the login team
  bool accept_offers = true;
  std::chrono::milliseconds hold{0};  // from the accept's ack to `end`
  std::string wrapup_code_id;
  bool return_from_rona = false;  // set_state Available when an offer rang out
};

struct AgentCallbacks {
  // An `offer` frame arrived (fields as sent: escapes kept).
  std::function<void(std::string_view offer_id, std::string_view ani, std::string_view expires_at)>
      offer;
  std::function<void(std::string_view offer_id, std::string_view reason)> withdrawn;
  std::function<void()> wrapped_up;  // the ack of a wrapup
  std::function<void(double round_trip_us)> pong;
};

struct FleetCounters {
  std::uint64_t offers = 0;
  std::uint64_t wrapped_up = 0;
  std::uint64_t errors = 0;   // `error` frames
  std::uint64_t dropped = 0;  // connections lost after they were ready
  std::uint64_t failed = 0;   // connections that never became ready
  std::string first_error;
};

class AgentFleet {
 public:
  AgentFleet(boost::asio::io_context& io, unsigned short port, AgentPlan plan,
             AgentCallbacks callbacks);
  ~AgentFleet();
  AgentFleet(const AgentFleet&) = delete;
  AgentFleet& operator=(const AgentFleet&) = delete;

  // Connects and logs in every agent, at most `parallel` handshakes at a time; `done` runs once
  // every agent is logged in or has failed.
  void connect(std::vector<AgentLogin> agents, std::size_t parallel, std::function<void()> done);
  // Every ready agent keeps one `ping` in flight until stop_pings().
  void start_pings();
  void stop_pings();
  std::size_t ready() const;
  const FleetCounters& counters() const;
  // Closes every connection.
  void close_all();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ccr::bench
