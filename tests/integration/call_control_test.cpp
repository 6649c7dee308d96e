// Call control end to end over real WebSocket with two or three agents (HO1-HO2, CO1-CO13,
// TR1-TR5): what each desktop receives, its controls, the persisted history, telephony failures
// and a restart in the middle of a consult.
#include <catch2/catch.hpp>
#include <memory>

#include "clients.hpp"
#include "server_process.hpp"
#include "world.hpp"

using namespace ccr::test;
using nlohmann::json;

namespace {

struct CallFixture {
  TempDir dir;
  std::unique_ptr<ServerProcess> server = start();
  World world = make_world(port(), "Acme", 3);
  std::string queue = make("/v1/queues", {{"name", "Voice"},
                                          {"channel", "voice"},
                                          {"team_ids", {world.team_id}},
                                          {"rona_timeout_ms", 1000},
                                          {"wrapup_timeout_ms", 0}});
  std::string entry = make("/v1/entry-points", {{"name", "Main line"},
                                                {"channel", "voice"},
                                                {"queue_id", queue},
                                                {"dial_numbers", {"+12015550100"}}});
  std::unique_ptr<WsClient> ana;  // agent 1
  std::unique_ptr<WsClient> bob;  // agent 2
  std::string call_id;

  std::unique_ptr<ServerProcess> start() {
    return std::make_unique<ServerProcess>(ServerProcess::Options{dir.file("ccr.db"), {}, {}});
  }
  unsigned short port() const { return server->port(); }
  const std::string& agent_id(int i) const { return world.agents[static_cast<std::size_t>(i)].id; }

  std::string make(const std::string& path, const json& body) {
    auto r = http(port(), "POST", path, body.dump(), bearer(world.admin_token));
    REQUIRE(r.status == 201);
    return r.json()["id"];
  }
  std::unique_ptr<WsClient> desktop(int index) {
    auto ws = std::make_unique<WsClient>(
        port(), "/v1/agent", bearer(world.agents[static_cast<std::size_t>(index)].token));
    REQUIRE(ws->open());
    ws->next_of("hello");
    return ws;
  }
  std::unique_ptr<WsClient> available(int index) {
    auto ws = desktop(index);
    REQUIRE(ws->command("login",
                        {{"team_id", world.team_id},
                         {"dial_number", "+4021000100" + std::to_string(index)}})["type"] == "ack");
    return ws;
  }
  // Ana answers a call; then bob logs in.
  void connected_call() {
    ana = available(0);
    auto created =
        http(port(), "POST", "/v1/contacts",
             json{{"entry_point_id", entry}, {"channel", "voice"}, {"ani", "+40722000111"}}.dump(),
             bearer(world.admin_token));
    REQUIRE(created.status == 201);
    call_id = created.json()["id"];
    auto offer = ana->next_of("offer");
    REQUIRE(ana->command("accept", {{"offer_id", offer["offer_id"]}})["type"] == "ack");
    bob = available(1);
  }
  json command(WsClient& ws, const std::string& type, json fields = json::object()) {
    fields["interaction_id"] = call_id;
    return ws.command(type, std::move(fields));
  }
  // Ana consults bob, who accepts; returns bob's consult offer.
  json consulting() {
    REQUIRE(command(*ana, "consult",
                    {{"target", {{"kind", "agent"}, {"id", agent_id(1)}}}})["type"] == "ack");
    auto offer = bob->next_of("offer");
    REQUIRE(offer["kind"] == "consult");
    REQUIRE(bob->command("accept", {{"offer_id", offer["offer_id"]}})["type"] == "ack");
    return offer;
  }
  // The next interaction event about the call whose state is `state`.
  json interaction_in(WsClient& ws, const std::string& state) {
    for (;;) {
      auto e = ws.next_of("interaction");
      REQUIRE(e.is_object());
      if (e["state"] == state) return e;
    }
  }
  std::vector<std::string> history() {
    auto r = http(port(), "GET", "/v1/interactions/" + call_id, {}, bearer(world.admin_token));
    REQUIRE(r.status == 200);
    const json report = r.json();
    std::vector<std::string> out;
    for (const auto& e : report["history"]) {
      if (e["type"] == "interaction") out.push_back(e["fields"]["what"]);
    }
    return out;
  }
};

}  // namespace

