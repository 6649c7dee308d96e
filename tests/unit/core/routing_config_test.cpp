// RoutingConfig: queue and entry point validation, OF6's offer-variable limit, business hours and
// the rules that keep a queue, team or wrap-up code from being deleted while in use.
#include <string>
#include <vector>

#include "routing_test_support.hpp"

using namespace ccr::core;
using namespace ccr::core::test;

namespace {

// 2024-01-01T00:00:00Z, a Monday.
const Time kMonday = time_from_ms(1'704'067'200'000);

Time at(int day, int hour, int minute) {
  return kMonday + std::chrono::hours(24 * day + hour) + std::chrono::minutes(minute);
}

Rejection refused_queue(RoutingWorld& w, Queue q) {
  Effects fx;
  auto r = w.engine.routing().create_queue(std::move(q), w.clock.now(), fx);
  CHECK(fx.empty());
  return rejection_of(r);
}

Rejection refused_entry_point(RoutingWorld& w, EntryPoint e) {
  Effects fx;
  auto r = w.engine.routing().create_entry_point(std::move(e), w.clock.now(), fx);
  CHECK(fx.empty());
  return rejection_of(r);
}

VariableDef var(std::string name, bool secure = false, bool in_offer = true, int order = 0) {
  VariableDef v;
  v.name = name;
  v.label = "Label " + name;
  v.secure = secure;
  v.in_offer = in_offer;
  v.order = order;
  return v;
}

EntryPoint with_hours(int offset, std::vector<HoursWindow> windows) {
  auto e = RoutingWorld::entry_point("ep-hours", Channel::Voice, "q-voice");
  e.hours = BusinessHours{offset, std::move(windows)};
  return e;
}

}  // namespace

TEST_CASE("Queue validation: distribution groups", "[routing_config][queue]") {
  RoutingWorld w;
  SECTION("a queue needs at least one group") {
    auto r = refused_queue(w, RoutingWorld::queue("q1", Channel::Voice, {}));
    CHECK(r.reason == Reason::ValidationFailed);
    CHECK(has_field(r, "groups"));
  }
  SECTION("a group needs a team, and the team must exist in the tenant") {
    CHECK(has_field(refused_queue(w, RoutingWorld::queue("q1", Channel::Voice, {{{}, 0}})),
                    "groups[0].team_ids"));
    CHECK(has_field(refused_queue(w, RoutingWorld::queue("q1", Channel::Voice, {{{"ghost"}, 0}})),
                    "groups[0].team_ids"));
    // Another tenant's team reads as unknown.
    CHECK(has_field(refused_queue(w, RoutingWorld::queue("q1", Channel::Voice, {{{"t2-team"}, 0}})),
                    "groups[0].team_ids"));
  }
  SECTION("the first group starts at 0 and after_ms grows strictly, up to 24 hours") {
    CHECK(has_field(refused_queue(w, RoutingWorld::queue("q1", Channel::Voice, {{{"sales"}, 5}})),
                    "groups[0].after_ms"));
    CHECK(has_field(refused_queue(w, RoutingWorld::queue("q1", Channel::Voice,
                                                         {{{"sales"}, 0}, {{"support"}, 0}})),
                    "groups[1].after_ms"));
    CHECK(has_field(refused_queue(w, RoutingWorld::queue(
                                         "q1", Channel::Voice,
                                         {{{"sales"}, 0}, {{"support"}, 9000}, {{"vip"}, 5000}})),
                    "groups[2].after_ms"));
    CHECK(has_field(refused_queue(w, RoutingWorld::queue("q1", Channel::Voice,
                                                         {{{"sales"}, 0}, {{"vip"}, 86'400'001}})),
                    "groups[1].after_ms"));
    Effects fx;
    CHECK(w.engine.routing().create_queue(
        RoutingWorld::queue("q1", Channel::Voice,
                            {{{"sales"}, 0}, {{"support"}, 5000}, {{"vip"}, 86'400'000}}),
        w.clock.now(), fx));
  }
  SECTION("at most 10 groups") {
    std::vector<DistributionGroup> groups;
    for (int i = 0; i < 11; ++i) groups.push_back({{"sales"}, i * 1000});
    CHECK(has_field(refused_queue(w, RoutingWorld::queue("q1", Channel::Voice, groups)), "groups"));
  }
}

