// Interaction reporting through real HTTP: `GET /v1/interactions/{id}` with its event history
// and `GET /v1/interactions` with filters and cursor pagination, read off the io thread from
// committed state; secure values never appear (VA2); tenants are isolated; a restart keeps it all.
#include <catch2/catch.hpp>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "clients.hpp"
#include "server_process.hpp"
#include "world.hpp"

using namespace ccr::test;
using nlohmann::json;

namespace {

constexpr const char* kSecret = "SECRET-PIN-4242";

struct ReportingFixture {
  TempDir dir;
  std::unique_ptr<ServerProcess> server;
  World world;
  std::string voice_queue;
  std::string voice_entry;
  std::string chat_queue;
  std::string chat_entry;

  ReportingFixture() {
    start();
    world = make_world(port());
    voice_queue = make("/v1/queues", {{"name", "Voice support"},
                                      {"channel", "voice"},
                                      {"team_ids", {world.team_id}},
                                      {"rona_timeout_ms", 30000},
                                      {"wrapup_timeout_ms", 0}});
    voice_entry = make("/v1/entry-points", {{"name", "Main line"},
                                            {"channel", "voice"},
                                            {"queue_id", voice_queue},
                                            {"dial_numbers", {"+12015550100"}},
                                            {"variables",
                                             {{{"name", "account"},
                                               {"label", "Account"},
                                               {"type", "string"},
                                               {"editable", false},
                                               {"secure", false},
                                               {"order", 1},
                                               {"in_offer", true}},
                                              {{"name", "pin"},
                                               {"label", "PIN"},
                                               {"type", "string"},
                                               {"editable", false},
                                               {"secure", true},
                                               {"order", 2},
                                               {"in_offer", false}}}}});
    chat_queue = make("/v1/queues", {{"name", "Chat support"},
                                     {"channel", "chat"},
                                     {"team_ids", {world.team_id}},
                                     {"rona_timeout_ms", 30000},
                                     {"wrapup_timeout_ms", 0}});
    chat_entry = make("/v1/entry-points",
                      {{"name", "Web chat"}, {"channel", "chat"}, {"queue_id", chat_queue}});
  }

  void start() {
    server = std::make_unique<ServerProcess>(ServerProcess::Options{dir.file("ccr.db"), {}, {}});
  }
  unsigned short port() const { return server->port(); }

  std::string make(const std::string& path, const json& body) {
    auto r = http(port(), "POST", path, body.dump(), bearer(world.admin_token));
    INFO(path << " answered " << r.status << ": " << r.body);
    REQUIRE(r.status == 201);
    return r.json()["id"];
  }

  // A contact at `entry`; at the voice entry it carries a plain and a secure variable.
  std::string contact(const std::string& entry, const std::string& channel) {
    json body = {{"entry_point_id", entry},
                 {"channel", channel},
                 {"ani", "+40722000111"},
                 {"dnis", "+12015550100"}};
    if (entry == voice_entry) body["variables"] = {{"account", "AC-7"}, {"pin", kSecret}};
    auto r = http(port(), "POST", "/v1/contacts", body.dump(), bearer(world.admin_token));
    INFO("contact answered " << r.status << ": " << r.body);
    REQUIRE(r.status == 201);
    return r.json()["id"];
  }

  HttpResult get(const std::string& target, const std::string& token) {
    return http(port(), "GET", target, {}, bearer(token));
  }

  json get_ok(const std::string& target) {
    auto r = get(target, world.admin_token);
    INFO(target << " answered " << r.status << ": " << r.body);
    REQUIRE(r.status == 200);
    return r.json();
  }

  std::unique_ptr<WsClient> available_agent(int index) {
    auto ws = std::make_unique<WsClient>(port(), "/v1/agent", bearer(world.agents[index].token));
    REQUIRE(ws->open());
    ws->next_of("hello");
    REQUIRE(ws->command("login",
                        {{"team_id", world.team_id},
                         {"dial_number", "+4021000100" + std::to_string(index)}})["type"] == "ack");
    return ws;
  }

