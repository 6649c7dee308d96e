// Contacts end to end through real HTTP and WebSocket: in at an entry point, offered, accepted,
// ended and wrapped up (OF1, OF3, AN1, EN1, EN2, EN4), RONA (OF2, AS2) and caps (LI1).
#include <catch2/catch.hpp>

#include "clients.hpp"
#include "replies.hpp"
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
  CHECK(accepted["interaction"]["controls"] == json{"hold", "consult", "transfer", "end"});

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

TEST_CASE_METHOD(RoutingFixture,
                 "EN4: chat, email and social contacts live through accept, end and wrap-up") {
  auto ws = available_agent(0);
  for (const std::string channel : {"chat", "email", "social"}) {
    const auto queue = make("/v1/queues", {{"name", channel + " queue"},
                                           {"channel", channel},
                                           {"team_ids", {world.team_id}},
                                           {"wrapup_timeout_ms", 0}});
    const auto entry =
        make("/v1/entry-points",
             {{"name", channel + " entry"}, {"channel", channel}, {"queue_id", queue}});
    auto created = contact(entry, channel);
    REQUIRE(created.status == 201);
    const std::string id = created.json()["id"];
    auto offer = ws->next_of("offer");
    CHECK(offer["channel"] == channel);
    auto accepted = ws->command("accept", {{"offer_id", offer["offer_id"]}});
    REQUIRE(accepted["type"] == "ack");
    CHECK(accepted["interaction"]["state"] == "Connected");  // EN4: no ringing
    REQUIRE(ws->command("end", {{"interaction_id", id}})["type"] == "ack");
    auto wrapped =
        ws->command("wrapup", {{"interaction_id", id}, {"wrapup_code_id", world.wrapup_code_id}});
    CHECK(wrapped["interaction"]["phase"] == "Ended");
  }
}

TEST_CASE_METHOD(RoutingFixture,
                 "OF4, OF5: accept_all takes the digital offers and leaves the call ringing") {
  auto ws = available_agent(0);
  REQUIRE(contact(voice_entry, "voice").status == 201);
  REQUIRE(contact(chat_entry, "chat").status == 201);
  std::map<std::string, std::string> offer_by_channel;
  for (int i = 0; i < 2; ++i) {
    auto offer = ws->next_of("offer");
    offer_by_channel[offer["channel"]] = offer["offer_id"];
  }
  json stack;
  while (stack.is_null() || stack["total"] != 2) stack = ws->next_of("offer_stack");
  CHECK(stack["items"] == json{offer_by_channel["chat"], offer_by_channel["voice"]});  // OF4
  auto all = ws->command("accept_all");
  REQUIRE(all["type"] == "ack");
  REQUIRE(all["results"].size() == 1);
  CHECK(all["results"][0]["accepted"] == true);
  auto after = ws->next_of("offer_stack");
  CHECK(after["total"] == 1);  // the call still rings
}

TEST_CASE_METHOD(RoutingFixture,
                 "AS3: logout is refused while an offer is pending, and while work remains") {
  auto ws = available_agent(0);
  REQUIRE(contact(chat_entry, "chat").status == 201);
  auto offer = ws->next_of("offer");
  CHECK(ws->command("logout")["code"] == "offer_pending");
  REQUIRE(ws->command("accept", {{"offer_id", offer["offer_id"]}})["type"] == "ack");
  CHECK(ws->command("logout")["code"] == "invalid_state");
}

TEST_CASE_METHOD(RoutingFixture,
                 "AS7: a desktop that drops gives its pending offer back to the queue at once") {
  auto first = available_agent(0);
  auto created = contact(chat_entry, "chat");
  REQUIRE(created.status == 201);
  first->next_of("offer");
  first.reset();  // the desktop vanishes without a word
  auto second = available_agent(1);
  auto offer = second->next_of("offer", std::chrono::seconds(10));
  CHECK(offer["interaction_id"] == created.json()["id"]);
}

