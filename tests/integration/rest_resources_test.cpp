// REST resources through real HTTP against the real server: CRUD of tenants, teams, agents (and
// their tokens), idle and wrap-up codes (AS4), tenant settings (AS6, LI1, RE3) and API tokens;
// cursor pagination, ETag / If-Match, Idempotency-Key, conflicts and problem+json errors.
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "clients.hpp"
#include "replies.hpp"
#include "server_process.hpp"
#include "world.hpp"

using namespace ccr::test;
using nlohmann::json;

namespace {

// "404 not_found" for a well-formed problem+json reply, otherwise a description of what came back,
// so that a failed CHECK shows the whole story.
struct RestResourcesFixture {
  TempDir dir;
  ServerProcess server{{dir.file("ccr.db"), {}, {}}};
  World world = make_world(server.port());

  unsigned short port() const { return server.port(); }

  HttpResult admin(const std::string& method, const std::string& target,
                   const std::string& body = {}, const Headers& extra = {}) const {
    return http(port(), method, target, body, with(bearer(world.admin_token), extra));
  }

  HttpResult server_admin(const std::string& method, const std::string& target,
                          const std::string& body = {}, const Headers& extra = {}) const {
    return http(port(), method, target, body, with(bearer(ServerProcess::kAdminToken), extra));
  }

  // Every item of a collection, walking all pages.
  std::vector<json> all(const std::string& collection, const std::string& token) const {
    std::vector<json> out;
    std::string cursor;
    for (int guard = 0; guard < 100; ++guard) {
      auto target = collection + "?limit=200" + (cursor.empty() ? "" : "&cursor=" + cursor);
      auto r = http(port(), "GET", target, {}, bearer(token));
      REQUIRE(r.status == 200);
      auto body = r.json();
      for (const auto& item : body["items"]) out.push_back(item);
      if (body["next_cursor"].is_null()) break;
      cursor = body["next_cursor"].get<std::string>();
    }
    return out;
  }
  std::vector<json> all(const std::string& collection) const {
    return all(collection, world.admin_token);
  }

  std::string create(const std::string& collection, const json& body) const {
    auto r = admin("POST", collection, body.dump());
    INFO(r.body);
    REQUIRE(r.status == 201);
    return r.json()["id"];
  }

  json agent_body(const std::string& name) const {
    return {{"name", name},
            {"team_ids", {world.team_id}},
            {"channels", {{"voice", 1}, {"chat", 5}, {"email", 2}, {"social", 0}}},
            {"skills", {{"billing", 7}}}};
  }
};

bool has_id(const std::vector<json>& items, const std::string& id) {
  for (const auto& item : items) {
    if (item.value("id", "") == id) return true;
  }
  return false;
}

}  // namespace

// --- tenants ---------------------------------------------------------------------------------

TEST_CASE_METHOD(RestResourcesFixture,
                 "The server admin creates, lists, reads, renames and deletes tenants") {
  auto made = server_admin("POST", "/v1/tenants", R"({"name":"Globex"})");
  REQUIRE(made.status == 201);
  auto tenant = made.json();
  const std::string id = tenant["id"];
  const std::string token = tenant["admin_token"];
  CHECK(tenant["name"] == "Globex");
  CHECK(token.size() >= 22);  // at least 128 random bits, however encoded
  CHECK(etag_version(made) == 1);

  // The new tenant's admin token works, and sees an empty tenant.
  auto teams = http(port(), "GET", "/v1/teams", {}, bearer(token));
  REQUIRE(teams.status == 200);
  CHECK(teams.json()["items"].empty());

  auto listed = all("/v1/tenants", ServerProcess::kAdminToken);
  CHECK(has_id(listed, id));
  CHECK(has_id(listed, world.tenant_id));

  auto got = server_admin("GET", "/v1/tenants/" + id);
  REQUIRE(got.status == 200);
  CHECK(got.json()["name"] == "Globex");
  CHECK(!got.json().contains("admin_token"));
  CHECK(got.header("etag") == quoted(1));

  auto renamed = server_admin("PATCH", "/v1/tenants/" + id, R"({"name":"Globex Corp"})");
  REQUIRE(renamed.status == 200);
  CHECK(renamed.json()["name"] == "Globex Corp");
  CHECK(etag_version(renamed) == 2);
  CHECK(server_admin("GET", "/v1/tenants/" + id).json()["name"] == "Globex Corp");

  auto deleted = server_admin("DELETE", "/v1/tenants/" + id);
  CHECK(deleted.status == 204);
  CHECK(deleted.body.empty());
  CHECK(problem_of(server_admin("GET", "/v1/tenants/" + id)) == "404 not_found");
  CHECK(!has_id(all("/v1/tenants", ServerProcess::kAdminToken), id));
  // The deleted tenant's admin token is gone with it.
  CHECK(problem_of(http(port(), "GET", "/v1/teams", {}, bearer(token))) == "401 unauthenticated");
  // The other tenant is untouched.
  CHECK(admin("GET", "/v1/teams/" + world.team_id).status == 200);
}

TEST_CASE_METHOD(RestResourcesFixture, "Unknown tenant ids answer 404 to the server admin") {
  CHECK(problem_of(server_admin("GET", "/v1/tenants/tn_nope")) == "404 not_found");
  CHECK(problem_of(server_admin("PATCH", "/v1/tenants/tn_nope", R"({"name":"X"})")) ==
        "404 not_found");
  CHECK(problem_of(server_admin("DELETE", "/v1/tenants/tn_nope")) == "404 not_found");
}

