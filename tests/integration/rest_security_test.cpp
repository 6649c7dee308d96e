// REST security against the real server: authentication (401 with WWW-Authenticate), role checks
// (403), tenant isolation (another tenant's ids answer exactly like unknown ids), secrets shown
// only once and never logged, and the unauthenticated ops endpoints.
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

// "404 not_found" for a well-formed problem+json reply, otherwise a description of what came back.
struct Request {
  std::string method;
  std::string target;
  std::string body;
};

std::string describe(const Request& r) { return r.method + " " + r.target + " " + r.body; }

struct RestSecurityFixture {
  TempDir dir;
  ServerProcess server{{dir.file("ccr.db"), {}, {}}};
  World world = make_world(server.port());

  unsigned short port() const { return server.port(); }

  HttpResult as(const std::string& token, const Request& r) const {
    return http(port(), r.method, r.target, r.body, bearer(token));
  }

  std::string issue(const std::string& role) const {
    auto r =
        http(port(), "POST", "/v1/tokens", json{{"role", role}}.dump(), bearer(world.admin_token));
    REQUIRE(r.status == 201);
    return r.json()["token"];
  }

  // What the tenant looks like to its own admin: every collection and the settings.
  std::string snapshot(const std::string& admin_token) const {
    std::string out;
    for (const std::string path :
         {"/v1/teams?limit=200", "/v1/agents?limit=200", "/v1/idle-codes?limit=200",
          "/v1/wrapup-codes?limit=200", "/v1/tokens?limit=200", "/v1/settings"}) {
      auto r = http(port(), "GET", path, {}, bearer(admin_token));
      REQUIRE(r.status == 200);
      out += path + " " + r.body + "\n";
    }
    return out;
  }
};

// Requests that must never get past authentication.
std::vector<Request> protected_requests(const World& w) {
  return {
      {"GET", "/v1/teams", ""},
      {"GET", "/v1/teams/" + w.team_id, ""},
      {"POST", "/v1/teams", R"({"name":"Intruders"})"},
      {"PATCH", "/v1/teams/" + w.team_id, R"({"name":"Intruders"})"},
      {"DELETE", "/v1/idle-codes/" + w.idle_code_id, ""},
      {"GET", "/v1/agents", ""},
      {"GET", "/v1/agents/" + w.agents[0].id, ""},
      {"DELETE", "/v1/agents/" + w.agents[1].id, ""},
      {"POST", "/v1/agents/" + w.agents[0].id + "/tokens", ""},
      {"GET", "/v1/wrapup-codes", ""},
      {"GET", "/v1/settings", ""},
      {"PATCH", "/v1/settings", R"({"noise_removal":false})"},
      {"GET", "/v1/tokens", ""},
      {"POST", "/v1/tokens", R"({"role":"admin"})"},
      {"GET", "/v1/tenants", ""},
      {"POST", "/v1/tenants", R"({"name":"Evil"})"},
      {"GET", "/v1/tenants/" + w.tenant_id, ""},
  };
}

}  // namespace

// --- authentication --------------------------------------------------------------------------

TEST_CASE_METHOD(RestSecurityFixture, "Requests without a valid bearer token get 401 and no data") {
  const auto before = snapshot(world.admin_token);
  const std::vector<std::pair<std::string, Headers>> credentials = {
      {"no Authorization header", {}},
      {"an empty Authorization header", {{"Authorization", ""}}},
      {"Bearer without a token", {{"Authorization", "Bearer"}}},
      {"Bearer and a space", {{"Authorization", "Bearer "}}},
      {"the Basic scheme", {{"Authorization", "Basic YWRtaW46YWRtaW4="}}},
      {"the admin token without a scheme", {{"Authorization", world.admin_token}}},
      {"the admin token glued to the scheme", {{"Authorization", "Bearer" + world.admin_token}}},
      {"an unknown token", bearer("not-a-token-0000000000000000000000")},
      {"the admin token with a character changed",
       bearer(world.admin_token.substr(0, world.admin_token.size() - 1) +
              (world.admin_token.back() == 'A' ? "B" : "A"))},
      {"the admin token with a suffix", bearer(world.admin_token + "x")},
      {"a very long token", bearer(std::string(4000, 'a'))},
  };
  for (const auto& request : protected_requests(world)) {
    for (const auto& [what, headers] : credentials) {
      INFO(describe(request) << " with " << what);
      auto r = http(port(), request.method, request.target, request.body, headers);
      CHECK(problem_of(r) == "401 unauthenticated");
      CHECK(r.header("www-authenticate").rfind("Bearer", 0) == 0);
      const auto body = r.json();
      CHECK(!body.contains("items"));
      CHECK(!body.contains("id"));
      CHECK(r.body.find(world.team_id) == std::string::npos);
      CHECK(r.body.find("Support") == std::string::npos);
      CHECK(r.body.find(world.admin_token) == std::string::npos);
    }
  }
  CHECK(snapshot(world.admin_token) == before);
}

