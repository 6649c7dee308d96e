#include "server/simulated_telephony.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "core/call_legs.hpp"

namespace ccr::server {

using core::TelephonyAction;

SimulatedTelephony::SimulatedTelephony(boost::asio::io_context& io, TelephonyReporters report)
    : io_(io), report_(std::move(report)) {}

void SimulatedTelephony::fail_next(const std::string& interaction_id, ArmedFailure failure) {
  armed_[interaction_id] = std::move(failure);
}

void SimulatedTelephony::report_device(const std::string& tenant_id, const std::string& dial_number,
                                       bool busy) {
  if (dial_number.empty()) return;
  boost::asio::post(io_, [report = report_.device, r = DeviceReport{tenant_id, dial_number, busy}] {
    report(r);
  });
}

// By value: callers pass the key of the leg this erases.
void SimulatedTelephony::release_agent(Call& call, std::string dial_number) {
  auto leg = call.agents.find(dial_number);
  if (leg == call.agents.end()) return;
  const bool was_connected = leg->second == AgentLeg::Connected;
  call.agents.erase(leg);
  // The simulated handset hangs up with its leg (AN3: the device is idle again).
  if (was_connected) report_device(call.tenant_id, dial_number, false);
}

bool SimulatedTelephony::failed(const core::TelephonyCommand& c) {
  auto armed = armed_.find(c.interaction_id);
  if (armed == armed_.end()) return false;
  if (armed->second.action && *armed->second.action != c.action) return false;
  CommandFailure failure{c, armed->second.message};
  armed_.erase(armed);
  spdlog::info("simulated telephony: failing {} for {} as asked", core::name_of(c.action),
               c.interaction_id);
  boost::asio::post(io_, [report = report_.failure, failure] { report(failure); });
  return true;
}

void SimulatedTelephony::execute(const core::TelephonyCommand& c) {
  ++executed_;
  if (failed(c)) return;
  auto& call = calls_[c.interaction_id];
  call.tenant_id = c.tenant_id;
  switch (c.action) {
    case TelephonyAction::RingAgent:
      call.agents[c.dial_number] = AgentLeg::Ringing;
      break;
    case TelephonyAction::ConnectAgent:
      call.agents[c.dial_number] = AgentLeg::Connected;
      report_device(c.tenant_id, c.dial_number, true);
      break;
    case TelephonyAction::HangupAgentLeg:
      // A late leg on a device this call does not ring is not this call's leg.
      if (!c.dial_number.empty()) {
        release_agent(call, c.dial_number);
      } else {
        while (!call.agents.empty()) release_agent(call, call.agents.begin()->first);
      }
      break;
    case TelephonyAction::HangupCustomer:
      call.customer_connected = false;
      while (!call.agents.empty()) release_agent(call, call.agents.begin()->first);
      break;
    case TelephonyAction::HoldLeg:
      call.held.insert(c.leg_id);
      break;
    case TelephonyAction::ResumeLeg:
      call.held.erase(c.leg_id);
      break;
    case TelephonyAction::DialOut:
      call.outside.insert(c.leg_id);
      break;
    case TelephonyAction::HangupLeg:
      call.outside.erase(c.leg_id);
      call.held.erase(c.leg_id);
      break;
    case TelephonyAction::Bridge:
      call.held.clear();
      call.conference = false;
      break;
    case TelephonyAction::Conference:
      call.held.clear();
      call.conference = true;
      break;
  }
  spdlog::debug("simulated telephony: {} for {}", core::name_of(c.action), c.interaction_id);
  if (!call.customer_connected) calls_.erase(c.interaction_id);
}

}  // namespace ccr::server
