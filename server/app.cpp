#include "server/app.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>

#include "core/call_legs.hpp"
#include "proto/call_control_json.hpp"
#include "proto/desktop_json.hpp"
#include "proto/interaction_json.hpp"
#include "proto/time_format.hpp"
#include "server/demo_seed.hpp"
#include "server/simulated_telephony.hpp"
#include "server/token_crypto.hpp"
#include "storage/loader.hpp"

namespace ccr::server {

struct LoadedState {
  core::Snapshot snapshot;
  std::vector<storage::IdempotencyPut> idempotency;
  std::string admin_token_hash;
};

namespace {

constexpr const char* kAdminHashKey = "admin_token_hash";

std::string synchronous_name(Synchronous s) {
  switch (s) {
    case Synchronous::Off:
      return "OFF";
    case Synchronous::Full:
      return "FULL";
    case Synchronous::Normal:
      break;
  }
  return "NORMAL";
}

// Turns core's agent events other than an offer's and an interaction's into protocol trees (without
// at, epoch and seq), as `agent_id` sees them.
struct EventTree {
  const core::Engine& engine;
  const std::string& agent_id;

  nlohmann::json operator()(const core::AgentStateChanged& e) const {
    return proto::agent_state_event(e.session, engine.router().voice_work(e.session.agent_id));
  }
  nlohmann::json operator()(const core::OfferWithdrawn& e) const {
    return proto::offer_withdrawn_event(e);
  }
  nlohmann::json operator()(const core::ConsultFailed& e) const {
    return proto::consult_failed_event(e);
  }
  nlohmann::json operator()(const core::CommandFailed& e) const {
    return proto::command_failed_event(e);
  }
  nlohmann::json operator()(const core::WrapupRequired& e) const {
    return proto::wrapup_required_event(e);
  }
  nlohmann::json operator()(const core::InteractionEnded& e) const {
    return proto::interaction_ended_event(e);
  }
};

// Any agent event as the text of its frame with `at` (the link adds epoch and seq). The three
// events of every offer and the interaction event are written as text directly; the others go
// through their tree.
struct EventText {
  EventTree trees;
  const std::string& at;