TEST_CASE_METHOD(RestSecurityFixture,
                 "An unauthenticated request for an existing id looks like one for an "
                 "unknown id") {
  auto real = http(port(), "GET", "/v1/agents/" + world.agents[0].id);
  auto made_up = http(port(), "GET", "/v1/agents/ag_made_up");
  CHECK(real.status == made_up.status);
  CHECK(real.body == made_up.body);
  CHECK(problem_of(real) == "401 unauthenticated");
}

TEST_CASE_METHOD(RestSecurityFixture, "The authorization scheme name is case-insensitive") {
  CHECK(http(port(), "GET", "/v1/teams", {}, {{"Authorization", "bearer " + world.admin_token}})
            .status == 200);
  CHECK(http(port(), "GET", "/v1/teams", {}, {{"Authorization", "BEARER " + world.admin_token}})
            .status == 200);
}

// --- roles -----------------------------------------------------------------------------------

TEST_CASE_METHOD(RestSecurityFixture,
                 "Agent, supervisor, telephony and web tokens cannot use admin "
                 "endpoints") {
  const std::vector<std::pair<std::string, std::string>> tokens = {
      {"agent", world.agents[0].token},
      {"supervisor", issue("supervisor")},
      {"telephony", issue("telephony")},
      {"web", issue("web")},
  };
  const auto before = snapshot(world.admin_token);
  const std::vector<Request> admin_only = {
      {"POST", "/v1/teams", R"({"name":"Rogue"})"},
      {"PATCH", "/v1/teams/" + world.team_id, R"({"name":"Rogue"})"},
      {"DELETE", "/v1/teams/" + world.team_id, ""},
      {"POST", "/v1/agents", json{{"name", "Rogue"}, {"team_ids", {world.team_id}}}.dump()},
      {"PATCH", "/v1/agents/" + world.agents[1].id, R"({"name":"Rogue"})"},
      {"DELETE", "/v1/agents/" + world.agents[1].id, ""},
      {"POST", "/v1/agents/" + world.agents[1].id + "/tokens", ""},
      {"POST", "/v1/idle-codes", R"({"name":"Rogue"})"},
      {"PATCH", "/v1/idle-codes/" + world.idle_code_id, R"({"name":"Rogue"})"},
      {"DELETE", "/v1/idle-codes/" + world.idle_code_id, ""},
      {"POST", "/v1/wrapup-codes", R"({"name":"Rogue"})"},
      {"PATCH", "/v1/wrapup-codes/" + world.wrapup_code_id, R"({"name":"Rogue"})"},
      {"DELETE", "/v1/wrapup-codes/" + world.wrapup_code_id, ""},
      {"PATCH", "/v1/settings", R"({"noise_removal":false})"},
      {"POST", "/v1/tokens", R"({"role":"admin"})"},
      {"GET", "/v1/tokens", ""},
      {"DELETE", "/v1/tokens/whatever", ""},
      {"GET", "/v1/tenants", ""},
      {"POST", "/v1/tenants", R"({"name":"Rogue"})"},
      {"GET", "/v1/tenants/" + world.tenant_id, ""},
      {"PATCH", "/v1/tenants/" + world.tenant_id, R"({"name":"Rogue"})"},
      {"DELETE", "/v1/tenants/" + world.tenant_id, ""},
  };
  for (const auto& [role, token] : tokens) {
    for (const auto& request : admin_only) {
      INFO(role << ": " << describe(request));
      auto r = as(token, request);
      CHECK(problem_of(r) == "403 forbidden");
      CHECK(r.body.find("Support") == std::string::npos);
    }
  }
  CHECK(snapshot(world.admin_token) == before);
}

