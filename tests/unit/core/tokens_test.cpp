// API tokens (authentication by hash, revocation, cascades) and rebuilding the directory from a
// storage Snapshot.
#include <string>
#include <vector>

#include "core_test_support.hpp"

using namespace ccr::core;
using namespace ccr::core::test;

namespace {

Token token(std::string id, std::string tenant_id, Role role, std::string agent_id,
            std::string hash) {
  return Token{
      std::move(id),       std::move(tenant_id), role,
      std::move(agent_id), std::move(hash),      ccr::core::time_from_ms(1'700'000'000'000)};
}

}  // namespace

TEST_CASE("Tokens authenticate by their hash as the principal they speak for", "[tokens]") {
  World w;
  Effects fx;
  REQUIRE(w.dir().add_token(token("tk-ana", "t1", Role::Agent, "ana", "h-ana"), fx));
  REQUIRE(w.dir().add_token(token("tk-sup", "t1", Role::Supervisor, "", "h-sup"), fx));
  CHECK(kinds(fx) == std::vector<std::string>{"TokenPut", "TokenPut"});
  CHECK(persisted<TokenPut>(fx)[0].token.hash == "h-ana");

  const auto ana = w.dir().authenticate("h-ana");
  REQUIRE(ana.has_value());
  CHECK(ana->role == Role::Agent);
  CHECK(ana->tenant_id == "t1");
  CHECK(ana->agent_id == "ana");
  CHECK(ana->token_id == "tk-ana");

  const auto sup = w.dir().authenticate("h-sup");
  REQUIRE(sup.has_value());
  CHECK(sup->role == Role::Supervisor);
  CHECK(sup->agent_id.empty());

  CHECK_FALSE(w.dir().authenticate("h-unknown").has_value());
  CHECK_FALSE(w.dir().authenticate("").has_value());
}

TEST_CASE("Tokens are refused for unknown agents, the server-admin role and reused hashes",
          "[tokens]") {
  World w;
  Effects ok;
  REQUIRE(w.dir().add_token(token("tk-1", "t1", Role::Admin, "", "h-1"), ok));
  Effects fx;
  CHECK(rejection_of(w.dir().add_token(token("tk-2", "t1", Role::Agent, "ghost", "h-2"), fx))
            .reason == Reason::NotFound);
  CHECK(
      rejection_of(w.dir().add_token(token("tk-3", "ghost", Role::Admin, "", "h-3"), fx)).reason ==
      Reason::NotFound);
  const auto& admin =
      rejection_of(w.dir().add_token(token("tk-4", "t1", Role::ServerAdmin, "", "h-4"), fx));
  CHECK(admin.reason == Reason::ValidationFailed);
  CHECK(has_field(admin, "role"));
  CHECK(rejection_of(w.dir().add_token(token("tk-5", "t2", Role::Admin, "", "h-1"), fx)).reason ==
        Reason::Conflict);
  CHECK(fx.empty());
  for (const char* h : {"h-2", "h-3", "h-4"}) CHECK_FALSE(w.dir().authenticate(h).has_value());
  CHECK(w.dir().authenticate("h-1")->tenant_id == "t1");
}

TEST_CASE("Revoking a token stops it authenticating", "[tokens]") {
  World w;
  Effects fx;
  REQUIRE(w.dir().add_token(token("tk-ana", "t1", Role::Agent, "ana", "h-ana"), fx));
  Effects revoke;
  REQUIRE(w.dir().revoke_token("t1", "tk-ana", revoke));
  REQUIRE(persisted<TokenDeleted>(revoke).size() == 1);
  CHECK(persisted<TokenDeleted>(revoke)[0].token_id == "tk-ana");
  CHECK(persisted<TokenDeleted>(revoke)[0].tenant_id == "t1");
  CHECK_FALSE(w.dir().authenticate("h-ana").has_value());
  CHECK(w.dir().tokens_after("t1", "", 10).empty());

  Effects again;
  CHECK(rejection_of(w.dir().revoke_token("t1", "tk-ana", again)).reason == Reason::NotFound);
  CHECK(again.empty());
}