  // Takes the next offer on `ws` through accept, end and wrap-up; returns its interaction id.
  std::string handle_next_offer(WsClient& ws) {
    auto offer = ws.next_of("offer");
    const std::string id = offer["interaction_id"];
    REQUIRE(ws.command("accept", {{"offer_id", offer["offer_id"]}})["type"] == "ack");
    REQUIRE(ws.command("end", {{"interaction_id", id}})["type"] == "ack");
    auto wrapped =
        ws.command("wrapup", {{"interaction_id", id}, {"wrapup_code_id", world.wrapup_code_id}});
    REQUIRE(wrapped["type"] == "ack");
    return id;
  }
};

// The `what` of each interaction event in the history, in order.
std::vector<std::string> whats(const json& report) {
  std::vector<std::string> out;
  for (const auto& e : report["history"]) {
    if (e["type"] == "interaction") out.push_back(e["fields"]["what"]);
  }
  return out;
}

std::vector<std::string> item_ids(const json& page) {
  std::vector<std::string> out;
  for (const auto& item : page["items"]) out.push_back(item["id"]);
  return out;
}

// The ids of a page as a set: contacts made in the same millisecond are ordered by id.
std::set<std::string> id_set(const json& page) {
  const auto ids = item_ids(page);
  return {ids.begin(), ids.end()};
}

// True when the items are in (created_at, id) order.
bool in_report_order(const json& page) {
  const auto& items = page["items"];
  for (std::size_t i = 1; i < items.size(); ++i) {
    const auto before = std::make_pair(items[i - 1]["created_at"].get<std::string>(),
                                       items[i - 1]["id"].get<std::string>());
    const auto after = std::make_pair(items[i]["created_at"].get<std::string>(),
                                      items[i]["id"].get<std::string>());
    if (!(before < after)) return false;
  }
  return true;
}

// Walks every page of `query` with `limit`; returns the ids in order and counts the pages.
std::vector<std::string> walk(ReportingFixture& f, const std::string& query, int limit,
                              int& pages) {
  std::vector<std::string> ids;
  std::string cursor;
  pages = 0;
  for (int guard = 0; guard < 20; ++guard) {
    std::string target = "/v1/interactions?limit=" + std::to_string(limit) + query;
    if (!cursor.empty()) target += "&cursor=" + cursor;
    const auto page = f.get_ok(target);
    ++pages;
    REQUIRE(page["items"].size() <= static_cast<std::size_t>(limit));
    for (const auto& id : item_ids(page)) ids.push_back(id);
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"];
  }
  return ids;
}

}  // namespace

