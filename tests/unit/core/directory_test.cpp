// AS4 and the admin configuration: creating, renaming, deleting and listing tenants, teams and
// codes; names, If-Match preconditions and conflicts. Agent profiles: directory_agents_test.cpp.
#include <string>
#include <vector>

#include "core_test_support.hpp"

using namespace ccr::core;
using namespace ccr::core::test;

// --- tenants ---------------------------------------------------------------------------------

TEST_CASE("Tenants are created, renamed and deleted with their versions", "[directory]") {
  Directory dir;
  FakeClock clock;
  Effects fx;
  auto created = dir.create_tenant("acme", "  Acme Corp ", clock.now(), fx);
  REQUIRE(created.ok());
  CHECK(created.value().name == "Acme Corp");
  CHECK(created.value().version == 1);
  CHECK(created.value().created_at == clock.now());
  REQUIRE(dir.tenant("acme") != nullptr);
  CHECK(kinds(fx) == std::vector<std::string>{"TenantPut"});

  Effects fx2;
  auto renamed = dir.rename_tenant("acme", "Acme Inc", 1, fx2);
  REQUIRE(renamed.ok());
  CHECK(renamed.value().name == "Acme Inc");
  CHECK(renamed.value().version == 2);
  CHECK(dir.tenant("acme")->name == "Acme Inc");
  REQUIRE(persisted<TenantPut>(fx2).size() == 1);
  CHECK(persisted<TenantPut>(fx2)[0].tenant.version == 2);

  Effects fx3;
  REQUIRE(dir.delete_tenant("acme", 2, fx3));
  CHECK(dir.tenant("acme") == nullptr);
  REQUIRE(persisted<TenantDeleted>(fx3).size() == 1);
  CHECK(persisted<TenantDeleted>(fx3)[0].tenant_id == "acme");
}

TEST_CASE("A tenant id in use is a conflict and changes nothing", "[directory]") {
  Directory dir;
  FakeClock clock;
  Effects fx;
  REQUIRE(dir.create_tenant("acme", "Acme", clock.now(), fx));
  Effects again;
  CHECK(rejection_of(dir.create_tenant("acme", "Other", clock.now(), again)).reason ==
        Reason::Conflict);
  CHECK(again.empty());
  CHECK(dir.tenant("acme")->name == "Acme");
}

TEST_CASE("Unknown tenants answer NotFound", "[directory]") {
  Directory dir;
  Effects fx;
  CHECK(dir.tenant("nope") == nullptr);
  CHECK(rejection_of(dir.rename_tenant("nope", "X", {}, fx)).reason == Reason::NotFound);
  CHECK(rejection_of(dir.delete_tenant("nope", {}, fx)).reason == Reason::NotFound);
  CHECK(fx.empty());
}

TEST_CASE("Tenants are listed in id order, a page at a time after a cursor", "[directory]") {
  Directory dir;
  FakeClock clock;
  Effects fx;
  for (const char* id : {"d", "a", "c", "b", "e"})
    REQUIRE(dir.create_tenant(id, id, clock.now(), fx));
  CHECK(ids(dir.tenants_after("", 2)) == std::vector<std::string>{"a", "b"});
  CHECK(ids(dir.tenants_after("b", 2)) == std::vector<std::string>{"c", "d"});
  CHECK(ids(dir.tenants_after("d", 2)) == std::vector<std::string>{"e"});
  CHECK(dir.tenants_after("e", 2).empty());
}

// --- names -----------------------------------------------------------------------------------

