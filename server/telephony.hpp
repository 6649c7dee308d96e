// The media side as the server sees it: commands out (ring an agent, connect, hold, dial out,
// bridge, hang up) and reports back (an agent device went idle or busy; a command failed).
// Which implementation runs is chosen by configuration and never switched at run time.
// execute() is called on the io thread once the change that asked for the command has committed;
// reports arrive on the io thread.
#pragma once

#include <functional>
#include <string>

#include "core/effects.hpp"

namespace ccr::server {

struct DeviceReport {
  std::string tenant_id;
  std::string dial_number;
  bool busy = false;
};

// The media side could not carry a command out; the server rolls the interaction back.
struct CommandFailure {
  core::TelephonyCommand command;
  std::string message;
};

struct TelephonyReporters {
  std::function<void(const DeviceReport&)> device;
  std::function<void(const CommandFailure&)> failure;
};

class Telephony {
 public:
  virtual ~Telephony() = default;
  virtual void execute(const core::TelephonyCommand& command) = 0;
};

}  // namespace ccr::server