TEST_CASE("Queue validation: skills strategy", "[routing_config][queue]") {
  RoutingWorld w;
  auto q = RoutingWorld::queue("q1", Channel::Voice, {{{"sales"}, 0}});
  q.strategy = Strategy::Skills;
  CHECK(has_field(refused_queue(w, q), "required_skills"));
  q.required_skills = {{"romanian", 11}};
  CHECK(has_field(refused_queue(w, q), "required_skills.romanian"));
  q.required_skills = {{"romanian", -1}};
  CHECK(has_field(refused_queue(w, q), "required_skills.romanian"));
  q.required_skills = {{"romanian", 3}};
  Effects fx;
  CHECK(w.engine.routing().create_queue(q, w.clock.now(), fx));
}

TEST_CASE("Queue validation: timeouts and the default wrap-up code (OF2, EN2)",
          "[routing_config][queue]") {
  RoutingWorld w;
  auto base = RoutingWorld::queue("q1", Channel::Voice, {{{"sales"}, 0}});
  auto q = base;
  q.rona_timeout_ms = 999;
  CHECK(has_field(refused_queue(w, q), "rona_timeout_ms"));
  q.rona_timeout_ms = 600'001;
  CHECK(has_field(refused_queue(w, q), "rona_timeout_ms"));

  q = base;
  q.wrapup_timeout_ms = -1;
  CHECK(has_field(refused_queue(w, q), "wrapup_timeout_ms"));
  q.wrapup_timeout_ms = 3'600'001;
  CHECK(has_field(refused_queue(w, q), "wrapup_timeout_ms"));

  q = base;
  q.default_wrapup_code_id = "ghost";
  CHECK(has_field(refused_queue(w, q), "default_wrapup_code_id"));
  q.default_wrapup_code_id = "lunch";  // an idle code, not a wrap-up code
  CHECK(has_field(refused_queue(w, q), "default_wrapup_code_id"));
  q.default_wrapup_code_id = "t2-done";  // another tenant's code
  CHECK(has_field(refused_queue(w, q), "default_wrapup_code_id"));

  q = base;
  q.priority = 0;
  CHECK(has_field(refused_queue(w, q), "priority"));
  q.priority = 11;
  CHECK(has_field(refused_queue(w, q), "priority"));
  q = base;
  q.max_length = 0;
  CHECK(has_field(refused_queue(w, q), "max_length"));

  // An automatic wrap-up without a default code closes the interaction without one.
  {
    auto no_code = base;
    no_code.id = "q-no-code";
    no_code.default_wrapup_code_id.clear();
    Effects fx;
    CHECK(w.engine.routing().create_queue(no_code, w.clock.now(), fx));
  }
  // No automatic wrap-up: no default code needed.
  q = base;
  q.wrapup_timeout_ms = 0;
  q.default_wrapup_code_id.clear();
  q.rona_timeout_ms = 1000;
  Effects fx;
  auto made = w.engine.routing().create_queue(q, w.clock.now(), fx);
  REQUIRE(made);
  CHECK(kinds(fx) == std::vector<std::string>{"QueuePut"});
  CHECK(made.value().version == 1);
}

