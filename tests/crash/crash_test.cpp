// ccr_crash_test: proves "acknowledged means durable" for routing under load. Each run starts the
// real server on a fresh database, sends contacts from several threads while three agent desktops
// work them, kills the server with SIGKILL at a random (seeded) moment, restarts it on the same
// database and checks that every contact that got a 201 is there in exactly one valid state,
// that a second kill -9 and restart changes nothing, that each desktop's hello shows its work,
// and that the waiting contacts are offered in the order they were queued. See
// docs/operations.md, "Crash test". Runs on its own threads; every client is per-thread.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "clients.hpp"
#include "proto/time_format.hpp"
#include "server_process.hpp"
#include "storage/database.hpp"
#include "world.hpp"

using namespace ccr::test;
using nlohmann::json;
using SteadyTime = std::chrono::steady_clock::time_point;

namespace {

struct Options {
  int runs = 20;
  std::uint64_t seed = 0;
  int senders = 4;
  int min_kill_ms = 50;
  int max_kill_ms = 1500;
  int drain_s = 600;
};

// A contact the server acknowledged with 201.
struct Acked {
  std::string id;
  std::string queue_id;
  std::string created_at;
  SteadyTime sent;   // the request started
  SteadyTime acked;  // the 201 arrived
};

// What GET /v1/interactions/{id} (or, for a 404, the database) says about one contact.
struct View {
  int status = 0;
  std::string phase;  // Queued, Offered, Active, WrapUp, Ended
  std::string state;
  std::string queue_id;
  std::string agent_id;  // of the agent leg, if any
  std::string wrapup_deadline;
  std::string created_at;
  bool operator==(const View&) const = default;
};

struct FirstOffer {
  std::int64_t offered_ms = 0;
  int agent = 0;
  std::uint64_t order = 0;  // position in that agent's event stream; 0: in its hello
};

// Everything the threads of one run learn, under one mutex.
struct Ledger {
  std::mutex mu;
  std::condition_variable changed;
  std::vector<Acked> acked;
  std::map<std::string, int> accepts;  // accept acks per interaction, over the whole run
  std::map<std::string, int> ends;
  std::map<std::string, int> wraps;
  bool restarted = false;                         // the desktops below run after the restart
  std::map<std::string, FirstOffer> first_offer;  // after the restart only
  std::set<std::string> wrapped_after;            // after the restart only
  std::vector<json> hellos = std::vector<json>(3);
  std::vector<std::string> problems;