TEST_CASE_METHOD(ReportingFixture,
                 "A contact's whole life shows in its report: phase, wrap-up code and history") {
  // Read right after the 201: the contact is committed, so the report already has it.
  const std::string id = contact(voice_entry, "voice");
  auto queued = get_ok("/v1/interactions/" + id);
  CHECK(queued["phase"] == "Queued");
  CHECK(whats(queued) == std::vector<std::string>{"created"});

  auto ws = available_agent(0);
  CHECK(handle_next_offer(*ws) == id);

  const auto report = get_ok("/v1/interactions/" + id);
  CHECK(report["id"] == id);
  CHECK(report["interaction_id"] == id);
  CHECK(report["phase"] == "Ended");
  CHECK(report["queue_id"] == voice_queue);
  CHECK(report["channel"] == "voice");
  CHECK(report["agent_id"] == world.agents[0].id);
  CHECK(report["wrapup_code_id"] == world.wrapup_code_id);
  CHECK(report["end_reason"] == "agent_ended");
  CHECK(report.contains("ended_at"));
  CHECK(whats(report) ==
        std::vector<std::string>{"created", "offered", "accepted", "agent_ended", "wrapped_up"});

  std::uint64_t last_seq = 0;
  for (const auto& e : report["history"]) {
    CHECK(e["seq"].get<std::uint64_t>() > last_seq);
    last_seq = e["seq"];
    CHECK(e["at"].is_string());
    CHECK(e["fields"].is_object());
  }
  for (const auto& e : report["history"]) {
    if (e["fields"].value("what", "") != "accepted") continue;
    CHECK(e["agent_id"] == world.agents[0].id);
    CHECK(e["fields"]["queue_id"] == voice_queue);
  }

  // VA2: the secure value is in neither the view nor the history; the plain one is in the view.
  const auto raw = get("/v1/interactions/" + id, world.admin_token);
  CHECK(raw.body.find(kSecret) == std::string::npos);
  bool saw_pin = false;
  for (const auto& v : report["variables"]) {
    if (v["name"] == "pin") {
      saw_pin = true;
      CHECK(v["secure"] == true);
      CHECK_FALSE(v.contains("value"));
    }
    if (v["name"] == "account") CHECK(v["value"] == "AC-7");
  }
  CHECK(saw_pin);

  // Supervisors read reports too; agents may not.
  auto supervisor =
      http(port(), "POST", "/v1/tokens", R"({"role":"supervisor"})", bearer(world.admin_token));
  REQUIRE(supervisor.status == 201);
  CHECK(get("/v1/interactions/" + id, supervisor.json()["token"]).status == 200);
  CHECK(get("/v1/interactions", supervisor.json()["token"]).status == 200);
  CHECK(get("/v1/interactions/" + id, world.agents[0].token).status == 403);
  CHECK(get("/v1/interactions", world.agents[0].token).status == 403);
  CHECK(get("/v1/interactions/ix-unknown", world.admin_token).status == 404);
}

TEST_CASE_METHOD(ReportingFixture,
                 "The list filters by phase, queue, agent and channel and pages") {
  // One voice contact handled to the end by agent 0, then two more voice and two chats queued.
  auto ws = available_agent(0);
  const std::string handled = contact(voice_entry, "voice");
  CHECK(handle_next_offer(*ws) == handled);
  REQUIRE(ws->command("set_state",
                      {{"state", "Idle"}, {"idle_code_id", world.idle_code_id}})["type"] == "ack");
  std::vector<std::string> created = {handled};
  for (int i = 0; i < 2; ++i) created.push_back(contact(voice_entry, "voice"));
  for (int i = 0; i < 2; ++i) created.push_back(contact(chat_entry, "chat"));

  using Ids = std::set<std::string>;
  const auto all = get_ok("/v1/interactions");
  REQUIRE(all["items"].size() == created.size());
  CHECK(id_set(all) == Ids(created.begin(), created.end()));
  CHECK(in_report_order(all));
  CHECK(all["items"][0]["id"] == handled);  // made well before the others
  CHECK(all["next_cursor"].is_null());
  CHECK(all["items"][0]["phase"] == "Ended");
  CHECK(all["items"][0]["wrapup_code_id"] == world.wrapup_code_id);

  CHECK(id_set(get_ok("/v1/interactions?phase=Ended")) == Ids{handled});
  CHECK(id_set(get_ok("/v1/interactions?phase=Queued")) == Ids(created.begin() + 1, created.end()));
  CHECK(id_set(get_ok("/v1/interactions?queue_id=" + chat_queue)) == Ids{created[3], created[4]});
  CHECK(id_set(get_ok("/v1/interactions?channel=chat")) == Ids{created[3], created[4]});
  CHECK(id_set(get_ok("/v1/interactions?agent_id=" + world.agents[0].id)) == Ids{handled});
  CHECK(id_set(get_ok("/v1/interactions?agent_id=" + world.agents[1].id)).empty());
  CHECK(id_set(get_ok("/v1/interactions?queue_id=" + voice_queue + "&phase=Queued")) ==
        Ids{created[1], created[2]});
  CHECK(id_set(get_ok("/v1/interactions?created_from=2000-01-01T00:00:00Z")).size() == 5);
  CHECK(id_set(get_ok("/v1/interactions?created_to=2000-01-01T00:00:00.000Z")).empty());
  CHECK(id_set(get_ok("/v1/interactions?created_from=2999-01-01T01:00:00%2B01:00")).empty());

  // Paging through yields exactly the single-page order, with no repeat and no gap.
  int pages = 0;
  CHECK(walk(*this, "", 2, pages) == item_ids(all));
  CHECK(pages == 3);
  const auto voice = get_ok("/v1/interactions?channel=voice");
  REQUIRE(voice["items"].size() == 3);
  CHECK(walk(*this, "&channel=voice", 1, pages) == item_ids(voice));
  CHECK(pages == 3);
  CHECK(walk(*this, "", 5, pages) == item_ids(all));
  CHECK(pages == 1);  // exactly full, and nothing follows: no next cursor
}

