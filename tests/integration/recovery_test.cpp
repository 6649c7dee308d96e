// Routing survives kill -9 (DESIGN "acknowledged means durable"; AS7): the real binary is killed
// with SIGKILL in the middle of each state of a contact and restarted on the same database.
// Queued contacts keep their order, ringing offers go back to their queues, connected
// interactions come back in the reconnecting desktop's hello, and a wrap-up deadline that passed
// while the server was down fires at once.
#include <catch2/catch.hpp>
#include <functional>
#include <memory>
#include <thread>

#include "clients.hpp"
#include "proto/time_format.hpp"
#include "server_process.hpp"
#include "world.hpp"

using namespace ccr::test;
using nlohmann::json;

namespace {

struct RecoveryFixture {
  TempDir dir;
  std::unique_ptr<ServerProcess> server = start();
  World world = make_world(server->port());
  std::string voice_queue;
  std::string voice_entry;
  std::string chat_queue;
  std::string chat_entry;

  RecoveryFixture() {
    voice_queue = make("/v1/queues", {{"name", "Voice support"},
                                      {"channel", "voice"},
                                      {"team_ids", {world.team_id}},
                                      {"rona_timeout_ms", 30000},
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

  std::unique_ptr<ServerProcess> start() {
    return std::make_unique<ServerProcess>(ServerProcess::Options{dir.file("ccr.db"), {}, {}});
  }

  // SIGKILL, then a new server on the same database.
  void kill_and_restart() {
    server->kill_hard();
    server = start();
    world.port = server->port();
  }

  unsigned short port() const { return server->port(); }

  std::string make(const std::string& path, const json& body) {
    auto r = http(port(), "POST", path, body.dump(), bearer(world.admin_token));
    INFO(path << " answered " << r.body);
    REQUIRE(r.status == 201);
    return r.json()["id"];
  }

  std::string contact(const std::string& entry, const std::string& channel) {
    auto r = http(port(), "POST", "/v1/contacts",
                  json{{"entry_point_id", entry},
                       {"channel", channel},
                       {"ani", "+40722000111"},
                       {"dnis", "+12015550100"}}
                      .dump(),
                  bearer(world.admin_token));
    INFO(r.body);
    REQUIRE(r.status == 201);
    return r.json()["id"];
  }

  HttpResult get(const std::string& target) {
    return http(port(), "GET", target, {}, bearer(world.admin_token));
  }

  json interaction(const std::string& id) {
    auto r = get("/v1/interactions/" + id);
    INFO(id << " answered " << r.status << ": " << r.body);
    REQUIRE(r.status == 200);
    return r.json();
  }

  std::string agent_state(int index) {
    auto r = get("/v1/agents/" + world.agents[index].id);
    REQUIRE(r.status == 200);
    return r.json()["state"];
  }

  // A desktop for agent `index`: its hello is in `hello`.
  std::unique_ptr<WsClient> desktop(int index, json& hello) {
    auto ws = std::make_unique<WsClient>(port(), "/v1/agent", bearer(world.agents[index].token));
    REQUIRE(ws->open());
    hello = ws->next_of("hello");
    REQUIRE(hello["type"] == "hello");
    return ws;
  }

  std::unique_ptr<WsClient> logged_in(int index) {
    json hello;
    auto ws = desktop(index, hello);
    REQUIRE(ws->command("login",
                        {{"team_id", world.team_id},
                         {"dial_number", "+4021000100" + std::to_string(index)}})["type"] == "ack");
    return ws;
  }
};

// Polls GET /v1/interactions/{id} until `done` holds for the answer or the deadline passes.
HttpResult poll_interaction(RecoveryFixture& f, const std::string& id,
                            const std::function<bool(const HttpResult&)>& done,
                            std::chrono::milliseconds deadline = 10s) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    auto r = f.get("/v1/interactions/" + id);
    if (done(r) || std::chrono::steady_clock::now() > until) return r;
  }
}

}  // namespace

TEST_CASE_METHOD(RecoveryFixture,
                 "Recovery: queued contacts keep their order across kill -9 and are offered once "
                 "the agent's desktop reconnects") {
  auto ws = logged_in(0);
  REQUIRE(ws->command("set_state",
                      {{"state", "Idle"}, {"idle_code_id", world.idle_code_id}})["type"] == "ack");
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(contact(chat_entry, "chat"));
  for (const auto& id : ids) CHECK(interaction(id)["phase"] == "Queued");

  kill_and_restart();

  for (const auto& id : ids) {
    auto it = interaction(id);
    CHECK(it["phase"] == "Queued");
    CHECK(it["queue_id"] == chat_queue);
  }
  // The agent stayed logged in (Idle) across the restart; their new desktop sees no offers.
  CHECK(agent_state(0) == "Idle");
  json hello;
  auto again = desktop(0, hello);
  CHECK(hello["seq"] == 1);
  CHECK(hello["agent_state"]["state"] == "Idle");
  CHECK(hello["offers"].empty());
  CHECK(hello["interactions"].empty());

  REQUIRE(again->command("set_state", {{"state", "Available"}})["type"] == "ack");
  // Chat capacity 3: all three are offered at once, in the order they arrived.
  for (const auto& id : ids) {
    auto offer = again->next_of("offer");
    CHECK(offer["interaction_id"] == id);
  }
  for (const auto& id : ids) CHECK(interaction(id)["phase"] == "Offered");
}

TEST_CASE_METHOD(RecoveryFixture,
                 "Recovery: a ringing offer goes back to its queue and is offered again only when "
                 "the desktop reconnects (AS7)") {
  auto ws = logged_in(0);
  const auto id = contact(voice_entry, "voice");
  auto offer = ws->next_of("offer");
  REQUIRE(offer["interaction_id"] == id);
  const std::string old_offer_id = offer["offer_id"];
  CHECK(interaction(id)["phase"] == "Offered");

  kill_and_restart();
  ws.reset();

  // Back in its queue; the agent is still Available but has no desktop, so nothing is offered.
  auto queued = interaction(id);
  CHECK(queued["phase"] == "Queued");
  CHECK(queued["state"] == "Queued");
  CHECK(agent_state(0) == "Available");
  CHECK(interaction(id)["phase"] == "Queued");

  json hello;
  auto again = desktop(0, hello);
  CHECK(hello["seq"] == 1);
  CHECK(hello["agent_state"]["state"] == "Available");
  // The new offer is in the hello snapshot (and only once: not also as an event before hello).
  REQUIRE(hello["offers"].size() == 1);
  CHECK(hello["total"] == 1);
  const auto& fresh = hello["offers"][0];
  CHECK(fresh["interaction_id"] == id);
  CHECK(fresh["offer_id"] != old_offer_id);
  for (const auto& early : again->seen) {
    INFO("before hello: " << early.dump());
    CHECK(early["type"] == "hello");
  }
  CHECK(interaction(id)["phase"] == "Offered");

  auto stale = again->command("accept", {{"offer_id", old_offer_id}});
  CHECK(stale["type"] == "error");
  CHECK(stale["code"] == "offer_gone");
  auto accepted = again->command("accept", {{"offer_id", fresh["offer_id"]}});
  REQUIRE(accepted["type"] == "ack");
  CHECK(accepted["interaction"]["state"] == "Connected");
}

TEST_CASE_METHOD(RecoveryFixture,
                 "Recovery: a connected interaction is in the reconnecting desktop's hello and "
                 "can be ended and wrapped up") {
  auto ws = logged_in(0);
  const auto id = contact(voice_entry, "voice");
  auto offer = ws->next_of("offer");
  auto accepted = ws->command("accept", {{"offer_id", offer["offer_id"]}});
  REQUIRE(accepted["type"] == "ack");
  REQUIRE(accepted["interaction"]["state"] == "Connected");

  kill_and_restart();
  ws.reset();

  auto live = interaction(id);
  CHECK(live["phase"] == "Active");
  CHECK(live["state"] == "Connected");

  json hello;
  auto again = desktop(0, hello);
  CHECK(hello["seq"] == 1);
  CHECK(hello["offers"].empty());
  REQUIRE(hello["interactions"].size() == 1);
  const auto& restored = hello["interactions"][0];
  CHECK(restored["interaction_id"] == id);
  CHECK(restored["phase"] == "Active");
  CHECK(restored["state"] == "Connected");
  CHECK(restored["controls"] == json{"hold", "consult", "transfer", "end"});

  auto ended = again->command("end", {{"interaction_id", id}});
  REQUIRE(ended["type"] == "ack");
  CHECK(ended["interaction"]["phase"] == "WrapUp");
  auto wrapped =
      again->command("wrapup", {{"interaction_id", id}, {"wrapup_code_id", world.wrapup_code_id}});
  REQUIRE(wrapped["type"] == "ack");
  CHECK(wrapped["interaction"]["phase"] == "Ended");
  CHECK(again->next_of("interaction_ended")["interaction_id"] == id);
}

TEST_CASE_METHOD(RecoveryFixture,
                 "Recovery: a wrap-up deadline that passed while the server was down fires at "
                 "once after the restart") {
  // Only here does wrap-up expire by itself, so no other test races a 1 s automatic wrap-up.
  REQUIRE(http(port(), "PATCH", "/v1/queues/" + voice_queue, R"({"wrapup_timeout_ms":1000})",
               bearer(world.admin_token))
              .status == 200);
  auto ws = logged_in(0);
  const auto id = contact(voice_entry, "voice");
  auto offer = ws->next_of("offer");
  REQUIRE(ws->command("accept", {{"offer_id", offer["offer_id"]}})["type"] == "ack");
  auto ended = ws->command("end", {{"interaction_id", id}});
  REQUIRE(ended["type"] == "ack");
  REQUIRE(ended["interaction"]["phase"] == "WrapUp");
  const auto deadline = ccr::proto::parse_time(ended["interaction"].value("wrapup_deadline", ""));
  REQUIRE(deadline);

  server->kill_hard();
  ws.reset();
  // The server must stay down past the absolute deadline it reported (1 s after the end), so
  // this waits for that instant, not for a guessed delay.
  std::this_thread::sleep_until(*deadline + 50ms);
  server = start();
  world.port = port();

  // The automatic wrap-up has fired: the interaction left the live view (404), or, where GET
  // reads ended interactions from storage, it reads Ended. `end_reason` keeps why the
  // conversation ended (set once, docs/routing.md); how wrap-up closed is in the history.
  auto done = poll_interaction(*this, id, [](const HttpResult& r) {
    return r.status == 404 || (r.status == 200 && r.json()["phase"] == "Ended");
  });
  INFO(done.status << ": " << done.body);
  if (done.status == 200) {
    const auto view = done.json();
    CHECK(view["phase"] == "Ended");
    CHECK(view["end_reason"] == "agent_ended");
    REQUIRE(view.contains("history"));
    REQUIRE(!view["history"].empty());
    CHECK(view["history"].back()["fields"]["what"] == "wrapped_up_automatically");
    const auto ended_at = ccr::proto::parse_time(view.value("ended_at", ""));
    REQUIRE(ended_at);
    CHECK(*ended_at >= *deadline);
  } else {
    REQUIRE(done.status == 404);
    CHECK(done.json()["code"] == "not_found");
  }

  // The agent, still logged in and Available, reconnects with nothing left and takes a new call.
  CHECK(agent_state(0) == "Available");
  json hello;
  auto again = desktop(0, hello);
  CHECK(hello["interactions"].empty());
  CHECK(hello["offers"].empty());
  const auto next = contact(voice_entry, "voice");
  auto fresh = again->next_of("offer");
  REQUIRE(fresh["interaction_id"] == next);
  auto accepted = again->command("accept", {{"offer_id", fresh["offer_id"]}});
  REQUIRE(accepted["type"] == "ack");
  CHECK(accepted["interaction"]["state"] == "Connected");
}

TEST_CASE_METHOD(RecoveryFixture,
                 "Recovery: a second kill -9 right after a restart changes nothing") {
  auto ws = logged_in(0);
  REQUIRE(ws->command("set_state",
                      {{"state", "Idle"}, {"idle_code_id", world.idle_code_id}})["type"] == "ack");
  const auto queued = contact(chat_entry, "chat");
  kill_and_restart();
  ws.reset();
  const auto first = interaction(queued);
  kill_and_restart();
  const auto second = interaction(queued);
  CHECK(second["phase"] == "Queued");
  CHECK(second["created_at"] == first["created_at"]);
  CHECK(agent_state(0) == "Idle");
}