TEST_CASE("Tokens are listed a page at a time", "[tokens]") {
  World w;
  Effects fx;
  for (const char* id : {"tk-c", "tk-a", "tk-b"}) {
    REQUIRE(w.dir().add_token(token(id, "t1", Role::Web, "", std::string("h-") + id), fx));
  }
  const auto first = w.dir().tokens_after("t1", "", 2);
  REQUIRE(first.size() == 2);
  CHECK(first[0]->id == "tk-a");
  CHECK(first[1]->id == "tk-b");
  const auto rest = w.dir().tokens_after("t1", "tk-b", 2);
  REQUIRE(rest.size() == 1);
  CHECK(rest[0]->id == "tk-c");
}

TEST_CASE("Deleting an agent drops its tokens and keeps the others", "[tokens]") {
  World w;
  Effects fx;
  REQUIRE(w.dir().add_token(token("tk-ana", "t1", Role::Agent, "ana", "h-ana"), fx));
  REQUIRE(w.dir().add_token(token("tk-ana2", "t1", Role::Agent, "ana", "h-ana2"), fx));
  REQUIRE(w.dir().add_token(token("tk-bob", "t1", Role::Agent, "bob", "h-bob"), fx));
  Effects del;
  REQUIRE(w.dir().delete_agent("t1", "ana", {}, del));
  CHECK(kinds(del) == std::vector<std::string>{"AgentDeleted"});  // storage cascades the tokens
  CHECK(w.dir().agent("t1", "ana") == nullptr);
  CHECK_FALSE(w.dir().authenticate("h-ana").has_value());
  CHECK_FALSE(w.dir().authenticate("h-ana2").has_value());
  CHECK(w.dir().authenticate("h-bob").has_value());
  const auto left = w.dir().tokens_after("t1", "", 10);
  REQUIRE(left.size() == 1);
  CHECK(left[0]->id == "tk-bob");
}

TEST_CASE("Deleting a tenant drops all its tokens and nothing of the others", "[tokens]") {
  World w;
  Effects fx;
  REQUIRE(w.dir().add_token(token("tk-ana", "t1", Role::Agent, "ana", "h-ana"), fx));
  REQUIRE(w.dir().add_token(token("tk-adm", "t1", Role::Admin, "", "h-adm"), fx));
  REQUIRE(w.dir().add_token(token("tk-zoe", "t2", Role::Agent, "zoe", "h-zoe"), fx));
  Effects del;
  REQUIRE(w.dir().delete_tenant("t1", {}, del));
  CHECK(kinds(del) == std::vector<std::string>{"TenantDeleted"});
  CHECK_FALSE(w.dir().authenticate("h-ana").has_value());
  CHECK_FALSE(w.dir().authenticate("h-adm").has_value());
  CHECK(w.dir().authenticate("h-zoe").has_value());
  CHECK(w.dir().agent("t1", "ana") == nullptr);
  CHECK(w.dir().team("t1", "sales") == nullptr);
  CHECK(w.dir().agent("t2", "zoe") != nullptr);
}

TEST_CASE("A hash freed by revocation can be used by a new token", "[tokens]") {
  World w;
  Effects fx;
  REQUIRE(w.dir().add_token(token("tk-1", "t1", Role::Admin, "", "h"), fx));
  REQUIRE(w.dir().revoke_token("t1", "tk-1", fx));
  REQUIRE(w.dir().add_token(token("tk-2", "t2", Role::Web, "", "h"), fx));
  const auto p = w.dir().authenticate("h");
  REQUIRE(p.has_value());
  CHECK(p->tenant_id == "t2");
  CHECK(p->token_id == "tk-2");
}

// --- restore ---------------------------------------------------------------------------------

