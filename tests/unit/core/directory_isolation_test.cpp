// Tenant isolation: an id of another tenant reads, updates and deletes exactly like an unknown id.
#include <string>

#include "core_test_support.hpp"

using namespace ccr::core;
using namespace ccr::core::test;

TEST_CASE("Isolation: another tenant's ids look up as nullptr, like unknown ids",
          "[isolation][directory]") {
  World w;
  // zoe, t2-team and t2-lunch exist, but in t2.
  CHECK(w.dir().agent("t1", "zoe") == nullptr);
  CHECK(w.dir().agent("t1", "ghost") == nullptr);
  CHECK(w.dir().team("t1", "t2-team") == nullptr);
  CHECK(w.dir().team("t1", "ghost") == nullptr);
  CHECK(w.dir().code("t1", CodeKind::Idle, "t2-lunch") == nullptr);
  CHECK(w.dir().code("t1", CodeKind::Idle, "ghost") == nullptr);
  // ... and the owner still sees them.
  CHECK(w.dir().agent("t2", "zoe") != nullptr);
  CHECK(w.dir().team("t2", "t2-team") != nullptr);
  CHECK(w.dir().code("t2", CodeKind::Idle, "t2-lunch") != nullptr);
}

TEST_CASE("Isolation: listings hold only the tenant's own entities", "[isolation][directory]") {
  World w;
  for (const auto* a : w.dir().agents_after("t1", "", 100, "")) CHECK(a->tenant_id == "t1");
  CHECK(w.dir().agents_after("t1", "", 100, "").size() == 2);
  CHECK(w.dir().agents_after("t2", "", 100, "").size() == 1);
  CHECK(w.dir().teams_after("t2", "", 100, "").size() == 1);
  CHECK(w.dir().codes_after("t2", CodeKind::Idle, "", 100, "").size() == 1);
  CHECK(w.dir().agents_after("ghost", "", 100, "").empty());
  CHECK(w.dir().teams_after("ghost", "", 100, "").empty());
  CHECK(w.dir().codes_after("ghost", CodeKind::Idle, "", 100, "").empty());
  CHECK(w.dir().tokens_after("ghost", "", 100).empty());
}

TEST_CASE("Isolation: updating or deleting across tenants answers NotFound like an unknown id",
          "[isolation][directory]") {
  World w;
  struct Attempt {
    const char* what;
    std::string foreign_id;  // exists in t2
    std::string unknown_id;  // exists nowhere
  };
  const auto attempt =
      GENERATE(Attempt{"team", "t2-team", "ghost"}, Attempt{"agent", "zoe", "ghost"},
               Attempt{"idle code", "t2-lunch", "ghost"});
  CAPTURE(attempt.what);

  auto run = [&](const std::string& id, Effects& fx) -> std::pair<Rejection, Rejection> {
    if (std::string(attempt.what) == "team") {
      return {rejection_of(w.dir().rename_team("t1", id, "New", {}, fx)),
              rejection_of(w.dir().delete_team("t1", id, {}, fx))};
    }
    if (std::string(attempt.what) == "agent") {
      AgentPatch p;
      p.name = "New";
      return {rejection_of(w.dir().update_agent("t1", id, p, {}, fx)),
              rejection_of(w.dir().delete_agent("t1", id, {}, fx))};
    }
    return {rejection_of(w.dir().rename_code("t1", CodeKind::Idle, id, "New", {}, fx)),
            rejection_of(w.dir().delete_code("t1", CodeKind::Idle, id, {}, fx))};
  };

  Effects fx;
  const auto [foreign_update, foreign_delete] = run(attempt.foreign_id, fx);
  const auto [unknown_update, unknown_delete] = run(attempt.unknown_id, fx);
  CHECK(foreign_update.reason == Reason::NotFound);
  CHECK(foreign_delete.reason == Reason::NotFound);
  CHECK(foreign_update.reason == unknown_update.reason);
  CHECK(foreign_update.message == unknown_update.message);
  CHECK(foreign_delete.message == unknown_delete.message);
  CHECK(fx.empty());

  CHECK(w.dir().agent("t2", "zoe")->name == "Zoe Marin");
  CHECK(w.dir().team("t2", "t2-team")->name == "Front desk");
  CHECK(w.dir().code("t2", CodeKind::Idle, "t2-lunch")->name == "Lunch");
}

TEST_CASE("Isolation: an agent cannot be created in another tenant's team",
          "[isolation][directory]") {
  World w;
  Effects fx;
  const auto& rej = rejection_of(
      w.dir().create_agent(World::agent("t1", "eve", "Eve", {"t2-team"}), w.clock.now(), fx));
  CHECK(rej.reason == Reason::ValidationFailed);
  CHECK(has_field(rej, "team_ids"));
  CHECK(fx.empty());
}

TEST_CASE("Isolation: entities cannot be created in an unknown tenant", "[isolation][directory]") {
  World w;
  Effects fx;
  CHECK(rejection_of(w.dir().create_team("ghost", "x", "X", w.clock.now(), fx)).reason ==
        Reason::NotFound);
  CHECK(rejection_of(w.dir().create_code("ghost", CodeKind::Idle, "x", "X", w.clock.now(), fx))
            .reason == Reason::NotFound);
  CHECK(rejection_of(
            w.dir().create_agent(World::agent("ghost", "x", "X", {"sales"}), w.clock.now(), fx))
            .reason == Reason::NotFound);
  CHECK(fx.empty());
}

TEST_CASE("Isolation: a token cannot speak for another tenant's agent", "[isolation][tokens]") {
  World w;
  Effects fx;
  Token t{"tok-x", "t1", Role::Agent, "zoe", "hash-x", w.clock.now()};
  CHECK(rejection_of(w.dir().add_token(t, fx)).reason == Reason::NotFound);
  CHECK(fx.empty());
  CHECK_FALSE(w.dir().authenticate("hash-x").has_value());
}

TEST_CASE("Isolation: revoking another tenant's token is NotFound and it keeps working",
          "[isolation][tokens]") {
  World w;
  Effects fx;
  REQUIRE(w.dir().add_token(Token{"tok-z", "t2", Role::Agent, "zoe", "hash-z", w.clock.now()}, fx));
  Effects revoke;
  CHECK(rejection_of(w.dir().revoke_token("t1", "tok-z", revoke)).reason == Reason::NotFound);
  CHECK(revoke.empty());
  CHECK(w.dir().authenticate("hash-z").has_value());
  CHECK(w.dir().tokens_after("t1", "", 10).empty());
}