TEST_CASE_METHOD(RestSecurityFixture,
                 "A supervisor may read teams, agents and codes, agents, telephony and "
                 "web tokens may not") {
  const std::vector<Request> reads = {
      {"GET", "/v1/teams", ""},        {"GET", "/v1/teams/" + world.team_id, ""},
      {"GET", "/v1/agents", ""},       {"GET", "/v1/agents/" + world.agents[0].id, ""},
      {"GET", "/v1/idle-codes", ""},   {"GET", "/v1/idle-codes/" + world.idle_code_id, ""},
      {"GET", "/v1/wrapup-codes", ""}, {"GET", "/v1/wrapup-codes/" + world.wrapup_code_id, ""},
  };
  const auto supervisor = issue("supervisor");
  for (const auto& request : reads) {
    INFO("supervisor: " << describe(request));
    CHECK(as(supervisor, request).status == 200);
  }
  CHECK(as(supervisor, {"GET", "/v1/teams", ""}).json()["items"][0]["id"] == world.team_id);
  const std::vector<std::pair<std::string, std::string>> others = {
      {"agent", world.agents[0].token}, {"telephony", issue("telephony")}, {"web", issue("web")}};
  for (const auto& [role, token] : others) {
    for (const auto& request : reads) {
      INFO(role << ": " << describe(request));
      auto r = as(token, request);
      CHECK(problem_of(r) == "403 forbidden");
      CHECK(r.body.find(world.team_id) == std::string::npos);
    }
  }
}

TEST_CASE_METHOD(RestSecurityFixture, "Only the server admin reaches /v1/tenants") {
  const std::vector<Request> tenant_requests = {
      {"GET", "/v1/tenants", ""},
      {"POST", "/v1/tenants", R"({"name":"Sneaky"})"},
      {"GET", "/v1/tenants/" + world.tenant_id, ""},
      {"PATCH", "/v1/tenants/" + world.tenant_id, R"({"name":"Sneaky"})"},
      {"DELETE", "/v1/tenants/" + world.tenant_id, ""},
  };
  for (const auto& request : tenant_requests) {
    INFO("tenant admin: " << describe(request));
    CHECK(problem_of(as(world.admin_token, request)) == "403 forbidden");
  }
  auto listed = as(ServerProcess::kAdminToken, {"GET", "/v1/tenants", ""});
  REQUIRE(listed.status == 200);
  REQUIRE(listed.json()["items"].size() == 1);
  CHECK(listed.json()["items"][0]["name"] == "Acme");
  CHECK(as(ServerProcess::kAdminToken, {"GET", "/v1/tenants/" + world.tenant_id, ""}).status ==
        200);

  // The server admin is not a tenant admin: tenant resources are not theirs to touch.
  for (const Request& request : std::vector<Request>{{"GET", "/v1/teams", ""},
                                                     {"POST", "/v1/teams", R"({"name":"X"})"},
                                                     {"POST", "/v1/tokens", R"({"role":"web"})"}}) {
    INFO("server admin: " << describe(request));
    CHECK(problem_of(as(ServerProcess::kAdminToken, request)) == "403 forbidden");
  }
}

// --- tenant isolation ------------------------------------------------------------------------

