// Queues and entry points through real HTTP against the real server: distribution groups,
// strategy, timeouts (OF2, EN2), overflow, priority and limits; entry points with dial numbers
// (DN1), variable definitions (VA1, OF6) and business hours; PATCH merging, ETag / If-Match,
// references that block deletes, tenant isolation and a restart on the same database.
#include <catch2/catch.hpp>
#include <memory>
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
// The fields named by a validation_failed reply.
std::set<std::string> fields_of(const HttpResult& r) {
  std::set<std::string> out;
  const auto body = r.json();
  if (!body.is_object() || !body.contains("errors") || !body["errors"].is_array()) return out;
  for (const auto& e : body["errors"]) out.insert(e.value("field", ""));
  return out;
}

json variable(const std::string& name, bool secure = false) {
  return {{"name", name}, {"label", "Label " + name}, {"secure", secure}};
}

struct RestRoutingFixture {
  TempDir dir;
  std::unique_ptr<ServerProcess> server;
  World world;

  RestRoutingFixture() {
    start();
    world = make_world(port(), "Acme", 0);
  }
  void start() {
    server = std::make_unique<ServerProcess>(ServerProcess::Options{dir.file("ccr.db"), {}, {}});
    world.port = port();
  }
  unsigned short port() const { return server->port(); }

  HttpResult as(const std::string& token, const std::string& method, const std::string& target,
                const std::string& body = {}, const Headers& extra = {}) const {
    return http(port(), method, target, body, with(bearer(token), extra));
  }
  HttpResult admin(const std::string& method, const std::string& target,
                   const std::string& body = {}, const Headers& extra = {}) const {
    return as(world.admin_token, method, target, body, extra);
  }
  HttpResult admin(const std::string& method, const std::string& target, const json& body,
                   const Headers& extra = {}) const {
    return admin(method, target, body.dump(), extra);
  }
  // A literal body; `{}` lands here too (as nullptr): no body.
  HttpResult admin(const std::string& method, const std::string& target, const char* body,
                   const Headers& extra = {}) const {
    return admin(method, target, std::string(body == nullptr ? "" : body), extra);
  }

  json created(const std::string& collection, const json& body) const {
    auto r = admin("POST", collection, body);
    INFO(collection << " " << body.dump() << " answered " << r.body);
    REQUIRE(r.status == 201);
    return r.json();
  }
  std::string create(const std::string& collection, const json& body) const {
    return created(collection, body)["id"];
  }

  // The bootstrap shape of a queue (spec: name, channel, team_ids, rona and wrap-up timeouts).
  json queue_body(const std::string& name, const std::string& channel = "voice") const {
    return {{"name", name},
            {"channel", channel},
            {"team_ids", {world.team_id}},
            {"rona_timeout_ms", 15000},
            {"wrapup_timeout_ms", 0}};
  }
  json entry_point_body(const std::string& name, const std::string& queue_id,
                        const std::string& channel = "voice") const {
    return {{"name", name}, {"channel", channel}, {"queue_id", queue_id}};
  }
};

}  // namespace

// --- queues ----------------------------------------------------------------------------------

TEST_CASE_METHOD(RestRoutingFixture, "An admin creates a queue offering to one team") {
  auto r = admin("POST", "/v1/queues", queue_body("Billing"));
  INFO(r.body);
  REQUIRE(r.status == 201);
  auto q = r.json();
  const std::string id = q["id"];
  CHECK(id.rfind("qu", 0) == 0);
  CHECK(etag_version(r) == 1);
  CHECK(q["name"] == "Billing");
  CHECK(q["channel"] == "voice");
  CHECK(q["team_ids"] == json::array({world.team_id}));
  CHECK(q["groups"] == json::parse(R"([{"team_ids":[")" + world.team_id + R"("],"after_ms":0}])"));
  CHECK(q["strategy"] == "longest_available");
  CHECK(q["required_skills"] == json::object());
  CHECK(q["rona_timeout_ms"] == 15000);
  CHECK(q["wrapup_timeout_ms"] == 0);
  CHECK(q["default_wrapup_code_id"].is_null());
  CHECK(q["priority"] == 5);
  CHECK(q["max_length"] == 1000);
  CHECK(q["service_level_ms"] == 20000);
  CHECK(q["overflow"].is_null());
  CHECK(q["version"] == 1);
  CHECK(q["created_at"].is_string());

  auto got = admin("GET", "/v1/queues/" + id);
  REQUIRE(got.status == 200);
  CHECK(got.json() == q);
  CHECK(etag_version(got) == 1);

  auto list = admin("GET", "/v1/queues");
  REQUIRE(list.status == 200);
  REQUIRE(list.json()["items"].size() == 1);
  CHECK(list.json()["items"][0] == q);
  CHECK(list.json()["next_cursor"].is_null());

  // A supervisor reads; only an admin writes.
  auto sup = admin("POST", "/v1/tokens", R"({"role":"supervisor"})");
  REQUIRE(sup.status == 201);
  const std::string supervisor = sup.json()["token"];
  CHECK(as(supervisor, "GET", "/v1/queues/" + id).status == 200);
  CHECK(as(supervisor, "GET", "/v1/queues").status == 200);
  CHECK(problem_of(as(supervisor, "POST", "/v1/queues", queue_body("Sup").dump())) ==
        "403 forbidden");
  CHECK(problem_of(as(supervisor, "PATCH", "/v1/queues/" + id, R"({"priority":6})")) ==
        "403 forbidden");
  CHECK(problem_of(as(supervisor, "DELETE", "/v1/queues/" + id)) == "403 forbidden");

  CHECK(admin("DELETE", "/v1/queues/" + id).status == 204);
  CHECK(problem_of(admin("GET", "/v1/queues/" + id)) == "404 not_found");
}

