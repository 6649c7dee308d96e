// Agent desktops over a real WebSocket: authentication, hello, login and state changes (AS1,
// AS2, AS5, AS6), superseding (AS7), frame limits.
#include <catch2/catch.hpp>

#include "clients.hpp"
#include "server_process.hpp"
#include "world.hpp"

using namespace ccr::test;
using nlohmann::json;

namespace {

struct Fixture {
  TempDir dir;
  ServerProcess server{{dir.file("ccr.db"), {}, {}}};
  World world = make_world(server.port());
};

}  // namespace

TEST_CASE_METHOD(Fixture, "AS5: an agent logs in with a team and a dial number and gets a hello") {
  WsClient ws(server.port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(ws.open());
  auto hello = ws.next_of("hello");
  CHECK(hello["seq"] == 1);
  CHECK(hello["agent"]["id"] == world.agents[0].id);
  CHECK(hello["agent_state"]["state"] == "LoggedOut");
  CHECK(hello["settings"]["noise_removal"] == true);
  auto ack = ws.command("login", {{"team_id", world.team_id}, {"dial_number", "(201) 553-2447"}});
  REQUIRE(ack["type"] == "ack");
  CHECK(ack["agent_state"]["state"] == "Available");
  CHECK(ack["agent_state"]["dial_number"] == "2015532447");
  REQUIRE(!ws.seen.empty());
  CHECK(ws.seen.back()["type"] == "agent_state");
  CHECK(ws.seen.back()["seq"] == 2);
}
