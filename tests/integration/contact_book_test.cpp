// The address book and the organisation directory over the real server (CO1, CO9, CO10, TR1,
// DN1): REST CRUD with search, If-Match and Idempotency-Key, tenant isolation, bad numbers; the
// desktop's list_targets for every kind; a consult to a directory entry dialling its company
// number.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "clients.hpp"
#include "replies.hpp"
#include "server_process.hpp"
#include "world.hpp"

using namespace ccr::test;
using nlohmann::json;

namespace {

struct BookFixture {
  TempDir dir;
  ServerProcess server{{dir.file("ccr.db"), {}, {}}};
  World world = make_world(server.port(), "Acme", 4);

  HttpResult admin(const std::string& method, const std::string& target,
                   const std::string& body = {}, Headers extra = {}) {
    auto headers = bearer(world.admin_token);
    headers.insert(headers.end(), extra.begin(), extra.end());
    return http(server.port(), method, target, body, headers);
  }
  std::string make(const std::string& path, const json& body) {
    auto r = admin("POST", path, body.dump());
    REQUIRE(r.status == 201);
    return r.json()["id"];
  }
  // The ids of a list page, in order.
  std::vector<std::string> listed(const std::string& target) {
    auto r = admin("GET", target);
    REQUIRE(r.status == 200);
    const auto page = r.json();
    std::vector<std::string> out;
    for (const auto& item : page["items"]) out.push_back(item["id"]);
    return out;
  }
  std::unique_ptr<WsClient> desktop(int index) {
    auto ws =
        std::make_unique<WsClient>(server.port(), "/v1/agent", bearer(world.agents[index].token));
    REQUIRE(ws->open());
    ws->next_of("hello");
    return ws;
  }
  std::unique_ptr<WsClient> logged_in(int index) {
    auto ws = desktop(index);
    REQUIRE(ws->command("login",
                        {{"team_id", world.team_id},
                         {"dial_number", "+4021000100" + std::to_string(index)}})["type"] == "ack");
    return ws;
  }
};

std::vector<std::string> target_ids(const json& ack) {
  std::vector<std::string> out;
  for (const auto& t : ack["targets"]) out.push_back(t["id"]);
  return out;
}

json list_targets(WsClient& ws, const std::string& kind, const std::string& purpose,
                  const std::string& query = {}) {
  auto ack = ws.command("list_targets", {{"kind", kind}, {"purpose", purpose}, {"query", query}});
  REQUIRE(ack["type"] == "ack");
  return ack;
}

// The number of the interaction's outside (external) leg, or "".
std::string external_number(const json& interaction) {
  for (const auto& leg : interaction.value("legs", json::array())) {
    if (leg.value("party", "") == "external") return leg.value("number", "");
  }
  return {};
}

}  // namespace

TEST_CASE_METHOD(BookFixture,
                 "CO1: address book entries are created, searched, patched and "
                 "deleted over REST") {
  auto made =
      admin("POST", "/v1/address-book", R"({"name":"Maria Popescu","number":"(201) 553-2447"})");
  REQUIRE(made.status == 201);
  CHECK(made.header("etag") == "\"1\"");
  const std::string maria = made.json()["id"];
  CHECK(made.json()["number"] == "2015532447");  // DN1
  const auto ion = make("/v1/address-book", {{"name", "Ion Ionescu"}, {"number", "+40215550202"}});

  auto got = admin("GET", "/v1/address-book/" + maria);
  REQUIRE(got.status == 200);
  CHECK(got.json()["name"] == "Maria Popescu");
  CHECK(got.json()["version"] == 1);
  CHECK(listed("/v1/address-book?q=maria") == std::vector<std::string>{maria});
  CHECK(listed("/v1/address-book?q=%28201%29%20553") == std::vector<std::string>{maria});
  CHECK(listed("/v1/address-book?q=555-0202") == std::vector<std::string>{ion});
  CHECK(listed("/v1/address-book?q=nobody").empty());
  CHECK(listed("/v1/address-book?limit=1").size() == 1);

  auto stale = admin("PATCH", "/v1/address-book/" + maria, R"({"number":"+40 21 555 0101"})",
                     {{"If-Match", "\"2\""}});
  CHECK(problem_of(stale) == "412 precondition_failed");
  auto patched = admin("PATCH", "/v1/address-book/" + maria, R"({"number":"+40 21 555 0101"})",
                       {{"If-Match", "\"1\""}});
  REQUIRE(patched.status == 200);
  CHECK(patched.json()["number"] == "+40215550101");
  CHECK(patched.json()["name"] == "Maria Popescu");
  CHECK(patched.header("etag") == "\"2\"");

  CHECK(admin("DELETE", "/v1/address-book/" + maria, {}, {{"If-Match", "\"2\""}}).status == 204);
  CHECK(problem_of(admin("GET", "/v1/address-book/" + maria)) == "404 not_found");
  CHECK(listed("/v1/address-book") == std::vector<std::string>{ion});
}