TEST_CASE_METHOD(RestSecurityFixture,
                 "Another tenant's ids answer exactly like unknown ids and nothing of "
                 "theirs changes") {
  // World A is the fixture's; world B is a second tenant on the same server.
  const World b = make_world(port(), "Initech", 2);
  std::string b_token_id;
  const auto b_tokens =
      http(port(), "GET", "/v1/tokens?limit=200", {}, bearer(b.admin_token)).json();
  for (const auto& t : b_tokens["items"]) {
    if (t.value("agent_id", "") == b.agents[0].id) b_token_id = t["id"];
  }
  REQUIRE(!b_token_id.empty());
  const auto b_before = snapshot(b.admin_token);

  struct Probe {
    std::string method;
    std::string collection;  // the id goes after it
    std::string suffix;      // after the id
    std::string body;
    std::string b_id;
  };
  const std::vector<Probe> probes = {
      {"GET", "/v1/teams/", "", "", b.team_id},
      {"PATCH", "/v1/teams/", "", R"({"name":"Hijacked"})", b.team_id},
      {"DELETE", "/v1/teams/", "", "", b.team_id},
      {"GET", "/v1/agents/", "", "", b.agents[0].id},
      {"PATCH", "/v1/agents/", "", R"({"name":"Hijacked"})", b.agents[0].id},
      {"PATCH", "/v1/agents/", "", json{{"team_ids", {world.team_id}}}.dump(), b.agents[0].id},
      {"DELETE", "/v1/agents/", "", "", b.agents[1].id},
      {"POST", "/v1/agents/", "/tokens", "", b.agents[0].id},
      {"GET", "/v1/idle-codes/", "", "", b.idle_code_id},
      {"PATCH", "/v1/idle-codes/", "", R"({"name":"Hijacked"})", b.idle_code_id},
      {"DELETE", "/v1/idle-codes/", "", "", b.idle_code_id},
      {"GET", "/v1/wrapup-codes/", "", "", b.wrapup_code_id},
      {"PATCH", "/v1/wrapup-codes/", "", R"({"name":"Hijacked"})", b.wrapup_code_id},
      {"DELETE", "/v1/wrapup-codes/", "", "", b.wrapup_code_id},
      {"DELETE", "/v1/tokens/", "", "", b_token_id},
  };
  for (const auto& p : probes) {
    INFO(p.method << " " << p.collection << "{B's id}" << p.suffix << " " << p.body);
    auto foreign =
        http(port(), p.method, p.collection + p.b_id + p.suffix, p.body, bearer(world.admin_token));
    auto unknown = http(port(), p.method, p.collection + "zz_made_up_id" + p.suffix, p.body,
                        bearer(world.admin_token));
    CHECK(foreign.status == unknown.status);
    CHECK(problem_of(foreign) == problem_of(unknown));
    CHECK(problem_of(foreign) == "404 not_found");
    CHECK(foreign.json().value("detail", "?") == unknown.json().value("detail", "!"));
    CHECK(foreign.body.find("Initech") == std::string::npos);
  }
  // The same with If-Match, so a version cannot be probed either.
  auto foreign = http(port(), "DELETE", "/v1/teams/" + b.team_id, {},
                      {{"Authorization", "Bearer " + world.admin_token}, {"If-Match", "\"1\""}});
  auto unknown = http(port(), "DELETE", "/v1/teams/zz_made_up_id", {},
                      {{"Authorization", "Bearer " + world.admin_token}, {"If-Match", "\"1\""}});
  CHECK(problem_of(foreign) == problem_of(unknown));

  // An agent of A cannot be put into B's team.
  auto moved = http(port(), "PATCH", "/v1/agents/" + world.agents[0].id,
                    json{{"team_ids", {b.team_id}}}.dump(), bearer(world.admin_token));
  CHECK(problem_of(moved) == "400 validation_failed");
  auto created =
      http(port(), "POST", "/v1/agents", json{{"name", "Mole"}, {"team_ids", {b.team_id}}}.dump(),
           bearer(world.admin_token));
  CHECK(problem_of(created) == "400 validation_failed");

  // A's lists never show B's resources.
  for (const std::string path :
       {"/v1/teams", "/v1/agents", "/v1/idle-codes", "/v1/wrapup-codes", "/v1/tokens"}) {
    auto r = http(port(), "GET", path + "?limit=200", {}, bearer(world.admin_token));
    REQUIRE(r.status == 200);
    INFO(path);
    for (const auto& id : {b.team_id, b.agents[0].id, b.agents[1].id, b.idle_code_id,
                           b.wrapup_code_id, b_token_id}) {
      CHECK(r.body.find(id) == std::string::npos);
    }
  }
  // B's settings are B's: A's admin changes only A's.
  REQUIRE(
      http(port(), "PATCH", "/v1/settings", R"({"noise_removal":false})", bearer(world.admin_token))
          .status == 200);

  CHECK(snapshot(b.admin_token) == b_before);
  // And B's agents still work.
  WsClient ws(port(), "/v1/agent", bearer(b.agents[0].token));
  REQUIRE(ws.open());
  CHECK(ws.next_of("hello")["settings"]["noise_removal"] == true);
}