TEST_CASE_METHOD(RestRoutingFixture,
                 "A queue widens to more teams through its distribution groups") {
  const auto tier2 = create("/v1/teams", {{"name", "Tier 2"}});
  const auto tier3 = create("/v1/teams", {{"name", "Tier 3"}});
  json body = {{"name", "Escalations"},
               {"channel", "chat"},
               {"groups",
                {{{"team_ids", {world.team_id}}, {"after_ms", 0}},
                 {{"team_ids", {tier2}}, {"after_ms", 30000}},
                 {{"team_ids", {tier2, tier3}}, {"after_ms", 90000}}}},
               {"strategy", "skills"},
               {"required_skills", {{"english", 5}, {"billing", 3}}},
               {"rona_timeout_ms", 20000},
               {"wrapup_timeout_ms", 45000},
               {"default_wrapup_code_id", world.wrapup_code_id},
               {"priority", 9},
               {"max_length", 50},
               {"service_level_ms", 60000}};
  auto q = created("/v1/queues", body);
  CHECK(q["channel"] == "chat");
  CHECK(q["groups"] == body["groups"]);
  CHECK(q["team_ids"] == json::array({world.team_id, tier2, tier3}));
  CHECK(q["strategy"] == "skills");
  CHECK(q["required_skills"] == json{{"billing", 3}, {"english", 5}});
  CHECK(q["rona_timeout_ms"] == 20000);
  CHECK(q["wrapup_timeout_ms"] == 45000);
  CHECK(q["default_wrapup_code_id"] == world.wrapup_code_id);
  CHECK(q["priority"] == 9);
  CHECK(q["max_length"] == 50);
  CHECK(q["service_level_ms"] == 60000);

  // A queue of the same channel takes its overflow.
  auto target = created("/v1/queues", queue_body("Escalations overflow", "chat"));
  json with_overflow = queue_body("Escalations 2", "chat");
  with_overflow["overflow"] = {{"queue_id", target["id"]}, {"after_ms", 120000}};
  auto o = created("/v1/queues", with_overflow);
  CHECK(o["overflow"] == with_overflow["overflow"]);

  // ?name= filters the list, ignoring case.
  auto found = admin("GET", "/v1/queues?name=OVERFLOW");
  REQUIRE(found.status == 200);
  REQUIRE(found.json()["items"].size() == 1);
  CHECK(found.json()["items"][0]["id"] == target["id"]);
  CHECK(admin("GET", "/v1/queues?name=escalations").json()["items"].size() == 3);

  // A queue others overflow to cannot be deleted.
  CHECK(problem_of(admin("DELETE", "/v1/queues/" + target["id"].get<std::string>())) ==
        "409 conflict");
}