TEST_CASE("Names are trimmed, and empty, over-long or control-character names are refused",
          "[directory][names]") {
  World w;
  struct Bad {
    std::string name;
    const char* why;
  };
  const auto bad = GENERATE(
      Bad{"", "empty"}, Bad{"   \t ", "blank"}, Bad{std::string(129, 'x'), "129 characters"},
      Bad{"Night\nShift", "newline"}, Bad{"Tab\x01", "control char"}, Bad{"Del\x7f", "DEL"});
  CAPTURE(bad.why);
  Effects fx;
  const auto check = [&](const Rejection& rej) {
    CHECK(rej.reason == Reason::ValidationFailed);
    CHECK(has_field(rej, "name"));
  };
  check(rejection_of(w.dir().create_tenant("t9", bad.name, w.clock.now(), fx)));
  check(rejection_of(w.dir().rename_tenant("t1", bad.name, {}, fx)));
  check(rejection_of(w.dir().create_team("t1", "night", bad.name, w.clock.now(), fx)));
  check(rejection_of(w.dir().rename_team("t1", "sales", bad.name, {}, fx)));
  check(rejection_of(w.dir().create_code("t1", CodeKind::Idle, "c9", bad.name, w.clock.now(), fx)));
  check(rejection_of(w.dir().rename_code("t1", CodeKind::Idle, "lunch", bad.name, {}, fx)));
  check(rejection_of(
      w.dir().create_agent(World::agent("t1", "eve", bad.name, {"sales"}), w.clock.now(), fx)));
  AgentPatch rename;
  rename.name = bad.name;
  check(rejection_of(w.dir().update_agent("t1", "ana", rename, {}, fx)));

  CHECK(fx.empty());
  CHECK(w.dir().tenant("t9") == nullptr);
  CHECK(w.dir().tenant("t1")->name == "Acme");
  CHECK(w.dir().team("t1", "night") == nullptr);
  CHECK(w.dir().team("t1", "sales")->name == "Sales");
  CHECK(w.dir().code("t1", CodeKind::Idle, "lunch")->name == "Lunch");
  CHECK(w.dir().agent("t1", "eve") == nullptr);
  CHECK(w.dir().agent("t1", "ana")->name == "Ana Pop");
}

TEST_CASE("A name of exactly 128 characters is accepted", "[directory][names]") {
  World w;
  Effects fx;
  const std::string longest(128, 'n');
  auto r = w.dir().create_team("t1", "long", "  " + longest + "\t", w.clock.now(), fx);
  REQUIRE(r.ok());
  CHECK(r.value().name == longest);
}

// --- teams -----------------------------------------------------------------------------------

TEST_CASE("Teams are created, renamed and deleted", "[directory][teams]") {
  World w;
  Effects fx;
  auto t = w.dir().create_team("t1", "vip", " VIP line ", w.clock.now(), fx);
  REQUIRE(t.ok());
  CHECK(t.value().name == "VIP line");
  CHECK(t.value().tenant_id == "t1");
  CHECK(kinds(fx) == std::vector<std::string>{"TeamPut"});

  Effects fx2;
  auto renamed = w.dir().rename_team("t1", "vip", "VIP", 1, fx2);
  REQUIRE(renamed.ok());
  CHECK(renamed.value().version == 2);
  CHECK(w.dir().team("t1", "vip")->name == "VIP");
  CHECK(kinds(fx2) == std::vector<std::string>{"TeamPut"});

  Effects fx3;
  REQUIRE(w.dir().delete_team("t1", "vip", 2, fx3));
  CHECK(w.dir().team("t1", "vip") == nullptr);
  REQUIRE(persisted<TeamDeleted>(fx3).size() == 1);
  CHECK(persisted<TeamDeleted>(fx3)[0].team_id == "vip");
  CHECK(persisted<TeamDeleted>(fx3)[0].tenant_id == "t1");
}

TEST_CASE("Team names are unique per tenant, ignoring case", "[directory][teams]") {
  World w;
  Effects fx;
  CHECK(rejection_of(w.dir().create_team("t1", "s2", "  SALES ", w.clock.now(), fx)).reason ==
        Reason::Conflict);
  CHECK(rejection_of(w.dir().rename_team("t1", "support", "sales", {}, fx)).reason ==
        Reason::Conflict);
  CHECK(fx.empty());
  CHECK(w.dir().team("t1", "s2") == nullptr);
  CHECK(w.dir().team("t1", "support")->name == "Support");

  // Renaming a team to its own name in another case is fine, and another tenant may reuse it.
  REQUIRE(w.dir().rename_team("t1", "sales", "SALES", {}, fx));
  REQUIRE(w.dir().create_team("t2", "t2-sales", "Sales", w.clock.now(), fx));
}

