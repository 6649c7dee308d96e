#include "server/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace ccr::server {

void setup_logging(const Config& config) {
  auto logger = spdlog::stderr_color_mt("ccrouter");
  spdlog::set_default_logger(logger);
  spdlog::set_level(config.log_level);
  if (config.log_format == LogFormat::Json) {
    spdlog::set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","msg":"%v"})",
                        spdlog::pattern_time_type::utc);
  } else {
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  }
  spdlog::flush_on(spdlog::level::info);
}

}  // namespace ccr::server