  std::string operator()(const core::OfferConnecting& e) const {
    return proto::offer_connecting_event(e, at);
  }
  std::string operator()(const core::OfferMade& e) const { return proto::offer_event(e, at); }
  std::string operator()(const core::OfferStackChanged& e) const {
    return proto::offer_stack_event(e.offer_ids, at);
  }
  std::string operator()(const core::InteractionChanged& e) const {
    return proto::interaction_event(e.interaction(), view_context(trees.engine, e.interaction()),
                                    trees.agent_id, at);
  }
  template <typename Event>
  std::string operator()(const Event& e) const {
    auto event = trees(e);
    event["at"] = at;
    return event.dump();
  }
};

// `fx` without the notifications for `agent_id`, everything else in order.
core::Effects without_events_for(core::Effects& fx, const std::string& agent_id) {
  core::Effects kept;
  for (auto& effect : fx.take()) {
    if (auto* n = std::get_if<core::NotifyAgent>(&effect)) {
      if (n->agent_id != agent_id) kept.notify(std::move(n->agent_id), std::move(n->event));
    } else if (auto* p = std::get_if<core::Persist>(&effect)) {
      kept.persist(std::move(p->record));
    } else if (auto* a = std::get_if<core::ArmTimer>(&effect)) {
      kept.arm(std::move(a->key), a->deadline);
    } else if (auto* c = std::get_if<core::CancelTimer>(&effect)) {
      kept.cancel(std::move(c->key));
    } else if (auto* t = std::get_if<core::Telephony>(&effect)) {
      kept.telephony(std::move(t->command));
    }
  }
  return kept;
}

}  // namespace

proto::ViewContext view_context(const core::Engine& engine, const core::Interaction& it) {
  const auto* tenant = engine.directory().tenant(it.tenant_id);
  return {engine.routing().entry_point(it.tenant_id, it.entry_point_id),
          tenant != nullptr && tenant->settings.recording};
}

App::App(Config config, Clock& clock, boost::asio::io_context& io, AppHooks hooks)
    : config_(std::move(config)),
      clock_(clock),
      io_(io),
      hooks_(std::move(hooks)),
      epoch_(generate_id("run")),
      engine_(core::EngineOptions{config_.timeouts.disconnect_grace_ms,
                                  static_cast<std::int64_t>(config_.limits.max_concurrent_calls)}),
      reports_(config_.db,
               [this](ReportReader::Completion done) { boost::asio::post(io_, std::move(done)); }),
      timers_(io, clock,
              [this](const core::TimerKey& key, core::Time now) {
                core::Effects fx;
                engine_.timer_fired(key, now, fx);
                apply(fx);
              }),
      idempotency_(config_.timeouts.idempotency_ttl_ms),
      prune_timer_(io) {
  if (config_.telephony != TelephonyMode::Simulated) {
    throw std::runtime_error(
        "telephony mode 'gateway' is not available in this build; use 'simulated'");
  }
  auto simulated = std::make_unique<SimulatedTelephony>(
      io_, TelephonyReporters{[this](const DeviceReport& report) { device_report(report); },
                              [this](const CommandFailure& failure) { command_failed(failure); }});
  simulated_ = simulated.get();
  telephony_ = std::move(simulated);
}

App::~App() {
  timers_.stop();
  prune_timer_.cancel();
  if (loader_.joinable()) loader_.join();
  reports_.stop();  // before the writer: the reader's connection closes first
  if (writer_) writer_->stop();
}

void App::start() {
  loader_ = std::thread([this] {
    try {
      storage::Writer::Options options;
      options.path = config_.db;
      options.synchronous = synchronous_name(config_.synchronous);
      options.commit_window = std::chrono::microseconds{config_.commit_window_us};
      options.before_commit = hooks_.before_commit;
      options.on_fatal = hooks_.on_fatal;
      options.on_commit = [this](const storage::CommitReport& commit) {
        boost::asio::post(io_, [this, commit] {
          metrics_.commit(commit);
          gate_.committed(commit.seq);
        });
      };
      options.on_checkpoint = [this](const storage::CheckpointPass& pass) {
        boost::asio::post(io_, [this, pass] { metrics_.checkpoint(pass); });
      };
      auto writer = std::make_unique<storage::Writer>(std::move(options));
      auto loaded = std::make_shared<LoadedState>();
      loaded->snapshot = storage::load_snapshot(config_.db);
      loaded->idempotency =
          storage::load_idempotency(config_.db, clock_.now() - config_.timeouts.idempotency_ttl_ms);
      if (!config_.admin_token.empty()) {
        loaded->admin_token_hash = hash_token(config_.admin_token);
      } else if (auto stored = storage::read_meta(config_.db, kAdminHashKey)) {
        loaded->admin_token_hash = *stored;
      } else {
        const auto token = generate_token();
        loaded->admin_token_hash = hash_token(token);
        writer->submit(storage::MetaPut{kAdminHashKey, loaded->admin_token_hash});
        writer->flush();
        std::printf(
            "\nServer admin token (shown once; set CCROUTER_ADMIN_TOKEN to choose one):\n"
            "  %s\n\n",
            token.c_str());
        std::fflush(stdout);
      }
      writer_ = std::move(writer);  // published to the io thread by the post below
      boost::asio::post(io_, [this, loaded] { finish_loading(loaded); });
    } catch (const std::exception& e) {
      if (hooks_.on_fatal) hooks_.on_fatal(std::string("loading failed: ") + e.what());
    }
  });
}

void App::finish_loading(std::shared_ptr<LoadedState> loaded) {
  admin_token_hash_ = loaded->admin_token_hash;
  idempotency_.restore(loaded->idempotency);
  const auto& snapshot = loaded->snapshot;
  const auto summary = fmt::format("{} tenants, {} agents, {} agent sessions, {} interactions",
                                   snapshot.tenants.size(), snapshot.agents.size(),
                                   snapshot.sessions.size(), snapshot.interactions.size());
  const bool empty = snapshot.tenants.empty();
  core::Effects fx;
  engine_.restore(std::move(loaded->snapshot), clock_.now(), fx);
  apply(fx);
  if (config_.demo && empty) seed_demo(*this);
  prune_idempotency();
  reports_.start();  // the writer created and migrated the file before loading began
  spdlog::info("loaded {}; ready", summary);
  after_commit([this] {
    ready_ = true;
    metrics_.set_ready(true);
    if (hooks_.on_ready) hooks_.on_ready();
  });
}

std::optional<core::Principal> App::authenticate(std::string_view token) const {
  if (token.empty() || token.size() > 512) return std::nullopt;
  const auto hash = hash_token(token);
  if (!admin_token_hash_.empty() && constant_time_equal(hash, admin_token_hash_)) {
    return core::Principal{core::Role::ServerAdmin, {}, {}, "server_admin"};
  }
  return engine_.directory().authenticate(hash);
}

void App::apply(core::Effects& fx) {
  const auto at = proto::format_time(clock_.now());
  auto effects = fx.take();
  // Every record goes to the writer first, in one hand-over (one lock, one wake-up, one batch);
  // every output then waits for all of them, never earlier than it must.
  std::vector<storage::Op> records;
  records.reserve(effects.size());
  for (auto& effect : effects) {
    if (auto* p = std::get_if<core::Persist>(&effect)) records.emplace_back(std::move(p->record));
  }
  if (!records.empty()) last_seq_ = writer_->submit(std::move(records));
  // Consecutive events for one desktop (an offer makes three) are found once and released
  // together, in their order among the other outputs.
  const std::string* batch_agent = nullptr;
  std::shared_ptr<DesktopLink> link;
  std::vector<std::string> batch;
  const auto release_batch = [&] {
    if (batch.empty()) return;
    gate_.submit(last_seq_,
                 [weak = std::weak_ptr<DesktopLink>(link), events = std::move(batch)]() mutable {
                   if (auto l = weak.lock()) {
                     for (auto& event : events) l->send_event(std::move(event));
                   }
                 });
    batch.clear();
  };
  for (auto& effect : effects) {
    if (auto* n = std::get_if<core::NotifyAgent>(&effect)) {
      if (batch_agent == nullptr || *batch_agent != n->agent_id) {
        release_batch();
        batch_agent = &n->agent_id;
        link = hub_.find(n->agent_id);
      }
      if (!link && !PendingNotices::is_notice(n->event)) continue;
      auto event = std::visit(EventText{{engine_, n->agent_id}, at}, n->event);
      if (!link) {  // told in the agent's next hello
        notices_.keep(n->agent_id, nlohmann::json::parse(event));
        continue;
      }
      batch.push_back(std::move(event));
    } else if (auto* a = std::get_if<core::ArmTimer>(&effect)) {
      timers_.arm(a->key, a->deadline);
    } else if (auto* c = std::get_if<core::CancelTimer>(&effect)) {
      timers_.cancel(c->key);
    } else if (auto* t = std::get_if<core::Telephony>(&effect)) {
      // Commands to the media side are outputs too: they leave once their change is durable.
      release_batch();
      gate_.submit(last_seq_, [this, command = t->command] { telephony_->execute(command); });
    }
  }
  release_batch();
}

void App::persist(storage::Op op) { last_seq_ = writer_->submit(std::move(op)); }

void App::after_commit(std::function<void()> release) {
  gate_.submit(last_seq_, std::move(release));
}

void App::desktop_attached(const core::Principal& agent, const std::shared_ptr<DesktopLink>& link,
                           const std::string& session_id) {
  if (auto previous = hub_.attach(agent.agent_id, link)) {
    after_commit([weak = std::weak_ptr<DesktopLink>(previous)] {
      if (auto l = weak.lock()) l->close(4001, "superseded by another desktop");
    });
  }
  metrics_.desktop_attached();
  core::Effects fx;
  engine_.desktop_connected(agent, clock_.now(), fx);
  // The hello built below already shows what this change offers the agent, and it must be the
  // connection's first event (seq 1): its events for this agent are not sent as well.
  auto rest = without_events_for(fx, agent.agent_id);
  apply(rest);
  const auto& dir = engine_.directory();
  proto::HelloContent hello;
  hello.session_id = session_id;
  hello.agent = dir.agent(agent.tenant_id, agent.agent_id);
  hello.tenant = dir.tenant(agent.tenant_id);
  if (hello.agent == nullptr || hello.tenant == nullptr) return;
  for (const auto& team_id : hello.agent->team_ids) {
    if (const auto* t = dir.team(agent.tenant_id, team_id)) hello.teams.push_back(t);
  }
  constexpr std::size_t kAll = static_cast<std::size_t>(-1);
  hello.idle_codes = dir.codes_after(agent.tenant_id, core::CodeKind::Idle, {}, kAll, {});
  hello.wrapup_codes = dir.codes_after(agent.tenant_id, core::CodeKind::WrapUp, {}, kAll, {});
  hello.session = engine_.agents().session(agent.tenant_id, agent.agent_id);
  hello.voice_work = engine_.router().voice_work(agent.agent_id);
  const auto& router = engine_.router();
  for (const auto* it : router.offers_for(agent.agent_id)) {
    hello.offers.push_back(proto::standing_offer(router.describe_offer(*it, agent.agent_id)));
  }
  for (const auto* it : router.work_of(agent.agent_id)) {
    hello.interactions.push_back(
        proto::hello_interaction(*it, view_context(engine_, *it), agent.agent_id));
  }
  hello.notices = notices_.take(agent.agent_id);
  auto event = proto::hello_event(hello);
  event["at"] = proto::format_time(clock_.now());
  after_commit([weak = std::weak_ptr<DesktopLink>(link), event = event.dump()]() mutable {
    if (auto l = weak.lock()) l->send_event(std::move(event));
  });
}

void App::desktop_detached(const core::Principal& agent, const DesktopLink* link) {
  metrics_.desktop_detached();
  if (!hub_.detach(agent.agent_id, link)) return;  // superseded: the newer desktop stays
  if (draining_) return;  // a drain is not the agent leaving: the grace starts after restart
  core::Effects fx;
  engine_.desktop_disconnected(agent, clock_.now(), fx);
  apply(fx);
}

void App::prune_idempotency() {
  if (draining_) return;
  persist(storage::IdempotencyPrune{idempotency_.horizon(clock_.now())});
  prune_timer_.expires_after(std::chrono::hours(1));
  prune_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) prune_idempotency();
  });
}