TEST_CASE_METHOD(CallFixture, "HO1: hold and resume, End is refused while the customer is held") {
  connected_call();
  auto held = command(*ana, "hold");
  REQUIRE(held["type"] == "ack");
  CHECK(held["interaction"]["state"] == "OnHold");
  CHECK(held["interaction"]["controls"] == json{"resume", "consult", "transfer"});
  CHECK(held["interaction"]["legs"][0]["state"] == "OnHold");
  CHECK(held["interaction"]["legs"][0]["controls"] == json{"resume"});
  auto refused = command(*ana, "end");
  CHECK(refused["code"] == "customer_on_hold");
  CHECK(command(*bob, "hold")["code"] == "not_found");  // not bob's call
  auto resumed = command(*ana, "resume");
  CHECK(resumed["interaction"]["state"] == "Connected");
  CHECK(command(*ana, "end")["type"] == "ack");
  CHECK_THAT(history(), Catch::VectorContains(std::string("held")));
  CHECK_THAT(history(), Catch::VectorContains(std::string("resumed")));
}

TEST_CASE_METHOD(CallFixture, "CO2, CO3, CO11, CO13: consult an agent, then consult transfer") {
  connected_call();
  auto asked = command(*ana, "consult", {{"target", {{"kind", "agent"}, {"id", agent_id(1)}}}});
  REQUIRE(asked["type"] == "ack");
  CHECK(asked["interaction"]["state"] == "ConsultRequested");
  CHECK(asked["interaction"]["controls"] == json{"resume", "consult_end"});
  CHECK(command(*ana, "consult_transfer")["code"] == "consult_not_accepted");  // CO4
  auto offer = bob->next_of("offer");
  CHECK(offer["kind"] == "consult");
  CHECK(offer["variables"][0]["name"] == "initiator_name");  // OF7
  CHECK(offer["variables"][1]["value"] == "+40210001000");
  REQUIRE(bob->command("accept", {{"offer_id", offer["offer_id"]}})["type"] == "ack");
  auto ana_view = interaction_in(*ana, "Consulting");
  CHECK(ana_view["my_role"] == "owner");
  CHECK(ana_view["controls"] ==
        json{"hold", "resume", "consult_transfer", "conference", "consult_end"});
  auto bob_view = interaction_in(*bob, "Consulting");
  CHECK(bob_view["my_role"] == "consulted");
  CHECK(bob_view["controls"] == json{"consult_exit"});

  auto moved = command(*ana, "consult_transfer");
  REQUIRE(moved["type"] == "ack");
  CHECK(moved["interaction"]["phase"] == "WrapUp");
  CHECK(moved["interaction"]["controls"] == json{"wrapup"});
  ana->next_of("wrapup_required");
  auto owned = interaction_in(*bob, "Connected");
  CHECK(owned["my_role"] == "owner");
  CHECK(owned["owner_agent_id"] == agent_id(1));
  CHECK(owned["controls"] == json{"hold", "consult", "transfer", "end"});
  CHECK(command(*ana, "wrapup", {{"wrapup_code_id", world.wrapup_code_id}})["type"] == "ack");
  CHECK(ana->next_of("interaction_ended")["interaction_id"] == call_id);
  CHECK(command(*bob, "end")["type"] == "ack");
  CHECK_THAT(history(), Catch::VectorContains(std::string("consult_requested")));
  CHECK_THAT(history(), Catch::VectorContains(std::string("consult_accepted")));
  CHECK_THAT(history(), Catch::VectorContains(std::string("transferred")));
}

