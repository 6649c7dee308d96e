// The media side as the server sees it: commands out (ring an agent, connect, hang up) and
// reports back (an agent device went idle or busy). Which implementation runs is chosen by
// configuration and never switched at run time. execute() is called on the io thread once the
// change that asked for the command has committed; reports arrive on the io thread.
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

class Telephony {
 public:
  using Reporter = std::function<void(const DeviceReport&)>;
  virtual ~Telephony() = default;
  virtual void execute(const core::TelephonyCommand& command) = 0;
};

}  // namespace ccr::server
