#include "server/simulated_telephony.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

namespace ccr::server {

SimulatedTelephony::SimulatedTelephony(boost::asio::io_context& io, Reporter report)
    : io_(io), report_(std::move(report)) {}

void SimulatedTelephony::release_agent(Call& call) {
  const bool was_connected = call.agent_leg == AgentLeg::Connected;
  call.agent_leg = AgentLeg::None;
  if (was_connected && !call.agent_dial_number.empty()) {
    // The simulated handset hangs up with the call (AN3: the device is idle again).
    boost::asio::post(
        io_, [report = report_, r = DeviceReport{call.tenant_id, call.agent_dial_number, false}] {
          report(r);
        });
  }
}

void SimulatedTelephony::execute(const core::TelephonyCommand& c) {
  ++executed_;
  auto& call = calls_[c.interaction_id];
  call.tenant_id = c.tenant_id;
  switch (c.action) {
    case core::TelephonyAction::RingAgent:
      call.agent_leg = AgentLeg::Ringing;
      call.agent_dial_number = c.dial_number;
      break;
    case core::TelephonyAction::ConnectAgent:
      call.agent_leg = AgentLeg::Connected;
      if (!c.dial_number.empty()) call.agent_dial_number = c.dial_number;
      boost::asio::post(
          io_, [report = report_, r = DeviceReport{c.tenant_id, call.agent_dial_number, true}] {
            report(r);
          });
      break;
    case core::TelephonyAction::HangupAgentLeg:
      // A late leg on another device than the one this call rings is not this call's leg.
      if (c.dial_number.empty() || c.dial_number == call.agent_dial_number) release_agent(call);
      break;
    case core::TelephonyAction::HangupCustomer:
      call.customer_connected = false;
      release_agent(call);
      break;
  }
  spdlog::debug("simulated telephony: {} for {}", static_cast<int>(c.action), c.interaction_id);
  if (!call.customer_connected) calls_.erase(c.interaction_id);
}

}  // namespace ccr::server
