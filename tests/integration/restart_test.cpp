// Restarts of the real binary on the same database: SIGTERM (graceful drain) and SIGKILL keep
// everything that was acknowledged: tenants, teams, agents, tokens and each agent's state.
#include <catch2/catch.hpp>
#include <future>
#include <memory>

#include "clients.hpp"
#include "server_process.hpp"
#include "world.hpp"

using namespace ccr::test;
using nlohmann::json;

namespace {

struct RestartFixture {
  TempDir dir;
  std::unique_ptr<ServerProcess> server;

  RestartFixture() { start(); }
  void start() {
    server = std::make_unique<ServerProcess>(ServerProcess::Options{dir.file("ccr.db"), {}, {}});
  }
  unsigned short port() const { return server->port(); }
};

bool list_has(const json& page, const std::string& id) {
  if (!page.contains("items")) return false;
  for (const auto& item : page["items"]) {
    if (item.value("id", "") == id) return true;
  }
  return false;
}

json get_json(unsigned short port, const std::string& target, const std::string& token) {
  auto r = http(port, "GET", target, {}, bearer(token));
  INFO(target << " answered " << r.status << ": " << r.body);
  REQUIRE(r.status == 200);
  return r.json();
}

// Logs agent 0 in with `dial` and puts it Idle with the world's idle code; returns the hello.
json login_idle(const World& w, const std::string& dial) {
  WsClient ws(w.port, "/v1/agent", bearer(w.agents[0].token));
  REQUIRE(ws.open());
  auto hello = ws.next_of("hello");
  REQUIRE(hello["type"] == "hello");
  REQUIRE(ws.command("login", {{"team_id", w.team_id}, {"dial_number", dial}})["type"] == "ack");
  REQUIRE(ws.command("set_state", {{"state", "Idle"}, {"idle_code_id", w.idle_code_id}})["type"] ==
          "ack");
  return hello;
}

}  // namespace

