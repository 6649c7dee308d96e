// "Acknowledged means durable" and the disconnect grace (AS7), with the server in-process: the
// writer can be held at a valve before each COMMIT, and time is a ManualClock the test advances.
#include <catch2/catch.hpp>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "clients.hpp"
#include "core/time.hpp"
#include "in_process_server.hpp"
#include "server_process.hpp"
#include "world.hpp"

using namespace ccr::test;
using namespace ccr;
using nlohmann::json;

namespace {

constexpr auto kGrace = std::chrono::milliseconds(60000);
// How long "nothing arrives while the writer is held" is watched for.
constexpr auto kQuiet = std::chrono::milliseconds(300);

struct DurabilityFixture {
  TempDir dir;
  server::ManualClock clock{core::time_from_ms(1'780'000'000'000)};
  CommitValve valve;
  InProcessServer server{config(), clock, hooks()};
  World world = make_world(server.port());

  server::Config config() const {
    auto c = InProcessServer::test_config(dir.file("ccr.db"));
    c.timeouts.disconnect_grace_ms = kGrace;
    return c;
  }
  server::AppHooks hooks() {
    server::AppHooks h;
    h.before_commit = [this] { valve.pass(); };
    return h;
  }
  unsigned short port() const { return server.port(); }

  json agent(int i) {
    auto r = http(port(), "GET", "/v1/agents/" + world.agents[i].id, {}, bearer(world.admin_token));
    REQUIRE(r.status == 200);
    return r.json();
  }
  // Polls (each poll is a full HTTP round trip) until `done` or the deadline.
  bool eventually(const std::function<bool()>& done, std::chrono::milliseconds deadline = 5s) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (std::chrono::steady_clock::now() < until) {
      if (done()) return true;
    }
    return done();
  }
};

// Runs `work` on its own thread and lets the test ask whether it finished yet; the destructor
// opens the valve and joins, so a failed assertion never leaves a thread behind.
template <typename T>
class Background {
 public:
  Background(CommitValve& valve, std::function<T()> work) : valve_(valve) {
    thread_ = std::thread([this, work = std::move(work)] {
      auto value = work();
      std::lock_guard lock(mu_);
      result_ = std::move(value);
      cv_.notify_all();
    });
  }
  ~Background() {
    valve_.open();
    if (thread_.joinable()) thread_.join();
  }
  // True when the work finished within `deadline`.
  bool finished_within(std::chrono::milliseconds deadline) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, deadline, [&] { return result_.has_value(); });
  }
  T get() {
    if (thread_.joinable()) thread_.join();
    return *result_;
  }

 private:
  CommitValve& valve_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<T> result_;
  std::thread thread_;
};

json login(WsClient& ws, const World& w) {
  return ws.command("login", {{"team_id", w.team_id}, {"dial_number", "2015550100"}});
}

}  // namespace