TEST_CASE_METHOD(CallFixture, "CO11, CO12: consult, conference, then the customer hangs up") {
  connected_call();
  consulting();
  auto conf = command(*ana, "conference");
  REQUIRE(conf["type"] == "ack");
  CHECK(conf["interaction"]["state"] == "Conference");
  CHECK(interaction_in(*bob, "Conference")["my_role"] == "conference");
  REQUIRE(http(port(), "POST", "/v1/contacts/" + call_id + "/events",
               R"({"type":"customer_hangup"})", bearer(world.admin_token))
              .status == 200);
  CHECK(ana->next_of("wrapup_required")["interaction_id"] == call_id);
  CHECK(bob->next_of("interaction_ended")["reason"] == "customer_hangup");  // no wrap-up
  CHECK_THAT(history(), Catch::VectorContains(std::string("conference_started")));
}

TEST_CASE_METHOD(CallFixture, "CO6: a declined consult tells agent 1, who resumes the customer") {
  connected_call();
  REQUIRE(command(*ana, "consult",
                  {{"target", {{"kind", "agent"}, {"id", agent_id(1)}}}})["type"] == "ack");
  auto offer = bob->next_of("offer");
  REQUIRE(bob->command("decline", {{"offer_id", offer["offer_id"]}})["type"] == "ack");
  CHECK(ana->next_of("consult_failed")["reason"] == "declined");
  CHECK(interaction_in(*ana, "OnHold")["controls"] == json{"resume", "consult", "transfer"});
  CHECK(command(*ana, "resume")["interaction"]["state"] == "Connected");
}

TEST_CASE_METHOD(CallFixture, "CO5: an unanswered consult fails with rona and agent 2 goes RONA") {
  connected_call();
  REQUIRE(command(*ana, "consult",
                  {{"target", {{"kind", "agent"}, {"id", agent_id(1)}}}})["type"] == "ack");
  CHECK(ana->next_of("consult_failed", std::chrono::seconds(5))["reason"] == "rona");
  CHECK(bob->next_of("offer_withdrawn")["reason"] == "rona");
  json state;
  while (state.is_null() || state["state"] != "RONA") state = bob->next_of("agent_state");
}

TEST_CASE_METHOD(CallFixture, "CO1: a consult to a queue reaches an agent, never the initiator") {
  connected_call();
  auto asked = command(*ana, "consult", {{"target", {{"kind", "queue"}, {"id", queue}}}});
  REQUIRE(asked["type"] == "ack");
  auto offer = bob->next_of("offer");
  CHECK(offer["kind"] == "consult");
  CHECK(offer["interaction_id"] == call_id);
  REQUIRE(bob->command("accept", {{"offer_id", offer["offer_id"]}})["type"] == "ack");
  CHECK(interaction_in(*ana, "Consulting")["consult"]["target"] == "queue");
}

TEST_CASE_METHOD(CallFixture, "CO8: consult_end before accept keeps the call, after, ends it") {
  connected_call();
  REQUIRE(command(*ana, "consult",
                  {{"target", {{"kind", "agent"}, {"id", agent_id(1)}}}})["type"] == "ack");
  bob->next_of("offer");
  auto cancelled = command(*ana, "consult_end");
  CHECK(cancelled["interaction"]["state"] == "Connected");
  CHECK(bob->next_of("offer_withdrawn")["reason"] == "cancelled");

  consulting();
  CHECK(command(*bob, "consult_end")["code"] == "not_consult_initiator");
  auto ended = command(*ana, "consult_end");
  CHECK(ended["interaction"]["phase"] == "WrapUp");
  CHECK(bob->next_of("interaction_ended")["reason"] == "consult_ended");
  ana->next_of("wrapup_required");
  CHECK(command(*bob, "wrapup", {{"wrapup_code_id", world.wrapup_code_id}})["code"] ==
        "not_found");  // CO7: agent 2 has nothing to wrap up
}