TEST_CASE_METHOD(ReportingFixture, "A bad filter is 400 validation_failed naming the field") {
  for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
           {"phase=Bogus", "phase"},
           {"phase=ended", "phase"},
           {"channel=fax", "channel"},
           {"queue_id=", "queue_id"},
           {"agent_id=" + std::string(300, 'a'), "agent_id"},
           {"created_from=yesterday", "created_from"},
           {"created_to=2026-13-01T00:00:00Z", "created_to"},
           {"created_from=2026-01-02T00:00:00Z&created_to=2026-01-01T00:00:00Z", "created_to"},
           {"limit=0", "limit"},
           {"limit=100000", "limit"},
           {"limit=ten", "limit"},
           {"cursor=not-a-cursor", "cursor"},
           {"sort=desc", "sort"}}) {
    INFO(query);
    auto r = get("/v1/interactions?" + query, world.admin_token);
    REQUIRE(r.status == 400);
    const auto body = r.json();
    CHECK(body["code"] == "validation_failed");
    REQUIRE(body["errors"].size() == 1);
    CHECK(body["errors"][0]["field"] == field);
  }
}

TEST_CASE_METHOD(ReportingFixture, "Another tenant's interaction answers like an unknown one") {
  const std::string id = contact(voice_entry, "voice");
  World other = make_world(port(), "Other", 1);
  auto theirs = get("/v1/interactions/" + id, other.admin_token);
  CHECK(theirs.status == 404);
  CHECK(theirs.json()["code"] == "not_found");
  auto unknown = get("/v1/interactions/ix-does-not-exist", other.admin_token);
  CHECK(unknown.status == 404);
  CHECK(theirs.json()["detail"] == unknown.json()["detail"]);
  auto list = get("/v1/interactions", other.admin_token);
  REQUIRE(list.status == 200);
  CHECK(list.json()["items"].empty());
  CHECK(get("/v1/interactions/" + id, world.admin_token).status == 200);
}

TEST_CASE_METHOD(ReportingFixture, "A restart keeps reports and their history") {
  std::string id;
  json before;
  {
    auto ws = available_agent(0);
    id = contact(voice_entry, "voice");
    CHECK(handle_next_offer(*ws) == id);
    before = get_ok("/v1/interactions/" + id);
  }
  const std::string queued = contact(chat_entry, "chat");
  REQUIRE(server->terminate() == 0);
  server.reset();
  start();

  const auto after = get_ok("/v1/interactions/" + id);
  CHECK(after["phase"] == "Ended");
  CHECK(after["wrapup_code_id"] == world.wrapup_code_id);
  CHECK(after["history"] == before["history"]);
  CHECK(whats(after) ==
        std::vector<std::string>{"created", "offered", "accepted", "agent_ended", "wrapped_up"});
  CHECK(id_set(get_ok("/v1/interactions")) == std::set<std::string>{id, queued});
}