TEST_CASE("Queue validation: overflow", "[routing_config][queue]") {
  RoutingWorld w;
  auto q = RoutingWorld::queue("q1", Channel::Voice, {{{"sales"}, 0}});
  q.overflow = Overflow{"q1", 5000};
  CHECK(has_field(refused_queue(w, q), "overflow.queue_id"));  // to itself
  q.overflow = Overflow{"ghost", 5000};
  CHECK(has_field(refused_queue(w, q), "overflow.queue_id"));
  q.overflow = Overflow{"q-chat", 5000};
  CHECK(has_field(refused_queue(w, q), "overflow.queue_id"));  // another channel
  q.overflow = Overflow{"q-voice", 999};
  CHECK(has_field(refused_queue(w, q), "overflow.after_ms"));
  q.overflow = Overflow{"q-voice", 86'400'001};
  CHECK(has_field(refused_queue(w, q), "overflow.after_ms"));
  q.overflow = Overflow{"q-voice", 1000};
  Effects fx;
  CHECK(w.engine.routing().create_queue(q, w.clock.now(), fx));
}

TEST_CASE("Queue validation: overflow never leads back to the queue", "[routing_config][queue]") {
  RoutingWorld w;
  Effects fx;
  auto a = RoutingWorld::queue("qa", Channel::Voice, {{{"sales"}, 0}});
  REQUIRE(w.engine.routing().create_queue(a, w.clock.now(), fx));
  auto b = RoutingWorld::queue("qb", Channel::Voice, {{{"sales"}, 0}});
  b.overflow = Overflow{"qa", 5000};
  REQUIRE(w.engine.routing().create_queue(b, w.clock.now(), fx));
  a = w.q("qa");
  a.overflow = Overflow{"qb", 5000};  // qa -> qb -> qa
  CHECK(has_field(rejection_of(w.engine.routing().replace_queue(a, {}, fx)), "overflow.queue_id"));
}