  void problem(const std::string& what) {
    std::lock_guard lock(mu);
    if (problems.size() < 20) problems.push_back(what);
  }
};

enum class Role { Worker, Holder };

struct Tenant {
  World world;
  std::string voice_queue, voice_entry, chat_queue, chat_entry;
};

std::string make(unsigned short port, const std::string& token, const std::string& path,
                 const json& body) {
  auto r = http(port, "POST", path, body.dump(), bearer(token));
  if (r.status != 201) throw std::runtime_error(path + " answered " + r.body);
  return r.json()["id"];
}

Tenant make_tenant(unsigned short port) {
  Tenant t{make_world(port, "Crash", 3), {}, {}, {}, {}};
  const auto& token = t.world.admin_token;
  auto settings =
      http(port, "PATCH", "/v1/settings", R"({"max_concurrent_calls":1000000})", bearer(token));
  if (settings.status != 200) throw std::runtime_error("settings: " + settings.body);
  // Long wrap-up timeouts: a deadline is stored, and must survive restarts unchanged.
  auto queue = [&](const std::string& name, const std::string& channel) {
    return make(port, token, "/v1/queues",
                {{"name", name},
                 {"channel", channel},
                 {"team_ids", {t.world.team_id}},
                 {"rona_timeout_ms", 10000},
                 {"wrapup_timeout_ms", 600000},
                 {"max_length", 1000000}});
  };
  t.voice_queue = queue("Voice", "voice");
  t.voice_entry = make(port, token, "/v1/entry-points",
                       {{"name", "Main line"},
                        {"channel", "voice"},
                        {"queue_id", t.voice_queue},
                        {"dial_numbers", {"+12015550100"}}});
  t.chat_queue = queue("Chat", "chat");
  t.chat_entry = make(port, token, "/v1/entry-points",
                      {{"name", "Web chat"}, {"channel", "chat"}, {"queue_id", t.chat_queue}});
  return t;
}

std::unique_ptr<ServerProcess> start(const std::string& db) {
  // A long disconnect grace: nothing may change on its own while the checks run.
  return std::make_unique<ServerProcess>(
      ServerProcess::Options{db, {}, {{"CCROUTER_TIMEOUTS_DISCONNECT_GRACE_MS", "3600000"}}});
}

// One agent desktop: accepts every offer; a Worker ends and wraps up each, a Holder keeps its
// chats connected and leaves its calls in wrap-up. Returns when the connection closes.
void desktop(unsigned short port, const Tenant& t, int agent, Role role, bool login, Ledger& ledger,
             std::atomic<int>& ready) {
  WsClient ws(port, "/v1/agent", bearer(t.world.agents[agent].token));
  if (!ws.open()) {
    ledger.problem("agent " + std::to_string(agent) + ": the desktop could not connect");
    ++ready;
    return;
  }
  auto hello = ws.next_of("hello", std::chrono::seconds(10));
  std::uint64_t order = 0;
  std::set<std::string> handled;  // offer ids
  std::vector<json> todo;         // offers from the hello
  std::vector<json> restored;     // interactions from the hello
  {
    std::lock_guard lock(ledger.mu);
    if (ledger.restarted) ledger.hellos[agent] = hello;
  }
  if (hello["type"] != "hello") {
    ledger.problem("agent " + std::to_string(agent) + ": no hello");
  } else {
    for (const auto& it : hello.value("interactions", json::array())) restored.push_back(it);
    for (const auto& offer : hello.value("offers", json::array())) todo.push_back(offer);
  }
  if (login) {
    auto r = ws.command("login", {{"team_id", t.world.team_id},
                                  {"dial_number", "+4021000100" + std::to_string(agent)}});
    if (r["type"] != "ack") ledger.problem("login: " + r.dump());
  }
  ++ready;
  const auto count = [&](std::map<std::string, int> Ledger::*which, const std::string& id) {
    std::lock_guard lock(ledger.mu);
    ++(ledger.*which)[id];
    if (which == &Ledger::wraps && ledger.restarted) {
      ledger.wrapped_after.insert(id);
      ledger.changed.notify_all();
    }
  };
  const auto finish = [&](const std::string& id, const std::string& channel, bool active) {
    const bool end = role == Role::Worker || channel == "voice";
    if (active && end) {
      auto r = ws.command("end", {{"interaction_id", id}}, std::chrono::seconds(10));
      if (r["type"] != "ack") return;
      count(&Ledger::ends, id);
    }
    if (role != Role::Worker) return;
    auto r =
        ws.command("wrapup", {{"interaction_id", id}, {"wrapup_code_id", t.world.wrapup_code_id}},
                   std::chrono::seconds(10));
    if (r["type"] == "ack") count(&Ledger::wraps, id);
  };
  for (const auto& it : restored) {
    if (it["phase"] == "Active") finish(it["interaction_id"], it["channel"], true);
    if (it["phase"] == "WrapUp") finish(it["interaction_id"], it["channel"], false);
  }
  for (;;) {
    json ev;
    if (!todo.empty()) {
      ev = todo.front();
      todo.erase(todo.begin());
    } else if (!ws.seen.empty()) {
      ev = ws.seen.front();
      ws.seen.erase(ws.seen.begin());
    } else if (auto frame = ws.next(std::chrono::minutes(10))) {
      ev = *frame;
    } else {
      return;  // closed (the server was killed or stopped)
    }
    const bool from_hello = !ev.contains("seq");  // the hello's offers carry no envelope
    if (!from_hello) ++order;
    const std::string type = ev.value("type", "");
    if (type == "offer") {
      const std::string offer_id = ev["offer_id"];
      const std::string id = ev["interaction_id"];
      if (!handled.insert(offer_id).second) continue;
      {
        std::lock_guard lock(ledger.mu);
        if (ledger.restarted && !ledger.first_offer.count(id)) {
          const auto at = ccr::proto::parse_time(ev.value("offered_at", ""));
          ledger.first_offer[id] = {at ? ccr::core::ms_since_epoch(*at) : 0, agent,
                                    from_hello ? 0 : order};
        }
      }
      auto r = ws.command("accept", {{"offer_id", offer_id}}, std::chrono::seconds(10));
      if (r["type"] != "ack") {
        if (!ws.open()) return;
        continue;  // withdrawn meanwhile (RONA): it is offered again later
      }
      count(&Ledger::accepts, id);
      finish(id, ev["channel"], true);
    } else if (type == "agent_state" && ev["state"] == "RONA") {
      ws.command("set_state", {{"state", "Available"}}, std::chrono::seconds(10));
    }
    if (!ws.open()) return;
  }
}

// Sends contacts as fast as it can until the server stops answering.
void sender(unsigned short port, const Tenant& t, std::uint64_t seed, Ledger& ledger) {
  std::mt19937_64 rng(seed);
  const auto headers = bearer(t.world.admin_token);
  for (int n = 0;; ++n) {
    const bool voice = rng() % 3 == 0;
    json body = {{"entry_point_id", voice ? t.voice_entry : t.chat_entry},
                 {"channel", voice ? "voice" : "chat"},
                 {"ani", "+40722000111"},
                 {"dnis", "+12015550100"}};
    const auto sent = std::chrono::steady_clock::now();
    auto r = http(port, "POST", "/v1/contacts", body.dump(), headers, std::chrono::seconds(5));
    const auto acked = std::chrono::steady_clock::now();
    if (r.status == 0) return;  // the server is gone
    if (r.status != 201) continue;
    auto j = r.json();
    std::lock_guard lock(ledger.mu);
    ledger.acked.push_back(
        {j["id"], voice ? t.voice_queue : t.chat_queue, j["created_at"], sent, acked});
  }
}

View look(unsigned short port, const Tenant& t, ccr::storage::Database& db, const std::string& id) {
  View v;
  auto r = http(port, "GET", "/v1/interactions/" + id, {}, bearer(t.world.admin_token));
  v.status = r.status;
  if (r.status == 200) {
    auto j = r.json();
    v.phase = j.value("phase", "");
    v.state = j.value("state", "");
    v.queue_id = j.value("queue_id", "");
    v.wrapup_deadline = j.value("wrapup_deadline", "");
    v.created_at = j.value("created_at", "");
    for (const auto& leg : j.value("legs", json::array())) {
      if (leg.value("party", "") == "agent") v.agent_id = leg.value("agent_id", "");
    }
    return v;
  }
  if (r.status != 404) return v;
  // The live view drops ended interactions; storage keeps them.
  ccr::storage::Statement st;
  if (ccr::storage::Statement::prepare(db, "SELECT phase FROM interactions WHERE id = ?1", st) ==
          SQLITE_OK &&
      st.bind(1, id) == SQLITE_OK && st.step() == SQLITE_ROW) {
    v.phase = st.column_text(0) == "ended" ? "Ended" : "stored:" + st.column_text(0);
  }
  return v;
}

// Every acknowledged contact, right after a restart and before any desktop reconnects.
std::map<std::string, View> verify(unsigned short port, const Tenant& t, const std::string& db_path,
                                   Ledger& ledger, std::map<std::string, int>& phases) {
  ccr::storage::Database db(db_path, ccr::storage::OpenMode::ReadOnly);
  std::map<std::string, View> views;
  for (const auto& a : ledger.acked) {
    View v = look(port, t, db, a.id);
    views[a.id] = v;
    ++phases[v.phase.empty() ? "missing" : v.phase];
    const auto bad = [&](const std::string& why) {
      ledger.problem(a.id + ": " + why + " (status " + std::to_string(v.status) + ", phase " +
                     v.phase + ", state " + v.state + ")");
    };
    if (v.phase.empty()) {
      bad("acknowledged but lost");
      continue;
    }
    if (v.phase == "Offered") bad("offered right after a restart, with no desktop connected");
    if (v.phase.rfind("stored:", 0) == 0) bad("not in the live view but not ended in storage");
    if (v.status == 200 && v.queue_id != a.queue_id) bad("in queue " + v.queue_id);
    if (v.status == 200 && v.created_at != a.created_at) bad("created_at changed");
    if (v.phase == "Queued" && (v.state != "Queued" || !v.agent_id.empty())) bad("odd queued");
    if (v.phase == "Active" && (v.state != "Connected" || v.agent_id.empty())) bad("odd active");
    if (v.phase == "WrapUp" && (v.agent_id.empty() || v.wrapup_deadline.empty())) {
      bad("wrap-up without agent or deadline");
    }
    // What a desktop had acknowledged is durable too.
    if (ledger.wraps.count(a.id) && v.phase != "Ended") bad("wrapped up (acked) but not ended");
    if (ledger.ends.count(a.id) && v.phase != "WrapUp" && v.phase != "Ended") {
      bad("ended (acked) but back before wrap-up");
    }
    if (ledger.accepts.count(a.id) && (v.phase == "Queued" || v.phase == "Offered")) {
      bad("accepted (acked) but waiting again");
    }
  }
  for (int i = 0; i < 3; ++i) {
    auto r =
        http(port, "GET", "/v1/agents/" + t.world.agents[i].id, {}, bearer(t.world.admin_token));
    if (r.status != 200 || r.json().value("state", "") == "LoggedOut") {
      ledger.problem("agent " + std::to_string(i) + " is no longer logged in: " + r.body);
    }
  }
  return views;
}

// A before B in one queue is known when A's creation time is earlier, or equal with A's 201 in
// before B was sent; then A must be offered first (no later in time, earlier on one desktop).
std::size_t check_order(const Ledger& ledger, const std::map<std::string, View>& views,
                        std::vector<std::string>& problems) {
  std::map<std::string, std::vector<const Acked*>> by_queue;
  for (const auto& a : ledger.acked) {
    if (views.at(a.id).phase == "Queued") by_queue[a.queue_id].push_back(&a);
  }
  std::size_t pairs = 0;
  for (auto& [queue, list] : by_queue) {
    for (const auto* a : list) {
      for (const auto* b : list) {
        const bool before =
            a->created_at < b->created_at || (a->created_at == b->created_at && a->acked < b->sent);
        if (!before) continue;
        ++pairs;
        auto fa = ledger.first_offer.find(a->id);
        auto fb = ledger.first_offer.find(b->id);
        if (fb == ledger.first_offer.end()) continue;
        // The hello lists its offers in stack order (OF4), not queue order: among them only the
        // offer time counts.
        const bool ok = fa != ledger.first_offer.end() &&
                        fa->second.offered_ms <= fb->second.offered_ms &&
                        (fa->second.agent != fb->second.agent ||
                         (fa->second.order == 0 && fb->second.order == 0) ||
                         fa->second.order < fb->second.order);
        if (!ok && problems.size() < 20) {
          const auto describe = [&](const Acked* x, const FirstOffer* f) {
            return x->id + " (created " + x->created_at + ", offered " +
                   (f ? std::to_string(f->offered_ms) + " to agent " + std::to_string(f->agent) +
                            " #" + std::to_string(f->order)
                      : std::string("never")) +
                   ")";
          };
          problems.push_back(
              "order: " + describe(a, fa == ledger.first_offer.end() ? nullptr : &fa->second) +
              " was queued before " + describe(b, &fb->second) + " but offered after");
        }
      }
    }
  }
  return pairs;
}

struct RunOutcome {
  bool passed = false;
  std::string line;
};

RunOutcome run_once(int index, std::uint64_t seed, const Options& opt) {
  std::mt19937_64 rng(seed);
  TempDir dir;
  const auto db = dir.file("ccr.db");
  auto server = start(db);
  const Tenant t = make_tenant(server->port());
  Ledger ledger;
  std::atomic<int> ready{0};
  std::vector<std::thread> desks;
  std::vector<std::thread> senders;
  // On an early exit (an exception), the server goes first so that every client thread ends.
  struct Cleanup {
    std::unique_ptr<ServerProcess>& server;
    std::vector<std::thread>& a;
    std::vector<std::thread>& b;
    ~Cleanup() {
      if (server) server->kill_hard();
      for (auto* list : {&a, &b}) {
        for (auto& th : *list) {
          if (th.joinable()) th.join();
        }
      }
    }
  } cleanup{server, desks, senders};
  for (int a = 0; a < 3; ++a) {
    desks.emplace_back(desktop, server->port(), std::cref(t), a,
                       a == 2 ? Role::Holder : Role::Worker, true, std::ref(ledger),
                       std::ref(ready));
  }
  while (ready < 3) std::this_thread::yield();
  const int kill_ms =
      opt.min_kill_ms +
      static_cast<int>(rng() % static_cast<std::uint64_t>(opt.max_kill_ms - opt.min_kill_ms + 1));
  for (int s = 0; s < opt.senders; ++s) {
    senders.emplace_back(sender, server->port(), std::cref(t), rng(), std::ref(ledger));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(kill_ms));  // the random moment
  server->kill_hard();
  for (auto& th : senders) th.join();
  for (auto& th : desks) th.join();
  desks.clear();

  // Restart, check, kill -9 again at once, restart, check again: nothing may differ.
  server = start(db);
  std::map<std::string, int> phases;
  const auto first = verify(server->port(), t, db, ledger, phases);
  server->kill_hard();
  server = start(db);
  std::map<std::string, int> phases_again;
  const auto second = verify(server->port(), t, db, ledger, phases_again);
  std::size_t changed = 0;
  for (const auto& [id, v] : first) {
    if (second.at(id) == v) continue;
    if (++changed <= 5) ledger.problem(id + ": changed across the second restart");
  }

  // The desktops reconnect: every restored interaction is in its agent's hello, and the waiting
  // contacts are offered (and worked off) in queue order.
  std::set<std::string> pending;
  for (const auto& [id, v] : second) {
    if (v.phase == "Queued" || v.phase == "Active" || v.phase == "WrapUp") pending.insert(id);
  }
  {
    std::lock_guard lock(ledger.mu);
    ledger.restarted = true;
  }
  ready = 0;
  const auto drain_start = std::chrono::steady_clock::now();
  for (int a = 0; a < 3; ++a) {
    desks.emplace_back(desktop, server->port(), std::cref(t), a, Role::Worker, false,
                       std::ref(ledger), std::ref(ready));
  }
  bool drained = false;
  {
    std::unique_lock lock(ledger.mu);
    drained = ledger.changed.wait_for(lock, std::chrono::seconds(opt.drain_s), [&] {
      return std::includes(ledger.wrapped_after.begin(), ledger.wrapped_after.end(),
                           pending.begin(), pending.end());
    });
  }
  const double drain_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - drain_start).count();
  if (!drained) ledger.problem("not every restored contact was worked off in time");
  {
    std::lock_guard lock(ledger.mu);
    std::set<std::string> in_hellos;
    for (int a = 0; a < 3; ++a) {
      const json hello = ledger.hellos[a].is_object() ? ledger.hellos[a] : json::object();
      std::set<std::string> shown;
      for (const auto& it : hello.value("interactions", json::array())) {
        shown.insert(it.value("interaction_id", ""));
      }
      std::set<std::string> expected;
      for (const auto& [id, v] : second) {
        if ((v.phase == "Active" || v.phase == "WrapUp") && v.agent_id == t.world.agents[a].id) {
          expected.insert(id);
        }
      }
      // Contacts not acknowledged (killed before the 201) may be restored work too.
      if (!std::includes(shown.begin(), shown.end(), expected.begin(), expected.end())) {
        ledger.problems.push_back("agent " + std::to_string(a) + ": hello lacks restored work");
      }
      for (const auto& id : shown) {
        if (!in_hellos.insert(id).second) {
          ledger.problems.push_back(id + ": in the hello of two agents");
        }
      }
      if (hello.value("seq", 0) != 1) {
        ledger.problems.push_back("agent " + std::to_string(a) + ": hello is not seq 1");
      }
      for (const auto& offer : hello.value("offers", json::array())) {
        auto v = second.find(offer.value("interaction_id", ""));
        if (v != second.end() && v->second.phase != "Queued") {
          ledger.problems.push_back(v->first + ": offered in hello but was " + v->second.phase);
        }
      }
    }
    for (const auto& [id, n] : ledger.accepts) {
      if (n > 1) ledger.problems.push_back(id + ": accepted " + std::to_string(n) + " times");
    }
    for (const auto& [id, n] : ledger.wraps) {
      if (n > 1) ledger.problems.push_back(id + ": wrapped up " + std::to_string(n) + " times");
    }
  }
  std::size_t pairs = 0;
  {
    std::lock_guard lock(ledger.mu);
    pairs = check_order(ledger, second, ledger.problems);
  }
  // Finally every acknowledged contact has ended, once.
  {
    ccr::storage::Database handle(db, ccr::storage::OpenMode::ReadOnly);
    int open = 0;
    for (const auto& a : ledger.acked) {
      if (look(server->port(), t, handle, a.id).phase != "Ended" && ++open <= 5) {
        ledger.problem(a.id + ": not ended after the drain");
      }
    }
  }
  const int stopped = server->terminate();
  if (stopped != 0) ledger.problem("SIGTERM exit status " + std::to_string(stopped));
  for (auto& th : desks) th.join();

