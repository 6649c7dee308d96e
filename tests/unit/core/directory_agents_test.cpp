// Agent profiles in the directory: creating, updating and listing them, and validating every
// field (teams, OF10 channel capacities, skills) with the field named in the error.
#include <map>
#include <string>
#include <vector>

#include "core_test_support.hpp"

using namespace ccr::core;
using namespace ccr::core::test;

// --- agents ----------------------------------------------------------------------------------

TEST_CASE("Agents are created, updated and listed by name", "[directory][agents]") {
  World w;
  Effects fx;
  Agent draft = World::agent("t1", "cat", "  Cat Dobre ", {"support"});
  draft.channels = ChannelCapacity{1, 5, 2, 0};
  draft.skills = {{"romanian", 10}, {"english", 0}};
  auto r = w.dir().create_agent(draft, w.clock.now(), fx);
  REQUIRE(r.ok());
  CHECK(r.value().name == "Cat Dobre");
  CHECK(r.value().version == 1);
  CHECK(r.value().created_at == w.clock.now());
  CHECK(r.value().channels.chat == 5);
  CHECK(kinds(fx) == std::vector<std::string>{"AgentPut"});

  Effects fx2;
  AgentPatch p;
  p.channels = ChannelCapacity{0, 3, 0, 1};
  auto u = w.dir().update_agent("t1", "cat", p, 1, fx2);
  REQUIRE(u.ok());
  CHECK(u.value().version == 2);
  CHECK(u.value().name == "Cat Dobre");  // unset fields stay
  CHECK(u.value().channels.voice == 0);
  CHECK(u.value().channels.social == 1);
  CHECK(w.dir().agent("t1", "cat")->channels.chat == 3);
  REQUIRE(persisted<AgentPut>(fx2).size() == 1);
  CHECK(persisted<AgentPut>(fx2)[0].agent.version == 2);

  CHECK(ids(w.dir().agents_after("t1", "", 10, "")) ==
        std::vector<std::string>{"ana", "bob", "cat"});
  CHECK(ids(w.dir().agents_after("t1", "ana", 1, "")) == std::vector<std::string>{"bob"});
  CHECK(ids(w.dir().agents_after("t1", "", 10, "DOBRE")) == std::vector<std::string>{"cat"});
}

TEST_CASE("Agent fields are validated, each error naming its field", "[directory][agents]") {
  World w;
  struct Bad {
    const char* field;
    Agent agent;
  };
  auto base = [] { return World::agent("t1", "eve", "Eve", {"sales"}); };
  auto with = [&](auto change) {
    Agent a = base();
    change(a);
    return a;
  };
  const auto bad =
      GENERATE_COPY(Bad{"team_ids", with([](Agent& a) { a.team_ids = {"ghost"}; })},
                    Bad{"team_ids", with([](Agent& a) { a.team_ids = {"t2-team"}; })},
                    Bad{"team_ids", with([](Agent& a) { a.team_ids.clear(); })},
                    Bad{"channels.voice", with([](Agent& a) { a.channels.voice = 2; })},
                    Bad{"channels.voice", with([](Agent& a) { a.channels.voice = -1; })},
                    Bad{"channels.chat", with([](Agent& a) { a.channels.chat = -1; })},
                    Bad{"channels.email", with([](Agent& a) { a.channels.email = 51; })},
                    Bad{"channels.social", with([](Agent& a) { a.channels.social = -3; })},
                    Bad{"skills.spanish", with([](Agent& a) { a.skills["spanish"] = 11; })},
                    Bad{"skills.spanish", with([](Agent& a) { a.skills["spanish"] = -1; })},
                    Bad{"skills", with([](Agent& a) { a.skills[" "] = 5; })});
  CAPTURE(bad.field);

  Effects fx;
  const auto& created = rejection_of(w.dir().create_agent(bad.agent, w.clock.now(), fx));
  CHECK(created.reason == Reason::ValidationFailed);
  CHECK(has_field(created, bad.field));
  CHECK(w.dir().agent("t1", "eve") == nullptr);

  AgentPatch p;
  p.team_ids = bad.agent.team_ids;
  p.channels = bad.agent.channels;
  p.skills = bad.agent.skills;
  const auto& updated = rejection_of(w.dir().update_agent("t1", "ana", p, {}, fx));
  CHECK(updated.reason == Reason::ValidationFailed);
  CHECK(has_field(updated, bad.field));
  CHECK(w.dir().agent("t1", "ana")->version == 1);
  CHECK(w.dir().agent("t1", "ana")->team_ids == std::vector<std::string>{"sales"});
  CHECK(fx.empty());
}

TEST_CASE("OF10: voice capacity is 0 or 1, digital capacities admin-set",
          "[of10][directory][agents]") {
  World w;
  Effects fx;
  Agent a = World::agent("t1", "eve", "Eve", {"sales"});
  a.channels = ChannelCapacity{0, 50, 50, 50};
  REQUIRE(w.dir().create_agent(a, w.clock.now(), fx));

  AgentPatch p;
  p.channels = ChannelCapacity{2, 5, 0, 0};
  const auto& rej = rejection_of(w.dir().update_agent("t1", "eve", p, {}, fx));
  CHECK(has_field(rej, "channels.voice"));
  CHECK_FALSE(has_field(rej, "channels.chat"));
  CHECK(w.dir().agent("t1", "eve")->channels.voice == 0);
}

TEST_CASE("Several invalid agent fields are all reported at once", "[directory][agents]") {
  World w;
  Effects fx;
  Agent a = World::agent("t1", "eve", "Eve", {"ghost"});
  a.channels.voice = 2;
  a.channels.chat = -1;
  a.skills["spanish"] = 11;
  const auto& rej = rejection_of(w.dir().create_agent(a, w.clock.now(), fx));
  CHECK(has_field(rej, "team_ids"));
  CHECK(has_field(rej, "channels.voice"));
  CHECK(has_field(rej, "channels.chat"));
  CHECK(has_field(rej, "skills.spanish"));
  CHECK(fx.empty());
}

TEST_CASE("Skill levels 0 to 10 are accepted", "[directory][agents]") {
  World w;
  Effects fx;
  AgentPatch p;
  p.skills = std::map<std::string, int>{{"a", 0}, {"b", 10}};
  auto r = w.dir().update_agent("t1", "ana", p, {}, fx);
  REQUIRE(r.ok());
  CHECK(r.value().skills.at("b") == 10);
}
