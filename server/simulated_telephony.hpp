// The built-in media side (`telephony: simulated`): carries out every command at once, keeps
// each call's legs (agent devices by dial number, outside legs by leg id, held legs), and
// reports agent devices busy while connected and idle once hung up (AN3), so the whole product
// runs from the APIs alone. No-answers and device failures are told to it through the telephony
// events API like any gateway would report them; a test (or an operator rehearsing failures) can
// have it fail the next command for an interaction (POST /v1/telephony/simulated/failures).
// io thread only.
#pragma once

#include <boost/asio/io_context.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "server/telephony.hpp"

namespace ccr::server {

class SimulatedTelephony final : public Telephony {
 public:
  enum class AgentLeg { Ringing, Connected };

  struct Call {
    std::string tenant_id;
    bool customer_connected = true;
    std::map<std::string, AgentLeg> agents;  // by device dial number
    std::set<std::string> outside;           // outside legs by leg id
    std::set<std::string> held;              // leg ids on hold
    bool conference = false;
  };

  // A failure armed for the next command about an interaction (of one action, if given).
  struct ArmedFailure {
    std::optional<core::TelephonyAction> action;
    std::string message;
  };

  SimulatedTelephony(boost::asio::io_context& io, TelephonyReporters report);
  void execute(const core::TelephonyCommand& command) override;
  void fail_next(const std::string& interaction_id, ArmedFailure failure);

  const std::map<std::string, Call>& calls() const { return calls_; }
  std::size_t commands_executed() const { return executed_; }

 private:
  void release_agent(Call& call, std::string dial_number);
  void report_device(const std::string& tenant_id, const std::string& dial_number, bool busy);
  bool failed(const core::TelephonyCommand& c);

  boost::asio::io_context& io_;
  TelephonyReporters report_;
  std::map<std::string, Call> calls_;  // by interaction id, while the customer is on
  std::map<std::string, ArmedFailure> armed_;
  std::size_t executed_ = 0;
};

}  // namespace ccr::server
