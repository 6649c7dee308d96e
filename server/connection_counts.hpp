// Open connection counts, kept by the sessions themselves (constructor and destructor) so that
// counting never touches the App; read by the listener's limit and by /metrics. Any thread.
#pragma once

#include <atomic>
#include <cstddef>

namespace ccr::server {

inline std::atomic<std::size_t> g_http_connections{0};
inline std::atomic<std::size_t> g_ws_connections{0};

inline std::size_t open_connections() { return g_http_connections + g_ws_connections; }

}  // namespace ccr::server