TEST_CASE_METHOD(DurabilityFixture,
                 "A set_state gets no ack and no event until its change is committed") {
  WsClient ws(port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(ws.open());
  REQUIRE(ws.next_of("hello")["type"] == "hello");
  REQUIRE(login(ws, world)["type"] == "ack");
  ws.seen.clear();

  valve.close();
  ws.send({{"type", "set_state"},
           {"id", "held"},
           {"state", "Idle"},
           {"idle_code_id", world.idle_code_id}});
  REQUIRE(valve.wait_parked(5s));
  {
    // Only the reader thread touches the client until it is joined.
    Background<std::optional<json>> reader(valve, [&ws] { return ws.next(10s); });
    CHECK_FALSE(reader.finished_within(kQuiet));  // nothing left before the commit
    valve.open();
    auto first = reader.get();
    REQUIRE(first);
    CHECK((*first)["type"] == "agent_state");
    CHECK((*first)["state"] == "Idle");
    CHECK((*first)["idle_code_id"] == world.idle_code_id);
  }
  auto ack = ws.next();
  REQUIRE(ack);
  CHECK((*ack)["type"] == "ack");
  CHECK((*ack)["re"] == "held");
  CHECK((*ack)["agent_state"]["state"] == "Idle");
  CHECK(agent(0)["state"] == "Idle");
}

TEST_CASE_METHOD(DurabilityFixture,
                 "A REST create gets no response until its change is committed") {
  valve.close();
  Background<HttpResult> post(valve, [this] {
    return http(port(), "POST", "/v1/teams", R"({"name":"Held"})", bearer(world.admin_token), 10s);
  });
  REQUIRE(valve.wait_parked(5s));
  CHECK_FALSE(post.finished_within(kQuiet));
  valve.open();
  auto r = post.get();
  REQUIRE(r.status == 201);
  const std::string id = r.json()["id"];
  auto got = http(port(), "GET", "/v1/teams/" + id, {}, bearer(world.admin_token));
  CHECK(got.status == 200);
  CHECK(got.json()["name"] == "Held");
}

TEST_CASE_METHOD(DurabilityFixture,
                 "A reply queued behind an uncommitted change waits for it too") {
  // Outputs leave in order: a ping answered while an earlier change is still uncommitted must not
  // overtake that change's ack.
  WsClient ws(port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(ws.open());
  REQUIRE(ws.next_of("hello")["type"] == "hello");
  REQUIRE(login(ws, world)["type"] == "ack");
  ws.seen.clear();

  valve.close();
  ws.send({{"type", "set_state"},
           {"id", "held"},
           {"state", "Idle"},
           {"idle_code_id", world.idle_code_id}});
  REQUIRE(valve.wait_parked(5s));
  ws.send({{"type", "ping"}, {"id", "after"}});
  {
    Background<std::optional<json>> reader(valve, [&ws] { return ws.next(10s); });
    CHECK_FALSE(reader.finished_within(kQuiet));
    valve.open();
    auto first = reader.get();
    REQUIRE(first);
    CHECK((*first)["type"] == "agent_state");
  }
  auto ack = ws.next();
  REQUIRE(ack);
  CHECK((*ack)["re"] == "held");
  auto pong = ws.next();
  REQUIRE(pong);
  CHECK((*pong)["re"] == "after");
}

TEST_CASE_METHOD(DurabilityFixture,
                 "Drain: a reply in flight reaches the desktop before it is closed") {
  WsClient ws(port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(ws.open());
  REQUIRE(ws.next_of("hello")["type"] == "hello");
  REQUIRE(login(ws, world)["type"] == "ack");
  ws.seen.clear();

  valve.close();
  ws.send({{"type", "set_state"},
           {"id", "in-flight"},
           {"state", "Idle"},
           {"idle_code_id", world.idle_code_id}});
  REQUIRE(valve.wait_parked(5s));
  auto drained = std::make_shared<std::promise<void>>();
  server.on_io([drained](server::Server& s) { s.drain([drained] { drained->set_value(); }); });
  valve.open();
  CHECK(ws.wait_closed(10s) == 1001);
  CHECK(drained->get_future().wait_for(10s) == std::future_status::ready);

  bool acked = false;
  bool going_away = false;
  bool ack_before_going_away = false;
  for (const auto& f : ws.seen) {
    if (f.value("type", "") == "ack" && f.value("re", "") == "in-flight") {
      acked = true;
      ack_before_going_away = !going_away;
    }
    if (f.value("type", "") == "going_away") going_away = true;
  }
  INFO("frames before the close: " << json(ws.seen).dump());
  CHECK(going_away);
  CHECK(acked);  // the change is durable (acknowledged means durable, and durable is told)
  CHECK(ack_before_going_away);
}

// ---------------------------------------------------------------------------------------------
// AS7: the disconnect grace, on the manual clock

TEST_CASE_METHOD(DurabilityFixture,
                 "AS7: a dropped desktop leaves the agent logged in for the grace") {
  {
    WsClient ws(port(), "/v1/agent", bearer(world.agents[0].token));
    REQUIRE(ws.open());
    REQUIRE(ws.next_of("hello")["type"] == "hello");
    REQUIRE(login(ws, world)["type"] == "ack");
    REQUIRE(ws.command("set_state",
                       {{"state", "Idle"}, {"idle_code_id", world.idle_code_id}})["type"] == "ack");
  }  // the socket drops without a close handshake
  REQUIRE(eventually([&] { return agent(0)["desktop_connected"] == false; }));
  CHECK(agent(0)["state"] == "Idle");

  clock.advance(kGrace - std::chrono::milliseconds(1000));
  CHECK(agent(0)["state"] == "Idle");
  CHECK(agent(1)["state"] == "LoggedOut");  // one more round trip after the jump
  CHECK(agent(0)["state"] == "Idle");

  clock.advance(std::chrono::milliseconds(2000));
  CHECK(eventually([&] { return agent(0)["state"] == "LoggedOut"; }));

  WsClient again(port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(again.open());
  auto hello = again.next_of("hello");
  CHECK(hello["agent_state"]["state"] == "LoggedOut");
  CHECK(hello["agent_state"]["reason"] == "disconnected");
  CHECK(hello["agent_state"]["idle_code_id"].is_null());
  // Logged out, the agent logs in again as usual.
  CHECK(login(again, world)["type"] == "ack");
}

TEST_CASE_METHOD(DurabilityFixture, "AS7: reconnecting before the grace ends cancels the logout") {
  {
    WsClient ws(port(), "/v1/agent", bearer(world.agents[0].token));
    REQUIRE(ws.open());
    REQUIRE(ws.next_of("hello")["type"] == "hello");
    REQUIRE(login(ws, world)["type"] == "ack");
  }
  REQUIRE(eventually([&] { return agent(0)["desktop_connected"] == false; }));
  clock.advance(kGrace / 2);

  WsClient back(port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(back.open());
  auto hello = back.next_of("hello");
  CHECK(hello["agent_state"]["state"] == "Available");
  CHECK(hello["agent_state"]["reason"] == "login");
  CHECK(agent(0)["desktop_connected"] == true);

  clock.advance(kGrace * 2);
  CHECK(agent(1)["state"] == "LoggedOut");  // a round trip after the jump
  CHECK(agent(0)["state"] == "Available");
  CHECK(back.command("ping")["type"] == "ack");
  for (const auto& f : back.seen) CHECK(f.value("type", "") != "agent_state");
  CHECK(back.command("set_state", {{"state", "Available"}})["type"] == "ack");
}

TEST_CASE_METHOD(DurabilityFixture, "AS7: a superseded desktop closing does not start the grace") {
  WsClient first(port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(first.open());
  REQUIRE(first.next_of("hello")["type"] == "hello");
  REQUIRE(login(first, world)["type"] == "ack");
  WsClient second(port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(second.open());
  REQUIRE(second.next_of("hello")["type"] == "hello");
  REQUIRE(first.wait_closed() == 4001);
  CHECK(second.command("ping")["type"] == "ack");

  clock.advance(kGrace * 2);
  CHECK(agent(1)["state"] == "LoggedOut");  // a round trip after the jump
  CHECK(agent(0)["state"] == "Available");
  CHECK(agent(0)["desktop_connected"] == true);
}

TEST_CASE_METHOD(DurabilityFixture, "AS7: a logged-out agent's desktop dropping changes nothing") {
  {
    WsClient ws(port(), "/v1/agent", bearer(world.agents[0].token));
    REQUIRE(ws.open());
    REQUIRE(ws.next_of("hello")["type"] == "hello");
  }
  REQUIRE(eventually([&] { return agent(0)["desktop_connected"] == false; }));
  clock.advance(kGrace * 2);
  CHECK(agent(1)["state"] == "LoggedOut");
  WsClient again(port(), "/v1/agent", bearer(world.agents[0].token));
  REQUIRE(again.open());
  auto hello = again.next_of("hello");
  CHECK(hello["agent_state"]["state"] == "LoggedOut");
  CHECK(hello["agent_state"]["reason"] != "disconnected");
}