TEST_CASE_METHOD(BookFixture,
                 "A retried address book create with its Idempotency-Key is "
                 "replayed") {
  const Headers key{{"Idempotency-Key", "book-1"}};
  const std::string body = R"({"name":"Dr. Who","number":"123"})";
  auto first = admin("POST", "/v1/address-book", body, key);
  REQUIRE(first.status == 201);
  auto retry = admin("POST", "/v1/address-book", body, key);
  CHECK(retry.status == 201);
  CHECK(retry.body == first.body);
  CHECK(retry.header("idempotent-replayed") == "true");
  CHECK(listed("/v1/address-book").size() == 1);
}

TEST_CASE_METHOD(BookFixture, "DN1, CO10: bad numbers and bodies are refused") {
  auto short_number = admin("POST", "/v1/address-book", R"({"name":"Bob","number":"12"})");
  CHECK(problem_of(short_number) == "400 invalid_dial_number");
  CHECK(has_field_error(short_number.json(), "number"));
  auto letters = admin("POST", "/v1/directory", R"({"name":"Eve","company_number":"call me"})");
  CHECK(problem_of(letters) == "400 invalid_dial_number");
  CHECK(has_field_error(letters.json(), "company_number"));
  auto missing = admin("POST", "/v1/address-book", R"({"number":"123"})");
  CHECK(problem_of(missing) == "400 validation_failed");
  CHECK(has_field_error(missing.json(), "name"));
  auto unknown = admin("POST", "/v1/directory", R"({"name":"Eve","phone":"123"})");
  CHECK(has_field_error(unknown.json(), "phone"));
  CHECK(
      problem_of(admin("POST", "/v1/address-book", R"({"name":"A","name":"B","number":"123"})")) ==
      "400 validation_failed");  // duplicate key
  auto email = admin("POST", "/v1/directory", R"({"name":"Eve","email":"nope"})");
  CHECK(problem_of(email) == "400 validation_failed");
  CHECK(has_field_error(email.json(), "email"));
  CHECK(listed("/v1/address-book").empty());
  CHECK(listed("/v1/directory").empty());
}

TEST_CASE_METHOD(BookFixture,
                 "Another tenant's entries answer like unknown ones, supervisors "
                 "only read") {
  const auto entry = make("/v1/address-book", {{"name", "Maria"}, {"number", "+40215550101"}});
  const auto expert = make("/v1/directory", {{"name", "Dana"}, {"company_number", "2015550199"}});
  World other = make_world(server.port(), "Globex", 0);
  const auto as_other = bearer(other.admin_token);
  for (const auto& path : {"/v1/address-book/" + entry, "/v1/directory/" + expert}) {
    INFO(path);
    CHECK(problem_of(http(server.port(), "GET", path, {}, as_other)) == "404 not_found");
    CHECK(problem_of(http(server.port(), "PATCH", path, R"({"name":"Mine"})", as_other)) ==
          "404 not_found");
    CHECK(problem_of(http(server.port(), "DELETE", path, {}, as_other)) == "404 not_found");
    CHECK(admin("GET", path).json()["name"] != "Mine");
  }
  CHECK(http(server.port(), "GET", "/v1/address-book", {}, as_other).json()["items"].empty());

  auto token = admin("POST", "/v1/tokens", R"({"role":"supervisor"})");
  REQUIRE(token.status == 201);
  const auto supervisor = bearer(token.json()["token"]);
  CHECK(http(server.port(), "GET", "/v1/directory/" + expert, {}, supervisor).status == 200);
  CHECK(problem_of(http(server.port(), "POST", "/v1/directory", R"({"name":"X"})", supervisor)) ==
        "403 forbidden");
  CHECK(problem_of(http(server.port(), "GET", "/v1/address-book", {},
                        bearer(world.agents[0].token))) == "403 forbidden");
}