TEST_CASE_METHOD(RestResourcesFixture, "A tenant with a logged-in agent cannot be deleted") {
  WsClient ws(port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(ws.open());
  ws.next_of("hello");
  REQUIRE(ws.command("login",
                     {{"team_id", world.team_id}, {"dial_number", "2015550100"}})["type"] == "ack");
  CHECK(problem_of(server_admin("DELETE", "/v1/tenants/" + world.tenant_id)) ==
        "409 invalid_state");
  CHECK(server_admin("GET", "/v1/tenants/" + world.tenant_id).status == 200);
  CHECK(admin("GET", "/v1/teams").status == 200);
}

// --- teams -----------------------------------------------------------------------------------

TEST_CASE_METHOD(RestResourcesFixture,
                 "An admin creates, reads, lists, renames and deletes a team") {
  auto made = admin("POST", "/v1/teams", R"({"name":"Sales"})");
  REQUIRE(made.status == 201);
  CHECK(made.header("content-type") == "application/json");
  const std::string id = made.json()["id"];
  CHECK(!id.empty());
  CHECK(made.json()["name"] == "Sales");
  CHECK(made.json()["created_at"].is_string());

  auto got = admin("GET", "/v1/teams/" + id);
  REQUIRE(got.status == 200);
  CHECK(got.json()["name"] == "Sales");
  CHECK(got.json()["id"] == id);

  auto teams = all("/v1/teams");
  CHECK(teams.size() == 2);
  CHECK(has_id(teams, id));
  CHECK(has_id(teams, world.team_id));

  auto renamed = admin("PATCH", "/v1/teams/" + id, R"({"name":"  Inside Sales  "})");
  REQUIRE(renamed.status == 200);
  CHECK(renamed.json()["name"] == "Inside Sales");  // surrounding spaces trimmed
  CHECK(admin("GET", "/v1/teams/" + id).json()["name"] == "Inside Sales");

  auto deleted = admin("DELETE", "/v1/teams/" + id);
  CHECK(deleted.status == 204);
  CHECK(deleted.body.empty());
  CHECK(problem_of(admin("GET", "/v1/teams/" + id)) == "404 not_found");
  CHECK(all("/v1/teams").size() == 1);
}

TEST_CASE_METHOD(RestResourcesFixture, "Unknown team, agent and code ids answer 404") {
  for (const std::string collection :
       {"/v1/teams", "/v1/agents", "/v1/idle-codes", "/v1/wrapup-codes"}) {
    INFO(collection);
    CHECK(problem_of(admin("GET", collection + "/nope")) == "404 not_found");
    CHECK(problem_of(admin("PATCH", collection + "/nope", R"({"name":"X"})")) == "404 not_found");
    CHECK(problem_of(admin("DELETE", collection + "/nope")) == "404 not_found");
  }
  CHECK(problem_of(admin("POST", "/v1/agents/nope/tokens")) == "404 not_found");
  CHECK(problem_of(admin("DELETE", "/v1/tokens/nope")) == "404 not_found");
}

TEST_CASE_METHOD(RestResourcesFixture, "A team name is unique in a tenant whatever its case") {
  CHECK(problem_of(admin("POST", "/v1/teams", R"({"name":"support"})")) == "409 conflict");
  CHECK(problem_of(admin("POST", "/v1/teams", R"({"name":"SUPPORT "})")) == "409 conflict");
  const auto other = create("/v1/teams", {{"name", "Billing"}});
  CHECK(problem_of(admin("PATCH", "/v1/teams/" + other, R"({"name":"sUpPoRt"})")) ==
        "409 conflict");
  CHECK(admin("GET", "/v1/teams/" + other).json()["name"] == "Billing");
  CHECK(all("/v1/teams").size() == 2);
  // Renaming a team to its own name in another case is fine.
  auto same = admin("PATCH", "/v1/teams/" + other, R"({"name":"BILLING"})");
  CHECK(same.status == 200);
  CHECK(same.json()["name"] == "BILLING");
}

TEST_CASE_METHOD(RestResourcesFixture, "A team that still has agents cannot be deleted") {
  auto refused = admin("DELETE", "/v1/teams/" + world.team_id);
  CHECK(problem_of(refused) == "409 conflict");
  CHECK(admin("GET", "/v1/teams/" + world.team_id).status == 200);

  // Once its last agent has left the team, it can go.
  const auto spare = create("/v1/teams", {{"name", "Spare"}});
  for (const auto& agent : world.agents) {
    auto moved = admin("PATCH", "/v1/agents/" + agent.id, json{{"team_ids", {spare}}}.dump());
    REQUIRE(moved.status == 200);
  }
  CHECK(admin("DELETE", "/v1/teams/" + world.team_id).status == 204);
  CHECK(problem_of(admin("DELETE", "/v1/teams/" + spare)) == "409 conflict");
}

// --- agents ----------------------------------------------------------------------------------

TEST_CASE_METHOD(RestResourcesFixture,
                 "OF10: an admin creates, reads, updates and deletes an agent") {
  auto made = admin("POST", "/v1/agents", agent_body("Dana Scully").dump());
  REQUIRE(made.status == 201);
  auto agent = made.json();
  const std::string id = agent["id"];
  CHECK(agent["name"] == "Dana Scully");
  CHECK(agent["team_ids"] == json::array({world.team_id}));
  CHECK(agent["channels"] == json{{"voice", 1}, {"chat", 5}, {"email", 2}, {"social", 0}});
  CHECK(agent["skills"] == json{{"billing", 7}});

  auto got = admin("GET", "/v1/agents/" + id);
  REQUIRE(got.status == 200);
  CHECK(got.json()["name"] == "Dana Scully");
  CHECK(got.json()["state"] == "LoggedOut");
  CHECK(got.json()["channels"]["chat"] == 5);

  auto agents = all("/v1/agents");
  CHECK(agents.size() == 3);
  CHECK(has_id(agents, id));

  // A search by name narrows the list.
  auto found = admin("GET", "/v1/agents?name=scully");
  REQUIRE(found.status == 200);
  REQUIRE(found.json()["items"].size() == 1);
  CHECK(found.json()["items"][0]["id"] == id);

  // A patch changes only what it names.
  auto patched = admin(
      "PATCH", "/v1/agents/" + id,
      R"({"channels":{"voice":0,"chat":10,"email":2,"social":0},"skills":{"billing":3,"french":10}})");
  REQUIRE(patched.status == 200);
  CHECK(patched.json()["name"] == "Dana Scully");
  CHECK(patched.json()["channels"] ==
        json{{"voice", 0}, {"chat", 10}, {"email", 2}, {"social", 0}});
  CHECK(patched.json()["skills"] == json{{"billing", 3}, {"french", 10}});
  auto reread = admin("GET", "/v1/agents/" + id).json();
  CHECK(reread["channels"]["chat"] == 10);
  CHECK(reread["skills"]["french"] == 10);
  CHECK(reread["team_ids"] == json::array({world.team_id}));

  auto deleted = admin("DELETE", "/v1/agents/" + id);
  CHECK(deleted.status == 204);
  CHECK(deleted.body.empty());
  CHECK(problem_of(admin("GET", "/v1/agents/" + id)) == "404 not_found");
  CHECK(all("/v1/agents").size() == 2);
}

TEST_CASE_METHOD(RestResourcesFixture, "OF10: a channels PATCH replaces the whole capacity set") {
  // docs/rest.md: left-out channels fall back to their defaults (voice 1, others 0).
  const auto id = create("/v1/agents", agent_body("Monica Reyes"));  // voice 1, chat 5, email 2
  auto patched = admin("PATCH", "/v1/agents/" + id, R"({"channels":{"voice":0,"chat":10}})");
  REQUIRE(patched.status == 200);
  CHECK(patched.json()["channels"] ==
        json{{"voice", 0}, {"chat", 10}, {"email", 0}, {"social", 0}});
  auto defaults = admin("PATCH", "/v1/agents/" + id, R"({"channels":{}})");
  REQUIRE(defaults.status == 200);
  CHECK(defaults.json()["channels"] ==
        json{{"voice", 1}, {"chat", 0}, {"email", 0}, {"social", 0}});
  // A PATCH without channels leaves them alone.
  REQUIRE(admin("PATCH", "/v1/agents/" + id, R"({"name":"M. Reyes"})").status == 200);
  CHECK(admin("GET", "/v1/agents/" + id).json()["channels"]["voice"] == 1);
}

TEST_CASE_METHOD(RestResourcesFixture,
                 "An agent token opens that agent's desktop and dies with the agent") {
  const auto id = create("/v1/agents", agent_body("Fox Mulder"));
  auto issued = admin("POST", "/v1/agents/" + id + "/tokens");
  REQUIRE(issued.status == 201);
  const std::string token = issued.json()["token"];
  CHECK(issued.json()["agent_id"] == id);
  CHECK(issued.json()["role"] == "agent");
  {
    WsClient ws(port(), "/v1/agent", bearer(token));
    REQUIRE(ws.open());
    CHECK(ws.next_of("hello")["agent"]["id"] == id);
  }
  // The token is listed (without its secret) with the agent it belongs to.
  bool listed = false;
  for (const auto& t : all("/v1/tokens")) {
    if (t.value("id", "") == issued.json()["id"]) {
      listed = true;
      CHECK(t["agent_id"] == id);
      CHECK(!t.contains("token"));
    }
  }
  CHECK(listed);

  REQUIRE(admin("DELETE", "/v1/agents/" + id).status == 204);
  WsClient refused(port(), "/v1/agent", bearer(token));
  CHECK(!refused.open());
  CHECK(refused.refused_status() == 401);
  CHECK(problem_of(admin("POST", "/v1/agents/" + id + "/tokens")) == "404 not_found");
}

TEST_CASE_METHOD(RestResourcesFixture,
                 "AS5: a logged-in agent cannot be deleted until they log out") {
  const auto& agent = world.agents[0];
  WsClient ws(port(), "/v1/agent", bearer(agent.token));
  REQUIRE(ws.open());
  ws.next_of("hello");
  REQUIRE(ws.command("login", {{"team_id", world.team_id},
                               {"dial_number", "(201) 553-2447"}})["type"] == "ack");

  CHECK(problem_of(admin("DELETE", "/v1/agents/" + agent.id)) == "409 invalid_state");
  auto still = admin("GET", "/v1/agents/" + agent.id);
  REQUIRE(still.status == 200);
  CHECK(still.json()["state"] == "Available");
  // The agent's desktop keeps working.
  CHECK(ws.command("ping")["type"] == "ack");

  REQUIRE(ws.command("logout")["type"] == "ack");
  CHECK(admin("DELETE", "/v1/agents/" + agent.id).status == 204);
  CHECK(problem_of(admin("GET", "/v1/agents/" + agent.id)) == "404 not_found");
}

// --- idle and wrap-up codes ------------------------------------------------------------------

TEST_CASE_METHOD(RestResourcesFixture, "AS4: an admin manages the idle code list") {
  const auto lunch = create("/v1/idle-codes", {{"name", "Lunch"}});
  const auto training = create("/v1/idle-codes", {{"name", "Training"}});
  auto codes = all("/v1/idle-codes");
  CHECK(codes.size() == 3);
  CHECK(has_id(codes, lunch));
  CHECK(has_id(codes, training));
  CHECK(has_id(codes, world.idle_code_id));

  auto got = admin("GET", "/v1/idle-codes/" + lunch);
  REQUIRE(got.status == 200);
  CHECK(got.json()["name"] == "Lunch");

  auto renamed = admin("PATCH", "/v1/idle-codes/" + lunch, R"({"name":"Long lunch"})");
  REQUIRE(renamed.status == 200);
  CHECK(admin("GET", "/v1/idle-codes/" + lunch).json()["name"] == "Long lunch");

  CHECK(problem_of(admin("POST", "/v1/idle-codes", R"({"name":"TRAINING"})")) == "409 conflict");

  auto search = admin("GET", "/v1/idle-codes?name=LUNCH");
  REQUIRE(search.status == 200);
  REQUIRE(search.json()["items"].size() == 1);
  CHECK(search.json()["items"][0]["id"] == lunch);

  CHECK(admin("DELETE", "/v1/idle-codes/" + lunch).status == 204);
  CHECK(problem_of(admin("GET", "/v1/idle-codes/" + lunch)) == "404 not_found");
  CHECK(all("/v1/idle-codes").size() == 2);

  // The desktop sees the current list.
  WsClient ws(port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(ws.open());
  auto hello = ws.next_of("hello");
  std::set<std::string> ids;
  for (const auto& c : hello["idle_codes"]) ids.insert(c["id"].get<std::string>());
  CHECK(ids == std::set<std::string>{world.idle_code_id, training});
}

TEST_CASE_METHOD(RestResourcesFixture,
                 "AS4: wrap-up codes are managed by an admin and searched by name") {
  const auto sale = create("/v1/wrapup-codes", {{"name", "Sale made"}});
  const auto no_sale = create("/v1/wrapup-codes", {{"name", "No sale"}});
  const auto callback = create("/v1/wrapup-codes", {{"name", "Call back later"}});
  CHECK(all("/v1/wrapup-codes").size() == 4);

  auto search = [&](const std::string& query) {
    auto r = admin("GET", "/v1/wrapup-codes?name=" + query);
    REQUIRE(r.status == 200);
    std::set<std::string> ids;
    const auto body = r.json();
    for (const auto& c : body["items"]) ids.insert(c["id"].get<std::string>());
    return ids;
  };
  CHECK(search("sale") == std::set<std::string>{sale, no_sale});
  CHECK(search("SALE%20MADE") == std::set<std::string>{sale});
  CHECK(search("back") == std::set<std::string>{callback});
  CHECK(search("resolved") == std::set<std::string>{world.wrapup_code_id});
  CHECK(search("nothing-like-this").empty());
  CHECK(search("").size() == 4);

  auto renamed = admin("PATCH", "/v1/wrapup-codes/" + callback, R"({"name":"Callback booked"})");
  REQUIRE(renamed.status == 200);
  CHECK(search("later").empty());
  CHECK(search("booked") == std::set<std::string>{callback});

  CHECK(problem_of(admin("POST", "/v1/wrapup-codes", R"({"name":"no SALE"})")) == "409 conflict");
  CHECK(admin("DELETE", "/v1/wrapup-codes/" + no_sale).status == 204);
  CHECK(search("sale") == std::set<std::string>{sale});
  CHECK(problem_of(admin("GET", "/v1/wrapup-codes/" + no_sale)) == "404 not_found");
}

TEST_CASE_METHOD(RestResourcesFixture, "An idle code and a wrap-up code may share a name") {
  // The two lists are separate: "Break" exists as an idle code already.
  auto made = admin("POST", "/v1/wrapup-codes", R"({"name":"Break"})");
  CHECK(made.status == 201);
  CHECK(problem_of(admin("GET", "/v1/idle-codes/" + made.json().value("id", "x"))) ==
        "404 not_found");
}

// --- settings --------------------------------------------------------------------------------

TEST_CASE_METHOD(RestResourcesFixture,
                 "AS6: noise removal is on by default and an admin changes it") {
  auto got = admin("GET", "/v1/settings");
  REQUIRE(got.status == 200);
  auto settings = got.json();
  CHECK(settings["noise_removal"] == true);
  CHECK(settings["privacy_shield"].is_object());
  CHECK(settings["max_concurrent_calls"].is_number_integer());
  CHECK(etag_version(got) >= 1);

  auto patched = admin("PATCH", "/v1/settings", R"({"noise_removal":false})");
  REQUIRE(patched.status == 200);
  CHECK(patched.json()["noise_removal"] == false);
  CHECK(etag_version(patched) > etag_version(got));
  CHECK(admin("GET", "/v1/settings").json()["noise_removal"] == false);

  // The desktop shows the tenant's setting read-only.
  WsClient ws(port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(ws.open());
  CHECK(ws.next_of("hello")["settings"]["noise_removal"] == false);
}

TEST_CASE_METHOD(RestResourcesFixture,
                 "AS6: an agent's or supervisor's settings PATCH is forbidden and changes "
                 "nothing") {
  const auto before = admin("GET", "/v1/settings");
  REQUIRE(before.status == 200);

  auto by_agent = http(port(), "PATCH", "/v1/settings", R"({"noise_removal":false})",
                       bearer(world.agents[0].token));
  CHECK(problem_of(by_agent) == "403 forbidden");

  auto supervisor = admin("POST", "/v1/tokens", R"({"role":"supervisor"})").json()["token"];
  auto by_supervisor = http(port(), "PATCH", "/v1/settings", R"({"noise_removal":false})",
                            bearer(supervisor.get<std::string>()));
  CHECK(problem_of(by_supervisor) == "403 forbidden");

  auto after = admin("GET", "/v1/settings");
  CHECK(after.body == before.body);
  CHECK(after.header("etag") == before.header("etag"));
  CHECK(after.json()["noise_removal"] == true);

  // An agent may read the settings.
  auto read = http(port(), "GET", "/v1/settings", {}, bearer(world.agents[0].token));
  CHECK(read.status == 200);
  CHECK(read.json()["noise_removal"] == true);
}

TEST_CASE_METHOD(RestResourcesFixture,
                 "RE3: an admin enables the privacy shield with its maximum pause") {
  auto patched =
      admin("PATCH", "/v1/settings", R"({"privacy_shield":{"enabled":true,"max_pause_ms":45000}})");
  REQUIRE(patched.status == 200);
  CHECK(patched.json()["privacy_shield"] == json{{"enabled", true}, {"max_pause_ms", 45000}});
  auto got = admin("GET", "/v1/settings").json();
  CHECK(got["privacy_shield"]["enabled"] == true);
  CHECK(got["privacy_shield"]["max_pause_ms"] == 45000);
  CHECK(got["noise_removal"] == true);  // untouched

  // Only the named sub-field changes.
  auto disabled = admin("PATCH", "/v1/settings", R"({"privacy_shield":{"enabled":false}})");
  REQUIRE(disabled.status == 200);
  CHECK(disabled.json()["privacy_shield"] == json{{"enabled", false}, {"max_pause_ms", 45000}});

  // Out of range is refused and changes nothing.
  auto refused = admin("PATCH", "/v1/settings", R"({"privacy_shield":{"max_pause_ms":999}})");
  CHECK(problem_of(refused) == "400 validation_failed");
  CHECK(admin("GET", "/v1/settings").json()["privacy_shield"]["max_pause_ms"] == 45000);
}

TEST_CASE_METHOD(RestResourcesFixture,
                 "LI1: an admin sets the tenant's cap on simultaneous calls") {
  auto patched = admin("PATCH", "/v1/settings", R"({"max_concurrent_calls":25})");
  REQUIRE(patched.status == 200);
  CHECK(patched.json()["max_concurrent_calls"] == 25);
  CHECK(admin("GET", "/v1/settings").json()["max_concurrent_calls"] == 25);

  CHECK(problem_of(admin("PATCH", "/v1/settings", R"({"max_concurrent_calls":-1})")) ==
        "400 validation_failed");
  CHECK(problem_of(admin("PATCH", "/v1/settings", R"({"max_concurrent_calls":"25"})")) ==
        "400 validation_failed");
  CHECK(admin("GET", "/v1/settings").json()["max_concurrent_calls"] == 25);
}

// --- tokens ----------------------------------------------------------------------------------

TEST_CASE_METHOD(RestResourcesFixture,
                 "An admin issues tokens for each role, lists them without secrets and "
                 "revokes them") {
  std::map<std::string, json> issued;
  for (const std::string role : {"admin", "supervisor", "telephony", "web"}) {
    auto r = admin("POST", "/v1/tokens", json{{"role", role}}.dump());
    INFO(role << ": " << r.body);
    REQUIRE(r.status == 201);
    CHECK(r.json()["role"] == role);
    CHECK(r.json()["token"].is_string());
    CHECK(r.json()["token"].get<std::string>().size() >= 22);
    CHECK(r.json()["id"].is_string());
    issued[role] = r.json();
  }
  // Each secret is different.
  std::set<std::string> secrets;
  for (const auto& [role, t] : issued) secrets.insert(t["token"].get<std::string>());
  CHECK(secrets.size() == 4);

  // Agent and server-admin tokens are not made here.
  CHECK(problem_of(admin("POST", "/v1/tokens", R"({"role":"agent"})")) == "400 validation_failed");
  CHECK(problem_of(admin("POST", "/v1/tokens", R"({"role":"server_admin"})")) ==
        "400 validation_failed");

  auto listed = admin("GET", "/v1/tokens?limit=200");
  REQUIRE(listed.status == 200);
  for (const auto& [role, t] : issued) {
    INFO(role);
    CHECK(listed.body.find(t["token"].get<std::string>()) == std::string::npos);
    bool found = false;
    const auto listed_body = listed.json();
    for (const auto& item : listed_body["items"]) {
      CHECK(!item.contains("token"));
      CHECK(!item.contains("hash"));
      if (item["id"] == t["id"]) {
        found = true;
        CHECK(item["role"] == role);
      }
    }
    CHECK(found);
  }
  for (const auto& agent : world.agents) {
    CHECK(listed.body.find(agent.token) == std::string::npos);
  }
  CHECK(listed.body.find(world.admin_token) == std::string::npos);

  // The new admin token can administer; the supervisor token can read.
  const std::string admin2 = issued["admin"]["token"];
  CHECK(http(port(), "POST", "/v1/teams", R"({"name":"Night shift"})", bearer(admin2)).status ==
        201);
  const std::string supervisor = issued["supervisor"]["token"];
  CHECK(http(port(), "GET", "/v1/teams", {}, bearer(supervisor)).status == 200);

  // Revoking a token: 204, then it no longer authenticates and is no longer listed.
  auto revoked = admin("DELETE", "/v1/tokens/" + issued["supervisor"]["id"].get<std::string>());
  CHECK(revoked.status == 204);
  CHECK(revoked.body.empty());
  auto denied = http(port(), "GET", "/v1/teams", {}, bearer(supervisor));
  CHECK(problem_of(denied) == "401 unauthenticated");
  CHECK(!has_id(all("/v1/tokens"), issued["supervisor"]["id"]));
  CHECK(
      problem_of(admin("DELETE", "/v1/tokens/" + issued["supervisor"]["id"].get<std::string>())) ==
      "404 not_found");
  // The other tokens still work.
  CHECK(http(port(), "GET", "/v1/teams", {}, bearer(admin2)).status == 200);
}

TEST_CASE_METHOD(RestResourcesFixture, "A revoked agent token can no longer open a desktop") {
  std::string token_id;
  for (const auto& t : all("/v1/tokens")) {
    if (t.value("agent_id", "") == world.agents[1].id) token_id = t["id"];
  }
  REQUIRE(!token_id.empty());
  CHECK(admin("DELETE", "/v1/tokens/" + token_id).status == 204);
  WsClient ws(port(), "/v1/agent", bearer(world.agents[1].token));
  CHECK(!ws.open());
  CHECK(ws.refused_status() == 401);
  // The other agent is unaffected.
  WsClient other(port(), "/v1/agent", bearer(world.agents[0].token));
  CHECK(other.open());
}

// --- pagination ------------------------------------------------------------------------------

TEST_CASE_METHOD(RestResourcesFixture,
                 "Walking the pages of a collection returns every item exactly once") {
  auto tenant = server_admin("POST", "/v1/tenants", R"({"name":"Paged"})").json();
  const std::string token = tenant["admin_token"];
  std::set<std::string> made;
  for (int i = 0; i < 7; ++i) {
    auto r = http(port(), "POST", "/v1/teams", json{{"name", "Team " + std::to_string(i)}}.dump(),
                  bearer(token));
    REQUIRE(r.status == 201);
    made.insert(r.json()["id"].get<std::string>());
  }
  std::vector<std::string> seen;
  std::vector<std::size_t> sizes;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    auto r = http(port(), "GET", "/v1/teams?limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor),
                  {}, bearer(token));
    REQUIRE(r.status == 200);
    auto body = r.json();
    REQUIRE(body.contains("next_cursor"));
    sizes.push_back(body["items"].size());
    for (const auto& item : body["items"]) seen.push_back(item["id"]);
    if (body["next_cursor"].is_null()) break;
    cursor = body["next_cursor"];
  }
  CHECK(sizes == std::vector<std::size_t>{3, 3, 1});
  CHECK(seen.size() == 7);
  CHECK(std::set<std::string>(seen.begin(), seen.end()) == made);

  // Without a limit everything fits on one page.
  auto one = http(port(), "GET", "/v1/teams", {}, bearer(token)).json();
  CHECK(one["items"].size() == 7);
  CHECK(one["next_cursor"].is_null());
}

TEST_CASE_METHOD(RestResourcesFixture, "A page limit outside 1..page_size_max is refused") {
  for (const std::string collection :
       {"/v1/teams", "/v1/agents", "/v1/idle-codes", "/v1/wrapup-codes", "/v1/tokens"}) {
    INFO(collection);
    for (const std::string limit : {"0", "abc", "201", "-1", "", "1000000000000"}) {
      INFO("limit=" << limit);
      auto r = admin("GET", collection + "?limit=" + limit);
      CHECK(problem_of(r) == "400 validation_failed");
      CHECK(r.json()["errors"][0]["field"] == "limit");
    }
    CHECK(admin("GET", collection + "?limit=200").status == 200);
    CHECK(admin("GET", collection + "?limit=1").json()["items"].size() == 1);
  }
  CHECK(problem_of(server_admin("GET", "/v1/tenants?limit=0")) == "400 validation_failed");
}

// --- ETag and If-Match -----------------------------------------------------------------------

TEST_CASE_METHOD(RestResourcesFixture,
                 "A stale If-Match is refused with 412 and the current version wins") {
  struct Resource {
    std::string path;
    std::string patch;
    std::string field;
    std::string value;
  };
  const auto spare_team = create("/v1/teams", {{"name", "Spare"}});
  const auto spare_agent = create("/v1/agents", agent_body("Walter Skinner"));
  const std::vector<Resource> resources = {
      {"/v1/teams/" + spare_team, R"({"name":"Renamed team"})", "name", "Renamed team"},
      {"/v1/agents/" + spare_agent, R"({"name":"Renamed agent"})", "name", "Renamed agent"},
      {"/v1/idle-codes/" + world.idle_code_id, R"({"name":"Renamed idle"})", "name",
       "Renamed idle"},
      {"/v1/wrapup-codes/" + world.wrapup_code_id, R"({"name":"Renamed wrap"})", "name",
       "Renamed wrap"},
  };
  for (const auto& res : resources) {
    INFO(res.path);
    auto got = admin("GET", res.path);
    REQUIRE(got.status == 200);
    const auto v1 = etag_version(got);
    REQUIRE(v1 >= 1);
    CHECK(got.json()["version"] == v1);

    auto stale = admin("PATCH", res.path, res.patch, {{"If-Match", quoted(v1 + 1)}});
    CHECK(problem_of(stale) == "412 precondition_failed");
    CHECK(admin("GET", res.path).body == got.body);

    auto ok = admin("PATCH", res.path, res.patch, {{"If-Match", quoted(v1)}});
    REQUIRE(ok.status == 200);
    CHECK(ok.json()[res.field] == res.value);
    const auto v2 = etag_version(ok);
    CHECK(v2 > v1);
    CHECK(admin("GET", res.path).header("etag") == quoted(v2));

    // The version just replaced is stale now, for PATCH and DELETE alike.
    CHECK(problem_of(admin("PATCH", res.path, R"({"name":"Again"})", {{"If-Match", quoted(v1)}})) ==
          "412 precondition_failed");
    CHECK(problem_of(admin("DELETE", res.path, {}, {{"If-Match", quoted(v1)}})) ==
          "412 precondition_failed");
    CHECK(admin("GET", res.path).json()[res.field] == res.value);

    CHECK(admin("DELETE", res.path, {}, {{"If-Match", quoted(v2)}}).status == 204);
    CHECK(problem_of(admin("GET", res.path)) == "404 not_found");
  }
}

TEST_CASE_METHOD(RestResourcesFixture, "If-Match guards tenant settings and tenants") {
  auto got = admin("GET", "/v1/settings");
  const auto v1 = etag_version(got);
  REQUIRE(v1 >= 1);
  CHECK(problem_of(admin("PATCH", "/v1/settings", R"({"noise_removal":false})",
                         {{"If-Match", quoted(v1 + 5)}})) == "412 precondition_failed");
  CHECK(admin("GET", "/v1/settings").json()["noise_removal"] == true);
  auto ok =
      admin("PATCH", "/v1/settings", R"({"noise_removal":false})", {{"If-Match", quoted(v1)}});
  REQUIRE(ok.status == 200);
  CHECK(etag_version(ok) > v1);
  CHECK(admin("GET", "/v1/settings").json()["noise_removal"] == false);

  const auto tenant_path = "/v1/tenants/" + world.tenant_id;
  const auto tv = etag_version(server_admin("GET", tenant_path));
  REQUIRE(tv >= 1);
  CHECK(problem_of(server_admin("PATCH", tenant_path, R"({"name":"Other"})",
                                {{"If-Match", quoted(tv - 1)}})) == "412 precondition_failed");
  CHECK(problem_of(server_admin("DELETE", tenant_path, {}, {{"If-Match", quoted(tv - 1)}})) ==
        "412 precondition_failed");
  CHECK(server_admin("GET", tenant_path).json()["name"] == "Acme");
  auto renamed =
      server_admin("PATCH", tenant_path, R"({"name":"Acme Ltd"})", {{"If-Match", quoted(tv)}});
  CHECK(renamed.status == 200);
  CHECK(etag_version(renamed) > tv);
}

// --- Idempotency-Key -------------------------------------------------------------------------

TEST_CASE_METHOD(RestResourcesFixture,
                 "A retried create with the same Idempotency-Key is replayed, not "
                 "repeated") {
  const Headers key{{"Idempotency-Key", "create-ops-1"}};
  auto first = admin("POST", "/v1/teams", R"({"name":"Ops"})", key);
  REQUIRE(first.status == 201);
  CHECK(first.header("idempotent-replayed").empty());

  auto retry = admin("POST", "/v1/teams", R"({"name":"Ops"})", key);
  CHECK(retry.status == 201);
  CHECK(retry.body == first.body);
  CHECK(retry.header("idempotent-replayed") == "true");
  CHECK(all("/v1/teams").size() == 2);

  // The same key with a different body is refused and creates nothing.
  auto reused = admin("POST", "/v1/teams", R"({"name":"Other"})", key);
  CHECK(problem_of(reused) == "422 idempotency_key_reused");
  CHECK(all("/v1/teams").size() == 2);
  CHECK(admin("GET", "/v1/teams?name=Other").json()["items"].empty());

  // Agents and codes behave the same.
  const Headers agent_key{{"Idempotency-Key", "agent-1"}};
  auto a1 = admin("POST", "/v1/agents", agent_body("Jane").dump(), agent_key);
  REQUIRE(a1.status == 201);
  auto a2 = admin("POST", "/v1/agents", agent_body("Jane").dump(), agent_key);
  CHECK(a2.status == 201);
  CHECK(a2.body == a1.body);
  CHECK(a2.header("idempotent-replayed") == "true");
  CHECK(all("/v1/agents").size() == 3);

  const Headers code_key{{"Idempotency-Key", "code-1"}};
  auto c1 = admin("POST", "/v1/wrapup-codes", R"({"name":"Escalated"})", code_key);
  auto c2 = admin("POST", "/v1/wrapup-codes", R"({"name":"Escalated"})", code_key);
  CHECK(c1.status == 201);
  CHECK(c2.body == c1.body);
  CHECK(all("/v1/wrapup-codes").size() == 2);
}

TEST_CASE_METHOD(RestResourcesFixture,
                 "A create refused for bad input does not use up its Idempotency-Key") {
  const Headers key{{"Idempotency-Key", "k-bad-then-good"}};
  CHECK(problem_of(admin("POST", "/v1/teams", R"({"name":""})", key)) == "400 validation_failed");
  auto again = admin("POST", "/v1/teams", R"({"name":""})", key);
  CHECK(problem_of(again) == "400 validation_failed");
  CHECK(again.header("idempotent-replayed").empty());
  CHECK(all("/v1/teams").size() == 1);
}

TEST_CASE_METHOD(RestResourcesFixture, "Idempotency keys belong to one tenant") {
  auto other = make_world(port(), "Initech", 0);
  const Headers key{{"Idempotency-Key", "shared-key"}};
  auto mine = admin("POST", "/v1/teams", R"({"name":"Ops"})", key);
  REQUIRE(mine.status == 201);
  auto theirs =
      http(port(), "POST", "/v1/teams", R"({"name":"Ops"})", with(bearer(other.admin_token), key));
  REQUIRE(theirs.status == 201);
  CHECK(theirs.header("idempotent-replayed").empty());
  CHECK(theirs.json()["id"] != mine.json()["id"]);
  CHECK(all("/v1/teams", other.admin_token).size() == 2);
  CHECK(all("/v1/teams").size() == 2);
  // And a different body under the same key is fine in the other tenant.
  auto third = make_world(port(), "Hooli", 0);
  CHECK(http(port(), "POST", "/v1/teams", R"({"name":"Different"})",
             with(bearer(third.admin_token), key))
            .status == 201);
}

TEST_CASE_METHOD(RestResourcesFixture, "A replayed token creation withholds the secret") {
  const Headers key{{"Idempotency-Key", "token-1"}};
  auto first = admin("POST", "/v1/tokens", R"({"role":"supervisor"})", key);
  REQUIRE(first.status == 201);
  const std::string secret = first.json()["token"];
  const auto tokens_before = all("/v1/tokens").size();

  auto retry = admin("POST", "/v1/tokens", R"({"role":"supervisor"})", key);
  CHECK(retry.status == 201);
  CHECK(retry.header("idempotent-replayed") == "true");
  CHECK(retry.json()["token"].is_null());
  CHECK(retry.json()["secret_withheld"] == true);
  CHECK(retry.json()["id"] == first.json()["id"]);
  CHECK(retry.json()["role"] == "supervisor");
  CHECK(retry.body.find(secret) == std::string::npos);
  CHECK(all("/v1/tokens").size() == tokens_before);
  CHECK(http(port(), "GET", "/v1/teams", {}, bearer(secret)).status == 200);

  // Agent tokens too.
  const auto path = "/v1/agents/" + world.agents[0].id + "/tokens";
  const Headers agent_key{{"Idempotency-Key", "agent-token-1"}};
  auto a1 = admin("POST", path, {}, agent_key);
  REQUIRE(a1.status == 201);
  auto a2 = admin("POST", path, {}, agent_key);
  CHECK(a2.status == 201);
  CHECK(a2.header("idempotent-replayed") == "true");
  CHECK(a2.json()["token"].is_null());
  CHECK(a2.json()["secret_withheld"] == true);
  CHECK(a2.json()["agent_id"] == world.agents[0].id);
  CHECK(all("/v1/tokens").size() == tokens_before + 1);
}

TEST_CASE_METHOD(RestResourcesFixture, "A replayed tenant creation withholds the admin token") {
  const Headers key{{"Idempotency-Key", "tenant-1"}};
  auto first = server_admin("POST", "/v1/tenants", R"({"name":"Umbrella"})", key);
  REQUIRE(first.status == 201);
  const std::string secret = first.json()["admin_token"];
  const auto before = all("/v1/tenants", ServerProcess::kAdminToken).size();

  auto retry = server_admin("POST", "/v1/tenants", R"({"name":"Umbrella"})", key);
  CHECK(retry.status == 201);
  CHECK(retry.header("idempotent-replayed") == "true");
  CHECK(retry.json()["admin_token"].is_null());
  CHECK(retry.json()["secret_withheld"] == true);
  CHECK(retry.json()["id"] == first.json()["id"]);
  CHECK(retry.body.find(secret) == std::string::npos);
  CHECK(all("/v1/tenants", ServerProcess::kAdminToken).size() == before);

  CHECK(problem_of(server_admin("POST", "/v1/tenants", R"({"name":"Umbrella 2"})", key)) ==
        "422 idempotency_key_reused");
  CHECK(all("/v1/tenants", ServerProcess::kAdminToken).size() == before);
  CHECK(http(port(), "GET", "/v1/teams", {}, bearer(secret)).status == 200);
}

// --- error format ----------------------------------------------------------------------------

TEST_CASE_METHOD(RestResourcesFixture,
                 "Errors are problem+json with a machine code, the status and a detail") {
  auto r = admin("POST", "/v1/agents", R"({"name":"X","team_ids":["tm_nope"]})");
  REQUIRE(problem_of(r) == "400 validation_failed");
  auto body = r.json();
  CHECK(body["title"].is_string());
  CHECK(!body["detail"].get<std::string>().empty());
  REQUIRE(body["errors"].is_array());
  REQUIRE(!body["errors"].empty());
  CHECK(body["errors"][0]["field"] == "team_ids");
  CHECK(body["errors"][0]["message"].is_string());

  auto missing = admin("GET", "/v1/teams/nope");
  CHECK(problem_of(missing) == "404 not_found");
  CHECK(missing.json()["detail"].get<std::string>().find("not found") != std::string::npos);
}
