// Reads another process's resident memory and CPU time from /proc (Linux). Any thread.
#pragma once

#include <sys/types.h>

#include <cstdint>

namespace ccr::bench {

// VmRSS of `pid` in KiB; throws std::runtime_error when /proc has no such process.
std::int64_t resident_kib(pid_t pid);
// User plus system CPU time of `pid` in seconds.
double cpu_seconds(pid_t pid);

}  // namespace ccr::bench