void App::device_report(const DeviceReport& report) {
  if (!ready_) return;
  core::Effects fx;
  engine_.router().device_state(report.tenant_id, report.dial_number, report.busy, clock_.now(),
                                fx);
  apply(fx);
}

void App::command_failed(const CommandFailure& failure) {
  if (!ready_) return;
  spdlog::warn("telephony: {} failed for {}: {}", core::name_of(failure.command.action),
               failure.command.interaction_id, failure.message);
  core::Effects fx;
  engine_.router().telephony_failed(failure.command, failure.message, clock_.now(), fx);
  apply(fx);
}

void App::drain(std::function<void()> done) {
  prune_timer_.cancel();
  draining_ = true;
  ready_ = false;
  metrics_.set_ready(false);
  const auto reconnect_ms = config_.timeouts.drain_ms.count();
  const auto at = proto::format_time(clock_.now());
  hub_.for_each([&](const std::string&, const std::shared_ptr<DesktopLink>& link) {
    // Behind every pending output: what was acknowledged reaches the desktop first.
    after_commit([weak = std::weak_ptr<DesktopLink>(link), reconnect_ms, at] {
      if (auto l = weak.lock()) {
        const nlohmann::json event = {
            {"type", "going_away"}, {"reconnect_within_ms", reconnect_ms}, {"at", at}};
        l->send_event(event.dump());
        l->close(1001, "server shutting down");
      }
    });
  });
  check_drained(std::move(done), clock_.now() + config_.timeouts.drain_ms);
}

void App::check_drained(std::function<void()> done, core::Time deadline) {
  const bool idle = gate_.waiting() == 0 && hub_.size() == 0 && reports_.in_flight() == 0;
  if (idle || clock_.now() >= deadline || !writer_) {
    reports_.stop();  // reads in flight have answered (or drain_ms passed)
    if (writer_) writer_->flush();
    done();
    return;
  }
  auto timer = std::make_shared<boost::asio::steady_timer>(io_, std::chrono::milliseconds(10));
  timer->async_wait([this, timer, done = std::move(done), deadline](auto) mutable {
    check_drained(std::move(done), deadline);
  });
}

}  // namespace ccr::server
