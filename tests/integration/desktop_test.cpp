// Agent desktops over a real WebSocket: authentication, hello, login and state changes (AS1,
// AS2, AS5, AS6), superseding (AS7), frame limits.
#include <catch2/catch.hpp>

#include "clients.hpp"
#include "replies.hpp"
#include "server_process.hpp"
#include "world.hpp"

using namespace ccr::test;
using nlohmann::json;

namespace {

struct DesktopFixture {
  TempDir dir;
  ServerProcess server{{dir.file("ccr.db"), {}, {}}};
  World world = make_world(server.port());
};

// A server whose desktops must authenticate within 300 ms.
struct ShortAuthFixture {
  TempDir dir;
  ServerProcess server{{dir.file("ccr.db"), {}, {{"CCROUTER_TIMEOUTS_WS_AUTH_MS", "300"}}}};
  World world = make_world(server.port());
};

std::vector<json> events_of(const std::vector<json>& frames, const std::string& type) {
  std::vector<json> out;
  for (const auto& f : frames) {
    if (f.value("type", "") == type) out.push_back(f);
  }
  return out;
}

json get_agent(const World& w, const std::string& agent_id) {
  auto r = http(w.port, "GET", "/v1/agents/" + agent_id, {}, bearer(w.admin_token));
  REQUIRE(r.status == 200);
  return r.json();
}

std::string create(const World& w, const std::string& path, const std::string& name) {
  auto r = http(w.port, "POST", path, json{{"name", name}}.dump(), bearer(w.admin_token));
  REQUIRE(r.status == 201);
  return r.json()["id"];
}

bool contains_code(const json& list, const std::string& id) {
  for (const auto& c : list) {
    if (c.value("id", "") == id) return true;
  }
  return false;
}

// A desktop for `token`, past its hello.
struct Desktop {
  WsClient ws;
  json hello;
  Desktop(unsigned short port, const std::string& token)
      : ws(port, "/v1/agent", bearer(token)), hello(ws.next_of("hello")) {}
};

// The hello of a desktop that just authenticated by frame: already seen, or still to come.
json hello_after_authenticate(WsClient& ws) {
  auto seen = events_of(ws.seen, "hello");
  if (!seen.empty()) return seen.front();
  return ws.next_of("hello");
}

json login(WsClient& ws, const World& w, const std::string& dial = "2015550100") {
  return ws.command("login", {{"team_id", w.team_id}, {"dial_number", dial}});
}

}  // namespace

