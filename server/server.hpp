// The whole server on one io_context: the App, the REST routes and the listener. Used by main()
// and by in-process integration tests. Construct, start(), run the io_context; stop through
// drain(). io thread only, except where a method says otherwise.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>

#include "server/app.hpp"
#include "server/clock.hpp"
#include "server/config.hpp"
#include "server/rest_api.hpp"

namespace ccr::server {

class Listener;

class Server {
 public:
  Server(Config config, Clock& clock, boost::asio::io_context& io, AppHooks hooks = {});
  ~Server();

  // Binds the listener (throws when the address cannot be used) and starts loading. Returns the
  // bound port. Call before running the io_context, from the thread that will run it.
  unsigned short start();
  // Stops accepting, drains desktops and outputs, flushes the writer, then calls `done`.
  void drain(std::function<void()> done);

  App& app() { return app_; }

 private:
  boost::asio::io_context& io_;
  App app_;
  RestApi rest_;
  std::shared_ptr<Listener> listener_;
};

}  // namespace ccr::server