TEST_CASE_METHOD(RestSecurityFixture,
                 "An agent of one tenant cannot reach another tenant's data from the "
                 "desktop") {
  const World b = make_world(port(), "Initech", 1);
  WsClient ws(port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(ws.open());
  auto hello = ws.next_of("hello");
  REQUIRE(hello["type"] == "hello");
  CHECK(hello["agent"]["id"] == world.agents[0].id);
  const auto text = hello.dump();
  for (const auto& id :
       {b.tenant_id, b.team_id, b.idle_code_id, b.wrapup_code_id, b.agents[0].id}) {
    CHECK(text.find(id) == std::string::npos);
  }
  CHECK(hello["idle_codes"].size() == 1);
  CHECK(hello["idle_codes"][0]["id"] == world.idle_code_id);
  CHECK(hello["wrapup_codes"].size() == 1);
  CHECK(hello["wrapup_codes"][0]["id"] == world.wrapup_code_id);

  // B's team is not a team A's agent can log in to.
  auto login = ws.command("login", {{"team_id", b.team_id}, {"dial_number", "2015550100"}});
  CHECK(login["type"] == "error");
  REQUIRE(ws.command("login",
                     {{"team_id", world.team_id}, {"dial_number", "2015550100"}})["type"] == "ack");
  // B's idle code is not one A's agent can use.
  auto idle = ws.command("set_state", {{"state", "Idle"}, {"idle_code_id", b.idle_code_id}});
  auto made_up = ws.command("set_state", {{"state", "Idle"}, {"idle_code_id", "ic_made_up"}});
  CHECK(idle["type"] == "error");
  CHECK(idle["code"] == made_up["code"]);
  CHECK(idle.value("message", "?") == made_up.value("message", "!"));
  // Nothing B sees has changed because of A's agent.
  auto b_agent = http(port(), "GET", "/v1/agents/" + b.agents[0].id, {}, bearer(b.admin_token));
  CHECK(b_agent.json()["state"] == "LoggedOut");
  // And an A agent's token is not a B admin either.
  CHECK(problem_of(http(port(), "GET", "/v1/agents/" + b.agents[0].id, {},
                        bearer(world.agents[0].token))) == "403 forbidden");
}

// --- secrets ---------------------------------------------------------------------------------

TEST_CASE_METHOD(RestSecurityFixture,
                 "Tokens are shown once, on creation, and never echoed afterwards") {
  auto issued =
      http(port(), "POST", "/v1/tokens", R"({"role":"telephony"})", bearer(world.admin_token));
  REQUIRE(issued.status == 201);
  const std::string telephony = issued.json()["token"];
  std::vector<std::string> secrets = {world.admin_token, telephony, ServerProcess::kAdminToken};
  for (const auto& a : world.agents) secrets.push_back(a.token);

  std::vector<HttpResult> replies;
  for (const std::string path :
       {"/v1/tokens?limit=200", "/v1/agents?limit=200", "/v1/teams", "/v1/settings"}) {
    replies.push_back(http(port(), "GET", path, {}, bearer(world.admin_token)));
  }
  for (const auto& a : world.agents) {
    replies.push_back(http(port(), "GET", "/v1/agents/" + a.id, {}, bearer(world.admin_token)));
  }
  replies.push_back(http(port(), "GET", "/v1/tenants", {}, bearer(ServerProcess::kAdminToken)));
  replies.push_back(http(port(), "GET", "/v1/tenants/" + world.tenant_id, {},
                         bearer(ServerProcess::kAdminToken)));
  // Error replies do not echo the credential that was sent either.
  replies.push_back(http(port(), "GET", "/v1/tokens", {}, bearer(telephony)));
  replies.push_back(http(port(), "GET", "/v1/teams", {}, bearer(world.admin_token + "x")));
  for (const auto& r : replies) {
    INFO(r.status << " " << r.body.substr(0, 200));
    CHECK(r.status != 0);
    for (const auto& s : secrets) CHECK(r.body.find(s) == std::string::npos);
    for (const auto& [name, value] : r.headers) {
      for (const auto& s : secrets) CHECK(value.find(s) == std::string::npos);
    }
  }
  WsClient ws(port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(ws.open());
  const auto hello = ws.next_of("hello").dump();
  for (const auto& s : secrets) CHECK(hello.find(s) == std::string::npos);
}

TEST_CASE("Neither the server admin token nor tenant or agent tokens appear in the server's log") {
  TempDir dir;
  ServerProcess server{{dir.file("ccr.db"), {"--log-level", "trace"}, {}}};
  const World w = make_world(server.port());
  const auto port = server.port();
  auto issued = http(port, "POST", "/v1/tokens", R"({"role":"supervisor"})", bearer(w.admin_token));
  REQUIRE(issued.status == 201);
  const std::string supervisor = issued.json()["token"];
  const std::string wrong = "wrong-token-that-someone-mistyped-0123";
  http(port, "GET", "/v1/teams", {}, bearer(wrong));
  http(port, "GET", "/v1/teams", {}, bearer(supervisor));
  http(port, "DELETE", "/v1/teams/" + w.team_id, {}, bearer(supervisor));
  {
    WsClient ws(port, "/v1/agent", bearer(w.agents[0].token));
    REQUIRE(ws.open());
    ws.next_of("hello");
    REQUIRE(ws.command("login", {{"team_id", w.team_id}, {"dial_number", "2015550100"}})["type"] ==
            "ack");
  }
  {
    WsClient ws(port, "/v1/agent");
    REQUIRE(ws.open());
    ws.send({{"type", "authenticate"}, {"id", "a1"}, {"token", w.agents[1].token}});
    CHECK(ws.next_of("ack")["re"] == "a1");
  }
  {
    WsClient refused(port, "/v1/agent", bearer(wrong));
    CHECK(refused.refused_status() == 401);
  }
  // Finish with a request that is answered after everything above, so the log is complete.
  REQUIRE(http(port, "GET", "/v1/agents", {}, bearer(w.admin_token)).status == 200);
  CHECK(server.terminate() == 0);

  const auto log = server.output();
  CHECK(!log.empty());
  const std::vector<std::pair<std::string, std::string>> secrets = {
      {"server admin token", ServerProcess::kAdminToken},
      {"tenant admin token", w.admin_token},
      {"supervisor token", supervisor},
      {"agent token (header)", w.agents[0].token},
      {"agent token (authenticate frame)", w.agents[1].token},
      {"mistyped token", wrong},
  };
  for (const auto& [what, secret] : secrets) {
    INFO(what);
    CHECK(log.find(secret) == std::string::npos);
  }
}

// --- ops endpoints ---------------------------------------------------------------------------

TEST_CASE_METHOD(RestSecurityFixture,
                 "Health, readiness and metrics answer without authentication") {
  for (const Headers& headers : {Headers{}, bearer("garbage"), bearer(world.agents[0].token)}) {
    auto health = http(port(), "GET", "/healthz", {}, headers);
    CHECK(health.status == 200);
    CHECK(health.header("www-authenticate").empty());
    auto ready = http(port(), "GET", "/readyz", {}, headers);
    CHECK(ready.status == 200);
    auto metrics = http(port(), "GET", "/metrics", {}, headers);
    REQUIRE(metrics.status == 200);
    CHECK(metrics.header("content-type").rfind("text/plain", 0) == 0);
    for (const std::string name :
         {"ccrouter_commands_total", "ccrouter_commit_batch_ops", "ccrouter_connections"}) {
      INFO(name);
      CHECK(metrics.body.find(name) != std::string::npos);
    }
  }
}

TEST_CASE_METHOD(RestSecurityFixture, "Metrics count desktop commands and never show a token") {
  {
    WsClient ws(port(), "/v1/agent", bearer(world.agents[0].token));
    REQUIRE(ws.open());
    ws.next_of("hello");
    REQUIRE(ws.command("login", {{"team_id", world.team_id},
                                 {"dial_number", "2015550100"}})["type"] == "ack");
  }
  auto metrics = http(port(), "GET", "/metrics");
  REQUIRE(metrics.status == 200);
  CHECK(metrics.body.find("ccrouter_commands_total{type=\"login\",outcome=\"ok\"} 1") !=
        std::string::npos);
  CHECK(metrics.body.find("ccrouter_commit_batch_ops_count") != std::string::npos);
  // The login's commit left frames in the WAL; no checkpoint ran yet (4,000 frames).
  const std::string wal_gauge = "\nccrouter_wal_frames ";
  const auto wal = metrics.body.find(wal_gauge);
  REQUIRE(wal != std::string::npos);
  CHECK(std::stoi(metrics.body.substr(wal + wal_gauge.size())) > 0);
  CHECK(metrics.body.find("ccrouter_checkpoint_seconds_count{kind=\"catch_up\"} 0") !=
        std::string::npos);
  CHECK(metrics.body.find(world.agents[0].token) == std::string::npos);
  CHECK(metrics.body.find(world.admin_token) == std::string::npos);
}
