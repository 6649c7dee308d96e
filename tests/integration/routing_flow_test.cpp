// Contacts end to end through real HTTP and WebSocket: in at an entry point, offered, accepted,
// ended and wrapped up (OF1, OF3, AN1, EN1, EN2, EN4), RONA (OF2, AS2) and caps (LI1).
#include <catch2/catch.hpp>

#include "clients.hpp"
#include "server_process.hpp"
#include "world.hpp"

using namespace ccr::test;
using nlohmann::json;

namespace {

struct RoutingFixture {
  TempDir dir;
  ServerProcess server{{dir.file("ccr.db"), {}, {}}};
  World world = make_world(server.port());
  std::string voice_queue;
  std::string voice_entry;
  std::string chat_queue;
  std::string chat_entry;

  RoutingFixture() {
    voice_queue = make("/v1/queues", {{"name", "Voice support"},
                                      {"channel", "voice"},
                                      {"team_ids", {world.team_id}},
                                      {"rona_timeout_ms", 1000},
                                      {"wrapup_timeout_ms", 0}});
    voice_entry = make("/v1/entry-points", {{"name", "Main line"},
                                            {"channel", "voice"},
                                            {"queue_id", voice_queue},
                                            {"dial_numbers", {"+12015550100"}}});
    chat_queue = make("/v1/queues", {{"name", "Chat support"},
                                     {"channel", "chat"},
                                     {"team_ids", {world.team_id}},
                                     {"rona_timeout_ms", 30000},
                                     {"wrapup_timeout_ms", 0}});
    chat_entry = make("/v1/entry-points",
                      {{"name", "Web chat"}, {"channel", "chat"}, {"queue_id", chat_queue}});
  }

  std::string make(const std::string& path, const json& body) {
    auto r = http(server.port(), "POST", path, body.dump(), bearer(world.admin_token));
    REQUIRE(r.status == 201);
    return r.json()["id"];
  }

  HttpResult contact(const std::string& entry, const std::string& channel) {
    return http(server.port(), "POST", "/v1/contacts",
                json{{"entry_point_id", entry},
                     {"channel", channel},
                     {"ani", "+40722000111"},
                     {"dnis", "+12015550100"}}
                    .dump(),
                bearer(world.admin_token));
  }

  std::unique_ptr<WsClient> available_agent(int index) {
    auto ws =
        std::make_unique<WsClient>(server.port(), "/v1/agent", bearer(world.agents[index].token));
    REQUIRE(ws->open());
    ws->next_of("hello");
    REQUIRE(ws->command("login",
                        {{"team_id", world.team_id},
                         {"dial_number", "+4021000100" + std::to_string(index)}})["type"] == "ack");
    return ws;
  }
};

}  // namespace

TEST_CASE_METHOD(RoutingFixture,
                 "OF1, AN1, EN1, EN2: a voice call is offered, answered, ended and wrapped up") {
  auto ws = available_agent(0);
  auto created = contact(voice_entry, "voice");
  REQUIRE(created.status == 201);
  const std::string id = created.json()["id"];

  auto connecting = ws->next_of("offer_connecting");
  CHECK(connecting["interaction_id"] == id);
  auto offer = ws->next_of("offer");
  CHECK(offer["interaction_id"] == id);
  CHECK(offer["kind"] == "inbound");
  CHECK(offer["variables"].size() == 3);  // OF6: topped up with ANI, DNIS and queue
  auto stack = ws->next_of("offer_stack");
  CHECK(stack["total"] == 1);

  auto accepted = ws->command("accept", {{"offer_id", offer["offer_id"]}});
  REQUIRE(accepted["type"] == "ack");
  CHECK(accepted["interaction"]["state"] == "Connected");
  CHECK(accepted["interaction"]["controls"] == json{"end"});

  auto ended = ws->command("end", {{"interaction_id", id}});
  REQUIRE(ended["type"] == "ack");
  CHECK(ended["interaction"]["phase"] == "WrapUp");
  ws->next_of("wrapup_required");

  auto wrapped =
      ws->command("wrapup", {{"interaction_id", id}, {"wrapup_code_id", world.wrapup_code_id}});
  REQUIRE(wrapped["type"] == "ack");
  CHECK(wrapped["interaction"]["phase"] == "Ended");
  CHECK(ws->next_of("interaction_ended")["interaction_id"] == id);
}

TEST_CASE_METHOD(RoutingFixture,
                 "OF2, AS2: an unanswered offer goes back to the queue and the agent to RONA") {
  auto ws = available_agent(0);
  auto created = contact(voice_entry, "voice");
  REQUIRE(created.status == 201);
  auto offer = ws->next_of("offer");
  auto withdrawn = ws->next_of("offer_withdrawn", std::chrono::seconds(5));
  CHECK(withdrawn["reason"] == "rona");
  CHECK(withdrawn["offer_id"] == offer["offer_id"]);
  auto late = ws->command("accept", {{"offer_id", offer["offer_id"]}});
  CHECK(late["code"] == "offer_gone");
  auto agent =
      http(server.port(), "GET", "/v1/agents/" + world.agents[0].id, "", bearer(world.admin_token));
  CHECK(agent.json()["state"] == "RONA");
  // Only the agent moves out of RONA; then the contact, still queued, is offered again.
  REQUIRE(ws->command("set_state", {{"state", "Available"}})["type"] == "ack");
  CHECK(ws->next_of("offer")["interaction_id"] == created.json()["id"]);
}

TEST_CASE_METHOD(RoutingFixture,
                 "EN4, OF5: chats connect on accept and accept_all takes every digital offer") {
  auto ws = available_agent(0);
  for (int i = 0; i < 2; ++i) REQUIRE(contact(chat_entry, "chat").status == 201);
  int offers = 0;
  while (offers < 2) {
    ws->next_of("offer");
    ++offers;
  }
  auto all = ws->command("accept_all");
  REQUIRE(all["type"] == "ack");
  REQUIRE(all["results"].size() == 2);
  for (const auto& r : all["results"]) CHECK(r["accepted"] == true);
}

TEST_CASE_METHOD(RoutingFixture,
                 "LI1: a new call beyond the tenant's cap is refused with its scope") {
  REQUIRE(http(server.port(), "PATCH", "/v1/settings", R"({"max_concurrent_calls":1})",
               bearer(world.admin_token))
              .status == 200);
  REQUIRE(contact(voice_entry, "voice").status == 201);
  auto refused = contact(voice_entry, "voice");
  CHECK(refused.status == 503);
  CHECK(refused.json()["code"] == "call_cap_reached");
  CHECK(refused.json()["scope"] == "tenant");
  CHECK(contact(chat_entry, "chat").status == 201);  // digital contacts are not calls
}