TEST_CASE_METHOD(RoutingFixture, "LI1: the server-wide cap refuses new calls with scope server") {
  TempDir other;
  ServerProcess capped{
      {other.file("capped.db"), {}, {{"CCROUTER_LIMITS_MAX_CONCURRENT_CALLS", "1"}}}};
  auto w = make_world(capped.port());
  auto post = [&](const std::string& path, const json& body) {
    return http(capped.port(), "POST", path, body.dump(), bearer(w.admin_token));
  };
  const std::string queue = post("/v1/queues", {{"name", "Q"},
                                                {"channel", "voice"},
                                                {"team_ids", {w.team_id}},
                                                {"wrapup_timeout_ms", 0}})
                                .json()["id"];
  const std::string entry =
      post("/v1/entry-points", {{"name", "E"}, {"channel", "voice"}, {"queue_id", queue}})
          .json()["id"];
  const json call = {{"entry_point_id", entry}, {"channel", "voice"}};
  REQUIRE(post("/v1/contacts", call).status == 201);
  auto refused = post("/v1/contacts", call);
  CHECK(refused.json()["code"] == "call_cap_reached");
  CHECK(refused.json()["scope"] == "server");
}

TEST_CASE_METHOD(RoutingFixture,
                 "AS1: the desktop shows Engaged during a call and WrapUp after it") {
  auto ws = available_agent(0);
  auto created = contact(voice_entry, "voice");
  REQUIRE(created.status == 201);
  CHECK(created.json()["state"] == "Offered");  // an agent was free: offered at once
  const std::string id = created.json()["id"];
  auto offer = ws->next_of("offer");
  ws->seen.clear();
  REQUIRE(ws->command("accept", {{"offer_id", offer["offer_id"]}})["type"] == "ack");
  CHECK(ws->next_of("agent_state")["display"] == "Engaged");
  REQUIRE(ws->command("end", {{"interaction_id", id}})["type"] == "ack");
  CHECK(ws->next_of("agent_state")["display"] == "WrapUp");
  REQUIRE(ws->command("wrapup", {{"interaction_id", id},
                                 {"wrapup_code_id", world.wrapup_code_id}})["type"] == "ack");
  auto back = ws->next_of("agent_state");
  CHECK(back["display"] == "Available");
  CHECK(back["state"] == "Available");
}

TEST_CASE_METHOD(RoutingFixture, "A queue with contacts waiting cannot be deleted") {
  REQUIRE(contact(chat_entry, "chat").status == 201);  // no agent: it waits
  REQUIRE(
      http(server.port(), "DELETE", "/v1/entry-points/" + chat_entry, "", bearer(world.admin_token))
          .status == 204);
  auto refused =
      http(server.port(), "DELETE", "/v1/queues/" + chat_queue, "", bearer(world.admin_token));
  CHECK(refused.status == 409);
  CHECK(refused.json()["code"] == "conflict");
}

TEST_CASE_METHOD(RoutingFixture,
                 "A contact retried with the same Idempotency-Key is created once, its answer "
                 "replayed") {
  const json body = {{"entry_point_id", chat_entry}, {"channel", "chat"}, {"ani", "visitor-7"}};
  const Headers key = with(bearer(world.admin_token), {{"Idempotency-Key", "chat-7"}});
  auto first = http(server.port(), "POST", "/v1/contacts", body.dump(), key);
  REQUIRE(first.status == 201);
  const auto made = first.json();
  CHECK(made["state"] == "Queued");
  CHECK(made["queue_id"] == chat_queue);
  CHECK(made["created_at"].is_string());
  CHECK(made["id"].get<std::string>().rfind("ix_", 0) == 0);

  auto retry = http(server.port(), "POST", "/v1/contacts", body.dump(), key);
  CHECK(retry.status == 201);
  CHECK(retry.body == first.body);
  CHECK(retry.header("idempotent-replayed") == "true");
  auto listed = http(server.port(), "GET", "/v1/interactions", {}, bearer(world.admin_token));
  REQUIRE(listed.status == 200);
  CHECK(listed.json()["items"].size() == 1);
}