TEST_CASE_METHOD(CallFixture, "CO7: agent 2 exits the consult, ana keeps the customer") {
  connected_call();
  consulting();
  auto exited = command(*bob, "consult_exit");
  REQUIRE(exited["type"] == "ack");
  CHECK(exited["interaction"]["phase"] == "Ended");  // as bob sees it: he is off the call
  CHECK(bob->next_of("interaction_ended")["reason"] == "consult_exited");
  CHECK(interaction_in(*ana, "OnHold")["legs"].size() == 2);
  CHECK(command(*ana, "resume")["interaction"]["state"] == "Connected");
}

TEST_CASE_METHOD(CallFixture, "TR1, TR5, DN1: a blind transfer to a pasted dial number") {
  connected_call();
  auto bad = command(*ana, "transfer", {{"target", {{"kind", "dial_number"}, {"number", "12"}}}});
  CHECK(bad["code"] == "invalid_dial_number");
  auto moved = command(*ana, "transfer",
                       {{"target", {{"kind", "dial_number"}, {"number", "(201) 553-2447"}}}});
  REQUIRE(moved["type"] == "ack");
  CHECK(moved["interaction"]["phase"] == "WrapUp");
  bool dialled = false;
  for (const auto& leg : moved["interaction"]["legs"]) {
    if (leg["party"] == "external") dialled = leg["number"] == "2015532447";
  }
  CHECK(dialled);
  ana->next_of("wrapup_required");
}

TEST_CASE_METHOD(CallFixture, "TR2: a transfer to an Idle agent is refused, a consult is not") {
  connected_call();
  REQUIRE(bob->command("set_state",
                       {{"state", "Idle"}, {"idle_code_id", world.idle_code_id}})["type"] == "ack");
  auto refused = command(*ana, "transfer", {{"target", {{"kind", "agent"}, {"id", agent_id(1)}}}});
  CHECK(refused["code"] == "target_unavailable");
  CHECK(refused["state"] == "Idle");
  CHECK(command(*ana, "consult", {{"target", {{"kind", "agent"}, {"id", agent_id(1)}}}})["type"] ==
        "ack");
}

TEST_CASE_METHOD(CallFixture, "A telephony command that fails mid-consult is rolled back") {
  connected_call();
  REQUIRE(http(port(), "POST", "/v1/telephony/simulated/failures",
               json{{"interaction_id", call_id}, {"action", "ring_agent"}}.dump(),
               bearer(world.admin_token))
              .status == 201);
  auto asked = ana->command("consult", {{"interaction_id", call_id},
                                        {"target", {{"kind", "agent"}, {"id", agent_id(1)}}}});
  REQUIRE(asked["type"] == "ack");
  auto failed = ana->next_of("command_failed");
  CHECK(failed["re"] == asked["re"]);
  CHECK(failed["command"] == "consult");
  CHECK(failed["interaction_id"] == call_id);
  CHECK(ana->next_of("consult_failed")["reason"] == "device_failure");
  auto after = interaction_in(*ana, "OnHold");
  CHECK_FALSE(after.contains("consult"));
  CHECK_THAT(history(), Catch::VectorContains(std::string("command_failed")));
}

