#include "bench_world.hpp"

#include <boost/asio/io_context.hpp>
#include <charconv>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace ccr::bench {
namespace {

using nlohmann::json;

constexpr std::string_view kAniPrefix = "+4072";

std::string created_id(const HttpResponse& r, const std::string& what) {
  if (r.status != 201) {
    throw std::runtime_error("creating " + what + " answered " + std::to_string(r.status) + ": " +
                             r.body);
  }
  return json::parse(r.body).at("id").get<std::string>();
}

std::string make(boost::asio::io_context& io, HttpPool& pool, const std::string& token,
                 const std::string& path, const json& body, const std::string& what) {
  return created_id(call(io, pool, "POST", path, body.dump(), token), what);
}

std::string dial_number(std::size_t index) {
  char text[32];
  std::snprintf(text, sizeof text, "+40210%06zu", index);
  return text;
}

json channels(const WorldOptions& o) {
  json c = {{"voice", 1}, {"chat", 0}, {"email", 0}, {"social", 0}};
  if (o.channel != "voice") c[o.channel] = o.capacity;
  return c;
}

// Creates every agent and its token, `pool`'s connections in parallel.
std::vector<AgentLogin> create_agents(boost::asio::io_context& io, HttpPool& pool,
                                      const BenchWorld& w, const WorldOptions& o) {
  std::vector<AgentLogin> agents(o.agents);
  std::size_t done = 0;
  std::string failure;
  for (std::size_t i = 0; i < o.agents; ++i) {
    agents[i].dial_number = dial_number(i);
    json body = {{"name", "Bench agent " + std::to_string(i + 1)},
                 {"team_ids", {w.team_id}},
                 {"channels", channels(o)}};
    pool.request("POST", "/v1/agents", body.dump(), w.admin_token, [&, i](HttpResponse r) {
      if (r.status != 201) {
        failure = "creating an agent answered " + std::to_string(r.status) + ": " + r.body;
        ++done;
        return;
      }
      const auto id = json::parse(r.body).at("id").get<std::string>();
      pool.request("POST", "/v1/agents/" + id + "/tokens", "", w.admin_token,
                   [&, i](HttpResponse t) {
                     ++done;
                     if (t.status != 201) {
                       failure = "creating a token answered " + std::to_string(t.status);
                       return;
                     }
                     agents[i].token = json::parse(t.body).at("token").get<std::string>();
                   });
    });
  }
  while (done < o.agents && io.run_one() > 0) {
  }
  if (!failure.empty()) throw std::runtime_error(failure);
  return agents;
}

}  // namespace

BenchWorld create_world(boost::asio::io_context& io, HttpPool& pool,
                        const std::string& server_admin_token, const WorldOptions& o) {
  BenchWorld w;
  w.channel = o.channel;
  const auto tenant =
      call(io, pool, "POST", "/v1/tenants", R"({"name":"Bench"})", server_admin_token);
  if (tenant.status != 201) {
    throw std::runtime_error("creating the tenant answered " + std::to_string(tenant.status) +
                             ": " + tenant.body);
  }
  w.admin_token = json::parse(tenant.body).at("admin_token").get<std::string>();
  if (o.channel == "voice") {
    const auto patched = call(io, pool, "PATCH", "/v1/settings",
                              R"({"max_concurrent_calls":1000000})", w.admin_token);
    if (patched.status != 200) {
      throw std::runtime_error("raising the call cap answered " + std::to_string(patched.status) +
                               ": " + patched.body);
    }
  }
  w.team_id = make(io, pool, w.admin_token, "/v1/teams", {{"name", "Bench"}}, "team");
  w.wrapup_code_id =
      make(io, pool, w.admin_token, "/v1/wrapup-codes", {{"name", "Done"}}, "wrap-up code");
  w.queue_id = make(io, pool, w.admin_token, "/v1/queues",
                    {{"name", "Bench queue"},
                     {"channel", o.channel},
                     {"team_ids", {w.team_id}},
                     {"rona_timeout_ms", o.rona_timeout_ms},
                     {"wrapup_timeout_ms", 0},
                     {"max_length", o.queue_max_length}},
                    "queue");
  json entry = {{"name", "Bench entry"}, {"channel", o.channel}, {"queue_id", w.queue_id}};
  if (o.channel == "voice") entry["dial_numbers"] = {"+12015550100"};
  w.entry_point_id = make(io, pool, w.admin_token, "/v1/entry-points", entry, "entry point");
  w.agents = create_agents(io, pool, w, o);
  return w;
}

BenchWorld baseline_world(const WorldOptions& o) {
  BenchWorld w;
  w.channel = o.channel;
  w.admin_token = "baseline";
  w.team_id = "tm_baseline";
  w.queue_id = "qu_baseline";
  w.entry_point_id = "ep_baseline";
  w.wrapup_code_id = "wc_baseline";
  for (std::size_t i = 0; i < o.agents; ++i) w.agents.push_back({"baseline", dial_number(i)});
  return w;
}

std::string contact_body(const BenchWorld& w, std::uint64_t sequence) {
  char ani[32];
  std::snprintf(ani, sizeof ani, "%.*s%08llu", static_cast<int>(kAniPrefix.size()),
                kAniPrefix.data(), static_cast<unsigned long long>(sequence));
  std::string body = R"({"entry_point_id":")" + w.entry_point_id + R"(","channel":")" + w.channel +
                     R"(","ani":")" + ani + "\"";
  if (w.channel == "voice") body += R"(,"dnis":"+12015550100")";
  return body + "}";
}

std::optional<std::uint64_t> contact_sequence(std::string_view ani) {
  if (ani.substr(0, kAniPrefix.size()) != kAniPrefix) return std::nullopt;
  std::uint64_t value = 0;
  const auto digits = ani.substr(kAniPrefix.size());
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

}  // namespace ccr::bench
