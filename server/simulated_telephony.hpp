// The built-in media side (`telephony: simulated`): carries out every command at once, keeps
// each call's legs, and reports agent devices busy while connected and idle once hung up (AN3),
// so the whole product runs from the APIs alone. Failures and no-answers are told to it through
// the telephony events API like any gateway would report them. io thread only.
#pragma once

#include <boost/asio/io_context.hpp>
#include <map>
#include <string>

#include "server/telephony.hpp"

namespace ccr::server {

class SimulatedTelephony final : public Telephony {
 public:
  enum class AgentLeg { None, Ringing, Connected };

  struct Call {
    std::string tenant_id;
    bool customer_connected = true;
    AgentLeg agent_leg = AgentLeg::None;
    std::string agent_dial_number;
  };

  SimulatedTelephony(boost::asio::io_context& io, Reporter report);
  void execute(const core::TelephonyCommand& command) override;

  const std::map<std::string, Call>& calls() const { return calls_; }
  std::size_t commands_executed() const { return executed_; }

 private:
  void release_agent(Call& call);

  boost::asio::io_context& io_;
  Reporter report_;
  std::map<std::string, Call> calls_;  // by interaction id, while a leg is up
  std::size_t executed_ = 0;
};

}  // namespace ccr::server