TEST_CASE_METHOD(CallFixture, "Restart in the middle of an accepted consult keeps it going") {
  connected_call();
  consulting();
  server->kill_hard();  // with both desktops connected, so nothing ends before the kill
  ana.reset();
  bob.reset();
  server = start();
  bob = desktop(1);
  // The hello holds the call as the agent sees it.
  ana = std::make_unique<WsClient>(port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(ana->open());
  auto hello = ana->next_of("hello");
  REQUIRE(hello["interactions"].size() == 1);
  CHECK(hello["interactions"][0]["state"] == "Consulting");
  auto moved = command(*ana, "consult_transfer");
  REQUIRE(moved["type"] == "ack");
  CHECK(interaction_in(*bob, "Connected")["my_role"] == "owner");
}

TEST_CASE_METHOD(CallFixture,
                 "AN4: call control reported from the phone is refused, the call stays") {
  connected_call();
  for (const char* type : {"hold", "resume", "consult", "transfer", "conference"}) {
    auto r = http(port(), "POST", "/v1/contacts/" + call_id + "/events",
                  json{{"type", type}, {"dial_number", "+40210001000"}}.dump(),
                  bearer(world.admin_token));
    CHECK(r.status == 400);
    const json body = r.json();
    CHECK(body["code"] == "validation_failed");
    REQUIRE(body["errors"].size() == 1);
    CHECK(body["errors"][0]["field"] == "type");
    CHECK(body["errors"][0]["message"] ==
          "call control is done from the desktop, not the phone (AN4)");
  }
  // Nothing moved: the customer is still connected to ana, whose desktop holds and resumes.
  auto held = command(*ana, "hold");
  REQUIRE(held["type"] == "ack");
  CHECK(held["interaction"]["legs"][0]["state"] == "OnHold");
  CHECK(history() == std::vector<std::string>{"created", "offered", "accepted", "held"});
}

TEST_CASE_METHOD(CallFixture, "CO9, OF7: a consult to the entry point's number reaches bob") {
  connected_call();
  auto asked = command(*ana, "consult",
                       {{"target", {{"kind", "dial_number"}, {"number", "+1 (201) 555-0100"}}}});
  REQUIRE(asked["type"] == "ack");
  CHECK(asked["interaction"]["state"] == "ConsultRequested");
  auto offer = bob->next_of("offer");
  CHECK(offer["kind"] == "consult");
  REQUIRE(offer["variables"].size() >= 1);
  CHECK(offer["variables"][0]["name"] == "initiator_dial_number");  // 7 at most, not 9
  CHECK(offer["variables"].size() <= 7);
  REQUIRE(bob->command("accept", {{"offer_id", offer["offer_id"]}})["type"] == "ack");
  CHECK(interaction_in(*ana, "Consulting")["legs"].size() == 3);
  CHECK_THAT(history(), Catch::VectorContains(std::string("consult_requested")));
}

TEST_CASE_METHOD(CallFixture, "A restart drops a ringing consult, ana's hello says it failed") {
  connected_call();
  REQUIRE(command(*ana, "consult",
                  {{"target", {{"kind", "agent"}, {"id", agent_id(1)}}}})["type"] == "ack");
  bob->next_of("offer");
  // With both desktops connected: bob's leaving first would withdraw the ringing offer and fail
  // the consult before the kill, and ana's notice of that is kept in memory only.
  server->kill_hard();
  ana.reset();
  bob.reset();
  server = start();
  auto again = std::make_unique<WsClient>(port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(again->open());
  auto hello = again->next_of("hello");
  REQUIRE(hello["notices"].size() == 1);
  CHECK(hello["notices"][0]["type"] == "consult_failed");
  CHECK(hello["notices"][0]["reason"] == "interrupted");
  CHECK(hello["notices"][0]["interaction_id"] == call_id);
  REQUIRE(hello["interactions"].size() == 1);
  CHECK(hello["interactions"][0]["state"] == "OnHold");
  again.reset();
  ana = std::make_unique<WsClient>(port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(ana->open());
  CHECK(ana->next_of("hello")["notices"].empty());  // told once
  CHECK(command(*ana, "resume")["interaction"]["state"] == "Connected");
}

TEST_CASE_METHOD(CallFixture, "An outside consult party hangs up, ana finds the customer held") {
  connected_call();
  REQUIRE(command(*ana, "consult",
                  {{"target", {{"kind", "dial_number"}, {"number", "+14155550199"}}}})["type"] ==
          "ack");
  auto r = http(port(), "POST", "/v1/contacts/" + call_id + "/events",
                R"({"type":"outside_hangup","number":"+14155550199"})", bearer(world.admin_token));
  CHECK(r.status == 200);
  auto held = interaction_in(*ana, "OnHold");
  CHECK(held["controls"] == json{"resume", "consult", "transfer"});
  CHECK(held["legs"].size() == 2);
  CHECK_THAT(history(), Catch::VectorContains(std::string("outside_hangup")));
}
