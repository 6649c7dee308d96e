// The server's heart on the io thread: owns the domain engine, the writer, the output gate, the
// timers and the connected desktops; carries out core's effects in order and releases outputs
// only after their changes commit. Loading happens off the io thread; until it is done the server
// is not ready. io thread only, except where a method says otherwise.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "core/engine.hpp"
#include "proto/interaction_json.hpp"
#include "server/agent_hub.hpp"
#include "server/clock.hpp"
#include "server/config.hpp"
#include "server/idempotency_cache.hpp"
#include "server/metrics.hpp"
#include "server/output_gate.hpp"
#include "server/pending_notices.hpp"
#include "server/report_reader.hpp"
#include "server/telephony.hpp"
#include "server/timer_service.hpp"
#include "storage/writer.hpp"

namespace ccr::server {

// What an interaction's view needs from the tenant and the routing configuration.
proto::ViewContext view_context(const core::Engine& engine, const core::Interaction& it);

class SimulatedTelephony;

struct AppHooks {
  // Test hook handed to the writer (runs on the writer thread before each COMMIT).
  std::function<void()> before_commit;
  // Called once on the io thread when loading finished and the server is ready.
  std::function<void()> on_ready;
  // Called on the writer thread when a commit fails; production logs and exits.
  std::function<void(const std::string&)> on_fatal;
};

class App {
 public:
  App(Config config, Clock& clock, boost::asio::io_context& io, AppHooks hooks = {});
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Opens the database and loads it on a background thread, then becomes ready on the io thread.
  void start();
  // Not ready; desktops are told to reconnect and closed; `done` runs once every output was
  // released and the writer flushed (or drain_ms passed).
  void drain(std::function<void()> done);

  bool ready() const { return ready_.load(); }        // any thread
  bool draining() const { return draining_.load(); }  // any thread
  const std::string& epoch() const { return epoch_; }
  const Config& config() const { return config_; }
  // host:port clients can reach, for the demo banner.
  void set_public_address(std::string address) { public_address_ = std::move(address); }
  const std::string& public_address() const { return public_address_; }
  core::Time now() const { return clock_.now(); }
  core::Engine& engine() { return engine_; }
  Metrics& metrics() { return metrics_; }
  AgentHub& hub() { return hub_; }
  IdempotencyCache& idempotency() { return idempotency_; }
  Telephony& telephony() { return *telephony_; }
  // The built-in media side when the configuration runs it, else nullptr.
  SimulatedTelephony* simulated_telephony() { return simulated_; }
  // Reporting reads on their own thread and read-only connection; running once ready.
  ReportReader& reports() { return reports_; }

  // The caller behind a bearer token, or nothing.
  std::optional<core::Principal> authenticate(std::string_view token) const;

  // Carries out core's effects in order: persists, queues notifications behind the persists,
  // arms and cancels timers.
  void apply(core::Effects& fx);
  // Persists a storage-level op (idempotency replies) in order with the rest.
  void persist(storage::Op op);
  // Runs `release` once every change submitted so far has committed.
  void after_commit(std::function<void()> release);

  // A desktop authenticated as `agent`: it supersedes any earlier one and gets its hello.
  void desktop_attached(const core::Principal& agent, const std::shared_ptr<DesktopLink>& link,
                        const std::string& session_id);
  void desktop_detached(const core::Principal& agent, const DesktopLink* link);
  // AN3: the media side reports an agent device idle or busy.
  void device_report(const DeviceReport& report);
  // The media side could not carry a command out: core rolls the interaction back.
  void command_failed(const CommandFailure& failure);

 private:
  void finish_loading(std::shared_ptr<struct LoadedState> loaded);
  void check_drained(std::function<void()> done, core::Time deadline);
  // Forgets idempotency replies past their TTL on disk, now and then every hour.
  void prune_idempotency();

  Config config_;
  Clock& clock_;
  boost::asio::io_context& io_;
  AppHooks hooks_;
  std::string epoch_;
  core::Engine engine_;
  std::unique_ptr<storage::Writer> writer_;
  ReportReader reports_;
  std::uint64_t last_seq_ = 0;
  OutputGate gate_;
  TimerService timers_;
  AgentHub hub_;
  PendingNotices notices_;
  Metrics metrics_;
  IdempotencyCache idempotency_;
  std::unique_ptr<Telephony> telephony_;
  SimulatedTelephony* simulated_ = nullptr;
  std::string admin_token_hash_;
  std::string public_address_;
  std::thread loader_;
  boost::asio::steady_timer prune_timer_;
  std::atomic<bool> ready_{false};
  std::atomic<bool> draining_{false};
};

}  // namespace ccr::server