TEST_CASE("restore() rebuilds the directory from a Snapshot, token authentication included",
          "[restore][directory]") {
  World w;
  Effects fx;
  REQUIRE(w.dir().add_token(token("tk-ana", "t1", Role::Agent, "ana", "h-ana"), fx));
  TenantSettings off;
  off.noise_removal = false;

  Snapshot snap;
  snap.tenants = {Tenant{"t7", "Initech", off, ccr::core::time_from_ms(1000), 4}};
  snap.teams = {Team{"t7-ops", "t7", "Ops", ccr::core::time_from_ms(1000), 2}};
  Agent milo = World::agent("t7", "milo", "Milo", {"t7-ops"});
  milo.version = 3;
  milo.channels.chat = 4;
  snap.agents = {milo};
  snap.codes = {Code{"t7-idle", "t7", CodeKind::Idle, "Training", {}, 1},
                Code{"t7-wrap", "t7", CodeKind::WrapUp, "Resolved", {}, 1}};
  snap.tokens = {token("tk-milo", "t7", Role::Agent, "milo", "h-milo"),
                 token("tk-orphan", "t404", Role::Admin, "", "h-orphan")};

  Directory& dir = w.dir();
  dir.restore(snap);

  // What was there before is gone.
  CHECK(dir.tenant("t1") == nullptr);
  CHECK_FALSE(dir.authenticate("h-ana").has_value());

  REQUIRE(dir.tenant("t7") != nullptr);
  CHECK(dir.tenant("t7")->name == "Initech");
  CHECK(dir.tenant("t7")->version == 4);
  CHECK_FALSE(dir.tenant("t7")->settings.noise_removal);
  REQUIRE(dir.team("t7", "t7-ops") != nullptr);
  CHECK(dir.team("t7", "t7-ops")->version == 2);
  REQUIRE(dir.agent("t7", "milo") != nullptr);
  CHECK(dir.agent("t7", "milo")->version == 3);
  CHECK(dir.agent("t7", "milo")->channels.chat == 4);
  CHECK(dir.code("t7", CodeKind::Idle, "t7-idle") != nullptr);
  CHECK(dir.code("t7", CodeKind::WrapUp, "t7-wrap") != nullptr);
  CHECK(dir.code("t7", CodeKind::Idle, "t7-wrap") == nullptr);

  const auto milo_principal = dir.authenticate("h-milo");
  REQUIRE(milo_principal.has_value());
  CHECK(milo_principal->tenant_id == "t7");
  CHECK(milo_principal->agent_id == "milo");
  CHECK_FALSE(dir.authenticate("h-orphan").has_value());

  // The rebuilt directory keeps enforcing its rules: versions, names, references.
  Effects after;
  CHECK(rejection_of(dir.rename_team("t7", "t7-ops", "X", 1, after)).reason ==
        Reason::PreconditionFailed);
  CHECK(rejection_of(dir.create_team("t7", "t7-b", "ops", ccr::core::time_from_ms(0), after))
            .reason == Reason::Conflict);
  CHECK(rejection_of(dir.delete_team("t7", "t7-ops", {}, after)).reason == Reason::Conflict);
  CHECK(after.empty());
}

TEST_CASE("Engine::restore rebuilds the directory and the agents' presence", "[restore][engine]") {
  Engine engine(EngineOptions{30s});
  FakeClock clock;
  Snapshot snap;
  snap.tenants = {Tenant{"t1", "Acme", {}, clock.now(), 1}};
  snap.teams = {Team{"sales", "t1", "Sales", clock.now(), 1}};
  snap.agents = {World::agent("t1", "ana", "Ana", {"sales"})};
  snap.tokens = {token("tk-ana", "t1", Role::Agent, "ana", "h-ana")};
  AgentSession s;
  s.agent_id = "ana";
  s.tenant_id = "t1";
  s.state = AgentState::Available;
  s.team_id = "sales";
  s.desktop_connected = true;
  snap.sessions = {s};

  Effects fx;
  engine.restore(snap, clock.now(), fx);
  CHECK(kinds(fx) == std::vector<std::string>{"AgentSessionPut", "ArmTimer"});  // deadline kept
  CHECK(effects_of<ArmTimer>(fx).at(0).deadline == clock.now() + 30s);

  const auto who = engine.directory().authenticate("h-ana");
  REQUIRE(who.has_value());
  const auto session = engine.agents().session(who->tenant_id, who->agent_id);
  CHECK(session.state == AgentState::Available);
  CHECK_FALSE(session.desktop_connected);
  CHECK(engine.agents().logged_in("ana"));
}