TEST_CASE("Queue replace: the channel cannot change and the version grows", "[routing_config]") {
  RoutingWorld w;
  auto q = w.q("q-voice");
  q.channel = Channel::Chat;
  Effects fx;
  CHECK(has_field(rejection_of(w.engine.routing().replace_queue(q, {}, fx)), "channel"));
  q = w.q("q-voice");
  q.rona_timeout_ms = 20'000;
  CHECK(rejection_of(w.engine.routing().replace_queue(q, 7, fx)).reason ==
        Reason::PreconditionFailed);
  CHECK(fx.empty());
  auto done = w.engine.routing().replace_queue(q, 1, fx);
  REQUIRE(done);
  CHECK(done.value().version == 2);
  CHECK(w.q("q-voice").rona_timeout_ms == 20'000);
}

TEST_CASE("Entry point validation: queue, channel, dial numbers, variables",
          "[routing_config][entry_point]") {
  RoutingWorld w;
  CHECK(has_field(refused_entry_point(w, RoutingWorld::entry_point("e1", Channel::Voice, "ghost")),
                  "queue_id"));
  CHECK(has_field(refused_entry_point(w, RoutingWorld::entry_point("e1", Channel::Voice, "q-chat")),
                  "queue_id"));

  auto e = RoutingWorld::entry_point("e1", Channel::Voice, "q-voice");
  e.dial_numbers = {"+40310000001"};
  w.add_entry_point(e);
  auto other = RoutingWorld::entry_point("e2", Channel::Voice, "q-voice");
  other.dial_numbers = {"+40310000001"};
  CHECK(has_field(refused_entry_point(w, other), "dial_numbers"));  // already e1's

  auto vars = RoutingWorld::entry_point("e3", Channel::Voice, "q-voice");
  vars.variables = {var("1bad")};
  CHECK(has_field(refused_entry_point(w, vars), "variables[0].name"));
  vars.variables = {var("account"), var("account")};
  CHECK(has_field(refused_entry_point(w, vars), "variables[1].name"));
  vars.variables = {var("account")};
  vars.variables[0].label = "";
  CHECK(has_field(refused_entry_point(w, vars), "variables[0].label"));
}

TEST_CASE("OF6: more than 6 in-offer variables are refused, secure ones are not counted",
          "[routing_config][of6]") {
  RoutingWorld w;
  auto e = RoutingWorld::entry_point("e1", Channel::Voice, "q-voice");
  for (int i = 0; i < 7; ++i) e.variables.push_back(var("v" + std::to_string(i)));
  auto r = refused_entry_point(w, e);
  CHECK(r.reason == Reason::ValidationFailed);
  CHECK(has_field(r, "variables"));

  // Six shown, plus secure ones and ones kept out of the offer: accepted.
  e.variables.pop_back();
  e.variables.push_back(var("pin", /*secure=*/true));
  e.variables.push_back(var("card", /*secure=*/true));
  e.variables.push_back(var("notes", false, /*in_offer=*/false));
  Effects fx;
  CHECK(w.engine.routing().create_entry_point(e, w.clock.now(), fx));

  // Replacing with a seventh shown variable is refused too.
  auto next = w.ep("e1");
  next.variables.push_back(var("extra"));
  CHECK(has_field(rejection_of(w.engine.routing().replace_entry_point(next, {}, fx)), "variables"));
}

TEST_CASE("Business hours: validation", "[routing_config][hours]") {
  RoutingWorld w;
  CHECK(has_field(refused_entry_point(w, with_hours(-841, {})), "hours.utc_offset_minutes"));
  CHECK(has_field(refused_entry_point(w, with_hours(841, {})), "hours.utc_offset_minutes"));
  CHECK(has_field(refused_entry_point(w, with_hours(0, {{7, 0, 60}})), "hours.windows[0]"));
  CHECK(has_field(refused_entry_point(w, with_hours(0, {{0, 0, 1441}})), "hours.windows[0]"));
  CHECK(has_field(refused_entry_point(w, with_hours(0, {{0, 600, 600}})), "hours.windows[0]"));
  CHECK(has_field(refused_entry_point(w, with_hours(0, {{0, -1, 60}})), "hours.windows[0]"));
}

TEST_CASE("Business hours: is_open by weekday, window edges and UTC offset",
          "[routing_config][hours]") {
  SECTION("no hours configured: always open") {
    auto e = RoutingWorld::entry_point("e", Channel::Voice, "q-voice");
    CHECK(is_open(e, at(0, 3, 0)));
    CHECK(is_open(e, at(6, 23, 59)));
  }
  SECTION("Monday 09:00-17:00 UTC: start inclusive, end exclusive") {
    auto e = with_hours(0, {{0, 9 * 60, 17 * 60}});
    CHECK_FALSE(is_open(e, at(0, 8, 59)));
    CHECK_FALSE(is_open(e, at(0, 9, 0) - Duration{1}));
    CHECK(is_open(e, at(0, 9, 0)));
    CHECK(is_open(e, at(0, 16, 59)));
    CHECK(is_open(e, at(0, 17, 0) - Duration{1}));
    CHECK_FALSE(is_open(e, at(0, 17, 0)));
    // Tuesday and Sunday have no window.
    CHECK_FALSE(is_open(e, at(1, 12, 0)));
    CHECK_FALSE(is_open(e, at(-1, 12, 0)));
    // The next Monday again.
    CHECK(is_open(e, at(7, 12, 0)));
  }
  SECTION("several windows on one day and a whole-day window") {
    auto e = with_hours(0, {{2, 8 * 60, 12 * 60}, {2, 13 * 60, 18 * 60}, {6, 0, 24 * 60}});
    CHECK(is_open(e, at(2, 11, 0)));
    CHECK_FALSE(is_open(e, at(2, 12, 30)));
    CHECK(is_open(e, at(2, 13, 0)));
    CHECK(is_open(e, at(6, 0, 0)));  // Sunday (6) all day
    CHECK(is_open(e, at(6, 23, 59)));
    CHECK_FALSE(is_open(e, at(7, 0, 0)));  // Monday
  }
  SECTION("a positive offset moves local time ahead, across midnight") {
    // UTC+2: Monday 09:00 local is Monday 07:00 UTC.
    auto e = with_hours(120, {{0, 9 * 60, 17 * 60}});
    CHECK_FALSE(is_open(e, at(0, 6, 59)));
    CHECK(is_open(e, at(0, 7, 0)));
    CHECK(is_open(e, at(0, 14, 59)));
    CHECK_FALSE(is_open(e, at(0, 15, 0)));
    // Monday 00:30 local is Sunday 22:30 UTC.
    auto night = with_hours(120, {{0, 0, 60}});
    CHECK(is_open(night, at(-1, 22, 30)));
    CHECK_FALSE(is_open(night, at(0, 0, 30)));
  }
  SECTION("a negative offset moves local time back, across midnight") {
    // UTC-5: Sunday 22:00 local is Monday 03:00 UTC.
    auto e = with_hours(-300, {{6, 22 * 60, 23 * 60}});
    CHECK(is_open(e, at(0, 3, 0)));
    CHECK_FALSE(is_open(e, at(0, 4, 0)));
    CHECK_FALSE(is_open(e, at(-1, 22, 0)));  // Sunday 22:00 UTC is Sunday 17:00 local
  }
}

TEST_CASE("Delete rules: a queue targeted by an entry point or an overflow stays",
          "[routing_config][delete]") {
  RoutingWorld w;
  auto spill = RoutingWorld::queue("q-spill", Channel::Voice, {{{"support"}, 0}});
  w.add_queue(spill);
  auto main = RoutingWorld::queue("q-main", Channel::Voice, {{{"sales"}, 0}});
  main.overflow = Overflow{"q-spill", 5000};
  w.add_queue(main);
  w.add_entry_point(RoutingWorld::entry_point("ep-main", Channel::Voice, "q-main"));

  Effects fx;
  auto& rc = w.engine.routing();
  CHECK(rejection_of(rc.delete_queue("t1", "q-main", {}, fx)).reason == Reason::Conflict);
  CHECK(rejection_of(rc.delete_queue("t1", "q-spill", {}, fx)).reason == Reason::Conflict);
  CHECK(fx.empty());
  CHECK(rc.queue("t1", "q-main") != nullptr);

  REQUIRE(rc.delete_entry_point("t1", "ep-main", {}, fx));
  REQUIRE(rc.delete_queue("t1", "q-main", 1, fx));
  REQUIRE(rc.delete_queue("t1", "q-spill", {}, fx));
  CHECK(kinds(fx) == std::vector<std::string>{"EntryPointDeleted", "QueueDeleted", "QueueDeleted"});
  CHECK(rc.queue("t1", "q-main") == nullptr);
  CHECK(rejection_of(rc.delete_queue("t1", "q-main", {}, fx)).reason == Reason::NotFound);
  // Another tenant's queue reads as unknown.
  CHECK(rejection_of(rc.delete_queue("t2", "q-voice", {}, fx)).reason == Reason::NotFound);
}

TEST_CASE("Delete rules: a team used by a queue and a default wrap-up code stay",
          "[routing_config][delete]") {
  RoutingWorld w;
  w.add_queue(RoutingWorld::queue("q-vip", Channel::Voice, {{{"sales"}, 0}, {{"vip"}, 5000}}));
  Effects fx;
  CHECK(rejection_of(w.engine.delete_team("t1", "vip", {}, fx)).reason == Reason::Conflict);
  CHECK(rejection_of(w.engine.delete_team("t1", "sales", {}, fx)).reason == Reason::Conflict);
  CHECK(rejection_of(w.engine.delete_code("t1", CodeKind::WrapUp, "done", {}, fx)).reason ==
        Reason::Conflict);
  CHECK(fx.empty());
  // A code no queue uses as its default, and a team no queue offers to, go.
  CHECK(w.engine.delete_code("t1", CodeKind::WrapUp, "other", {}, fx));
  auto q = w.q("q-vip");
  q.groups = {{{"sales"}, 0}};
  w.replace_queue(q);
  CHECK(w.engine.delete_team("t1", "vip", {}, fx));
  CHECK(kinds(fx) == std::vector<std::string>{"CodeDeleted", "TeamDeleted"});
}
