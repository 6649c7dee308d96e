// The tenant a scenario runs in. Against ccrouter it is created through the REST API (tenant,
// team, wrap-up code, queue, entry point, agents and their tokens); the baseline server needs
// none of it and gets a stand-in with made-up ids. Contacts carry their sequence number in
// their ANI, which the offer echoes, so an offer is matched to the POST that caused it.
// Load generator io thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http_pool.hpp"
#include "ws_agents.hpp"

namespace ccr::bench {

struct WorldOptions {
  std::size_t agents = 0;
  std::string channel = "chat";  // chat, email, social or voice
  int capacity = 3;              // per agent on `channel` (voice is always 1)
  int rona_timeout_ms = 600000;
  int queue_max_length = 1000000;
};

struct BenchWorld {
  std::string admin_token;  // the tenant admin's (posts contacts too)
  std::string team_id;
  std::string queue_id;
  std::string entry_point_id;
  std::string wrapup_code_id;
  std::string channel;
  std::vector<AgentLogin> agents;
};

// Throws std::runtime_error naming the request that failed.
BenchWorld create_world(boost::asio::io_context& io, HttpPool& pool,
                        const std::string& server_admin_token, const WorldOptions& options);
BenchWorld baseline_world(const WorldOptions& options);

std::string contact_body(const BenchWorld& world, std::uint64_t sequence);
// The sequence number a contact_body's ANI carries.
std::optional<std::uint64_t> contact_sequence(std::string_view ani);

}  // namespace ccr::bench
