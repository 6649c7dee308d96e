#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "samples.hpp"
#include "storage/event_reader.hpp"
#include "storage/loader.hpp"
#include "storage/writer.hpp"
#include "temp_dir.hpp"
#include "writer_probe.hpp"

namespace ccr::storage {
namespace {

using testing::check_same;
using testing::commit_all;
using testing::options_for;
using testing::Probe;
using testing::TempDir;

std::vector<Op> tenant_with_everything(const std::string& t, const std::string& a) {
  return {core::Record{core::TenantPut{testing::sample_tenant(t)}},
          core::Record{core::TeamPut{testing::sample_team(t, "team-a")}},
          core::Record{core::AgentPut{testing::sample_agent(t, a)}},
          core::Record{core::CodePut{testing::sample_code(t, "lunch")}},
          core::Record{core::TokenPut{testing::sample_token(t, "tok-" + a, a)}},
          core::Record{core::AgentSessionPut{testing::sample_session(t, a)}}};
}

TEST_CASE("Every config record round-trips through writer and loader", "[storage][records]") {
  TempDir dir;
  commit_all(dir.file(), tenant_with_everything("t1", "a1"));
  const core::Snapshot snap = load_snapshot(dir.file());

  REQUIRE(snap.tenants.size() == 1);
  check_same(snap.tenants[0], testing::sample_tenant("t1"));
  REQUIRE(snap.teams.size() == 1);
  const auto team = testing::sample_team("t1", "team-a");
  CHECK(snap.teams[0].id == team.id);
  CHECK(snap.teams[0].tenant_id == team.tenant_id);
  CHECK(snap.teams[0].name == team.name);
  CHECK(snap.teams[0].created_at == team.created_at);
  CHECK(snap.teams[0].version == team.version);
  REQUIRE(snap.agents.size() == 1);
  check_same(snap.agents[0], testing::sample_agent("t1", "a1"));
  REQUIRE(snap.codes.size() == 1);
  const auto code = testing::sample_code("t1", "lunch");
  CHECK(snap.codes[0].id == code.id);
  CHECK(snap.codes[0].tenant_id == code.tenant_id);
  CHECK(snap.codes[0].kind == core::CodeKind::WrapUp);
  CHECK(snap.codes[0].name == code.name);
  CHECK(snap.codes[0].created_at == code.created_at);
  CHECK(snap.codes[0].version == code.version);
  REQUIRE(snap.tokens.size() == 1);
  const auto token = testing::sample_token("t1", "tok-a1", "a1");
  CHECK(snap.tokens[0].id == token.id);
  CHECK(snap.tokens[0].tenant_id == token.tenant_id);
  CHECK(snap.tokens[0].role == core::Role::Agent);
  CHECK(snap.tokens[0].agent_id == token.agent_id);
  CHECK(snap.tokens[0].hash == token.hash);
  CHECK(snap.tokens[0].created_at == token.created_at);
  REQUIRE(snap.sessions.size() == 1);
  check_same(snap.sessions[0], testing::sample_session("t1", "a1"));
}

TEST_CASE("Puts are upserts and defaults round-trip", "[storage][records]") {
  TempDir dir;
  core::Tenant tenant;
  tenant.id = "t1";
  tenant.name = "Defaults";
  core::Agent agent;
  agent.id = "a1";
  agent.tenant_id = "t1";
  core::AgentSession session;
  session.agent_id = "a1";
  session.tenant_id = "t1";
  core::Token admin{"root", "", core::Role::ServerAdmin, "", "ff", core::time_from_ms(1)};
  commit_all(dir.file(),
             {core::Record{core::TenantPut{tenant}}, core::Record{core::AgentPut{agent}},
              core::Record{core::AgentSessionPut{session}}, core::Record{core::TokenPut{admin}}});
  core::Snapshot snap = load_snapshot(dir.file());
  REQUIRE(snap.tenants.size() == 1);
  check_same(snap.tenants[0], tenant);
  REQUIRE(snap.agents.size() == 1);
  check_same(snap.agents[0], agent);
  REQUIRE(snap.sessions.size() == 1);
  check_same(snap.sessions[0], session);
  CHECK_FALSE(snap.sessions[0].disconnect_deadline.has_value());
  REQUIRE(snap.tokens.size() == 1);
  CHECK(snap.tokens[0].role == core::Role::ServerAdmin);
  CHECK(snap.tokens[0].tenant_id.empty());

  tenant.name = "Renamed";
  tenant.version = 2;
  agent.skills = {{"french", 1}};
  session.state = core::AgentState::Available;
  session.disconnect_deadline = core::time_from_ms(99);
  commit_all(dir.file(),
             {core::Record{core::TenantPut{tenant}}, core::Record{core::AgentPut{agent}},
              core::Record{core::AgentSessionPut{session}}});
  snap = load_snapshot(dir.file());
  REQUIRE(snap.tenants.size() == 1);
  check_same(snap.tenants[0], tenant);
  REQUIRE(snap.agents.size() == 1);
  check_same(snap.agents[0], agent);
  REQUIRE(snap.sessions.size() == 1);
  check_same(snap.sessions[0], session);
}

TEST_CASE("The loader orders rows by created_at then id", "[storage][records]") {
  TempDir dir;
  commit_all(dir.file(), {core::Record{core::TenantPut{testing::sample_tenant("c", 30)}},
                          core::Record{core::TenantPut{testing::sample_tenant("b", 10)}},
                          core::Record{core::TenantPut{testing::sample_tenant("a", 30)}}});
  const auto snap = load_snapshot(dir.file());
  REQUIRE(snap.tenants.size() == 3);
  CHECK(snap.tenants[0].id == "b");
  CHECK(snap.tenants[1].id == "a");
  CHECK(snap.tenants[2].id == "c");
}

TEST_CASE("TenantDeleted removes what the tenant owns but keeps its events", "[storage][records]") {
  TempDir dir;
  std::vector<Op> ops = tenant_with_everything("t1", "a1");
  for (auto& op : tenant_with_everything("t2", "a2")) ops.push_back(std::move(op));
  ops.emplace_back(core::Record{testing::sample_event("t1", "a1", "", 10)});
  ops.emplace_back(
      IdempotencyPut{"t1", "key-1", "fp", 201, "{}", "application/json", core::time_from_ms(10)});
  ops.emplace_back(
      IdempotencyPut{"t2", "key-1", "fp", 201, "{}", "application/json", core::time_from_ms(10)});
  commit_all(dir.file(), std::move(ops));
  commit_all(dir.file(), {core::Record{core::TenantDeleted{"t1"}}});

  const auto snap = load_snapshot(dir.file());
  REQUIRE(snap.tenants.size() == 1);
  CHECK(snap.tenants[0].id == "t2");
  for (const auto& team : snap.teams) CHECK(team.tenant_id == "t2");
  for (const auto& agent : snap.agents) CHECK(agent.tenant_id == "t2");
  for (const auto& code : snap.codes) CHECK(code.tenant_id == "t2");
  for (const auto& token : snap.tokens) CHECK(token.tenant_id == "t2");
  for (const auto& session : snap.sessions) CHECK(session.tenant_id == "t2");
  CHECK(snap.teams.size() == 1);
  CHECK(snap.agents.size() == 1);
  CHECK(snap.codes.size() == 1);
  CHECK(snap.tokens.size() == 1);
  CHECK(snap.sessions.size() == 1);

  const auto keys = load_idempotency(dir.file(), core::time_from_ms(0));
  REQUIRE(keys.size() == 1);
  CHECK(keys[0].tenant_id == "t2");
  const auto events = read_events(dir.file(), "t1", {});
  REQUIRE(events.ok());
  CHECK(events.events.size() == 1);
}

TEST_CASE("AgentDeleted removes the agent, its tokens and its session", "[storage][records]") {
  TempDir dir;
  std::vector<Op> ops = tenant_with_everything("t1", "a1");
  ops.emplace_back(core::Record{core::AgentPut{testing::sample_agent("t1", "a2")}});
  ops.emplace_back(core::Record{core::TokenPut{testing::sample_token("t1", "tok-a2", "a2")}});
  ops.emplace_back(core::Record{core::AgentSessionPut{testing::sample_session("t1", "a2")}});
  ops.emplace_back(core::Record{core::TokenPut{
      core::Token{"admin", "t1", core::Role::Admin, "", "00", core::time_from_ms(1)}}});
  commit_all(dir.file(), std::move(ops));
  commit_all(dir.file(), {core::Record{core::AgentDeleted{"t1", "a1"}}});

  const auto snap = load_snapshot(dir.file());
  REQUIRE(snap.agents.size() == 1);
  CHECK(snap.agents[0].id == "a2");
  REQUIRE(snap.sessions.size() == 1);
  CHECK(snap.sessions[0].agent_id == "a2");
  REQUIRE(snap.tokens.size() == 2);
  CHECK(snap.tokens[0].id == "admin");
  CHECK(snap.tokens[1].id == "tok-a2");
}

TEST_CASE("TeamDeleted, CodeDeleted and TokenDeleted remove one row", "[storage][records]") {
  TempDir dir;
  std::vector<Op> ops = tenant_with_everything("t1", "a1");
  ops.emplace_back(core::Record{core::TeamPut{testing::sample_team("t1", "team-b")}});
  ops.emplace_back(core::Record{core::CodePut{testing::sample_code("t1", "break")}});
  commit_all(dir.file(), std::move(ops));
  commit_all(dir.file(), {core::Record{core::TeamDeleted{"t1", "team-a"}},
                          core::Record{core::CodeDeleted{"t1", "lunch"}},
                          core::Record{core::TokenDeleted{"t1", "tok-a1"}}});
  const auto snap = load_snapshot(dir.file());
  REQUIRE(snap.teams.size() == 1);
  CHECK(snap.teams[0].id == "team-b");
  REQUIRE(snap.codes.size() == 1);
  CHECK(snap.codes[0].id == "break");
  CHECK(snap.tokens.empty());
  CHECK(snap.agents.size() == 1);
}

TEST_CASE("Idempotency replies round-trip, upsert and prune", "[storage][records]") {
  TempDir dir;
  const IdempotencyPut first{
      "t1", "k1", "fp1", 201, R"({"id":"x"})", "application/json", core::time_from_ms(100)};
  const IdempotencyPut second{
      "t1", "k2", "fp2", 409, "conflict", "application/problem+json", core::time_from_ms(200)};
  commit_all(dir.file(), {first, second});

  auto keys = load_idempotency(dir.file(), core::time_from_ms(0));
  REQUIRE(keys.size() == 2);
  CHECK(keys[0].tenant_id == "t1");
  CHECK(keys[0].key == "k1");
  CHECK(keys[0].fingerprint == "fp1");
  CHECK(keys[0].status == 201);
  CHECK(keys[0].body == first.body);
  CHECK(keys[0].content_type == "application/json");
  CHECK(keys[0].created_at == first.created_at);
  CHECK(keys[1].key == "k2");
  CHECK(keys[1].status == 409);
  CHECK(load_idempotency(dir.file(), core::time_from_ms(150)).size() == 1);

  IdempotencyPut replaced = first;
  replaced.status = 200;
  replaced.created_at = core::time_from_ms(300);
  commit_all(dir.file(), {replaced, IdempotencyPrune{core::time_from_ms(250)}});
  keys = load_idempotency(dir.file(), core::time_from_ms(0));
  REQUIRE(keys.size() == 1);
  CHECK(keys[0].key == "k1");
  CHECK(keys[0].status == 200);
}

TEST_CASE("Server metadata round-trips", "[storage][records]") {
  TempDir dir;
  commit_all(dir.file(), {MetaPut{"seeded", "yes"}, MetaPut{"instance", "1"}});
  CHECK(read_meta(dir.file(), "seeded") == "yes");
  CHECK_FALSE(read_meta(dir.file(), "absent").has_value());
  commit_all(dir.file(), {MetaPut{"seeded", "again"}});
  CHECK(read_meta(dir.file(), "seeded") == "again");
}

TEST_CASE("Loading a file that was never migrated fails", "[storage][records]") {
  TempDir dir;
  { Database db(dir.file(), OpenMode::ReadWrite); }
  CHECK_THROWS_AS(load_snapshot(dir.file()), StorageError);
  CHECK_THROWS_AS(load_snapshot(dir.file("missing.db")), StorageError);
}

}  // namespace
}  // namespace ccr::storage