TEST_CASE_METHOD(BookFixture,
                 "CO1: the directory keeps entries without a company number, "
                 "the admin sees them all") {
  const auto dana = make("/v1/directory", {{"name", "Dana Stan"},
                                           {"role", "Tax advisor"},
                                           {"department", "Finance"},
                                           {"company_number", "+1 (201) 555-0199"},
                                           {"email", "dana@example.com"}});
  const auto nina = make("/v1/directory", {{"name", "Nina Fara"}, {"role", "Tax advisor"}});
  auto got = admin("GET", "/v1/directory/" + dana);
  CHECK(got.json()["company_number"] == "+12015550199");
  CHECK(admin("GET", "/v1/directory/" + nina).json()["company_number"].is_null());
  CHECK(listed("/v1/directory?q=tax").size() == 2);
  CHECK(listed("/v1/directory?q=finance") == std::vector<std::string>{dana});
  auto cleared = admin("PATCH", "/v1/directory/" + dana, R"({"company_number":null})");
  REQUIRE(cleared.status == 200);
  CHECK(cleared.json()["company_number"].is_null());
  CHECK(cleared.json()["role"] == "Tax advisor");
}

TEST_CASE_METHOD(BookFixture, "CO1, TR1: list_targets lists agents with their state by purpose") {
  auto asker = logged_in(0);
  auto available = logged_in(1);
  auto idle = logged_in(2);
  REQUIRE(idle->command("set_state", {{"state", "Idle"},
                                      {"idle_code_id", world.idle_code_id}})["type"] == "ack");
  // Agent 4 never logs in.

  auto consult = list_targets(*asker, "agent", "consult");
  CHECK(target_ids(consult) == std::vector<std::string>{world.agents[1].id, world.agents[2].id});
  CHECK(consult["total"] == 2);
  CHECK(consult["targets"][0]["state"] == "Available");
  CHECK(consult["targets"][0]["name"] == "Agent 2");
  CHECK(consult["targets"][0]["team_id"] == world.team_id);
  CHECK(consult["targets"][0]["team_name"] == "Support");
  CHECK(consult["targets"][0]["reachable"] == true);
  CHECK(consult["targets"][1]["state"] == "Idle");
  CHECK(consult["targets"][1]["kind"] == "agent");

  auto transfer = list_targets(*asker, "agent", "transfer");
  CHECK(target_ids(transfer) == std::vector<std::string>{world.agents[1].id});
  CHECK(target_ids(list_targets(*asker, "agent", "consult", "agent 3")) ==
        std::vector<std::string>{world.agents[2].id});

  auto bad = asker->command("list_targets", {{"kind", "robot"}, {"purpose", "chat"}});
  CHECK(bad["code"] == "validation_failed");
  CHECK(has_field_error(bad, "kind"));
  CHECK(has_field_error(bad, "purpose"));
}

TEST_CASE_METHOD(BookFixture,
                 "CO1, CO9: list_targets lists queues and entry points allowed for "
                 "the purpose") {
  const auto open_queue = make(
      "/v1/queues", {{"name", "Billing"}, {"channel", "voice"}, {"team_ids", {world.team_id}}});
  const auto no_transfer = make("/v1/queues", {{"name", "Escalations"},
                                               {"channel", "voice"},
                                               {"team_ids", {world.team_id}},
                                               {"transfer_allowed", false}});
  make("/v1/queues", {{"name", "Chat"}, {"channel", "chat"}, {"team_ids", {world.team_id}}});
  const auto line = make("/v1/entry-points", {{"name", "Billing line"},
                                              {"channel", "voice"},
                                              {"queue_id", open_queue},
                                              {"dial_numbers", {"+1 (201) 555-0100"}}});
  auto queue = admin("GET", "/v1/queues/" + no_transfer).json();
  CHECK(queue["consult_allowed"] == true);
  CHECK(queue["transfer_allowed"] == false);
  auto ws = desktop(0);

  auto consult = list_targets(*ws, "queue", "consult");
  CHECK(target_ids(consult) == std::vector<std::string>{open_queue, no_transfer});
  CHECK(consult["targets"][1]["transfer_allowed"] == false);
  CHECK(target_ids(list_targets(*ws, "queue", "transfer")) == std::vector<std::string>{open_queue});

  auto lines = list_targets(*ws, "entry_point", "consult", "(201) 555-0100");
  REQUIRE(target_ids(lines) == std::vector<std::string>{line});
  CHECK(lines["targets"][0]["dial_numbers"] == json{"+12015550100"});
  CHECK(lines["targets"][0]["open"] == true);
  REQUIRE(admin("PATCH", "/v1/entry-points/" + line, R"({"consult_allowed":false})").status == 200);
  CHECK(list_targets(*ws, "entry_point", "consult")["targets"].empty());
  CHECK(target_ids(list_targets(*ws, "entry_point", "transfer", "billing")) ==
        std::vector<std::string>{line});
}

