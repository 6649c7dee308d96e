// A routing world with a connected call: ana (agent 1) has answered c1 from the voice queue; bob
// and cid (agents 2 and 3) are Available in the same team. Wrappers run each call-control
// command at the fake clock's `now` and record its effects. Test code only.
#pragma once

#include <string>
#include <vector>

#include "routing_test_support.hpp"

namespace ccr::core::test {

struct CallWorld : RoutingWorld {
  CallWorld() {
    for (const char* id : {"ana", "bob", "cid"}) {
      add_agent(id);
      online(id);
      clock.advance(std::chrono::seconds(1));  // ana is the longest available
    }
    REQUIRE(add("c1"));
    REQUIRE(offered_to("c1") == "ana");
    REQUIRE(accept("ana", offer_ids("ana").front()));
  }

  static CallTarget agent(const std::string& id) { return {TargetKind::Agent, id, {}}; }
  static CallTarget number(const std::string& n) { return {TargetKind::DialNumber, {}, n}; }
  static CallTarget queue(const std::string& id) { return {TargetKind::Queue, id, {}}; }

  template <typename F>
  auto run(F f) {
    Effects fx;
    auto r = f(engine.router(), fx);
    take(fx);
    return r;
  }
  Result<Interaction> hold(const std::string& who_id, const std::string& leg = {}) {
    return run([&](Router& r, Effects& fx) { return r.hold(who(who_id), "c1", leg, now(), fx); });
  }
  Result<Interaction> resume(const std::string& who_id, const std::string& leg = {}) {
    return run([&](Router& r, Effects& fx) { return r.resume(who(who_id), "c1", leg, now(), fx); });
  }
  Result<Interaction> consult(const std::string& who_id, const CallTarget& target) {
    return run(
        [&](Router& r, Effects& fx) { return r.consult(who(who_id), "c1", target, now(), fx); });
  }
  Result<Interaction> transfer(const std::string& who_id, const CallTarget& target) {
    return run(
        [&](Router& r, Effects& fx) { return r.transfer(who(who_id), "c1", target, now(), fx); });
  }
  Result<Interaction> consult_end(const std::string& who_id) {
    return run([&](Router& r, Effects& fx) { return r.consult_end(who(who_id), "c1", now(), fx); });
  }
  Result<Interaction> consult_exit(const std::string& who_id) {
    return run(
        [&](Router& r, Effects& fx) { return r.consult_exit(who(who_id), "c1", now(), fx); });
  }
  Result<Interaction> consult_transfer(const std::string& who_id) {
    return run(
        [&](Router& r, Effects& fx) { return r.consult_transfer(who(who_id), "c1", now(), fx); });
  }
  Result<Interaction> conference(const std::string& who_id) {
    return run([&](Router& r, Effects& fx) { return r.conference(who(who_id), "c1", now(), fx); });
  }
  Result<Interaction> conference_exit(const std::string& who_id) {
    return run(
        [&](Router& r, Effects& fx) { return r.conference_exit(who(who_id), "c1", now(), fx); });
  }
  // The consulted agent accepts their consult offer from the desktop.
  Result<Interaction> accept_consult(const std::string& who_id) {
    const auto offers = offer_ids(who_id);
    REQUIRE(offers.size() == 1);
    return accept(who_id, offers.front());
  }
  // Ana consults bob and bob accepts (CO3).
  void consulting() {
    REQUIRE(consult("ana", agent("bob")));
    REQUIRE(accept_consult("bob"));
  }
  // The media side fails `command`, which ana's desktop request `request_id` asked for.
  void fail(const TelephonyCommand& command, const std::string& request_id = "r1") {
    TelephonyCommand c = command;
    c.request_id = request_id;
    c.command = "test";
    c.requested_by = "ana";
    Effects fx;
    engine.router().telephony_failed(c, "simulated failure", now(), fx);
    take(fx);
  }

  Time now() const { return clock.now(); }
  AgentState state_of(const std::string& agent_id) const { return RoutingWorld::state(agent_id); }
  const Interaction& call() const { return *find("c1"); }
  std::string state(const std::string& viewer) const {
    return std::string(state_label(call(), viewer));
  }
  std::vector<std::string> controls(const std::string& viewer) const {
    std::vector<std::string> out;
    for (auto c : controls_for(call(), viewer)) out.emplace_back(c);
    return out;
  }
  const Leg& customer() const { return *customer_leg(call()); }
  const Leg* consulted() const { return consulted_leg(call()); }
  // HO2: the customer and the consulted party are never both on hold.
  bool both_held() const {
    return consulted() != nullptr && customer().state == LegState::OnHold &&
           consulted()->state == LegState::OnHold;
  }
};

}  // namespace ccr::core::test
