// recycled(handler): the handler with Asio's per-thread recycling allocator bound to it, so the
// state Beast allocates for each asynchronous read and write reuses memory the io thread freed
// before instead of going through malloc (measured in docs/performance.md). io thread.
#pragma once

#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/recycling_allocator.hpp>
#include <utility>

namespace ccr::server {

template <typename Handler>
auto recycled(Handler&& handler) {
  return boost::asio::bind_allocator(boost::asio::recycling_allocator<void>(),
                                     std::forward<Handler>(handler));
}

}  // namespace ccr::server