TEST_CASE("Deleting a team that agents use is a conflict", "[directory][teams]") {
  World w;
  Effects fx;
  const auto& rej = rejection_of(w.dir().delete_team("t1", "support", {}, fx));
  CHECK(rej.reason == Reason::Conflict);
  CHECK(fx.empty());
  CHECK(w.dir().team("t1", "support") != nullptr);

  AgentPatch move;
  move.team_ids = std::vector<std::string>{"sales"};
  REQUIRE(w.dir().update_agent("t1", "bob", move, {}, fx));
  REQUIRE(w.dir().delete_team("t1", "support", {}, fx));
  CHECK(w.dir().team("t1", "support") == nullptr);
}

TEST_CASE("Teams are listed with a cursor and a case-insensitive name filter",
          "[directory][teams]") {
  World w;
  Effects fx;
  REQUIRE(w.dir().create_team("t1", "a-night", "Night sales", w.clock.now(), fx));
  REQUIRE(w.dir().create_team("t1", "z-day", "Day SALES", w.clock.now(), fx));

  CHECK(ids(w.dir().teams_after("t1", "", 10, "")) ==
        std::vector<std::string>{"a-night", "sales", "support", "z-day"});
  CHECK(ids(w.dir().teams_after("t1", "", 2, "")) == std::vector<std::string>{"a-night", "sales"});
  CHECK(ids(w.dir().teams_after("t1", "sales", 2, "")) ==
        std::vector<std::string>{"support", "z-day"});
  CHECK(ids(w.dir().teams_after("t1", "", 10, "sAlEs")) ==
        std::vector<std::string>{"a-night", "sales", "z-day"});
  // A filtered page is full when it holds `limit` matches, wherever they are.
  CHECK(ids(w.dir().teams_after("t1", "", 2, "sales")) ==
        std::vector<std::string>{"a-night", "sales"});
  CHECK(ids(w.dir().teams_after("t1", "sales", 2, "sales")) == std::vector<std::string>{"z-day"});
  CHECK(w.dir().teams_after("t1", "", 10, "nothing like it").empty());
}

// --- codes (AS4) -----------------------------------------------------------------------------

TEST_CASE("AS4: idle and wrap-up codes are created, renamed, deleted and searched by name",
          "[as4][directory][codes]") {
  World w;
  Effects fx;
  auto c = w.dir().create_code("t1", CodeKind::WrapUp, "sold", " Sold ", w.clock.now(), fx);
  REQUIRE(c.ok());
  CHECK(c.value().kind == CodeKind::WrapUp);
  CHECK(c.value().name == "Sold");
  CHECK(kinds(fx) == std::vector<std::string>{"CodePut"});

  CHECK(ids(w.dir().codes_after("t1", CodeKind::WrapUp, "", 10, "")) ==
        std::vector<std::string>{"done", "sold"});
  CHECK(ids(w.dir().codes_after("t1", CodeKind::Idle, "", 10, "")) ==
        std::vector<std::string>{"break", "lunch"});
  CHECK(ids(w.dir().codes_after("t1", CodeKind::Idle, "", 10, "UNC")) ==
        std::vector<std::string>{"lunch"});
  CHECK(ids(w.dir().codes_after("t1", CodeKind::Idle, "break", 10, "")) ==
        std::vector<std::string>{"lunch"});

  Effects fx2;
  auto renamed = w.dir().rename_code("t1", CodeKind::WrapUp, "sold", "Sale closed", 1, fx2);
  REQUIRE(renamed.ok());
  CHECK(renamed.value().version == 2);
  CHECK(kinds(fx2) == std::vector<std::string>{"CodePut"});

  Effects fx3;
  REQUIRE(w.dir().delete_code("t1", CodeKind::WrapUp, "sold", 2, fx3));
  CHECK(w.dir().code("t1", CodeKind::WrapUp, "sold") == nullptr);
  CHECK(kinds(fx3) == std::vector<std::string>{"CodeDeleted"});
}

TEST_CASE("AS4: an idle code is not a wrap-up code", "[as4][directory][codes]") {
  World w;
  Effects fx;
  CHECK(w.dir().code("t1", CodeKind::Idle, "lunch") != nullptr);
  CHECK(w.dir().code("t1", CodeKind::WrapUp, "lunch") == nullptr);
  CHECK(rejection_of(w.dir().rename_code("t1", CodeKind::WrapUp, "lunch", "X", {}, fx)).reason ==
        Reason::NotFound);
  CHECK(rejection_of(w.dir().delete_code("t1", CodeKind::WrapUp, "lunch", {}, fx)).reason ==
        Reason::NotFound);
  CHECK(fx.empty());
  // The two lists are separate namespaces for names too.
  REQUIRE(w.dir().create_code("t1", CodeKind::WrapUp, "w-lunch", "Lunch", w.clock.now(), fx));
}