TEST_CASE_METHOD(DesktopFixture,
                 "AS5: an agent logs in with a team and a dial number and gets a hello") {
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

// ---------------------------------------------------------------------------------------------
// Authentication

TEST_CASE_METHOD(DesktopFixture, "A desktop authenticates with a bearer token on the upgrade") {
  WsClient ws(server.port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(ws.open());
  auto hello = ws.next_of("hello");
  REQUIRE(hello["type"] == "hello");
  CHECK(hello["agent"]["id"] == world.agents[0].id);
  CHECK(ws.command("ping")["type"] == "ack");
}

TEST_CASE_METHOD(DesktopFixture,
                 "A desktop authenticates with an authenticate first frame: ack and hello") {
  WsClient ws(server.port(), "/v1/agent");
  REQUIRE(ws.open());
  ws.send({{"type", "authenticate"}, {"id", "auth-1"}, {"token", world.agents[0].token}});
  json ack;
  json hello;
  for (int i = 0; i < 2; ++i) {
    auto frame = ws.next();
    REQUIRE(frame);
    if ((*frame)["type"] == "ack") ack = *frame;
    if ((*frame)["type"] == "hello") hello = *frame;
  }
  REQUIRE(ack.is_object());
  CHECK(ack["re"] == "auth-1");
  CHECK(ack["agent_id"] == world.agents[0].id);
  REQUIRE(hello.is_object());
  CHECK(hello["seq"] == 1);
  CHECK(hello["agent"]["id"] == world.agents[0].id);
  CHECK(hello["agent_state"]["state"] == "LoggedOut");
  // The session is fully usable.
  auto login_ack = login(ws, world);
  CHECK(login_ack["type"] == "ack");
  CHECK(login_ack["agent_state"]["state"] == "Available");
}

TEST_CASE_METHOD(DesktopFixture, "A bad bearer token is refused at the upgrade with 401") {
  WsClient ws(server.port(), "/v1/agent", bearer("not-a-real-token-0123456789abcdef"));
  CHECK_FALSE(ws.open());
  CHECK(ws.refused_status() == 401);
  // No session was made for anyone: the real agent is still without a desktop.
  CHECK(get_agent(world, world.agents[0].id)["desktop_connected"] == false);
}

TEST_CASE_METHOD(DesktopFixture, "A supervisor or admin token is refused at the upgrade with 403") {
  auto sup = http(server.port(), "POST", "/v1/tokens", R"({"role":"supervisor"})",
                  bearer(world.admin_token));
  REQUIRE(sup.status == 201);
  {
    WsClient ws(server.port(), "/v1/agent", bearer(sup.json()["token"]));
    CHECK_FALSE(ws.open());
    CHECK(ws.refused_status() == 403);
  }
  {
    WsClient ws(server.port(), "/v1/agent", bearer(world.admin_token));
    CHECK_FALSE(ws.open());
    CHECK(ws.refused_status() == 403);
  }
  {
    WsClient ws(server.port(), "/v1/agent", bearer(ServerProcess::kAdminToken));
    CHECK_FALSE(ws.open());
    CHECK(ws.refused_status() == 403);
  }
}

TEST_CASE_METHOD(DesktopFixture,
                 "A bad token in the authenticate frame gets unauthenticated and a close") {
  WsClient ws(server.port(), "/v1/agent");
  REQUIRE(ws.open());
  ws.send({{"type", "authenticate"}, {"id", "a1"}, {"token", "wrong-token-0123456789abcdef"}});
  auto error = ws.next();
  REQUIRE(error);
  CHECK((*error)["type"] == "error");
  CHECK((*error)["code"] == "unauthenticated");
  CHECK((*error)["re"] == "a1");
  CHECK(ws.wait_closed() == 1008);
  CHECK(events_of(ws.seen, "hello").empty());
}

TEST_CASE_METHOD(DesktopFixture,
                 "A supervisor token in the authenticate frame is forbidden and closed") {
  auto sup = http(server.port(), "POST", "/v1/tokens", R"({"role":"supervisor"})",
                  bearer(world.admin_token));
  REQUIRE(sup.status == 201);
  WsClient ws(server.port(), "/v1/agent");
  REQUIRE(ws.open());
  ws.send({{"type", "authenticate"}, {"id", "a1"}, {"token", sup.json()["token"]}});
  auto error = ws.next();
  REQUIRE(error);
  CHECK((*error)["type"] == "error");
  CHECK((*error)["code"] == "forbidden");
  CHECK(ws.wait_closed() != 0);
  CHECK(events_of(ws.seen, "hello").empty());
}

TEST_CASE_METHOD(
    ShortAuthFixture,
    "A desktop that does not authenticate within ws_auth_ms gets an error and a close") {
  WsClient ws(server.port(), "/v1/agent");
  REQUIRE(ws.open());
  auto error = ws.next(5s);
  REQUIRE(error);
  CHECK((*error)["type"] == "error");
  CHECK((*error)["code"] == "unauthenticated");
  CHECK(ws.wait_closed() != 0);
  CHECK(events_of(ws.seen, "hello").empty());
}

TEST_CASE_METHOD(ShortAuthFixture, "A desktop authenticated on the upgrade has no auth deadline") {
  Desktop d(server.port(), world.agents[0].token);
  REQUIRE(d.hello["type"] == "hello");
  // Well past the 300 ms deadline, the session is still usable. The server answers the login
  // only after it commits, so the ping below runs after the deadline would have fired.
  auto until = std::chrono::steady_clock::now() + 600ms;
  while (std::chrono::steady_clock::now() < until) {
    REQUIRE(d.ws.command("ping")["type"] == "ack");
  }
  CHECK(login(d.ws, world)["type"] == "ack");
}

TEST_CASE_METHOD(DesktopFixture,
                 "Commands before authenticating get unauthenticated, the socket stays") {
  WsClient ws(server.port(), "/v1/agent");
  REQUIRE(ws.open());
  auto ping = ws.command("ping");
  CHECK(ping["type"] == "error");
  CHECK(ping["code"] == "unauthenticated");
  auto early_login =
      ws.command("login", {{"team_id", world.team_id}, {"dial_number", "2015550100"}});
  CHECK(early_login["type"] == "error");
  CHECK(early_login["code"] == "unauthenticated");
  CHECK(get_agent(world, world.agents[0].id)["state"] == "LoggedOut");
  // Still usable: authenticate now.
  auto ack = ws.command("authenticate", {{"token", world.agents[0].token}});
  CHECK(ack["type"] == "ack");
  auto hello = hello_after_authenticate(ws);
  CHECK(hello["agent"]["id"] == world.agents[0].id);
  CHECK(ws.command("ping")["type"] == "ack");
}

// ---------------------------------------------------------------------------------------------
// Hello and event numbering

TEST_CASE_METHOD(DesktopFixture,
                 "AS5: hello carries the profile, codes, read-only settings and state") {
  const auto lunch = create(world, "/v1/idle-codes", "Lunch");
  Desktop d(server.port(), world.agents[0].token);
  const auto& hello = d.hello;
  REQUIRE(hello["type"] == "hello");
  CHECK(hello["seq"] == 1);
  REQUIRE(hello["epoch"].is_string());
  CHECK_FALSE(hello["epoch"].get<std::string>().empty());
  CHECK(hello["at"].is_string());
  CHECK(hello["session_id"].is_string());
  CHECK(hello["agent"]["id"] == world.agents[0].id);
  CHECK(hello["agent"]["name"] == "Agent 1");
  REQUIRE(hello["agent"]["teams"].is_array());
  REQUIRE(hello["agent"]["teams"].size() == 1);
  CHECK(hello["agent"]["teams"][0]["id"] == world.team_id);
  CHECK(hello["agent"]["teams"][0]["name"] == "Support");
  CHECK(contains_code(hello["idle_codes"], world.idle_code_id));
  CHECK(contains_code(hello["idle_codes"], lunch));
  CHECK(contains_code(hello["wrapup_codes"], world.wrapup_code_id));
  CHECK_FALSE(contains_code(hello["wrapup_codes"], world.idle_code_id));
  REQUIRE(hello["settings"].is_object());
  CHECK(hello["settings"]["noise_removal"] == true);
  CHECK(hello["agent_state"]["state"] == "LoggedOut");
  CHECK(hello["offers"] == json::array());
  CHECK(hello["total"] == 0);
  CHECK(hello["interactions"] == json::array());
}

TEST_CASE_METHOD(DesktopFixture, "Event seq rises by one per event on a connection, in one epoch") {
  const auto lunch = create(world, "/v1/idle-codes", "Lunch");
  Desktop d(server.port(), world.agents[0].token);
  REQUIRE(d.hello["seq"] == 1);
  REQUIRE(login(d.ws, world)["type"] == "ack");
  REQUIRE(d.ws.command("set_state",
                       {{"state", "Idle"}, {"idle_code_id", world.idle_code_id}})["type"] == "ack");
  REQUIRE(d.ws.command("ping")["type"] == "ack");  // replies are not events: no seq
  REQUIRE(d.ws.command("set_state", {{"state", "Idle"}, {"idle_code_id", lunch}})["type"] == "ack");
  REQUIRE(d.ws.command("set_state", {{"state", "Available"}})["type"] == "ack");
  auto events = events_of(d.ws.seen, "agent_state");
  REQUIRE(events.size() == 4);
  for (std::size_t i = 0; i < events.size(); ++i) {
    CHECK(events[i]["seq"] == 2 + i);
    CHECK(events[i]["epoch"] == d.hello["epoch"]);
    CHECK(events[i]["at"].is_string());
  }
  CHECK(events[0]["state"] == "Available");
  CHECK(events[0]["reason"] == "login");
  CHECK(events[1]["state"] == "Idle");
  CHECK(events[1]["idle_code_id"] == world.idle_code_id);
  CHECK(events[2]["idle_code_id"] == lunch);
  CHECK(events[3]["state"] == "Available");
  CHECK(events[3]["reason"] == "requested");
}

// ---------------------------------------------------------------------------------------------
// AS1 / AS2: states

TEST_CASE_METHOD(DesktopFixture, "AS1: Idle needs a valid idle reason code") {
  Desktop d(server.port(), world.agents[0].token);
  REQUIRE(login(d.ws, world)["type"] == "ack");

  auto missing = d.ws.command("set_state", {{"state", "Idle"}});
  CHECK(missing["type"] == "error");
  CHECK(missing["code"] == "validation_failed");
  CHECK(has_field_error(missing, "idle_code_id"));

  auto unknown = d.ws.command("set_state", {{"state", "Idle"}, {"idle_code_id", "ic_nope"}});
  CHECK(unknown["type"] == "error");
  CHECK(unknown["code"] == "validation_failed");
  CHECK(has_field_error(unknown, "idle_code_id"));

  // A wrap-up code is not an idle code.
  auto wrong_kind =
      d.ws.command("set_state", {{"state", "Idle"}, {"idle_code_id", world.wrapup_code_id}});
  CHECK(wrong_kind["code"] == "validation_failed");

  // Nothing changed.
  CHECK(get_agent(world, world.agents[0].id)["state"] == "Available");
  CHECK(events_of(d.ws.seen, "agent_state").size() == 1);  // the login's only

  auto ok = d.ws.command("set_state", {{"state", "Idle"}, {"idle_code_id", world.idle_code_id}});
  REQUIRE(ok["type"] == "ack");
  CHECK(ok["agent_state"]["state"] == "Idle");
  CHECK(ok["agent_state"]["idle_code_id"] == world.idle_code_id);
  CHECK(get_agent(world, world.agents[0].id)["state"] == "Idle");
}

TEST_CASE_METHOD(DesktopFixture, "AS1: an Idle agent switches idle codes, then goes Available") {
  const auto lunch = create(world, "/v1/idle-codes", "Lunch");
  Desktop d(server.port(), world.agents[0].token);
  REQUIRE(login(d.ws, world)["type"] == "ack");
  auto first = d.ws.command("set_state", {{"state", "Idle"}, {"idle_code_id", world.idle_code_id}});
  REQUIRE(first["type"] == "ack");
  auto second = d.ws.command("set_state", {{"state", "Idle"}, {"idle_code_id", lunch}});
  REQUIRE(second["type"] == "ack");
  CHECK(second["agent_state"]["state"] == "Idle");
  CHECK(second["agent_state"]["idle_code_id"] == lunch);
  auto events = events_of(d.ws.seen, "agent_state");
  REQUIRE(events.size() == 3);
  CHECK(events.back()["idle_code_id"] == lunch);

  // An unknown code while Idle keeps the current one.
  auto bad = d.ws.command("set_state", {{"state", "Idle"}, {"idle_code_id", "ic_missing"}});
  CHECK(bad["code"] == "validation_failed");

  auto available = d.ws.command("set_state", {{"state", "Available"}});
  REQUIRE(available["type"] == "ack");
  CHECK(available["agent_state"]["state"] == "Available");
  CHECK(available["agent_state"]["idle_code_id"].is_null());

  // A reconnecting desktop sees the same.
  Desktop again(server.port(), world.agents[0].token);
  CHECK(again.hello["agent_state"]["state"] == "Available");
}

TEST_CASE_METHOD(DesktopFixture,
                 "AS2: an agent cannot choose RONA or LoggedOut through set_state") {
  Desktop d(server.port(), world.agents[0].token);
  REQUIRE(login(d.ws, world)["type"] == "ack");
  for (const char* state : {"RONA", "LoggedOut"}) {
    INFO(state);
    auto r = d.ws.command("set_state", {{"state", state}});
    CHECK(r["type"] == "error");
    CHECK(r["code"] == "validation_failed");
    CHECK(has_field_error(r, "state"));
  }
  CHECK(get_agent(world, world.agents[0].id)["state"] == "Available");
}

// ---------------------------------------------------------------------------------------------
// AS5: login and logout

TEST_CASE_METHOD(DesktopFixture, "AS5: login with a team the agent is not in is refused") {
  const auto other_team = create(world, "/v1/teams", "Sales");
  Desktop d(server.port(), world.agents[0].token);
  auto r = d.ws.command("login", {{"team_id", other_team}, {"dial_number", "2015550100"}});
  CHECK(r["type"] == "error");
  CHECK(r["code"] == "validation_failed");
  CHECK(has_field_error(r, "team_id"));
  auto unknown = d.ws.command("login", {{"team_id", "tm_unknown"}, {"dial_number", "2015550100"}});
  CHECK(unknown["code"] == "validation_failed");
  CHECK(has_field_error(unknown, "team_id"));
  CHECK(get_agent(world, world.agents[0].id)["state"] == "LoggedOut");
  CHECK(events_of(d.ws.seen, "agent_state").empty());
}

TEST_CASE_METHOD(DesktopFixture, "AS5, DN1: login with a bad dial number is refused") {
  Desktop d(server.port(), world.agents[0].token);
  for (const char* number : {"12", "abc", "1234567890123456789"}) {
    INFO(number);
    auto r = d.ws.command("login", {{"team_id", world.team_id}, {"dial_number", number}});
    CHECK(r["type"] == "error");
    CHECK(r["code"] == "invalid_dial_number");
  }
  CHECK(get_agent(world, world.agents[0].id)["state"] == "LoggedOut");
  CHECK(events_of(d.ws.seen, "agent_state").empty());
}

TEST_CASE_METHOD(DesktopFixture, "AS5: logging in twice is refused with invalid_state") {
  Desktop d(server.port(), world.agents[0].token);
  REQUIRE(login(d.ws, world, "2015550100")["type"] == "ack");
  auto again = login(d.ws, world, "2015550199");
  CHECK(again["type"] == "error");
  CHECK(again["code"] == "invalid_state");
  CHECK(again["state"] == "Available");
  // The first login's dial number stays.
  Desktop other(server.port(), world.agents[0].token);
  CHECK(other.hello["agent_state"]["dial_number"] == "2015550100");
}

TEST_CASE_METHOD(DesktopFixture,
                 "AS5: set_state and logout before login are refused with invalid_state") {
  Desktop d(server.port(), world.agents[0].token);
  auto available = d.ws.command("set_state", {{"state", "Available"}});
  CHECK(available["type"] == "error");
  CHECK(available["code"] == "invalid_state");
  CHECK(available["state"] == "LoggedOut");
  auto idle = d.ws.command("set_state", {{"state", "Idle"}, {"idle_code_id", world.idle_code_id}});
  CHECK(idle["code"] == "invalid_state");
  auto logout = d.ws.command("logout");
  CHECK(logout["code"] == "invalid_state");
  CHECK(get_agent(world, world.agents[0].id)["state"] == "LoggedOut");
  CHECK(events_of(d.ws.seen, "agent_state").empty());
}

TEST_CASE_METHOD(DesktopFixture, "AS5: logout puts the agent in LoggedOut") {
  Desktop d(server.port(), world.agents[0].token);
  REQUIRE(login(d.ws, world)["type"] == "ack");
  REQUIRE(d.ws.command("set_state",
                       {{"state", "Idle"}, {"idle_code_id", world.idle_code_id}})["type"] == "ack");
  auto out = d.ws.command("logout");
  REQUIRE(out["type"] == "ack");
  CHECK(out["agent_state"]["state"] == "LoggedOut");
  CHECK(out["agent_state"]["idle_code_id"].is_null());
  CHECK(out["agent_state"]["team_id"].is_null());
  auto events = events_of(d.ws.seen, "agent_state");
  REQUIRE(!events.empty());
  CHECK(events.back()["state"] == "LoggedOut");
  CHECK(get_agent(world, world.agents[0].id)["state"] == "LoggedOut");
  // Logged out, the agent can log in again.
  CHECK(login(d.ws, world)["type"] == "ack");
}

TEST_CASE_METHOD(DesktopFixture,
                 "AS5: another agent's state is not touched by this agent's commands") {
  Desktop a(server.port(), world.agents[0].token);
  Desktop b(server.port(), world.agents[1].token);
  REQUIRE(login(a.ws, world)["type"] == "ack");
  CHECK(get_agent(world, world.agents[0].id)["state"] == "Available");
  CHECK(get_agent(world, world.agents[1].id)["state"] == "LoggedOut");
  CHECK(b.ws.command("ping")["type"] == "ack");
  CHECK(events_of(b.ws.seen, "agent_state").empty());
}

// ---------------------------------------------------------------------------------------------
// AS6: settings are read-only for agents

TEST_CASE_METHOD(DesktopFixture, "AS6: a desktop cannot change tenant settings") {
  Desktop d(server.port(), world.agents[0].token);
  REQUIRE(login(d.ws, world)["type"] == "ack");
  auto r = d.ws.command("update_settings", {{"noise_removal", false}});
  CHECK(r["type"] == "error");
  CHECK(r["code"] == "forbidden");
  auto settings = http(server.port(), "GET", "/v1/settings", {}, bearer(world.admin_token));
  REQUIRE(settings.status == 200);
  CHECK(settings.json()["noise_removal"] == true);
  // The REST path refuses the agent as well.
  auto patch = http(server.port(), "PATCH", "/v1/settings", R"({"noise_removal":false})",
                    bearer(world.agents[0].token));
  CHECK(patch.status == 403);
  settings = http(server.port(), "GET", "/v1/settings", {}, bearer(world.admin_token));
  CHECK(settings.json()["noise_removal"] == true);
  // The connection is still usable and the agent is still Available.
  CHECK(d.ws.command("ping")["type"] == "ack");
  CHECK(get_agent(world, world.agents[0].id)["state"] == "Available");
  Desktop again(server.port(), world.agents[1].token);
  CHECK(again.hello["settings"]["noise_removal"] == true);
}

// ---------------------------------------------------------------------------------------------
// AS7: a second desktop supersedes the first

TEST_CASE_METHOD(DesktopFixture, "AS7: a second desktop for the same agent supersedes the first") {
  Desktop first(server.port(), world.agents[0].token);
  REQUIRE(login(first.ws, world, "2015550100")["type"] == "ack");
  REQUIRE(first.ws.command("set_state", {{"state", "Idle"},
                                         {"idle_code_id", world.idle_code_id}})["type"] == "ack");

  Desktop second(server.port(), world.agents[0].token);
  REQUIRE(second.hello["type"] == "hello");
  CHECK(second.hello["session_id"] != first.hello["session_id"]);
  CHECK(second.hello["agent_state"]["state"] == "Idle");
  CHECK(second.hello["agent_state"]["idle_code_id"] == world.idle_code_id);
  CHECK(second.hello["agent_state"]["team_id"] == world.team_id);
  CHECK(second.hello["agent_state"]["dial_number"] == "2015550100");

  CHECK(first.ws.wait_closed() == 4001);
  // The agent stays logged in, unchanged, and its desktop counts as connected.
  CHECK(second.ws.command("ping")["type"] == "ack");
  auto agent = get_agent(world, world.agents[0].id);
  CHECK(agent["state"] == "Idle");
  CHECK(agent["desktop_connected"] == true);
  CHECK(events_of(second.ws.seen, "agent_state").empty());
  // The second desktop is fully usable.
  auto available = second.ws.command("set_state", {{"state", "Available"}});
  CHECK(available["type"] == "ack");
  CHECK(get_agent(world, world.agents[0].id)["state"] == "Available");
}

// ---------------------------------------------------------------------------------------------
// ping and metrics

TEST_CASE_METHOD(DesktopFixture, "ping gets an ack carrying the request id") {
  Desktop d(server.port(), world.agents[0].token);
  d.ws.send({{"type", "ping"}, {"id", "ping-42"}});
  auto ack = d.ws.next();
  REQUIRE(ack);
  CHECK((*ack)["type"] == "ack");
  CHECK((*ack)["re"] == "ping-42");
  // A ping needs no login and no id.
  d.ws.send({{"type", "ping"}});
  auto bare = d.ws.next();
  REQUIRE(bare);
  CHECK((*bare)["type"] == "ack");
}

TEST_CASE_METHOD(DesktopFixture, "Metrics count desktop commands by type and outcome") {
  Desktop d(server.port(), world.agents[0].token);
  REQUIRE(login(d.ws, world, "12")["code"] == "invalid_dial_number");
  REQUIRE(login(d.ws, world)["type"] == "ack");
  REQUIRE(d.ws.command("ping")["type"] == "ack");
  auto metrics = http(server.port(), "GET", "/metrics");
  REQUIRE(metrics.status == 200);
  CHECK_THAT(metrics.body,
             Catch::Contains("ccrouter_commands_total{type=\"login\",outcome=\"ok\"} 1\n"));
  CHECK_THAT(metrics.body,
             Catch::Contains("ccrouter_commands_total{type=\"login\",outcome=\"error\"} 1\n"));
  CHECK_THAT(metrics.body,
             Catch::Contains("ccrouter_commands_total{type=\"ping\",outcome=\"ok\"} 1\n"));
  CHECK_THAT(metrics.body, Catch::Contains("ccrouter_desktops 1\n"));
}