TEST_CASE_METHOD(RestartFixture,
                 "A SIGTERM restart keeps tenants, teams, agents, tokens and agent state") {
  World world = make_world(port());
  // A second token for agent 1, revoked before the restart.
  auto extra = http(port(), "POST", "/v1/agents/" + world.agents[1].id + "/tokens", "",
                    bearer(world.admin_token));
  REQUIRE(extra.status == 201);
  const std::string revoked = extra.json()["token"];
  const std::string revoked_id = extra.json()["id"];
  REQUIRE(
      http(port(), "DELETE", "/v1/tokens/" + revoked_id, {}, bearer(world.admin_token)).status ==
      204);
  {
    WsClient refused(port(), "/v1/agent", bearer(revoked));
    REQUIRE(refused.refused_status() == 401);
  }
  const auto before_hello = login_idle(world, "(201) 555-0100");

  REQUIRE(server->terminate() == 0);
  start();
  world.port = port();

  // The server admin token and the tenant.
  CHECK(list_has(get_json(port(), "/v1/tenants", ServerProcess::kAdminToken), world.tenant_id));
  // The tenant admin token, teams, codes and agents.
  CHECK(list_has(get_json(port(), "/v1/teams", world.admin_token), world.team_id));
  CHECK(list_has(get_json(port(), "/v1/idle-codes", world.admin_token), world.idle_code_id));
  CHECK(list_has(get_json(port(), "/v1/wrapup-codes", world.admin_token), world.wrapup_code_id));
  for (const auto& a : world.agents) {
    auto agent = get_json(port(), "/v1/agents/" + a.id, world.admin_token);
    CHECK(agent["id"] == a.id);
    CHECK(agent["team_ids"] == json::array({world.team_id}));
  }
  CHECK(get_json(port(), "/v1/agents/" + world.agents[0].id, world.admin_token)["name"] ==
        "Agent 1");
  CHECK(get_json(port(), "/v1/agents/" + world.agents[0].id, world.admin_token)["state"] == "Idle");

  // The old agent token still opens a desktop, and the agent is as it was.
  WsClient ws(port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(ws.open());
  auto hello = ws.next_of("hello");
  REQUIRE(hello["type"] == "hello");
  CHECK(hello["epoch"] != before_hello["epoch"]);
  CHECK(hello["seq"] == 1);
  CHECK(hello["agent_state"]["state"] == "Idle");
  CHECK(hello["agent_state"]["idle_code_id"] == world.idle_code_id);
  CHECK(hello["agent_state"]["team_id"] == world.team_id);
  CHECK(hello["agent_state"]["dial_number"] == "2015550100");
  CHECK(ws.command("set_state", {{"state", "Available"}})["type"] == "ack");

  // Agent 1's first token works; the revoked one stays revoked.
  {
    WsClient ok(port(), "/v1/agent", bearer(world.agents[1].token));
    CHECK(ok.open());
    CHECK(ok.next_of("hello")["agent_state"]["state"] == "LoggedOut");
  }
  WsClient refused(port(), "/v1/agent", bearer(revoked));
  CHECK_FALSE(refused.open());
  CHECK(refused.refused_status() == 401);
}

TEST_CASE_METHOD(RestartFixture, "A SIGKILL keeps everything acknowledged before the kill") {
  World world = make_world(port());
  login_idle(world, "+12015550100");
  // A burst of creates, killed right after the last answer.
  std::vector<std::string> teams;
  for (int i = 0; i < 20; ++i) {
    auto r = http(port(), "POST", "/v1/teams", json{{"name", "Team " + std::to_string(i)}}.dump(),
                  bearer(world.admin_token));
    REQUIRE(r.status == 201);
    teams.push_back(r.json()["id"]);
  }
  auto token = http(port(), "POST", "/v1/agents/" + world.agents[1].id + "/tokens", "",
                    bearer(world.admin_token));
  REQUIRE(token.status == 201);
  const std::string late_token = token.json()["token"];
  server->kill_hard();

  start();
  world.port = port();
  auto page = get_json(port(), "/v1/teams?limit=200", world.admin_token);
  for (const auto& id : teams) {
    INFO(id);
    CHECK(list_has(page, id));
  }
  CHECK(list_has(get_json(port(), "/v1/tenants", ServerProcess::kAdminToken), world.tenant_id));
  WsClient ws(port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(ws.open());
  auto hello = ws.next_of("hello");
  CHECK(hello["agent_state"]["state"] == "Idle");
  CHECK(hello["agent_state"]["idle_code_id"] == world.idle_code_id);
  CHECK(hello["agent_state"]["team_id"] == world.team_id);
  CHECK(hello["agent_state"]["dial_number"] == "+12015550100");
  WsClient late(port(), "/v1/agent", bearer(late_token));
  CHECK(late.open());
}

TEST_CASE_METHOD(RestartFixture,
                 "SIGTERM drains: desktops get going_away, then 1001, and exit is 0") {
  World world = make_world(port());
  WsClient ws(port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(ws.open());
  REQUIRE(ws.next_of("hello")["type"] == "hello");
  REQUIRE(ws.command("login",
                     {{"team_id", world.team_id}, {"dial_number", "2015550100"}})["type"] == "ack");
  ws.seen.clear();

  auto status = std::async(std::launch::async, [this] { return server->terminate(); });
  auto going_away = ws.next_of("going_away", 10s);
  REQUIRE(going_away["type"] == "going_away");
  REQUIRE(going_away["reconnect_within_ms"].is_number_integer());
  CHECK(going_away["reconnect_within_ms"].get<long long>() > 0);
  CHECK(going_away["seq"].is_number_integer());
  CHECK(ws.wait_closed(10s) == 1001);
  CHECK(status.get() == 0);

  // A drain is not the agent leaving: after the restart it is still logged in.
  start();
  WsClient again(port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(again.open());
  auto hello = again.next_of("hello");
  CHECK(hello["agent_state"]["state"] == "Available");
  CHECK(hello["agent_state"]["dial_number"] == "2015550100");
}

TEST_CASE_METHOD(RestartFixture,
                 "An idle server exits 0 on SIGTERM and restarts on the same database") {
  World world = make_world(port(), "Quiet", 1);
  REQUIRE(server->terminate() == 0);
  start();
  CHECK(list_has(get_json(port(), "/v1/tenants", ServerProcess::kAdminToken), world.tenant_id));
  REQUIRE(server->terminate() == 0);
  start();
  CHECK(get_json(port(), "/v1/agents/" + world.agents[0].id, world.admin_token)["id"] ==
        world.agents[0].id);
}