TEST_CASE("AS4: code names are unique per list, ignoring case", "[as4][directory][codes]") {
  World w;
  Effects fx;
  CHECK(rejection_of(w.dir().create_code("t1", CodeKind::Idle, "l2", "LUNCH", w.clock.now(), fx))
            .reason == Reason::Conflict);
  CHECK(rejection_of(w.dir().rename_code("t1", CodeKind::Idle, "break", "lunch", {}, fx)).reason ==
        Reason::Conflict);
  CHECK(fx.empty());
  CHECK(w.dir().code("t1", CodeKind::Idle, "l2") == nullptr);
  CHECK(w.dir().code("t1", CodeKind::Idle, "break")->name == "Break");
}

// --- If-Match --------------------------------------------------------------------------------

TEST_CASE("If-Match: a stale version is PreconditionFailed and nothing changes",
          "[directory][if_match]") {
  World w;
  Effects bump;
  REQUIRE(w.dir().rename_team("t1", "sales", "Sales EU", {}, bump));  // team now at version 2
  REQUIRE(w.dir().rename_tenant("t1", "Acme Corp", {}, bump));        // tenant now at version 2
  AgentPatch p;
  p.name = "Ana P.";
  REQUIRE(w.dir().update_agent("t1", "ana", p, {}, bump));  // agent now at version 2
  REQUIRE(w.dir().rename_code("t1", CodeKind::Idle, "lunch", "Lunch break", {}, bump));

  const IfMatch stale = 1;
  Effects fx;
  CHECK(rejection_of(w.dir().rename_tenant("t1", "X", stale, fx)).reason ==
        Reason::PreconditionFailed);
  CHECK(rejection_of(w.dir().delete_tenant("t1", stale, fx)).reason == Reason::PreconditionFailed);
  CHECK(rejection_of(w.dir().rename_team("t1", "sales", "X", stale, fx)).reason ==
        Reason::PreconditionFailed);
  CHECK(rejection_of(w.dir().delete_team("t1", "sales", stale, fx)).reason ==
        Reason::PreconditionFailed);
  AgentPatch q;
  q.name = "X";
  CHECK(rejection_of(w.dir().update_agent("t1", "ana", q, stale, fx)).reason ==
        Reason::PreconditionFailed);
  CHECK(rejection_of(w.dir().delete_agent("t1", "ana", stale, fx)).reason ==
        Reason::PreconditionFailed);
  CHECK(rejection_of(w.dir().rename_code("t1", CodeKind::Idle, "lunch", "X", stale, fx)).reason ==
        Reason::PreconditionFailed);
  CHECK(rejection_of(w.dir().delete_code("t1", CodeKind::Idle, "lunch", stale, fx)).reason ==
        Reason::PreconditionFailed);
  SettingsPatch s;
  s.noise_removal = false;
  CHECK(rejection_of(w.dir().update_settings(w.admin, "t1", s, stale, fx)).reason ==
        Reason::PreconditionFailed);

  CHECK(fx.empty());
  CHECK(w.dir().tenant("t1")->name == "Acme Corp");
  CHECK(w.dir().tenant("t1")->settings.noise_removal);
  CHECK(w.dir().team("t1", "sales")->name == "Sales EU");
  CHECK(w.dir().agent("t1", "ana")->name == "Ana P.");
  CHECK(w.dir().code("t1", CodeKind::Idle, "lunch")->name == "Lunch break");

  // The current version passes.
  REQUIRE(w.dir().rename_team("t1", "sales", "Sales", 2, fx));
  CHECK(w.dir().team("t1", "sales")->version == 3);
}

TEST_CASE("A failed validation does not bump the version", "[directory][if_match]") {
  World w;
  Effects fx;
  CHECK_FALSE(w.dir().rename_team("t1", "sales", "", 1, fx).ok());
  CHECK(w.dir().team("t1", "sales")->version == 1);
  REQUIRE(w.dir().rename_team("t1", "sales", "Sales 2", 1, fx));
}