  RunOutcome out;
  out.passed = ledger.problems.empty();
  char line[512];
  std::snprintf(line, sizeof line,
                "run %d seed=%llu kill_after=%dms acked=%zu restored: queued=%d active=%d "
                "wrapup=%d ended=%d | second restart: %s | drained in %.1fs, %zu order pairs | %s",
                index, static_cast<unsigned long long>(seed), kill_ms, ledger.acked.size(),
                phases["Queued"], phases["Active"], phases["WrapUp"], phases["Ended"],
                changed == 0 ? "identical" : "CHANGED", drain_s, pairs,
                out.passed ? "PASS" : "FAIL");
  out.line = line;
  for (const auto& p : ledger.problems) out.line += "\n    " + p;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  CLI::App app{
      "ccr_crash_test: kill -9 the server under load and check every acknowledged contact"};
  app.add_option("--runs", opt.runs, "kill/restart cycles")->check(CLI::Range(1, 10000));
  app.add_option("--seed", opt.seed, "base seed (0: random); run i uses seed + i");
  app.add_option("--senders", opt.senders, "threads sending contacts")->check(CLI::Range(1, 64));
  app.add_option("--min-kill-ms", opt.min_kill_ms, "earliest kill after the load starts")
      ->check(CLI::Range(1, 600000));
  app.add_option("--max-kill-ms", opt.max_kill_ms, "latest kill after the load starts")
      ->check(CLI::Range(1, 600000));
  app.add_option("--drain-s", opt.drain_s, "time allowed to work off the restored contacts");
  CLI11_PARSE(app, argc, argv);
  if (opt.max_kill_ms < opt.min_kill_ms) opt.max_kill_ms = opt.min_kill_ms;
  if (opt.seed == 0) opt.seed = std::random_device{}() | 1;
  std::printf("ccr_crash_test: %d runs, seed %llu, %d senders, kill after %d-%d ms\n", opt.runs,
              static_cast<unsigned long long>(opt.seed), opt.senders, opt.min_kill_ms,
              opt.max_kill_ms);
  std::fflush(stdout);
  int passed = 0;
  int failed = 0;
  for (int i = 1; i <= opt.runs; ++i) {
    RunOutcome out;
    try {
      out = run_once(i, opt.seed + static_cast<std::uint64_t>(i), opt);
    } catch (const std::exception& e) {
      out.line = "run " + std::to_string(i) + " FAIL: " + e.what();
    }
    (out.passed ? passed : failed)++;
    std::printf("%s\n", out.line.c_str());
    std::fflush(stdout);
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
