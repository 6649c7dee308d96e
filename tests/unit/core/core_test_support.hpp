// Shared helpers of the core unit tests: a fake clock, a small seeded world (two tenants with
// teams, agents and idle codes), readable printing of core enums, and effect inspectors.
// Test code only; single-threaded.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/effects.hpp"
#include "core/engine.hpp"
#include "core/names.hpp"
#include "core/rejection.hpp"
#include "core/time.hpp"

namespace Catch {
template <>
struct StringMaker<ccr::core::Reason> {
  static std::string convert(ccr::core::Reason r) { return std::string(ccr::core::name_of(r)); }
};
template <>
struct StringMaker<ccr::core::AgentState> {
  static std::string convert(ccr::core::AgentState s) { return std::string(ccr::core::name_of(s)); }
};
template <>
struct StringMaker<ccr::core::StateReason> {
  static std::string convert(ccr::core::StateReason r) {
    return std::string(ccr::core::name_of(r));
  }
};
}  // namespace Catch

namespace ccr::core::test {

using namespace std::chrono_literals;

// Time only moves when a test moves it.
class FakeClock {
 public:
  Time now() const { return now_; }
  Time advance(Duration d) {
    now_ += d;
    return now_;
  }

 private:
  Time now_ = time_from_ms(1'700'000'000'000);
};

// By value: the Result is often a temporary that dies at the end of the full expression.
inline Rejection rejection_of(const Status& s) {
  REQUIRE_FALSE(s.ok());
  return s.rejection();
}

template <typename T>
Rejection rejection_of(const Result<T>& r) {
  REQUIRE_FALSE(r.ok());
  return r.rejection();
}

inline bool has_field(const Rejection& r, const std::string& field) {
  for (const auto& e : r.errors) {
    if (e.field == field) return true;
  }
  return false;
}

// The ids of a listing page, in order.
template <typename T>
std::vector<std::string> ids(const std::vector<const T*>& items) {
  std::vector<std::string> out;
  for (const auto* item : items) out.push_back(item->id);
  return out;
}

// One word per effect, in order: "AgentSessionPut", "EventAppended:agent_state", "NotifyAgent",
// "ArmTimer", "CancelTimer", "TenantPut", ... so whole sequences read as one assertion.
inline std::string record_name(const Record& r) {
  return std::visit(
      [](const auto& rec) -> std::string {
        using R = std::decay_t<decltype(rec)>;
        if constexpr (std::is_same_v<R, TenantPut>) return "TenantPut";
        if constexpr (std::is_same_v<R, TenantDeleted>) return "TenantDeleted";
        if constexpr (std::is_same_v<R, TeamPut>) return "TeamPut";
        if constexpr (std::is_same_v<R, TeamDeleted>) return "TeamDeleted";
        if constexpr (std::is_same_v<R, AgentPut>) return "AgentPut";
        if constexpr (std::is_same_v<R, AgentDeleted>) return "AgentDeleted";
        if constexpr (std::is_same_v<R, CodePut>) return "CodePut";
        if constexpr (std::is_same_v<R, CodeDeleted>) return "CodeDeleted";
        if constexpr (std::is_same_v<R, TokenPut>) return "TokenPut";
        if constexpr (std::is_same_v<R, TokenDeleted>) return "TokenDeleted";
        if constexpr (std::is_same_v<R, AgentSessionPut>) return "AgentSessionPut";
        if constexpr (std::is_same_v<R, QueuePut>) return "QueuePut";
        if constexpr (std::is_same_v<R, QueueDeleted>) return "QueueDeleted";
        if constexpr (std::is_same_v<R, EntryPointPut>) return "EntryPointPut";
        if constexpr (std::is_same_v<R, EntryPointDeleted>) return "EntryPointDeleted";
        if constexpr (std::is_same_v<R, AddressEntryPut>) return "AddressEntryPut";
        if constexpr (std::is_same_v<R, AddressEntryDeleted>) return "AddressEntryDeleted";
        if constexpr (std::is_same_v<R, DirectoryEntryPut>) return "DirectoryEntryPut";
        if constexpr (std::is_same_v<R, DirectoryEntryDeleted>) return "DirectoryEntryDeleted";
        if constexpr (std::is_same_v<R, InteractionPut>) return "InteractionPut";
        if constexpr (std::is_same_v<R, EventAppended>) return "EventAppended:" + rec.type;
      },
      r);
}

inline std::vector<std::string> kinds(const Effects& fx) {
  std::vector<std::string> out;
  for (const auto& e : fx.items()) {
    if (const auto* p = std::get_if<Persist>(&e)) {
      out.push_back(record_name(p->record));
    } else if (std::holds_alternative<NotifyAgent>(e)) {
      out.emplace_back("NotifyAgent");
    } else if (std::holds_alternative<ArmTimer>(e)) {
      out.emplace_back("ArmTimer");
    } else if (std::holds_alternative<CancelTimer>(e)) {
      out.emplace_back("CancelTimer");
    }
  }
  return out;
}

// Every effect of type E (Persist, NotifyAgent, ArmTimer, CancelTimer), in order.
template <typename E>
std::vector<E> effects_of(const Effects& fx) {
  std::vector<E> out;
  for (const auto& e : fx.items()) {
    if (const auto* x = std::get_if<E>(&e)) out.push_back(*x);
  }
  return out;
}

// Every persisted record of type R, in order.
template <typename R>
std::vector<R> persisted(const Effects& fx) {
  std::vector<R> out;
  for (const auto& p : effects_of<Persist>(fx)) {
    if (const auto* r = std::get_if<R>(&p.record)) out.push_back(*r);
  }
  return out;
}

// Tenants t1 and t2. t1 has teams sales and support, idle codes lunch and break, a wrap-up code
// done, and agents ana (sales) and bob (sales, support). t2 has team t2-team, idle code t2-lunch
// and agent zoe. Ids are unique across tenants, as the server generates them.
struct World {
  explicit World(Duration grace = 60s) : engine(EngineOptions{grace}) {
    Effects fx;
    auto& dir = engine.directory();
    REQUIRE(dir.create_tenant("t1", "Acme", clock.now(), fx));
    REQUIRE(dir.create_tenant("t2", "Globex", clock.now(), fx));
    REQUIRE(dir.create_team("t1", "sales", "Sales", clock.now(), fx));
    REQUIRE(dir.create_team("t1", "support", "Support", clock.now(), fx));
    REQUIRE(dir.create_team("t2", "t2-team", "Front desk", clock.now(), fx));
    REQUIRE(dir.create_code("t1", CodeKind::Idle, "lunch", "Lunch", clock.now(), fx));
    REQUIRE(dir.create_code("t1", CodeKind::Idle, "break", "Break", clock.now(), fx));
    REQUIRE(dir.create_code("t1", CodeKind::WrapUp, "done", "Done", clock.now(), fx));
    REQUIRE(dir.create_code("t2", CodeKind::Idle, "t2-lunch", "Lunch", clock.now(), fx));
    REQUIRE(dir.create_agent(agent("t1", "ana", "Ana Pop", {"sales"}), clock.now(), fx));
    REQUIRE(
        dir.create_agent(agent("t1", "bob", "Bob Ionescu", {"sales", "support"}), clock.now(), fx));
    REQUIRE(dir.create_agent(agent("t2", "zoe", "Zoe Marin", {"t2-team"}), clock.now(), fx));
  }

  static Agent agent(std::string tenant_id, std::string id, std::string name,
                     std::vector<std::string> team_ids) {
    Agent a;
    a.id = std::move(id);
    a.tenant_id = std::move(tenant_id);
    a.name = std::move(name);
    a.team_ids = std::move(team_ids);
    return a;
  }

  static Principal as_agent(std::string tenant_id, std::string agent_id) {
    return Principal{Role::Agent, std::move(tenant_id), std::move(agent_id), "tok-" + agent_id};
  }

  Directory& dir() { return engine.directory(); }
  AgentBoard& board() { return engine.agents(); }

  // Logs ana in (sales, Available) with her desktop connected; the effects are discarded.
  void login_ana() {
    Effects fx;
    board().desktop_connected(ana, clock.now(), fx);
    REQUIRE(board().login(ana, "sales", "+12015532447", "", clock.now(), fx));
  }
  AgentSession ana_session() const { return engine.agents().session("t1", "ana"); }

  FakeClock clock;
  Engine engine;
  Principal ana = as_agent("t1", "ana");
  Principal bob = as_agent("t1", "bob");
  Principal zoe = as_agent("t2", "zoe");
  Principal admin{Role::Admin, "t1", "", "tok-admin"};
};

}  // namespace ccr::core::test