TEST_CASE_METHOD(RestRoutingFixture, "Queue validation names every field it refuses") {
  struct Case {
    const char* what;
    json change;  // merged onto a valid body
    std::string field;
  };
  const auto tier2 = create("/v1/teams", {{"name", "Tier 2"}});
  const auto chat_queue = create("/v1/queues", queue_body("Chat", "chat"));
  const std::vector<Case> cases = {
      {"an unknown team (team_ids)", {{"team_ids", {"tm_nobody"}}}, "team_ids"},
      {"no team at all", {{"team_ids", json::array()}}, "team_ids"},
      {"an unknown team (groups)",
       {{"team_ids", nullptr},
        {"groups",
         {{{"team_ids", {world.team_id}}, {"after_ms", 0}},
          {{"team_ids", {"tm_nobody"}}, {"after_ms", 1000}}}}},
       "groups[1].team_ids"},
      {"after_ms not growing",
       {{"team_ids", nullptr},
        {"groups",
         {{{"team_ids", {world.team_id}}, {"after_ms", 0}},
          {{"team_ids", {tier2}}, {"after_ms", 5000}},
          {{"team_ids", {tier2}}, {"after_ms", 5000}}}}},
       "groups[2].after_ms"},
      {"a first group that does not start at 0",
       {{"team_ids", nullptr}, {"groups", {{{"team_ids", {world.team_id}}, {"after_ms", 5000}}}}},
       "groups[0].after_ms"},
      {"a later group without after_ms",
       {{"team_ids", nullptr},
        {"groups", {{{"team_ids", {world.team_id}}}, {{"team_ids", {tier2}}}}}},
       "groups[1].after_ms"},
      {"team_ids and groups together",
       {{"groups", {{{"team_ids", {world.team_id}}, {"after_ms", 0}}}}},
       "groups"},
      {"the skills strategy without skills", {{"strategy", "skills"}}, "required_skills"},
      {"a skill level out of range",
       {{"required_skills", {{"english", 11}}}},
       "required_skills.english"},
      {"an unknown strategy", {{"strategy", "round_robin"}}, "strategy"},
      {"a RONA timeout of 500 ms (OF2)", {{"rona_timeout_ms", 500}}, "rona_timeout_ms"},
      {"an unknown default wrap-up code",
       {{"default_wrapup_code_id", "wc_nothing"}},
       "default_wrapup_code_id"},
      {"an idle code as default wrap-up code",
       {{"default_wrapup_code_id", world.idle_code_id}},
       "default_wrapup_code_id"},
      {"priority 11", {{"priority", 11}}, "priority"},
      {"priority 0", {{"priority", 0}}, "priority"},
      {"max_length 0", {{"max_length", 0}}, "max_length"},
      {"an overflow to another channel",
       {{"overflow", {{"queue_id", chat_queue}, {"after_ms", 60000}}}},
       "overflow.queue_id"},
      {"an overflow to an unknown queue",
       {{"overflow", {{"queue_id", "qu_nothing"}, {"after_ms", 60000}}}},
       "overflow.queue_id"},
      {"an overflow without after_ms",
       {{"overflow", {{"queue_id", chat_queue}}}},
       "overflow.after_ms"},
      {"an unknown channel", {{"channel", "fax"}}, "channel"},
      {"no name", {{"name", nullptr}}, "name"},
      {"a blank name", {{"name", "   "}}, "name"},
      {"no channel", {{"channel", nullptr}}, "channel"},
      {"an unknown field", {{"colour", "blue"}}, "colour"},
      {"a string for a number", {{"priority", "high"}}, "priority"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    json body = queue_body("Refused");
    body.merge_patch(c.change);
    auto r = admin("POST", "/v1/queues", body);
    INFO(r.body);
    CHECK(problem_of(r) == "400 validation_failed");
    CHECK(fields_of(r).count(c.field) == 1);
  }
  // Nothing was created but the chat queue.
  CHECK(admin("GET", "/v1/queues").json()["items"].size() == 1);

  // An overflow to the queue itself.
  const auto voice = create("/v1/queues", queue_body("Voice"));
  auto self = admin("PATCH", "/v1/queues/" + voice,
                    json{{"overflow", {{"queue_id", voice}, {"after_ms", 60000}}}});
  CHECK(problem_of(self) == "400 validation_failed");
  CHECK(fields_of(self) == std::set<std::string>{"overflow.queue_id"});
}

TEST_CASE_METHOD(RestRoutingFixture,
                 "A queue PATCH keeps what it does not name and guards with If-Match") {
  const auto tier2 = create("/v1/teams", {{"name", "Tier 2"}});
  json body = queue_body("Sales");
  body["priority"] = 7;
  body["wrapup_timeout_ms"] = 30000;
  body["default_wrapup_code_id"] = world.wrapup_code_id;
  auto original = created("/v1/queues", body);
  const std::string path = "/v1/queues/" + original["id"].get<std::string>();

  auto patched = admin("PATCH", path, R"({"max_length":20,"name":"Sales EMEA"})");
  INFO(patched.body);
  REQUIRE(patched.status == 200);
  auto q = patched.json();
  CHECK(etag_version(patched) == 2);
  CHECK(q["version"] == 2);
  CHECK(q["name"] == "Sales EMEA");
  CHECK(q["max_length"] == 20);
  for (const char* kept :
       {"id", "channel", "groups", "strategy", "rona_timeout_ms", "wrapup_timeout_ms",
        "default_wrapup_code_id", "priority", "service_level_ms", "created_at"}) {
    INFO(kept);
    CHECK(q[kept] == original[kept]);
  }

  // Groups replace the shorthand's one group; the channel cannot change.
  auto widened =
      admin("PATCH", path,
            json{{"groups",
                  {{{"team_ids", {world.team_id}}}, {{"team_ids", {tier2}}, {"after_ms", 10000}}}},
                 {"channel", "voice"}});
  REQUIRE(widened.status == 200);
  CHECK(widened.json()["groups"].size() == 2);
  auto moved = admin("PATCH", path, R"({"channel":"email"})");
  CHECK(problem_of(moved) == "400 validation_failed");
  CHECK(fields_of(moved) == std::set<std::string>{"channel"});

  // No automatic wrap-up any more, and no default code: null clears it.
  auto cleared = admin("PATCH", path, R"({"wrapup_timeout_ms":0,"default_wrapup_code_id":null})");
  REQUIRE(cleared.status == 200);
  CHECK(cleared.json()["default_wrapup_code_id"].is_null());
  // A refused PATCH changes nothing.
  const auto before = admin("GET", path);
  CHECK(problem_of(admin("PATCH", path, R"({"wrapup_timeout_ms":1000,"priority":11})")) ==
        "400 validation_failed");
  CHECK(admin("GET", path).body == before.body);

  // If-Match.
  const auto v = etag_version(before);
  REQUIRE(v == 4);
  CHECK(problem_of(admin("PATCH", path, R"({"priority":2})", {{"If-Match", quoted(v - 1)}})) ==
        "412 precondition_failed");
  CHECK(problem_of(admin("DELETE", path, {}, {{"If-Match", quoted(v + 1)}})) ==
        "412 precondition_failed");
  auto ok = admin("PATCH", path, R"({"priority":2})", {{"If-Match", quoted(v)}});
  REQUIRE(ok.status == 200);
  CHECK(ok.json()["priority"] == 2);
  CHECK(problem_of(admin("DELETE", path, {}, {{"If-Match", quoted(v)}})) ==
        "412 precondition_failed");
  CHECK(admin("DELETE", path, {}, {{"If-Match", quoted(v + 1)}}).status == 204);
  CHECK(problem_of(admin("PATCH", path, R"({"priority":3})")) == "404 not_found");
}

TEST_CASE_METHOD(RestRoutingFixture, "Overflow is set and removed by PATCH") {
  const auto a = create("/v1/queues", queue_body("A"));
  const auto b = create("/v1/queues", queue_body("B"));
  auto set =
      admin("PATCH", "/v1/queues/" + a, json{{"overflow", {{"queue_id", b}, {"after_ms", 30000}}}});
  REQUIRE(set.status == 200);
  CHECK(set.json()["overflow"]["queue_id"] == b);
  CHECK(problem_of(admin("DELETE", "/v1/queues/" + b)) == "409 conflict");
  auto removed = admin("PATCH", "/v1/queues/" + a, R"({"overflow":null})");
  REQUIRE(removed.status == 200);
  CHECK(removed.json()["overflow"].is_null());
  CHECK(admin("DELETE", "/v1/queues/" + b).status == 204);
}

TEST_CASE_METHOD(RestRoutingFixture,
                 "A team or default wrap-up code a queue uses cannot be deleted") {
  const auto tier2 = create("/v1/teams", {{"name", "Tier 2"}});
  const auto code = create("/v1/wrapup-codes", {{"name", "Timed out"}});
  json body = queue_body("Uses both");
  body.erase("team_ids");
  body["groups"] = {{{"team_ids", {world.team_id}}}, {{"team_ids", {tier2}}, {"after_ms", 5000}}};
  body["wrapup_timeout_ms"] = 20000;
  body["default_wrapup_code_id"] = code;
  const auto queue = create("/v1/queues", body);

  CHECK(problem_of(admin("DELETE", "/v1/teams/" + tier2)) == "409 conflict");
  CHECK(problem_of(admin("DELETE", "/v1/wrapup-codes/" + code)) == "409 conflict");
  CHECK(admin("GET", "/v1/teams/" + tier2).status == 200);
  CHECK(admin("GET", "/v1/wrapup-codes/" + code).status == 200);

  REQUIRE(admin("DELETE", "/v1/queues/" + queue).status == 204);
  CHECK(admin("DELETE", "/v1/teams/" + tier2).status == 204);
  CHECK(admin("DELETE", "/v1/wrapup-codes/" + code).status == 204);
}

// --- entry points ----------------------------------------------------------------------------

TEST_CASE_METHOD(RestRoutingFixture,
                 "DN1: an entry point's dial numbers are normalised and unique") {
  const auto queue = create("/v1/queues", queue_body("Main"));
  json body = entry_point_body("Main line", queue);
  body["dial_numbers"] = {"(201) 553-2447", "+1 201 555 0000", "0116112345*9#"};
  body["variables"] = {{{"name", "account"},
                        {"label", "Account"},
                        {"type", "integer"},
                        {"editable", true},
                        {"secure", false},
                        {"order", 1},
                        {"in_offer", true}},
                       {{"name", "pin"}, {"label", "PIN"}, {"secure", true}, {"order", 3}},
                       {{"name", "reason"}, {"label", "Reason"}, {"order", 2}}};
  auto r = admin("POST", "/v1/entry-points", body);
  INFO(r.body);
  REQUIRE(r.status == 201);
  auto ep = r.json();
  const std::string id = ep["id"];
  CHECK(id.rfind("ep", 0) == 0);
  CHECK(etag_version(r) == 1);
  CHECK(ep["name"] == "Main line");
  CHECK(ep["channel"] == "voice");
  CHECK(ep["queue_id"] == queue);
  CHECK(ep["dial_numbers"] == json{"2015532447", "+12015550000", "0116112345*9#"});
  CHECK(ep["hours"].is_null());
  // VA1: every attribute with its default, in display order.
  REQUIRE(ep["variables"].size() == 3);
  CHECK(ep["variables"][0] == json{{"name", "account"},
                                   {"label", "Account"},
                                   {"type", "integer"},
                                   {"editable", true},
                                   {"secure", false},
                                   {"order", 1},
                                   {"in_offer", true}});
  CHECK(ep["variables"][1] == json{{"name", "reason"},
                                   {"label", "Reason"},
                                   {"type", "string"},
                                   {"editable", false},
                                   {"secure", false},
                                   {"order", 2},
                                   {"in_offer", true}});
  CHECK(ep["variables"][2]["name"] == "pin");
  CHECK(ep["variables"][2]["secure"] == true);
  CHECK(admin("GET", "/v1/entry-points/" + id).json() == ep);

  // An invalid number, per position.
  json bad = entry_point_body("Bad", queue);
  bad["dial_numbers"] = {"2015550001", "12", "call me"};
  auto refused = admin("POST", "/v1/entry-points", bad);
  CHECK(problem_of(refused) == "400 validation_failed");
  CHECK(fields_of(refused) == std::set<std::string>{"dial_numbers[1]", "dial_numbers[2]"});

  // The same number twice in one list, once normalised.
  bad["dial_numbers"] = {"2015550001", "201-555-0001"};
  auto twice = admin("POST", "/v1/entry-points", bad);
  CHECK(problem_of(twice) == "400 validation_failed");
  CHECK(fields_of(twice) == std::set<std::string>{"dial_numbers[1]"});

  // A number another entry point already answers, however it is written.
  json other = entry_point_body("Other", queue);
  other["dial_numbers"] = {"201.553.2447"};
  auto taken = admin("POST", "/v1/entry-points", other);
  CHECK(problem_of(taken) == "400 validation_failed");
  CHECK(fields_of(taken) == std::set<std::string>{"dial_numbers"});
  // ... but the entry point that has it may keep it.
  auto same = admin("PATCH", "/v1/entry-points/" + id, R"({"dial_numbers":["2015532447"]})");
  REQUIRE(same.status == 200);
  CHECK(same.json()["dial_numbers"] == json{"2015532447"});
  // Once released, another entry point may take it.
  other["dial_numbers"] = {"+1 (201) 555-0000"};
  CHECK(admin("POST", "/v1/entry-points", other).status == 201);
}

TEST_CASE_METHOD(RestRoutingFixture, "An entry point targets a known queue of its own channel") {
  const auto voice = create("/v1/queues", queue_body("Voice"));
  const auto chat = create("/v1/queues", queue_body("Chat", "chat"));
  auto other_channel =
      admin("POST", "/v1/entry-points", entry_point_body("Web chat", voice, "chat"));
  CHECK(problem_of(other_channel) == "400 validation_failed");
  CHECK(fields_of(other_channel) == std::set<std::string>{"queue_id"});
  auto unknown = admin("POST", "/v1/entry-points", entry_point_body("Lost", "qu_nothing"));
  CHECK(problem_of(unknown) == "400 validation_failed");
  CHECK(fields_of(unknown) == std::set<std::string>{"queue_id"});
  auto missing = admin("POST", "/v1/entry-points", R"({"name":"Nothing"})");
  CHECK(problem_of(missing) == "400 validation_failed");
  CHECK(fields_of(missing) == std::set<std::string>{"channel", "queue_id"});
  auto unknown_field =
      admin("POST", "/v1/entry-points",
            json{{"name", "X"}, {"channel", "chat"}, {"queue_id", chat}, {"colour", "red"}});
  CHECK(fields_of(unknown_field) == std::set<std::string>{"colour"});

  const auto ep = create("/v1/entry-points", entry_point_body("Web chat", chat, "chat"));
  auto moved = admin("PATCH", "/v1/entry-points/" + ep, json{{"queue_id", voice}});
  CHECK(problem_of(moved) == "400 validation_failed");
  CHECK(fields_of(moved) == std::set<std::string>{"queue_id"});
  auto rechannel = admin("PATCH", "/v1/entry-points/" + ep, R"({"channel":"voice"})");
  CHECK(fields_of(rechannel) == std::set<std::string>{"channel"});

  // A queue an entry point targets cannot be deleted.
  CHECK(problem_of(admin("DELETE", "/v1/queues/" + chat)) == "409 conflict");
  CHECK(admin("GET", "/v1/queues/" + chat).status == 200);
  REQUIRE(admin("DELETE", "/v1/entry-points/" + ep).status == 204);
  CHECK(problem_of(admin("GET", "/v1/entry-points/" + ep)) == "404 not_found");
  CHECK(admin("DELETE", "/v1/queues/" + chat).status == 204);
}

TEST_CASE_METHOD(RestRoutingFixture,
                 "OF6: at most 6 variables show in an offer, and secure ones never do") {
  const auto queue = create("/v1/queues", queue_body("Main"));
  json seven = json::array();
  for (int i = 1; i <= 7; ++i) seven.push_back(variable("v" + std::to_string(i)));

  json body = entry_point_body("Seven in offer", queue);
  body["variables"] = seven;
  auto refused = admin("POST", "/v1/entry-points", body);
  CHECK(problem_of(refused) == "400 validation_failed");
  CHECK(fields_of(refused) == std::set<std::string>{"variables"});

  // Seven variables, one of them secure: six in the offer.
  body["variables"][6]["secure"] = true;
  auto secure = admin("POST", "/v1/entry-points", body);
  INFO(secure.body);
  REQUIRE(secure.status == 201);
  CHECK(secure.json()["variables"].size() == 7);
  CHECK(secure.json()["variables"][6]["secure"] == true);

  // Seven variables, one kept out of the offer.
  body["name"] = "One hidden";
  body["variables"] = seven;
  body["variables"][0]["in_offer"] = false;
  CHECK(admin("POST", "/v1/entry-points", body).status == 201);

  // A PATCH cannot bring the secure one into the offer.
  auto patch = json{{"variables", seven}};
  auto grown = admin("PATCH", "/v1/entry-points/" + secure.json()["id"].get<std::string>(), patch);
  CHECK(problem_of(grown) == "400 validation_failed");
  CHECK(fields_of(grown) == std::set<std::string>{"variables"});
}

TEST_CASE_METHOD(RestRoutingFixture, "VA1: variable definitions are validated one by one") {
  const auto queue = create("/v1/queues", queue_body("Main"));
  struct Case {
    const char* what;
    json variables;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"a duplicate name", {variable("account"), variable("account")}, "variables[1].name"},
      {"a name with a blank", {variable("account id")}, "variables[0].name"},
      {"a name starting with a digit", {variable("1st")}, "variables[0].name"},
      {"no name", {{{"label", "Account"}}}, "variables[0].name"},
      {"no label", {{{"name", "account"}}}, "variables[0].label"},
      {"a blank label", {{{"name", "account"}, {"label", " "}}}, "variables[0].label"},
      {"an unknown type",
       {{{"name", "a"}, {"label", "A"}, {"type", "money"}}},
       "variables[0].type"},
      {"a string for a flag",
       {{{"name", "a"}, {"label", "A"}, {"secure", "yes"}}},
       "variables[0].secure"},
      {"a negative order", {{{"name", "a"}, {"label", "A"}, {"order", -1}}}, "variables[0].order"},
      {"an unknown attribute",
       {{{"name", "a"}, {"label", "A"}, {"colour", "red"}}},
       "variables[0].colour"},
      {"not an object", {"account"}, "variables[0]"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    json body = entry_point_body("Refused", queue);
    body["variables"] = c.variables;
    auto r = admin("POST", "/v1/entry-points", body);
    INFO(r.body);
    CHECK(problem_of(r) == "400 validation_failed");
    CHECK(fields_of(r).count(c.field) == 1);
  }
  CHECK(admin("GET", "/v1/entry-points").json()["items"].empty());

  // Every type by its name.
  json all_types = json::array();
  for (const char* type : {"string", "integer", "boolean", "datetime", "decimal"}) {
    all_types.push_back({{"name", std::string("v_") + type}, {"label", type}, {"type", type}});
  }
  json body = entry_point_body("Types", queue);
  body["variables"] = all_types;
  auto ok = admin("POST", "/v1/entry-points", body);
  REQUIRE(ok.status == 201);
  for (std::size_t i = 0; i < all_types.size(); ++i) {
    CHECK(ok.json()["variables"][i]["type"] == all_types[i]["type"]);
    CHECK(ok.json()["variables"][i]["order"] == i);
  }
}

TEST_CASE_METHOD(RestRoutingFixture, "An entry point PATCH keeps what it does not name") {
  const auto queue = create("/v1/queues", queue_body("Main"));
  const auto queue2 = create("/v1/queues", queue_body("Second"));
  json body = entry_point_body("Main line", queue);
  body["dial_numbers"] = {"2015550100"};
  body["variables"] = {variable("account"), variable("reason")};
  body["hours"] = {{"utc_offset_minutes", 120},
                   {"windows", {{{"weekday", 0}, {"start_minute", 480}, {"end_minute", 1020}}}}};
  auto original = created("/v1/entry-points", body);
  CHECK(original["hours"] == body["hours"]);
  const std::string path = "/v1/entry-points/" + original["id"].get<std::string>();

  auto renamed = admin("PATCH", path, json{{"name", "Main line (EMEA)"}});
  REQUIRE(renamed.status == 200);
  auto e = renamed.json();
  CHECK(e["name"] == "Main line (EMEA)");
  CHECK(e["version"] == 2);
  for (const char* kept :
       {"id", "channel", "queue_id", "dial_numbers", "variables", "hours", "created_at"}) {
    INFO(kept);
    CHECK(e[kept] == original[kept]);
  }

  auto retargeted = admin("PATCH", path, json{{"queue_id", queue2}, {"hours", nullptr}});
  REQUIRE(retargeted.status == 200);
  CHECK(retargeted.json()["queue_id"] == queue2);
  CHECK(retargeted.json()["hours"].is_null());
  CHECK(retargeted.json()["variables"] == original["variables"]);

  auto bad_hours = admin(
      "PATCH", path,
      json{{"hours", {{"windows", {{{"weekday", 7}, {"start_minute", 0}, {"end_minute", 60}}}}}}});
  CHECK(problem_of(bad_hours) == "400 validation_failed");
  CHECK(fields_of(bad_hours) == std::set<std::string>{"hours.windows[0]"});

  const auto v = etag_version(admin("GET", path));
  REQUIRE(v == 3);
  CHECK(problem_of(admin("PATCH", path, R"({"name":"X"})", {{"If-Match", quoted(v - 1)}})) ==
        "412 precondition_failed");
  CHECK(problem_of(admin("DELETE", path, {}, {{"If-Match", quoted(v - 1)}})) ==
        "412 precondition_failed");
  CHECK(admin("GET", path).json()["name"] == "Main line (EMEA)");
  CHECK(admin("DELETE", path, {}, {{"If-Match", quoted(v)}}).status == 204);
}

// --- tenants and restarts --------------------------------------------------------------------

TEST_CASE_METHOD(RestRoutingFixture,
                 "Another tenant's queues and entry points answer like unknown ones") {
  const auto queue = create("/v1/queues", queue_body("Acme queue"));
  json body = entry_point_body("Acme line", queue);
  body["dial_numbers"] = {"2015550100"};
  const auto ep = create("/v1/entry-points", body);

  World other = make_world(port(), "Globex", 0);
  auto as_other = [&](const std::string& method, const std::string& target,
                      const std::string& b = {}) {
    return as(other.admin_token, method, target, b);
  };
  const auto detail = [](const HttpResult& r) { return r.json().value("detail", ""); };

  for (const auto& [mine, unknown] :
       {std::pair{"/v1/queues/" + queue, std::string("/v1/queues/qu_unknown")},
        std::pair{"/v1/entry-points/" + ep, std::string("/v1/entry-points/ep_unknown")}}) {
    INFO(mine);
    for (const char* method : {"GET", "PATCH", "DELETE"}) {
      INFO(method);
      const std::string patch = std::string(method) == "PATCH" ? R"({"name":"Mine"})" : "";
      auto theirs = as_other(method, mine, patch);
      auto nothing = as_other(method, unknown, patch);
      CHECK(problem_of(theirs) == "404 not_found");
      CHECK(problem_of(nothing) == "404 not_found");
      CHECK(detail(theirs) == detail(nothing));
    }
  }
  CHECK(as_other("GET", "/v1/queues").json()["items"].empty());
  CHECK(as_other("GET", "/v1/entry-points").json()["items"].empty());

  // Nor can it be referenced: as a target, as an overflow, or with the other tenant's team.
  auto target =
      as_other("POST", "/v1/entry-points",
               json{{"name", "Hijack"}, {"channel", "voice"}, {"queue_id", queue}}.dump());
  CHECK(fields_of(target) == std::set<std::string>{"queue_id"});
  json overflow = {{"name", "Spill"},
                   {"channel", "voice"},
                   {"team_ids", {other.team_id}},
                   {"wrapup_timeout_ms", 0},
                   {"overflow", {{"queue_id", queue}, {"after_ms", 60000}}}};
  CHECK(fields_of(as_other("POST", "/v1/queues", overflow.dump())) ==
        std::set<std::string>{"overflow.queue_id"});
  json foreign_team = queue_body("Foreign team");  // Acme's team
  CHECK(fields_of(as_other("POST", "/v1/queues", foreign_team.dump())) ==
        std::set<std::string>{"team_ids"});
  // Dial numbers are unique within a tenant: another tenant may answer the same number.
  auto own_queue = as_other("POST", "/v1/queues",
                            json{{"name", "Globex"},
                                 {"channel", "voice"},
                                 {"team_ids", {other.team_id}},
                                 {"wrapup_timeout_ms", 0}}
                                .dump());
  REQUIRE(own_queue.status == 201);
  auto own_line = as_other("POST", "/v1/entry-points",
                           json{{"name", "Globex line"},
                                {"channel", "voice"},
                                {"queue_id", own_queue.json()["id"]},
                                {"dial_numbers", {"201-555-0100"}}}
                               .dump());
  CHECK(own_line.status == 201);

  // Acme's resources are untouched.
  CHECK(admin("GET", "/v1/queues/" + queue).json()["name"] == "Acme queue");
  CHECK(admin("GET", "/v1/entry-points/" + ep).json()["name"] == "Acme line");
}

TEST_CASE_METHOD(RestRoutingFixture, "A restart keeps queues and entry points") {
  const auto tier2 = create("/v1/teams", {{"name", "Tier 2"}});
  const auto spill = create("/v1/queues", queue_body("Spill"));
  json qb = {
      {"name", "Main"},
      {"channel", "voice"},
      {"groups", {{{"team_ids", {world.team_id}}}, {{"team_ids", {tier2}}, {"after_ms", 20000}}}},
      {"strategy", "skills"},
      {"required_skills", {{"english", 4}}},
      {"rona_timeout_ms", 12000},
      {"wrapup_timeout_ms", 30000},
      {"default_wrapup_code_id", world.wrapup_code_id},
      {"priority", 8},
      {"max_length", 40},
      {"service_level_ms", 15000},
      {"overflow", {{"queue_id", spill}, {"after_ms", 90000}}}};
  const auto queue = created("/v1/queues", qb);
  json eb = entry_point_body("Main line", queue["id"].get<std::string>());
  eb["dial_numbers"] = {"(201) 553-2447", "+442071234567"};
  eb["variables"] = {{{"name", "account"},
                      {"label", "Account"},
                      {"type", "decimal"},
                      {"editable", true},
                      {"order", 2}},
                     {{"name", "pin"}, {"label", "PIN"}, {"secure", true}, {"in_offer", false}}};
  eb["hours"] = {{"utc_offset_minutes", -300},
                 {"windows",
                  {{{"weekday", 0}, {"start_minute", 540}, {"end_minute", 1020}},
                   {{"weekday", 5}, {"start_minute", 600}, {"end_minute", 720}}}}};
  const auto ep = created("/v1/entry-points", eb);
  // A PATCH before the restart: the stored value is the latest one.
  auto renamed =
      admin("PATCH", "/v1/entry-points/" + ep["id"].get<std::string>(), R"({"name":"Main"})");
  REQUIRE(renamed.status == 200);
  const auto deleted = create("/v1/queues", queue_body("Gone"));
  REQUIRE(admin("DELETE", "/v1/queues/" + deleted).status == 204);

  REQUIRE(server->terminate() == 0);
  start();

  auto q = admin("GET", "/v1/queues/" + queue["id"].get<std::string>());
  INFO(q.body);
  REQUIRE(q.status == 200);
  CHECK(q.json() == queue);
  CHECK(etag_version(q) == 1);
  auto e = admin("GET", "/v1/entry-points/" + ep["id"].get<std::string>());
  REQUIRE(e.status == 200);
  CHECK(e.json() == renamed.json());
  CHECK(etag_version(e) == 2);
  CHECK(problem_of(admin("GET", "/v1/queues/" + deleted)) == "404 not_found");
  CHECK(admin("GET", "/v1/queues").json()["items"].size() == 2);

  // The rules still hold against what was loaded.
  CHECK(problem_of(admin("DELETE", "/v1/queues/" + spill)) == "409 conflict");
  CHECK(problem_of(admin("DELETE", "/v1/teams/" + tier2)) == "409 conflict");
  json taken = entry_point_body("Copy", queue["id"].get<std::string>());
  taken["dial_numbers"] = {"2015532447"};
  CHECK(fields_of(admin("POST", "/v1/entry-points", taken)) ==
        std::set<std::string>{"dial_numbers"});
}

TEST_CASE_METHOD(RestRoutingFixture,
                 "EN2: the bootstrap queue body of protocol.md is accepted as it is") {
  // name, channel, team_ids, rona_timeout_ms, wrapup_timeout_ms — no default wrap-up code: the
  // automatic wrap-up then closes the interaction without one.
  auto team = create("/v1/teams", {{"name", "Bootstrap team"}});
  auto queue = created("/v1/queues", {{"name", "Bootstrap"},
                                      {"channel", "voice"},
                                      {"team_ids", {team}},
                                      {"rona_timeout_ms", 15000},
                                      {"wrapup_timeout_ms", 30000}});
  CHECK(queue["wrapup_timeout_ms"] == 30000);
  CHECK(queue["default_wrapup_code_id"].is_null());
}