TEST_CASE_METHOD(BookFixture, "CO1: list_targets searches the address book and the directory") {
  const auto maria =
      make("/v1/address-book", {{"name", "Maria Popescu"}, {"number", "2015532447"}});
  make("/v1/address-book", {{"name", "Ion Ionescu"}, {"number", "+40215550202"}});
  const auto dana =
      make("/v1/directory",
           {{"name", "Dana Stan"}, {"role", "Tax advisor"}, {"company_number", "+12015550199"}});
  make("/v1/directory", {{"name", "Nina Fara"}, {"role", "Tax advisor"}});  // no company number
  World other = make_world(server.port(), "Globex", 0);
  http(server.port(), "POST", "/v1/address-book", R"({"name":"Maria Globex","number":"123"})",
       bearer(other.admin_token));
  auto ws = desktop(0);

  auto numbers = list_targets(*ws, "dial_number", "consult", "maria");
  REQUIRE(target_ids(numbers) == std::vector<std::string>{maria});
  CHECK(numbers["targets"][0]["number"] == "2015532447");
  CHECK(numbers["targets"][0]["kind"] == "dial_number");
  CHECK(target_ids(list_targets(*ws, "dial_number", "transfer", "(201) 553-2447")) ==
        std::vector<std::string>{maria});
  CHECK(list_targets(*ws, "dial_number", "consult")["total"] == 2);

  auto experts = list_targets(*ws, "directory", "consult", "tax");
  REQUIRE(target_ids(experts) == std::vector<std::string>{dana});
  CHECK(experts["targets"][0]["number"] == "+12015550199");
  CHECK(experts["targets"][0]["role"] == "Tax advisor");
  CHECK(target_ids(list_targets(*ws, "directory", "transfer", "+1 201 555 0199")) ==
        std::vector<std::string>{dana});
  CHECK(list_targets(*ws, "directory", "consult", "5550199")["targets"].empty());
}

TEST_CASE_METHOD(BookFixture,
                 "CO1, CO10: a consult to a directory entry dials its company "
                 "number") {
  const auto queue = make("/v1/queues", {{"name", "Voice"},
                                         {"channel", "voice"},
                                         {"team_ids", {world.team_id}},
                                         {"wrapup_timeout_ms", 0}});
  const auto entry =
      make("/v1/entry-points", {{"name", "Main"}, {"channel", "voice"}, {"queue_id", queue}});
  const auto dana = make("/v1/directory", {{"name", "Dana"}, {"company_number", "+12015550199"}});
  const auto nina = make("/v1/directory", {{"name", "Nina"}});
  World other = make_world(server.port(), "Globex", 0);
  auto foreign = http(server.port(), "POST", "/v1/directory",
                      R"({"name":"Zed","company_number":"2015550111"})", bearer(other.admin_token));
  REQUIRE(foreign.status == 201);

  auto ws = logged_in(0);
  auto contact = admin("POST", "/v1/contacts",
                       json{{"entry_point_id", entry},
                            {"channel", "voice"},
                            {"ani", "+40722000111"},
                            {"dnis", "+12015550100"}}
                           .dump());
  REQUIRE(contact.status == 201);
  const std::string id = contact.json()["id"];
  auto offer = ws->next_of("offer");
  REQUIRE(ws->command("accept", {{"offer_id", offer["offer_id"]}})["type"] == "ack");

  const auto consult = [&](const std::string& target_id) {
    return ws->command("consult", {{"interaction_id", id},
                                   {"target", {{"kind", "directory"}, {"id", target_id}}}});
  };
  CHECK(consult(nina)["code"] == "not_found");  // no company number (CO1)
  CHECK(consult("dir_unknown")["code"] == "not_found");
  CHECK(consult(foreign.json()["id"])["code"] == "not_found");  // another tenant's entry

  auto started = consult(dana);
  REQUIRE(started["type"] == "ack");
  CHECK(external_number(started["interaction"]) == "+12015550199");
  json event = json::object();
  for (int i = 0; i < 10 && external_number(event).empty(); ++i) event = ws->next_of("interaction");
  CHECK(external_number(event) == "+12015550199");
  CHECK(event["state"] == "Consulting");
}
