// Log set-up: level and format (text or one JSON object per line), UTC timestamps, stderr.
// Start-up only (main thread).
#pragma once

#include "server/config.hpp"

namespace ccr::server {

void setup_logging(const Config& config);

}  // namespace ccr::server
